"""Hostile provider answers (issue 15, items 3, 4, 9 and 13): the transport every provider shares."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import tracemalloc

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from repwatch.errors import AuthError, BlockedError, MalformedResponse, TransientError

from .conftest import NAME, error_of, fixture, fixture_json, search

KEY = "BSAsecretKEY123"


# --- item 3: nested gzip ---------------------------------------------------------------------------
def test_gzip_inside_gzip_is_capped_while_decoding(httpserver):
    """5 KB on the wire that would decode to 200 MB: the cap counts decoded bytes as it decodes."""
    inner = gzip.compress(b" " * 200_000_000, compresslevel=9)
    body = gzip.compress(inner, compresslevel=9)
    assert len(body) < 50_000
    httpserver.expect_request("/search").respond_with_data(
        body, headers={"Content-Encoding": "gzip, gzip"}, content_type="application/json")
    tracemalloc.start()
    try:
        exc = error_of("searxng", httpserver.url_for("").rstrip("/"), "web")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(exc, MalformedResponse)
    assert "larger than 5 MB" in exc.message
    assert peak < 40_000_000, f"decoding used {peak:,} bytes"


def test_ordinary_gzip_and_deflate_answers_still_read(httpserver):
    import zlib

    answer = fixture("backbone/searxng.json")
    httpserver.expect_ordered_request("/search").respond_with_data(
        gzip.compress(answer), headers={"Content-Encoding": "gzip"}, content_type="application/json")
    httpserver.expect_ordered_request("/search").respond_with_data(
        zlib.compress(answer), headers={"Content-Encoding": "deflate"}, content_type="application/json")
    base = httpserver.url_for("").rstrip("/")
    first = search("searxng", base, "web", max_results=1)
    second = search("searxng", base, "web", max_results=1)
    assert first and [r.url for r in first] == [r.url for r in second]


# --- item 4: secrets and cross-origin redirects ------------------------------------------------------
@pytest.fixture
def elsewhere():
    """A second loopback server: another origin (another port), as an attacker's site would be."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    server.expect_request("/steal").respond_with_json(
        {"web": {"results": [{"url": "https://attacker.example/planted", "title": "planted"}]},
         "organic": [{"link": "https://attacker.example/planted", "title": "planted"}],
         "accessJwt": "a", "refreshJwt": "r", "handle": "x", "did": "did:plc:x"})
    yield server
    server.clear()
    server.stop()


def _redirect_to(target: str, status: int = 307):  # type: ignore[no-untyped-def]
    return lambda _request: Response("", status=status, headers={"Location": target})


def _nothing_reached(server: HTTPServer, *secrets: str) -> None:
    for request, _ in server.log:
        seen = json.dumps(dict(request.headers)) + request.get_data(as_text=True) + request.url
        for secret in secrets:
            assert secret not in seen, f"{secret!r} went to {request.url}"
    assert not server.log, "the other site was contacted"


@pytest.mark.parametrize("status", [302, 307, 308])
def test_brave_key_never_follows_a_redirect_to_another_site(httpserver, elsewhere, status):
    httpserver.expect_request("/res/v1/web/search").respond_with_handler(
        _redirect_to(elsewhere.url_for("/steal"), status))
    exc = error_of("brave", httpserver.url_for("").rstrip("/"), "web", NAME, api_key=KEY)
    assert isinstance(exc, BlockedError) and "another site" in exc.message
    assert KEY not in exc.message
    _nothing_reached(elsewhere, KEY)


def test_serper_key_and_body_never_follow_a_307(httpserver, elsewhere):
    httpserver.expect_request("/search", method="POST").respond_with_handler(
        _redirect_to(elsewhere.url_for("/steal")))
    exc = error_of("serper", httpserver.url_for("").rstrip("/"), "web", NAME, api_key=KEY)
    assert isinstance(exc, BlockedError)
    _nothing_reached(elsewhere, KEY)


def test_bluesky_password_never_follows_a_307(httpserver, elsewhere):
    httpserver.expect_request("/xrpc/com.atproto.server.createSession", method="POST").respond_with_handler(
        _redirect_to(elsewhere.url_for("/steal")))
    exc = error_of("bluesky", httpserver.url_for("").rstrip("/"), "posts", NAME,
                   identifier="jo.bsky.social", app_password="abcd-efgh-ijkl-mnop")
    assert isinstance(exc, BlockedError)
    _nothing_reached(elsewhere, "abcd-efgh-ijkl-mnop")


def test_a_redirect_on_the_same_site_is_still_followed_with_the_key(httpserver):
    httpserver.expect_request("/res/v1/web/search").respond_with_handler(
        _redirect_to(httpserver.url_for("/v2/web"), 301))
    httpserver.expect_request("/v2/web").respond_with_json(fixture_json("brave/web.json"))
    results = search("brave", httpserver.url_for("").rstrip("/"), "web", NAME, api_key=KEY)
    assert results
    assert httpserver.log[-1][0].headers["X-Subscription-Token"] == KEY


# --- item 9: an overall deadline per request ----------------------------------------------------------
class DripServer:
    """Sends a valid SearXNG answer one byte at a time, 0.1 s apart: every read is quick, the whole slow."""

    def __init__(self, body: bytes) -> None:
        self.answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                       + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the test closed the socket while this waited (a warning on a later test, not an error)
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            for i in range(len(self.answer)):
                if self.stop.is_set():
                    return
                try:
                    conn.sendall(self.answer[i:i + 1])
                except OSError:
                    return
                time.sleep(0.1)


def test_a_server_dripping_bytes_is_cut_off_at_timeout_s():
    drip = DripServer(b'{"results": []}')
    try:
        exc = error_of("searxng", f"http://127.0.0.1:{drip.port}", "web", timeout_s=0.5)
    finally:
        drip.stop.set()
        drip.sock.close()
    assert isinstance(exc, TransientError)
    assert "did not answer within 0.5 s" in exc.message


# --- item 13: DuckDuckGo challenge pages and keyless refusals ------------------------------------------
def test_duckduckgo_page_without_a_result_list_is_blocked_not_empty(httpserver):
    challenge = ("<html><head><title>DuckDuckGo</title></head><body><form action='/d.js'>"
                 "<p>Unfortunately, bots use DuckDuckGo too. Please complete the following challenge.</p>"
                 "<img src='/assets/puzzle.png'></form></body></html>")
    httpserver.expect_request("/html/", method="POST").respond_with_data(challenge, content_type="text/html")
    exc = error_of("duckduckgo", httpserver.url_for("").rstrip("/"), "web", NAME)
    assert isinstance(exc, BlockedError)
    assert "no search results" in exc.message


def test_duckduckgo_true_no_results_page_is_still_empty(httpserver):
    empty = "<html><body><div id='links' class='results'><div class='no-results'>No results.</div></div></body></html>"
    httpserver.expect_request("/html/", method="POST").respond_with_data(empty, content_type="text/html")
    assert search("duckduckgo", httpserver.url_for("").rstrip("/"), "web", NAME) == []


@pytest.mark.parametrize("name, path, kind, method", [
    ("duckduckgo", "/html/", "web", "POST"),
    ("google_news", "/rss/search", "news", "GET"),
    ("searxng", "/search", "web", "GET"),
    ("bluesky", "/xrpc/app.bsky.actor.searchActors", "accounts", "GET"),
])
def test_a_keyless_403_does_not_speak_of_a_key(httpserver, name, path, kind, method):
    httpserver.expect_request(path, method=method).respond_with_data("Forbidden", status=403)
    exc = error_of(name, httpserver.url_for("").rstrip("/"), kind, NAME)
    assert isinstance(exc, BlockedError)
    assert "key" not in exc.message


def test_a_keyed_403_still_says_the_key_was_rejected(httpserver):
    httpserver.expect_request("/res/v1/web/search").respond_with_data("Forbidden", status=403)
    exc = error_of("brave", httpserver.url_for("").rstrip("/"), "web", NAME, api_key=KEY)
    assert isinstance(exc, AuthError) and "rejected the key" in exc.message
