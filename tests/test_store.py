"""The store on a real SQLite file."""

from __future__ import annotations

import sqlite3
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
