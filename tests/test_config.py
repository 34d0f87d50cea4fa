"""A bad config exits 2 with one sentence naming the file, the key and the problem; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from repwatch.config import load
from tests.conftest import cli, run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_example_config_is_valid(monkeypatch):
    for var in ("BRAVE_API_KEY", "REPWATCH_SMTP_PASSWORD", "BLUESKY_APP_PASSWORD", "MASTODON_ACCESS_TOKEN"):
        monkeypatch.setenv(var, "x")
    config = load(ROOT / "config.example.toml")
    assert config.profile[0].name == "Joanna Whitfield"
    assert config.profile[0].locations == ["Liverpool"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[profile]]\nname = "Jo Bloggs"\nshedule = "0 7 * * *"\n',
         "the profile “Jo Bloggs”: shedule is not a setting repwatch knows (did you mean schedule?)."),
        ('[[profile]]\nname = "Jo Bloggs"\nmax_queries = "lots"\n',
         "the profile “Jo Bloggs”: max_queries should be a whole number (got 'lots')."),
        ('[[profile]]\nname = "Jo Bloggs"\nschedule = "at dawn"\n',
         "the profile “Jo Bloggs”: schedule 'at dawn' is not a schedule: use 5 cron fields like '0 7 * * *' (7am daily) or 'every 6h'."),
        ('[providers.brave]\napi_key = "${REPWATCH_TEST_UNSET_VAR}"\n',
         "providers.brave.api_key uses ${REPWATCH_TEST_UNSET_VAR}, but the environment variable "
         "REPWATCH_TEST_UNSET_VAR is not set. Run `repwatch init --set-secret brave-api-key` to keep it where "
         "repwatch and its timers find it."),
        ('[providers.brve]\napi_key = "x"\n', "providers.brve is not a setting repwatch knows (did you mean brave?)."),
        ('[email]\nto = ["a@example.org"]\nfrom = "a@example.org"\nsmtp_host = "h"\nsecurity = "tls"\n',
         "email.security should be 'starttls', 'ssl' or 'none' (got 'tls')."),
        ('[providers.searxng]\nbase_url = "http://:8888"\n',
         "providers.searxng.base_url 'http://:8888' has no server name after the //."),
        ('[providers.searxng]\nbase_url = "http://localhost:port"\n',
         "providers.searxng.base_url 'http://localhost:port' has a port that is not a number."),
        ('[[profile]]\nname = "Jo Bloggs"\n[[profile]]\nname = "jo bloggs"\n',
         "profile names must each be different: 'jo bloggs' is used twice."),
        # a mistyped secret is named, never quoted back: the message may reach a log or a screen share
        ('[providers.brave]\napi_key = 12345678\n', "providers.brave.api_key should be text in quotes."),
        ('[notify]\nurls = [12345678]\n', "notify.urls[0] should be text in quotes."),
    ],
)
def test_bad_config_names_the_key(home, text, expected):
    path = home / "config.toml"
    path.write_text(text)
    result = cli("--config", str(path), "run")
    assert result.returncode == 2
    assert result.stderr == f"repwatch: {path}: {expected}\n"
    assert "Traceback" not in result.stderr


def test_toml_syntax_error(home):
    path = home / "config.toml"
    path.write_text('[[profile]]\nname = "Jo\n')
    result = cli("--config", str(path), "run")
    assert result.returncode == 2
    assert result.stderr == (f"repwatch: The config file {path} cannot be read: line 2 has a mistake: the line ends "
                             'too early: a closing " or ] is missing.\n')  # not "Illegal character '\n'"


def test_missing_config_file(home):
    path = home / "nope.toml"
    result = cli("--config", str(path), "run")
    assert result.returncode == 2
    assert result.stderr == f"repwatch: The config file {path} does not exist.\n"


def test_verbose_shows_the_traceback(home):
    path = home / "config.toml"
    path.write_text("[nonsense]\n")
    result = cli("--verbose", "--config", str(path), "run")
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().endswith("nonsense is not a setting repwatch knows (check the spelling).")


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from repwatch.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('httpx', 'sqlite_utils', 'jinja2', 'pydantic', 'rich', 'bs4', 'apscheduler')"
        " if m in sys.modules]\n"
        "print(','.join(heavy), file=sys.stderr)\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip() == ""


def test_an_unexpected_error_is_one_sentence_without_verbose(home):
    """A corrupt database is not something repwatch expects: still no traceback unless asked."""
    db = home / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    result = cli("--db", str(db), "mentions")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("repwatch: ")


def test_every_command_shows_its_help():
    """`repwatch COMMAND --help` prints the usage and exits 0: click's own exits are not errors."""
    from click.testing import CliRunner

    from repwatch.cli import main

    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith(f"Usage: main {name}"), (name, result.output)
    assert run_cli("search", "--help").stdout.startswith("Usage: python -m repwatch search")
