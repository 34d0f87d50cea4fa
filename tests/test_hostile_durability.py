"""When the disk, the database, the outbox or the mail server fail (issue 15, items 11, 14 and 15).

Each ends in one plain sentence and the contract's exit code, loses nothing, and leaves the next
digest telling the truth about what happened to the last one.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import resource
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import SMTPServer, cli
from tests.test_backbone import providers, write_config  # noqa: F401 - fixture

NOTE = "If that email arrived, some of the mentions below repeat it; nothing was lost."


class TakesThenFails(SMTPServer):
    """Reads the whole message, then drops the connection (or goes silent) instead of saying 250."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how
        self.taken = 0

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, smtp, _session, envelope):  # type: ignore[no-untyped-def]
                server.taken += 1
                server.messages.append(email.message_from_bytes(envelope.original_content,
                                                                policy=email.policy.default))
                if server.how == "drop":
                    smtp.transport.abort()
                else:  # silent until the test stops the server (stop cancels this wait)
                    await asyncio.sleep(60)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.mark.parametrize("how", ["drop", "hang"])
def test_mail_server_that_takes_the_digest_then_fails_gets_the_note_next_time(home, providers, smtp, how):  # noqa: F811
    bad = TakesThenFails(how)
    bad.start()
    try:
        config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), bad.port)
        # 2 s: the steps before the digest must still be answered in time on a loaded machine
        config.write_text(config.read_text().replace("timeout_s = 5", "timeout_s = 2"))
        first = cli("--config", str(config), "run")
    finally:
        bad.stop()
    assert bad.taken == 1
    assert first.returncode == 1
    assert "took the digest but" in first.stderr and "may or may not have arrived" in first.stderr
    assert "something went wrong" not in first.stderr

    config.write_text(config.read_text().replace(f"smtp_port = {bad.port}", f"smtp_port = {smtp.port}"))
    second = cli("--config", str(config), "run")
    assert second.returncode == 0, second.stderr
    text = smtp.messages[0].get_body(("plain",)).get_content()
    assert smtp.messages[0]["Subject"] == bad.messages[0]["Subject"]  # the same mentions again ...
    assert "The mail server stopped answering while repwatch was sending the digest of " in text
    assert NOTE in text  # ... saying why

    third = cli("--config", str(config), "run")
    assert third.returncode == 0
    assert "stopped answering" not in smtp.messages[1].get_body(("plain",)).get_content()


def test_outbox_that_cannot_be_written_fails_the_delivery_not_the_run(home, providers):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), None)
    (home / "outbox").write_text("a file where the outbox folder should be")
    first = cli("--config", str(config), "run")
    assert first.returncode == 1
    assert "The digest could not be written to the outbox folder" in first.stderr
    assert "something went wrong" not in first.stderr
    (home / "outbox").unlink()
    second = cli("--config", str(config), "run")
    assert second.returncode == 0, second.stderr
    [html] = (home / "outbox").glob("*.html")
    page = html.read_text()
    assert "stopped while sending" not in page and "stopped answering" not in page
    assert "Joanna Whitfield" in page  # the mentions the failed delivery held back are here


# --- item 14: the database ------------------------------------------------------------------------
def _first_run(home, providers):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), None)
    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    return config


def _no_bug_message(done: subprocess.CompletedProcess[str]) -> None:
    assert "something went wrong" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr  # one sentence


def test_a_full_disk_is_one_sentence(home, providers):  # noqa: F811
    config = _first_run(home, providers)
    database = home / "repwatch.db"
    with sqlite3.connect(database) as db:  # fold the write-ahead log in, so the next write grows a file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    limit = 4096  # no file may grow past 4 KB: the write-ahead log's first page does not fit

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    providers.clear()
    providers.expect_request("/search").respond_with_json({"results": [
        {"url": f"https://news.example.org/joanna-whitfield-{i}", "title": f"Joanna Whitfield story {i}",
         "content": "Joanna Whitfield, Liverpool " * 20} for i in range(30)]})
    providers.expect_request("/html/", method="POST").respond_with_data(
        "<html><body><div id='links' class='results'></div></body></html>", content_type="text/html")
    done = subprocess.run([sys.executable, "-m", "repwatch", "--config", str(config), "run", "--no-email"],
                          capture_output=True, text=True, preexec_fn=small_disk, env=dict(os.environ), timeout=60)
    assert done.returncode == 1
    assert "could not be written: the disk is full or failing" in done.stderr
    _no_bug_message(done)


def _without_write_permission() -> list[str]:
    """Run as root without the power to ignore file permissions (or as an ordinary user anyway)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def test_a_read_only_database_is_one_sentence_and_doctor_says_so(home, providers):  # noqa: F811
    config = _first_run(home, providers)
    database = home / "repwatch.db"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.chmod(0o444)
    try:
        prefix = _without_write_permission()
        run = subprocess.run([*prefix, sys.executable, "-m", "repwatch", "--config", str(config), "run"],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1
        assert "is read-only, so repwatch cannot record anything in it" in run.stderr
        _no_bug_message(run)
        doctor = subprocess.run([*prefix, sys.executable, "-m", "repwatch", "--config", str(config), "doctor"],
                                capture_output=True, text=True, timeout=60)
        assert doctor.returncode == 1
        assert "Everything repwatch needs is working" not in doctor.stdout
        assert f"{database} cannot be written: the file {database} is read-only" in doctor.stdout
    finally:
        database.chmod(0o644)


def test_a_database_missing_a_table_is_one_sentence_and_doctor_says_so(home, providers):  # noqa: F811
    config = _first_run(home, providers)
    with sqlite3.connect(home / "repwatch.db") as db:
        db.execute("DROP TABLE blocked_domains")
    run = cli("--config", str(config), "run")
    assert run.returncode == 1
    assert "is damaged (no such table: blocked_domains)" in run.stderr
    _no_bug_message(run)
    doctor = cli("--config", str(config), "doctor")
    assert doctor.returncode == 1
    assert "Everything repwatch needs is working" not in doctor.stdout
    assert "is damaged: it has no blocked_domains" in doctor.stdout
    mentions = cli("--config", str(config), "mentions")  # what is stored can still be read
    assert mentions.returncode == 0 and "Joanna Whitfield" in mentions.stdout


def test_a_damaged_table_in_another_command_is_one_sentence(home, providers):  # noqa: F811
    config = _first_run(home, providers)
    with sqlite3.connect(home / "repwatch.db") as db:
        db.execute("DROP TABLE events")
    done = cli("--config", str(config), "show", "1")
    assert done.returncode == 1
    assert "is damaged (no such table: events)" in done.stderr
    _no_bug_message(done)
