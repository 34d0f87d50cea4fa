"""Sightings kept compactly: one row per page per search (and per change of what the search showed).

A row's ``runs`` says which runs saw it as ranges of run ids: ``"3-40,45"`` is every run of the
mention's profile from 3 to 40, then 45. A page seen by each daily run extends its last range in place,
so five years of runs that find nothing new add next to nothing to the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

_COLUMNS = ("run_id, mention_id, provider, kind, query, rank, url, title, snippet, seen_at, first_seen_at, "
            "first_run_id, times, runs")


def extend_runs(runs: str | None, last_run: int | None, previous: int | None, run_id: int) -> str:
    """``runs`` with ``run_id`` added: its last range goes on when the row's last run was the profile's
    run just before this one; otherwise a new range starts."""
    runs = runs or (str(last_run) if last_run is not None else "")
    if not runs:
        return str(run_id)
    if previous is not None and last_run == previous:
        head, _, tail = runs.rpartition(",")
        tail = f"{tail.split('-')[0]}-{run_id}"
        return f"{head},{tail}" if head else tail
    return f"{runs},{run_id}"


def run_ranges(run_ids: Iterable[int], order: dict[int, int]) -> str:
    """Run ids as ranges, a range running on while the ids follow each other among the profile's runs
    (``order``: run id -> its place among its profile's runs)."""
    out: list[list[int]] = []
    for run_id in sorted(set(run_ids)):
        if out and run_id in order and out[-1][1] in order and order[run_id] == order[out[-1][1]] + 1:
            out[-1][1] = run_id
        else:
            out.append([run_id, run_id])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in out)


def compact_sightings(conn: sqlite3.Connection) -> None:
    """The migration: rows of the same page, search and words become one, keeping when it was first
    and last seen, how many runs saw it and which. Read a mention at a time, so memory stays flat."""
    order: dict[int, int] = {}
    counts: dict[str, int] = {}
    for run_id, profile in conn.execute("SELECT id, profile FROM runs ORDER BY id"):
        order[run_id] = counts.get(profile, 0)
        counts[profile] = order[run_id] + 1
    conn.execute("""
        CREATE TABLE sightings_compact (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),   -- the last run that saw it
            mention_id INTEGER REFERENCES mentions(id),
            provider TEXT NOT NULL,
            kind TEXT NOT NULL,
            query TEXT NOT NULL,
            rank INTEGER,                         -- its best place in the results
            url TEXT NOT NULL,
            title TEXT,
            snippet TEXT,
            seen_at TEXT NOT NULL,                -- last seen
            first_seen_at TEXT,
            first_run_id INTEGER,
            times INTEGER NOT NULL DEFAULT 1,     -- how many runs saw it
            runs TEXT                             -- which: ranges of run ids, "3-40,45"
        )""")
    batch: list[tuple[Any, ...]] = []
    group: dict[tuple[Any, ...], list[tuple[int, int | None, int | None, str]]] = {}
    current = None

    def flush_group() -> None:
        for key, rows in group.items():
            runs = [r[1] for r in rows if r[1] is not None]
            ranks = [r[2] for r in rows if r[2] is not None]
            last = max(rows, key=lambda r: (r[3], r[0]))
            first = min(rows, key=lambda r: (r[3], r[0]))
            batch.append((min(r[0] for r in rows), last[1], key[0], key[1], key[2], key[3],
                          min(ranks) if ranks else None, key[4], key[5], key[6], last[3], first[3], first[1],
                          len(set(runs)) or len(rows), run_ranges(runs, order) or None))
        group.clear()
        if len(batch) >= 5000:
            flush()

    def flush() -> None:
        conn.executemany(f"INSERT INTO sightings_compact (id, {_COLUMNS}) VALUES ({', '.join('?' * 15)})", batch)
        batch.clear()

    reader = conn.execute(
        "SELECT id, run_id, rank, seen_at, mention_id, provider, kind, query, url, title, snippet "
        "FROM sightings ORDER BY mention_id, id")
    for row in reader:
        if row[4] != current:
            flush_group()
            current = row[4]
        group.setdefault(tuple(row[4:]), []).append((row[0], row[1], row[2], str(row[3])))
    flush_group()
    flush()
    conn.execute("DROP TABLE sightings")
    conn.execute("ALTER TABLE sightings_compact RENAME TO sightings")
    conn.execute("CREATE INDEX sightings_mention ON sightings(mention_id)")
