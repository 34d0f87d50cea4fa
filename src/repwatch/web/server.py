"""`repwatch serve` as a process: uvicorn serving the review page, and the daemon's scheduler.

With the scheduler, the daemon (app/daemon.py) keeps the main thread, exactly as `repwatch daemon`
does: its lock (one scheduler per database; a second exits 4), its signals (Ctrl+C and SIGTERM stop,
SIGHUP reloads the config) and its runs through the run lock. uvicorn serves from a second thread
(uvicorn leaves signals alone outside the main thread) and is stopped when the daemon returns.
Without the scheduler, uvicorn serves from a thread too and the main thread waits for SIGTERM or
Ctrl+C, so either stops it with exit 0.

The socket is bound here, before anything starts, so a port in use is one sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import uvicorn

from repwatch.adapters import tokens
from repwatch.app.daemon import Daemon
from repwatch.app.run import configure_logging
from repwatch.config import Config
from repwatch.errors import UsageError
from repwatch.paths import write_atomically
from repwatch.text import redact_logging, register_secret
from repwatch.web import clients
from repwatch.web.app import create_app

log = logging.getLogger("repwatch.serve")


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, made here so a port in use is one sentence. It names TCP: asyncio sets
    TCP_NODELAY on accepted connections only when the socket says it is TCP, and without it Nagle's
    algorithm holds each answer's last bytes for the browser's delayed ACK (40 ms a click)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"Port {port} is already in use on {host} (is repwatch serve already running?); "
                "stop the other program or choose another with --port."
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME if hasattr(socket, "EAI_NONAME") else -1):
            raise UsageError(f"{host} is not an address of this computer; check --host or [serve] host.") from None
        raise UsageError(f"repwatch serve could not listen on {host}:{port} ({exc.strerror}).") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


def local_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def page_address(config: Config, database: Path, host: str, port: int) -> str:
    """The address that opens the review page. Without a password it holds the key beside the database
    (tokens.page_key), which only this user can read: other people's accounts on the computer can reach
    the port, but not open the page."""
    url = local_url(host, port)
    if config.serve and config.serve.password_hash:
        return url
    key = tokens.page_key(database)
    register_secret(key)
    return f"{url}?key={key}"


OPENER_FILE = "open-review-page.html"


def opener(database: Path, address: str) -> str:
    """What the browser is started with. A browser's command line can be read by every account on the
    computer (the process list), so an address holding the key is put in a file beside the database
    that only this user can read, which sends the browser on to it; the browser gets the file's name."""
    if "?key=" not in address:
        return address
    shown = escape(address, quote=True)
    path = Path(database).parent / OPENER_FILE
    write_atomically(path, '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
                           f'<meta http-equiv="refresh" content="0; url={shown}"><title>repwatch</title>'
                           f'<a href="{shown}">Open the review page</a>\n', mode=0o600)
    return path.resolve().as_uri()


def _reload_daemon() -> None:
    """The page saved the config file: the scheduler in this process reads it again, as on `kill -HUP`."""
    os.kill(os.getpid(), signal.SIGHUP)


def _has_desktop() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class Server:
    def __init__(self, config: Config, database: Path, *, host: str, port: int, scheduler: bool = True,
                 browser: bool = True, verbose: bool = False, quiet: bool = False) -> None:
        self.config = config
        self.database = Path(database)
        self.host, self.port = host, port
        self.scheduler = scheduler
        self.browser = browser
        self.verbose, self.quiet = verbose, quiet

    def _uvicorn(self, app: Any) -> uvicorn.Server:
        config = uvicorn.Config(
            app, log_level="info" if self.verbose else "warning", access_log=self.verbose, lifespan="off",
            server_header=False, date_header=False, proxy_headers=False, timeout_graceful_shutdown=5,
            **clients.uvicorn_settings(),
        )
        for name in ("uvicorn.access", "uvicorn.error"):  # --verbose logs each address: the page's key is left out
            for handler in logging.getLogger(name).handlers:
                redact_logging(handler)
        return uvicorn.Server(config)

    def _announce(self, server: uvicorn.Server) -> None:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        url = page_address(self.config, self.database, self.host, self.port)
        if self.config.serve and self.config.serve.password_hash:
            lines = [f"The review page is at {url} (it asks for your password)."]
        else:
            lines = [f"Open the review page at {url}",
                     "Only you can open it: the address holds a key that only your account on this computer can "
                     "read. Keep it to yourself; `repwatch serve --address` shows it again."]
        if self.config.serve and self.config.serve.public_url:
            lines.append(f"Emails link to {self.config.serve.public_url}/")
        lines.append("Stop it with Ctrl+C." if self.scheduler else "Stop it with Ctrl+C (searches are not run: --no-scheduler).")
        print("\n".join(lines), file=sys.stderr, flush=True)
        if self.browser and _has_desktop():
            with contextlib.suppress(Exception):  # opening a browser is a courtesy
                webbrowser.open(opener(self.database, url))

    def run(self) -> int:
        configure_logging(self.config, self.database, verbose=self.verbose, quiet=self.quiet)
        sock = bind(self.host, self.port)
        scheduling = self.scheduler and bool(self.config.profile)
        reload = _reload_daemon if scheduling and hasattr(signal, "SIGHUP") else None
        try:
            app = create_app(self.config, self.database, host=self.host, port=self.port, on_config_saved=reload)
        except BaseException:
            sock.close()  # a damaged key refuses the page: the port is given back, not held until exit
            raise
        if not scheduling:
            if self.scheduler:
                print("No one to search for yet, so no searches are scheduled: run `repwatch init`.", file=sys.stderr)
            return self._serve_alone(app, sock)
        with self.serving(app, sock):
            return Daemon(self.config, self.database).serve()

    @contextlib.contextmanager
    def serving(self, app: Any, sock: socket.socket) -> Iterator[threading.Thread]:
        """``app`` served on ``sock`` (from :func:`bind`) by uvicorn in a thread, announced as `serve`
        announces it; on leaving, uvicorn lets the answers being saved finish (up to 5 s) and the
        socket is closed. Yields the thread. (The tests serve the page in their own process with it.)"""
        server = self._uvicorn(app)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="repwatch-web", daemon=True)
        thread.start()
        try:
            self._announce(server)
            yield thread
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()

    def _serve_alone(self, app: Any, sock: socket.socket) -> int:
        """The page without the scheduler: uvicorn in a thread, the main thread waiting for a stop.

        uvicorn in the main thread would re-raise SIGTERM after its shutdown, so a service manager
        stopping the page would see it killed (exit 143). Here SIGTERM, SIGINT (and SIGBREAK, SIGHUP)
        only set a flag; uvicorn then lets the answers being saved finish (up to 5 s), and it exits 0.
        """
        stop = threading.Event()
        for name in ("SIGTERM", "SIGINT", "SIGBREAK", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None:
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(sig, lambda _n, _f: stop.set())
        with self.serving(app, sock) as thread:
            while not stop.wait(0.5):
                if not thread.is_alive():
                    break
        log.info("the review page stopped.")
        return 0
