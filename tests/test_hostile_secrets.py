"""Secrets stay out of what repwatch writes (issue 15, items 5, 10 and 16).

Keys, app passwords and a ``user:password@`` in a base_url must not reach stderr, the log, the
database, doctor's report or the digest, even with --verbose and even when the config is wrong.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import FIXTURES, cli

PASSWORD = "Pa55wordXYZ987"
KEY = "serpapiSECRETkey4242"
DDG = (FIXTURES / "backbone" / "duckduckgo.html").read_text()
EMPTY_DDG = "<html><body><div id='links' class='results'><div class='no-results'>No results.</div></div></body></html>"


def _everything_written(home: Path) -> str:
    """Every file under the test's home (database rows, log, outbox) as text."""
    seen = []
    for path in home.rglob("*"):
        if not path.is_file() or path.name == "config.toml":
            continue
        if path.suffix == ".db":
            with sqlite3.connect(path) as db:
                for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                    seen.extend(str(row) for row in db.execute(f'SELECT * FROM "{table}"'))
        else:
            seen.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(seen)


def test_password_in_base_url_reaches_no_output_log_database_or_digest(home, httpserver):
    httpserver.expect_request("/html/", method="POST").respond_with_handler(
        lambda request: __import__("werkzeug").Response(DDG if not request.form.get("s") else EMPTY_DDG,
                                                         content_type="text/html"))
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'data' / 'repwatch.db'}"
log_file = true

[[profile]]
name = "Joanna Whitfield"
max_queries = 2

[providers.searxng]
base_url = "http://jo:{PASSWORD}@127.0.0.1:9"
rate_per_second = 50

[providers.duckduckgo]
base_url = "{httpserver.url_for('').rstrip('/')}"
rate_per_second = 50

[evidence]
capture = "none"
""")
    ran = cli("--config", str(config), "-v", "run")
    assert ran.returncode == 1, ran.stderr  # searxng failed, duckduckgo answered
    assert "SearXNG could not be reached at 127.0.0.1:9" in ran.stderr
    searched = cli("--config", str(config), "-v", "search", "Joanna Whitfield", "-p", "searxng")
    doctor = cli("--config", str(config), "-v", "doctor")
    assert "searxng" in doctor.stdout + doctor.stderr
    said = "\n".join(p.stdout + p.stderr for p in (ran, searched, doctor))
    assert PASSWORD not in said
    written = _everything_written(home)
    assert "could not be reached" in written  # the failure was stored and mailed ...
    assert list((home / "data").glob("outbox/*.eml")) and (home / "data" / "repwatch.log").exists()
    assert PASSWORD not in written  # ... without the password


def test_verbose_never_logs_the_serpapi_key(home, httpserver):
    httpserver.expect_request("/search").respond_with_json(json.loads((FIXTURES / "serpapi" / "web.json").read_text()))
    config = home / "config.toml"
    config.write_text(f"""
[providers.serpapi]
api_key = "{KEY}"
base_url = "{httpserver.url_for('').rstrip('/')}"
rate_per_second = 50
""")
    done = cli("--config", str(config), "-v", "search", "Joanna Whitfield", "-p", "serpapi")
    assert done.returncode == 0, done.stderr
    assert "HTTP Request" in done.stderr  # the request lines are still logged ...
    assert KEY not in done.stderr + done.stdout  # ... with the key taken out
    assert httpserver.log and httpserver.log[0][0].args["api_key"] == KEY  # it was sent to the provider
    doctor = cli("--config", str(config), "-v", "doctor")
    assert KEY not in doctor.stderr + doctor.stdout


def test_verbose_config_error_shows_no_secret_value(home):
    config = home / "config.toml"
    config.write_text(f"""
[providers.brave]
api_key = ["{KEY}"]
""")
    done = cli("--config", str(config), "-v", "search", "Joanna Whitfield")
    assert done.returncode == 2
    assert "providers.brave.api_key should be text in quotes" in done.stderr
    assert KEY not in done.stderr + done.stdout
    config.write_text("""
[email]
to = ["jo@example.org"]
from = "jo@example.org"
smtp_host = "127.0.0.1"
password = 98765432123
""")
    done = cli("--config", str(config), "-v", "doctor")
    assert done.returncode != 0 and "email.password should be text in quotes" in done.stdout + done.stderr
    assert "98765432123" not in done.stderr + done.stdout
    done = cli("--config", str(config), "-v", "run")
    assert done.returncode == 2
    assert "98765432123" not in done.stderr + done.stdout


def test_env_secret_in_a_non_secret_key_is_not_echoed(home):
    config = home / "config.toml"
    config.write_text("""
[email]
to = ["jo@example.org"]
from = "jo@example.org"
smtp_host = "127.0.0.1"
smtp_port = "${SMTP_PASSWORD}"
""")
    done = cli("--config", str(config), "search", "Joanna Whitfield", env={"SMTP_PASSWORD": PASSWORD})  # no --verbose
    assert done.returncode == 2
    assert "email.smtp_port should be a whole number (got the value of ${SMTP_PASSWORD})" in done.stderr
    assert PASSWORD not in done.stderr
    config.write_text('[providers.brave]\nbase_url = "${BRAVE_KEY}"\n')
    done = cli("--config", str(config), "-v", "search", "Joanna Whitfield", env={"BRAVE_KEY": KEY})
    assert done.returncode == 2
    assert "${BRAVE_KEY} is not an http:// or https:// address" in done.stderr
    assert KEY not in done.stderr


def test_a_log_handler_with_the_redacting_filter_hides_a_secret_in_the_message_and_the_traceback():
    import io
    import logging

    from repwatch.text import redact_logging, register_secret

    register_secret("s3cr3t-key-for-the-log")
    out = io.StringIO()
    handler = redact_logging(logging.StreamHandler(out))
    redact_logging(handler)  # once is enough: a second call adds nothing
    assert len(handler.filters) == 1
    logger = logging.getLogger("repwatch.test-redaction")
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("the key s3cr3t-key-for-the-log was refused")
        except RuntimeError:
            logger.error("calling https://api.example.org/?key=%s", "s3cr3t-key-for-the-log", exc_info=True)
    finally:
        logger.removeHandler(handler)
    written = out.getvalue()
    assert "calling https://api.example.org/" in written and "RuntimeError" in written
    assert "s3cr3t-key-for-the-log" not in written
