"""The packaged data files: each one loads through its model, and a misspelt key or a wrong type is
refused with one sentence naming the file and the key (never quietly read as "not set")."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from repwatch import datafiles, platforms
from repwatch.errors import ConfigError
from repwatch.pipeline import digest, labels, names
from repwatch.pipeline.accounts import sites as account_sites
from repwatch.pipeline.exposure import sites as exposure_sites
from repwatch.pipeline.triage import text as lexicon_text
from repwatch.pipeline.triage import who


def _fresh(loader: Callable[[], Any], *caches: Any) -> Callable[[], Any]:
    """The loader, run past its cache (and put back uncached, so other tests read the real file)."""
    def run() -> Any:
        for cache in caches:
            cache.cache_clear()
        try:
            return loader()
        finally:
            for cache in caches:
                cache.cache_clear()
    return run


# Every file under src/repwatch/data/, with the loader that checks it as repwatch reads it.
LOADERS: dict[str, Callable[[], Any]] = {
    "platforms.toml": _fresh(platforms.table, platforms._raw, platforms.table),
    "search_services.toml": _fresh(platforms.services, platforms._services_data, platforms.services),
    "names.toml": _fresh(lambda: names._data("names.toml"), names._data),
    "nicknames.toml": _fresh(lambda: names._data("nicknames.toml"), names._data),
    "uk_places.toml": _fresh(who.places, who.places),
    "uk_towns.tsv": who.towns,
    "guide.toml": _fresh(digest.guide, labels.packaged_guide, digest.guide),
    "lexicon/en.toml": _fresh(lexicon_text.lexicon, lexicon_text.lexicon_data, lexicon_text.lexicon),
    "lexicon/cy.toml": _fresh(lexicon_text.lexicon, lexicon_text.lexicon_data, lexicon_text.lexicon),
    "lexicon/sco.toml": _fresh(lexicon_text.lexicon, lexicon_text.lexicon_data, lexicon_text.lexicon),
    "exposure_sites.toml": _fresh(lambda: exposure_sites._load(None), exposure_sites._load),
    "accounts_sites.json": _fresh(lambda: account_sites._table(None), account_sites._table),
}


def test_every_packaged_data_file_has_a_checked_loader() -> None:
    folder = Path(str(resources.files("repwatch").joinpath("data")))
    packaged = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                and p.suffix in (".toml", ".json", ".tsv")}
    assert packaged == set(LOADERS)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_packaged_data_file_loads(name: str) -> None:
    loaded = LOADERS[name]()
    assert loaded


def _with(data: dict[str, Any], path: tuple[str, ...], key: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    table = out
    for part in path:
        table = table[part]
    table[key] = value
    return out


# (file, the table to put a key in, the key, its value, what the error names)
SPOILT = [
    ("platforms.toml", ("platform", "facebook"), "lable", "Facebook",
     "platform.facebook.lable is not a key it takes (misspelt?)."),
    ("platforms.toml", ("platform", "facebook"), "social", "yes",
     "platform.facebook.social: input should be a valid boolean"),
    ("search_services.toml", ("services", "brave"), "keyles", True,
     "services.brave.keyles is not a key it takes (misspelt?)."),
    ("search_services.toml", ("services", "brave", "key"), "free", 2000,
     "services.brave.key.free: input should be a valid string (it is 2000)."),
    ("names.toml", (), "title", ["Dr"], "title is not a key it takes (misspelt?)."),
    ("nicknames.toml", (), "nickname", {}, "nickname is not a key it takes (misspelt?)."),
    ("uk_places.toml", ("settings",), "far_kms", 80, "settings.far_kms is not a key it takes (misspelt?)."),
    ("guide.toml", ("flags", "photo"), "titel", "A photo", "flags.photo.titel is not a key it takes (misspelt?)."),
    ("guide.toml", ("flags", "photo"), "steps", "Save it.",
     "flags.photo.steps: input should be a valid list (it is 'Save it.')."),
    ("guide.toml", ("platforms", "instagram", "report"), "ur", "https://help.instagram.com/",
     "platforms.instagram.report.ur is not a key it takes (misspelt?)."),
    ("lexicon/en.toml", ("flags", "negative"), "word", ["dreadful"],
     "flags.negative.word is not a key it takes (misspelt?)."),
    ("lexicon/en.toml", ("tone", "valence"), "dreadful", "very",
     "tone.valence.dreadful: input should be a valid number"),
    ("exposure_sites.toml", ("ico",), "complaint_ur", "https://ico.org.uk/",
     "ico.complaint_ur is not a key it takes (misspelt?)."),
]


@pytest.mark.parametrize(("name", "path", "key", "value", "said"), SPOILT,
                         ids=[f"{s[0]}:{'.'.join((*s[1], s[2]))}" for s in SPOILT])
def test_a_misspelt_key_or_a_wrong_type_is_refused_naming_the_file_and_key(
    monkeypatch: pytest.MonkeyPatch, name: str, path: tuple[str, ...], key: str, value: Any, said: str
) -> None:
    real = datafiles.source
    spoilt = tomlkit.dumps(_with(datafiles.read(name), path, key, value))
    # the file itself changed, as an edit after installing changes it: a stamped file no longer
    # matches data/checked.crc32, so it is checked against its model again
    monkeypatch.setattr(datafiles, "source", lambda wanted: spoilt if wanted == name else real(wanted))
    with pytest.raises(ConfigError) as caught:
        LOADERS[name]()
    assert caught.value.message.startswith(f"repwatch's data file data/{name}: {said}")


def test_the_stamped_files_are_the_ones_their_models_passed_and_are_read_without_pydantic() -> None:
    """data/checked.crc32 names each file the read commands load, as it is now; and loading them
    then imports no pydantic (a read command stays light)."""
    stamps = datafiles.stamps()
    assert set(stamps) == set(datafiles.STAMPED)
    for name in datafiles.STAMPED:
        assert stamps[name] == datafiles.digest(datafiles.source(name)), (
            f"data/{name} changed since it was checked: run `python -m tests.commands_doc --write`")
    code = ("import sys\nfrom repwatch import platforms\nfrom repwatch.pipeline import labels\n"
            "assert platforms.label('instagram') == 'Instagram' and platforms.service_name('brave')\n"
            "assert labels.packaged_guide()['flags']\n"
            "from repwatch.pipeline.accounts.sites import _table\nfrom repwatch.pipeline import names\n"
            "assert _table(None) and names.handle_form('Joanna') and names._data('nicknames.toml')\n"
            "print('pydantic' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_packaged_data_file_is_read_once_as_it_loads(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Each file goes through its model as it is read, and is read once (the accounts table was read
    twice, once for its model and once for its rules; the exposure table past the shared loader)."""
    real, reads = datafiles.source, []  # every reading of a file's text, whether parsed by ``read`` or not

    def counted(wanted: str) -> Any:
        reads.append(wanted)
        return real(wanted)

    monkeypatch.setattr(datafiles, "source", counted)
    LOADERS[name]()
    assert reads.count(name) == 1


def test_the_search_services_are_read_once_for_their_names_and_their_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    """service_name (the names status and the digest show) read the file again past the services'
    model; both now come from one checked read."""
    real, reads = datafiles.source, []

    def counted(wanted: str) -> Any:
        reads.append(wanted)
        return real(wanted)

    monkeypatch.setattr(datafiles, "source", counted)
    caches = (platforms._services_data, platforms.services, platforms._service_names)
    for cache in caches:
        cache.cache_clear()
    try:
        assert platforms.service_name("google_news") == "Google News" == platforms.services()["google_news"].name
        assert platforms.service_name("serper") == "Serper (Google results)"
    finally:
        for cache in caches:
            cache.cache_clear()
    assert reads.count("search_services.toml") == 1


def test_a_schools_guide_with_a_misspelt_key_is_refused_naming_its_file(tmp_path: Path) -> None:
    """The school's file is laid over the packaged guide and checked by the same model: a misspelt
    key would otherwise leave the packaged wording in place without a word."""
    own = tmp_path / "school-guide.toml"
    own.write_text('[flags.safeguarding]\nurgent = "Ring Mrs Patel now."\nstpes = ["Ring Mrs Patel."]\n')
    with pytest.raises(ConfigError) as caught:
        digest.guide(str(own))
    assert caught.value.message == (f"The guide file {own} (repwatch.guide): flags.safeguarding.stpes is not a "
                                    "key it takes (misspelt?).")
    own.write_text('[helplines.posh]\nphone = ""\n')
    with pytest.raises(ConfigError, match=r"school-guide\.toml \(repwatch\.guide\): helplines\.posh\.phone: "):
        digest.guide(str(own))


def test_a_word_under_tone_itself_is_refused_not_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language file's words with their tone go under [tone.valence] or [tone.phrases]; one put
    straight under [tone] was kept before and never read."""
    folder = tmp_path / "data" / "lexicon"
    folder.mkdir(parents=True)
    english = resources.files("repwatch").joinpath("data/lexicon/en.toml").read_text(encoding="utf-8")
    (folder / "en.toml").write_text(english, encoding="utf-8")
    (folder / "xx.toml").write_text("[tone]\namadan = -2.0\n", encoding="utf-8")

    class Files:
        def joinpath(self, path: str) -> Path:
            return tmp_path / path

    monkeypatch.setattr(resources, "files", lambda _package: Files())
    with pytest.raises(lexicon_text.LexiconError, match=r"data/lexicon/xx\.toml: \[tone\.amadan\] is not a list"):
        _fresh(lexicon_text.lexicon_data, lexicon_text.lexicon_data)()


def test_a_misspelt_key_in_the_built_in_accounts_table_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """WhatsMyName's format lets a user's file carry keys repwatch does not read; the built-in table is
    repwatch's own, so a key it does not know there is a mistake ("login_requird" read as not set)."""
    real = datafiles.source
    spoilt = copy.deepcopy(datafiles.read("accounts_sites.json"))
    spoilt["sites"][0]["login_requird"] = True
    # the file itself changed (it is stamped: unchanged, it is read without its model)
    monkeypatch.setattr(datafiles, "source",
                        lambda wanted: json.dumps(spoilt) if wanted == "accounts_sites.json" else real(wanted))
    with pytest.raises(ConfigError) as caught:
        LOADERS["accounts_sites.json"]()
    first = spoilt["sites"][0]["name"]
    assert caught.value.message == (f"repwatch's data file data/accounts_sites.json: sites[0] ({first!r})."
                                    "login_requird is not a key it takes (misspelt?).")
    spoilt["sites"][0].pop("login_requird")
    spoilt["sites"][0]["lowercase"] = "no"  # read as true before: any text is
    with pytest.raises(ConfigError, match=r"sites\[0\] \('.+'\)\.lowercase: input should be a valid boolean"):
        LOADERS["accounts_sites.json"]()
