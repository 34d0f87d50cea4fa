"""Getting a digest to the person: SMTP when ``[email]`` is set, else .eml and .html files in the outbox."""

from __future__ import annotations

import contextlib
import email.policy
import secrets
import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from repwatch.config import Email
from repwatch.errors import DeliveryError, DeliveryUnconfirmed, LoginRefused
from repwatch.pipeline.digest import Digest, one_line, render_html, render_text
from repwatch.pipeline.replies import MARK

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


@dataclass
class Delivery:
    status: str  # sent | written
    detail: str
    message_id: str
    path: str | None = None


# Headers are capped at 200 characters, so never fold them: Python folds a 72-78 character subject
# onto a continuation line, which some readers then show with a leading space.
_POLICY = email.policy.default.clone(max_line_length=998)


def build_message(digest: Digest, *, sender: str, to: list[str]) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = one_line(digest.subject, 200)
    message["From"] = one_line(sender, 300)
    message["To"] = ", ".join(one_line(t, 300) for t in to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = digest_message_id(sender)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message


def digest_message_id(sender: str) -> str:
    """A digest's Message-ID: the mark the mailbox is searched by, then 144 random bits, so that a
    reply carrying it answers this digest and nobody can write one that guesses it."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "repwatch.local"
    domain = "".join(c for c in domain if c.isalnum() or c in ".-")[:200] or "repwatch.local"
    return f"<{MARK}{secrets.token_urlsafe(18)}@{domain}>"


def build_reply(text: str, *, subject: str, sender: str, to: str, answering: str | None,
                thread: list[str] | None = None) -> EmailMessage:
    """A short plain email answering her reply (what was done, how to undo it, what was not read)."""
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = one_line(subject, 200)
    message["From"] = one_line(sender, 300)
    message["To"] = one_line(to, 300)
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "repwatch.local"
    message["Message-ID"] = make_msgid(idstring="repwatch-reply", domain=domain)
    if answering:
        # the digest first: a reply to this answer still answers that digest
        message["In-Reply-To"] = one_line(answering, 300)
        message["References"] = one_line(" ".join(dict.fromkeys([*(thread or []), answering])), 900)
    message["Auto-Submitted"] = "auto-replied"
    message.set_content(text)
    return message


class _HandOver(smtplib.SMTP):
    """Notes when the whole message has gone to the server (the end-of-data line was sent).

    After that moment a dropped connection or a silent server no longer means "not delivered":
    the server may have kept the message. smtplib sends the message and its final "." in one call.
    """

    handed_over = False

    def send(self, s: ReadableBuffer | str) -> None:
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.handed_over = True


class _WatchedSMTP(_HandOver):
    pass


class _WatchedSMTPSSL(_HandOver, smtplib.SMTP_SSL):
    pass


@contextmanager
def open_smtp(email: Email) -> Iterator[smtplib.SMTP]:
    """A connection to the mail server, secured and logged in as [email] says; closed afterwards.

    Certificates and host names are checked. Every failure is one DeliveryError sentence naming
    the server (LoginRefused when the username or password was refused); secrets never appear.
    """
    where = f"{email.smtp_host}:{email.port}"
    context = ssl.create_default_context()
    server: smtplib.SMTP | None = None
    try:
        if email.security == "ssl":
            server = _WatchedSMTPSSL(email.smtp_host, email.port, timeout=email.timeout_s, context=context)
        else:
            server = _WatchedSMTP(email.smtp_host, email.port, timeout=email.timeout_s)
        server.ehlo()
        if email.security == "starttls":
            server.starttls(context=context)
            server.ehlo()
        if email.username:
            password = email.password.get_secret_value() if email.password else ""
            server.login(email.username, password)
    except BaseException as exc:
        if server is not None:
            server.close()
        raise _connect_error(exc, email, where) from exc
    try:
        yield server
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            server.quit()


def _connect_error(exc: BaseException, email: Email, where: str) -> BaseException:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return LoginRefused(
            f"The mail server {where} refused the login for {email.username}: the password is wrong, or the "
            "service wants an app password. Put in the right one with `repwatch init --set-secret smtp-password`."
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        what = "STARTTLS" if email.security == "starttls" else "logging in (AUTH)"
        return DeliveryError(f"The mail server {where} does not offer {what}; check email.security and the port.")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(
            f"The mail server {where} presented a certificate that could not be verified ({exc.verify_message})."
        )
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(f"The secure connection to {where} failed ({exc.reason or exc.__class__.__name__}).")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        # it never answered: a server that hangs up at once, or something else listening on that port
        return DeliveryError(f"The mail server {where} closed the connection without answering (check "
                             "smtp_host, smtp_port and security in [email]: 587 goes with starttls, 465 with ssl).")
    if isinstance(exc, smtplib.SMTPResponseException):
        return DeliveryError(f"The mail server {where} answered with an error ({_reason(exc)}).")
    if isinstance(exc, smtplib.SMTPException):
        return DeliveryError(f"The mail server {where} could not be talked to (check smtp_host, smtp_port and "
                             "security in [email]).")
    if isinstance(exc, TimeoutError):
        return DeliveryError(f"The mail server {where} did not answer within {email.timeout_s:g} s.")
    if isinstance(exc, socket.gaierror):
        return DeliveryError(f"The mail server name {email.smtp_host} could not be found.")
    if isinstance(exc, OSError):
        return DeliveryError(f"The mail server {where} could not be reached ({exc.strerror or exc}).")
    return exc


def send_smtp(message: EmailMessage, email: Email) -> None:
    """Hand the message to the SMTP server; raises DeliveryError naming the server and the reason."""
    where = f"{email.smtp_host}:{email.port}"
    with open_smtp(email) as server:
        try:
            refused = server.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            if not getattr(server, "handed_over", False):
                raise _send_error(exc, email, where) from exc
            how = (f"did not confirm it within {email.timeout_s:g} s" if isinstance(exc, TimeoutError)
                   else "dropped the connection before confirming it")
            raise DeliveryUnconfirmed(
                f"The mail server {where} took the digest but {how}, so it may or may not have arrived."
            ) from exc
        except smtplib.SMTPException as exc:
            raise _send_error(exc, email, where) from exc
    if refused:
        raise DeliveryError(f"The mail server {where} refused the recipient(s) {', '.join(sorted(refused))}.")


def _send_error(exc: BaseException, email: Email, where: str) -> DeliveryError:
    if isinstance(exc, smtplib.SMTPException):
        return DeliveryError(f"The mail server {where} did not accept the digest ({_reason(exc)}).")
    if isinstance(exc, TimeoutError):
        return DeliveryError(f"The mail server {where} did not answer within {email.timeout_s:g} s.")
    strerror = getattr(exc, "strerror", None)
    return DeliveryError(f"The mail server {where} dropped the connection ({strerror or exc}).")


def _reason(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if code:
        return f"{code} {one_line(str(text), 200)}"
    return exc.__class__.__name__


def write_outbox(message: EmailMessage, folder: Path, stem: str) -> Path:
    """No [email] section: keep the digest as files the user can open (the .html in a browser)."""
    folder.mkdir(parents=True, exist_ok=True)
    eml = folder / f"{stem}.eml"
    eml.write_bytes(bytes(message))
    html = message.get_body(("html",))
    (folder / f"{stem}.html").write_text(html.get_content() if html else "", encoding="utf-8")
    return eml


def deliver(digest: Digest, email: Email | None, outbox: Path, stem: str) -> Delivery:
    if email is None:
        message = build_message(digest, sender="repwatch <repwatch@localhost>", to=["you@localhost"])
        try:
            path = write_outbox(message, outbox, stem)
        except OSError as exc:  # a full disk, a read-only folder, a file where the folder should be
            raise DeliveryError(
                f"The digest could not be written to the outbox folder {outbox} ({exc.strerror or exc})."
            ) from exc
        html = path.with_suffix(".html")
        return Delivery("written", f"written to {html}", message["Message-ID"], str(html))
    message = build_message(digest, sender=email.from_, to=email.to)
    send_smtp(message, email)
    return Delivery("sent", f"sent to {', '.join(email.to)}", message["Message-ID"])
