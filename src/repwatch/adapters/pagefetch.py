"""The guarded page fetch for evidence: one GET as a visitor would make it, bounded in size and
time, that refuses private and local addresses.

Anything the page's server sends is hostile: the body is cut at a size limit, the whole fetch has
a deadline, and redirects are followed only to public http(s) addresses.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

MAX_BYTES = 10 * 1024 * 1024  # a page bigger than this is cut here, and says so
TIMEOUT_S = 20.0  # connect / read timeout for one step of a fetch
DEADLINE_S = 60.0  # the whole fetch, body included
MAX_REDIRECTS = 10
ALLOW_PRIVATE_ENV = "REPWATCH_EVIDENCE_ALLOW_PRIVATE"  # tests and self-hosted pages on loopback/LAN

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
    "repwatch (evidence capture)"
)
_LOGIN_PATH = re.compile(
    r"(^|/)(login(\.php)?|log-in|signin|sign-in|sign_in|authwall|checkpoint|uas/login)(/|$)"
    r"|^/accounts/login|^/i/flow/login|^/i/flow/signup",
    re.IGNORECASE,
)


@dataclass
class Fetched:
    """A fetch's facts, gathered off the main thread (no store access)."""

    url: str
    outcome: str
    detail: str
    final_url: str | None = None
    status: int | None = None
    reason: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    body: bytes | None = None
    content_type: str | None = None
    elapsed_ms: int | None = None


# --- fetching ------------------------------------------------------------------------------------
class _Refused(Exception):
    pass


def _private_host(host: str) -> bool:
    """True if the host is, or resolves to, a loopback, private, link-local or otherwise local address."""
    host = host.strip("[]")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if host.lower() == "localhost" or host.lower().endswith((".localhost", ".local", ".internal")):
            return True
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False  # let the fetch itself report that the name does not resolve
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return any(
        a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast or a.is_unspecified
        for a in addresses
    )


def _allow_private(allow: bool | None) -> bool:
    if allow is not None:
        return allow
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT_S,
    deadline: float = DEADLINE_S,
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
) -> Fetched:
    """GET one page as a visitor would (no cookies, no scripts), streaming and cutting at max_bytes."""
    if not re.match(r"^https?://", url or "", re.IGNORECASE):
        return Fetched(url, "refused", "only http:// and https:// addresses are fetched")
    private_ok = _allow_private(allow_private)

    def guard(request: httpx.Request) -> None:
        if request.url.scheme not in ("http", "https"):
            raise _Refused(f"it leads to a {request.url.scheme}: address")
        if not private_ok and _private_host(request.url.host):
            raise _Refused(f"{request.url.host} is on a private or local network")

    started = time.monotonic()
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,image/*;q=0.9,*/*;q=0.8",
               "Accept-Language": "en-GB,en;q=0.8"}
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            headers=headers,
            event_hooks={"request": [guard]},
            trust_env=False,
        ) as client, client.stream("GET", url) as response:
            chunks: list[bytes] = []
            size = 0
            cut = False
            for chunk in response.iter_bytes():  # decoded: the limit counts what is kept
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    cut = True
                    break
                if time.monotonic() - started > deadline:
                    raise httpx.ReadTimeout("deadline", request=response.request)
            body = b"".join(chunks)[:max_bytes]
            status = response.status_code
            final_url = str(response.url)
            fetched = Fetched(
                url,
                "ok",
                f"HTTP {status}",
                final_url=final_url,
                status=status,
                reason=response.reason_phrase,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],  # as sent
                redirects=[
                    {"url": str(r.url), "status": r.status_code, "location": r.headers.get("location")}
                    for r in response.history
                ],
                body=body,
                content_type=response.headers.get("content-type"),
                elapsed_ms=int((time.monotonic() - started) * 1000),
            )
    except _Refused as exc:
        return Fetched(url, "refused", f"repwatch does not fetch it: {exc}")
    except httpx.TooManyRedirects:
        return Fetched(url, "redirect_loop", f"it redirected more than {MAX_REDIRECTS} times (a loop)")
    except httpx.TimeoutException:
        return Fetched(url, "timeout", f"the site did not answer within {timeout:g} seconds")
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        return Fetched(url, "unreachable", f"the site could not be reached ({_short(exc)})")
    except httpx.HTTPError as exc:
        return Fetched(url, "error", f"the fetch failed ({_short(exc)})")
    except Exception as exc:  # a hostile page must never crash the run
        return Fetched(url, "error", f"the fetch failed unexpectedly ({exc.__class__.__name__})")
    _classify(fetched, cut, max_bytes)
    return fetched


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:160]


def _classify(f: Fetched, cut: bool, max_bytes: int) -> None:
    status = f.status or 0
    path = urlsplit(f.final_url or f.url).path
    redirected = " after redirecting to a login page" if f.redirects else ""
    if status in (401, 403, 407):
        f.outcome, f.detail = "login_wall", f"HTTP {status} {f.reason or ''}".strip()
    elif _LOGIN_PATH.search(path) and not _LOGIN_PATH.search(urlsplit(f.url).path):
        f.outcome, f.detail = "login_wall", f"HTTP {status}{redirected}: {f.final_url}"
    elif status in (404, 410):
        f.outcome, f.detail = "gone", f"the site answered HTTP {status} {f.reason or ''}".strip()
    elif status >= 400 or status < 200:
        f.outcome, f.detail = "http_error", f"the site answered HTTP {status} {f.reason or ''}".strip()
    elif cut:
        f.outcome, f.detail = "too_large", f"HTTP {status}; the page is larger than {max_bytes:,} bytes, so it was cut there"
    else:
        f.outcome, f.detail = "ok", f"HTTP {status}, {len(f.body or b''):,} bytes"
