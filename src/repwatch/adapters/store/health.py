"""What `doctor` needs to know about a database file, found without changing it.

A database can open and read fine and still be unable to take the next run: the file or its folder
may be read-only (a run's first write fails), or a table may be missing (copied from elsewhere,
edited by hand, half-restored). Opening it read-only, this compares it with the schema the
migrations build and checks that the file and its folder can be written.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from repwatch.adapters.store import _statements
from repwatch.adapters.store.migrations import MIGRATIONS


@dataclass
class StoreHealth:
    path: Path
    error: str | None = None  # SQLite could not read it at all
    integrity: str = "ok"
    version: int = 0
    known: int = 0  # the schema version this repwatch builds
    missing: list[str] = field(default_factory=list)  # "table" or "table.column"
    writable: bool = True
    why_not_writable: str = ""


def _schema(conn: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}


def expected_schema() -> dict[str, set[str]]:
    """The tables and columns a fully migrated database has: the migrations run in memory."""

    db = sqlite_utils.Database(memory=True)
    for step in MIGRATIONS:
        if callable(step):
            step(db)
        else:
            for statement in _statements(step):
                db.execute(statement)
    return _schema(db.conn)


def inspect(path: Path) -> StoreHealth:
    """Read ``path`` (which exists) read-only and say what stands between it and the next run."""

    health = StoreHealth(path=path, known=len(MIGRATIONS))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            health.integrity = str(conn.execute("PRAGMA quick_check").fetchone()[0])
            health.version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            actual = _schema(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        health.error = str(exc)
        return health
    if health.version == health.known:
        for table, columns in expected_schema().items():
            if table not in actual:
                health.missing.append(table)
            else:
                health.missing.extend(f"{table}.{c}" for c in sorted(columns - actual[table]))
    if not os.access(path, os.W_OK):
        health.writable, health.why_not_writable = False, f"the file {path} is read-only"
    elif not os.access(path.parent, os.W_OK):
        # WAL mode keeps two files beside the database; SQLite must be able to create them
        health.writable, health.why_not_writable = False, f"its folder {path.parent} is read-only"
    return health


def last_runs(path: Path, profiles: list[str]) -> dict[str, str | None]:
    """When each profile last ran, read without changing the file (empty when it cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return {
                name: (row[0] if (row := conn.execute(
                    "SELECT started_at FROM runs WHERE profile = ? ORDER BY started_at DESC LIMIT 1", [name]
                ).fetchone()) else None)
                for name in profiles
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
