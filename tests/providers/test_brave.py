from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import AuthError, QuotaExceeded, RateLimited

from .conftest import NAME, common_errors, error_of, fixture_json, json_values, run_on, search, shaped

KEY = "BSAsecretKEY123"


def test_web_results_parsed_with_key_header(httpserver):
    httpserver.expect_request("/res/v1/web/search").respond_with_json(fixture_json("brave/web.json"))
    results = search("brave", httpserver.url_for(""), "web", api_key=KEY)
    assert [r.url for r in results] == [
        "https://www.staidans.example.sch.uk/staff/joanna-whitfield",
        "https://www.liverpoolecho.co.uk/news/teachers-award-123",
    ]
    first = results[0]
    assert first.title == "Joanna Whitfield - Year 4 Teacher - St Aidan's Primary"
    assert first.snippet == "Meet Joanna Whitfield , our Year 4 class teacher in Liverpool."
    assert first.published == "2025-09-01T08:30:00+00:00"
    assert (first.kind, first.provider, first.rank, first.platform) == ("web", "brave", 1, "")
    assert first.query == '"Joanna Whitfield" Liverpool'
    assert results[1].thumbnail == "https://imgs.search.brave.com/thumb1.jpg"
    request = httpserver.log[0][0]
    assert request.headers["X-Subscription-Token"] == KEY
    assert request.args["q"] == '"Joanna Whitfield" Liverpool'
    assert request.args["count"] == "20" and request.args["offset"] == "0"


def test_news_and_images(httpserver):
    httpserver.expect_request("/res/v1/news/search").respond_with_json(fixture_json("brave/news.json"))
    httpserver.expect_request("/res/v1/images/search").respond_with_json(fixture_json("brave/images.json"))
    news = search("brave", httpserver.url_for(""), "news", NAME, api_key=KEY)
    assert news[0].kind == "news"
    assert news[0].title == "School celebrates Ofsted result"
    assert news[0].published == "2025-10-20T07:15:00+00:00"
    assert news[0].source == "www.bbc.co.uk"
    images = search("brave", httpserver.url_for(""), "images", NAME, api_key=KEY)
    assert images[0].kind == "image"
    assert images[0].url == "https://www.staidans.example.sch.uk/gallery/fair"
    assert images[0].thumbnail == "https://imgs.search.brave.com/img1.jpg"
    assert images[0].image_url == "https://www.staidans.example.sch.uk/media/fair.jpg"
    assert images[0].published == "2025-07-12T10:00:00+00:00"


def test_pages_up_to_max_results(httpserver):
    def page(n):
        return {"query": {"more_results_available": True}, "web": {"results": [
            {"title": f"r{n}-{i}", "url": f"https://example.org/{n}/{i}"} for i in range(20)]}}

    httpserver.expect_ordered_request("/res/v1/web/search", query_string={"q": '"Joanna Whitfield"', "count": "20",
        "country": "gb", "search_lang": "en", "safesearch": "off", "offset": "0"}).respond_with_json(page(0))
    httpserver.expect_ordered_request("/res/v1/web/search").respond_with_json(page(1))
    results = search("brave", httpserver.url_for(""), "web", NAME, api_key=KEY, max_results=30)
    assert len(results) == 30
    assert [r.rank for r in results] == list(range(1, 31))
    assert httpserver.log[1][0].args["offset"] == "1"


def test_brave_error_codes(httpserver):
    url = httpserver.url_for("")
    body = {"type": "ErrorResponse", "error": {"id": "e1", "status": 422, "code": "SUBSCRIPTION_TOKEN_INVALID",
                                               "detail": "The provided subscription token is invalid."}}
    httpserver.expect_request("/res/v1/web/search").respond_with_json(body, status=422)
    exc = error_of("brave", url, "web", api_key=KEY)
    assert isinstance(exc, AuthError) and "SUBSCRIPTION_TOKEN_INVALID" in exc.message and KEY not in exc.message
    httpserver.clear()
    quota = {"type": "ErrorResponse", "error": {"id": "e2", "status": 429, "code": "QUOTA_LIMITED",
                                                "detail": "Request rate limit exceeded for plan."}}
    httpserver.expect_request("/res/v1/web/search").respond_with_json(quota, status=429)
    assert isinstance(error_of("brave", url, "web", api_key=KEY), QuotaExceeded)
    httpserver.clear()
    rate = {"type": "ErrorResponse", "error": {"status": 429, "code": "RATE_LIMITED"}}
    httpserver.expect_request("/res/v1/web/search").respond_with_json(
        rate, status=429, headers={"X-RateLimit-Reset": "1, 2419200"})
    exc = error_of("brave", url, "web", api_key=KEY)
    assert isinstance(exc, RateLimited) and exc.retry_after == 1.0


def test_generic_errors(httpserver):
    common_errors(httpserver, "brave", "/res/v1/web/search", "web", api_key=KEY, secret=KEY)


def test_missing_key_is_a_setup_problem():
    import httpx

    from .conftest import provider

    problem = provider("brave", httpx.AsyncClient()).setup_problem()
    assert problem.startswith("Brave Search needs api_key in [providers.brave]")


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["web", "news", "images"]))
def test_fuzz_bytes(body, kind):
    run_on("brave", kind, 200, body, "application/json", api_key=KEY)


@settings(max_examples=60, deadline=None)
@given(data=shaped(["web", "results", "query", "type"]) | json_values, kind=st.sampled_from(["web", "news", "images"]),
       status=st.sampled_from([200, 200, 422, 429]))
def test_fuzz_json(data, kind, status):
    if kind == "web" and isinstance(data, dict) and isinstance(data.get("results"), list):
        data = {"web": data}
    run_on("brave", kind, status, json.dumps(data).encode(), "application/json", api_key=KEY)

