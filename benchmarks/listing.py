"""`repwatch mentions` at scale: how soon the first rows of a common word come, and what it costs.

For each store size (benchmarks/generate.py), `repwatch mentions --search school --json` (a word in
about a quarter of the titles: 250,000 hits at 1M) as a user types it, in a fresh process: the time to
its first row on stdout, to the end (its default --limit of 200), and its peak memory; then the
same with `--limit 0` (every hit, streamed). The reference, in the same run: bare `python` with
sqlite3 asking the same database for the same first 200 rows.

    python benchmarks/listing.py [--mentions 1000,100000] [--tries 7]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import repwatch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import cached  # noqa: E402

BARE = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute("SELECT m.* FROM mentions_fts f CROSS JOIN mentions m ON m.id = f.rowid "
                    "WHERE mentions_fts MATCH ? AND m.score >= 0.5 ORDER BY f.rowid DESC LIMIT 200",
                    ['"school"']).fetchall()
print(rows[0])
"""


def first_row(args: list[str]) -> tuple[float, float, int, float]:
    """Seconds to the first line holding a row, to the end; lines printed; the child's peak MB."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    first, lines = None, 0
    for line in process.stdout:
        lines += 1
        if first is None and (b'"id"' in line or line.startswith(b"(")):
            first = time.perf_counter() - started
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not every child's so far
    process.returncode = os.waitstatus_to_exitcode(status)
    total = time.perf_counter() - started
    return first if first is not None else total, total, lines, usage.ru_maxrss / 1024


def median(args: list[str], tries: int) -> tuple[float, float, int, float]:
    runs = [first_row(args) for _ in range(tries)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2],
            max(r[3] for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", default="1000,100000")
    parser.add_argument("--tries", type=int, default=7)
    args = parser.parse_args()
    compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)  # as pip install does
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {args.tries})")
    print("| mentions | bare sqlite3: first 200 | `mentions --search school --json`: first row | to the end "
          "(200) | its peak memory | `--limit 0`: first row | to the end | its peak memory | lines printed |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for count in [int(x) for x in args.mentions.split(",")]:
        db = str(cached(count))
        bare = median([sys.executable, "-c", BARE, db], args.tries)
        cli = [sys.executable, "-m", "repwatch", "--db", db, "mentions", "--search", "school", "--json"]
        limited = median(cli, args.tries)
        every = median([*cli, "--limit", "0"], max(1, args.tries // 3))
        ms = lambda s, b=bare[1]: f"{s * 1000:.0f} ms ({s / b:.2f}x)"  # noqa: E731
        print(f"| {count:,} | {bare[1] * 1000:.0f} ms | {ms(limited[0])} | {ms(limited[1])} | {limited[3]:.0f} MB | "
              f"{ms(every[0])} | {every[1]:.2f} s | {every[3]:.0f} MB | {every[2]:,} |")
    print("goal: the first rows of a common word at 1M in <= 100 ms, memory flat")


if __name__ == "__main__":
    main()
