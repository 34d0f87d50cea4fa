"""The store at scale: a million mentions, a run of 20,000 results, and full-text search.

Goals (issues 6 and 19): ingest and diff a run of 20,000 results at >= 20,000 results/s against a store of
1,000,000 mentions; `mentions --search WORD` under 100 ms; and the database's size per mention.
Prints figures, not pass/fail: `python benchmarks/store.py [--mentions N]`.
"""

from __future__ import annotations

import argparse
import compileall
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import repwatch
from repwatch.adapters.store import Store, now
from repwatch.models import Result

WORDS = ["school", "trip", "museum", "liverpool", "teacher", "award", "fundraiser", "concert", "football", "assembly", "choir", "art", "science", "maths", "reading", "library", "garden", "charity", "bake", "sale", "sports", "day", "governors", "parents"]
PROFILE = "Joanna Whitfield"


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()


def fill(store: Store, count: int, rng: random.Random, *, optimize: bool = True) -> float:
    """Generate ``count`` stored mentions the fast way (bulk SQL, FTS rebuilt once), each with the
    sighting a real run would have left, so the sightings index is as large as a real store's."""
    started = time.perf_counter()
    at = now()
    conn = store.db.conn
    with store.atomic():
        conn.execute("INSERT INTO runs (profile, started_at, status, queries, calls, failures, results) "
                     "VALUES (?, ?, 'ok', 1, 1, 0, ?)", [PROFILE, at, count])
        batch = []
        for i in range(count):
            url = f"https://site{i % 5000}.example.org/page/{i}"
            batch.append((PROFILE, url, url, _title(rng), f"{_title(rng)} {i}", "web", "web",
                          f"site{i % 5000}.example.org", at, at))
            if len(batch) == 10_000 or i == count - 1:
                conn.executemany(
                    "INSERT INTO mentions (profile, canonical_url, url, title, snippet, kind, platform, domain, "
                    "first_seen, last_seen, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'notified')", batch)
                batch = []
        conn.execute(
            "INSERT INTO sightings (run_id, mention_id, provider, kind, query, rank, url, title, snippet, seen_at) "
            "SELECT (SELECT max(id) FROM runs), id, 'bench', 'web', '\"Joanna Whitfield\"', id % 20 + 1, url, "
            "title, snippet, first_seen FROM mentions")
    store.db["mentions"].rebuild_fts()
    if optimize:
        # a store grown run by run has its index merged as it goes; a bulk rebuild leaves many segments
        conn.execute("INSERT INTO mentions_fts (mentions_fts) VALUES ('optimize')")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def run_results(count: int, existing: int, rng: random.Random) -> list[Result]:
    """A run's results: half pages already stored, half new ones."""
    results = []
    for i in range(count):
        if i % 2:
            n = rng.randrange(existing)
            url = f"https://site{n % 5000}.example.org/page/{n}"
        else:
            url = f"https://new{i % 700}.example.net/item/{i}"
        results.append(Result(url=url, title=_title(rng), snippet=_title(rng), provider="bench", kind="web",
                              query='"Joanna Whitfield"', rank=i % 20 + 1, canonical_url=url,
                              domain=url.split("/")[2], platform="web"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--results", type=int, default=20_000)
    parser.add_argument("--unmerged", action="store_true", help="leave the bulk-built index unoptimised")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store(path)
        fill_s = fill(store, args.mentions, rng, optimize=not args.unmerged)
        print(f"generated {args.mentions:,} mentions in {fill_s:.1f} s")

        results = run_results(args.results, args.mentions, rng)
        started = time.perf_counter()
        _run_id, new_ids, seen_ids = store.record_run(
            PROFILE, started_at=now(), results=results,
            calls=[{"provider": "bench", "kind": "web", "query": '"Joanna Whitfield"', "at": now(),
                    "status": "ok", "result_count": len(results)}],
            failures=[], queries=1,
        )
        ingest_s = time.perf_counter() - started
        rate = args.results / ingest_s
        print(f"ingest + diff of {args.results:,} results: {ingest_s:.3f} s = {rate:,.0f} results/s "
              f"(goal >= 20,000/s: {rate / 20_000:.2f}x); {len(new_ids):,} new, {len(seen_ids):,} seen again")

        word = "fundraiser"
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            found = store.mentions(search=f"{word} {rng.randrange(args.mentions)}", include_all=True)
            timings.append(time.perf_counter() - started)
        query_ms = min(timings) * 1000
        print(f"store search '{word} <n>' ({len(found)} found): {query_ms:.1f} ms (goal < 100 ms: "
              f"{query_ms / 100:.2f} of it)")
        # pip compiles an installed package's bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE)
        # would otherwise recompile repwatch's modules on every start and measure that instead
        compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)
        config = Path(tmp) / "config.toml"
        config.write_text(f'[repwatch]\ndatabase = "{path}"\n\n[[profile]]\nname = "{PROFILE}"\n')
        for how, where in (("--db", ["--db", str(path)]), ("a config file", ["--config", str(config)])):
            cli_ms = []
            for _ in range(7):
                started = time.perf_counter()
                out = subprocess.run(
                    [sys.executable, "-m", "repwatch", *where, "mentions", "--search",
                     f"{word} {rng.randrange(args.mentions)}", "--json", "--all"],
                    capture_output=True, text=True, check=True,
                )
                cli_ms.append((time.perf_counter() - started) * 1000)
            print(f"`repwatch mentions --search` end to end with {how}, process start-up included: median of 7 "
                  f"{statistics.median(cli_ms):.0f} ms, fastest {min(cli_ms):.0f} ms (goal <= 100 ms; "
                  f"{out.stdout.count('canonical_url')} found)")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size
        total = args.mentions + len(new_ids)
        print(f"database: {size / 1e6:,.0f} MB for {total:,} mentions = {size / total:,.0f} bytes per mention "
              "(with the full-text index and each mention's sightings)")


if __name__ == "__main__":
    main()
