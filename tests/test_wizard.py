"""`repwatch init`: through a real pseudo-terminal and through flags; secrets in a file-based keyring."""

from __future__ import annotations

import io
import json
import os
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import cli, terminal

PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"
SMTP_SECRET = "abcd efgh ijkl mnop"
BRAVE_SECRET = "BSA-secret-key-987"


BLUESKY_SECRET = "abcd-efgh-ijkl-mnop"
MASTODON_SECRET = "mastodon-token-123"
FAIL_KEYRING = "keyring.backends.fail.Keyring"


def plan_queries(config: Path, env: dict[str, str] | None = None) -> list[str]:
    result = cli("--config", str(config), "plan", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return [row["query"] for row in json.loads(result.stdout)]


def provider_sections(text: str) -> str:
    """The SearXNG, Bluesky and Mastodon part of a written config, as text."""
    start = text.index("# Your own SearXNG instance")
    end = text.index("\n\n", text.index("[providers.mastodon]"))
    return text[start:end]


def run_wizard(config: Path, steps: list[tuple[str, str | None]], *args: str, env: dict[str, str],
               timeout: float = 10) -> tuple[int | None, str]:
    """`repwatch init ARGS` in a real pseudo-terminal: expect each pattern, type its answer (None: just
    wait for it). Returns the exit status and everything the terminal showed."""
    pexpect = pytest.importorskip("pexpect")
    child = terminal(sys.executable, ["-m", "repwatch", "--config", str(config), "init", *args],
                     env=env, encoding="utf-8", timeout=timeout)
    child.logfile_read = transcript = io.StringIO()
    try:
        for pattern, answer in steps:
            child.expect(pattern)
            if answer is not None:
                child.sendline(answer)
        child.expect(pexpect.EOF)
        child.wait()
    finally:
        child.close()
    return child.exitstatus, transcript.getvalue()


@pytest.fixture
def file_keyring(home, monkeypatch):
    """keyrings.alt's PlaintextKeyring in the temp XDG_DATA_HOME, chosen on purpose (so it counts)."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", PLAINTEXT)
    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    yield
    keyring.set_keyring(before)


# --- the pure half ---------------------------------------------------------------------------
@pytest.mark.parametrize(("frequency", "at", "cron"), [
    ("daily", "07:00", "0 7 * * *"),
    ("twice-daily", "7:30", "30 7,19 * * *"),
    ("twice a day", "19:00", "0 7,19 * * *"),
    ("weekly", "6pm", "0 18 * * 1"),
    ("every 6h", "07:00", "every 6h"),
    ("15 6 * * 1-5", "07:00", "15 6 * * 1-5"),
])
def test_schedule_for(frequency, at, cron):
    from repwatch.app.wizard import schedule_for
    from repwatch.schedule import parse_schedule

    assert schedule_for(frequency, at) == cron
    parse_schedule(cron)


def test_schedule_for_rejects_nonsense():
    from repwatch.app.wizard import schedule_for

    with pytest.raises(ValueError):
        schedule_for("fortnightly")
    with pytest.raises(ValueError):
        schedule_for("daily", "25:00")


def test_presets_by_address():
    from repwatch.app.wizard import PRESETS, preset_for

    assert preset_for("jo@gmail.com") == "gmail"
    assert preset_for("jo@hotmail.co.uk") == "outlook"
    assert preset_for("jo@icloud.com") == "icloud"
    assert preset_for("jo@yahoo.co.uk") == "yahoo"
    assert preset_for("jo@st-aidans.sch.uk") == "custom"
    assert (PRESETS["gmail"].host, PRESETS["gmail"].port, PRESETS["gmail"].security) == ("smtp.gmail.com", 587, "starttls")
    assert (PRESETS["yahoo"].host, PRESETS["yahoo"].port, PRESETS["yahoo"].security) == ("smtp.mail.yahoo.com", 465, "ssl")
    assert PRESETS["icloud"].host == "smtp.mail.me.com"
    assert "apppasswords" in PRESETS["gmail"].help


def test_render_config_escapes_and_validates():
    from repwatch.app.wizard import SMTP_SECRET as INFO
    from repwatch.app.wizard import Answers, EmailAnswers, SecretRef, check_config, render_config

    answers = Answers(name='Siobhán "Jo" O\'Neill\\Ward', nicknames=["Jo"], honorifics=["Ms", "Dr"],
                      locations=["Newcastle upon Tyne"], organisations=["St Aidan's C of E Primary"],
                      handles=["@jo_oneill"], platforms=["facebook"], frequency="weekly")
    answers.email = EmailAnswers(["jo@gmail.com"], "gmail", "smtp.gmail.com", 587, "starttls", "jo@gmail.com",
                                 SMTP_SECRET)
    refs = [SecretRef(INFO, "env", SMTP_SECRET)]
    text = render_config(answers, refs)
    assert SMTP_SECRET not in text
    data = tomllib.loads(text)
    assert data["profile"][0]["name"] == 'Siobhán "Jo" O\'Neill\\Ward'
    assert data["profile"][0]["schedule"] == "0 7 * * 1"
    assert data["email"]["password"] == "${REPWATCH_SMTP_PASSWORD}"
    config = check_config(answers, refs)  # validates with the real secret, in memory
    assert config.email.password.get_secret_value() == SMTP_SECRET
    assert config.profile[0].organisations == ["St Aidan's C of E Primary"]


HOSTILE = ["Jo\x7fWhitfield", 'Siobhán "Jo" O\'Neill', "back\\slash\\", "two\nlines", "tab\there", "Jo 😀 Whitfield",
           "bell\x07 and unit\x1f separator"]


def test_render_config_round_trips_any_text_through_the_config_loader(tmp_path):
    """DELETE (U+007F), quotes, backslashes, newlines, tabs, emoji and control characters: the file
    gives the loader exactly what was typed (the same profile as the answers given to it directly)."""
    from repwatch.app.wizard import Answers, render_config
    from repwatch.config import load, parse

    for text in HOSTILE:
        answers = Answers(name=text, nicknames=[text, "Jo"], locations=[text], organisations=[text],
                          handles=["@jo"], frequency="daily")
        path = tmp_path / "config.toml"
        path.write_text(render_config(answers, []), encoding="utf-8")
        from_file = load(path).profile[0]  # the loader a user's every command goes through
        typed = parse({"profile": [{"name": text, "nicknames": [text, "Jo"], "locations": [text],
                                    "organisations": [text], "handles": ["@jo"]}]}, path).profile[0]
        assert (from_file.name, from_file.nicknames, from_file.locations, from_file.organisations) == (
            typed.name, typed.nicknames, typed.locations, typed.organisations), repr(text)
        assert from_file.organisations == [text]  # kept exactly as typed


def test_init_with_a_delete_character_in_the_name_writes_a_config_repwatch_can_read(home):
    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam\x7f Patel", "--org", 'St "Mary\'s" \\ 😀')
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["profile"][0]["name"] == "Sam\x7f Patel"
    assert data["profile"][0]["organisations"] == ['St "Mary\'s" \\ 😀']
    assert cli("--config", str(config), "plan", "--json").returncode == 0


@pytest.mark.parametrize(("typed", "address"), [
    ("http://localhost:8888", "http://localhost:8888"),
    ("HTTPS://Search.Example.org/searx/", "https://search.example.org/searx"),
    ("http://[::1]:8080", "http://[::1]:8080"),
])
def test_searxng_address(typed, address):
    from repwatch.adapters.providers.searxng import address as searxng_address

    assert searxng_address(typed) == address


@pytest.mark.parametrize(("typed", "words"), [
    ("localhost:8888", "must start with http:// or https://"),
    ("ftp://example.org", "not ftp://"),
    ("http://", "needs a server name"),
    ("http://:8888", "needs a server name"),
    ("http://local host", "no spaces"),
    ("http://localhost:99999", "port from 1 to 65535"),
    ("http://me:secret@localhost", "user name or password"),
    ("http://localhost:8888/search?q=jo", "after a ? or #"),
])
def test_bad_searxng_address_is_one_sentence(typed, words):
    from repwatch.adapters.providers.searxng import address as searxng_address

    with pytest.raises(ValueError) as caught:
        searxng_address(typed)
    message = str(caught.value)
    assert words in message and message.endswith(".") and message.count(". ") == 0


@pytest.mark.parametrize(("typed", "address"), [
    ("mastodon.social", "https://mastodon.social"),
    ("@jo@mastodon.online", "https://mastodon.online"),
    ("jo@fosstodon.org", "https://fosstodon.org"),
    ("mastodon.social/@jo", "https://mastodon.social"),
    ("https://Mastodon.Social/@jo", "https://mastodon.social"),
    ("http://localhost:3000/", "http://localhost:3000"),
])
def test_mastodon_address(typed, address):
    from repwatch.adapters.providers.mastodon import address as mastodon_address

    assert mastodon_address(typed) == address


@pytest.mark.parametrize("typed", ["@jo", "mastodon", "ftp://mastodon.social", "mastodon .social"])
def test_bad_mastodon_address(typed):
    from repwatch.adapters.providers.mastodon import address as mastodon_address

    with pytest.raises(ValueError):
        mastodon_address(typed)


def test_bluesky_handle():
    from repwatch.adapters.providers.bluesky import guess_handle as guess_bluesky_handle
    from repwatch.adapters.providers.bluesky import handle as bluesky_handle

    assert bluesky_handle(" @jo.bsky.social ") == "jo.bsky.social"
    assert bluesky_handle("did:plc:abc123") == "did:plc:abc123"
    for bad in ("jo", "jo bsky.social"):
        with pytest.raises(ValueError, match="looks like jo.bsky.social"):
            bluesky_handle(bad)
    assert guess_bluesky_handle(["@MsWhitfieldTeach", "@jo.bsky.social"]) == "jo.bsky.social"
    assert guess_bluesky_handle(["@MsWhitfieldTeach"]) == ""


def test_plaintext_keyring_counts_only_when_chosen(home, monkeypatch):
    import keyring
    from keyring.backends.fail import Keyring as Fail
    from keyrings.alt.file import PlaintextKeyring

    from repwatch.adapters.secrets import keyring_available, store_secret

    before = keyring.get_keyring()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.delenv("REPWATCH_ALLOW_PLAINTEXT_KEYRING", raising=False)
    try:
        keyring.set_keyring(PlaintextKeyring())
        assert not keyring_available()  # picked automatically: a plain file, not a keyring
        assert store_secret("x", "y") is False
        monkeypatch.setenv("REPWATCH_ALLOW_PLAINTEXT_KEYRING", "1")
        assert keyring_available()
        monkeypatch.delenv("REPWATCH_ALLOW_PLAINTEXT_KEYRING")
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", PLAINTEXT)
        assert keyring_available()
        assert store_secret("x", "y") is True
        keyring.set_keyring(Fail())
        assert not keyring_available()
        assert store_secret("x", "y") is False
    finally:
        keyring.set_keyring(before)


# --- through flags -------------------------------------------------------------------------------
FLAGS = ["init", "--yes", "--name", "Joanna Whitfield", "--variant", "Joanna Brown", "--nickname", "Jo",
         "--honorific", "Ms", "--location", "Liverpool", "--org", "St Aidan's Primary School",
         "--handle", "MsWhitfieldTeach", "--platform", "Instagram", "--schedule", "twice-daily",
         "--email-to", "jo.whitfield@gmail.com"]
SECRETS = {"REPWATCH_SMTP_PASSWORD": SMTP_SECRET, "BRAVE_API_KEY": BRAVE_SECRET}  # never flags: from the environment


def test_flags_with_keyring(home, file_keyring):
    from repwatch.config import load

    config = home / "cfg" / "config.toml"
    result = cli("--config", str(config), *FLAGS, env={"PYTHON_KEYRING_BACKEND": PLAINTEXT, **SECRETS})
    assert result.returncode == 0, result.stderr
    assert "kept in the system keyring" in result.stdout
    text = config.read_text()
    assert SMTP_SECRET not in text and BRAVE_SECRET not in text
    assert SMTP_SECRET not in result.stdout + result.stderr and BRAVE_SECRET not in result.stdout + result.stderr
    assert 'password = "keyring:smtp-password"' in text
    assert 'api_key = "keyring:brave-api-key"' in text
    assert oct(config.stat().st_mode & 0o777) == "0o600"
    # config.load reads the secrets back from the keyring
    loaded = load(config)
    assert loaded.email.password.get_secret_value() == SMTP_SECRET
    assert loaded.providers.brave.api_key.get_secret_value() == BRAVE_SECRET
    assert (loaded.email.smtp_host, loaded.email.port, loaded.email.security) == ("smtp.gmail.com", 587, "starttls")
    profile = loaded.profile[0]
    assert profile.schedule == "0 7,19 * * *"
    assert profile.honorifics == ["Ms"] and profile.platforms == ["instagram"]
    # and `repwatch plan` (which loads it, keyring and all) shows the person's searches
    queries = plan_queries(config)
    assert '"Joanna Whitfield" Liverpool' in queries
    assert '"Joanna Brown" Liverpool' in queries
    assert any(q.startswith('"Ms Whitfield"') for q in queries)


def test_no_keyring_writes_env_references(home):
    """No keyring, no choice made: the owner-only secrets file (the typed secrets are kept, not lost)."""
    config = home / "config.toml"
    result = cli("--config", str(config), *FLAGS,
                     env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **SECRETS})
    assert result.returncode == 0, result.stderr
    text = config.read_text()
    assert 'password = "${REPWATCH_SMTP_PASSWORD}"' in text and 'api_key = "${BRAVE_API_KEY}"' in text
    assert SMTP_SECRET not in text and BRAVE_SECRET not in text + result.stdout + result.stderr
    secrets_file = config.with_name("secrets.env")
    assert f"Your email password: kept in {secrets_file}, a file only you can read." in result.stdout
    assert SMTP_SECRET in secrets_file.read_text() and oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    result = cli("--config", str(config), "plan", "--json")
    assert result.returncode == 0, result.stderr


def test_secrets_env_mode_prints_the_lines_to_set_them(home):
    config = home / "config.toml"
    result = cli("--config", str(config), *FLAGS, "--secrets", "env",
                     env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **SECRETS})
    assert result.returncode == 0, result.stderr
    assert not config.with_name("secrets.env").exists()
    assert "Set the environment variable REPWATCH_SMTP_PASSWORD" in result.stdout
    assert "export BRAVE_API_KEY='…'" in result.stdout and "Environment=BRAVE_API_KEY=…" in result.stdout
    assert SMTP_SECRET not in result.stdout + result.stderr
    env = {"REPWATCH_SMTP_PASSWORD": "x", "BRAVE_API_KEY": "y"}
    result = cli("--config", str(config), "plan", "--json", env=env)
    assert result.returncode == 0, result.stderr


def test_secrets_in_file_only_when_asked_and_said(home):
    config = home / "config.toml"
    result = cli("--config", str(config), *FLAGS, "--secrets", "file", env=SECRETS)
    assert result.returncode == 0, result.stderr
    text = config.read_text()
    assert f'password = "{SMTP_SECRET}"' in text
    assert "WARNING: stored in this file in plain text" in text
    assert "written in the file in plain text, as you chose" in result.stdout
    assert SMTP_SECRET not in result.stdout + result.stderr


def test_minimal_flags_outbox_and_keyless(home):
    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel")
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(config.read_text())
    assert "email" not in data
    assert set(data["providers"]) == {"duckduckgo", "google_news", "bluesky", "mastodon"}
    assert "saved in the outbox folder" in result.stdout
    assert "repwatch serve" in result.stdout and "repwatch schedule --systemd" in result.stdout
    assert '"Sam Patel"' in plan_queries(config)


def test_existing_file_needs_force(home):
    config = home / "config.toml"
    config.write_text("# mine\n")
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel")
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert config.read_text() == "# mine\n"
    result = cli("--config", str(config), "init", "--yes", "--force", "--name", "Sam Patel")
    assert result.returncode == 0, result.stderr
    assert "Sam Patel" in config.read_text()
    assert (home / "config.toml.bak").read_text() == "# mine\n"


def test_default_path_is_user_config_dir(home):
    result = cli("init", "--yes", "--name", "Sam Patel")
    assert result.returncode == 0, result.stderr
    assert (home / "config" / "repwatch" / "config.toml").exists()


def test_provider_flags(home, file_keyring):
    from repwatch.config import load

    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel",
                     "--bluesky-identifier", "@sam.bsky.social", "--mastodon-url", "@sam@mastodon.online",
                     "--searxng-url", "http://127.0.0.1:8888/",
                     env={"PYTHON_KEYRING_BACKEND": PLAINTEXT, "BLUESKY_APP_PASSWORD": BLUESKY_SECRET,
                          "MASTODON_ACCESS_TOKEN": MASTODON_SECRET})
    assert result.returncode == 0, result.stderr
    text = config.read_text()
    assert BLUESKY_SECRET not in text and MASTODON_SECRET not in text
    providers = tomllib.loads(text)["providers"]
    assert providers["bluesky"] == {"identifier": "sam.bsky.social", "app_password": "keyring:bluesky-app-password"}
    assert providers["mastodon"] == {"base_url": "https://mastodon.online",
                                     "access_token": "keyring:mastodon-access-token"}
    assert providers["searxng"] == {"base_url": "http://127.0.0.1:8888"}
    loaded = load(config).providers
    assert loaded.bluesky.app_password.get_secret_value() == BLUESKY_SECRET
    assert loaded.mastodon.access_token.get_secret_value() == MASTODON_SECRET


@pytest.mark.parametrize(("args", "env", "words"), [
    (["--honorific", "Sir"], {}, "--honorific"),
    (["--schedule", "fortnightly"], {}, "--schedule"),
    (["--email-to", "jo@school.example", "--email-preset", "custom"], {}, "--smtp-host"),
    (["--bluesky-identifier", "sam.bsky.social"], {}, "--bluesky-identifier needs your Bluesky app password (to "
                                                      "search posts) too, in the environment variable "
                                                      "BLUESKY_APP_PASSWORD: make one in Bluesky's Settings"),
    ([], {"BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop"}, "The Bluesky app password in BLUESKY_APP_PASSWORD needs "
                                                          "--bluesky-identifier too (your handle, like jo.bsky.social)."),
    (["--bluesky-identifier", "sam.bsky.social"], {"BLUESKY_APP_PASSWORD": "hunter2hunter2"},
     "BLUESKY_APP_PASSWORD: That is not an app password"),
    (["--searxng-url", "localhost:8888"], {}, "--searxng-url: "),
    (["--mastodon-url", "mastodon"], {}, "--mastodon-url: Type your server's name"),
])
def test_bad_flags_are_one_sentence(home, args, env, words):
    result = cli("--config", str(home / "c.toml"), "init", "--yes", "--name", "Sam Patel", *args, env=env)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr and "hunter2" not in result.stderr
    assert not (home / "c.toml").exists()


@pytest.mark.parametrize(("flag", "name", "variable"), [
    ("--smtp-password", "smtp-password", "REPWATCH_SMTP_PASSWORD"),
    ("--brave-key", "brave-api-key", "BRAVE_API_KEY"),
    ("--serper-key", "serper-api-key", "SERPER_API_KEY"),
    ("--serpapi-key", "serpapi-api-key", "SERPAPI_API_KEY"),
    ("--bluesky-app-password", "bluesky-app-password", "BLUESKY_APP_PASSWORD"),
    ("--mastodon-token", "mastodon-access-token", "MASTODON_ACCESS_TOKEN"),
])
def test_a_secret_given_as_a_flag_is_refused_with_the_way_to_give_it(home, flag, name, variable):
    """`ps` and shell history see command lines: the old secret flags refuse, naming --set-secret and the variable."""
    from click.testing import CliRunner

    from repwatch.cli import main

    config = home / "c.toml"
    result = CliRunner().invoke(main, ["--config", str(config), "init", "--yes", "--name", "Sam Patel",
                                       flag, "hunter2-secret"])
    assert result.exit_code == 2
    assert result.output.startswith(f"repwatch: {flag} is not taken, because other people on this computer and "
                                    "your shell history would see the ")
    assert (f"run `repwatch init --set-secret {name}` (it asks, hidden, or reads one line from standard input), "
            f"or set the environment variable {variable} before `repwatch init`.") in result.output
    assert result.output.count("\n") == 1 and "hunter2" not in result.output
    assert not config.exists()
    assert flag not in CliRunner().invoke(main, ["init", "--help"]).output


def test_custom_smtp_and_test_email(home, smtp):
    config = home / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel", "--email-to", "sam@example.org",
                     "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp.port), "--smtp-security", "none",
                     "--test-email")
    assert result.returncode == 0, result.stderr
    assert "Sent a sample digest to sam@example.org" in result.stdout
    assert str(smtp.messages[0]["Subject"]).lstrip().startswith("[SAMPLE] repwatch:")


# --- through a real terminal ---------------------------------------------------------------------
NEW_QUESTIONS_SKIPPED = [
    (r"Search Bluesky posts too\? \[y/N\]", ""),
    (r"Do you use Mastodon\? \[y/N\]", ""),
    (r"Do you run your own SearXNG\? \[y/N\]", ""),
]


def test_interactive_wizard_in_a_pty(home, file_keyring):
    from repwatch.config import load

    config = home / "config.toml"
    env = dict(os.environ, PYTHON_KEYRING_BACKEND=PLAINTEXT, COLUMNS="120")
    steps = [
        (r"Name \(e\.g\. Joanna Whitfield\)", "Joanna Whitfield"),
        (r"former names", "Joanna Brown"),
        (r"Nicknames", "Jo"),
        (r"How do pupils and parents address you", None),
        (r"Enter for none\)", "Sir"),  # not one of the titles: asked again
        (r"Please use only", None),
        (r"Enter for none\)", "ms, mrs"),
        (r"town or city", "Liverpool"),
        (r"Your school", "St Aidan's Primary School"),
        (r"Your own public accounts", "@MsWhitfieldTeach"),
        (r"Which sites", "facebook, twitter"),
        (r"daily, twice-daily or weekly", "weekly"),
        (r"At what time", "6pm"),
        (r"Where should the digests go", None),
        (r"folder on this computer instead", "jo.whitfield@gmail.com"),
        (r"Number \[1\]", ""),  # Gmail, guessed from the address
        (r"apppasswords", None),
        (r"sign in with at that service", ""),
        (r"app password \(hidden", SMTP_SECRET),
        (r"Read your replies\? \[Y/n\]", ""),  # answering by replying: Gmail's mailbox, filled in
        (r"Add a search key now\?", "y"),
        (r"Brave Search API key.*\n.*Paste it here", BRAVE_SECRET),
        (r"Serper.*\n.*Paste it here", ""),
        (r"SerpApi.*\n.*Paste it here", ""),
        *NEW_QUESTIONS_SKIPPED,  # Enter through Bluesky, Mastodon and SearXNG
        (r"Wrote your settings to", None),
        (r"Send a test email now\?", "n"),
        (r"repwatch schedule --systemd", None),
    ]
    status, transcript = run_wizard(config, steps, env=env, timeout=20)
    assert status == 0, transcript
    # hidden input: what the terminal showed never holds the password or the key
    assert SMTP_SECRET not in transcript and BRAVE_SECRET not in transcript
    assert "kept in the system keyring" in transcript
    text = config.read_text()
    assert SMTP_SECRET not in text and BRAVE_SECRET not in text
    loaded = load(config)
    profile = loaded.profile[0]
    assert profile.name == "Joanna Whitfield" and profile.variants == ["Joanna Brown"]
    assert profile.honorifics == ["Ms", "Mrs"] and profile.platforms == ["facebook", "x"]
    assert profile.schedule == "0 18 * * 1"
    assert loaded.email.smtp_host == "smtp.gmail.com" and loaded.email.username == "jo.whitfield@gmail.com"
    assert loaded.email.password.get_secret_value() == SMTP_SECRET
    assert loaded.email.replies.enabled and loaded.email.replies.imap_host == "imap.gmail.com"
    assert loaded.email.imap_login() == ("jo.whitfield@gmail.com", SMTP_SECRET)  # the same app password
    assert loaded.providers.brave.api_key.get_secret_value() == BRAVE_SECRET
    assert '"Joanna Whitfield" Liverpool' in plan_queries(config)
    # pressing Enter through the Bluesky, Mastodon and SearXNG questions leaves those sections exactly
    # as a run that never asks them (`--yes`) writes them
    providers = tomllib.loads(text)["providers"]
    assert providers["bluesky"] == {} and providers["mastodon"] == {} and "searxng" not in providers
    assert "keyring:bluesky" not in text and "keyring:mastodon" not in text
    plain = home / "plain.toml"
    assert cli("--config", str(plain), "init", "--yes", "--name", "Sam Patel").returncode == 0
    assert provider_sections(text) == provider_sections(plain.read_text())


# The questions a run with --name, --schedule and --email-preset none still asks, all skipped.
PROFILE_SKIPPED = [
    (r"former names", ""), (r"Nicknames", ""), (r"Enter for none\)", ""), (r"town or city", ""),
    (r"Your school", ""), (r"Your own public accounts", ""), (r"Which sites", ""),
    (r"Add a search key now\?", ""),
]


@pytest.mark.parametrize("keyring_kind", ["keyring", "no keyring"])
def test_interactive_bluesky_mastodon_searxng(home, request, monkeypatch, keyring_kind):
    from repwatch.config import load

    if keyring_kind == "keyring":
        request.getfixturevalue("file_keyring")
    backend = PLAINTEXT if keyring_kind == "keyring" else FAIL_KEYRING
    config = home / "config.toml"
    env = dict(os.environ, PYTHON_KEYRING_BACKEND=backend, COLUMNS="120")
    steps = [
        *PROFILE_SKIPPED,
        (r"Search Bluesky posts too\? \[y/N\]", "y"),
        (r"bsky\.app/settings/app-passwords", None),
        (r"Your Bluesky handle", "sam"),  # no dot: asked again, saying what a handle looks like
        (r"looks like jo\.bsky\.social", None),
        (r"Your Bluesky handle", "@sam.bsky.social"),
        (r"app password \(hidden", "my-main-Password1"),  # not an app password: refused, asked again
        (r"never give repwatch your main Bluesky password\.", None),
        (r"app password \(hidden", BLUESKY_SECRET),
        (r"Do you use Mastodon\? \[y/N\]", "y"),
        (r"Which Mastodon server are you on\? \(Enter for mastodon\.social\)", "@sam@mastodon.online"),
        (r"access token \(hidden", MASTODON_SECRET),
        (r"Do you run your own SearXNG\? \[y/N\]", "y"),
        (r"Its address", "localhost:8888"),  # no http://: asked again, saying so in one sentence
        (r"must start with http:// or https://, like http://localhost:8888\.", None),
        (r"Its address", "http://"),
        (r"needs a server name after http://", None),
        (r"Its address", "http://127.0.0.1:8888/"),
        (r"search: formats: \[html, json\]", None),
    ]
    if keyring_kind == "no keyring":
        steps.append((r"In a file only you can read", None))
        steps.append((r"Number \[1\]", ""))  # the default: the owner-only secrets file
    steps.append((r"Wrote your settings to", None))
    status, transcript = run_wizard(config, steps, "--name", "Sam Patel", "--schedule", "daily",
                                    "--email-preset", "none", env=env)
    assert status == 0, transcript
    # hidden input, and never written as text
    text = config.read_text()
    for secret in (BLUESKY_SECRET, MASTODON_SECRET):
        assert secret not in transcript and secret not in text
    providers = tomllib.loads(text)["providers"]
    if keyring_kind == "keyring":
        refs = {"bluesky": "keyring:bluesky-app-password", "mastodon": "keyring:mastodon-access-token"}
        assert "Bluesky app password (to search posts): kept in the system keyring" in transcript
        env_vars: dict[str, str] = {}
    else:
        refs = {"bluesky": "${BLUESKY_APP_PASSWORD}", "mastodon": "${MASTODON_ACCESS_TOKEN}"}
        secrets_file = config.with_name("secrets.env")
        assert f"Bluesky app password (to search posts): kept in {secrets_file}, a file only you can read" \
            in transcript
        assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
        env_vars = {}  # repwatch reads the secrets file itself
    assert providers["bluesky"] == {"identifier": "sam.bsky.social", "app_password": refs["bluesky"]}
    assert providers["mastodon"] == {"base_url": "https://mastodon.online", "access_token": refs["mastodon"]}
    assert providers["searxng"] == {"base_url": "http://127.0.0.1:8888"}
    # the config loader takes it, secrets and all, and so does `repwatch plan`
    for name, value in env_vars.items():
        monkeypatch.setenv(name, value)
    loaded = load(config).providers
    assert loaded.bluesky.identifier == "sam.bsky.social"
    assert loaded.bluesky.app_password.get_secret_value() == BLUESKY_SECRET
    assert loaded.mastodon.base_url == "https://mastodon.online"
    assert loaded.mastodon.access_token.get_secret_value() == MASTODON_SECRET
    assert loaded.searxng.base_url == "http://127.0.0.1:8888"
    assert '"Sam Patel"' in plan_queries(config, env=env_vars)


def test_interactive_skips_what_flags_answered(home):
    """A provider flag answers only its own question: the others are still asked."""
    config = home / "config.toml"
    steps = [
        *PROFILE_SKIPPED,
        (r"Search Bluesky posts too\?", ""),
        (r"your own SearXNG\?", ""),  # Mastodon is not asked: --mastodon-url answered it
        (r"Wrote your settings to", None),
    ]
    status, transcript = run_wizard(config, steps, "--name", "Sam Patel", "--schedule", "daily",
                                    "--email-preset", "none", "--mastodon-url", "https://mastodon.online",
                                    env=dict(os.environ, COLUMNS="120"))
    assert status == 0, transcript
    assert "Do you use Mastodon" not in transcript
    assert tomllib.loads(config.read_text())["providers"]["mastodon"] == {"base_url": "https://mastodon.online"}


def test_interactive_refuses_to_overwrite_without_asking(home):
    pexpect = pytest.importorskip("pexpect")
    config = home / "config.toml"
    config.write_text("# mine\n")
    child = terminal(sys.executable, ["-m", "repwatch", "--config", str(config), "init"],
                     env=dict(os.environ), encoding="utf-8", timeout=20)
    child.expect(r"Change it\?")
    child.sendline("")  # the default is no
    child.expect("Nothing was changed")
    child.expect(pexpect.EOF)
    child.wait()
    child.close()
    assert child.exitstatus == 0
    assert config.read_text() == "# mine\n"
