"""The labelled batches are sound data, only `--unseen` reads the unseen ones, and a batch with its own
profiles, `about` labels and answers (`told`) is measured as the lead's unseen batches will be.

The command runs here with labelled.toml and wave3 alone as development data (`one_development_batch`):
the batches' figures are for the lead to take, by hand (`python -m tests.measure_triage`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from repwatch import models
from tests import measure_triage
from tests.measure_triage import (
    DATA,
    DEVELOPMENT_DIR,
    PROFILES,
    TRIAGE_FLAGS,
    UNSEEN,
    about_of,
    batch_of,
    development_items,
)

# The kinds a result can have (web, news and image searches, posts, accounts, people-search listings).
KINDS = set(models.KINDS)
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


# the tests that run the command share one test process, which judges each batch once
MEASURED = pytest.mark.xdist_group("measure-triage")


@pytest.fixture
def one_development_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's development data cut to wave3 (with labelled.toml): what these tests check is which
    files it reads and how it prints them, and judging all the development batches (about 2,000
    results, 27 CPU s) would add no assertion (their figures are taken by hand, as docs/triage.md says)."""
    folder = tmp_path / "development"
    folder.mkdir()
    (folder / "wave3.toml").write_bytes((DEVELOPMENT_DIR / "wave3.toml").read_bytes())
    monkeypatch.setattr(measure_triage, "DEVELOPMENT_DIR", folder)


def batch_files() -> list[Path]:
    """The development batches and whatever unseen ones are in the tree (checked for form only)."""
    return sorted(DEVELOPMENT_DIR.glob("*.toml")) + sorted(UNSEEN.glob("*.toml"))


def test_measured_batches_are_development_data_now() -> None:
    assert [p.name for p in sorted(DEVELOPMENT_DIR.glob("*.toml"))] == ["wave10.toml", "wave11.toml", "wave3.toml", "wave4.toml", "wave5.toml", "wave6.toml", "wave7.toml", "wave8.toml", "wave9.toml"]
    assert {batch_of(i) for i in development_items()} >= {"wave3"}


@pytest.mark.parametrize("path", batch_files(), ids=lambda p: p.name)
def test_batches_are_well_formed(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(data) <= {"item", "profiles"}
    profiles = set(PROFILES) | set(data.get("profiles", {}))
    batch = path.stem
    urls = set()
    for n, item in enumerate(data["item"]):
        where = f"{path.name} item {n} ({item.get('url')})"
        assert item["profile"] in profiles, where
        assert item.get("kind", "web") in KINDS, where
        assert item.get("batch", batch) == batch, where
        assert about_of(item) in ("you", "unsure", "someone_else"), where
        assert item.get("told") in (None, "not_me", "mine"), where
        assert all(isinstance(item[key], str) and item[key] for key in ("url", "title", "snippet")), where
        assert set(item.get("flags", [])) <= set(TRIAGE_FLAGS), where
        assert item["url"] not in urls, where
        urls.add(item["url"])


def test_batches_do_not_repeat_a_labelled_url() -> None:
    labelled = {i["url"] for i in DATA["item"]}
    assert not [i["url"] for i in development_items()[len(DATA["item"]):] if i["url"] in labelled]


def test_every_flag_has_enough_positives_in_wave3() -> None:
    # photo: 7 since the conventions' relabelling (8 Dec 2026) took videos of her out of `photo`
    minimum = {"safeguarding": 15, "negative": 12, "personal_info": 8, "photo": 7, "impersonation": 8,
               "unconfirmed_account": 6}
    items = [i for i in development_items() if batch_of(i) == "wave3"]
    for code, least in minimum.items():
        assert sum(code in i["flags"] for i in items) >= least, code


@MEASURED
@pytest.mark.usefixtures("one_development_batch")
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
    assert measure_triage.items() == measure_triage.development_items()


@MEASURED
@pytest.mark.usefixtures("one_development_batch")
def test_unseen_adds_each_batch_after_the_labelled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "canary.toml").write_text(CANARY, encoding="utf-8")
    monkeypatch.setattr(measure_triage, "UNSEEN", tmp_path)
    pool = measure_triage.items(unseen=True)
    development = measure_triage.development_items()
    assert pool[: len(development)] == development
    assert [i["batch"] for i in pool[len(development):]] == ["canary"]
    assert measure_triage.main(["--quiet", "--unseen"]) == 0
    out = capsys.readouterr().out
    canary = out.index("Held out, never tuned on: batch canary")
    assert canary > out.index("Development batch wave3")
    assert "(positives, of 1 items)" in out[canary:]


# A batch written the way a new unseen one is: its own teacher (a primary teacher in a small Welsh town,
# a married and a maiden name), `about` labels, and her answers ("not me", "mine") between the items.
OWN_BATCH = """
[profiles.rhian]
name = "Rhian Davies"
variants = ["Rhian Morgan"]
honorifics = ["Mrs", "Miss"]
locations = ["Ammanford"]
organisations = ["Ysgol Gynradd Betws"]
role = "Year 2 teacher"

[[item]]
profile = "rhian"
url = "https://www.llanellistar.co.uk/news/councillor-rhian-davies-ward"
title = "Councillor Rhian Davies calls for new crossing on Station Road"
snippet = "Llanelli councillor Rhian Davies said residents of Felinfoel ward had waited long enough."
kind = "news"
about = "someone_else"
told = "not_me"

[[item]]
profile = "rhian"
url = "https://www.llanellistar.co.uk/news/councillor-rhian-davies-budget"
title = "Budget row: councillor Rhian Davies walks out"
snippet = "Felinfoel ward councillor Rhian Davies walked out of the meeting in Llanelli on Tuesday."
kind = "news"
about = "someone_else"

[[item]]
profile = "rhian"
url = "https://www.facebook.com/ysgolgynraddbetws/posts/pfbid0x1"
title = "Ysgol Gynradd Betws"
snippet = "Diolch to Mrs Davies and Year 2 for a wonderful harvest assembly this morning!"
kind = "post"
about = "you"
flags = []

[[item]]
profile = "rhian"
url = "https://www.tiktok.com/@rhian.davies.22"
title = "Rhian Davies (@rhian.davies.22) | TikTok"
snippet = "Rhian Davies · 12 followers · 3 videos"
kind = "account"
about = "you"
flags = ["unconfirmed_account"]
told = "mine"

[[item]]
profile = "rhian"
url = "https://www.tiktok.com/@rhian.davies.22/video/7301"
title = "Rhian Davies on TikTok"
snippet = "Sunday walk on the Black Mountain with the dog"
kind = "post"
about = "you"
flags = []
"""


@MEASURED
@pytest.mark.usefixtures("one_development_batch")
def test_a_batch_with_its_own_profile_about_labels_and_answers_is_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wave99.toml").write_text(OWN_BATCH, encoding="utf-8")
    monkeypatch.setattr(measure_triage, "UNSEEN", tmp_path)
    rows = measure_triage.assessed("wave99", measure_triage.items(unseen=True))
    got = [(item["url"].rsplit("/", 1)[-1], a.about) for item, a in rows]
    assert got == [
        ("councillor-rhian-davies-ward", "someone_else"),  # a councillor in Llanelli
        ("councillor-rhian-davies-budget", "someone_else"),  # the namesake she said "not me" to
        ("pfbid0x1", "you"),  # her school
        ("@rhian.davies.22", "you"),  # an account in her name: "is it yours?"
        ("7301", "you"),  # posted by the account she then said is hers
    ]
    assert rows[1][1].about_reasons[0] == "the councillor in Llanelli you said is not you, 3 Dec"
    assert rows[3][1].codes == ["unconfirmed_account"] and rows[4][1].codes == []
    assert measure_triage.main(["--quiet", "--unseen"]) == 0
    out = capsys.readouterr().out
    batch = out[out.index("Held out, never tuned on: batch wave99"):]
    assert "about = you                 1.00    1.00  (3)" in batch
    assert "unconfirmed_account         1.00    1.00  (1)" in batch
