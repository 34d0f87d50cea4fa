"""Answering the digest by replying to it, end to end: the digest goes out over SMTP (aiosmtpd), her
reply comes back through a real IMAP server (Dovecot, TLS) on loopback, and the next run applies it."""

from __future__ import annotations

import email
import email.policy
import re
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from repwatch.adapters.store import Store
from repwatch.app.replies import read_replies
from repwatch.config import load
from tests.conftest import cli
from tests.imap_server import PASSWORD
from tests.test_backbone import providers, write_config  # noqa: F401 - the providers fixture

SECRET_ENV = {"REPWATCH_IMAP_PASSWORD": PASSWORD}


def replies_section(imap, *, password: str = "${REPWATCH_IMAP_PASSWORD}", port: int | None = None) -> str:
    return f"""
[email.replies]
enabled = true
imap_host = "127.0.0.1"
imap_port = {port or imap.port}
username = "{imap.user}"
password = "{password}"
"""


def her_reply(digest_id: str | None, body: str, *, sender: str = "Jo Whitfield <jo@example.org>",
              message_id: str = "<reply-1@mail.example.org>", html: str | None = None) -> bytes:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = "repwatch <alerts@example.org>"
    message["Subject"] = "Re: repwatch: 3 new mentions of Joanna Whitfield"
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id
    if digest_id:
        message["In-Reply-To"] = digest_id
        message["References"] = digest_id
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return bytes(message)


def statuses(db: Path) -> dict[int, str]:
    store = Store(db)
    try:
        return {m.id: m.status for m in store.mentions(include_all=True)}
    finally:
        store.close()


def test_a_reply_to_the_digest_is_applied_once_confirmed_and_forgeries_change_nothing(home, providers, smtp, imap):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                          extra=replies_section(imap))
    db = home / "repwatch.db"
    first = cli("--config", str(config), "run", env=SECRET_ENV)
    assert first.returncode == 0, first.stderr
    digest = smtp.messages[0]
    digest_id = digest["Message-ID"]
    assert re.fullmatch(r"<rw-digest-[A-Za-z0-9_-]{24}@example\.org>", digest_id)
    text = digest.get_body(("plain",)).get_content()
    assert "ANSWER FROM ANYWHERE: reply to this email" in text
    before = statuses(db)
    a, b, c = sorted(before)
    assert set(before.values()) == {"notified"}

    imap.append(
        her_reply(digest_id, f"Not me #{a}\nworried {b} and 999, block 5\n\nThanks\nJo\n\n"
                             f"On Mon, 7 Dec 2026 repwatch wrote:\n> mine {c}\n> resolved {c}\n"),
        # right words, wrong In-Reply-To: a digest nobody sent
        her_reply("<rw-digest-AAAAAAAAAAAAAAAAAAAAAAAA@example.org>", f"resolved {c}", message_id="<forged-1@x>"),
        # right words, right In-Reply-To, someone else's address
        her_reply(digest_id, f"resolved {c}", sender="Jo Whitfield <jo@example.net>", message_id="<forged-2@x>"),
        # right words, right In-Reply-To, her address, but her mail server says it was not from her
        email.message_from_bytes(her_reply(digest_id, f"resolved {c}", message_id="<forged-3@x>"))
        .as_bytes().replace(b"From: ", b"Authentication-Results: mx.example.org; spf=fail "
                            b"smtp.mailfrom=example.org; dmarc=fail header.from=example.org\r\nFrom: ", 1),
    )
    second = cli("--config", str(config), "run", env=SECRET_ENV)
    assert second.returncode == 0, second.stderr
    after = statuses(db)
    assert after[a] == "dismissed" and after[b] == "concern" and after[c] == "notified"

    confirmations = [m for m in smtp.messages if m["Subject"].startswith("repwatch: done")]
    assert len(confirmations) == 1
    confirmation = confirmations[0]
    assert confirmation["Subject"] == "repwatch: done: 2 answers from your reply"
    assert confirmation["To"] == "jo@example.org" and confirmation["In-Reply-To"] == "<reply-1@mail.example.org>"
    assert confirmation["References"] == f"{digest_id} <reply-1@mail.example.org>"  # replying to it works too
    said = confirmation.get_content()
    assert f"#{a}: marked as not about you." in said and f"#{b}: marked as a worry" in said
    assert f"- #{a}: http://127.0.0.1:8377/mentions/{a} or repwatch reopen {a}" in said
    said = said.replace("\r\n", "\n")
    assert "worried 999: #999 was not in that digest" in said and "- block 5" in said
    # the forged ones are left in the mailbox as they were, kept as read and refused, with why
    store = Store(db)
    try:
        kept = {r["message_id"]: r for r in store.replies()}
    finally:
        store.close()
    assert kept["<reply-1@mail.example.org>"]["outcome"] == "applied"
    assert "does not answer a digest repwatch sent" in kept["<forged-1@x>"]["detail"]
    assert "not your own address" in kept["<forged-2@x>"]["detail"]
    assert "could not confirm" in kept["<forged-3@x>"]["detail"]

    # read again at the next run: applied once, no second confirmation
    third = cli("--config", str(config), "run", env=SECRET_ENV)
    assert third.returncode == 0, third.stderr
    assert len([m for m in smtp.messages if m["Subject"].startswith("repwatch: done")]) == 1
    assert statuses(db) == after


def test_an_html_only_reply_with_the_words_only_in_the_quote_does_nothing_and_says_so(home, providers, smtp, imap):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                          extra=replies_section(imap))
    assert cli("--config", str(config), "run", env=SECRET_ENV).returncode == 0
    digest_id = smtp.messages[0]["Message-ID"]
    ids = sorted(statuses(home / "repwatch.db"))
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = "jo@example.org"
    message["Subject"] = "Re: repwatch"
    message["Message-ID"] = "<html-1@x>"
    message["In-Reply-To"] = digest_id
    message.set_content(f"<p>Thank you!</p><blockquote type='cite'>not me {ids[0]}</blockquote>", subtype="html")
    imap.append(bytes(message))
    assert cli("--config", str(config), "run", env=SECRET_ENV).returncode == 0
    assert set(statuses(home / "repwatch.db").values()) == {"notified"}
    answer = next(m for m in smtp.messages if m["Subject"] == "repwatch: your reply could not be read")
    assert "no answer was found on the first lines" in answer.get_content()


def _maildir_flood(imap, count: int) -> None:
    """``count`` ordinary messages written straight into the mailbox's Maildir (as a delivery agent does)."""
    import os
    import shutil

    cur = imap.maildir / "cur"
    cur.mkdir(parents=True, exist_ok=True)
    owner = (cur.parent.stat().st_uid, cur.parent.stat().st_gid)
    stamp = int(time.time())
    for i in range(count):
        path = cur / f"{stamp}.M{i}P1.flood:2,S"
        path.write_bytes(
            f"From: someone{i}@example.com\r\nTo: jo@example.org\r\nSubject: newsletter {i}\r\n"
            f"Message-ID: <n{i}@example.com>\r\nIn-Reply-To: <thread{i}@example.com>\r\n"
            f"Date: Mon, 7 Dec 2026 07:00:00 +0000\r\n\r\nHello {i}\r\n".encode())
        if os.getuid() == 0:
            shutil.chown(path, *owner)


def test_ten_thousand_messages_are_searched_on_the_server_never_downloaded(home, providers, smtp, imap):  # noqa: F811
    config_path = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                               extra=replies_section(imap, password=PASSWORD))
    assert cli("--config", str(config_path), "run").returncode == 0
    digest_id = smtp.messages[0]["Message-ID"]
    first = sorted(statuses(home / "repwatch.db"))[0]
    imap.append(b"From: x@example.com\r\nSubject: warm up\r\nMessage-ID: <w@x>\r\n\r\nhi\r\n")  # makes the Maildir
    _maildir_flood(imap, 10_000)
    imap.append(her_reply(digest_id, f"not me {first}"))
    with imap.client() as box:
        assert len(box.uids("ALL")) == 10_002
    start = imap.log.stat().st_size

    config = load(config_path)
    store = Store(home / "repwatch.db")
    try:
        reading = read_replies(config, store)
    finally:
        store.close()
    assert reading.applied == ["<reply-1@mail.example.org>"] and reading.problems == []
    assert statuses(home / "repwatch.db")[first] == "dismissed"
    # Dovecot's own count of what this session sent: one message's headers and one body, of 10,002
    session = _logged_out_line(imap, start)
    counts = dict(re.findall(r"(hdr_count|body_count)=(\d+)", session))
    assert int(counts["hdr_count"]) <= 2 and int(counts["body_count"]) <= 1, session


def _logged_out_line(imap, start: int) -> str:  # type: ignore[no-untyped-def]
    """Dovecot writes the session's "Logged out" line after the client has gone: wait for it (bounded)."""
    log = imap.log
    for _ in range(300):
        lines = [line for line in log.read_text()[start:].splitlines()
                 if "Logged out" in line and f"imap({imap.user})" in line]
        if lines:
            return lines[-1]
        time.sleep(0.1)
    raise AssertionError(f"Dovecot logged no 'Logged out' line in {log}")


def _doctor_replies(home, providers, smtp, section: str, env: dict[str, str] | None = None) -> dict:  # noqa: F811
    import json

    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port, extra=section)
    result = cli("--config", str(config), "doctor", "--json", env=env)
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    return checks["replies"]


def test_doctor_logs_in_to_the_mailbox(home, providers, smtp, imap):  # noqa: F811
    line = _doctor_replies(home, providers, smtp, replies_section(imap), SECRET_ENV)
    assert line["status"] == "ok" and f"logged in to the mailbox 127.0.0.1:{imap.port} as {imap.user}" in line["detail"]


def test_doctor_names_a_wrong_mailbox_password_and_port_with_the_fix(home, providers, smtp, imap):  # noqa: F811
    line = _doctor_replies(home, providers, smtp, replies_section(imap), {"REPWATCH_IMAP_PASSWORD": "wrong"})
    assert line["status"] == "fail"
    assert line["detail"] == f"The mailbox 127.0.0.1:{imap.port} refused the login for {imap.user}"
    assert "repwatch init --set-secret imap-password" in line["fix"]
    assert "wrong" not in json_dump(line)

    from tests.conftest import free_port

    line = _doctor_replies(home, providers, smtp, replies_section(imap, port=free_port()), SECRET_ENV)
    assert line["status"] == "fail" and "could not be reached" in line["detail"]
    assert "imap_host and imap_port in [email.replies]" in line["fix"]
    # the SMTP port given for the mailbox: something answers there, but not with TLS
    line = _doctor_replies(home, providers, smtp, replies_section(imap, port=smtp.port), SECRET_ENV)
    assert line["status"] == "fail" and "993 with tls" in line["fix"]


def json_dump(value: object) -> str:
    import json

    return json.dumps(value)


def test_init_again_keeps_answering_by_email_and_its_own_password(home):
    import os
    import tomllib

    from tests.test_wizard import run_wizard

    fail_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    config = home / "config.toml"
    first = cli("--config", str(config), "init", "--yes", "--name", "Joanna Whitfield", "--email-to",
                    "jo.whitfield@gmail.com", "--email-preset", "gmail",
                    env={**fail_keyring, "REPWATCH_SMTP_PASSWORD": "pw-one"})
    assert first.returncode == 0, first.stderr
    text = config.read_text() + ('\n[email.replies]\nenabled = true\nimap_host = "imap.gmail.com"\n'
                                 'password = "${REPWATCH_IMAP_PASSWORD}"\n')
    config.write_text(text)
    before = tomllib.loads(text)
    steps = [
        (r"Change it\?", "y"), (r"Name \(e\.g\. Joanna Whitfield\) \[Joanna Whitfield\]", ""),
        (r"former names", ""), (r"Nicknames", ""), (r"Enter for none\)", ""), (r"town or city", ""),
        (r"Your school", ""), (r"Your own public accounts", ""), (r"Which sites", ""),
        (r"daily, twice-daily or weekly", ""), (r"At what time", ""),
        (r"\[jo.whitfield@gmail.com\]", ""), (r"Number \[1\]", ""),
        (r"sign in with at that service", ""), (r"Enter keeps the one you have\)", ""),
        (r"Read your replies\? \[Y/n\]", ""),  # she had: Enter keeps it on
        (r"Add a search key now\?", ""), (r"Search Bluesky posts too\?", ""), (r"Do you use Mastodon\?", ""),
        (r"Do you run your own SearXNG\?", ""), (r"Send a test email now\?", "n"),
    ]
    status, transcript = run_wizard(config, steps, env=dict(os.environ, COLUMNS="120", **fail_keyring,
                                                              REPWATCH_IMAP_PASSWORD="pw-two"), timeout=20)
    assert status == 0, transcript
    after = tomllib.loads(config.read_text())
    assert after["email"]["replies"] == before["email"]["replies"]
    assert "pw-two" not in config.read_text()


def test_the_daemon_reads_replies_between_runs(home, providers, smtp, imap):  # noqa: F811
    from repwatch.app.daemon import REPLIES_EVERY_S, Daemon

    config_path = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                               extra=replies_section(imap, password=PASSWORD))
    assert cli("--config", str(config_path), "run").returncode == 0
    first = sorted(statuses(home / "repwatch.db"))[0]
    imap.append(her_reply(smtp.messages[0]["Message-ID"], f"worried {first}"))
    daemon = Daemon(load(config_path), home / "repwatch.db")
    daemon.read_replies()  # the job `serve` and `daemon` run every 15 minutes
    assert REPLIES_EVERY_S == 15 * 60
    assert statuses(home / "repwatch.db")[first] == "concern"
    assert [m["Subject"] for m in smtp.messages][-1] == "repwatch: done: 1 answer from your reply"
