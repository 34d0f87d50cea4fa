from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import BlockedError, MalformedResponse

from .conftest import NAME, common_errors, error_of, fixture, run_on, search

RSS = "application/rss+xml; charset=utf-8"


def test_feed_items_parsed_with_their_source_site(httpserver):
    httpserver.expect_request("/rss/search").respond_with_data(fixture("google_news/search.xml"), content_type=RSS)
    results = search("google_news", httpserver.url_for(""), "news", NAME)
    assert [r.title for r in results] == ["Liverpool teacher Joanna Whitfield runs 10k for charity",
                                         "St Aidan's Primary rated Good by Ofsted"]
    first = results[0]
    assert first.url == "https://news.google.com/rss/articles/CBMiogFBVV95cUxPX2FiYw?oc=5"
    assert first.source == "Liverpool Echo"
    assert first.source_url == "https://www.liverpoolecho.co.uk"
    assert first.published == "2025-10-28T07:00:00+00:00"
    assert first.kind == "news" and first.provider == "google_news" and first.snippet == ""
    assert results[1].source == "BBC" and results[1].source_url == "https://www.bbc.co.uk"
    args = httpserver.log[0][0].args
    assert dict(args) == {"q": '"Joanna Whitfield"', "hl": "en-GB", "gl": "GB", "ceid": "GB:en"}


def test_max_results_caps_the_feed(httpserver):
    httpserver.expect_request("/rss/search").respond_with_data(fixture("google_news/search.xml"), content_type=RSS)
    assert len(search("google_news", httpserver.url_for(""), "news", NAME, max_results=1)) == 1


def test_empty_feed_is_no_news(httpserver):
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    httpserver.expect_request("/rss/search").respond_with_data(empty, content_type=RSS)
    assert search("google_news", httpserver.url_for(""), "news", NAME) == []


def test_unusual_traffic_page_is_blocked_and_garbage_malformed(httpserver):
    httpserver.expect_request("/rss/search").respond_with_data(
        "<html><body>Our systems have detected unusual traffic</body></html>", content_type="text/html")
    assert isinstance(error_of("google_news", httpserver.url_for(""), "news", NAME), BlockedError)
    httpserver.clear()
    httpserver.expect_request("/rss/search").respond_with_data(b"\x00\xffnot a feed", content_type=RSS)
    assert isinstance(error_of("google_news", httpserver.url_for(""), "news", NAME), MalformedResponse)


def test_generic_errors(httpserver):
    common_errors(httpserver, "google_news", "/rss/search", "news", query=NAME, forbidden=BlockedError, keyless=True)


@settings(max_examples=50, deadline=None)
@given(body=st.binary(max_size=400)
       | st.text(max_size=200).map(lambda t: f"<rss version='2.0'><channel><item>{t}</item></channel></rss>".encode())
       | st.tuples(st.text(max_size=40), st.text(max_size=40)).map(
           lambda p: f"<rss version='2.0'><channel><item><title>{p[0]}</title><link>https://x.org/{p[1]}</link>"
                     f"<source url='{p[1]}'>{p[0]}</source><pubDate>{p[1]}</pubDate></item></channel></rss>".encode()))
def test_fuzz_bytes(body):
    run_on("google_news", "news", 200, body, RSS, NAME)
