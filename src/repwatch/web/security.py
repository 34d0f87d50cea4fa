"""What keeps the review page safe: password hashes, login throttling, CSRF tokens, safe redirects, headers.

The page holds a teacher's safeguarding evidence, so it is treated like a bank's login page:

* passwords are stored only as scrypt hashes (``scrypt$n$r$p$salt$hash``), compared in constant time;
* after a wrong password every further attempt waits (1 s, 2 s, 4 s … up to 5 minutes), whoever sends it;
* every form carries a per-session CSRF token, checked in constant time before anything changes;
* redirects go only to paths on this site (``/…``), never to another host;
* every response says: scripts and styles only from this site, never in a frame, no sniffing.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from html import escape
from typing import Any

from repwatch.errors import RepwatchError, StoreError

log = logging.getLogger("repwatch.serve")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_DELAY_S = 300.0

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# the incident report is a stand-alone file with its own <style> and data: screenshots; it runs nothing
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
EVIDENCE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = _unb64(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=128 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


class Throttle:
    """Wrong passwords slow every later attempt: one global wait, since there is one user to guard.

    Only one password is checked at a time, so a burst of guesses sent in parallel is not checked
    in parallel before the first failure is counted: the others are told to wait.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.until = 0.0
        self.checking = False
        self._lock = threading.Lock()

    def wait_s(self) -> float:
        with self._lock:
            return max(0.0, self.until - self.clock())

    def begin(self) -> float:
        """0.0 when this request may check its password now (and holds the turn until
        :meth:`failed` or :meth:`succeeded`), else the seconds to wait."""
        with self._lock:
            wait = max(0.0, self.until - self.clock())
            if wait > 0:
                return wait
            if self.checking:
                return 1.0
            self.checking = True
            return 0.0

    def failed(self) -> None:
        with self._lock:
            self.checking = False
            self.failures += 1
            self.until = self.clock() + min(2.0 ** (self.failures - 1), MAX_DELAY_S)

    def succeeded(self) -> None:
        with self._lock:
            self.checking = False
            self.failures = 0
            self.until = 0.0


MAX_LOGINS = 200  # logins remembered at once; the oldest is ended first


def password_fingerprint(password_hash: str | None) -> str:
    """A short stand-in for the password hash, kept in the session: a new password ends old sessions."""
    return hashlib.sha256((password_hash or "").encode("utf-8")).hexdigest()[:32]


class Logins:
    """The logins this server made, kept on the server: a session cookie counts only while its login
    is here. Logging out removes it, so a copied or replayed cookie stops working at once; a new
    password ends every login made with the old one; a restart ends them all."""

    def __init__(self) -> None:
        self._logins: dict[str, str] = {}
        self._lock = threading.Lock()

    def start(self, session: dict[str, Any], password_hash: str | None) -> None:
        login = secrets.token_urlsafe(24)
        with self._lock:
            while len(self._logins) >= MAX_LOGINS:
                self._logins.pop(next(iter(self._logins)))
            self._logins[login] = password_fingerprint(password_hash)
        session["login"] = login

    def valid(self, session: dict[str, Any], password_hash: str | None) -> bool:
        login = session.get("login")
        if not isinstance(login, str):
            return False
        with self._lock:
            made_with = self._logins.get(login)
        return made_with is not None and hmac.compare_digest(made_with, password_fingerprint(password_hash))

    def end(self, session: dict[str, Any]) -> None:
        login = session.get("login")
        if isinstance(login, str):
            with self._lock:
                self._logins.pop(login, None)


def csrf_token(session: dict[str, Any]) -> str:
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok(session: dict[str, Any], sent: Any) -> bool:
    expected = session.get("csrf")
    if not isinstance(expected, str) or not isinstance(sent, str) or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def safe_path(target: Any, default: str = "/") -> str:
    """A redirect target on this site only: '/…', never '//host', a scheme, or a backslash trick."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target) or len(target) > 2000:
        return default
    return target


class SecurityHeaders:
    """A pure ASGI middleware: the page's CSP and friends on every response that has none of its own."""

    def __init__(self, app: Any, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": PAGE_CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"no-referrer",
                    b"cross-origin-opener-policy": b"same-origin",
                    b"cross-origin-resource-policy": b"same-origin",
                    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
                }
                if self.https:
                    extra[b"strict-transport-security"] = b"max-age=31536000"
                for name, value in extra.items():
                    if name not in names:
                        headers.append((name, value))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers)


def cookie_name(port: int, https: bool) -> str:
    """The session cookie's name: ``__Host-`` over HTTPS (the browser then binds it to this exact
    origin); on plain HTTP one name per port, since browsers send a cookie to every port of a host."""
    return "__Host-repwatch" if https else f"repwatch_{int(port)}"


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CROSS_SITE = ("This request came from another web page or program, not from the review page itself, so repwatch "
              "refused it and nothing was changed. Open the review page yourself and do it there.")


class SameOrigin:
    """A pure ASGI middleware: only the review page itself may act or spend.

    A browser says where a request comes from (``Sec-Fetch-Site``, ``Origin``). Every POST must come
    from this exact origin (scheme, host and port: another program's page on another port of
    127.0.0.1 is "same-site", not "same-origin"); a GET from another site may only be a plain
    navigation (a link in an email), never an image, a script or a fetch that loads the page
    behind her back. Clients that send neither header (``curl``) still need the CSRF token.
    """

    def __init__(self, app: Any, *, origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.origins = frozenset(o.rstrip("/").lower() for o in origins if o)

    def allowed(self, scope: dict[str, Any]) -> bool:
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        site = headers.get("sec-fetch-site", "").lower()
        origin = headers.get("origin")
        if scope.get("method", "GET").upper() in SAFE_METHODS:
            if site in ("cross-site", "same-site"):
                return bool(headers.get("sec-fetch-mode", "").lower() == "navigate" and
                            headers.get("sec-fetch-dest", "document").lower() == "document")
            return True
        if site and site not in ("same-origin", "none"):
            return False
        if origin is not None and origin != "null":  # "null": the page's own no-referrer forms send it
            own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
            return origin.lower() in self.origins or origin.lower() == own
        return True

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.allowed(scope):
            await self.app(scope, receive, send)
            return
        body = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Refused: repwatch</title>"
                f"<h1>Refused</h1><p>{CROSS_SITE}</p></html>").encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


BUSY_TIMEOUT_S = 8.0  # how long a request waits for another program's write before saying so


def trouble(exc: BaseException) -> tuple[int, str, str]:
    """(status, heading, sentence) for a request that failed: a busy, full or read-only database or
    disk in words; anything else without its details (they go to the log)."""
    said = str(exc).lower()
    code = getattr(exc, "errno", None)
    if isinstance(exc, sqlite3.Error | StoreError) and ("locked" in said or "busy" in said):
        return 503, "The database is busy", ("Another program (a search that is running, say) is using the "
                                             "database. Nothing was changed: wait a minute, then try again.")
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in said or "no space" in said:
        return 507, "The disk is full", ("repwatch could not save this because the computer's disk is full. "
                                         "Nothing was changed: free some space, then try again.")
    if code in (errno.EROFS, errno.EACCES) or "readonly" in said or "read-only" in said:
        return 503, "The data folder is read-only", (
            "repwatch could not save this because its database or folder is read-only for your user. "
            "Nothing was changed: make the data folder writable, then try again.")
    if isinstance(exc, RepwatchError):
        return 400, "That could not be done", exc.message
    return 500, "Something went wrong", ("The review page could not finish this; what was stored before is "
                                         "safe. Try again; if it keeps happening, the log has the details.")


class Trouble:
    """A pure ASGI middleware: a request that fails is answered with one sentence (inside the
    security headers), never with a bare 500 or a traceback."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            status, heading, text = trouble(exc)
            if status == 500:
                log.error("The review page could not answer %s %s (%s).", scope.get("method"), scope.get("path"),
                          exc.__class__.__name__, exc_info=exc if log.isEnabledFor(logging.DEBUG) else None)
            body = ('<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" '
                    'content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/app.css">'
                    f"<title>{escape(heading)}: repwatch</title><main><h1>{escape(heading)}</h1>"
                    f'<p>{escape(text)}</p><p><a href="/">Open the review page</a></p></main></html>').encode()
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
