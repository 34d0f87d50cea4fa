"""The providers' HTTP clients (stock httpx sharing one TLS context): TLS, kept-alive connections,
broken answers, proxies.

Real servers on loopback: pytest-httpserver (with a trustme certificate for HTTPS) and raw sockets
where a server has to misbehave in ways an HTTP library will not.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import trustme
from pytest_httpserver import HTTPServer

from repwatch.adapters import http as transport
from repwatch.adapters.providers import registry
from repwatch.config import ProviderSettings
from repwatch.errors import CertificateError, ConfigError, TransientError
from repwatch.models import Query
from repwatch.pipeline.sweep import run_sweep

ANSWER = '{"results": [{"url": "https://example.org/jo", "title": "Jo Bloggs", "content": "Jo"}]}'


@pytest.fixture
def fresh_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the process's loaded certificate store, so a test's SSL_CERT_FILE is read."""
    monkeypatch.setattr(transport, "_context", None)
    monkeypatch.setattr(transport, "_loading", None)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def https_server(ca: trustme.CA) -> Iterator[HTTPServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def searxng(base_url: str) -> Any:
    return registry(["searxng"])["searxng"](ProviderSettings(base_url=base_url, timeout_s=2, max_results=1), None)


def search_with(base_url: str) -> list[Any]:
    async def go() -> list[Any]:
        async with transport.open_client() as client:
            provider = searxng(base_url)
            provider.client = client
            return await provider.search(Query("Jo Bloggs"), "web")

    return asyncio.run(go())


def test_https_with_a_trusted_certificate(fresh_tls, monkeypatch, ca, https_server, tmp_path):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    https_server.expect_request("/search").respond_with_data(ANSWER, content_type="application/json")
    results = search_with(https_server.url_for("/").rstrip("/"))
    assert [(r.title, r.url) for r in results] == [("Jo Bloggs", "https://example.org/jo")]
    assert https_server.log[0][0].scheme == "https"


def test_an_untrusted_certificate_is_named_not_called_offline(fresh_tls, https_server):
    """certifi does not know the test CA: what a network that inspects HTTPS looks like."""
    https_server.expect_request("/search").respond_with_data(ANSWER, content_type="application/json")
    url = https_server.url_for("/").rstrip("/")
    with pytest.raises(CertificateError) as info:
        search_with(url)
    assert info.value.message.startswith("SearXNG could not be reached securely: the certificate of 127.0.0.1:")
    assert "SSL_CERT_FILE" in info.value.message


def test_an_unreadable_certificate_file_is_a_config_error(fresh_tls, monkeypatch, tmp_path, capfd):
    missing = tmp_path / "nowhere.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    transport.preload()
    with pytest.raises(ConfigError) as info:
        transport.ssl_context()
    assert info.value.message.startswith(f"The TLS certificates could not be loaded from SSL_CERT_FILE={missing} (")
    assert "Traceback" not in capfd.readouterr().err  # the loading thread failed quietly


class RawServer:
    """A socket server that answers each connection with ``respond(conn, n)`` and counts connections."""

    def __init__(self, respond: Callable[[socket.socket, int], None]) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self.respond = respond
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                _read_request(conn)
                self.respond(conn, self.connections)

    def close(self) -> None:
        self.sock.close()


def error_from(respond: Callable[[socket.socket, int], None], expected: type[Exception]) -> Any:
    """Search against a RawServer answering with ``respond``; return the ``expected`` error raised."""
    server = RawServer(respond)
    try:
        with pytest.raises(expected) as info:
            search_with(server.url)
    finally:
        server.close()
    return info.value


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


def test_a_kept_alive_connection_the_server_dropped_is_not_reused():
    """The server closes after each answer without saying so; the next request needs a new connection."""
    body = ANSWER.encode()

    def respond(conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(body), body))

    server = RawServer(respond)
    try:
        out = run_sweep([Query("Jo Bloggs"), Query("Joanna Bloggs"), Query("J Bloggs")],
                        {"searxng": ProviderSettings(base_url=server.url, kinds=["web"], max_results=1, rate_per_second=5)},
                        max_in_flight=1)
    finally:
        server.close()
    assert [(c["status"], c["requests"]) for c in out.calls] == [("ok", 1)] * 3  # no failed try, no retry
    assert server.connections == 3


def test_an_answer_cut_short_is_a_transient_failure():
    def respond(conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"results\": [")

    error = error_from(respond, TransientError)
    assert error.message.startswith("SearXNG: the connection to ")
    assert error.message.endswith("failed (RemoteProtocolError).")


def test_a_proxy_from_the_environment_is_still_used(fresh_tls, monkeypatch, httpserver):
    """School networks set HTTP(S)_PROXY: the asyncio backend must not bypass it."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/search").respond_with_data(ANSWER, content_type="application/json")
    results = search_with("http://searx.repwatch.invalid")  # never resolved: the proxy is asked instead
    assert [r.title for r in results] == ["Jo Bloggs"]
    assert httpserver.log[0][0].headers["Host"] == "searx.repwatch.invalid"


def test_an_endless_answer_is_cut_off_not_read_into_memory():
    """A hostile server streams without end and without a length: repwatch stops at MAX_BODY."""
    from repwatch.adapters.providers.base import MAX_BODY
    from repwatch.errors import MalformedResponse

    sent = {"bytes": 0}

    def respond(conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        try:
            while sent["bytes"] < 20 * MAX_BODY:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent["bytes"] += len(chunk)
        except OSError:
            return  # the client hung up, as it should

    error = error_from(respond, MalformedResponse)
    assert error.message.startswith("SearXNG sent an answer larger than 5 MB from ")
    assert sent["bytes"] < 4 * MAX_BODY


def test_an_announced_oversized_answer_is_refused_before_reading():
    from repwatch.errors import MalformedResponse

    def respond(conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{}")

    assert "larger than 5 MB" in error_from(respond, MalformedResponse).message


def test_closing_does_not_wait_for_a_silent_tls_server(fresh_tls, monkeypatch, ca, tmp_path):
    """A server that never answers TLS close_notify must not hold the end of a sweep (for asyncio's
    30 s): repwatch hangs up without the close_notify exchange, so there is nothing to wait for.
    The server sees the connection dropped, not a TLS goodbye it would have to answer."""
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ends: list[str] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            tls = context.wrap_socket(conn, server_side=True, suppress_ragged_eofs=False)
            _read_request(tls)
            body = ANSWER.encode()
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                        % (len(body), body))
            try:  # never answers a close_notify: only waits to see how the client ends
                ends.append("close_notify" if tls.recv(1) == b"" else "more data")
            except ssl.SSLEOFError:
                ends.append("dropped")

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        results = search_with(f"https://127.0.0.1:{listener.getsockname()[1]}")
    finally:
        listener.close()
    server.join()
    assert [r.title for r in results] == ["Jo Bloggs"]
    assert ends == ["dropped"]
