"""Helpers for provider tests: build a provider against a loopback server, run one search, fuzz it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import strategies as st

from repwatch.adapters.http import open_client
from repwatch.adapters.providers import registry
from repwatch.config import BlueskySettings, KeyedSettings, MastodonSettings, ProviderSettings
from repwatch.errors import (
    AuthError,
    BlockedError,
    MalformedResponse,
    NetworkUnreachable,
    ProviderError,
    RateLimited,
    TransientError,
)
from repwatch.models import Query

FIXTURES = Path(__file__).parent.parent / "fixtures"
SETTINGS = {"brave": KeyedSettings, "serper": KeyedSettings, "serpapi": KeyedSettings,
            "bluesky": BlueskySettings, "mastodon": MastodonSettings}
QUERY = Query("Joanna Whitfield", "Liverpool")
NAME = Query("Joanna Whitfield")


def fixture(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


def fixture_json(path: str) -> Any:
    return json.loads(fixture(path))


def provider(name: str, client: httpx.AsyncClient, **settings: Any) -> Any:
    cls = registry()[name]
    return cls(SETTINGS.get(name, ProviderSettings)(**settings), client)


def search(name: str, base_url: str, kind: str, query: Query = QUERY, **settings: Any) -> list[Any]:
    """One search through provider ``name`` pointed at ``base_url``."""

    async def go() -> list[Any]:
        async with open_client() as client:  # the client a sweep uses: its transport, headers and limits
            return await provider(name, client, base_url=base_url, **settings).search(query, kind)

    return asyncio.run(go())


def error_of(name: str, base_url: str, kind: str, query: Query = QUERY, **settings: Any) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        search(name, base_url, kind, query, **settings)
    return info.value


def common_errors(httpserver: Any, name: str, path: str, kind: str, method: str = "GET",
                  query: Query = QUERY, forbidden: type[ProviderError] = AuthError,
                  secret: str | None = None, keyless: bool = False, **settings: Any) -> None:
    """Serve each generic failure on ``path`` and check it is classified, and that no secret leaks.

    ``keyless``: the call sends no key or login, so a 401 or 403 means the site turned repwatch
    away (BlockedError) and no message may speak of a rejected key.
    """
    url = httpserver.url_for("/").rstrip("/")
    refused = BlockedError if keyless else AuthError
    cases: list[tuple[dict[str, Any], type[ProviderError]]] = [
        ({"status": 401, "response_data": '{"error": "unauthorized"}', "content_type": "application/json"}, refused),
        ({"status": 403, "response_data": "Forbidden"}, forbidden),
        ({"status": 429, "response_data": "slow down", "headers": {"Retry-After": "7"}}, RateLimited),
        ({"status": 503, "response_data": "<html>busy</html>", "content_type": "text/html"}, TransientError),
    ]
    if name != "duckduckgo":  # a web page is DuckDuckGo's normal answer; elsewhere it means blocked
        cases.append(({"status": 200, "response_data": "<!DOCTYPE html><html><body>Sign in</body></html>",
                       "content_type": "text/html"}, BlockedError))
    if name not in ("duckduckgo", "google_news"):  # HTML / XML answers: covered in their own tests
        cases.append(({"status": 200, "response_data": '{"results": [', "content_type": "application/json"},
                      MalformedResponse))
    for response, expected in cases:
        httpserver.clear()
        httpserver.expect_request(path, method=method).respond_with_data(**response)
        exc = error_of(name, url, kind, query, **settings)
        assert isinstance(exc, expected), (response, exc)
        assert exc.provider == name
        assert exc.message.endswith(".")
        if keyless:
            assert "rejected the key" not in exc.message, exc.message
        if secret:
            assert secret not in str(exc)
        if expected is RateLimited:
            assert exc.retry_after == 7  # type: ignore[attr-defined]
    # nothing listening: NetworkUnreachable; too slow: TransientError
    exc = error_of(name, "http://127.0.0.1:9", kind, query, **settings)
    assert isinstance(exc, NetworkUnreachable)
    httpserver.clear()

    def slow(_request: Any) -> Any:
        import time

        from werkzeug import Response

        time.sleep(0.4)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(path, method=method).respond_with_handler(slow)
    exc = error_of(name, url, kind, query, timeout_s=0.2, **settings)
    assert isinstance(exc, TransientError) and "did not answer within 0.2 s" in exc.message
    import time

    time.sleep(0.3)  # let the one-threaded server finish the slow answer before the next test
    httpserver.clear()


# --- fuzzing: any answer gives results or a ProviderError -----------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


def shaped(keys: list[str]) -> st.SearchStrategy[Any]:
    """JSON that looks like the provider's answer: its own keys, holding anything."""
    item = st.dictionaries(
        st.sampled_from(["title", "url", "link", "description", "snippet", "date", "page_age", "thumbnail",
                         "uri", "author", "record", "handle", "did", "displayName", "acct", "content",
                         "created_at", "createdAt", "source", "imageUrl", "properties", "meta_url", "original"]),
        json_values | st.just("https://example.org/a") | st.just("at://did:plc:x/app.bsky.feed.post/1"),
        max_size=8,
    )
    return st.dictionaries(st.sampled_from(keys), st.lists(item, max_size=4) | json_values, max_size=4)


def run_on(name: str, kind: str, status: int, body: bytes, ctype: str, query: Query = QUERY,
           **settings: Any) -> None:
    """Search with every request answered by ``body``; only results or ProviderError may come out."""
    session = fixture("bluesky/session.json")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("createSession"):
            return httpx.Response(200, content=session, headers={"content-type": "application/json"})
        return httpx.Response(status, content=body, headers={"content-type": ctype})

    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            p = provider(name, client, base_url="http://127.0.0.1:1", **settings)
            try:
                results = await p.search(query, kind)
            except ProviderError:
                return
            assert isinstance(results, list)
            for r in results:
                assert r.url.startswith(("http://", "https://"))
                assert isinstance(r.title, str) and isinstance(r.snippet, str)

    asyncio.run(go())


@pytest.fixture(autouse=True)
def _fresh_server(request: pytest.FixtureRequest) -> None:
    """Each test starts with an empty request log and no leftover expectations."""
    if "httpserver" in request.fixturenames:
        request.getfixturevalue("httpserver").clear()
