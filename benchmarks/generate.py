"""A generated store of N mentions shaped like five years of a teacher's history, for the benchmarks.

Most pages were emailed and never answered (``notified``); about 1 in 100 carries a flag and waits
for an answer, 1 in 50 is judged to be someone else, 1 in 20 was answered "not me", 1 in 200 is a
worry. Each has one sighting, as the compacted store keeps a page seen run after run. Titles are six
words from a small vocabulary, so a common word ("school") is in about a quarter of them.

Stores are cached under the temp folder by size (`--fresh` makes them again): 1M takes minutes.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from repwatch.adapters.store import MIGRATIONS, Store, now

WORDS = ["school", "trip", "museum", "liverpool", "teacher", "award", "fundraiser", "concert", "football",
         "assembly", "choir", "art", "science", "maths", "reading", "library", "garden", "charity", "bake",
         "sale", "sports", "day", "governors", "parents"]
PROFILE = "Joanna Whitfield"
FLAG = json.dumps([{"code": "negative", "reason": "hostile words near your name"}])
VERSION = 3  # bump when the shape changes, so cached stores are made again
UNNAMED_SCHEMA = 18  # a cached store's name says its schema after this one (the names before did not)


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()


def shape(i: int) -> tuple[str, float, str]:
    """(status, score, flags) of the i-th generated mention."""
    if i % 100 == 0:
        return "notified", 0.9, FLAG
    if i % 200 == 3:
        return "concern", 0.9, "[]"
    if i % 50 == 2:
        return "notified", 0.2, "[]"
    if i % 20 == 4:
        return "dismissed", 0.9, "[]"
    return "notified", 0.9, "[]"


def fill(store: Store, count: int, *, seed: int = 7, profiles: int = 1) -> float:
    """Bulk-insert ``count`` mentions (with their sightings and full-text index) the fast way."""
    rng = random.Random(seed)
    started = time.perf_counter()
    at = now()
    conn = store.conn
    names = [PROFILE] + [f"Teacher {n}" for n in range(1, profiles)]
    with store.atomic():
        for name in names:
            conn.execute("INSERT INTO runs (profile, started_at, status, queries, calls, failures, results) "
                         "VALUES (?, ?, 'ok', 1, 1, 0, ?)", [name, at, count])
        batch = []
        for i in range(count):
            url = f"https://site{i % 5000}.example.org/page/{i}"
            status, score, flags = shape(i)
            batch.append((names[i % profiles], url, url, _title(rng), f"{_title(rng)} {i}", "web", "web",
                          f"site{i % 5000}.example.org", at, at, status, score, flags))
            if len(batch) == 10_000 or i == count - 1:
                conn.executemany(
                    "INSERT INTO mentions (profile, canonical_url, url, title, snippet, kind, platform, domain, "
                    "first_seen, last_seen, status, score, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    batch)
                batch = []
        conn.execute(
            "INSERT INTO sightings (run_id, mention_id, provider, kind, query, rank, url, title, snippet, seen_at) "
            "SELECT (SELECT min(id) FROM runs), id, 'bench', 'web', '\"Joanna Whitfield\"', id % 20 + 1, url, "
            "title, snippet, first_seen FROM mentions")
    store.db["mentions"].rebuild_fts()
    conn.execute("INSERT INTO mentions_fts (mentions_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def cached(count: int, *, fresh: bool = False, profiles: int = 1) -> Path:
    """A generated store of ``count`` mentions, made once and kept in the temp folder: one for each
    schema (a store migrated by a later repwatch cannot be opened by an earlier one, which a benchmark
    timing the code before a change runs; the first schema's name is the one it always had)."""
    schema = "" if len(MIGRATIONS) <= UNNAMED_SCHEMA else f"-s{len(MIGRATIONS)}"
    path = Path(tempfile.gettempdir()) / f"repwatch-bench-v{VERSION}{schema}-{count}-{profiles}.db"
    if fresh or not path.exists():
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
        partial = path.with_suffix(".partial")
        for old in path.parent.glob(partial.name + "*"):
            old.unlink()
        store = Store(partial)
        seconds = fill(store, count, profiles=profiles)
        store.close()
        partial.rename(path)
        print(f"(generated {count:,} mentions in {seconds:.0f} s: {path})")
    else:
        Store(path).close()  # migrate a store cached by an older repwatch
    return path
