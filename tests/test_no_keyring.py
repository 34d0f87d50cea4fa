"""A computer with no keyring: a teacher who follows only what repwatch prints ends with a timer that
searches and emails her, commands that need no secret work without one, and `doctor` names every
missing secret at once with a fix that works here (not "put it in the keyring")."""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from repwatch.adapters.providers import keyless_defaults
from tests.conftest import cli, terminal
from tests.test_doctor import AuthSMTP

FAIL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
PASSWORD = "wxyz abcd efgh ijkl"
KEYLESS = keyless_defaults()


@pytest.fixture
def mail():
    server = AuthSMTP(login="jo@example.org", password=PASSWORD).start()
    yield server
    server.stop()


def pause_keyless(config: Path) -> None:
    """The keyless providers would reach the internet; the test pauses them (SearXNG on loopback stays,
    asked as fast as the other tests ask it, not at its polite 2 calls a second), and keeps no
    evidence (the found pages' addresses are on the internet)."""
    import tomlkit

    doc = tomlkit.parse(config.read_text())
    for name in KEYLESS:
        doc["providers"][name]["enabled"] = False
    doc["providers"]["searxng"]["rate_per_second"] = 50
    doc["evidence"]["capture"] = "none"
    config.write_text(tomlkit.dumps(doc))


def init_flags(config: Path, searxng_url: str, smtp_port: int) -> list[str]:
    return ["--config", str(config), "init", "--name", "Joanna Whitfield", "--location", "Liverpool",
            "--email-to", "jo@example.org", "--email-preset", "custom", "--smtp-host", "127.0.0.1",
            "--smtp-port", str(smtp_port), "--smtp-security", "none", "--smtp-username", "jo@example.org",
            "--searxng-url", searxng_url, "--no-test-email"]


def bare_env(home: Path) -> dict[str, str]:
    """What a timer starts with: no variables from the teacher's terminal (only the test's folders, and
    the empty sites tables that keep every test's runs off the internet: tests/conftest.py)."""
    keep = {k: os.environ[k] for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                       "XDG_STATE_HOME", "REPWATCH_ACCOUNTS_TABLE", "REPWATCH_EXPOSURE_TABLE")
            if k in os.environ}
    return {**keep, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **FAIL_KEYRING}


def test_init_without_keyring_then_the_printed_timers_search_and_email(home, searxng, mail):
    config = home / "config" / "repwatch" / "config.toml"
    result = cli(*init_flags(config, searxng.url_for("/").rstrip("/"), mail.port), "--yes",
                     env={**FAIL_KEYRING, "REPWATCH_SMTP_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    secrets_file = config.with_name("secrets.env")
    # it says plainly what it did with the password, and where
    assert f"Your email password: kept in {secrets_file}, a file only you can read." in result.stdout
    assert "timers `repwatch schedule` prints load it too" in result.stdout
    # the digest's answer links open the review page: what to leave running is `serve`
    assert "repwatch serve       your review page, with the searches on their schedule" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr + config.read_text()
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    pause_keyless(config)

    # in her terminal, with no variable set: commands work, doctor finds nothing to fix
    doctor = cli("--config", str(config), "doctor", env=FAIL_KEYRING)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr

    # the cron line, run as cron runs it: /bin/sh with an empty environment
    cron = cli("--config", str(config), "schedule", "--cron", env=FAIL_KEYRING)
    assert cron.returncode == 0, cron.stderr
    assert cron.stderr == ""  # nothing missing to warn about
    line = next(t for t in cron.stdout.splitlines() if t and not t.startswith(("#", "CRON_TZ")))
    command = line.split(" ", 5)[5]
    assert str(secrets_file) in command
    done = subprocess.run(["/bin/sh", "-c", command], env=bare_env(home), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr + (home / "data" / "repwatch" / "cron.log").read_text()
    assert len(mail.messages) == 1  # logged in with the password from the file, and sent the digest
    assert b"Joanna Whitfield" in mail.messages[0]

    # the systemd service: its EnvironmentFile= is that file, its ExecStart runs with nothing else
    systemd = cli("--config", str(config), "schedule", "--systemd", env=FAIL_KEYRING).stdout
    assert f"EnvironmentFile=-{secrets_file}" in systemd
    exec_start = next(t for t in systemd.splitlines() if t.startswith("ExecStart=")).removeprefix("ExecStart=")
    environment = bare_env(home)
    for text in secrets_file.read_text().splitlines():  # as systemd loads an EnvironmentFile=
        if "=" in text and not text.startswith("#"):
            key, _, value = text.partition("=")
            environment[key] = shlex.split(value)[0]
    done = subprocess.run(shlex.split(exec_start), env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    # launchd: /bin/sh loads the file, then runs repwatch
    plist = plistlib.loads(cli("--config", str(config), "schedule", "--launchd", env=FAIL_KEYRING)
                           .stdout.encode())
    args = plist["ProgramArguments"]
    assert args[:2] == ["/bin/sh", "-c"] and str(secrets_file) in args[2]
    assert args[-5:-2] == ["--config", str(config), "--db"] and args[-1] == "run"  # both pinned


def test_interactive_no_keyring_explains_and_recommends_the_owner_only_file(home, searxng, mail):
    pexpect = pytest.importorskip("pexpect")
    config = home / "config.toml"
    env = dict(os.environ, COLUMNS="120", **FAIL_KEYRING)
    child = terminal(sys.executable, ["-m", "repwatch", *init_flags(config, searxng.url_for("/").rstrip("/"),
                                                                     mail.port)],
                     env=env, encoding="utf-8", timeout=20)
    import io

    child.logfile_read = transcript = io.StringIO()
    for pattern, answer in [("former names", ""), ("Nicknames", ""), ("address you", ""), ("school", ""), ("public accounts", ""),
                            ("Which sites", ""), ("daily, twice-daily or weekly", ""), ("At what time", ""),
                            ("Its app password", PASSWORD), ("Add a search key now", ""), ("Search Bluesky posts too", ""),
                            ("Do you use Mastodon", ""),
                            ("This computer has no keyring", None), ("Recommended if only you use", None),
                            (r"Number \[1\]", "2")]:
        child.expect(pattern)
        if answer is not None:
            child.sendline(answer)
    child.expect(pexpect.EOF)
    child.wait()
    child.close()
    out = transcript.getvalue()
    assert child.exitstatus == 0, out
    # option 2: nothing kept; the exact lines for a shell, systemd, cron and launchd
    assert not config.with_name("secrets.env").exists()
    for expected in ("export REPWATCH_SMTP_PASSWORD='…'", "Environment=REPWATCH_SMTP_PASSWORD=…",
                     "    REPWATCH_SMTP_PASSWORD=…", "<key>EnvironmentVariables</key><dict><key>REPWATCH_SMTP_PASSWORD"):
        assert expected in out
    assert PASSWORD not in out
    # and the timer says what it lacks, with the one command that fixes it
    systemd = cli("--config", str(config), "schedule", "--systemd", env=FAIL_KEYRING)
    assert "# Environment=REPWATCH_SMTP_PASSWORD=…" in systemd.stdout
    assert "repwatch init --set-secret smtp-password" in systemd.stderr


CONFIG_WITH_ENV = """
[repwatch]
database = "{db}"

[[profile]]
name = "Joanna Whitfield"

[providers.brave]
api_key = "${{BRAVE_API_KEY}}"
base_url = "{brave}"

[providers.searxng]
base_url = "{searxng}"

[email]
to = ["jo@example.org"]
from = "repwatch <jo@example.org>"
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "none"
username = "jo@example.org"
password = "${{REPWATCH_SMTP_PASSWORD}}"
"""


def test_commands_that_need_no_secret_run_without_it(home, searxng, mail):
    config = home / "config.toml"
    config.write_text(CONFIG_WITH_ENV.format(db=home / "r.db", brave=searxng.url_for("/brave"),
                                             searxng=searxng.url_for("/").rstrip("/"), port=mail.port))
    for args in (["status"], ["mentions"], ["plan"], ["digest", "--preview", "--out", str(home / "p.html")],
                 ["schedule", "--systemd"], ["status", "--json"]):
        result = cli("--config", str(config), *args, env=FAIL_KEYRING)
        assert result.returncode == 0, (args, result.stderr)
    # a command that uses them fails naming both variables in one sentence
    run = cli("--config", str(config), "run", env=FAIL_KEYRING)
    assert run.returncode == 2
    assert "BRAVE_API_KEY and REPWATCH_SMTP_PASSWORD are not set" in run.stderr
    assert "providers.brave.api_key uses ${BRAVE_API_KEY}" in run.stderr
    assert "email.password uses ${REPWATCH_SMTP_PASSWORD}" in run.stderr


def test_doctor_lists_every_missing_secret_and_its_fix_works(home, httpserver, mail):
    httpserver.expect_request("/res/v1/web/search").respond_with_json(
        {"type": "search", "web": {"results": [{"url": "https://example.org/a", "title": "A", "description": "d"}]}})
    config = home / "config.toml"
    config.write_text(CONFIG_WITH_ENV.format(db=home / "r.db", brave=httpserver.url_for("/").rstrip("/"),
                                             searxng=httpserver.url_for("/").rstrip("/"), port=mail.port)
                      .replace('[providers.searxng]\nbase_url = "' + httpserver.url_for("/").rstrip("/") + '"\n', ""))
    doctor = cli("--config", str(config), "doctor", env={**FAIL_KEYRING, "PYTHONIOENCODING": "utf-8"})
    assert doctor.returncode == 1
    line = next(t for t in doctor.stdout.splitlines() if t.startswith("✖ secrets"))
    assert "2 passwords or keys are not set" in line
    assert "BRAVE_API_KEY" in line and "REPWATCH_SMTP_PASSWORD" in line
    assert "keyring" not in line  # no circle back to a keyring this computer does not have
    # follow the fix exactly as printed
    commands = re.findall(r"`(repwatch init --set-secret [a-z-]+)`", line)
    assert commands == ["repwatch init --set-secret brave-api-key", "repwatch init --set-secret smtp-password"]
    for command, value in zip(commands, ["BSA-key-1", PASSWORD], strict=True):
        done = cli("--config", str(config), *command.split()[1:], input=value + "\n", env=FAIL_KEYRING)
        assert done.returncode == 0, done.stderr
        assert value not in done.stdout + done.stderr
    doctor = cli("--config", str(config), "doctor", env={**FAIL_KEYRING, "PYTHONIOENCODING": "utf-8"})
    assert doctor.returncode == 0, doctor.stdout
    assert "✖ secrets" not in doctor.stdout and "✔ secrets file:" in doctor.stdout


def test_set_secret_changes_one_secret_only(home):
    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel", "--email-to", "sam@gmail.com",
                     "--secrets", "file", env={"REPWATCH_SMTP_PASSWORD": "first pass"})
    assert result.returncode == 0, result.stderr
    before = config.read_text()
    done = cli("--config", str(config), "init", "--set-secret", "smtp-password", input="second pass\n")
    assert done.returncode == 0, done.stderr
    after = config.read_text()
    assert 'password = "second pass"' in after and "first pass" not in after
    # every other line, comments included, is as it was
    assert [t for t in before.splitlines() if "first pass" not in t] == \
        [t for t in after.splitlines() if "second pass" not in t]
    bad = cli("--config", str(config), "init", "--set-secret", "pasword")
    assert bad.returncode == 2 and "choose one of smtp-password" in bad.stderr


def test_doctor_says_when_the_secrets_file_is_readable_by_others(home):
    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel", "--email-to", "sam@gmail.com",
                     env={**FAIL_KEYRING, "REPWATCH_SMTP_PASSWORD": "pw"})
    assert result.returncode == 0, result.stderr
    secrets_file = config.with_name("secrets.env")
    secrets_file.chmod(0o644)
    doctor = cli("--config", str(config), "doctor", "--json", env=FAIL_KEYRING)
    check = next(c for c in __import__("json").loads(doctor.stdout)["checks"] if c["name"] == "secrets file")
    assert check["status"] == "fail" and f"chmod 600 {secrets_file}" in check["fix"]
