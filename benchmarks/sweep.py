"""Benchmark the sweep against a loopback server that answers every provider after a fixed delay.

    .venv/bin/python benchmarks/sweep.py [--urlwatch [--rounds 5] [--also NAME=SRC]] [--backends SRC [--python PY]]

--urlwatch runs `repwatch search` and urlwatch 2.29 (pip-installed into a venv of its own in the
temp folder, once) side by side against the same loopback server, interleaved, and prints the ratio;
--also NAME=SRC runs repwatch from another source tree in the same rounds (the code before a change).
--backends SRC [--python PY] times `repwatch search` on its transport now against another tree's
(see ``backends``).

Prints wall times and their ratio to the ideal. Each sweep runs in a fresh interpreter (so start-up
and imports are counted, as a user running `repwatch run` pays them); the server runs here, in
threads. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import compileall
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ANSWERS = {
    ("GET", "/res/v1/web/search"): {"web": {"results": [{"title": "t", "url": "https://example.org/brave"}]}},
    ("POST", "/search"): {"organic": [{"title": "t", "link": "https://example.org/serper"}]},
    ("GET", "/search"): {"results": [{"title": "t", "url": "https://example.org/searxng"}]},
    ("GET", "/api/v2/search"): {"accounts": [{"acct": "jo", "url": "https://mastodon.example/@jo"}]},
}

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from repwatch.config import KeyedSettings, MastodonSettings, ProviderSettings
from repwatch.models import Query
from repwatch.pipeline.sweep import run_sweep
url, rate, calls_per_provider, cap = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
common = dict(base_url=url, rate_per_second=rate, max_results=1)
settings = {
    "brave": KeyedSettings(api_key="bench", kinds=["web"], **common),
    "serper": KeyedSettings(api_key="bench", kinds=["web"], **common),
    "searxng": ProviderSettings(kinds=["web"], **common),
    "mastodon": MastodonSettings(kinds=["accounts"], **common),
}
queries = [Query(f"Person {i}") for i in range(calls_per_provider)]
t1 = time.perf_counter()
out = run_sweep(queries, settings, max_in_flight=cap)
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "sweep_s": t2 - t1, "calls": len(out.calls),
                  "failures": [f.error for f in out.failures][:3],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


FLOOR = r"""
import asyncio, sys, time
from urllib.parse import urlsplit
where = urlsplit(sys.argv[1]); calls, cap = int(sys.argv[2]), int(sys.argv[3])

async def main():
    idle, gate = [], asyncio.Semaphore(cap)

    async def one(i):
        async with gate:
            reader, writer = idle.pop() if idle else await asyncio.open_connection(where.hostname, where.port)
            writer.write(f"GET /search?q=Person+{i}&format=json HTTP/1.1\r\nHost: {where.netloc}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            await reader.readexactly(length)
            idle.append((reader, writer))

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(calls)))
    print(time.perf_counter() - started)

asyncio.run(main())
"""


def cli_config(url: str) -> str:
    keys = {"brave": 'api_key = "bench"\n', "serper": 'api_key = "bench"\n', "searxng": "", "mastodon": ""}
    kinds = {"mastodon": "accounts"}
    return "".join(f'[providers.{name}]\n{key}base_url = "{url}"\nrate_per_second = 1000\n'
                   f'kinds = ["{kinds.get(name, "web")}"]\n\n' for name, key in keys.items())


def serve(delay: float) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # send headers and body at once: no delayed-ACK stall on kept-alive connections

        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            httpd.hits += 1
            time.sleep(delay)
            body = json.dumps(ANSWERS.get((self.command, self.path.split("?")[0]), {})).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    ThreadingHTTPServer.request_queue_size = 256
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.hits = 0  # type: ignore[attr-defined]
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def run(url: str, rate: float, per_provider: int, cap: int) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, url, str(rate), str(per_provider), str(cap)],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def floor(url: str, calls: int, cap: int) -> float:
    """The same calls from a bare asyncio client: what this server and machine allow at best."""
    done = subprocess.run([sys.executable, "-c", FLOOR, url, str(calls), str(cap)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def cli(url: str, httpd: ThreadingHTTPServer, source: str | None = None,
        python: str = sys.executable) -> tuple[float, int]:
    """`repwatch search` as a user types it, its four providers pointed at the server.

    ``source``: repwatch from another source tree (its ``src`` folder), say the code before a change;
    ``python``: an interpreter with that tree's dependencies, when they differ from today's.
    """
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(cli_config(url))
        head = [python, "-m", "repwatch"]
        args = [*head, "--config", str(config), "search", "Joanna Whitfield",
                "--json", "--limit", "1",
                *("-l", "Leeds", "-l", "York", "-l", "Hull", "-l", "Bath", "-l", "Ely", "-l", "Wells", "-l", "Ripon"),
                *("--org", "Hill School", "--org", "Ash Academy")]  # 60 calls; --limit 1: no second pages
        env = {**os.environ, "HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp}
        if source:
            env["PYTHONPATH"] = source
        before = httpd.hits  # type: ignore[attr-defined]
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, env=env)
        if done.returncode:
            said = (done.stderr.strip().splitlines() or ["(nothing)"])[-1]
            raise SystemExit(f"repwatch{' from ' + source if source else ''} failed (exit {done.returncode}): {said}")
        return time.perf_counter() - started, httpd.hits - before  # type: ignore[attr-defined]


def backends(source: str, python: str = sys.executable, rounds: int = 7) -> None:
    """repwatch's transport now (stock httpx sharing one TLS context, adapters/http.py) against another
    source tree's, interleaved, in one run: e.g. the asyncio-streams backend it had until ca9feba.

    It used to patch a function of adapters/http.py to turn that backend off; the function went with
    the backend (stock httpx saved as much, 5 % less), so the other transport is now the code that
    had it, run by an interpreter with its dependencies (it used tldextract)::

        git archive ca9feba~1 src | tar -x -C /tmp/streams
        python -m venv /tmp/streams-venv && /tmp/streams-venv/bin/pip install tldextract
        echo "$(python -c 'import site; print(site.getsitepackages()[0])')" \\
            > /tmp/streams-venv/lib/python3.11/site-packages/today.pth   # today's other dependencies
        python benchmarks/sweep.py --backends /tmp/streams/src --python /tmp/streams-venv/bin/python
    """
    import statistics

    compileall.compile_dir(source, quiet=1)
    for delay in (0.2, 0.25):
        httpd, url = serve(delay)
        try:
            cli(url, httpd)
            cli(url, httpd, source=source, python=python)  # warm both
            now, other = [], []
            for _ in range(rounds):
                now.append(cli(url, httpd)[0])
                other.append(cli(url, httpd, source=source, python=python)[0])
        finally:
            httpd.shutdown()
        a, b = statistics.median(now), statistics.median(other)
        print(f"`repwatch search`, {delay * 1000:.0f} ms answers, median of {rounds} (load {os.getloadavg()[0]:.1f}): "
              f"stock httpx now {a:.3f} s, {source} {b:.3f} s: {a / b:.2f}x of it")


def urlwatch_venv() -> Path:
    """urlwatch 2.29 (on PyPI) in a virtual environment of its own, made once in the temp folder."""
    venv = Path(tempfile.gettempdir()) / "repwatch-bench-urlwatch"
    program = venv / "bin" / "urlwatch"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "urlwatch==2.29"], check=True)
    return program


def urlwatch(program: Path, url: str, calls: int) -> float:
    """urlwatch fetching ``calls`` URLs of the same server (its default 10 threads), start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs = "---\n".join(f"name: job {i}\nurl: {url}/search?q=Person+{i}&format=json\n" for i in range(calls))
        (Path(tmp) / "urls.yaml").write_text(jobs)
        (Path(tmp) / "config.yaml").write_text("display:\n  new: false\n  unchanged: false\n  error: true\n"
                                               "report:\n  stdout:\n    enabled: false\n")
        args = [str(program), "--urls", f"{tmp}/urls.yaml", "--config", f"{tmp}/config.yaml",
                "--cache", f"{tmp}/cache.db"]
        env = {**os.environ, "HOME": tmp}
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, text=True, check=True, env=env)
        return time.perf_counter() - started


def side_by_side(rounds: int = 5, others: dict[str, str] | None = None) -> None:
    """`repwatch search` (60 calls) and urlwatch (60 URLs) against the same server, interleaved.

    ``others``: name → another source tree's ``src``, run in the same rounds (before and after a change)."""
    import compileall
    import statistics

    others = others or {}
    for source in others.values():
        compileall.compile_dir(source.split(os.pathsep)[0], quiet=1)  # as pip install does
    program = urlwatch_venv()
    httpd, url = serve(0.25)
    load = os.getloadavg()[0]
    try:
        cli(url, httpd)
        for source in others.values():
            cli(url, httpd, source=source)
        urlwatch(program, url, 60)  # warm them all
        ours: dict[str, list[float]] = {"this tree": [], **{name: [] for name in others}}
        theirs = []
        for _ in range(rounds):
            ours["this tree"].append(cli(url, httpd)[0])
            for name, source in others.items():
                ours[name].append(cli(url, httpd, source=source)[0])
            theirs.append(urlwatch(program, url, 60))
    finally:
        httpd.shutdown()
    b = statistics.median(theirs)
    print(f"side by side, 250 ms answers, median of {rounds} (load average {load:.1f} -> {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores): urlwatch 2.29 (60 URLs) {b:.2f} s")
    for name, times in ours.items():
        a = statistics.median(times)
        print(f"  `repwatch search` (60 calls), {name}: {a:.2f} s, {a / b:.2f} of urlwatch (goal <= 0.5)")


def main() -> None:
    if "--backends" in sys.argv:
        at = sys.argv.index("--backends") + 1
        if at >= len(sys.argv):
            raise SystemExit("--backends SRC: another source tree to compare with (see `backends` in this file)")
        python = sys.argv[sys.argv.index("--python") + 1] if "--python" in sys.argv else sys.executable
        backends(sys.argv[at], python)
        return
    if "--urlwatch" in sys.argv:
        # --also NAME=SRC: repwatch from another source tree in the same rounds, e.g. before a change
        # (git archive OLD src | tar -x -C /tmp/old; --also before=/tmp/old/src)
        also = [a.split("=", 1) for a in sys.argv[sys.argv.index("--also") + 1:][:1]] if "--also" in sys.argv else []
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
        side_by_side(rounds, dict(also))
        return
    providers, per_provider, cap = 4, 15, 32
    calls = providers * per_provider
    print(f"{calls} calls over {providers} providers, max_in_flight={cap}; each answer after a fixed delay\n")
    rss = []
    for delay in (0.2, 0.25):
        httpd, url = serve(delay)
        try:
            run(url, 1000, 2, cap)  # warm the file cache
            wall, child = run(url, 1000, per_provider, cap)
            best = floor(url, calls, cap)
            cli(url, httpd)  # warm
            cli_wall, cli_calls = cli(url, httpd)
        finally:
            httpd.shutdown()
        ideal = math.ceil(calls / cap) * delay
        rss.append(child["rss_mb"])
        print(f"no rate limit, {delay * 1000:.0f} ms answers: sweep {child['sweep_s']:.3f} s vs ideal {ideal:.3f} s "
              f"= {child['sweep_s'] / ideal:.2f}x (goal <= 1.3x); whole process {wall:.3f} s "
              f"(imports {child['import_s']:.3f} s); calls {child['calls']}, failures {len(child['failures'])}")
        print(f"  floor: a bare asyncio client sends the same calls in {best:.3f} s = {best / ideal:.2f}x")
        cli_ideal = math.ceil(cli_calls / cap) * delay
        print(f"  the `repwatch search --json` command (CLI, config, plan, output; {cli_calls} calls): whole process "
              f"{cli_wall:.3f} s vs ideal {cli_ideal:.3f} s")
        if delay == 0.25:
            print(f"  vs urlwatch, 10 threads, 60 calls at 250 ms = 1.75 s: {wall / 1.75:.2f} of it (goal < 0.5); "
                  f"`repwatch search`: {cli_wall / 1.75:.2f} of it")
    httpd, url = serve(0.2)
    try:
        rate = 5.0
        wall, child = run(url, rate, per_provider, cap)
    finally:
        httpd.shutdown()
    ideal = (per_provider - 1) / rate + 0.2
    rss.append(child["rss_mb"])
    print(f"rate_per_second=5, 200 ms answers: sweep {child['sweep_s']:.3f} s vs ideal {ideal:.3f} s "
          f"= {child['sweep_s'] / ideal:.2f}x (goal <= 1.2x); whole process {wall:.3f} s")
    print(f"peak RSS of the sweeping process: {max(rss):.1f} MB (goal < 120 MB)")


if __name__ == "__main__":
    main()
