"""Bounded clients: uvicorn's HTTP/1.1 protocol with a deadline for reading each request and a cap
on open connections, so a few slow or silent clients cannot keep the owner out.

uvicorn closes a connection that stays idle after a response (``timeout_keep_alive``), but not one
that is silent from the start, nor one that sends its headers or its body a byte at a time: such
clients used to hold their sockets for ever, and 300 of them used up a 256-file limit. Here every
request must arrive whole within :data:`REQUEST_READ_S` of its first byte (or of the connection's
opening); a request that has arrived may take as long as it needs to be answered (a PDF, say).
Connections are capped per client address and in all; when a new one comes over a cap, the oldest
connection whose request has not arrived whole is closed to make room, so the owner's request, which
arrives at once, always gets through.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_READ_S = 15.0  # from a request's first byte (or the connection's opening) to its last
MAX_PER_CLIENT = 32  # open connections from one address
MAX_CONNECTIONS = 200  # open connections in all (well under the usual 256-file limit)
ACCEPT_BATCH = 16  # connections accepted at once, before the caps above are applied
_READ = frozenset({"DONE", "MUST_CLOSE", "CLOSED", "SWITCHED_PROTOCOL", "ERROR"})


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a read deadline per request and capped connections."""

    open_connections: list[BoundedH11Protocol] = []  # oldest first; one event loop, so no lock

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's own
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._host: str | None = None
        host = self.client[0] if self.client else ""
        mine = [c for c in self.open_connections if c._host == host]
        for crowd in (mine, self.open_connections):
            if len(crowd) >= (MAX_PER_CLIENT if crowd is mine else MAX_CONNECTIONS):
                waiting = next((c for c in crowd if not c.request_read()), None)
                if waiting is None:  # every one is being answered: this one is refused
                    transport.close()
                    return
                waiting.cut()
        self._host = host
        self.open_connections.append(self)
        self._arm()

    def request_read(self) -> bool:
        """The current request has arrived whole (it is being answered), or the connection is done."""
        return getattr(self.conn.their_state, "__name__", "") in _READ

    def cut(self) -> None:
        self._disarm()
        with contextlib.suppress(ValueError):
            self.open_connections.remove(self)
        if not self.transport.is_closing():
            self.transport.close()

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(REQUEST_READ_S, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.request_read():
            self.cut()

    def data_received(self, data: bytes) -> None:
        self._arm()  # a request starts (or goes on) with this data
        super().data_received(data)
        if self.request_read():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        with contextlib.suppress(ValueError):
            self.open_connections.remove(self)
        super().connection_lost(exc)


def uvicorn_settings() -> dict[str, Any]:
    """The uvicorn.Config settings that bound clients: this protocol and a short keep-alive."""
    # backlog: asyncio accepts up to this many connections in one go before the protocol can close the
    # oldest; uvicorn's 2048 let a flood of 300 reach the file limit, and the listening socket was lost.
    return {"http": BoundedH11Protocol, "timeout_keep_alive": 5, "h11_max_incomplete_event_size": 16 * 1024,
            "backlog": ACCEPT_BATCH}
