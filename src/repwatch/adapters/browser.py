"""The browser: one lookup for Chromium, and a small Chrome DevTools client that drives it over
a pipe for screenshots and PDFs.

Both evidence capture and `repwatch doctor` ask :func:`find_chromium`, so they agree on whether
screenshots can be taken. The client talks over ``--remote-debugging-pipe`` (no port, no
websocket); it needs POSIX file descriptors, so ``fcntl`` is imported only where the pipe is made,
and on other systems the lookup says screenshots are not available there.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCREENSHOT_MAX_HEIGHT = 15000  # px; Chromium cannot draw much taller in one image
RENDER_DEADLINE_S = 90.0  # one browser session, start to close, whatever the page
RENDER_MEMORY_BYTES = 2 << 30  # resident memory of Chromium and all its processes together
_WATCH_S = 0.5  # how often the memory is looked at while waiting for Chromium

# looked for on PATH, in this order, then at the usual install places
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_PATHS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
PIPE_CLIENT = os.name == "posix"  # the pipe client passes file descriptors 3 and 4 to the browser
UNSUPPORTED = "screenshots and PDF copies are not available on this system yet (they need macOS or Linux)"
NOT_FOUND = "no Chromium was found (install chromium, or set [evidence] chromium_path)"

CHROMIUM_FLAGS = (
    "--headless",
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
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves, even if a request got past the seal
)
# variables Chromium may see; everything else (API keys, passwords, tokens) stays in repwatch
ENV_KEEP = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "FONTCONFIG_PATH", "FONTCONFIG_FILE",
            "SYSTEMROOT", "WINDIR")


def launch_flags() -> list[str]:
    """Chromium's flags: sandboxed, unless repwatch runs as root (Chromium refuses its sandbox there)."""
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    return flags


def launch_env(home: str) -> dict[str, str]:
    """A minimal environment for Chromium: locale and search path only, a throwaway home."""
    env = {key: os.environ[key] for key in ENV_KEEP if key in os.environ}
    env.update({"HOME": home, "TMPDIR": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache"})
    return env


def _executable(candidate: str) -> str | None:
    path = Path(candidate).expanduser()
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    return shutil.which(str(path))


def find_chromium(configured: str | None = None) -> tuple[str | None, str]:
    """(path, note): the configured ``chromium_path``, else the first browser on PATH, else one at
    its usual install place. With no path, ``note`` says in one sentence why."""
    if not PIPE_CLIENT:
        return None, UNSUPPORTED
    if configured:
        path = _executable(configured)
        if path:
            return path, ""
        return None, f"[evidence] chromium_path {configured} was not found"
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path, ""
    for candidate in INSTALL_PATHS:
        path = _executable(candidate)
        if path:
            return path, ""
    return None, NOT_FOUND


def configured_path(config: Any) -> str | None:
    """``[evidence] chromium_path`` of a loaded config (or None)."""
    return getattr(getattr(config, "evidence", None), "chromium_path", None)


_TRAMPOLINE = (
    "import os, sys\n"
    "a, b = int(sys.argv[1]), int(sys.argv[2])\n"
    "os.dup2(a, 3); os.dup2(b, 4); os.close(a); os.close(b)\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


class BrowserError(Exception):
    pass


def resident_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux's /proc; 0 where there is none).

    Chromium cannot run under an address-space or data limit (it reserves terabytes it never uses),
    so its memory is watched from outside instead, while the client waits for it.
    """
    proc = Path("/proc")
    if not (proc / str(pid)).is_dir():
        return 0
    parents: dict[int, int] = {}
    pages: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        with contextlib.suppress(IndexError, ValueError):
            parents[int(entry.name)] = int(fields[1])
            pages[int(entry.name)] = int(fields[21])
    family = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    return sum(pages.get(p, 0) for p in family) * os.sysconf("SC_PAGE_SIZE")


class Browser:
    """One headless Chromium driven over --remote-debugging-pipe (no websocket), scripts off throughout."""

    def __init__(self, executable: str, *, timeout: float = 30.0, deadline: float = RENDER_DEADLINE_S,
                 memory: int = RENDER_MEMORY_BYTES) -> None:
        if not PIPE_CLIENT:
            raise BrowserError(UNSUPPORTED)
        self.timeout = timeout
        self.deadline = time.monotonic() + deadline
        self.memory = memory
        self._tmp = tempfile.TemporaryDirectory(prefix="repwatch-chromium-")
        pipe_r, self._cmd_w = os.pipe()
        self._out_r, pipe_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4. No preexec_fn (unsafe with
        # threads): the pipe ends are moved above fd 10, passed as they are, and a tiny Python puts them at 3
        # and 4 before exec'ing the browser.
        import fcntl  # POSIX only: imported here, so this module imports everywhere  # lazy: POSIX only, and this module must import on Windows

        cmd_r = fcntl.fcntl(pipe_r, fcntl.F_DUPFD_CLOEXEC, 10)
        out_w = fcntl.fcntl(pipe_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(pipe_r)
        os.close(pipe_w)
        self._log = open(Path(self._tmp.name) / "chromium.log", "wb")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-c", _TRAMPOLINE, str(cmd_r), str(out_w), executable, *launch_flags(),
                 f"--user-data-dir={self._tmp.name}/profile", "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, pass_fds=(cmd_r, out_w),
                env=launch_env(self._tmp.name),
            )
        except OSError as exc:
            self._cleanup()
            raise BrowserError(f"Chromium could not be started ({exc.strerror})") from exc
        finally:
            os.close(cmd_r)
            os.close(out_w)
        self._buffer = b""
        self._id = 0
        self._silent = 1 << 30  # ids of commands whose replies nobody waits for
        self.blocked: list[str] = []  # every request a page tried to make (all were failed)
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

    def _why_stopped(self) -> str:
        """One sentence for a browser that quit: its sandbox is the usual reason outside root."""
        try:
            log = (Path(self._tmp.name) / "chromium.log").read_text("utf-8", "replace").lower()
        except OSError:
            log = ""
        if "sandbox" in log:
            return ("Chromium's sandbox could not start on this computer, and repwatch does not run Chromium "
                    "without it (except as root); see SECURITY.md")
        return "Chromium stopped unexpectedly"

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
        until = min(until, self.deadline)
        while b"\0" not in self._buffer:
            left = until - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            if not self._selector.select(min(left, _WATCH_S)):
                if resident_bytes(self.proc.pid) > self.memory:
                    raise BrowserError(f"drawing the page needed more than {self.memory >> 20:,} MB of memory")
                continue
            chunk = os.read(self._out_r, 1 << 20)
            if not chunk:
                raise BrowserError(self._why_stopped())
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        reply: dict[str, Any] = json.loads(message)
        if reply.get("method") == "Fetch.requestPaused":  # every request the page makes is failed
            params = reply.get("params") or {}
            self.blocked.append(str((params.get("request") or {}).get("url", "")))
            self._silent += 1
            self._write({"id": self._silent, "method": "Fetch.failRequest", "sessionId": reply.get("sessionId"),
                         "params": {"requestId": params.get("requestId"), "errorReason": "BlockedByClient"}})
        return reply

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
                result: dict[str, Any] = reply.get("result", {})
                return result
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

    def _open(self, html: bytes | str, width: int) -> str:
        """A new tab showing ``html``, sealed: scripts off, every request of any kind failed.

        The copy is written into an ``about:blank`` tab (an opaque origin, which may not read
        ``file:`` addresses) with ``Page.setDocumentContent``, so no request is made for the document
        itself; the DevTools Fetch domain then pauses every request the document would make (image,
        style, font, frame, navigation) and fails it here. Returns the DevTools session id.
        """
        if isinstance(html, bytes):
            html = html.decode("utf-8", "replace")
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        self.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session)
        self.send("Page.enable", {}, session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        frame = self.send("Page.getFrameTree", {}, session)["frameTree"]["frame"]["id"]
        self._events.clear()
        self.send("Page.setDocumentContent", {"frameId": frame, "html": html}, session)
        self.wait_event("Page.loadEventFired", session, self.timeout)
        self._stayed(session)
        return session

    def _stayed(self, session: str) -> None:
        """Raise if the tab left the copy (a refresh, say): never draw another page in its place."""
        frame = self.send("Page.getFrameTree", {}, session)["frameTree"]["frame"]
        main = frame.get("id")

        def leaves(event: dict[str, Any]) -> bool:
            params = event.get("params") or {}
            if event.get("sessionId") != session:
                return False
            if event.get("method") in ("Page.frameRequestedNavigation", "Page.frameScheduledNavigation"):
                return bool(params.get("frameId") == main)
            if event.get("method") == "Page.frameNavigated":
                nav = params.get("frame") or {}
                return bool(nav.get("id") == main and nav.get("url") != "about:blank")
            return False

        if frame.get("url") != "about:blank" or any(leaves(e) for e in self._events):
            raise BrowserError("the page tried to open another address, so it was not drawn")

    def screenshot(self, html: bytes | str, *, width: int = 1280,
                   max_height: int = SCREENSHOT_MAX_HEIGHT) -> tuple[bytes, bool]:
        """A full-page PNG of ``html`` (sealed, scripts off); (png, cut) where cut says it hit max_height."""
        session = self._open(html, width)
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
        self._stayed(session)
        return base64.b64decode(shot["data"]), cut

    def pdf(self, html: bytes | str) -> bytes:
        """``html`` printed to PDF (sealed, scripts off)."""
        session = self._open(html, 1000)
        result = self.send(
            "Page.printToPDF",
            {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False},
            session,
        )
        self._stayed(session)
        return base64.b64decode(result["data"])
