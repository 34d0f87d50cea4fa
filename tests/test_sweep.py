"""The sweep: concurrency cap, rate limit, fault isolation and retries, against a threaded loopback server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from repwatch.config import BlueskySettings, KeyedSettings, ProviderSettings
from repwatch.models import Query
from repwatch.pipeline import sweep as sweep_module
from repwatch.pipeline.sweep import run_sweep

ONE = json.dumps({"results": [{"url": "https://example.org/a", "title": "A", "content": "about Jo"}]}).encode()


class Server:
    """A threaded HTTP server on 127.0.0.1: ``answer(path, n)`` gives (status, headers, body) for the n-th hit."""

    def __init__(self, answer: Callable[[str, int], tuple[int, dict[str, str], bytes]], delay: float = 0.0):
        self.answer, self.delay = answer, delay
        self.hits: list[tuple[float, str]] = []
        self.active = self.peak = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?")[0]
                with outer.lock:
                    outer.active += 1
                    outer.peak = max(outer.peak, outer.active)
                    n = sum(1 for _, p in outer.hits if p == path)
                    outer.hits.append((time.monotonic(), path))
                try:
                    time.sleep(outer.delay)
                    status, headers, body = outer.answer(path, n)
                finally:
                    with outer.lock:
                        outer.active -= 1
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

        ThreadingHTTPServer.request_queue_size = 128
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def times(self, path: str) -> list[float]:
        return [t for t, p in self.hits if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server_factory():
    servers: list[Server] = []

    def make(answer, delay=0.0):
        servers.append(Server(answer, delay))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(sweep_module, "BACKOFF_BASE_S", 0.05)


def queries(n: int) -> list[Query]:
    return [Query(f"Person {i}") for i in range(n)]


def searx(url: str, **kw: Any) -> ProviderSettings:
    return ProviderSettings(base_url=url, kinds=["web"], max_results=1, **kw)


def test_global_cap_on_requests_in_flight(server_factory):
    srv = server_factory(lambda p, n: (200, {}, ONE), delay=0.15)
    started = time.monotonic()
    out = run_sweep(queries(20), {"searxng": searx(srv.url, rate_per_second=1000)}, max_in_flight=5)
    elapsed = time.monotonic() - started
    assert len(out.calls) == 20 and not out.failures and len(out.results) == 20
    assert srv.peak == 5  # the cap is reached, never passed
    assert elapsed >= 0.6  # at least 4 waves of 0.15 s
    assert out.results[0].canonical_url and out.results[0].domain == "example.org"


def test_rate_per_second_spaces_requests(server_factory, monkeypatch):
    from repwatch.adapters.providers.base import Provider

    sent: list[float] = []  # when each request left repwatch (a busy server may read two at once)
    real = Provider._send

    async def timed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(time.monotonic())
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(Provider, "_send", timed)
    srv = server_factory(lambda p, n: (200, {}, ONE))
    out = run_sweep(queries(8), {"searxng": searx(srv.url, rate_per_second=10)})
    assert len(out.results) == 8 and len(srv.times("/search")) == 8
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    # 10 a second: turns are one 0.1 s apart; a send is stamped a little after its turn, so one gap may
    # look shorter when the one before it started late. A burst would show gaps near 0.
    assert len(sent) == 8 and min(gaps) >= 0.05 and sent[-1] - sent[0] >= 0.68


def test_a_failing_provider_does_not_stop_the_others(server_factory, monkeypatch):
    events = _log_sends(monkeypatch)
    bad_key = json.dumps({"type": "ErrorResponse", "error": {"status": 422, "code": "SUBSCRIPTION_TOKEN_INVALID"}})

    def answer(path, n):
        if path.startswith("/res/"):
            return 422, {}, bad_key.encode()
        return 200, {}, ONE

    srv = server_factory(answer, delay=0.02)
    settings = {"brave": KeyedSettings(base_url=srv.url, api_key="BSAkey", kinds=["web"], rate_per_second=20),
                "searxng": searx(srv.url, rate_per_second=1000)}
    out = run_sweep(queries(6), settings)
    assert len(out.calls) == 12 and not out.all_failed
    assert len(out.results) == 6 and {r.provider for r in out.results} == {"searxng"}
    brave_rows = [c for c in out.calls if c["provider"] == "brave"]
    assert {c["error_code"] for c in brave_rows} == {"auth"}
    assert len(out.failures) == 6 and all("SUBSCRIPTION_TOKEN_INVALID" in f.error for f in out.failures)
    assert "BSAkey" not in json.dumps(out.calls)
    # a rejected key is not sent again once rejected: later calls are recorded as skipped
    brave = [e for e in events if e.endswith("brave")]
    assert "send brave" not in brave[brave.index("failed brave"):]
    sent = len(srv.times("/res/v1/web/search"))
    assert sent == brave.count("send brave")
    assert sorted(c["status"] for c in brave_rows) == ["error"] * sent + ["skipped"] * (6 - sent)


def _record_waits(monkeypatch: pytest.MonkeyPatch) -> list[float | None]:
    """The wait the sweep chose before each retry (None: not retried)."""
    waits: list[float | None] = []
    real = sweep_module._retry_wait

    def recorded(exc, attempt):  # type: ignore[no-untyped-def]
        waits.append(real(exc, attempt))
        return waits[-1]

    monkeypatch.setattr(sweep_module, "_retry_wait", recorded)
    return waits


def test_429_with_retry_after_is_retried_then_succeeds(server_factory, monkeypatch):
    def answer(path, n):
        if n == 0:
            return 429, {"Retry-After": "1"}, b'{"error": "slow down"}'
        return 200, {}, ONE

    srv = server_factory(answer)
    waits = _record_waits(monkeypatch)
    out = run_sweep(queries(1), {"searxng": searx(srv.url, rate_per_second=1000)})
    assert not out.failures and len(out.results) == 1
    times = srv.times("/search")
    assert len(times) == 2 and times[1] - times[0] >= 1.0
    assert len(waits) == 1 and 1.0 <= waits[0] <= 1.0 + sweep_module.BACKOFF_BASE_S / 2  # Retry-After, plus jitter


def test_transient_faults_retried_with_backoff_then_given_up(server_factory, monkeypatch):
    monkeypatch.setattr(sweep_module, "ATTEMPTS", 3)
    srv = server_factory(lambda p, n: (503, {}, b"busy"))
    out = run_sweep(queries(2), {"searxng": searx(srv.url, rate_per_second=1000)})
    assert out.all_failed and {f.code for f in out.failures} == {"transient"}
    assert len(srv.times("/search")) == 6  # three tries for each call


def test_long_retry_after_is_reported_not_waited_for(server_factory, monkeypatch):
    srv = server_factory(lambda p, n: (429, {"Retry-After": "3600"}, b"{}"))
    waits = _record_waits(monkeypatch)
    out = run_sweep(queries(1), {"searxng": searx(srv.url)})
    assert [f.code for f in out.failures] == ["rate_limited"]
    assert waits == [None] and len(srv.times("/search")) == 1  # an hour is not waited for: reported


def _log_sends(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record, in order, each request a provider sends and each answer that fails ("failed NAME")."""
    from repwatch.adapters.providers.base import Provider
    from repwatch.errors import ProviderError

    events: list[str] = []
    real = Provider._send

    async def logged(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(f"send {self.name}")
        try:
            return await real(self, *args, **kwargs)
        except ProviderError:
            events.append(f"failed {self.name}")
            raise

    monkeypatch.setattr(Provider, "_send", logged)
    return events


def test_unreachable_provider_is_not_retried_and_skips_are_noted(server_factory, monkeypatch):
    events = _log_sends(monkeypatch)
    srv = server_factory(lambda p, n: (200, {}, json.dumps({"actors": []}).encode()))
    settings = {"searxng": searx("http://127.0.0.1:9"), "bluesky": BlueskySettings(base_url=srv.url),
                "nosuch": ProviderSettings()}
    out = run_sweep(queries(3), settings)
    assert {f.code for f in out.failures} == {"network"}
    # nothing listens there: no request is retried, and none is sent once one has found that out
    # (calls already on their way at that moment fail alike; the rest are skipped, never sent)
    searx_events = [e for e in events if e.endswith("searxng")]
    first_failure = searx_events.index("failed searxng")
    assert "send searxng" not in searx_events[first_failure:]
    statuses = [c["status"] for c in out.calls if c["provider"] == "searxng"]
    assert sorted(statuses) == ["error"] * searx_events.count("send searxng") + ["skipped"] * statuses.count("skipped")
    assert all(c["requests"] == 0 for c in out.calls if c["status"] == "skipped")
    assert [c["status"] for c in out.calls if c["provider"] == "bluesky"] == ["ok", "ok", "ok"]
    assert "nosuch is not available in this version of repwatch." in out.notes
    assert any(n.startswith("bluesky post search is skipped") for n in out.notes)
    assert out.requests == searx_events.count("send searxng") + 3


def test_with_one_slot_one_request_finds_the_provider_unreachable_and_the_rest_are_skipped(monkeypatch):
    """One request in flight at a time: the next waits for the slot, and by then the first has failed."""
    events = _log_sends(monkeypatch)
    out = run_sweep(queries(3), {"searxng": searx("http://127.0.0.1:9")}, max_in_flight=1)
    assert events == ["send searxng", "failed searxng"]
    assert sorted(c["status"] for c in out.calls) == ["error", "skipped", "skipped"]
    assert out.requests == 1 and out.all_failed


def test_a_provider_bug_is_recorded_not_raised(server_factory, monkeypatch):
    from repwatch.adapters.providers.searxng import SearXNG

    async def broken(self, query, kind):
        raise KeyError("oops")

    monkeypatch.setattr(SearXNG, "search", broken)
    out = run_sweep(queries(1), {"searxng": searx("http://127.0.0.1:9")})
    assert out.failures[0].code == "bug" and out.all_failed


def test_calls_waiting_for_their_turn_stop_when_the_provider_is_unreachable():
    """Offline, a slow-rate provider's queued calls give up at once instead of each waiting its turn.

    One turn every 1,000 s: had the queued calls waited for theirs, this test would not end.
    """
    out = run_sweep(queries(4), {"searxng": searx("http://127.0.0.1:9", rate_per_second=0.001)})
    assert out.all_failed and [c["status"] for c in out.calls].count("skipped") == 3
