"""Several profiles run side by side, and together still send each provider at most its rate."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import FIXTURES, cli, email_section

SEARXNG = (FIXTURES / "backbone" / "searxng.json").read_text()
RATE = 4  # requests a second: one every 250 ms
ANSWER_S = 0.6  # each answer takes this long: one profile after another would leave no overlap


@pytest.fixture
def searxng():
    hits: list[tuple[float, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            query = parse_qs(urlsplit(self.path).query)
            hits.append((time.monotonic(), query.get("q", [""])[0]))
            time.sleep(ANSWER_S)
            page = query.get("pageno", ["1"])[0]
            body = (SEARXNG if page == "1" else json.dumps({"query": "", "results": []})).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_two_profiles_search_at_once_within_the_providers_rate(home, searxng):
    url, hits = searxng
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
max_queries = 3

[[profile]]
name = "Thomas Harris"
locations = ["Leeds"]
max_queries = 3

[providers.searxng]
base_url = "{url}"
kinds = ["web"]
rate_per_second = {RATE}

[evidence]
capture = "none"
""")
    done = cli("--config", str(config), "run", "--no-email", "--json")
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.index('"Joanna Whitfield"') < done.stdout.index('"Thomas Harris"')  # the config's order
    first = [at for at, q in hits if "Whitfield" in q]
    second = [at for at, q in hits if "Harris" in q]
    assert first and second
    assert min(second) < max(first) and min(first) < max(second), "one profile waited for the other"
    # together they keep the provider's rate: the requests span at least (n - 1) / rate, give or take
    # the server noting one late on a busy machine (without a shared rate, two profiles take half that)
    times = sorted(at for at, _ in hits)
    floor = (len(times) - 1) / RATE
    assert times[-1] - times[0] >= 0.8 * floor, f"{len(times)} requests in {times[-1] - times[0]:.2f} s: over {RATE} a second"



def test_the_daemon_runs_profiles_due_together_side_by_side_within_the_providers_rate(home, searxng, smtp,
                                                                                         monkeypatch):
    import signal

    from repwatch.app.daemon import Daemon
    from repwatch.config import load
    from repwatch.pipeline import sweep
    from tests.test_daemon import runs, wait_for

    granted: list[tuple[str, float]] = []  # each turn the shared limiter gave: (provider, the moment)

    class Recording(sweep.Pacer):
        def reserve(self, provider: str, interval: float) -> float:
            with self._lock:  # held across the reservation, so the turns are recorded in their order
                now_s = time.monotonic()
                at = max(now_s, self._next.get(provider, 0.0))
                self._next[provider] = at + interval
                granted.append((provider, at))
                return at - now_s

    monkeypatch.setattr(sweep, "PACER", Recording())
    url, hits = searxng
    config = home / "config.toml"
    profiles = "".join(f'\n[[profile]]\nname = "{name}"\nlocations = ["{place}"]\nmax_queries = 4\n'
                       for name, place in (("Joanna Whitfield", "Liverpool"), ("Thomas Harris", "Leeds")))
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"
timezone = "Europe/London"
{profiles}
[providers.searxng]
base_url = "{url}"
kinds = ["web"]
rate_per_second = {RATE}

[evidence]
capture = "none"

{email_section(smtp.port)}
""")
    daemon = Daemon(load(config), home / "repwatch.db")  # neither profile has run: both are due at once
    done: list[int] = []
    serving = threading.Thread(target=lambda: done.append(daemon.serve()), daemon=True)
    serving.start()
    try:
        wait_for(lambda: len(runs(home / "repwatch.db")) >= 2, timeout=120)
    finally:
        daemon._on_stop(signal.SIGTERM, None)  # as Ctrl+C would
        serving.join(60)
    assert done == [0]
    assert sorted(p for p, _ in runs(home / "repwatch.db")) == ["Joanna Whitfield", "Thomas Harris"]
    whitfield = [i for i, (_, q) in enumerate(hits) if "Whitfield" in q]
    harris = [i for i, (_, q) in enumerate(hits) if "Harris" in q]
    assert len(whitfield) >= 2 and len(harris) >= 2
    # in the order the server saw them, each profile's searches came before the other's had ended
    assert min(harris) < max(whitfield) and min(whitfield) < max(harris), "one profile waited for the other"
    # every request the server saw had a turn from the one limiter both sweeps share, and its turns
    # are at least 1 / rate apart (two limiters of their own would each give turns at the full rate)
    assert len(granted) == len(hits)
    assert {provider for provider, _ in granted} == {f"searxng {url}"}
    moments = [at for _, at in granted]
    assert all(later - earlier >= 1 / RATE - 1e-9 for earlier, later in zip(moments, moments[1:], strict=False))
