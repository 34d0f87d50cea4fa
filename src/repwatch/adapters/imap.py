"""Reading the mailbox over IMAP for replies to the digest (imap-tools; TLS by default).

Only what answers a digest is looked at: the server is asked for messages whose ``In-Reply-To`` or
``References`` carries the digests' Message-ID mark, since a date, so a mailbox of any size is
searched, never downloaded. Their headers come first, and a message is fetched whole only when it
is new and small. Nothing is marked read, moved or deleted.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import Any

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError, MailboxFolderSelectError, MailboxLoginError

from repwatch.errors import MailboxError

MAX_MESSAGE = 1_000_000  # a reply is a few kilobytes; anything bigger is not read
MAX_MESSAGES = 200  # per reading: replies past that wait for the next one


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    security: str  # tls | starttls | none
    username: str
    password: str
    folder: str = "INBOX"
    timeout_s: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass
class Found:
    uid: str
    message_id: str
    size: int


@contextmanager
def opened(box: Mailbox) -> Iterator[BaseMailBox]:
    """Connected, secured, logged in and in the folder; every failure is one MailboxError sentence."""
    context = ssl.create_default_context()
    client: BaseMailBox | None = None
    try:
        if box.security == "tls":
            client = MailBox(box.host, box.port, timeout=box.timeout_s, ssl_context=context)
        elif box.security == "starttls":
            client = MailBoxStartTls(box.host, box.port, timeout=box.timeout_s, ssl_context=context)
        else:
            client = MailBoxUnencrypted(box.host, box.port, timeout=box.timeout_s)
        client.login(box.username, box.password, initial_folder=None)
        client.folder.set(box.folder, readonly=True)
    except BaseException as exc:
        if client is not None:
            _close(client)
        raise _error(exc, box) from None
    try:
        yield client
    finally:
        _close(client)


def _close(client: BaseMailBox) -> None:
    try:
        client.logout()
    except (ImapToolsError, imaplib.IMAP4.error, OSError):
        with suppress(imaplib.IMAP4.error, OSError):
            client.client.shutdown()


def _error(exc: BaseException, box: Mailbox) -> BaseException:
    where = box.where
    if isinstance(exc, MailboxLoginError):
        return MailboxError(f"The mailbox {where} refused the login for {box.username}.", login=True)
    if isinstance(exc, MailboxFolderSelectError):
        return MailboxError(f"The mailbox {where} has no folder named {box.folder!r}.")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return MailboxError(f"The mailbox {where} presented a certificate that could not be verified "
                            f"({exc.verify_message}).")
    if isinstance(exc, ssl.SSLError):
        return MailboxError(f"The secure connection to the mailbox {where} failed ({exc.reason or 'TLS'}); "
                            "check the port and security (993 goes with tls, 143 with starttls).")
    if isinstance(exc, socket.gaierror):
        return MailboxError(f"The mailbox server name {box.host} could not be found.")
    if isinstance(exc, TimeoutError):
        return MailboxError(f"The mailbox {where} did not answer within {box.timeout_s:g} s.")
    if isinstance(exc, ConnectionRefusedError):
        return MailboxError(f"The mailbox {where} could not be reached (nothing answers on that port).")
    if isinstance(exc, OSError):
        return MailboxError(f"The mailbox {where} could not be reached ({exc.strerror or exc.__class__.__name__}).")
    if isinstance(exc, ImapToolsError | imaplib.IMAP4.error):
        return MailboxError(f"The mailbox {where} answered with an error ({exc.__class__.__name__}); check the "
                            "port and security (993 goes with tls, 143 with starttls).")
    return exc


def check(box: Mailbox) -> None:
    """Log in and open the folder, as reading does; read nothing (for `repwatch doctor`)."""
    with opened(box):
        pass


def _quoted(text: str) -> str:
    return '"' + "".join(c for c in text if c.isalnum() or c in "-._@") + '"'


def find_replies(client: BaseMailBox, mark: str, since: date) -> list[Found]:
    """Messages since ``since`` that answer a message whose Message-ID carries ``mark``: the server
    searches the headers; only the matching messages' headers come back."""
    criteria = (f"SINCE {since.strftime('%d-%b-%Y')} OR HEADER In-Reply-To {_quoted(mark)} "
                f"HEADER References {_quoted(mark)}")
    try:
        uids = client.uids(criteria)[-MAX_MESSAGES:]
        found = []
        for message in client.fetch(uid_list=uids, mark_seen=False, headers_only=True, bulk=50):
            try:  # imap_tools' headers: a Mapping whose get() is untyped
                ids: tuple[str, ...] = message.headers["message-id"] or ("",)
            except KeyError:
                ids = ("",)
            found.append(Found(message.uid or "", " ".join(ids[0].split())[:300], message.size_rfc822))
    except (ImapToolsError, imaplib.IMAP4.error, OSError) as exc:
        raise MailboxError(f"The mailbox could not be searched ({exc.__class__.__name__}).") from None
    return found


def read_message(client: BaseMailBox, uid: str) -> EmailMessage | None:
    """One message, whole, left unread; None when it is gone."""
    try:
        for message in client.fetch(uid_list=[uid], mark_seen=False):
            parsed: Any = email.message_from_bytes(message.obj.as_bytes(), policy=email.policy.default)
            return parsed if isinstance(parsed, EmailMessage) else None
    except (ImapToolsError, imaplib.IMAP4.error, OSError) as exc:
        raise MailboxError(f"A reply could not be read from the mailbox ({exc.__class__.__name__}).") from None
    return None
