"""The read commands read only the config keys they use (repwatch.readconfig): a mistake in another
key does not hide her mentions, and a mistake in one they read is the same one sentence, naming the
file and the key, as the full check gives, with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
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
    assert cli("--config", str(config), "status").returncode == 0
    # a command that uses the whole config still checks all of it
    full = cli("--config", str(config), "schedule", "--systemd")
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
    for args in (["status"], ["schedule", "--systemd"]):  # `status` reads them too; `schedule`, the whole file
        full = cli("--config", str(config), *args)
        assert (full.returncode, full.stderr) == (2, f"repwatch: {config}: {said}\n"), args


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


@pytest.mark.parametrize("more", [
    '[providers.brave]\nmonthly_quota = -1\n',
    '[providers.brave]\nmonthly_quota = "lots"\n',
    '[providers.searxng]\nbase_url = "searx.example.org"\n',
    '[providers.searxng]\nbase_url = "https://searx.example.org/?q=1"\n',
    '[providers.serper]\nenabled = "maybe"\n',
    '[providers.brvae]\nenabled = true\n',
    '[providers]\nbrave = 5\n',
    'schedule = 7\n',
])
def test_status_words_a_mistake_in_a_key_it_shows_as_the_full_check_does(home, more) -> None:
    """`status` reads the search services' settings and the schedules: anything there that is not
    plainly right is left to the whole config's check, so the sentence is the one every command says."""
    folder, db, _ = home
    config = _config(folder, db, profile=more if more.startswith("schedule") else "",
                     more="" if more.startswith("schedule") else more)
    full = cli("--config", str(config), "schedule", "--systemd")
    assert full.returncode == 2 and full.stderr.startswith(f"repwatch: {config}: "), full.stderr
    status = cli("--config", str(config), "status")
    assert (status.returncode, status.stdout, status.stderr) == (2, "", full.stderr)


@pytest.mark.parametrize("more", [
    "",
    '[providers.brave]\nmonthly_quota = 100\napi_key = "x"\n\n[providers.searxng]\nbase_url = "http://127.0.0.1:9/"\n\n'
    '[providers.serper]\nenabled = false\napi_key = "y"\n',
    '[providers.duckduckgo]\n\n[providers.bluesky]\nenabled = true\nmonthly_quota = 0\n',
])
def test_status_shows_the_search_services_and_schedules_as_the_whole_config_has_them(home, more) -> None:
    folder, db, _ = home
    config = _config(folder, db, general='timezone = "Europe/London"', profile='schedule = "30 6 * * 1-5"\n', more=more)
    shown = cli("--config", str(config), "status", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    # what `status` said before it read only its keys: the whole config, in a fresh process (as a test's
    # own provider class, declared in this one, is in no user's)
    code = ("import json, sys\nfrom pathlib import Path\nfrom repwatch.app.status import collect\n"
            "from repwatch.config import load\n"
            "print(json.dumps(collect(load(Path(sys.argv[1]), secrets=False), Path(sys.argv[2]))))")
    whole = json.loads(subprocess.run([sys.executable, "-c", code, str(config), str(db)], capture_output=True,
                                      text=True, check=True).stdout)
    assert data["providers"] == whole["providers"] and data["providers"]
    assert [(p["name"], p["schedule"], p["overdue"], p["due_since"]) for p in data["profiles"]] == \
        [(p["name"], p["schedule"], p["overdue"], p["due_since"]) for p in whole["profiles"]]


def test_what_accounts_reads_of_a_profile_and_of_accounts_has_the_config_models_fields_and_defaults() -> None:
    """`repwatch accounts` reads her profile and [accounts] without pydantic (repwatch.app.accounts),
    into dataclasses shaped as the config's models: every field, with the same default."""
    import dataclasses

    from repwatch.app.accounts import AccountsKeys, ProfileKeys
    from repwatch.config import Accounts, Profile

    for light, model in ((ProfileKeys, Profile), (AccountsKeys, Accounts)):
        fields = {f.name: f for f in dataclasses.fields(light)}
        assert set(fields) == set(model.model_fields), light
        for name, spec in model.model_fields.items():
            if spec.is_required():
                continue
            made = fields[name].default_factory() if fields[name].default_factory is not dataclasses.MISSING \
                else fields[name].default
            assert made == spec.get_default(call_default_factory=True), (light, name)


_ACCOUNTS = ('[accounts]\nsubjects = ["ICT"]\nmax_checks = 40\nplatforms = ["instagram", "tiktok", "Reddit"]\n'
             'rate_per_second = 2\n')
_PROFILE = ('variants = ["Jo Whitfield"]\nnicknames = ["Jojo"]\nhonorifics = ["Ms"]\n'
            'handles = ["MsWhitfieldTeach", "instagram:jo.whitfield"]\norganisations = ["St Aidan\'s Primary School"]\n'
            'auto_nicknames = true\n')


@pytest.mark.parametrize(("profile", "more"), [("", ""), (_PROFILE, _ACCOUNTS), (_PROFILE, "[accounts]\nenabled = false\n")])
def test_accounts_lists_the_same_usernames_and_sites_as_with_the_whole_config(home, profile, more, monkeypatch) -> None:
    monkeypatch.delenv("REPWATCH_ACCOUNTS_TABLE", raising=False)  # the built-in table: listed, never checked here
    folder, db, _ = home
    config = _config(folder, db, general='timezone = "Europe/London"', profile=profile, more=more)
    shown = cli("--config", str(config), "accounts", "--json")
    assert shown.returncode == 0, shown.stderr
    code = ("import json, sys\nfrom pathlib import Path\nfrom repwatch.adapters.store import Store\n"
            "from repwatch.config import load\nfrom repwatch.pipeline.accounts.watch import accounts_rows\n"
            "config = load(Path(sys.argv[1]))\nstore = Store(Path(sys.argv[2]))\n"
            "print(json.dumps([r for p in config.profile for r in accounts_rows(config, p, store)]))")
    whole = subprocess.run([sys.executable, "-c", code, str(config), str(db)], capture_output=True, text=True,
                           check=True).stdout
    assert json.loads(shown.stdout) == json.loads(whole) and json.loads(whole)


@pytest.mark.parametrize(("profile", "more"), [
    ('handles = ["https://example.org/"]\n', ""),
    ('nicknames = "Jojo"\n', ""),
    ('max_queries = 0\n', ""),
    ("", "[accounts]\nmax_checks = -1\n"),
    ("", '[accounts]\nplatforms = "instagram"\n'),
    ("", "[accounts]\nrate_per_second = 0\n"),
    ("", "[accounts]\nsites_file = 5\n"),
])
def test_accounts_words_a_mistake_in_a_key_it_reads_as_the_full_check_does(home, profile, more) -> None:
    folder, db, _ = home
    config = _config(folder, db, profile=profile, more=more)
    full = cli("--config", str(config), "schedule", "--systemd")
    assert full.returncode == 2 and full.stderr.startswith(f"repwatch: {config}: "), full.stderr
    listed = cli("--config", str(config), "accounts")
    assert (listed.returncode, listed.stdout, listed.stderr) == (2, "", full.stderr)


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
