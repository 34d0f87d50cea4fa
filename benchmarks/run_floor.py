"""A whole `repwatch run` against loopback providers, its wall time set against its rate floor.

    .venv/bin/python benchmarks/run_floor.py [max_queries]

The rate floor is the least time the providers' rate limits allow: for each provider, the requests it
was sent divided by its rate_per_second, the largest of these, plus one answer's delay. A run should
take little more (goal: at most 1.1 times the floor). The fake DuckDuckGo answers every request with
the same page, Next button and all, like a held-out test server: a run that pages on it anyway shows
up here as requests that add nothing. Not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DELAY_S = 0.05  # each answer's latency
RATES = {"duckduckgo": 0.5, "searxng": 2.0, "brave": 1.0}
DDG_PAGE = """<html><body><div id="links">
<div class="result results_links"><a class="result__a" href="https://example.org/a">Joanna Whitfield</a>
<a class="result__snippet">Joanna Whitfield, teacher in Liverpool</a></div>
<div class="result results_links"><a class="result__a" href="https://example.org/b">Joanna Whitfield 2</a>
<a class="result__snippet">St Aidan's Primary School</a></div>
<div class="nav-link"><form action="/html/" method="post"><input type="submit" value="Next">
<input type="hidden" name="q" value="x"><input type="hidden" name="s" value="10"></form></div>
</div></body></html>"""


def serve() -> tuple[ThreadingHTTPServer, Counter[str]]:
    seen: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def answer(self, body: bytes, ctype: str) -> None:
            time.sleep(DELAY_S)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # DuckDuckGo's html endpoint
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen["duckduckgo"] += 1
            self.answer(DDG_PAGE.encode(), "text/html; charset=utf-8")

        def do_GET(self) -> None:
            if self.path.startswith("/res/v1/web/search"):
                seen["brave"] += 1
                body = {"type": "search", "web": {"results": [
                    {"url": "https://example.org/brave", "title": "Joanna Whitfield", "description": "Liverpool"}]}}
            else:
                seen["searxng"] += 1
                body = {"query": "", "results": [] if "pageno=2" in self.path else [
                    {"url": "https://example.org/searx", "title": "Joanna Whitfield", "content": "Liverpool"}]}
            self.answer(json.dumps(body).encode(), "application/json")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def main() -> None:
    max_queries = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    server, seen = serve()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(f"""
[repwatch]
database = "{Path(tmp) / 'repwatch.db'}"
[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
max_queries = {max_queries}
[providers.duckduckgo]
base_url = "{url}"
rate_per_second = {RATES['duckduckgo']}
[providers.searxng]
base_url = "{url}"
kinds = ["web"]
rate_per_second = {RATES['searxng']}
[providers.brave]
base_url = "{url}"
api_key = "bench"
kinds = ["web"]
rate_per_second = {RATES['brave']}
[evidence]
capture = "none"
""")
        env = dict(os.environ, REPWATCH_CONFIG=str(config))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "repwatch", "run", "--no-email", "--json"],
                              capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
    server.shutdown()
    if done.returncode not in (0, 1):
        print(done.stderr)
        return
    report = json.loads(done.stdout)
    # the first request to a provider goes at once; each later one waits 1/rate
    floor = max((n - 1) / RATES[p] for p, n in seen.items() if n) + DELAY_S
    print(f"searches {report['queries']}, calls {report['calls']} "
          f"({', '.join(f'{p} {n}' for p, n in sorted(seen.items()))})")
    print(f"wall {wall:.2f} s, rate floor {floor:.2f} s: {wall / floor:.2f}x the floor (goal <= 1.1x)")


if __name__ == "__main__":
    main()
