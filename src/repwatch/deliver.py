"""Getting a digest to the person: SMTP when ``[email]`` is set, else .eml and .html files in the outbox."""

from __future__ import annotations

import email.policy
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from repwatch.config import Email
from repwatch.digest import Digest, one_line, render_html, render_text
from repwatch.errors import DeliveryError


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
    domain = parseaddr(sender)[1].rpartition("@")[2] or "repwatch.local"
    message["Message-ID"] = make_msgid(idstring="repwatch", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message


def send_smtp(message: EmailMessage, email: Email) -> None:
    """Hand the message to the SMTP server; raises DeliveryError naming the server and the reason."""
    where = f"{email.smtp_host}:{email.port}"
    context = ssl.create_default_context()  # certificates and host names are checked
    try:
        if email.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                email.smtp_host, email.port, timeout=email.timeout_s, context=context
            )
        else:
            server = smtplib.SMTP(email.smtp_host, email.port, timeout=email.timeout_s)
        with server:
            server.ehlo()
            if email.security == "starttls":
                server.starttls(context=context)
                server.ehlo()
            if email.username:
                password = email.password.get_secret_value() if email.password else ""
                server.login(email.username, password)
            refused = server.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"The mail server {where} refused the login for {email.username} (check email.username and "
            "email.password; many providers need an app password)."
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(
            f"The mail server {where} does not offer STARTTLS; set email.security to \"ssl\" or check the port."
        ) from exc
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(
            f"The mail server {where} presented a certificate that could not be verified ({exc.verify_message})."
        ) from exc
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise DeliveryError(f"The mail server {where} did not accept the digest ({_reason(exc)}).") from exc
    except TimeoutError as exc:
        raise DeliveryError(f"The mail server {where} did not answer within {email.timeout_s:g} s.") from exc
    except OSError as exc:
        raise DeliveryError(f"The mail server {where} could not be reached ({exc.strerror or exc}).") from exc
    if refused:
        raise DeliveryError(
            f"The mail server {where} refused the recipient(s) {', '.join(sorted(refused))}."
        )


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
        path = write_outbox(message, outbox, stem)
        html = path.with_suffix(".html")
        return Delivery("written", f"written to {html}", message["Message-ID"], str(html))
    message = build_message(digest, sender=email.from_, to=email.to)
    send_smtp(message, email)
    return Delivery("sent", f"sent to {', '.join(email.to)}", message["Message-ID"])
