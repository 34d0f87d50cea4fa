"""The HTTP clients the providers use: stock httpx, sharing one TLS context.

The TLS certificate store takes tens of milliseconds to load. ``preload`` starts loading it in a
thread as soon as a command knows it will search (OpenSSL releases the GIL while it parses), and
every client shares the one context. (An earlier version also gave httpcore a network backend of
its own; measured side by side with stock httpx, ``python benchmarks/sweep.py --backends``, it saved
5 %, not worth reaching into httpx's private attributes.)
"""

from __future__ import annotations

import contextlib
import os
import ssl
import threading
from typing import Any

import certifi
import httpx

from repwatch import __version__
from repwatch.errors import ConfigError

USER_AGENT = f"Mozilla/5.0 (compatible; repwatch/{__version__}; self-search monitor)"
# Only the encodings repwatch decodes itself, with a cap on the decoded size (providers/base.py).
ACCEPT_ENCODING = "gzip, deflate"
HEADERS = {"User-Agent": USER_AGENT, "Accept-Language": "en-GB,en;q=0.8", "Accept-Encoding": ACCEPT_ENCODING}

_context: ssl.SSLContext | None = None
_loading: threading.Thread | None = None
_lock = threading.Lock()


def _load() -> None:
    global _context
    try:
        _context = _read_store()
    except (OSError, ssl.SSLError) as exc:
        where = next((f"{name}={os.environ[name]}" for name in ("SSL_CERT_FILE", "SSL_CERT_DIR")
                      if os.environ.get(name)), "certifi's bundle")
        raise ConfigError(f"The TLS certificates could not be loaded from {where} ({exc}).") from exc


def _load_quietly() -> None:
    with contextlib.suppress(Exception):  # ssl_context() loads again on the caller's thread and reports it
        _load()


def _read_store() -> ssl.SSLContext:
    # The same choice httpx makes: SSL_CERT_FILE or SSL_CERT_DIR when set, else certifi's bundle.
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    return ssl.create_default_context(cafile=certifi.where())


def preload() -> None:
    """Start loading the certificate store in the background; harmless to call twice."""
    global _loading
    with _lock:
        if _context is None and _loading is None:
            _loading = threading.Thread(target=_load_quietly, name="repwatch-tls", daemon=True)
            _loading.start()


def ssl_context() -> ssl.SSLContext:
    """The shared TLS context, waiting for ``preload`` if it is still loading."""
    preload()
    if _loading is not None:
        _loading.join()
    if _context is None:  # the thread failed (an unreadable SSL_CERT_FILE): fail here, with the reason
        _load()
    assert _context is not None
    return _context


def open_client(timeout: float = 30.0) -> Any:
    """An httpx.AsyncClient with repwatch's headers, redirects and limits, sharing one TLS context."""
    client = httpx.AsyncClient(
        headers=HEADERS,
        follow_redirects=True,
        max_redirects=5,
        timeout=timeout,
        verify=ssl_context(),
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )
    return client
