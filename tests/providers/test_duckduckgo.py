from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import BlockedError

from .conftest import NAME, common_errors, error_of, fixture, run_on, search


def test_results_unwrapped_ads_skipped_and_next_page_followed(httpserver):
    httpserver.expect_ordered_request("/html/", method="POST").respond_with_data(
        fixture("duckduckgo/results.html"), content_type="text/html; charset=UTF-8")
    httpserver.expect_ordered_request("/html/", method="POST").respond_with_data(
        fixture("duckduckgo/page2.html"), content_type="text/html; charset=UTF-8")
    results = search("duckduckgo", httpserver.url_for(""), "web", NAME)
    assert [r.url for r in results] == [
        "https://www.staidans.example.sch.uk/staff/joanna-whitfield",
        "https://www.liverpoolecho.co.uk/news/charity-run",
        "https://www.facebook.com/joanna.whitfield",
    ]
    assert results[0].title == "Joanna Whitfield - St Aidan's Primary"
    assert results[0].snippet == "Meet our Year 4 teacher, Joanna Whitfield ."
    assert [r.rank for r in results] == [1, 2, 3] and {r.kind for r in results} == {"web"}
    first, second = httpserver.log[0][0], httpserver.log[1][0]
    assert first.form["q"] == '"Joanna Whitfield"' and first.form["kl"] == "uk-en"
    assert second.form["s"] == "10" and second.form["dc"] == "11"


def test_anomaly_page_is_blocked(httpserver):
    httpserver.expect_request("/html/", method="POST").respond_with_data(
        fixture("duckduckgo/anomaly.html"), status=202, content_type="text/html")
    exc = error_of("duckduckgo", httpserver.url_for(""), "web")
    assert isinstance(exc, BlockedError) and "anti-robot" in exc.message


def test_generic_errors(httpserver):
    common_errors(httpserver, "duckduckgo", "/html/", "web", method="POST", forbidden=BlockedError, keyless=True)


def test_json_where_a_page_was_due_is_malformed(httpserver):
    from repwatch.errors import MalformedResponse

    httpserver.expect_request("/html/", method="POST").respond_with_json({"results": []})
    assert isinstance(error_of("duckduckgo", httpserver.url_for(""), "web"), MalformedResponse)


@settings(max_examples=50, deadline=None)
@given(body=st.binary(max_size=400) | st.text(max_size=300).map(lambda t: f"<div class='result'>{t}</div>".encode()),
       status=st.sampled_from([200, 202]))
def test_fuzz_bytes(body, status):
    run_on("duckduckgo", "web", status, body, "text/html")


def test_a_page_with_nothing_new_ends_the_paging(httpserver):
    """A server that answers every request with the same page (next button and all) used to be asked
    five times per search at 0.5 calls/s; the second page brings nothing new, so paging stops there."""
    httpserver.expect_request("/html/", method="POST").respond_with_data(
        fixture("duckduckgo/results.html"), content_type="text/html; charset=UTF-8")
    results = search("duckduckgo", httpserver.url_for(""), "web", NAME)
    assert len(results) == 2
    assert len(httpserver.log) == 2
