"""`repwatch test-email`: a [SAMPLE] digest through the configured delivery; failures in one sentence."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cli, email_section, free_port
from tests.test_doctor import AuthSMTP


def config_with_email(home: Path, port: int, extra: str = "") -> Path:
    path = home / "config.toml"
    path.write_text(f"""
[repwatch]
database = "{home / 'data' / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"

{email_section(port, timeout_s=10)}
{extra}
""", encoding="utf-8")
    return path


def test_sample_digest_received(home, smtp):
    config = config_with_email(home, smtp.port)
    result = cli("--config", str(config), "test-email")
    assert result.returncode == 0, result.stderr
    assert "Sent a sample digest to jo@example.org" in result.stdout
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    # Python folds a 70-78 character subject onto its own line ("Subject:\n [SAMPLE] …"); unfolding
    # leaves that space in front, which mail clients drop: compare without it
    subject = str(message["Subject"]).lstrip()
    assert subject.startswith("[SAMPLE] repwatch:")
    assert "Joanna Whitfield" in subject
    assert message["To"] == "jo@example.org"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Whitfield" in text and "Summer fair" in text
    assert "facebook.com" in html
    # the links a real digest has, not commands: the review page, and one-click answers
    assert "http://127.0.0.1:8377/a/sample" in html and 'href="http://127.0.0.1:8377/"' in html
    assert "Not me: http://127.0.0.1:8377/a/sample" in text
    assert "repwatch dismiss" not in text.split("IF YOU FIND")[0] and "repwatch&nbsp;dismiss" not in html
    # nothing was stored: a sample is not a run
    assert not (home / "data" / "repwatch.db").exists()


def test_outbox_when_no_email_section(home):
    config = home / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{home / "data" / "repwatch.db"}"\n\n'
                      '[[profile]]\nname = "Joanna Whitfield"\n', encoding="utf-8")
    result = cli("--config", str(config), "test-email")
    assert result.returncode == 0, result.stderr
    outbox = home / "data" / "outbox"
    pages = list(outbox.glob("sample-*.html"))
    assert len(pages) == 1 and str(pages[0]) in result.stdout
    emls = list(outbox.glob("sample-*.eml"))
    assert b"[SAMPLE] repwatch:" in emls[0].read_bytes()


def test_refused_login_is_one_sentence_exit_1(home, monkeypatch):
    server = AuthSMTP().start()
    try:
        monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong-secret-value")
        config = config_with_email(home, server.port,
                                   'username = "jo@example.org"\npassword = "${TEST_SMTP_PASSWORD}"')
        result = cli("--config", str(config), "test-email")
    finally:
        server.stop()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repwatch: The mail server 127.0.0.1:")
    assert "refused the login for jo@example.org" in lines[0]
    assert "repwatch init --set-secret smtp-password" in lines[0]  # the command that fixes it, not config keys
    assert "wrong-secret-value" not in result.stderr + result.stdout
    assert server.messages == []


def test_unreachable_server_exit_1(home):
    config = config_with_email(home, free_port())
    result = cli("--config", str(config), "test-email")
    assert result.returncode == 1
    assert result.stderr.startswith("repwatch: The mail server 127.0.0.1:") and "Traceback" not in result.stderr
