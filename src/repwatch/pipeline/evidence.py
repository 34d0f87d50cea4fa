"""Evidence: keep the proof the moment a page is found, because posts get deleted within hours.

The guide's first step for anything harmful is "Evidence: note down what happened and who is
involved. Screenshot or take a photo of anything relevant." repwatch sees the page first, so for
each flagged mention it keeps:

* the search result as found (every sighting: title, snippet, provider, query, rank, time) and the
  fetch's own record (URL asked for, redirects, final URL, status, headers), as one JSON file;
* the page as fetched (bounded in size and time), named by its SHA-256;
* where a Chromium is found, a full-page PNG of that saved snapshot, rendered with scripts OFF.

Files live beside the database, under ``evidence/<sha256[:2]>/<sha256>.<ext>``: the name comes
from the hash and the extension from a fixed table, never from anything on the page. Rows go in
the store's ``evidence`` table (paths relative to the database folder, so the folder can move),
and a ``captured`` event goes on the mention's timeline. A capture never raises: it returns a
:class:`CaptureOutcome` that says in one sentence what happened, and :func:`pending_captures`
lists flagged mentions still without a good capture, so the next run tries again.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import ipaddress
import json
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from repwatch.adapters.store import Store, now
from repwatch.models import Mention

MAX_BYTES = 10 * 1024 * 1024  # a page bigger than this is cut here, and says so
TIMEOUT_S = 20.0  # connect / read timeout for one step of a fetch
DEADLINE_S = 60.0  # the whole fetch, body included
MAX_REDIRECTS = 10
MAX_ATTEMPTS = 3  # a flagged mention whose page failed this often is no longer retried
SCREENSHOT_MAX_HEIGHT = 15000  # px; Chromium cannot draw much taller in one image
SUCCESS = frozenset({"ok", "too_large"})  # page outcomes that count as captured
ALLOW_PRIVATE_ENV = "REPWATCH_EVIDENCE_ALLOW_PRIVATE"  # tests and self-hosted pages on loopback/LAN

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
    "repwatch (evidence capture)"
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--mute-audio",
    "--hide-scrollbars",
    "--blink-settings=scriptEnabled=false",
)

# what a file is saved as: from the Content-Type, never from the URL or the page
_EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "application/json": "json",
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "video/mp4": "mp4",
}
_LOGIN_PATH = re.compile(
    r"(^|/)(login(\.php)?|log-in|signin|sign-in|sign_in|authwall|checkpoint|uas/login)(/|$)"
    r"|^/accounts/login|^/i/flow/login|^/i/flow/signup",
    re.IGNORECASE,
)
_PHRASES = {
    "ok": "saved",
    "too_large": "saved, but cut at the size limit",
    "login_wall": "the site shows visitors a login page instead",
    "gone": "the page is gone",
    "http_error": "the site answered with an error",
    "redirect_loop": "the address redirects in a loop",
    "timeout": "the site took too long to answer",
    "unreachable": "the site could not be reached",
    "refused": "repwatch does not fetch this address",
    "error": "the page could not be fetched",
}


# --- records -------------------------------------------------------------------------------------
@dataclass
class Saved:
    """One file in the evidence folder."""

    sha256: str
    path: Path  # absolute
    size: int
    relpath: str  # as stored: relative to the database folder


@dataclass
class CaptureOutcome:
    """What one capture kept, and in one sentence what happened."""

    mention_id: int
    url: str
    captured_at: str
    outcome: str  # ok | too_large | login_wall | gone | http_error | redirect_loop | timeout | ...
    detail: str
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    page: Saved | None = None
    screenshot: Saved | None = None
    screenshot_note: str | None = None  # why there is no screenshot, or what went wrong with it
    result: Saved | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS

    def sentence(self) -> str:
        """One plain sentence for the digest and the command line."""
        where = f"The page of mention #{self.mention_id} ({self.url})"
        if self.ok:
            text = f"{where} was saved at {self.captured_at}"
            if self.outcome == "too_large":
                text += f", cut at {self.page.size if self.page else MAX_BYTES:,} bytes"
            return text + "."
        if self.outcome == "login_wall":
            return (
                f"{where} shows visitors a login page ({self.detail}), so repwatch kept the search result and "
                "what the site showed; take a screenshot yourself while logged in."
            )
        return f"{where} could not be saved: {self.detail}. repwatch kept the search result and will try again."


@dataclass
class Problem:
    """An evidence file that no longer matches the hash recorded when it was captured."""

    evidence_id: int
    mention_id: int
    kind: str
    path: str
    problem: str  # changed | missing
    expected: str
    actual: str | None = None

    def sentence(self) -> str:
        if self.problem == "missing":
            return f"Evidence file {self.path} ({self.kind} of mention #{self.mention_id}) is missing."
        return (
            f"Evidence file {self.path} ({self.kind} of mention #{self.mention_id}) has changed since it was "
            f"captured: its SHA-256 was {self.expected}, now {self.actual}."
        )


@dataclass
class TimelineEntry:
    at: str
    event: str
    note: str | None = None


@dataclass
class _Fetched:
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


# --- paths and files -----------------------------------------------------------------------------
def evidence_root(store: Store) -> Path:
    return store.path.parent / "evidence"


def resolve(store: Store, relpath: str) -> Path:
    path = Path(relpath)
    return path if path.is_absolute() else store.path.parent / path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_bytes(store: Store, data: bytes, ext: str) -> Saved:
    """Content-addressed: the same bytes are stored once; written to a temp file, then renamed."""
    sha = hashlib.sha256(data).hexdigest()
    if not re.fullmatch(r"[a-z0-9]{1,5}", ext):
        ext = "bin"
    folder = evidence_root(store) / sha[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha}.{ext}"
    if not (path.exists() and path.stat().st_size == len(data) and sha256_file(path) == sha):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    return Saved(sha, path, len(data), path.relative_to(store.path.parent).as_posix())


def extension_for(content_type: str | None) -> str:
    base = (content_type or "").split(";")[0].strip().lower()
    if base in _EXTENSIONS:
        return _EXTENSIONS[base]
    if base.startswith("text/"):
        return "txt"
    return "bin"


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
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
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
) -> _Fetched:
    """GET one page as a visitor would (no cookies, no scripts), streaming and cutting at max_bytes."""
    import httpx

    if not re.match(r"^https?://", url or "", re.IGNORECASE):
        return _Fetched(url, "refused", "only http:// and https:// addresses are fetched")
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
            fetched = _Fetched(
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
        return _Fetched(url, "refused", f"repwatch does not fetch it: {exc}")
    except httpx.TooManyRedirects:
        return _Fetched(url, "redirect_loop", f"it redirected more than {MAX_REDIRECTS} times (a loop)")
    except httpx.TimeoutException:
        return _Fetched(url, "timeout", f"the site did not answer within {timeout:g} seconds")
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        return _Fetched(url, "unreachable", f"the site could not be reached ({_short(exc)})")
    except httpx.HTTPError as exc:
        return _Fetched(url, "error", f"the fetch failed ({_short(exc)})")
    except Exception as exc:  # a hostile page must never crash the run
        return _Fetched(url, "error", f"the fetch failed unexpectedly ({exc.__class__.__name__})")
    _classify(fetched, cut, max_bytes)
    return fetched


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:160]


def _classify(f: _Fetched, cut: bool, max_bytes: int) -> None:
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


# --- Chromium ------------------------------------------------------------------------------------
def find_chromium(config: Any = None) -> tuple[str | None, str]:
    """(path, note): the configured chromium_path, else the first browser on PATH."""
    settings = getattr(config, "evidence", None)
    configured = getattr(settings, "chromium_path", None)
    if configured:
        path = shutil.which(os.path.expanduser(configured))
        if path:
            return path, ""
        return None, f"[evidence] chromium_path {configured} was not found, so no screenshot was taken"
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path, ""
    return None, "no Chromium was found (install chromium, or set [evidence] chromium_path), so no screenshot was taken"


_TRAMPOLINE = (
    "import os, sys\n"
    "a, b = int(sys.argv[1]), int(sys.argv[2])\n"
    "os.dup2(a, 3); os.dup2(b, 4); os.close(a); os.close(b)\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium driven over --remote-debugging-pipe (no websocket), scripts off throughout."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="repwatch-chromium-")
        pipe_r, self._cmd_w = os.pipe()
        self._out_r, pipe_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4. No preexec_fn (unsafe with
        # threads): the pipe ends are moved above fd 10, passed as they are, and a tiny Python puts them at 3
        # and 4 before exec'ing the browser.
        cmd_r = fcntl.fcntl(pipe_r, fcntl.F_DUPFD_CLOEXEC, 10)
        out_w = fcntl.fcntl(pipe_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(pipe_r)
        os.close(pipe_w)
        self._log = open(Path(self._tmp.name) / "chromium.log", "wb")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _TRAMPOLINE, str(cmd_r), str(out_w), executable, *CHROMIUM_FLAGS,
                 f"--user-data-dir={self._tmp.name}/profile", "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, pass_fds=(cmd_r, out_w),
            )
        except OSError as exc:
            self._cleanup()
            raise BrowserError(f"Chromium could not be started ({exc.strerror})") from exc
        finally:
            os.close(cmd_r)
            os.close(out_w)
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out_r, selectors.EVENT_READ)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._write({"id": 999999, "method": "Browser.close"})
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=5)
        if self.proc.poll() is None:
            self.proc.kill()
            with contextlib.suppress(Exception):
                self.proc.wait(timeout=5)
        for fd in (self._cmd_w, self._out_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(Exception):
            self._selector.close()
        self._cleanup()

    def _cleanup(self) -> None:
        with contextlib.suppress(Exception):
            self._log.close()
        with contextlib.suppress(Exception):
            self._tmp.cleanup()

    def _write(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._cmd_w, data)
            data = data[written:]

    def _read(self, until: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = until - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._out_r, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium stopped unexpectedly")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(message)
        until = time.monotonic() + self.timeout
        while True:
            reply = self._read(until)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"Chromium refused {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method: str, session: str, timeout: float) -> bool:
        until = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[i]
                    return True
            try:
                reply = self._read(until)
            except BrowserError:
                return False
            if "method" in reply:
                self._events.append(reply)

    def _open(self, url: str, width: int) -> str:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        self.send("Page.enable", {}, session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        self._events.clear()
        self.send("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session, self.timeout)
        return session

    def screenshot(self, url: str, *, width: int = 1280, max_height: int = SCREENSHOT_MAX_HEIGHT) -> tuple[bytes, bool]:
        """A full-page PNG of url (scripts off); (png, cut) where cut says it hit max_height."""
        session = self._open(url, width)
        metrics = self.send("Page.getLayoutMetrics", {}, session)
        size = metrics.get("cssContentSize") or metrics.get("contentSize") or {}
        height = int(size.get("height") or 900)
        page_width = max(width, int(size.get("width") or width))
        cut = height > max_height
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True,
             "clip": {"x": 0, "y": 0, "width": page_width, "height": min(height, max_height), "scale": 1}},
            session,
        )
        return base64.b64decode(shot["data"]), cut

    def pdf(self, url: str) -> bytes:
        session = self._open(url, 1000)
        result = self.send(
            "Page.printToPDF",
            {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False},
            session,
        )
        return base64.b64decode(result["data"])


_CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
    "connect-src 'none'; form-action 'none'; media-src 'none'; "
    "img-src http: https: data: file:; style-src http: https: 'unsafe-inline'; font-src http: https: data:"
)


def render_copy(body: bytes, base_url: str) -> bytes:
    """The snapshot made safe to draw: scripts, frames, plugins, refreshes and handlers removed; a
    Content-Security-Policy forbidding scripts on top (Chromium also runs with scripts disabled);
    a <base> so the page's own images and styles resolve. The saved, hashed snapshot is untouched."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.find_all(["script", "noscript", "iframe", "frame", "frameset", "object", "embed",
                              "applet", "base", "portal", "template"]):
        tag.decompose()
    for tag in soup.find_all("meta"):
        if (tag.get("http-equiv") or "").lower() in ("refresh", "content-security-policy", "set-cookie"):
            tag.decompose()
    for tag in soup.find_all(True):
        for attr in list(tag.attrs):
            value = tag.attrs[attr]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on") or re.match(r"\s*(javascript|vbscript):", text, re.IGNORECASE):
                del tag.attrs[attr]
    head = soup.head
    if head is None:
        head = soup.new_tag("head")
        (soup.html or soup).insert(0, head)
    csp = soup.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy", "content": _CSP})
    base = soup.new_tag("base", href=base_url if re.match(r"^https?://", base_url) else "about:blank")
    head.insert(0, base)
    head.insert(0, csp)
    charset = soup.new_tag("meta", charset="utf-8")
    head.insert(0, charset)
    return str(soup).encode("utf-8")


def _screenshot(executable: str, fetched: _Fetched, timeout: float) -> tuple[bytes | None, str | None]:
    """(png, note): a picture of the saved snapshot, never of a live page with scripts."""
    media = (fetched.content_type or "").split(";")[0].strip().lower()
    body = fetched.body or b""
    if not body:
        return None, "the page was empty, so there was nothing to take a screenshot of"
    with tempfile.TemporaryDirectory(prefix="repwatch-shot-") as tmp:
        folder = Path(tmp)
        if media.startswith("image/") and media != "image/svg+xml":
            (folder / "image").write_bytes(body)
            page = (
                b'<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                b"content=\"default-src 'none'; img-src file:\"><body style=\"margin:0\">"
                b'<img src="image" style="max-width:100%"></body>'
            )
        elif media in ("text/html", "application/xhtml+xml", "") or media.startswith("text/"):
            if media.startswith("text/") and media != "text/html":
                from html import escape

                text = body.decode("utf-8", "replace")
                page = (
                    '<!doctype html><meta charset="utf-8"><pre style="white-space:pre-wrap">'
                    + escape(text)
                    + "</pre>"
                ).encode()
            else:
                page = render_copy(body, fetched.final_url or fetched.url)
        else:
            return None, f"the page is {media}, which repwatch does not draw; the file itself is kept"
        (folder / "page.html").write_bytes(page)
        try:
            with Browser(executable, timeout=timeout) as browser:
                png, cut = browser.screenshot((folder / "page.html").as_uri())
        except BrowserError as exc:
            return None, f"the screenshot failed: {exc}"
        except Exception as exc:  # never let the browser crash a run
            return None, f"the screenshot failed ({exc.__class__.__name__})"
    return png, (f"the screenshot was cut at {SCREENSHOT_MAX_HEIGHT:,} pixels" if cut else None)


# --- capturing -----------------------------------------------------------------------------------
def _sightings(store: Store, mention_id: int) -> list[dict[str, Any]]:
    return [
        {k: s[k] for k in ("provider", "kind", "query", "rank", "url", "title", "snippet", "seen_at", "run_id")}
        for s in store.db.query("SELECT * FROM sightings WHERE mention_id = ? ORDER BY id", [mention_id])
    ]


SAFEGUARDING_NOTE = (
    "not kept, because this mention is flagged safeguarding: UKCIS guidance says staff should not view, "
    "copy, screenshot or save images that may show children; refer it to the Designated Safeguarding Lead"
)


def withhold(mention: Mention, fetched: _Fetched) -> str | None:
    """For a safeguarding flag, keep no pictures: drop an image or video body, take no screenshot."""
    if not any(f.code == "safeguarding" for f in mention.flags):
        return None
    media = (fetched.content_type or "").split(";")[0].strip().lower()
    if fetched.body is not None and media.startswith(("image/", "video/")):
        fetched.body = None
        fetched.detail += f"; the {media} file was {SAFEGUARDING_NOTE}"
    return f"the screenshot was {SAFEGUARDING_NOTE}"


def _gather(mention: Mention, config: Any, *, timeout: float, deadline: float, max_bytes: int,
            allow_private: bool | None, screenshot: bool) -> tuple[_Fetched, bytes | None, str | None]:
    """The network and browser part of a capture: no store access, so it may run in a thread."""
    fetched = fetch(mention.url, timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                    allow_private=allow_private)
    png: bytes | None = None
    note = withhold(mention, fetched)
    if note:
        return fetched, None, note
    if screenshot and fetched.body is not None:
        executable, note = find_chromium(config)
        if executable:
            png, note = _screenshot(executable, fetched, max(timeout, 15.0))
    elif fetched.body is None:
        note = "no page was fetched, so there is no screenshot"
    return fetched, png, note


def _record(store: Store, mention: Mention, captured_at: str, fetched: _Fetched,
            png: bytes | None, note: str | None) -> CaptureOutcome:
    """Write the files and the rows for one capture, in one transaction."""
    outcome = CaptureOutcome(
        mention.id, mention.url, captured_at, fetched.outcome, fetched.detail,
        final_url=fetched.final_url, http_status=fetched.status, content_type=fetched.content_type,
        screenshot_note=note,
    )
    if fetched.body is not None:
        outcome.page = save_bytes(store, fetched.body, extension_for(fetched.content_type))
    if png is not None:
        outcome.screenshot = save_bytes(store, png, "png")
    record = {
        "format": "repwatch evidence record 1",
        "captured_at": captured_at,
        "mention": {
            "id": mention.id, "profile": mention.profile, "url": mention.url,
            "canonical_url": mention.canonical_url, "title": mention.title, "snippet": mention.snippet,
            "kind": mention.kind, "platform": mention.platform, "domain": mention.domain,
            "published": mention.published, "first_seen": mention.first_seen,
            "flags": [{"code": f.code, "reason": f.reason} for f in mention.flags],
        },
        "search_results": _sightings(store, mention.id),
        "fetch": {
            "url": fetched.url, "final_url": fetched.final_url, "outcome": fetched.outcome,
            "detail": fetched.detail, "http_status": fetched.status, "reason": fetched.reason,
            "redirects": fetched.redirects, "headers": fetched.headers, "elapsed_ms": fetched.elapsed_ms,
            "body_sha256": outcome.page.sha256 if outcome.page else None,
            "body_size": outcome.page.size if outcome.page else None,
        },
        "screenshot": {
            "sha256": outcome.screenshot.sha256 if outcome.screenshot else None,
            "rendered": "the saved snapshot, with scripts disabled" if outcome.screenshot else None,
            "note": note,
        },
    }
    outcome.result = save_bytes(
        store, json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8"), "json"
    )

    def row(kind: str, saved: Saved | None, result: str, detail: str | None) -> dict[str, Any]:
        return {
            "mention_id": mention.id, "captured_at": captured_at, "kind": kind, "url": mention.url,
            "final_url": fetched.final_url, "http_status": fetched.status, "outcome": result,
            "sha256": saved.sha256 if saved else None, "path": saved.relpath if saved else None,
            "size": saved.size if saved else None, "detail": detail,
        }

    with store.atomic():
        store.db["evidence"].insert(row("result", outcome.result, "ok", "the search result as found, and the fetch record"))
        store.db["evidence"].insert(row("page", outcome.page, fetched.outcome, fetched.detail))
        if outcome.screenshot is not None:
            store.db["evidence"].insert(row("screenshot", outcome.screenshot, "ok", note or "the saved snapshot, scripts off"))
        elif note and fetched.body is not None:
            store.db["evidence"].insert(row("screenshot", None, "skipped", note))
        kept = [name for name, saved in (("page", outcome.page), ("screenshot", outcome.screenshot),
                                          ("search record", outcome.result)) if saved]
        summary = f"{fetched.outcome}: {fetched.detail}; kept: {', '.join(kept)}"
        if outcome.page:
            summary += f" (page SHA-256 {outcome.page.sha256[:12]}…)"
        store.add_event(mention.id, "captured", summary, at=captured_at)
    return outcome


def _failed(mention: Mention, captured_at: str, exc: BaseException) -> CaptureOutcome:
    return CaptureOutcome(mention.id, mention.url, captured_at, "error",
                          f"repwatch could not store it ({exc.__class__.__name__}: {_short(exc)})")


def capture(
    store: Store,
    mention_id: int,
    *,
    config: Any = None,
    timeout: float = TIMEOUT_S,
    deadline: float = DEADLINE_S,
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
    screenshot: bool = True,
) -> CaptureOutcome:
    """Capture one mention now. Never raises for anything the web or the disk does: the outcome says.

    Raises KeyError only for a mention id the store does not hold (a usage error for the caller).
    """
    mention = store.mention(mention_id)
    if mention is None:
        raise KeyError(mention_id)
    captured_at = now()
    try:
        fetched, png, note = _gather(mention, config, timeout=timeout, deadline=deadline,
                                     max_bytes=max_bytes, allow_private=allow_private, screenshot=screenshot)
        return _record(store, mention, captured_at, fetched, png, note)
    except Exception as exc:
        return _failed(mention, captured_at, exc)


def pending_captures(store: Store, profile: str | None = None) -> list[Mention]:
    """Flagged mentions (not dismissed) with no good page capture yet, and fewer than MAX_ATTEMPTS tries."""
    where = "m.flags != '[]' AND m.status != 'dismissed'"
    params: list[Any] = []
    if profile is not None:
        where += " AND m.profile = ?"
        params.append(profile)
    ok = ", ".join(f"'{o}'" for o in sorted(SUCCESS))
    ids = [
        r[0]
        for r in store.db.execute(
            f"SELECT m.id FROM mentions m WHERE {where} "
            f"AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.mention_id = m.id AND e.kind = 'page' "
            f"AND e.outcome IN ({ok})) "
            f"AND (SELECT count(*) FROM evidence e WHERE e.mention_id = m.id AND e.kind = 'page') < ? "
            "ORDER BY m.id",
            [*params, MAX_ATTEMPTS],
        ).fetchall()
    ]
    return store.mentions(ids=ids, include_all=True) if ids else []


def capture_new(
    config: Any,
    store: Store,
    mentions: Iterable[Mention | int],
    *,
    profile: str | None = None,
    workers: int = 4,
    timeout: float = TIMEOUT_S,
    allow_private: bool | None = None,
) -> list[str]:
    """For a run, after triage: capture per ``[evidence] capture`` (flagged | all | none) this run's
    new mentions, plus flagged ones still pending from earlier runs. Returns problem sentences."""
    from concurrent.futures import ThreadPoolExecutor

    mode = getattr(getattr(config, "evidence", None), "capture", "flagged")
    if mode == "none":
        return []
    ids = [m if isinstance(m, int) else m.id for m in mentions]
    fresh = store.mentions(ids=ids, include_all=True) if ids else []
    targets = [m for m in fresh if m.status != "dismissed" and (mode == "all" or m.flags)]
    profiles = {profile} if profile else {m.profile for m in fresh} or {None}
    chosen = {m.id for m in targets}
    for name in profiles:
        for m in pending_captures(store, name):
            if m.id not in chosen:
                targets.append(m)
                chosen.add(m.id)
    if not targets:
        return []
    # fetch in parallel (network only), then draw and store one at a time on this thread
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        fetches = list(pool.map(
            lambda m: (m, now(), _safe_fetch(m, timeout, allow_private)), targets
        ))
    problems: list[str] = []
    executable, chromium_note = find_chromium(config)
    for mention, captured_at, fetched in fetches:
        try:
            png, note = None, withhold(mention, fetched)
            if fetched.body is not None and not note:
                if executable:
                    png, note = _screenshot(executable, fetched, max(timeout, 15.0))
                else:
                    note = chromium_note
            outcome = _record(store, mention, captured_at, fetched, png, note)
        except Exception as exc:
            outcome = _failed(mention, captured_at, exc)
        if not outcome.ok:
            problems.append(outcome.sentence())
    return problems


def _safe_fetch(mention: Mention, timeout: float, allow_private: bool | None) -> _Fetched:
    try:
        return fetch(mention.url, timeout=timeout, allow_private=allow_private)
    except Exception as exc:
        return _Fetched(mention.url, "error", f"the fetch failed unexpectedly ({exc.__class__.__name__})")


# --- checking and telling ------------------------------------------------------------------------
def verify(store: Store) -> list[Problem]:
    """Re-hash every stored evidence file; name each one that changed or went missing."""
    problems: list[Problem] = []
    for row in store.db.query(
        "SELECT id, mention_id, kind, sha256, path FROM evidence WHERE sha256 IS NOT NULL ORDER BY id"
    ):
        path = resolve(store, row["path"])
        if not path.is_file():
            problems.append(Problem(row["id"], row["mention_id"], row["kind"], str(path), "missing", row["sha256"]))
            continue
        try:
            actual = sha256_file(path)
        except OSError:
            problems.append(Problem(row["id"], row["mention_id"], row["kind"], str(path), "missing", row["sha256"]))
            continue
        if actual != row["sha256"]:
            problems.append(
                Problem(row["id"], row["mention_id"], row["kind"], str(path), "changed", row["sha256"], actual)
            )
    return problems


def evidence_rows(store: Store, mention_id: int) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM evidence WHERE mention_id = ? ORDER BY id", [mention_id]))


def timeline(store: Store, mention_id: int) -> list[TimelineEntry]:
    """Everything that happened to one mention, oldest first: found, notified, captured, marked
    concern / resolved / dismissed (with the user's --note), reopened, reappeared."""
    return [
        TimelineEntry(r["at"], r["event"], r["note"])
        for r in store.db.query("SELECT at, event, note FROM events WHERE mention_id = ? ORDER BY at, id", [mention_id])
    ]
