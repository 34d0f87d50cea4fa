"""Small helpers every table group of the store shares."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import count
from typing import TYPE_CHECKING, Any

from repwatch.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils
    import sqlite_utils.db


MAX_INTEGER = 2**63 - 1  # SQLite's largest INTEGER, and so its largest id


def fits(value: Any) -> bool:
    """False for a whole number outside SQLite's 64-bit range; True for anything else."""
    return not isinstance(value, int) or -MAX_INTEGER - 1 <= value <= MAX_INTEGER


_SAVEPOINTS = count()


class Connected:
    """The connection every table group reads through, and sqlite-utils for the writes.

    Reads use the plain connection: importing sqlite-utils costs 50 ms (its regexes, dateutil),
    half of what `repwatch mentions --search` may take from start to finish. It loads on the first
    write, which never happens in a read-only command.
    """

    conn: sqlite3.Connection

    @cached_property
    def db(self) -> sqlite_utils.Database:
        import sqlite_utils  # lazy: 50 ms of imports that read-only commands never need

        return sqlite_utils.Database(self.conn, execute_plugins=False)  # no third-party code on the store

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all of it is stored, or none.

        The outer one is ``BEGIN IMMEDIATE``: it waits for the write lock at its start (busy_timeout),
        so profiles running side by side queue for the database instead of failing with "database
        is locked" when a transaction that began by reading tries to write after another committed.
        """
        conn = self.conn
        if conn.in_transaction:
            name = f"repwatch_{next(_SAVEPOINTS)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # a RAISE(ROLLBACK) may already have ended it all
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def limit_cache(self, megabytes: int) -> None:
        """Keep at most this much of the database in this connection's memory. A run's connection
        caches 64 MB (large stores ingest faster); the review page has one connection per worker
        thread, so each keeps less, and the server's memory stays bounded however large the store."""
        self.conn.execute(f"PRAGMA cache_size=-{int(megabytes) * 1024}")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dicts keyed by column name.

        A whole number SQLite cannot hold (an id of 30 digits from a request or an argument) matches
        no row, so it is answered as "not found" rather than by SQLite's OverflowError.
        """
        if any(not fits(p) for p in params):
            return []
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def inserted(table: sqlite_utils.db.Table, row: dict[str, Any]) -> int:
    """Insert one row and return its new id (sqlite-utils types ``last_pk`` as optional)."""
    pk = table.insert(row).last_pk
    if pk is None:
        raise StoreError(f"SQLite gave no id for the new row in {table.name}.")
    return int(pk)
