"""The read commands read only the config keys they use (repwatch.readconfig): a mistake in another
key does not hide her mentions, and a mistake in one they read is the same one sentence, naming the
file and the key, as the full check gives, with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import cli
from tests.web_support import seed


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    db = tmp_path / "repwatch.db"
    return tmp_path, db, seed(db)


def _config(folder: Path, db: Path, general: str = "", profile: str = "", more: str = "") -> Path:
    path = folder / "config.toml"
    path.write_text(f'[repwatch]\ndatabase = "{db}"\n{general}\n[[profile]]\nname = "Joanna Whitfield"\n'
                    f'locations = ["Liverpool"]\n{profile}\n{more}', encoding="utf-8")
    return path


def test_a_mistake_in_a_key_a_read_command_does_not_read_still_lists_her_mentions(home) -> None:
    folder, db, ids = home
    config = _config(folder, db, profile='max_queries = "lots"\n', more='[email]\nsmtp_hots = "mail.example.org"\n')
    listed = cli("--config", str(config), "mentions", "--json")
    assert listed.returncode == 0, listed.stderr
    assert ids["hostile"] in {row["id"] for row in json.loads(listed.stdout)}
    shown = cli("--config", str(config), "show", str(ids["hostile"]))
    assert shown.returncode == 0 and f"#{ids['hostile']} " in shown.stdout
    assert cli("--config", str(config), "blocked").returncode == 0
    # a command that uses the whole config still checks all of it
    full = cli("--config", str(config), "status")
    assert full.returncode == 2
    assert full.stderr.startswith(f"repwatch: {config}: ")


@pytest.mark.parametrize(("general", "profile", "reading", "not_reading", "said"), [
    ('timezone = "Europe/Lodnon"', "", [["mentions"], ["show", "ID"]], [["mentions", "--json"], ["blocked"], ["photos"]],
     "repwatch.timezone unknown time zone 'Europe/Lodnon' (try one like 'Europe/London')."),
    ("timezone = 1", "", [["mentions"], ["show", "ID"]], [["show", "ID", "--json"]],
     "repwatch.timezone should be text in quotes (got 1)."),
    ("", '[[profile]]\nname = "joanna whitfield"\n', [["photos"]], [["mentions"], ["show", "ID"]],
     "profile names must each be different: 'joanna whitfield' is used twice."),
])
def test_a_mistake_in_a_key_it_reads_is_the_full_checks_sentence_and_exit_code_2(
    home, general, profile, reading, not_reading, said
) -> None:
    """Each command checks the keys it uses: the zone those that show a time, the profiles `photos`."""
    folder, db, ids = home
    config = _config(folder, db, general=general, more=profile)
    for args in reading:
        done = cli("--config", str(config), *[str(ids["hostile"]) if a == "ID" else a for a in args])
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == f"repwatch: {config}: {said}\n", args
    for args in not_reading:
        done = cli("--config", str(config), *[str(ids["hostile"]) if a == "ID" else a for a in args])
        assert done.returncode == 0, (args, done.stderr)
    full = cli("--config", str(config), "status")  # validated whole, by pydantic: the same sentence
    assert (full.returncode, full.stderr) == (2, f"repwatch: {config}: {said}\n")


def test_a_database_that_is_not_text_is_named_and_nothing_is_opened(home) -> None:
    folder, db, _ = home
    config = folder / "config.toml"
    config.write_text('[repwatch]\ndatabase = 5\n\n[[profile]]\nname = "Joanna Whitfield"\n', encoding="utf-8")
    done = cli("--config", str(config), "mentions")
    assert (done.returncode, done.stderr) == (2, f"repwatch: {config}: repwatch.database should be text in quotes (got 5).\n")
    assert not (folder / "5").exists()


def test_times_are_shown_in_her_zone_and_a_database_named_by_a_variable_is_found(home, monkeypatch) -> None:
    folder, db, ids = home
    monkeypatch.setenv("REPWATCH_TEST_DB", str(db))
    config = folder / "config.toml"
    config.write_text('[repwatch]\ndatabase = "${REPWATCH_TEST_DB}"\ntimezone = "Pacific/Auckland"\n\n'
                      '[[profile]]\nname = "Joanna Whitfield"\n', encoding="utf-8")
    shown = cli("--config", str(config), "show", str(ids["hostile"]))
    assert shown.returncode == 0, shown.stderr
    assert "(times are Auckland time)" in shown.stdout


def test_photos_names_a_missing_photo_file_as_the_full_check_does(home) -> None:
    folder, db, _ = home
    config = _config(folder, db, profile='photos = ["me.jpg"]\n')
    done = cli("--config", str(config), "photos")
    missing = folder / "me.jpg"
    assert (done.returncode, done.stderr) == (
        2, f"repwatch: {config}: the profile \u201cJoanna Whitfield\u201d: photos: the photo {missing} does not exist.\n")


@pytest.mark.parametrize(("home_dir", "config_home", "data_home"), [
    ("/home/jo", None, None), ("/home/jo/", "", ""), ("/home/jo", "/srv/cfg", "/srv/data/"),
    ("/home/jo", "relative/cfg", "relative"), ("", None, None), (None, None, None), ("relative", None, "/d"),
    ("//home/jo", "//cfg", None),
])
def test_the_user_folders_are_platformdirs_own_without_loading_it(monkeypatch, home_dir, config_home,
                                                                  data_home) -> None:
    """repwatch.paths works out the config and data folders itself where it can (platformdirs and
    the tempfile it loads are 6 ms of every start); they are the folders platformdirs names."""
    import platformdirs

    from repwatch import paths

    monkeypatch.delenv("REPWATCH_CONFIG", raising=False)
    for name, value in (("HOME", home_dir), ("XDG_CONFIG_HOME", config_home), ("XDG_DATA_HOME", data_home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert paths.default_config_path() == platformdirs.user_config_path("repwatch") / "config.toml"
    assert paths.data_dir() == platformdirs.user_data_path("repwatch")
