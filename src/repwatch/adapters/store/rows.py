"""Small helpers every table group of the store shares."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from repwatch.errors import StoreError


def inserted(table: sqlite_utils.db.Table, row: dict[str, Any]) -> int:
    """Insert one row and return its new id (sqlite-utils types ``last_pk`` as optional)."""
    pk = table.insert(row).last_pk
    if pk is None:
        raise StoreError(f"SQLite gave no id for the new row in {table.name}.")
    return int(pk)
