"""Word lists per language: Welsh beside English, each language a data file checked when it is loaded."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from repwatch.pipeline.triage import text as lexicon_text
from tests.measure_triage import result

RHIAN = Profile(name="Rhian Davies", variants=["Rhian Morgan"], honorifics=["Mrs", "Miss"],
                locations=["Ammanford"], organisations=["Ysgol Gynradd Betws"])


def test_hostility_written_in_welsh_is_negative() -> None:
    a = assess(result("https://x.com/someone/status/1", "someone on X",
                      "Mrs Davies Ysgol Betws yn hollol dwp ac yn warthus, dylai gael y sac"), RHIAN)
    assert a.about == "you"
    flag = next(f for f in a.flags if f.code == "negative")
    assert "dylai gael y sac" in flag.reason or "dwp" in flag.reason or "warthus" in flag.reason


def test_self_harm_written_in_welsh_is_safeguarding() -> None:
    a = assess(result("https://x.com/someone/status/2", "bl6 on X",
                      "dwi ddim yn iawn a does dim pwynt, dim hyd yn oed Mrs Davies yn gallu helpu"), RHIAN)
    assert "safeguarding" in a.codes


def test_teaching_in_welsh_is_read_but_is_no_tie_alone() -> None:
    """"athrawes" is read as teaching, as "teacher" is; like "teacher", with her name and nothing else
    it is every namesake in her job: shown, asking "is it you?"."""
    a = assess(result("https://www.llanellistar.example.co.uk/news/1", "Athrawes yn rhedeg",
                      "Rhian Davies, athrawes blwyddyn 2, yn rhedeg hanner marathon i'r ysgol"), RHIAN)
    assert a.about == "unsure" and a.about_reasons == ["about a teacher ('athrawes'): you, or another teacher with your name"]


def _lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str) -> dict:  # type: ignore[type-arg]
    """The word lists as loaded from a package holding en.toml and one more language file."""
    folder = tmp_path / "data" / "lexicon"
    folder.mkdir(parents=True)
    real = resources.files("repwatch").joinpath("data/lexicon/en.toml").read_text(encoding="utf-8")
    (folder / "en.toml").write_text(real, encoding="utf-8")
    (folder / name).write_text(content, encoding="utf-8")

    class Files:
        def joinpath(self, path: str) -> Path:
            return tmp_path / path

    monkeypatch.setattr(lexicon_text.resources, "files", lambda _package: Files())
    lexicon_text.lexicon_data.cache_clear()
    try:
        return lexicon_text.lexicon_data()
    finally:
        lexicon_text.lexicon_data.cache_clear()


def test_another_language_is_a_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _lists(tmp_path, monkeypatch, "gd.toml",
                  '[flags.negative]\nwords = ["amadan"]\n[tone.valence]\namadan = -2.0\n')
    assert data["flags"]["negative"]["words"][-1] == "amadan"
    assert data["tone"]["valence"]["amadan"] == -2.0


@pytest.mark.parametrize(("content", "said"), [
    ('[flags.negativ]\nwords = ["x"]\n', "data/lexicon/xx.toml: [flags.negativ] is not a list in en.toml"),
    ('[flags.negative]\nwords = "x"\n', "data/lexicon/xx.toml: [flags.negative.words] should be a list of words in quotes"),
    ('[flags.negative]\nwords = [""]\n', "data/lexicon/xx.toml: [flags.negative.words] should be a list of words in quotes"),
    ("[flags\n", "data/lexicon/xx.toml is not valid TOML"),
])
def test_a_language_file_that_does_not_fit_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, said: str
) -> None:
    with pytest.raises(lexicon_text.LexiconError) as caught:
        _lists(tmp_path, monkeypatch, "xx.toml", content)
    assert str(caught.value).startswith(said)


def test_the_packaged_language_files_load() -> None:
    data = lexicon_text.lexicon_data()
    assert "dwp" in data["flags"]["negative"]["words"] or "twp" in data["flags"]["negative"]["words"]
    assert {"en.toml", "cy.toml"} <= {f.name for f in resources.files("repwatch").joinpath("data/lexicon").iterdir()}
