from __future__ import annotations

import json

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.errors import AuthError, BlockedError, RateLimited
from repwatch.models import Query

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

LOGIN = {"identifier": "jo.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}
POSTS = "/xrpc/app.bsky.feed.searchPosts"
ACTORS = "/xrpc/app.bsky.actor.searchActors"
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"


def test_accounts_keyless_become_profile_urls(httpserver):
    httpserver.expect_request(ACTORS).respond_with_json(fixture_json("bluesky/searchActors.json"))
    httpserver.expect_request(ACTORS, query_string={"q": "Joanna Whitfield", "limit": "20", "cursor": "2"}
                              ).respond_with_json({"actors": []})
    results = search("bluesky", httpserver.url_for(""), "accounts", NAME)
    assert [r.url for r in results] == ["https://bsky.app/profile/jowhitfield.bsky.social",
                                        "https://bsky.app/profile/did:plc:zzz999"]
    first = results[0]
    assert first.title == "Jo Whitfield (@jowhitfield.bsky.social)"
    assert (first.kind, first.platform) == ("account", "bluesky")
    assert first.snippet == "Primary teacher, Liverpool."
    assert first.thumbnail.startswith("https://cdn.bsky.app/img/avatar/")
    assert first.published == "2024-11-20T18:22:31.123000+00:00"
    request = httpserver.log[0][0]
    assert request.args["q"] == "Joanna Whitfield" and "Authorization" not in request.headers


def test_posts_login_once_then_bearer(httpserver):
    httpserver.expect_request(CREATE, method="POST").respond_with_json(fixture_json("bluesky/session.json"))
    httpserver.expect_request(POSTS).respond_with_json(fixture_json("bluesky/searchPosts.json"))

    async def go():
        async with httpx.AsyncClient() as client:
            p = provider("bluesky", client, base_url=httpserver.url_for(""), **LOGIN)
            first = await p.search(NAME, "posts")
            second = await p.search(Query("Jo Whitfield"), "posts")
            return first, second

    import asyncio

    first, second = asyncio.run(go())
    post = first[0]
    assert post.url == "https://bsky.app/profile/parent.bsky.social/post/3lbxyzabc2k2a"
    assert (post.kind, post.platform) == ("post", "bluesky")
    assert post.snippet == "Ms Whitfield at St Aidan's is brilliant with the kids"
    assert post.published == "2025-10-28T16:04:12.345000+00:00"
    assert post.source == "@parent.bsky.social"
    assert post.thumbnail == "https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:def456/bafk@jpeg"
    assert len(second) == 1
    paths = [req.path for req, _ in httpserver.log]
    assert paths == [CREATE, POSTS, POSTS]  # one login for the whole run
    assert json.loads(httpserver.log[0][0].data) == {"identifier": "jo.bsky.social", "password": "abcd-efgh-ijkl-mnop"}
    assert httpserver.log[1][0].headers["Authorization"] == "Bearer ACCESS-1"
    assert httpserver.log[1][0].args["q"] == '"Joanna Whitfield"'


def test_expired_session_is_refreshed(httpserver):
    httpserver.expect_ordered_request(CREATE, method="POST").respond_with_json(fixture_json("bluesky/session.json"))
    httpserver.expect_ordered_request(POSTS).respond_with_json(
        {"error": "ExpiredToken", "message": "Token has expired"}, status=400)
    httpserver.expect_ordered_request(REFRESH, method="POST").respond_with_json(
        {"accessJwt": "ACCESS-2", "refreshJwt": "REFRESH-2", "handle": "jo.bsky.social", "did": "did:plc:me0001"})
    httpserver.expect_ordered_request(POSTS).respond_with_json(fixture_json("bluesky/searchPosts.json"))
    results = search("bluesky", httpserver.url_for(""), "posts", NAME, **LOGIN)
    assert len(results) == 1
    assert httpserver.log[2][0].headers["Authorization"] == "Bearer REFRESH-1"
    assert httpserver.log[3][0].headers["Authorization"] == "Bearer ACCESS-2"


def test_bad_login_is_auth_error_without_the_password(httpserver):
    httpserver.expect_request(CREATE, method="POST").respond_with_json(
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, status=401)
    exc = error_of("bluesky", httpserver.url_for(""), "posts", NAME, **LOGIN)
    assert isinstance(exc, AuthError) and LOGIN["app_password"] not in str(exc)
    assert "identifier and app_password" in exc.message


def test_rate_limit_reset_is_a_unix_time(httpserver):
    import time

    httpserver.expect_request(ACTORS).respond_with_json(
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, status=429,
        headers={"RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(int(time.time()) + 60)})
    exc = error_of("bluesky", httpserver.url_for(""), "accounts", NAME)
    assert isinstance(exc, RateLimited) and 55 <= exc.retry_after <= 61


def test_posts_skipped_with_a_sentence_when_no_login():
    p = provider("bluesky", httpx.AsyncClient())
    assert p.skipped_kinds() == {"posts": (
        "bluesky post search is skipped: it needs a login; set identifier and app_password in "
        "[providers.bluesky] (make an app password at https://bsky.app/settings/app-passwords).")}
    assert provider("bluesky", httpx.AsyncClient(), **LOGIN).skipped_kinds() == {}


def test_generic_errors(httpserver):
    common_errors(httpserver, "bluesky", ACTORS, "accounts", query=NAME, forbidden=BlockedError, keyless=True)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), kind=st.sampled_from(["accounts", "posts"]))
def test_fuzz_bytes(body, kind):
    run_on("bluesky", kind, 200, body, "application/json", NAME, **LOGIN)


@settings(max_examples=80, deadline=None)
@given(data=shaped(["actors", "posts", "cursor", "error"]) | json_values, kind=st.sampled_from(["accounts", "posts"]),
       status=st.sampled_from([200, 200, 400, 401]))
def test_fuzz_json(data, kind, status):
    run_on("bluesky", kind, status, json.dumps(data).encode(), "application/json", NAME, **LOGIN)
