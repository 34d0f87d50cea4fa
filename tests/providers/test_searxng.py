from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import BlockedError

from .conftest import (
    NAME,
    common_errors,
    error_of,
    fixture,
    fixture_json,
    json_values,
    run_on,
    search,
    shaped,
)


def test_web_results_from_the_json_api(httpserver):
    httpserver.expect_request("/search").respond_with_data(fixture("backbone/searxng.json"),
                                                           content_type="application/json")
    results = search("searxng", httpserver.url_for(""), "web", NAME, max_results=3)
    assert results and all(r.kind == "web" and r.url.startswith("http") for r in results)
    args = httpserver.log[0][0].args
    assert args["format"] == "json" and args["categories"] == "general" and args["q"] == '"Joanna Whitfield"'


def test_news_category_and_dates(httpserver):
    httpserver.expect_request("/search", query_string={"q": '"Joanna Whitfield"', "format": "json",
        "categories": "news", "pageno": "1", "safesearch": "0"}).respond_with_json(fixture_json("searxng/news.json"))
    httpserver.expect_request("/search").respond_with_json({"results": []})
    news = search("searxng", httpserver.url_for(""), "news", NAME)
    assert len(news) == 1
    assert news[0].kind == "news" and news[0].title == "Teacher honoured"
    assert news[0].published == "2025-10-01T09:00:00+00:00"
    assert news[0].thumbnail == "https://www.liverpoolecho.co.uk/t.jpg"


def test_images_category_keeps_thumbnails(httpserver):
    httpserver.expect_request("/search", query_string={"q": '"Joanna Whitfield"', "format": "json",
        "categories": "images", "pageno": "1", "safesearch": "0"}).respond_with_json(fixture_json("searxng/images.json"))
    httpserver.expect_request("/search").respond_with_json({"results": []})
    images = search("searxng", httpserver.url_for(""), "images", NAME)
    assert images[0].kind == "image" and images[0].url == "https://www.staidans.example.sch.uk/gallery"
    assert images[0].thumbnail == "https://tse1.mm.bing.net/th?id=OIP.x"
    assert images[0].published is None


def test_json_format_off_is_blocked_not_empty(httpserver):
    httpserver.expect_request("/search").respond_with_data("Forbidden", status=403)
    exc = error_of("searxng", httpserver.url_for(""), "web")
    assert isinstance(exc, BlockedError) and "search.formats" in exc.message


def test_generic_errors(httpserver):
    common_errors(httpserver, "searxng", "/search", "web", forbidden=BlockedError, keyless=True)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["web", "news", "images"]))
def test_fuzz_bytes(body, kind):
    run_on("searxng", kind, 200, body, "application/json")


@settings(max_examples=60, deadline=None)
@given(data=shaped(["results", "answers", "query"]) | json_values, kind=st.sampled_from(["web", "news", "images"]))
def test_fuzz_json(data, kind):
    run_on("searxng", kind, 200, json.dumps(data).encode(), "application/json")
