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
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

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
    b64 = lambda b: base64.urlsafe_b64encode(b).decode("ascii").rstrip("=")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        unb64 = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))  # noqa: E731
        expected = unb64(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=unb64(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=128 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


class Throttle:
    """Wrong passwords slow every later attempt: one global wait, since there is one user to guard."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.until = 0.0
        self._lock = threading.Lock()

    def wait_s(self) -> float:
        with self._lock:
            return max(0.0, self.until - self.clock())

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            self.until = self.clock() + min(2.0 ** (self.failures - 1), MAX_DELAY_S)

    def succeeded(self) -> None:
        with self._lock:
            self.failures = 0
            self.until = 0.0


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
