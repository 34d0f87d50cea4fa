"""The namesakes listing finds each namesake's pages among the pages set aside alone, by their own
index: it read every page of hers (every one of 100,000 at five years) to find them."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from repwatch.adapters.store import Store
from repwatch.adapters.store.listing import ASIDE_PAGES_SQL, NAMESAKE_SAID
from repwatch.app.lifecycle import _with_pages
from tests.web_support import result

ME = "Joanna Whitfield"
SOLICITOR = "the solicitor in Leeds you said is not you, 3 Nov"
SINGER = "the singer in Cardiff you said is not you, 9 Nov"


def _store(tmp_path: Path) -> tuple[Store, dict[int, str]]:
    """A store of her pages, some set aside as one of two namesakes', some as someone else's for
    another reason, one set aside then said to be hers (`confirm`), and another profile's."""
    store = Store(tmp_path / "repwatch.db")
    kinds = {}
    results, verdicts = [], {}
    for i in range(60):
        page = result(f"https://site{i}.example.org/p/{i}", f"Page {i} with Jo Whitfield")
        kind = ["hers", "solicitor", "singer", "other", "both"][i % 5]
        about, reasons = {"hers": ("you", ["her name and school"]),
                          "solicitor": ("someone_else", ["a solicitor", SOLICITOR]),
                          "singer": ("someone_else", [SINGER]),
                          "other": ("someone_else", ["a plumber in Hull; you teach in Liverpool"]),
                          "both": ("someone_else", [SOLICITOR, SINGER])}[kind]
        results.append(page)
        verdicts[page.canonical_url] = SimpleNamespace(score=0.2, reasons=[], flags=[], tone=0.0, about=about,
                                                       about_reasons=reasons)
        kinds[i] = kind
    _, ids, _ = store.record_run(ME, started_at="2026-11-24T07:00:00+00:00", results=results, calls=[],
                                 failures=[], queries=1, verdicts=verdicts)
    by_id = {mention_id: kinds[i] for i, mention_id in enumerate(ids)}
    store.tell_about(ids[1], "you")  # set aside as the solicitor's, then she said it is hers
    by_id[ids[1]] = "hers"
    other = result("https://elsewhere.example.org/x", "Another teacher's page")
    store.record_run("Someone Else", started_at="2026-11-24T07:00:00+00:00", results=[other], calls=[], failures=[],
                     queries=1, verdicts={other.canonical_url: SimpleNamespace(
                         score=0.2, reasons=[], flags=[], tone=0.0, about="someone_else", about_reasons=[SOLICITOR])})
    return store, by_id


def test_the_pages_set_aside_are_found_through_their_own_index(tmp_path: Path) -> None:
    store, _ = _store(tmp_path)
    plan = " / ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {ASIDE_PAGES_SQL}", [ME, NAMESAKE_SAID]))
    assert "USING INDEX mentions_aside (profile=?)" in plan, plan
    assert "SCAN" not in plan and "TEMP B-TREE" not in plan, plan  # no page read beyond the index's, no sort


def test_each_namesake_lists_the_same_pages_as_reading_every_page_did(tmp_path: Path) -> None:
    store, kinds = _store(tmp_path)
    rows = [{"summary": "the solicitor in Leeds", "mention_id": 1}, {"summary": "the singer in Cardiff", "mention_id": 2}]
    listed = _with_pages(store, ME, rows)

    every = [m for m in store.mentions(profile=ME, include_all=True) if m.about == "someone_else"]  # the old way
    for row, summary in zip(listed, ("the solicitor in Leeds", "the singer in Cardiff"), strict=True):
        said = f"{summary} you said is not you"
        assert row["pages"] == [m.id for m in every if any(r.startswith(said) for r in m.about_reasons)]
    solicitor, singer = (row["pages"] for row in listed)
    assert solicitor == sorted((i for i, k in kinds.items() if k in ("solicitor", "both")), reverse=True)
    assert singer == sorted((i for i, k in kinds.items() if k in ("singer", "both")), reverse=True)
    assert listed[0] == {"profile": ME, "summary": "the solicitor in Leeds", "mention_id": 1, "pages": solicitor}
    assert _with_pages(store, ME, []) == []
