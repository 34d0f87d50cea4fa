from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import AuthError, QuotaExceeded

from .conftest import NAME, common_errors, error_of, fixture_json, json_values, run_on, search, shaped

KEY = "serper-secret-0123456789"


def test_web_results_posted_with_key_header(httpserver):
    httpserver.expect_request("/search", method="POST").respond_with_json(fixture_json("serper/search.json"))
    results = search("serper", httpserver.url_for(""), "web", api_key=KEY)
    assert [r.url for r in results] == ["https://uk.linkedin.com/in/joanna-whitfield-123",
                                        "https://www.staidans.example.sch.uk/staff"]
    assert results[0].title == "Joanna Whitfield - Teacher - St Aidan's Primary School | LinkedIn"
    assert results[0].published == "2024-03-04T00:00:00+00:00"
    assert results[1].published is None
    assert {r.kind for r in results} == {"web"}
    request = httpserver.log[0][0]
    assert request.headers["X-API-KEY"] == KEY
    assert json.loads(request.data) == {"q": '"Joanna Whitfield" Liverpool', "gl": "gb", "hl": "en", "num": 10}


def test_news_and_images(httpserver):
    httpserver.expect_request("/news", method="POST").respond_with_json(fixture_json("serper/news.json"))
    httpserver.expect_request("/images", method="POST").respond_with_json(fixture_json("serper/images.json"))
    news = search("serper", httpserver.url_for(""), "news", NAME, api_key=KEY)
    assert news[0].kind == "news" and news[0].source == "Liverpool Echo"
    assert news[0].title == "Merseyside teacher praised after charity run"
    assert news[0].published is not None and news[0].published.endswith("+00:00")  # "2 hours ago", made absolute
    images = search("serper", httpserver.url_for(""), "images", NAME, api_key=KEY)
    assert images[0].kind == "image"
    assert images[0].url == "https://www.staidans.example.sch.uk/staff"
    assert images[0].thumbnail == "https://encrypted-tbn0.gstatic.com/images?q=tbn:xyz"
    assert images[0].image_url == "https://www.staidans.example.sch.uk/media/jw.jpg"


def test_pages_up_to_max_results(httpserver):
    def page(n):
        return {"organic": [{"title": f"t{n}{i}", "link": f"https://example.org/{n}/{i}"} for i in range(10)]}

    httpserver.expect_ordered_request("/search", method="POST").respond_with_json(page(1))
    httpserver.expect_ordered_request("/search", method="POST").respond_with_json(page(2))
    results = search("serper", httpserver.url_for(""), "web", NAME, api_key=KEY, max_results=15)
    assert len(results) == 15
    assert json.loads(httpserver.log[1][0].data)["page"] == 2


def test_serper_specific_errors(httpserver):
    url = httpserver.url_for("")
    httpserver.expect_request("/search", method="POST").respond_with_json(
        {"message": "Not enough credits", "statusCode": 400}, status=400)
    assert isinstance(error_of("serper", url, "web", api_key=KEY), QuotaExceeded)
    httpserver.clear()
    httpserver.expect_request("/search", method="POST").respond_with_json(
        {"message": "Unauthorized.", "statusCode": 403}, status=403)
    exc = error_of("serper", url, "web", api_key=KEY)
    assert isinstance(exc, AuthError) and KEY not in exc.message


def test_generic_errors(httpserver):
    common_errors(httpserver, "serper", "/search", "web", method="POST", api_key=KEY, secret=KEY)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["web", "news", "images"]))
def test_fuzz_bytes(body, kind):
    run_on("serper", kind, 200, body, "application/json", api_key=KEY)


@settings(max_examples=60, deadline=None)
@given(data=shaped(["organic", "news", "images", "message"]) | json_values,
       kind=st.sampled_from(["web", "news", "images"]), status=st.sampled_from([200, 200, 400]))
def test_fuzz_json(data, kind, status):
    run_on("serper", kind, status, json.dumps(data).encode(), "application/json", api_key=KEY)
