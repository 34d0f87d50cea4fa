"""The HTTP clients the providers use: httpx, with its connections on plain asyncio streams.

httpx sends through httpcore, whose default network layer goes through anyio. In a sweep that
layer is most of repwatch's CPU: before every request httpcore's pool asks each open connection
whether its socket is readable, and anyio answers by building a dict of attributes and polling
the socket. httpcore lets a client bring its own network backend; this one asks an asyncio stream
instead, and each provider gets a pool of its own, so a request only looks at its own provider's
connections. ``benchmarks/sweep.py`` measures the difference.

The TLS certificate store takes tens of milliseconds to load. ``preload`` starts loading it in a
thread as soon as a command knows it will search (OpenSSL releases the GIL while it parses), and
every client shares the one context.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import ssl
import threading
from typing import Any

import httpcore

from repwatch import __version__

USER_AGENT = f"Mozilla/5.0 (compatible; repwatch/{__version__}; self-search monitor)"
# Only the encodings repwatch decodes itself, with a cap on the decoded size (providers/base.py).
ACCEPT_ENCODING = "gzip, deflate"
HEADERS = {"User-Agent": USER_AGENT, "Accept-Language": "en-GB,en;q=0.8", "Accept-Encoding": ACCEPT_ENCODING}
HAPPY_EYEBALLS_S = 0.25  # try the next address of a host after this long (RFC 8305)
CLOSE_WAIT_S = 0.5  # how long closing a connection waits for the server's side of the goodbye

_context: ssl.SSLContext | None = None
_loading: threading.Thread | None = None
_lock = threading.Lock()


def _load() -> None:
    global _context
    try:
        _context = _read_store()
    except (OSError, ssl.SSLError) as exc:
        from repwatch.errors import ConfigError

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
    import certifi

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
    """An httpx.AsyncClient with repwatch's headers, redirects and limits, on the asyncio backend.

    Proxies from the environment (HTTPS_PROXY and friends) still apply: httpx routes those through
    its own transports, and only the direct connections use the backend below.
    """
    import httpx

    client = httpx.AsyncClient(
        headers=HEADERS,
        follow_redirects=True,
        max_redirects=5,
        timeout=timeout,
        verify=ssl_context(),
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )
    _use_asyncio_streams(client)
    return client


def _use_asyncio_streams(client: Any) -> bool:
    """Swap the direct transport's pool for one on ``AsyncioBackend``; False if httpx has changed shape."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    if type(pool) is not httpcore.AsyncConnectionPool:
        return False
    try:
        replacement = httpcore.AsyncConnectionPool(
            ssl_context=pool._ssl_context,
            max_connections=pool._max_connections,
            max_keepalive_connections=pool._max_keepalive_connections,
            keepalive_expiry=pool._keepalive_expiry,
            http1=pool._http1,
            http2=pool._http2,
            retries=pool._retries,
            local_address=pool._local_address,
            socket_options=pool._socket_options,
            network_backend=AsyncioBackend(),
        )
    except AttributeError:  # a newer httpcore keeps its settings elsewhere: keep its own backend
        return False
    client._transport._pool = replacement
    return True


def uses_asyncio_streams(client: Any) -> bool:
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    return isinstance(getattr(pool, "_network_backend", None), AsyncioBackend)


# --- httpcore's network backend interface, on asyncio streams ------------------------------------


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except (OSError, ssl.SSLError) as exc:
            raise httpcore.ReadError(str(exc) or exc.__class__.__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            async with asyncio.timeout(timeout):
                await self._writer.drain()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(str(exc)) from exc
        except (OSError, RuntimeError, ssl.SSLError) as exc:  # RuntimeError: the transport is closing
            raise httpcore.WriteError(str(exc) or exc.__class__.__name__) from exc

    async def aclose(self) -> None:
        # A TLS close waits for the server's close_notify, up to asyncio's 30 s; servers that never
        # send one would stall the end of every sweep. Wait briefly, then drop the connection.
        self._writer.close()
        try:
            async with asyncio.timeout(CLOSE_WAIT_S):
                await self._writer.wait_closed()
        except (TimeoutError, OSError, ssl.SSLError):
            self._writer.transport.abort()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._writer.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (OSError, ssl.SSLError) as exc:
            self._writer.close()
            raise httpcore.ConnectError(str(exc) or exc.__class__.__name__) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # Asked of an idle kept-alive connection: has the server closed it, or sent what nobody
            # asked for? The stream has already read whatever arrived, so look at the stream.
            return self._reader.at_eof() or bool(self._reader._buffer)  # type: ignore[attr-defined]
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None,
                    happy_eyeballs_delay=HAPPY_EYEBALLS_S,
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or exc.__class__.__name__) from exc
        sock = writer.get_extra_info("socket")  # asyncio has already set TCP_NODELAY
        for option in socket_options or ():
            sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_unix_connection(path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or exc.__class__.__name__) from exc
        return AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
