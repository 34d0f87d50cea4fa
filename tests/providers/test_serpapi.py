from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import AuthError, ProviderError, QuotaExceeded

from .conftest import NAME, common_errors, error_of, fixture_json, json_values, run_on, search, shaped

KEY = "f00dfeedsecretserpapikey"


def test_web_results_with_key_parameter(httpserver):
    httpserver.expect_request("/search").respond_with_json(fixture_json("serpapi/web.json"))
    results = search("serpapi", httpserver.url_for(""), "web", api_key=KEY)
    assert [r.url for r in results] == ["https://x.com/MsWhitfieldTeach",
                                        "https://www.staidans.example.sch.uk/governors.pdf"]
    assert results[0].title == "Joanna Whitfield (@MsWhitfieldTeach) / X"
    assert results[0].published == "2025-06-02T00:00:00+00:00"
    assert results[0].kind == "web" and results[0].rank == 1
    args = httpserver.log[0][0].args
    assert args["api_key"] == KEY and args["engine"] == "google" and "tbm" not in args
    assert args["q"] == '"Joanna Whitfield" Liverpool' and args["gl"] == "uk"


def test_news_and_images_engines(httpserver):
    httpserver.expect_request("/search", query_string={"q": '"Joanna Whitfield"', "hl": "en", "gl": "uk",
        "engine": "google", "google_domain": "google.co.uk", "start": "0", "tbm": "nws", "api_key": KEY}
    ).respond_with_json(fixture_json("serpapi/news.json"))
    httpserver.expect_request("/search", query_string={"q": '"Joanna Whitfield"', "hl": "en", "gl": "uk",
        "engine": "google_images", "ijn": "0", "api_key": KEY}).respond_with_json(fixture_json("serpapi/images.json"))
    news = search("serpapi", httpserver.url_for(""), "news", NAME, api_key=KEY)
    assert news[0].url == "https://www.bbc.co.uk/news/articles/c0abc"
    assert news[0].source == "BBC" and news[0].kind == "news"
    assert news[0].thumbnail == "https://serpapi.com/searches/6721f0c1/images/n1.jpeg"
    images = search("serpapi", httpserver.url_for(""), "images", NAME, api_key=KEY)
    assert images[0].kind == "image" and images[0].url == "https://www.staidans.example.sch.uk/news/sports-day"
    assert images[0].thumbnail == "https://serpapi.com/searches/6721f0c1/images/i1.jpeg"


def test_no_results_is_empty_not_an_error(httpserver):
    httpserver.expect_request("/search").respond_with_json(
        {"search_metadata": {"status": "Success"}, "search_information": {"organic_results_state": "Fully empty"},
         "error": "Google hasn't returned any results for this query."})
    assert search("serpapi", httpserver.url_for(""), "web", api_key=KEY) == []


def test_serpapi_errors_never_show_the_key(httpserver):
    url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search").respond_with_json({"error": "Your account has run out of searches."},
                                                           status=429)
    exc = error_of("serpapi", url, "web", api_key=KEY)
    assert isinstance(exc, QuotaExceeded) and KEY not in str(exc) and "api_key" not in str(exc)
    assert exc.url == f"{url}/search"
    httpserver.clear()
    httpserver.expect_request("/search").respond_with_json(
        {"error": "Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key"}, status=401)
    exc = error_of("serpapi", url, "web", api_key=KEY)
    assert isinstance(exc, AuthError) and KEY not in str(exc)
    httpserver.clear()
    httpserver.expect_request("/search").respond_with_json({"error": f"Unsupported value {KEY} for `tbs`."})
    exc = error_of("serpapi", url, "web", api_key=KEY)
    assert type(exc) is ProviderError and KEY not in str(exc) and "***" in str(exc)


def test_generic_errors(httpserver):
    common_errors(httpserver, "serpapi", "/search", "web", api_key=KEY, secret=KEY)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["web", "news", "images"]))
def test_fuzz_bytes(body, kind):
    run_on("serpapi", kind, 200, body, "application/json", api_key=KEY)


@settings(max_examples=60, deadline=None)
@given(data=shaped(["organic_results", "news_results", "images_results", "error", "serpapi_pagination"])
       | json_values, kind=st.sampled_from(["web", "news", "images"]), status=st.sampled_from([200, 200, 429]))
def test_fuzz_json(data, kind, status):
    run_on("serpapi", kind, status, json.dumps(data).encode(), "application/json", api_key=KEY)
