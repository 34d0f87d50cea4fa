"""Slow and silent clients against the review page on loopback: each is cut off, and the owner's
request gets through while hundreds of unfinished requests are open in a `repwatch serve` with a
256-file limit.

The page served in the test's own process cuts the dripping clients after 1 s
(``clients.REQUEST_READ_S``) instead of waiting out its 15 s each time; the silent connection is
cut at the 15 s SECURITY.md promises.
"""

from __future__ import annotations

import contextlib
import resource
import select
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from repwatch.web import clients
from tests.conftest import free_port
from tests.test_web_serve import wait_for_port
from tests.test_web_sessions import make
from tests.web_support import Served, open_page


@pytest.fixture
def served(tmp_path):
    config, db, _ = make(tmp_path, password=None)
    port = free_port()

    def small_file_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    process = subprocess.Popen([sys.executable, "-m", "repwatch", "--config", str(config), "serve", "--no-browser",
                                "--no-scheduler", "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=small_file_limit)
    try:
        wait_for_port(port, process)
        yield port, db
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture
def page(tmp_path):
    """The page as serve serves it, in a thread of this process; its port."""
    config, _, _ = make(tmp_path, password=None)
    server = Served(config, free_port())
    yield server.port
    server.stop()


@pytest.fixture
def impatient(page, monkeypatch):
    """The same, cutting a request that has not arrived whole after 1 s, not 15."""
    monkeypatch.setattr(clients, "REQUEST_READ_S", 1.0)
    return page


def _closed_by_server(sock: socket.socket, drip: bytes = b"", rounds: int = 90) -> bool:
    """Drip ``drip`` a byte every half second (at most ``rounds`` times); True once the server hangs up."""
    sock.settimeout(0.5)
    for i in range(rounds):
        try:
            if drip:
                sock.sendall(drip[i % len(drip):i % len(drip) + 1])
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: the server closed it
            return True
    return False


def test_a_silent_connection_is_closed_at_the_promised_15_seconds(page):
    assert clients.REQUEST_READ_S == 15.0
    with socket.create_connection(("127.0.0.1", page)) as sock:
        assert _closed_by_server(sock)


def test_headers_dripped_a_byte_at_a_time_are_cut_off(impatient):
    with socket.create_connection(("127.0.0.1", impatient)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert _closed_by_server(sock, b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n")


def test_a_body_dripped_a_byte_at_a_time_is_cut_off(impatient):
    with socket.create_connection(("127.0.0.1", impatient)) as sock:
        sock.sendall(b"POST /profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 100000\r\n\r\n")
        assert _closed_by_server(sock, b"a")


def _connect(port: int) -> socket.socket:
    """A connection to the page on ``port``. One made while the server's accept queue is full is
    dropped by the kernel and tried again only a second later: such a try is given up after 50 ms and
    made again, so that the connections arrive as fast as the server takes them."""
    deadline = time.monotonic() + 10
    while True:
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        _, ready, _ = select.select([], [sock], [], 0.05)
        if ready and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
            sock.settimeout(2)
            return sock
        sock.close()
        if time.monotonic() > deadline:
            raise TimeoutError(f"no connection to port {port} in 10 s")


def test_the_owner_gets_through_300_unfinished_requests(served):
    owner = open_page(httpx.Client(base_url=f"http://127.0.0.1:{served[0]}", timeout=30), served[1])
    held: list[socket.socket] = []
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                sock = _connect(served[0])
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
                held.append(sock)
        assert len(held) >= 200
        page = owner.get("/")
        assert page.status_code == 200 and "<title>Review: repwatch</title>" in page.text
    finally:
        owner.close()
        for sock in held:
            sock.close()
