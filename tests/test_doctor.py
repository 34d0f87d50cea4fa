"""`repwatch doctor`: every check on one line, each failure named with its fix; exit 0 only when healthy."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import cli, free_port, run_cli
from tests.web_support import open_page

GOOD_PASSWORD = "correct-horse-battery"
GOOD_KEY = "BSA-good-key-123"
BRAVE_OK = {"type": "search", "web": {"results": [
    {"url": "https://example.org/page", "title": "A page", "description": "Some text"}]}}
BRAVE_BAD_KEY = {"type": "ErrorResponse", "error": {
    "id": "x", "status": 422, "code": "SUBSCRIPTION_TOKEN_INVALID", "detail": "The provided subscription token is invalid."}}
UTF8 = {"PYTHONIOENCODING": "utf-8"}


class AuthSMTP:
    """aiosmtpd on loopback that accepts one login and refuses every other (AUTH allowed without TLS)."""

    def __init__(self, login: str = "jo@example.org", password: str = GOOD_PASSWORD) -> None:
        self.port = free_port()
        self.login, self.password = login.encode(), password.encode()
        self.messages: list[bytes] = []
        self.controller = None

    def start(self) -> AuthSMTP:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        server = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):  # type: ignore[no-untyped-def]
                server.messages.append(envelope.original_content)
                return "250 OK"

        def authenticator(_server, _session, _envelope, _mechanism, data):  # type: ignore[no-untyped-def]
            ok = isinstance(data, LoginPassword) and data.login == server.login and data.password == server.password
            return AuthResult(success=ok, handled=False)

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     authenticator=authenticator, auth_require_tls=False)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()


@pytest.fixture
def auth_smtp():
    server = AuthSMTP().start()
    yield server
    server.stop()


def write_config(home: Path, *, brave_url: str, brave_key: str, smtp_port: int, password: str,
                 chromium: str | None = None) -> Path:
    config = home / "config.toml"
    chromium_line = f'chromium_path = "{chromium}"' if chromium else ""
    config.write_text(f"""
[repwatch]
database = "{home / 'data' / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
schedule = "0 7 * * *"

[providers.brave]
api_key = "${{TEST_BRAVE_KEY}}"
base_url = "{brave_url}"
kinds = ["web"]

[email]
to = ["jo@example.org"]
from = "repwatch <jo@example.org>"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
security = "none"
username = "jo@example.org"
password = "${{TEST_SMTP_PASSWORD}}"
timeout_s = 10

[evidence]
{chromium_line}
""", encoding="utf-8")
    os.environ["TEST_BRAVE_KEY"] = brave_key
    os.environ["TEST_SMTP_PASSWORD"] = password
    return config


@pytest.fixture
def secrets_env(monkeypatch):
    monkeypatch.setenv("TEST_BRAVE_KEY", "")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "")


def test_all_healthy_exits_0(home, httpserver, auth_smtp, secrets_env):
    """As a user runs it, in a process of its own (the tests below run doctor in-process)."""
    httpserver.expect_request("/res/v1/web/search", headers={"X-Subscription-Token": GOOD_KEY}).respond_with_json(
        BRAVE_OK, headers={"X-RateLimit-Remaining": "1, 1999"})
    config = write_config(home, brave_url=httpserver.url_for("/").rstrip("/"), brave_key=GOOD_KEY,
                          smtp_port=auth_smtp.port, password=GOOD_PASSWORD, chromium="/nonexistent/chromium")
    result = run_cli("--config", str(config), "doctor", env=UTF8)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "✔ config:" in out
    assert "✔ search service Brave Search: works" in out and "1,999 searches left this month" in out
    assert "✔ email: logged in to 127.0.0.1" in out
    assert "✔ database: not created yet" in out
    assert "✔ schedule (Joanna Whitfield): every day at 07:00: due now; no search yet" in out  # never ran: due at once
    assert "✔ lock: no search is under way" in out
    # Chromium is optional: a warning, not a failure
    assert "! chromium: chromium_path '/nonexistent/chromium' does not exist" in out
    assert "Everything repwatch needs is working." in out
    assert auth_smtp.messages == []  # doctor logs in, never sends
    assert GOOD_KEY not in out + result.stderr and GOOD_PASSWORD not in out + result.stderr


def test_bad_key_and_refused_login_each_named_with_fix(home, httpserver, auth_smtp, secrets_env):
    httpserver.expect_request("/res/v1/web/search").respond_with_json(BRAVE_BAD_KEY, status=422)
    config = write_config(home, brave_url=httpserver.url_for("/").rstrip("/"), brave_key="BSA-wrong-key",
                          smtp_port=auth_smtp.port, password="not-the-password")
    result = cli("--config", str(config), "doctor", env=UTF8)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    brave = next(line for line in lines if "search service Brave Search" in line)
    assert brave.startswith("✖ search service Brave Search: Brave Search rejected the key or login")
    assert "Put in the right key with `repwatch init --set-secret brave-api-key`" in brave and "api-dashboard.search.brave.com" in brave
    email = next(line for line in lines if line.startswith(("✔ email", "✖ email")))
    assert email.startswith("✖ email: The mail server 127.0.0.1:")
    assert "refused the login for jo@example.org" in email
    assert "app password" in email  # the fix
    assert "✔ config:" in result.stdout  # the rest still ran
    assert "2 things need fixing" in result.stdout
    everything = result.stdout + result.stderr
    assert "BSA-wrong-key" not in everything and "not-the-password" not in everything


def test_json_output(home, httpserver, auth_smtp, secrets_env):
    httpserver.expect_request("/res/v1/web/search").respond_with_json(BRAVE_BAD_KEY, status=401)
    config = write_config(home, brave_url=httpserver.url_for("/").rstrip("/"), brave_key="k",
                          smtp_port=auth_smtp.port, password=GOOD_PASSWORD)
    result = cli("--config", str(config), "doctor", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    by_name = {c["name"]: c for c in data["checks"]}
    assert by_name["provider brave"]["status"] == "fail" and "brave-api-key" in by_name["provider brave"]["fix"]
    assert by_name["email"]["status"] == "ok"
    assert by_name["chromium"]["status"] in ("ok", "warn")


def test_missing_config_says_run_init(home):
    result = cli("--config", str(home / "nope.toml"), "doctor", env=UTF8)
    assert result.returncode == 1
    assert "✖ config: The config file" in result.stdout and "Run `repwatch init`" in result.stdout


def test_unreachable_smtp_and_provider(home, secrets_env):
    port = free_port()  # nothing listens here
    config = write_config(home, brave_url=f"http://127.0.0.1:{port}", brave_key="k", smtp_port=port,
                          password="p")
    result = cli("--config", str(config), "doctor", env=UTF8)
    assert result.returncode == 1
    assert "✖ search service Brave Search: Brave Search could not be reached at 127.0.0.1" in result.stdout
    assert "✖ email: The mail server 127.0.0.1:" in result.stdout and "could not be reached" in result.stdout


# --- the checks one by one ---------------------------------------------------------------------
def test_store_checks(tmp_path):
    from repwatch.adapters.store import MIGRATIONS, Store
    from repwatch.app.doctor import check_store

    db = tmp_path / "repwatch.db"
    assert check_store(db).status == "ok"  # not created yet
    Store(db).close()
    check = check_store(db)
    assert check.status == "ok" and f"schema {len(MIGRATIONS)})" in check.detail
    db.write_bytes(b"this is not a database" * 100)
    check = check_store(db)
    assert check.status == "fail" and check.fix
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    check = check_store(newer)
    assert check.status == "fail" and "newer repwatch" in check.detail


def test_lock_held_by_another_process(tmp_path):
    """doctor reads the same lock `run` takes, held here by a real second process."""
    import subprocess
    import sys

    from repwatch.app.doctor import check_lock

    db = tmp_path / "repwatch.db"
    assert check_lock(db).detail == "no search is under way"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom repwatch.adapters.lock import DatabaseLock\n"
         f"lock = DatabaseLock(__import__('pathlib').Path({str(db)!r}))\nlock.acquire()\n"
         "print('held', flush=True)\ntime.sleep(30)\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        check = check_lock(db)
        assert check.status == "ok" and check.detail.startswith("a search is under way now (started ")
    finally:
        holder.kill()
        holder.wait()
    assert check_lock(db).detail == "no search is under way"


def _missed_run(tmp_path, last: str) -> tuple[Path, Path]:
    from repwatch.adapters.store import Store

    db = tmp_path / "r.db"
    config = tmp_path / "c.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\ntimezone = "Europe/London"\n'
                      '[[profile]]\nname = "Joanna Whitfield"\nschedule = "0 7 * * *"\n', encoding="utf-8")
    store = Store(db)
    store.record_run("Joanna Whitfield", started_at=last, results=[], calls=[], failures=[], queries=1)
    store.close()
    return config, db


def test_an_unreadable_last_search_time_is_not_blamed_on_the_schedule(tmp_path):
    """doctor read the store's time with its own strict reader and said the schedule "cannot be used"."""
    from datetime import UTC, datetime

    from repwatch.app.doctor import check_schedules
    from repwatch.config import load

    config_path, db = _missed_run(tmp_path, "6 Dec, 7am")
    [check] = check_schedules(load(config_path), db, now=datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert check.status == "ok" and check.fix is None
    assert check.detail.startswith("every day at 07:00: due now; no search yet")


def test_a_missed_run_is_overdue_in_doctor_status_and_the_page(tmp_path):
    """At 09:00 after a missed 07:00 run, doctor said "next run tomorrow 07:00" while status said overdue."""
    from datetime import UTC, datetime

    from repwatch.app import status
    from repwatch.app.doctor import check_schedules
    from repwatch.config import load

    config_path, db = _missed_run(tmp_path, "2026-12-06T07:00:00+00:00")
    config = load(config_path)
    nine = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    [check] = check_schedules(config, db, now=nine)
    assert check.status == "warn"
    assert check.detail == ("every day at 07:00: overdue: a search was due Monday 7 December at 07:00; "
                            "last search 6 December 2026 at 07:00")
    assert check.fix.startswith("Run `repwatch run` now")
    data = status.collect(config, db, now=nine)
    [profile] = data["profiles"]
    assert profile["overdue"] is True and profile["due_since"] == "2026-12-07T07:00:00+00:00"
    assert "  Next search:  due now (was due 07:00); run `repwatch run`, or start `repwatch serve`" in status.render(data, nine)
    # before 07:00 nothing is missed: both give the same next run
    six = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    [check] = check_schedules(config, db, now=six)
    assert check.status == "ok" and "next search Monday 7 December at 07:00" in check.detail
    assert status.collect(config, db, now=six)["profiles"][0]["next_run"] == "2026-12-07T07:00:00+00:00"


def test_the_page_says_a_missed_run_is_due_now(tmp_path):
    import warnings

    from repwatch.config import load
    from repwatch.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    config_path, db = _missed_run(tmp_path, "2026-01-05T07:00:00+00:00")  # long before any real today
    page = open_page(TestClient(create_app(load(config_path), db), base_url="http://127.0.0.1:8377"), db).get("/status").text
    assert "<dt>Next search</dt><dd>due now" in page


LOGIN_CONFIG = """
[repwatch]
database = "{db}"

[[profile]]
name = "Joanna Whitfield"

[providers.bluesky]
base_url = "{url}"
identifier = "jo.bsky.social"
app_password = "abcd-efgh-ijkl-mnop"

[providers.mastodon]
base_url = "{url}"
access_token = "wrong-token-123"
"""


def test_doctor_logs_in_where_a_provider_has_a_login(home, httpserver):
    """Account search needs no login, so a probe that only searched accounts said "works" with a wrong
    app password; doctor now logs in (Bluesky createSession, Mastodon verify_credentials)."""
    httpserver.expect_request("/xrpc/com.atproto.server.createSession", method="POST").respond_with_json(
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, status=401)
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json(
        {"error": "The access token is invalid"}, status=401)
    httpserver.expect_request("/xrpc/app.bsky.actor.searchActors").respond_with_json({"actors": []})
    httpserver.expect_request("/api/v2/search").respond_with_json({"accounts": [], "statuses": []})
    config = home / "config.toml"
    config.write_text(LOGIN_CONFIG.format(db=home / "r.db", url=httpserver.url_for("/").rstrip("/")))
    result = cli("--config", str(config), "doctor", env=UTF8)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    bluesky = next(line for line in lines if "search service Bluesky" in line)
    mastodon = next(line for line in lines if "search service Mastodon" in line)
    assert bluesky.startswith("✖ search service Bluesky:") and "--set-secret bluesky-app-password" in bluesky
    assert mastodon.startswith("✖ search service Mastodon:") and "--set-secret mastodon-access-token" in mastodon
    assert "abcd-efgh-ijkl-mnop" not in result.stdout + result.stderr
    assert "wrong-token-123" not in result.stdout + result.stderr


def test_doctor_says_who_is_logged_in(home, httpserver):
    httpserver.expect_request("/xrpc/com.atproto.server.createSession", method="POST").respond_with_json(
        {"accessJwt": "a", "refreshJwt": "r", "handle": "jo.bsky.social", "did": "did:plc:x"})
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json({"acct": "jo", "id": "1"})
    httpserver.expect_request("/xrpc/app.bsky.actor.searchActors").respond_with_json({"actors": []})
    httpserver.expect_request("/api/v2/search").respond_with_json({"accounts": [], "statuses": []})
    config = home / "config.toml"
    config.write_text(LOGIN_CONFIG.format(db=home / "r.db", url=httpserver.url_for("/").rstrip("/")))
    result = cli("--config", str(config), "doctor", env=UTF8)
    assert "✔ search service Bluesky: works (logged in as jo.bsky.social;" in result.stdout
    assert "✔ search service Mastodon: works (logged in as @jo;" in result.stdout


def _push_config(home: Path, brave_url: str) -> Path:
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'data' / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"

[providers.brave]
api_key = "BSA-good-key-123"
base_url = "{brave_url}"
kinds = ["web"]

[notify]
urls = ["ntfy://ntfy.sh/joanna-private-topic"]
""", encoding="utf-8")
    return config


@pytest.mark.parametrize("installed", [True, False])
def test_doctor_says_how_to_add_push_when_notify_is_set(home, httpserver, monkeypatch, installed):
    """Apprise is the optional `push` extra: with [notify] urls and no Apprise, doctor names the install."""
    import sys

    from click.testing import CliRunner

    from repwatch.cli import main

    if not installed:
        monkeypatch.setitem(sys.modules, "apprise", None)  # as if `pip install repwatch` left it out
    httpserver.expect_request("/res/v1/web/search").respond_with_json(BRAVE_OK)
    config = _push_config(home, httpserver.url_for("/").rstrip("/"))
    result = CliRunner().invoke(main, ["--config", str(config), "doctor"])
    push = [line for line in result.output.splitlines() if " push: " in line]
    if installed:
        assert push == ["✔ push: urgent flags are also pushed to 1 push service"]
    else:
        assert result.exit_code == 1, result.output
        assert push == [
            "✖ push: [notify] names 1 push service, but Apprise, which sends the pushes, is not installed"
            f' — Run `pip install "repwatch[push]"`, or take [notify] out of {config}.'
        ]
    assert "joanna-private-topic" not in result.output


def test_doctor_checks_a_schools_guide_file(home, httpserver):
    """A misspelt key in the school's guide is found by doctor, not by the first digest at 07:00."""
    from click.testing import CliRunner

    from repwatch.cli import main

    httpserver.expect_request("/res/v1/web/search").respond_with_json(BRAVE_OK)
    config = _push_config(home, httpserver.url_for("/").rstrip("/"))
    text = config.read_text(encoding="utf-8").replace("[notify]", "").replace(
        'urls = ["ntfy://ntfy.sh/joanna-private-topic"]', "")
    config.write_text(text.replace("[repwatch]\n", '[repwatch]\nguide = "school-guide.toml"\n'), encoding="utf-8")
    own = home / "school-guide.toml"
    own.write_text('[flags.safeguarding]\nurgent = "Ring Mrs Patel (DSL) now."\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "doctor"])
    guide = [line for line in result.output.splitlines() if " guide: " in line]
    assert guide == [f"✔ guide: your school's guide {own} is read for the advice in the digest, the report and "
                     "the review page"]

    own.write_text('[flags.safeguarding]\nurgnet = "Ring Mrs Patel (DSL) now."\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "doctor"])
    guide = [line for line in result.output.splitlines() if " guide: " in line]
    assert result.exit_code == 1, result.output
    assert guide == [f"✖ guide: The guide file {own} (repwatch.guide): flags.safeguarding.urgnet is not a key it "
                     "takes (misspelt?) — Correct it in the file (repwatch's own data/guide.toml shows every key "
                     "it takes), then run `repwatch doctor` again."]
