"""The store on a real SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from types import SimpleNamespace

from repwatch.adapters.store import MIGRATIONS, Store, now
from repwatch.models import Flag, Result


def _result(url: str) -> Result:
    return Result(url=url, title="Joanna Whitfield is a disgrace", snippet="", provider="searxng", kind="web",
                  query='"Joanna Whitfield"', rank=1, canonical_url=url, domain="example.org", platform="web")


def test_a_new_mention_is_stored_with_its_verdict_in_the_same_transaction(tmp_path):
    store = Store(tmp_path / "repwatch.db")
    flagged = "https://example.org/post/1"
    verdict = SimpleNamespace(score=0.9, reasons=["the full name is in the title"],
                              flags=[Flag("negative", "The word 'disgrace' appears near your name.")])
    _run, new_ids, _seen = store.record_run(
        "Joanna Whitfield", started_at=now(), results=[_result(flagged), _result("https://example.org/2")],
        calls=[], failures=[], queries=1, verdicts={flagged: verdict},
    )
    first, second = (store.mention(i) for i in new_ids)
    assert (first.score, [f.code for f in first.flags]) == (0.9, ["negative"])
    assert (second.score, second.flags) == (1.0, [])  # no verdict: kept, unflagged


def test_a_fresh_database_has_every_migration_and_passes_its_integrity_check(tmp_path):
    Store(tmp_path / "repwatch.db").close()
    conn = sqlite3.connect(tmp_path / "repwatch.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT v FROM mentions_fts_config WHERE k = 'automerge'").fetchone()[0] == 8


def _page(url: str, title: str) -> Result:
    return Result(url=url, title=title, snippet="", provider="searxng", kind="web", query='"Joanna Whitfield"',
                  rank=1, canonical_url=url, domain="example.org", platform="web")


def _found(store: Store, text: str) -> list[str]:
    return sorted(m.url for m in store.mentions(search=text, include_all=True))


def test_search_finds_the_new_pages_of_every_run_and_only_those_that_match(tmp_path):
    store = Store(tmp_path / "repwatch.db")
    store.record_run("Joanna Whitfield", started_at=now(), calls=[], failures=[], queries=1, results=[
        _page("https://example.org/a", "Museum trip for year 6"), _page("https://example.org/b", "Choir concert")])
    store.record_run("Joanna Whitfield", started_at=now(), calls=[], failures=[], queries=1, results=[
        _page("https://example.org/a", "Museum trip for year 6"), _page("https://example.org/c", "Museums of Liverpool")])
    assert _found(store, "museum") == ["https://example.org/a", "https://example.org/c"]  # porter: museums
    assert _found(store, "choir") == ["https://example.org/b"]
    assert _found(store, '"year 6" museum') == ["https://example.org/a"]
    for odd in ('AND -x "', "NEAR(", "a:b*", '""', "^trip"):
        store.mentions(search=odd, include_all=True)  # FTS syntax in a search is text, never an error


def test_a_database_indexed_by_the_old_trigger_keeps_its_index_after_the_upgrade(tmp_path, monkeypatch):
    import repwatch.adapters.store as store_module

    path = tmp_path / "repwatch.db"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:8])  # schema 8: a trigger indexed each mention
    Store(path).close()
    monkeypatch.undo()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO mentions (profile, canonical_url, url, title, first_seen, last_seen) VALUES "
                 "('Joanna Whitfield', 'https://example.org/old', 'https://example.org/old', 'Sports day', 'x', 'x')")
    conn.close()
    upgraded = Store(path)
    assert upgraded.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'mentions_ai'").fetchone() == (0,)
    upgraded.record_run("Joanna Whitfield", started_at=now(), calls=[], failures=[], queries=1,
                        results=[_page("https://example.org/new", "Sports awards")])
    assert _found(upgraded, "sports") == ["https://example.org/new", "https://example.org/old"]
    # FTS5 compares its index with the mentions table, and raises if a row is missing or doubled
    upgraded.conn.execute("INSERT INTO mentions_fts (mentions_fts, rank) VALUES ('integrity-check', 1)")


def test_listing_and_searching_mentions_never_loads_the_write_library(tmp_path):
    """`repwatch mentions --search` has 100 ms from start to finish; sqlite-utils' import is 50 ms."""
    path = tmp_path / "repwatch.db"
    store = Store(path)
    store.record_run("Joanna Whitfield", started_at=now(), calls=[], failures=[], queries=1,
                     results=[_page("https://example.org/a", "Museum trip")])
    store.close()
    code = ("import sys; from pathlib import Path; from repwatch.adapters.store import Store; "
            f"s = Store(Path({str(path)!r})); print(len(s.mentions(search='museum'))); "
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False"]
