"""The wizard checks each answer as it is typed, keeps what was typed, and `init` on an existing
config starts from its values (Enter keeps each one)."""

from __future__ import annotations

import os
import tomllib

import pytest

from tests.conftest import cli, terminal
from tests.test_wizard import run_wizard

FAIL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
SKIP_PROVIDERS = [(r"Add a search key now\?", ""), (r"Search Bluesky posts too\?", ""),
                  (r"Do you use Mastodon\?", ""), (r"Do you run your own SearXNG\?", "")]


@pytest.mark.parametrize(("flag", "value", "words"), [
    ("--email-to", "not-an-email", "--email-to: 'not-an-email' is not an email address (an email address must have an @-sign)"),
    ("--email-to", "name@gmail", "--email-to: 'name@gmail' is not an email address (the part after the @-sign"),
    ("--name", "   ", "--name: Your name is needed"),
    ("--smtp-host", "smtp example org", "--smtp-host: An SMTP server is a name like smtp.example.org"),
])
def test_bad_flag_names_itself(home, flag, value, words):
    args = ["init", "--yes", "--name", "Sam Patel", "--email-to", "sam@example.org", "--email-preset", "custom",
            "--smtp-host", "smtp.example.org"]
    args[args.index(flag) + 1] = value
    result = cli("--config", str(home / "c.toml"), *args)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr, result.stderr
    assert not (home / "c.toml").exists()


def test_each_answer_is_checked_as_it_is_given(home):
    config = home / "config.toml"
    env = dict(os.environ, COLUMNS="120", **FAIL_KEYRING)
    steps = [
        (r"Name \(e\.g\. Joanna Whitfield\)", "    "),  # spaces only: asked again, nothing lost
        (r"Your name is needed", None),
        (r"Name \(e\.g\. Joanna Whitfield\)", "Joanna Whitfield"),
        (r"former names", "Joanna Brown"),
        (r"Nicknames", "Jo"),
        (r"Enter for none\)", "Ms"),
        (r"town or city", "Liverpool"),
        (r"Your school", ""), (r"Your own public accounts", ""), (r"Which sites", ""),
        (r"daily, twice-daily or weekly", ""), (r"At what time", ""),
        (r"folder on this computer instead", "jo@gmail"),  # refused, asked again
        (r"is not an email address", None),
        (r"folder on this computer instead", "jo.whitfield@gmail.com"),
        (r"Number \[1\]", ""),
        (r"sign in with at that service", ""),
        (r"app password \(hidden", ""),
        (r"Read your replies\?", ""),
        *SKIP_PROVIDERS,
        (r"Send a test email now\?", "n"),
    ]
    status, transcript = run_wizard(config, steps, env=env, timeout=20)
    assert status == 0, transcript
    assert "pass --name" not in transcript
    data = tomllib.loads(config.read_text())
    # what was typed before the mistakes is all there
    assert data["profile"][0]["name"] == "Joanna Whitfield"
    assert data["profile"][0]["variants"] == ["Joanna Brown"] and data["profile"][0]["locations"] == ["Liverpool"]
    assert data["email"]["to"] == ["jo.whitfield@gmail.com"]


def test_a_wrong_account_is_named_as_it_is_typed_and_nothing_is_lost(home):
    config = home / "config.toml"
    env = dict(os.environ, COLUMNS="120", **FAIL_KEYRING)
    steps = [
        (r"Name \(e\.g\. Joanna Whitfield\)", "Joanna Whitfield"),
        (r"former names", "Joanna Brown"), (r"Nicknames", ""), (r"Enter for none\)", "Ms"),
        (r"town or city", "Liverpool"), (r"Your school", ""),
        (r"Your own public accounts", "@MsWhitfieldTeach, instagram:, myspace:jo"),
        (r"'instagram:' has no handle after instagram:", None),
        (r"'myspace:jo' names 'myspace', which is not a platform repwatch knows", None),
        (r"Please correct your accounts.*\n.*\[@MsWhitfieldTeach, instagram:, myspace:jo\]",
         "@MsWhitfieldTeach, instagram:jo.whitfield"),
        (r"Which sites", ""), (r"daily, twice-daily or weekly", ""), (r"At what time", ""),
        (r"folder on this computer instead", ""),
        *SKIP_PROVIDERS,
    ]
    status, transcript = run_wizard(config, steps, env=env, timeout=20)
    assert status == 0, transcript
    profile = tomllib.loads(config.read_text())["profile"][0]
    assert profile["handles"] == ["@MsWhitfieldTeach", "instagram:jo.whitfield"]
    assert profile["variants"] == ["Joanna Brown"] and profile["locations"] == ["Liverpool"]


def test_init_again_starts_from_the_config_and_enter_keeps_everything(home):
    config = home / "config.toml"
    first = cli("--config", str(config), "init", "--yes", "--name", "Joanna Whitfield", "--variant", "Joanna Brown",
                    "--nickname", "Jo", "--honorific", "Ms", "--location", "Liverpool", "--org", "St Aidan's",
                    "--handle", "@MsWhitfieldTeach", "--platform", "facebook", "--schedule", "twice-daily",
                    "--at", "06:30", "--email-to", "jo@example.org", "--email-preset", "custom",
                    "--smtp-host", "smtp.example.org", "--smtp-port", "2525", "--smtp-security", "ssl",
                    "--searxng-url", "http://127.0.0.1:8888",
                    env={**FAIL_KEYRING, "REPWATCH_SMTP_PASSWORD": "pw-one", "BRAVE_API_KEY": "BSA-one"})
    assert first.returncode == 0, first.stderr
    # settings the wizard does not ask about, changed by hand, must survive too
    text = config.read_text().replace("max_queries = 40", "max_queries = 6").replace("exclude = []",
                                                                                      'exclude = ["realtor"]')
    config.write_text(text)
    before = tomllib.loads(text)
    env = dict(os.environ, COLUMNS="120", **FAIL_KEYRING)
    steps = [
        (r"Change it\?", "y"),
        (r"Enter keeps it", None),
        (r"Name \(e\.g\. Joanna Whitfield\) \[Joanna Whitfield\]", ""),
        (r"Enter keeps these, - for none\) \[Joanna Brown\]", ""),
        (r"\[Jo\]", ""), (r"\[Ms\]", ""), (r"\[Liverpool\]", ""), (r"\[St Aidan's\]", ""),
        (r"\[@MsWhitfieldTeach\]", ""), (r"\[facebook\]", ""),
        (r"daily, twice-daily or weekly.*\[twice-daily\]", ""), (r"At what time.*\[06:30\]", ""),
        (r"\[jo@example.org\]", ""), (r"Number \[6\]", ""),
        (r"SMTP server.*\[smtp.example.org\]", ""), (r"Security.*\[ssl\]", ""), (r"Port.*\[2525\]", ""),
        (r"sign in with at that service \[jo@example.org\]", ""),
        (r"Enter keeps the one you have\)", ""),
        (r"Read your replies\? \[y/N\]", ""),  # she had not: Enter keeps it off
        (r"You have: Brave Search API key", None), (r"Add or change a search key now\?", ""),
        (r"Search Bluesky posts too\?", ""), (r"Do you use Mastodon\?", ""),
        (r"Do you run your own SearXNG\? \[Y/n\]", ""), (r"Its address.*\[http://127.0.0.1:8888\]", ""),
        (r"Send a test email now\?", "n"),
    ]
    status, transcript = run_wizard(config, steps, env=env, timeout=20)
    assert status == 0, transcript
    after = tomllib.loads(config.read_text())
    assert after == before
    assert "pw-one" not in transcript and "BSA-one" not in transcript
    assert config.with_name("config.toml.bak").exists()


# Every kind of config `init` writes: each kind of email, each search key, Bluesky and Mastodon with
# and without their secrets, SearXNG, and each place a secret can be kept.
KINDS = {
    "outbox, nothing else": (["--name", "Sam Patel"], {}),
    "gmail, three keys, secrets file": (
        ["--name", "Sam Patel", "--email-to", "sam@gmail.com", "--email-preset", "gmail", "--secrets", "envfile"],
        {"REPWATCH_SMTP_PASSWORD": "abcd efgh ijkl mnop", "BRAVE_API_KEY": "BSA-one", "SERPER_API_KEY": "SER-two",
         "SERPAPI_API_KEY": "SAPI-three"}),
    "bluesky, mastodon with a token, searxng": (
        ["--name", "Sam Patel", "--handle", "@sam.bsky.social", "--bluesky-identifier", "sam.bsky.social",
         "--mastodon-url", "https://mastodon.online", "--searxng-url", "http://127.0.0.1:8888", "--secrets", "envfile"],
        {"BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop", "MASTODON_ACCESS_TOKEN": "tok-123"}),
    "custom smtp, secrets in the file, mastodon without a token": (
        ["--name", "Sam Patel", "--email-to", "sam@example.org", "--email-preset", "custom",
         "--smtp-host", "smtp.example.org", "--smtp-port", "2525", "--smtp-security", "ssl",
         "--mastodon-url", "https://mastodon.online", "--secrets", "file", "--schedule", "weekly", "--at", "18:00"],
        {"REPWATCH_SMTP_PASSWORD": "pw-one"}),
    "secrets from the environment": (
        ["--name", "Sam Patel", "--bluesky-identifier", "sam.bsky.social", "--email-to", "sam@outlook.com",
         "--email-preset", "outlook", "--secrets", "env"],
        {"BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop", "REPWATCH_SMTP_PASSWORD": "pw-two"}),
    "keyring": (
        ["--name", "Sam Patel", "--bluesky-identifier", "sam.bsky.social", "--secrets", "keyring",
         "--schedule", "twice-daily"],
        {"BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop", "BRAVE_API_KEY": "BSA-one"}),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_init_again_pressing_enter_everywhere_gives_the_same_config_back(home, kind):
    """The Bluesky case of the report: a kept app password counts as given, so Enter at every
    question never ends in "--bluesky-identifier needs a Bluesky app password too"."""
    pexpect = pytest.importorskip("pexpect")
    config = home / "config.toml"
    backend = "keyrings.alt.file.PlaintextKeyring" if kind == "keyring" else "keyring.backends.fail.Keyring"
    env = dict(os.environ, COLUMNS="120", PYTHON_KEYRING_BACKEND=backend)
    flags, secrets = KINDS[kind]  # passwords and keys are never flags: `init --yes` reads them from the environment
    first = cli("--config", str(config), "init", "--yes", *flags, env={**env, **secrets})
    assert first.returncode == 0, first.stderr
    before_text = config.read_text()
    secrets_file = config.with_name("secrets.env")
    secrets_before = secrets_file.read_text() if secrets_file.exists() else None

    import io
    import sys

    child = terminal(sys.executable, ["-m", "repwatch", "--config", str(config), "init"],
                     env=env, encoding="utf-8", timeout=20)
    child.logfile_read = transcript = io.StringIO()
    answered = 0
    try:
        while True:
            which = child.expect([r"Change it\?[^\n]*: $", r"Send a test email now\?[^\n]*: $", r": $",
                                  pexpect.EOF])
            if which == 3:
                child.wait()
                break
            child.sendline({0: "y", 1: "n"}.get(which, ""))
            answered += 1
            assert answered < 60, transcript.getvalue()
    finally:
        child.close()
    said = transcript.getvalue()
    assert child.exitstatus == 0, said
    assert "needs a Bluesky app password" not in said
    assert tomllib.loads(config.read_text()) == tomllib.loads(before_text), said
    if secrets_before is not None:
        assert secrets_file.read_text() == secrets_before
