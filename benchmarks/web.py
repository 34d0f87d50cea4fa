"""The review page's speed: the list of 1,000 mentions, and one answer's round trip.

Goals (issue 17): the list renders in at most 200 ms of server time; an answer (POST, then the
mention's page it redirects to) takes at most 50 ms. Both are measured against a real `uvicorn`
on 127.0.0.1 with a real SQLite file, over HTTP, median of several tries.

    python benchmarks/web.py [--mentions 1000] [--tries 15]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.web_support import seed, write_config  # noqa: E402

from repwatch.config import load as load_config  # noqa: E402
from repwatch.web.app import create_app  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1000)
    parser.add_argument("--tries", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="repwatch-bench-web-") as tmp:
        db = Path(tmp) / "repwatch.db"
        ids = seed(db, extra=max(args.mentions - 4, 0))
        config = load_config(write_config(Path(tmp) / "config.toml", db))
        app = create_app(config, db)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            first = client.get("/")
            count = len(re.findall(r'<li class="card row', first.text))
            assert count == args.mentions, f"the list shows {count} mentions, not {args.mentions}"
            renders, cpu = [], []
            for _ in range(args.tries):
                start, start_cpu = time.perf_counter(), time.process_time()
                page = client.get("/")
                renders.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)  # server and client: an upper bound
                assert page.status_code == 200
            csrf = re.search(r'name="csrf" value="([^"]+)"', first.text).group(1)
            mention = ids["plain"]
            trips, trip_cpu = [], []
            for i in range(args.tries):
                action = "concern" if i % 2 == 0 else "reopen"
                start, start_cpu = time.perf_counter(), time.process_time()
                done = client.post(f"/mentions/{mention}/{action}", data={"csrf": csrf}, follow_redirects=True)
                trips.append(time.perf_counter() - start)
                trip_cpu.append(time.process_time() - start_cpu)
                assert done.status_code == 200 and done.url.path == f"/mentions/{mention}", done.status_code
        server.should_exit = True
        thread.join(timeout=10)

    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"list of {args.mentions} mentions: {ms(renders):.0f} ms to render over HTTP, {ms(cpu):.0f} ms of CPU "
          f"(median of {args.tries}; goal <= 200 ms)")
    print(f"an answer's round trip (POST, then its page): {ms(trips):.0f} ms, {ms(trip_cpu):.0f} ms of CPU "
          f"(median of {args.tries}; goal <= 50 ms)")
    print(f"(load average {load:.1f} on {os.cpu_count()} cores: on a busy machine the first figures grow, CPU does not)")


if __name__ == "__main__":
    main()
