"""The review page's listening socket: each connection it accepts sends small answers at once."""

from __future__ import annotations

import asyncio
import socket

from repwatch.web.server import bind


def test_connections_accepted_by_serves_socket_have_nagle_off():
    """asyncio (and so uvicorn) turns Nagle's algorithm off only on a socket that says it is TCP;
    with it on, each click waits for the browser's delayed ACK."""
    listening = bind("127.0.0.1", 0)
    port = listening.getsockname()[1]
    assert listening.proto == socket.IPPROTO_TCP

    async def main() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(connected, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            nodelay = await asyncio.wait_for(accepted, 10)
            writer.close()
        return nodelay

    assert asyncio.run(main()) != 0
