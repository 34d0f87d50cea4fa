from __future__ import annotations

import json

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import AuthError, RateLimited

from .conftest import (
    NAME,
    common_errors,
    error_of,
    fixture_json,
    json_values,
    provider,
    run_on,
    search,
    shaped,
)

TOKEN = "mastodon-secret-token-xyz"


def test_accounts_keyless_one_page(httpserver):
    httpserver.expect_request("/api/v2/search").respond_with_json(fixture_json("mastodon/accounts.json"))
    results = search("mastodon", httpserver.url_for(""), "accounts", NAME)
    assert [r.url for r in results] == ["https://mastodon.online/@jwhitfield"]
    account = results[0]
    assert account.title == "Jo Whitfield (@jwhitfield@mastodon.online)"
    assert account.snippet == "Teacher & runner. Liverpool."
    assert (account.kind, account.platform) == ("account", "mastodon")
    assert account.published == "2022-11-07T00:00:00+00:00"
    request = httpserver.log[0][0]
    assert dict(request.args) == {"q": "Joanna Whitfield", "type": "accounts", "limit": "20"}
    assert "Authorization" not in request.headers


def test_statuses_with_bearer_token(httpserver):
    httpserver.expect_request("/api/v2/search").respond_with_json(fixture_json("mastodon/statuses.json"))
    results = search("mastodon", httpserver.url_for(""), "posts", NAME, access_token=TOKEN)
    post = results[0]
    assert post.url == "https://mastodon.online/@jwhitfield/1133"
    assert post.snippet == "Proud of my Year 4s today! # teaching"
    assert (post.kind, post.platform) == ("post", "mastodon")
    assert post.published == "2025-10-29T12:00:00+00:00"
    assert post.thumbnail == "https://files.mastodon.online/media/s.jpg"
    request = httpserver.log[0][0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.args["type"] == "statuses" and request.args["q"] == '"Joanna Whitfield"'


def test_posts_skipped_without_token():
    p = provider("mastodon", httpx.AsyncClient())
    assert list(p.skipped_kinds()) == ["posts"]
    assert "access_token" in p.skipped_kinds()["posts"]
    assert provider("mastodon", httpx.AsyncClient(), access_token=TOKEN).skipped_kinds() == {}


def test_bad_token_and_iso_rate_limit_reset(httpserver):
    httpserver.expect_request("/api/v2/search").respond_with_json({"error": "The access token is invalid"},
                                                                   status=401)
    exc = error_of("mastodon", httpserver.url_for(""), "posts", NAME, access_token=TOKEN)
    assert isinstance(exc, AuthError) and TOKEN not in str(exc)
    httpserver.clear()
    from datetime import UTC, datetime, timedelta

    reset = (datetime.now(UTC) + timedelta(seconds=30)).isoformat().replace("+00:00", "Z")
    httpserver.expect_request("/api/v2/search").respond_with_json(
        {"error": "Too many requests"}, status=429, headers={"X-RateLimit-Reset": reset})
    exc = error_of("mastodon", httpserver.url_for(""), "accounts", NAME)
    assert isinstance(exc, RateLimited) and 25 <= exc.retry_after <= 31


def test_generic_errors(httpserver):
    common_errors(httpserver, "mastodon", "/api/v2/search", "accounts", query=NAME)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["accounts", "posts"]))
def test_fuzz_bytes(body, kind):
    run_on("mastodon", kind, 200, body, "application/json", NAME, access_token=TOKEN)


@settings(max_examples=60, deadline=None)
@given(data=shaped(["accounts", "statuses", "hashtags"]) | json_values, kind=st.sampled_from(["accounts", "posts"]))
def test_fuzz_json(data, kind):
    run_on("mastodon", kind, 200, json.dumps(data).encode(), "application/json", NAME, access_token=TOKEN)
