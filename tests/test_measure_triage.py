"""The unseen batches (tests/data/unseen/) are sound data, and only `--unseen` reads them.

Nothing here runs triage on those batches: their figures are for the lead to take once, by hand.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests import measure_triage
from tests.measure_triage import DATA, PROFILES, TRIAGE_FLAGS, UNSEEN, unseen_items

# The kinds a provider gives a result (web, news and image searches; Bluesky and Mastodon searches).
KINDS = {"web", "news", "image", "post", "account"}
CANARY = """
[[item]]
profile = "joanna"
url = "https://example.org/canary"
title = "Joanna Whitfield canary"
snippet = "a canary item"
kind = "web"
about_me = true
flags = []
heldout = true
batch = "canary"
"""


def unseen_files() -> list[Path]:
    return sorted(UNSEEN.glob("*.toml"))


def test_there_is_an_unseen_batch() -> None:
    assert "wave3.toml" in [p.name for p in unseen_files()]
    assert len(unseen_items()) >= 100


@pytest.mark.parametrize("path", unseen_files(), ids=lambda p: p.name)
def test_unseen_items_are_well_formed(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"item"}, "profiles come from labelled.toml; a batch file holds items only"
    batch = path.stem
    urls = set()
    for n, item in enumerate(data["item"]):
        where = f"{path.name} item {n} ({item.get('url')})"
        assert item["profile"] in PROFILES, where
        assert item["kind"] in KINDS, where
        assert item["heldout"] is True and item["batch"] == batch, where
        assert isinstance(item["about_me"], bool), where
        assert all(isinstance(item[key], str) and item[key] for key in ("url", "title", "snippet")), where
        assert set(item["flags"]) <= set(TRIAGE_FLAGS), where
        assert len(item["flags"]) == len(set(item["flags"])), where
        assert item["about_me"] or not item["flags"], f"{where}: flags on an item not about the person"
        assert set(item) <= {"profile", "url", "title", "snippet", "kind", "about_me", "flags", "note",
                             "heldout", "batch"}, where
        assert item["url"] not in urls, where
        urls.add(item["url"])


def test_unseen_batches_do_not_repeat_a_labelled_url() -> None:
    labelled = {i["url"] for i in DATA["item"]}
    assert not [i["url"] for i in unseen_items() if i["url"] in labelled]


def test_every_flag_has_enough_positives_in_the_unseen_batch() -> None:
    minimum = {"safeguarding": 15, "negative": 12, "personal_info": 8, "photo": 10, "impersonation": 8,
               "unconfirmed_account": 6}
    items = unseen_items()
    for code, least in minimum.items():
        assert sum(code in i["flags"] for i in items) >= least, code


def test_the_default_run_does_not_read_the_unseen_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "canary.toml").write_text(CANARY, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("this is [ not toml", encoding="utf-8")
    monkeypatch.setattr(measure_triage, "UNSEEN", tmp_path)
    assert measure_triage.main(["--quiet"]) == 0
    out = capsys.readouterr().out
    assert "canary" not in out
    assert "Tuned on" in out
    assert measure_triage.items() == DATA["item"]


def test_unseen_adds_each_batch_after_the_labelled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "canary.toml").write_text(CANARY, encoding="utf-8")
    monkeypatch.setattr(measure_triage, "UNSEEN", tmp_path)
    pool = measure_triage.items(unseen=True)
    assert pool[: len(DATA["item"])] == DATA["item"]
    assert [i["batch"] for i in pool[len(DATA["item"]):]] == ["canary"]
    assert measure_triage.main(["--quiet", "--unseen"]) == 0
    out = capsys.readouterr().out
    canary = out.index("Held out, never tuned on: batch canary")
    assert canary > out.index("Written held out, then used to develop the rules of 29 Nov 2026: batch wave2")
    assert "(positives, of 1 items)" in out[canary:]
