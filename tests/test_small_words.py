"""Small things a user reads that were wrong (issue 19): each with the words she sees."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from tests.conftest import cli, free_port

COMMANDS_DOC = Path(__file__).parent.parent / "docs" / "commands.md"


def test_sample_email_points_at_no_real_mention(home, tmp_path):
    """A sample's "repwatch dismiss 1" would dismiss mention 1 of her real database."""
    config = tmp_path / "c.toml"
    config.write_text(f'[repwatch]\ndatabase = "{tmp_path / "r.db"}"\n[[profile]]\nname = "Joanna Whitfield"\n')
    result = cli("--config", str(config), "test-email")
    assert result.returncode == 0, result.stderr
    html_file = next((tmp_path / "outbox").glob("sample-*.html"))
    eml = next((tmp_path / "outbox").glob("sample-*.eml")).read_text()
    html = html_file.read_text()
    for text in (html, eml):
        for real in ("dismiss&nbsp;1", "dismiss&nbsp;2", "dismiss 1", "dismiss 2", "concern 1", "concern&nbsp;1"):
            assert real not in text
    assert "/a/sample" in html  # a sample's links: they open the review page and do nothing


def test_daemon_help_says_a_manual_run_exits_4():
    text = " ".join(cli("daemon", "--help").stdout.split())
    assert "waits its turn" not in text
    assert "stops at once, saying so (exit 4)" in text


def test_preview_before_any_run_does_not_claim_a_search(home, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[repwatch]\ndatabase = "{tmp_path / "r.db"}"\n[[profile]]\nname = "Joanna Whitfield"\n')
    out = tmp_path / "p.html"
    result = cli("--config", str(config), "digest", "--preview", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text()
    assert "searched again" not in html and "All clear" not in html
    assert "has not searched for Joanna Whitfield yet" in html
    assert "no search for Joanna Whitfield yet" in result.stderr


def test_documented_exit_codes_include_ctrl_c():
    table = COMMANDS_DOC.read_text().split("## Exit codes", 1)[1].split("##", 1)[0]
    assert "| 130 |" in table


@pytest.fixture
def hangs_up():
    """A TCP server on loopback that accepts and closes at once: a mail server that never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


def _email(port: int):  # type: ignore[no-untyped-def]
    from repwatch.config import Email

    return Email.model_validate({"to": ["jo@example.org"], "from": "jo@example.org", "smtp_host": "127.0.0.1",
                                 "smtp_port": port, "security": "none", "timeout_s": 5})


def test_a_mail_server_that_never_answers_is_not_said_to_have_answered(hangs_up):
    from repwatch.errors import DeliveryError
    from repwatch.pipeline.deliver import open_smtp

    with pytest.raises(DeliveryError) as caught, open_smtp(_email(hangs_up)):
        pass
    assert "answered" not in caught.value.message.replace("without answering", "")
    assert "closed the connection without answering" in caught.value.message
    assert "SMTPServerDisconnected" not in caught.value.message


def test_nothing_listening_is_could_not_be_reached():
    from repwatch.errors import DeliveryError
    from repwatch.pipeline.deliver import open_smtp

    with pytest.raises(DeliveryError) as caught, open_smtp(_email(free_port())):
        pass
    assert "could not be reached" in caught.value.message and "answered" not in caught.value.message
