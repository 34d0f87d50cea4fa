"""The guarded page fetch for evidence: one GET as a visitor would make it, bounded in size and
time, that reaches only public addresses.

Anything the page's server sends is hostile:

* every hop (the first address and each redirect) is resolved once, every address it resolves to
  must be globally routable (:func:`public`), and the connection goes to that checked address (the
  name is kept for the Host header and TLS), so a name that answers differently the second time
  (DNS rebinding) cannot reach this computer or its network;
* the whole fetch, headers included, has one deadline, however slowly the server drips bytes;
* the body is decoded here, layer by layer, in bounded steps, and cut at a size limit counted in
  decoded bytes, so ``Content-Encoding: gzip, gzip`` cannot turn a few kilobytes into gigabytes.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import socket
import ssl
import time
import zlib
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

MAX_BYTES = 10 * 1024 * 1024  # a page bigger than this is cut here, and says so
TIMEOUT_S = 20.0  # connect / read timeout for one step of a fetch
DEADLINE_S = 60.0  # the whole fetch, body included
MAX_REDIRECTS = 10
ALLOW_PRIVATE_ENV = "REPWATCH_EVIDENCE_ALLOW_PRIVATE"  # tests and self-hosted pages on loopback/LAN

# an ordinary browser's: the fetch must not tell the page's owner that a monitor is looking
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
    "Accept-Encoding": "gzip, deflate",  # only what is decoded here, in bounded steps
}
STEP = 64 * 1024  # most bytes one decoding step may produce
VERIFY: ssl.SSLContext | bool = True  # certificates checked against the name, not the address (tests swap the CA)
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


# --- addresses -----------------------------------------------------------------------------------
class Refused(Exception):
    """The address is one repwatch does not fetch; the message says why, for the user."""


_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT's IPv4-translated form, ::ffff:0:a.b.c.d


def unwrapped(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address inside an IPv6 spelling of it: IPv4-mapped (``::ffff:127.0.0.1``),
    IPv4-compatible (``::127.0.0.1``) and IPv4-translated (``::ffff:0:127.0.0.1``); others unchanged.

    Python's ``is_global`` calls the compatible and translated spellings of 127.0.0.1 global, and a
    system may route them to the IPv4 address, so the check and the connection use the IPv4 itself.
    """
    if not isinstance(address, ipaddress.IPv6Address):
        return address
    if address.ipv4_mapped:
        return address.ipv4_mapped
    value = int(address)
    if value >> 32 == 0 and value > 1:  # ::a.b.c.d (not :: or ::1, which stay IPv6)
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if address in _TRANSLATED:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    return address


def public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable, and not a wrapper around an address that is not (6to4, NAT64, mapped IPv4).

    ``is_global`` already refuses loopback, private, link-local, carrier-grade NAT (100.64.0.0/10,
    Tailscale's range), documentation and reserved ranges.
    """
    address = unwrapped(address)
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        inner: list[ipaddress.IPv4Address] = []
        if address.ipv4_mapped:
            inner.append(address.ipv4_mapped)
        if address.sixtofour:
            inner.append(address.sixtofour)
        if address.teredo:
            inner.extend(address.teredo)
        if address in ipaddress.ip_network("64:ff9b::/96") or address in ipaddress.ip_network("64:ff9b:1::/48"):
            inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return all(public(a) for a in inner)
    return True


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a literal address resolves to itself)."""
    host = host.strip("[]")
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def checked_address(host: str, port: int, *, allow_private: bool) -> str:
    """The one address to connect to for ``host``: resolved once here, and every answer public.

    Raises :class:`Refused` for a private or local name or address, OSError if it does not resolve.
    """
    name = host.strip("[]").lower().rstrip(".")
    if not allow_private and (name == "localhost" or name.endswith((".localhost", ".local", ".internal"))):
        raise Refused(f"{host} is on a private or local network")
    addresses = resolve(host, port)
    if not addresses:
        raise OSError(f"{host} does not resolve")
    if not allow_private:
        for text in addresses:
            if not public(ipaddress.ip_address(text)):
                raise Refused(f"{host} is on a private or local network")
    return str(unwrapped(ipaddress.ip_address(addresses[0])))  # connect to the very address that was checked


def _allow_private(allow: bool | None) -> bool:
    if allow is not None:
        return allow
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


# --- decoding ------------------------------------------------------------------------------------
class TooLarge(Exception):
    """The decoded body passed the size limit."""


class Unreadable(Exception):
    """The body's encoding is not one repwatch reads, or it is broken."""


class BoundedDecoder:
    """Undo a response's ``Content-Encoding`` layers in steps of at most STEP bytes each, counting
    decoded bytes as they come, so no layer ever holds more than a step in memory."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 4:
            raise Unreadable(f"the page was compressed {len(codings)} times over")
        self.layers: list[Any] = []
        for coding in reversed(codings):  # the last coding applied is undone first
            if coding in ("gzip", "x-gzip"):
                self.layers.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif coding == "deflate":
                self.layers.append(None)  # zlib-wrapped or raw: decided on the first bytes
            else:
                raise Unreadable(f"the page was sent in an encoding repwatch does not read ({coding})")
        self.max_bytes = max_bytes
        self.size = 0
        self.chunks: list[bytes] = []

    def feed(self, data: bytes) -> None:
        """Decode ``data``; raises TooLarge once the decoded size passes max_bytes (what fits is kept)."""
        self._push(data, 0)

    def _push(self, data: bytes, depth: int) -> None:
        if depth == len(self.layers):
            room = self.max_bytes - self.size
            self.chunks.append(data[: max(room, 0)])
            self.size += len(data)
            if self.size > self.max_bytes:
                raise TooLarge
            return
        layer = self.layers[depth]
        if layer is None:
            raw = bool(data) and (data[0] & 0x0F != 8)
            layer = self.layers[depth] = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        while True:
            try:
                out = layer.decompress(data, STEP)
            except zlib.error as exc:
                raise Unreadable(f"the page's compressed data is broken ({exc})") from exc
            data = layer.unconsumed_tail
            if out:
                self._push(out, depth + 1)
            if layer.eof or (not data and len(out) < STEP):
                return

    def body(self) -> bytes:
        return b"".join(self.chunks)[: self.max_bytes]


# --- fetching ------------------------------------------------------------------------------------
def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT_S,
    deadline: float = DEADLINE_S,
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
) -> Fetched:
    """GET one page as a visitor would (no cookies, no scripts): only public addresses, one overall
    deadline, cut at max_bytes of decoded body. Never raises for anything the server does."""
    if not re.match(r"^https?://", url or "", re.IGNORECASE):
        return Fetched(url, "refused", "only http:// and https:// addresses are fetched")
    started = time.monotonic()
    try:
        fetched = _run_alone(asyncio.wait_for(
            _fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=_allow_private(allow_private)),
            timeout=deadline,
        ))
    except TimeoutError:
        return Fetched(url, "timeout", f"the site did not send the page within {deadline:g} seconds")
    except Refused as exc:
        return Fetched(url, "refused", f"repwatch does not fetch it: {exc}")
    except Unreadable as exc:
        return Fetched(url, "error", f"the fetch failed ({exc})")
    except httpx.TimeoutException:
        return Fetched(url, "timeout", f"the site did not answer within {timeout:g} seconds")
    except (httpx.ConnectError, httpx.NetworkError, OSError) as exc:
        return Fetched(url, "unreachable", f"the site could not be reached ({_short(exc)})")
    except httpx.TooManyRedirects:
        return Fetched(url, "redirect_loop", f"it redirected more than {MAX_REDIRECTS} times (a loop)")
    except httpx.HTTPError as exc:
        return Fetched(url, "error", f"the fetch failed ({_short(exc)})")
    except Exception as exc:  # a hostile page must never crash the run
        return Fetched(url, "error", f"the fetch failed unexpectedly ({exc.__class__.__name__})")
    fetched.elapsed_ms = int((time.monotonic() - started) * 1000)
    return fetched


# name look-ups run here, not on the loop's default executor, which asyncio.run waits for on the
# way out: a resolver that hangs must not hold the fetch past its deadline
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="repwatch-resolve")


T = TypeVar("T")


def _run_alone(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on a loop of its own (on a helper thread if this one has a loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> Fetched:
    loop = asyncio.get_running_loop()
    redirects: list[dict[str, Any]] = []
    async with httpx.AsyncClient(timeout=httpx.Timeout(timeout), trust_env=False, follow_redirects=False,
                                 verify=VERIFY) as client:
        current = httpx.URL(url)
        for _hop in range(MAX_REDIRECTS + 1):
            if current.scheme not in ("http", "https"):
                raise Refused(f"it leads to a {current.scheme}: address")
            host = current.host
            port = current.port or (443 if current.scheme == "https" else 80)
            address = await loop.run_in_executor(
                _RESOLVER, partial(checked_address, host, port, allow_private=allow_private)
            )
            target = current.copy_with(host=address)
            host_header = current.netloc.decode("ascii").rsplit("@", 1)[-1]
            request = client.build_request(
                "GET", target, headers={**HEADERS, "Host": host_header},
                extensions={"sni_hostname": host},
            )
            response = await client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    redirects.append({"url": str(current), "status": response.status_code, "location": location})
                    current = current.join(location)
                    continue
                return await _read(url, str(current), response, redirects, max_bytes)
            finally:
                await response.aclose()
    raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


async def _read(url: str, final_url: str, response: httpx.Response, redirects: list[dict[str, Any]],
                max_bytes: int) -> Fetched:
    decoder = BoundedDecoder(response.headers.get("content-encoding"), max_bytes)
    cut = False
    try:
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
    except TooLarge:
        cut = True
    fetched = Fetched(
        url,
        "ok",
        f"HTTP {response.status_code}",
        final_url=final_url,
        status=response.status_code,
        reason=response.reason_phrase,
        headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],  # as sent
        redirects=redirects,
        body=decoder.body(),
        content_type=response.headers.get("content-type"),
    )
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
