"""Sightings are kept compactly: a page a search shows again adds no row, yet when it was first and
last seen, how often and by which runs stays known, on the mention's page, in `show` and the report;
and the migration compacts a store written the old way without losing any of that."""

from __future__ import annotations

import warnings

import pytest

import repwatch.adapters.store as store_module
from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.models import Result
from tests.conftest import cli
from tests.web_support import open_page, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PROFILE = "Joanna Whitfield"
QUERIES = [f'"Joanna Whitfield" {place}' for place in ("Liverpool", "Wirral", "St Mary's", "teacher")]


def results(count: int, title: str = "Page {i} about Joanna Whitfield") -> list[Result]:
    out = []
    for i in range(count):
        url = f"https://site{i}.example.org/page/{i}"
        out.append(Result(url=url, title=title.format(i=i), snippet=f"Joanna Whitfield, words number {i}.",
                          provider="searxng", kind="web", query=QUERIES[i % 4], rank=i % 20 + 1,
                          canonical_url=url, domain=url.split("/")[2], platform="web"))
    return out


def calls(count: int) -> list[dict]:
    return [{"provider": ("searxng", "brave", "serper")[i % 3], "kind": "web", "query": QUERIES[i % 4] + f" {i}",
             "at": "2026-12-07T07:00:00+00:00", "status": "ok", "latency_ms": 180, "result_count": 3,
             "requests": 1} for i in range(count)]


def run(store: Store, found: list[Result], *, profile: str = PROFILE, n_calls: int = 60) -> int:
    run_id, _, _ = store.record_run(profile, started_at="2026-12-07T07:00:00+00:00", results=found,
                                    calls=calls(n_calls), failures=[], queries=n_calls)
    return run_id


def size(store: Store) -> int:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.path.stat().st_size


def test_a_run_that_finds_nothing_new_adds_at_most_10_kb(tmp_path):
    store = Store(tmp_path / "repwatch.db")
    found = results(175)
    run(store, found)
    run(store, found)  # the first repeat can fill pages the first run left part-empty
    before = size(store)
    for _ in range(5):
        run(store, found)
    added = (size(store) - before) / 5
    assert added <= 10_000, f"{added:.0f} bytes a run"
    assert store.conn.execute("SELECT count(*) FROM sightings").fetchone()[0] == 175


def test_a_page_seen_again_moves_on_its_one_row_and_a_change_adds_one(tmp_path):
    store = Store(tmp_path / "repwatch.db")
    found = results(3)
    first = run(store, found)
    second = run(store, found)
    other = run(store, results(1), profile="Tom Harris")  # another profile's run between: no gap for hers
    third = run(store, [found[0], found[2]])
    fourth = run(store, results(3, title="Page {i} about Joanna Whitfield, edited"))
    page0 = store.sightings(store.mentions(profile=PROFILE, include_all=True)[-1].id)
    assert [(s["times"], s["runs"], s["title"]) for s in page0] == [
        (3, f"{first}-{third}", "Page 0 about Joanna Whitfield"),
        (1, str(fourth), "Page 0 about Joanna Whitfield, edited"),
    ]
    page1 = store.sightings(store.mentions(profile=PROFILE, include_all=True)[-2].id)
    assert page1[0]["runs"] == f"{first}-{second}" and page1[0]["times"] == 2
    assert other not in (first, second, third)


def test_the_migration_compacts_an_old_store_keeping_first_last_and_runs(tmp_path, monkeypatch):
    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    step = next(i for i, s in enumerate(store_module.MIGRATIONS) if getattr(s, "__name__", "") == "<lambda>"
                and "compact_sightings" in str(s.__code__.co_names))
    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:step])
        old = Store(db)
        found = results(2)
        for r in found:
            old.conn.execute("INSERT INTO mentions (profile, canonical_url, url, title, snippet, first_seen, last_seen) "
                             "VALUES (?, ?, ?, ?, ?, '2026-11-01T07:00:00+00:00', '2026-11-06T07:00:00+00:00')",
                             [PROFILE, r.canonical_url, r.url, r.title, r.snippet])
        mention = old.conn.execute("SELECT min(id) FROM mentions").fetchone()[0]
        days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06"]
        for day in days:  # five daily runs as the old code stored them: a row for each page each run
            old.conn.execute("INSERT INTO runs (profile, started_at, status) VALUES (?, ?, 'ok')", [PROFILE, day])
            run_id = old.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
            if day == "2026-11-05":
                continue  # this run did not see the pages
            for r in found:
                old.conn.execute(
                    "INSERT INTO sightings (run_id, mention_id, provider, kind, query, rank, url, title, snippet, "
                    "seen_at) SELECT ?, id, ?, ?, ?, ?, url, title, snippet, ? FROM mentions WHERE canonical_url = ?",
                    [run_id, r.provider, r.kind, r.query, 3 if day == "2026-11-03" else 7, f"{day}T07:00:00+00:00",
                     r.canonical_url])
        assert old.conn.execute("SELECT count(*) FROM sightings").fetchone()[0] == 8
        old.close()

    store = Store(db)
    assert store.conn.execute("SELECT count(*) FROM sightings").fetchone()[0] == 2
    (row,) = store.sightings(mention)
    assert row["first_seen_at"][:10] == "2026-11-01" and row["seen_at"] == "2026-11-06T07:00:00+00:00"
    assert row["times"] == 4 and row["runs"] == "1-3,5" and row["rank"] == 3
    store.close()

    config = write_config(tmp_path / "config.toml", db)
    shown = cli("--config", str(config), "show", str(mention))
    assert "to Fri 6 Nov 2026, 07:00, 4 times" in shown.stdout, shown.stdout + shown.stderr
    from repwatch.web.app import create_app

    client = open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db)
    page = client.get(f"/mentions/{mention}").text
    assert "4 times, " in page and "at best result 3" in page
    report = client.get(f"/report?id={mention}").text
    assert "found 4 times" in report and "best result 3" in report
