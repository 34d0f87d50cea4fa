"""Answering the digest by email: read the mailbox, apply what a trusted reply says, and say so.

At the start of every run and every 15 minutes while `serve` or `daemon` runs. A reply acts only
when it answers a digest repwatch sent (that digest's Message-ID, which nobody else can guess, in
In-Reply-To or References), comes from her own address (which the receiving server, where it says,
confirms), is not a forward, and answers a digest of the last 30 days. Each reply is read once: it
is kept as read before anything is done, so two readers never apply it twice. A reply can do only
what the digest's buttons do, and only to the mentions that digest carried. Then one short email
says what was done, how to undo it, and what could not be read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from repwatch.adapters import imap
from repwatch.adapters.store import Store
from repwatch.app import lifecycle
from repwatch.config import Config
from repwatch.errors import DeliveryError, MailboxError, RepwatchError
from repwatch.pipeline.deliver import build_reply, send_smtp
from repwatch.pipeline.digest import review_base
from repwatch.pipeline.replies import MARK, SAID, judge, read_answers, referenced, sender
from repwatch.text import clean

log = logging.getLogger("repwatch.replies")

EVERY_S = 15 * 60
MAX_AGE_DAYS = 30


@dataclass
class Reading:
    """What one reading of the mailbox did, for the run's notes and the tests."""

    applied: list[str] = field(default_factory=list)  # replies acted on (their Message-IDs)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (Message-ID, why)
    problems: list[str] = field(default_factory=list)  # sentences for her: the mailbox could not be read


def mailbox_of(config: Config) -> imap.Mailbox | None:
    """The mailbox [email.replies] names, or None when answering by email is off."""
    email = config.email
    replies = email.replies if email is not None else None
    if email is None or replies is None or not replies.enabled or not replies.imap_host:
        return None
    username, password = email.imap_login()
    return imap.Mailbox(replies.imap_host.strip(), replies.port, replies.security, username, password,
                        replies.folder, replies.timeout_s)


def read_replies(config: Config, store: Store, *, now: datetime | None = None) -> Reading:
    """Read the mailbox once and apply every new trusted reply. Never raises for the mailbox: a
    problem is one sentence in ``problems`` (the run goes on)."""
    reading = Reading()
    box = mailbox_of(config)
    if box is None:
        return reading
    now = now or datetime.now(UTC)
    since = (now - timedelta(days=MAX_AGE_DAYS + 1)).date()
    try:
        with imap.opened(box) as client:
            found = imap.find_replies(client, MARK, since)
            seen = store.replies_read([f.message_id for f in found if f.message_id])
            for item in found:
                if not item.message_id or item.message_id in seen:
                    continue
                if item.size > imap.MAX_MESSAGE:
                    _refuse(store, reading, item.message_id, f"it is larger than {imap.MAX_MESSAGE // 1000} KB")
                    continue
                message = imap.read_message(client, item.uid)
                if message is not None:
                    _one(config, store, message, item.message_id, now, reading)
    except MailboxError as exc:
        reading.problems.append(f"Replies to the digest could not be read: {exc.message}")
        log.warning("replies: %s", exc.message)
    return reading


def _refuse(store: Store, reading: Reading, message_id: str, why: str, digest: dict[str, Any] | None = None) -> None:
    if store.record_reply(message_id, outcome="refused", detail=why,
                          profile=digest["profile"] if digest else None, digest_id=digest["id"] if digest else None):
        reading.refused.append((message_id, why))
        log.warning("replies: a reply (%s) was left as it is: %s.", clean(message_id, 120), why)


def _one(config: Config, store: Store, message: EmailMessage, message_id: str, now: datetime,
         reading: Reading) -> None:
    assert config.email is not None
    digests = store.sent_digests(referenced(message))
    sent = {mid: _when(row["sent_at"]) for mid, row in digests.items()}
    verdict = judge(message, sent, list(config.email.to), now, MAX_AGE_DAYS)
    digest = digests.get(verdict.digest_message_id or "")
    if not verdict.ok or digest is None:
        _refuse(store, reading, message_id, verdict.reason or "it does not answer a digest repwatch sent", digest)
        return
    if not store.record_reply(message_id, outcome="applied", detail="", profile=digest["profile"],
                              digest_id=digest["id"]):
        return  # another reading of the mailbox took it first
    answers = read_answers(message)
    carried = store.digest_mention_ids(digest["id"])
    done, undo, unread = [], [], list(answers.unread)
    for action, mention_id in dict.fromkeys(answers.answers):
        said = f"{SAID[action]} {mention_id}"
        if mention_id not in carried:
            unread.append(f"{said}: #{mention_id} was not in that digest")
            continue
        try:
            done.append(f"#{mention_id}: {apply(store, mention_id, action)}")
            undo.append(mention_id)
        except RepwatchError as exc:
            unread.append(f"{said}: {exc.message}")
    if not answers.answers and not unread:
        unread.append("no answer was found on the first lines (write, say, \"not me 12\" on the first line)")
    log.info("replies: %s: %d answer(s) applied, %d not read.", digest["profile"], len(done), len(unread))
    reading.applied.append(message_id)
    _confirm(config, message, message_id, digest, done, undo, unread)


def apply(store: Store, mention_id: int, action: str) -> str:
    """One answer, through the same service as the page and the one-click links; what happened."""
    said = lifecycle.answer(store, mention_id, action, "answered by email")
    return said[:1].lower() + said[1:]


def _when(stamp: str | None) -> datetime:
    try:
        value = datetime.fromisoformat(str(stamp))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _confirm(config: Config, message: EmailMessage, message_id: str, digest: dict[str, Any], done: list[str],
             undo: list[int], unread: list[str]) -> None:
    assert config.email is not None
    lines = []
    base = review_base(config)
    if done:
        lines += ["repwatch did what your reply said:", *[f"- {d}" for d in done], "",
                  "To undo one, press Reopen on its page on your review page, or run repwatch reopen and its "
                  "number on the computer that runs repwatch:",
                  *[f"- #{i}: {base}/mentions/{i} or repwatch reopen {i}" for i in undo], ""]
    else:
        lines += ["repwatch did nothing with your reply.", ""]
    if unread:
        lines += ["What repwatch could not read (nothing was guessed):", *[f"- {clean(u, 200)}" for u in unread], ""]
    lines += ["To answer more, reply to the digest (or to this email) with the words on the buttons and the "
              "numbers the digest shows, on the first line: not me 12 14, mine 3, worried 9, resolved 7, it's me 5."]
    count = len(done)
    subject = (f"repwatch: done: {count} {'answer' if count == 1 else 'answers'} from your reply"
               if count else "repwatch: your reply could not be read")
    reply = build_reply("\n".join(lines), subject=subject,
                        sender=config.email.from_, to=sender(message) or config.email.to[0], answering=message_id,
                        thread=[str(digest["message_id"])])
    try:
        send_smtp(reply, config.email)
    except DeliveryError as exc:
        log.warning("replies: the confirmation could not be sent: %s", exc.message)
