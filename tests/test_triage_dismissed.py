"""Dismissed pages stay dropped, and their URLs are canonicalised once per run, not once per result."""

from __future__ import annotations

from collections import Counter

import pytest

from repwatch.adapters.store import Store, now
from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline import person as person_module
from repwatch.pipeline import runner, triage
from repwatch.pipeline.urls import canonical_url, classify, registered_domain

JOANNA = Profile(name="Joanna Whitfield", locations=["Liverpool"])


def _result(url: str) -> Result:
    r = Result(url=url, title="Joanna Whitfield", snippet="Liverpool teacher", provider="searxng", kind="web",
               query='"Joanna Whitfield"', rank=1)
    r.canonical_url = canonical_url(url)
    r.domain = registered_domain(url)
    r.platform = classify(url, "web")[0]
    return r


def test_each_dismissed_url_is_canonicalised_once_per_run(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "repwatch.db")
    pages = [f"https://example.org/page/{i}" for i in range(40)]
    _run, ids, _seen = store.record_run(JOANNA.name, started_at=now(), results=[_result(u) for u in pages],
                                        calls=[], failures=[], queries=1)
    dismissed = dict(zip(pages[:30], ids[:30], strict=True))
    for mention_id in dismissed.values():
        store.set_status(mention_id, "dismissed", "not me")

    calls: Counter[str] = Counter()
    real = triage.canonical_url

    def counting(url: str) -> str:
        calls[url] += 1
        return real(url)

    monkeypatch.setattr(triage, "canonical_url", counting)
    monkeypatch.setattr(person_module, "canonical_url", counting)  # the run's Person reads them once
    # the same pages found again, spelled differently (www., tracking parameters)
    found = [_result(u.replace("https://", "https://www.") + "?utm_source=feed") for u in pages]
    kept, _verdicts = runner.triage_results(JOANNA, store, found)

    assert sorted(r.canonical_url for r in kept) == sorted(pages[30:])  # dismissed stays dropped
    assert {url: calls[url] for url in dismissed} == dict.fromkeys(dismissed, 1)


def test_dismissed_keys_accept_raw_urls_and_match_any_spelling() -> None:
    keys = triage.dismissed_keys(["http://example.org/jo/"])
    page = _result("https://www.example.org/jo?utm_source=x")
    assert triage.assess(page, JOANNA, dismissed_urls=keys).drop
    assert triage.assess(page, JOANNA, dismissed_urls=["http://example.org/jo/"]).drop
    assert not triage.assess(page, JOANNA, dismissed_urls=frozenset()).drop
