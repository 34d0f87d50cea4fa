"""Answering by email, the parts a run by hand does not show: "it's me" sent from a phone as a reply
to the digest (the "Same name: is it you?" section's answer), and the 15-minute reading of the
mailbox that `serve` and `daemon` run on their scheduler. A real IMAP server (Dovecot, TLS), a real
SMTP server (aiosmtpd) and SearXNG (pytest-httpserver) on loopback."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from repwatch.adapters.store import Store
from repwatch.config import load
from tests.conftest import cli, email_section, serve_searxng
from tests.imap_server import PASSWORD
from tests.test_replies import her_reply, replies_section

SECRET_ENV = {"REPWATCH_IMAP_PASSWORD": PASSWORD}
# her name and nothing either way: "Same name: is it you?"
JUST_HER_NAME = ("https://www.example-directory.org/people/joanna-whitfield", "Joanna Whitfield",
                 "Joanna Whitfield. Profile page.")


def write_config(path: Path, searxng_url: str, smtp_port: int, imap, *, password: str) -> Path:  # type: ignore[no-untyped-def]
    path.write_text(f"""
[repwatch]
database = "{path.parent / 'repwatch.db'}"
timezone = "Europe/London"

[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
schedule = "0 7 * * *"
max_queries = 1

[providers.searxng]
base_url = "{searxng_url}"
kinds = ["web"]
rate_per_second = 50

[evidence]
capture = "none"

{email_section(smtp_port)}
{replies_section(imap, password=password)}""", encoding="utf-8")
    return path


def about(db: Path) -> dict[int, tuple[str, str]]:
    store = Store(db)
    try:
        return {m.id: (m.about, m.status) for m in store.mentions(include_all=True)}
    finally:
        store.close()


def test_its_me_by_replying_to_the_digest_makes_the_page_about_her(home, httpserver, smtp, imap):
    serve_searxng(httpserver, [JUST_HER_NAME])
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port, imap,
                          password="${REPWATCH_IMAP_PASSWORD}")
    db = home / "repwatch.db"
    first = cli("--config", str(config), "run", env=SECRET_ENV)
    assert first.returncode == 0, first.stderr
    (mention_id, (was, _status)), = about(db).items()
    assert was == "unsure"
    digest = smtp.messages[-1]
    text = digest.get_body(("plain",)).get_content()
    assert "is it you?" in text.lower() and f"#{mention_id}" in text

    imap.append(her_reply(digest["Message-ID"], f"It's me {mention_id}\n\nSent from my phone"))
    second = cli("--config", str(config), "run", env=SECRET_ENV)
    assert second.returncode == 0, second.stderr
    assert about(db)[mention_id][0] == "you"
    done = [m for m in smtp.messages if str(m["Subject"]).startswith("repwatch: done")]
    assert [str(m["Subject"]) for m in done] == ["repwatch: done: 1 answer from your reply"]
    said = done[0].get_content()
    assert f"#{mention_id}" in said and f"repwatch reopen {mention_id}" in said
    # read once: the next reading changes nothing and sends nothing more
    assert cli("--config", str(config), "run", env=SECRET_ENV).returncode == 0
    assert len([m for m in smtp.messages if str(m["Subject"]).startswith("repwatch: done")]) == 1
    assert about(db)[mention_id][0] == "you"


def test_the_scheduler_reads_replies_every_15_minutes(home, httpserver, smtp, imap):
    """The job `serve` and `daemon` start, on their real scheduler: registered every 15 minutes, and
    when its time comes it reads the mailbox and applies her reply (made due now, as the scheduler
    makes it due after 15 minutes, rather than waiting them out)."""
    from repwatch.app.daemon import Daemon

    serve_searxng(httpserver, [JUST_HER_NAME])
    config_path = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port, imap,
                               password=PASSWORD)
    db = home / "repwatch.db"
    assert cli("--config", str(config_path), "run").returncode == 0
    (mention_id, _), = about(db).items()
    imap.append(her_reply(smtp.messages[-1]["Message-ID"], f"worried {mention_id}"))

    daemon = Daemon(load(config_path), db)
    scheduler = daemon.start_scheduler(paused=True)
    ran = threading.Event()
    outcome: list[object] = []

    def listen(event) -> None:  # type: ignore[no-untyped-def]
        if event.job_id == "replies":
            outcome.append(event.exception)
            ran.set()

    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    try:
        job = scheduler.get_job("replies")
        assert job.trigger.interval == timedelta(minutes=15)
        started = datetime.now(UTC)
        assert timedelta(minutes=14) < job.next_run_time - started <= timedelta(minutes=15)
        # the profile ran a moment ago: its next run is tomorrow's 07:00, not now
        assert scheduler.get_job("profile:Joanna Whitfield").next_run_time - started > timedelta(minutes=15)
        assert about(db)[mention_id][1] == "notified"  # nothing read yet

        job.modify(next_run_time=datetime.now(UTC))  # its 15 minutes are up
        scheduler.resume()
        assert ran.wait(60), "the scheduler never ran the replies job"  # bounded: a broken job still ends
        ticked = datetime.now(UTC)
        after = scheduler.get_job("replies").next_run_time  # and it comes round again 15 minutes on
    finally:
        scheduler.shutdown(wait=True)
    assert outcome == [None]
    assert about(db)[mention_id][1] == "concern"
    assert [str(m["Subject"]) for m in smtp.messages][-1] == "repwatch: done: 1 answer from your reply"
    assert timedelta(minutes=14) < after - ticked <= timedelta(minutes=15)
