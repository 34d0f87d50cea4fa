"""Evidence capture against pages and servers that fight back (issue 15: items 1, 3, 7, 8, 17).

Every server here is on loopback and records what reaches it; a file probe (inotify) records any
open of a local file the page points at.
"""

from __future__ import annotations

import ctypes
import gzip
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import tracemalloc
import zlib
from pathlib import Path

import pytest
from werkzeug import Response

from repwatch.adapters import browser, pagefetch
from repwatch.adapters.store import Store
from repwatch.models import Flag
from repwatch.pipeline import evidence as ev
from tests.test_evidence import NO_BROWSER, chromium, make_mention, png_size


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "data" / "repwatch.db")
    yield s
    s.close()


class FileProbe:
    """Records every open of one local file (Linux inotify), as proof that nothing read it."""

    IN_ACCESS, IN_OPEN = 0x1, 0x20

    def __init__(self, path: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, str(path).encode(), self.IN_ACCESS | self.IN_OPEN) >= 0

    def opened(self) -> bool:
        try:
            return bool(os.read(self.fd, 4096))
        except BlockingIOError:
            return False

    def close(self) -> None:
        os.close(self.fd)


def hostile_page(base: str, secret: Path) -> str:
    """Every way we know for a saved page to load something or move the tab."""
    file_url = secret.as_uri()
    return f"""<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url={base}/refresh-head">
<link rel="stylesheet" href="{base}/link.css"><link rel="icon" href="{file_url}">
<style>@import url({base}/import.css); body {{ background: url({file_url}) }}</style>
</head><body>
<h1 style="color:#0a0">Joanna Whitfield is a disgrace</h1>
<svg><style>&lt;/style&gt;&lt;meta http-equiv="refresh" content="0;url={file_url}"&gt;</style></svg>
<!--><meta http-equiv="refresh" content="0;url={base}/refresh-comment">-->
<svg><style></style><meta http-equiv="refresh" content="0;url={file_url}"></svg>
<img src="{base}/img.png"><img src="{file_url}"><img srcset="{base}/srcset.png 1x">
<picture><source srcset="{base}/source.png"><img src="{base}/picture.png"></picture>
<iframe src="{base}/frame"></iframe><iframe src="{file_url}"></iframe><object data="{base}/object"></object>
<video poster="{base}/poster.png" src="{base}/video.mp4"></video>
<p style="background-image:url({base}/inline-bg.png)">styled</p>
<svg width="10" height="10"><image href="{base}/svg-image.png"/><rect fill="url({base}/paint.svg#x)"
  width="10" height="10"/><use href="{base}/use.svg#x"/></svg>
<form action="{base}/form"><button formaction="{base}/formaction">go</button></form>
</body></html>"""


# --- item 1 and 8: rendering a copy makes no request of any kind and never leaves it ------------
@pytest.mark.browser
def test_a_hostile_copy_is_drawn_without_a_single_request_or_file_read(store, httpserver, tmp_path):
    chromium()
    secret = tmp_path / "keyring_pass.cfg"
    secret.write_text("[keyring]\npassword = hunter2\n")
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/hostile").respond_with_data(hostile_page(base, secret), content_type="text/html")
    httpserver.expect_request("/img.png").respond_with_data(b"x")
    probe = FileProbe(secret)
    try:
        mention_id = make_mention(store, httpserver.url_for("/hostile"))
        out = ev.capture(store, mention_id, config=ev_config(), allow_private=True)
        assert out.outcome == "ok" and out.screenshot is not None, out.screenshot_note
        width, height = png_size(out.screenshot.path.read_bytes())
        assert width == 1280 and height >= 900
        assert [entry[0].path for entry in httpserver.log] == ["/hostile"]  # the fetch, and nothing else
        assert not probe.opened(), "Chromium opened the local file the page pointed at"
    finally:
        probe.close()


@pytest.mark.browser
def test_the_browser_alone_fails_every_request_of_an_unsanitised_page(httpserver, tmp_path):
    """The last layer on its own: even a copy nobody cleaned makes no request and reads no file."""
    chromium()
    secret = tmp_path / "secret.png"
    secret.write_bytes((Path(__file__).parent / "fixtures" / "evidence" / "pixel.png").read_bytes())
    base = httpserver.url_for("").rstrip("/")
    page = hostile_page(base, secret).replace('<meta http-equiv="refresh"', '<meta http-equiv="x-refresh"')
    probe = FileProbe(secret)
    try:
        with browser.Browser(chromium()) as b:
            png, _cut = b.screenshot(page)
            blocked = list(b.blocked)
        assert png.startswith(b"\x89PNG")
        assert not httpserver.log, [entry[0].path for entry in httpserver.log]
        assert any(url.endswith("/img.png") for url in blocked)  # asked for, and failed here
        assert not probe.opened()
    finally:
        probe.close()


@pytest.mark.browser
def test_a_copy_that_refreshes_is_not_drawn_and_nothing_is_requested(httpserver, tmp_path):
    chromium()
    page = f'<meta http-equiv="refresh" content="0;url={httpserver.url_for("/away")}"><p>stay</p>'
    with browser.Browser(chromium()) as b, pytest.raises(browser.BrowserError, match="another address"):
        b.screenshot(page)
    assert not httpserver.log


def ev_config():
    from repwatch.config import Config

    return Config()


def test_the_sanitiser_parses_like_chromium():
    """Markup hidden from a non-HTML5 parser is found: nothing that loads or refreshes survives."""
    page = hostile_page("http://127.0.0.1:1", Path("/etc/passwd")).encode()
    safe = ev.render_copy(page).decode().lower()
    for word in ("refresh", "http://", "file:", "<iframe", "<object", "<link", "<video", "srcset", "url(",
                 "@import", "<image", "<use", "formaction", "action="):
        assert word not in safe, word
    assert "joanna whitfield is a disgrace" in safe
    assert ev.render_copy(safe.encode()).decode().lower() == safe  # stable: a second pass changes nothing


def test_chromium_is_sandboxed_unless_root_and_gets_no_secrets(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--no-sandbox" not in browser.launch_flags()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--no-sandbox" in browser.launch_flags()
    monkeypatch.setenv("REPWATCH_BRAVE_KEY", "brave-secret-123")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-456")
    env = browser.launch_env(str(tmp_path))
    assert "brave-secret-123" not in json.dumps(env) and "aws-secret-456" not in json.dumps(env)
    assert env["HOME"] == str(tmp_path)


@pytest.mark.browser
def test_the_running_chromium_has_no_secret_in_its_environment(monkeypatch):
    monkeypatch.setenv("REPWATCH_SMTP_PASSWORD", "smtp-secret-789")
    with browser.Browser(chromium()) as b:
        b.send("Browser.getVersion")  # answered: the launcher has become Chromium
        environ = Path(f"/proc/{b.proc.pid}/environ").read_bytes()
        cmdline = Path(f"/proc/{b.proc.pid}/cmdline").read_bytes()
    assert b"smtp-secret-789" not in environ
    assert b"chrom" in cmdline.lower()  # the browser itself, not the launcher


# --- item 8: the fetch looks like a visitor --------------------------------------------------------
def test_the_fetch_does_not_announce_repwatch(store, httpserver):
    httpserver.expect_request("/p").respond_with_data("<p>x</p>", content_type="text/html")
    out = ev.capture(store, make_mention(store, httpserver.url_for("/p")), config=NO_BROWSER, allow_private=True)
    assert out.ok
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("Mozilla/5.0") and "Chrome/" in agent
    assert "repwatch" not in agent.lower() and "capture" not in agent.lower()


# --- item 3: deadlines, decoded size, and the attempt recorded first -------------------------------
class Dripper:
    """A server that accepts and sends its status line and headers one byte at a time, for ever."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.connected = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        self.connected.set()
        data = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 100000
        try:
            for byte in data:
                if self.stop.wait(0.05):
                    break
                conn.send(bytes([byte]))
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_headers_dripped_a_byte_at_a_time_stop_at_the_overall_deadline():
    drip = Dripper()
    try:
        out = pagefetch.fetch(f"http://127.0.0.1:{drip.port}/", timeout=5, deadline=1, allow_private=True)
    finally:
        drip.close()
    assert out.outcome == "timeout"
    assert "within 1 seconds" in out.detail


def _bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped twice: a few kilobytes on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    inner = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    return gzip.compress(inner, 9)


def test_a_nested_gzip_bomb_is_cut_while_decoding(httpserver):
    body = _bomb(256 << 20)
    assert len(body) < 64 * 1024
    httpserver.expect_request("/bomb").respond_with_response(
        Response(body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"}))
    tracemalloc.start()
    try:
        out = pagefetch.fetch(httpserver.url_for("/bomb"), max_bytes=1 << 20, allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.outcome == "too_large" and len(out.body) == 1 << 20
    assert peak < 24 << 20, f"decoding used {peak >> 20} MB for a 1 MB limit"


def test_gzip_and_deflate_pages_still_read(httpserver):
    text = b"<p>" + b"Joanna " * 5000 + b"</p>"
    httpserver.expect_request("/gz").respond_with_response(
        Response(gzip.compress(text), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    httpserver.expect_request("/deflate").respond_with_response(
        Response(zlib.compress(text), headers={"Content-Type": "text/html", "Content-Encoding": "deflate"}))
    for path in ("/gz", "/deflate"):
        out = pagefetch.fetch(httpserver.url_for(path), allow_private=True)
        assert out.outcome == "ok" and out.body == text, path


KILLED_CAPTURE = r"""
import sys
from repwatch.adapters.store import Store
from repwatch.pipeline import evidence as ev
from repwatch.config import Config, EvidenceSettings
store = Store(sys.argv[1])
ev.capture(store, int(sys.argv[2]), config=Config(evidence=EvidenceSettings(chromium_path="/nonexistent")),
           allow_private=True, deadline=600, timeout=600)
"""


def test_a_capture_killed_mid_fetch_still_counts_as_an_attempt(store, tmp_path):
    """A page that kills the process (out of memory, say) must not be fetched again on every run."""
    mention_id = make_mention(store, "http://127.0.0.1:1/placeholder")
    for attempt in range(ev.MAX_ATTEMPTS):
        assert [m.id for m in ev.pending_captures(store)] == [mention_id], attempt
        drip = Dripper()
        store.db.execute("UPDATE mentions SET url = ? WHERE id = ?", [f"http://127.0.0.1:{drip.port}/", mention_id])
        child = subprocess.Popen([sys.executable, "-c", KILLED_CAPTURE, str(store.path), str(mention_id)])
        try:
            assert drip.connected.wait(60)
            child.kill()  # as the kernel's OOM killer would
            child.wait(30)
        finally:
            drip.close()
    assert ev.pending_captures(store) == []
    pages = [r for r in ev.evidence_rows(store, mention_id) if r["kind"] == "page"]
    assert len(pages) == ev.MAX_ATTEMPTS and {r["outcome"] for r in pages} == {"started"}


# --- item 7: only public addresses, resolved once ---------------------------------------------------
@pytest.mark.parametrize("address", ["100.64.0.1", "100.127.255.254", "2002:7f00:1::", "::ffff:127.0.0.1",
                                     "64:ff9b::7f00:1", "2002:c0a8:101::", "169.254.169.254", "fd7a:115c:a1e0::1",
                                     "::127.0.0.1", "::ffff:0:127.0.0.1", "::169.254.169.254", "::ffff:0:10.0.0.1",
                                     "::192.168.1.1"])
def test_carrier_nat_6to4_and_wrapped_loopback_are_refused(address):
    assert not pagefetch.public(ipaddress.ip_address(address))
    literal = f"[{address}]" if ":" in address else address
    out = pagefetch.fetch(f"http://{literal}:8080/", timeout=2, deadline=4, allow_private=False)
    assert out.outcome == "refused" and "private or local" in out.detail


def test_public_addresses_are_public():
    for address in ("8.8.8.8", "2606:4700::1111", "2002:808:808::"):
        assert pagefetch.public(ipaddress.ip_address(address))


def test_dns_rebinding_reaches_only_the_address_that_was_checked(monkeypatch):
    """A name that answers "public" to the check and "this computer" the second time: the connection
    goes to the checked address. Here 127.0.0.1 stands for the public address and 127.0.0.2 for the
    private one (loopback only: no test reaches the internet)."""
    hits: dict[str, list[str]] = {"127.0.0.1": [], "127.0.0.2": []}
    servers = []
    port = None
    for host in ("127.0.0.1", "127.0.0.2"):
        sock = socket.create_server((host, port or 0))
        port = sock.getsockname()[1]
        servers.append(sock)

        def serve(s=sock, h=host):
            conn, _ = s.accept()
            request = conn.recv(65536).decode("latin-1")
            hits[h].append(request)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
                         b"Connection: close\r\n\r\n<p>ok</p>")
            conn.close()

        threading.Thread(target=serve, daemon=True).start()
    answers = iter(["127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2"])
    real = socket.getaddrinfo

    def rebinding(host, *args, **kw):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(pagefetch, "public", lambda a: str(a) == "127.0.0.1")
    try:
        out = pagefetch.fetch(f"http://rebind.example:{port}/", timeout=5, deadline=10, allow_private=False)
    finally:
        for sock in servers:
            sock.close()
    assert out.outcome == "ok", out.detail
    assert hits["127.0.0.2"] == []
    assert len(hits["127.0.0.1"]) == 1 and f"host: rebind.example:{port}" in hits["127.0.0.1"][0].lower()


def test_a_redirect_to_this_computer_is_refused(httpserver, monkeypatch):
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": "http://[::1]:9/admin"})
    monkeypatch.setattr(pagefetch, "public", lambda a: str(a) == "127.0.0.1")
    out = pagefetch.fetch(httpserver.url_for("/go"), allow_private=False)
    assert out.outcome == "refused"


# --- item 17: verify cross-checks the record, and notices deleted rows ------------------------------
def _capture(store, httpserver, path="/page", body="<p>page</p>"):
    httpserver.expect_request(path).respond_with_data(body, content_type="text/html")
    mention_id = make_mention(store, httpserver.url_for(path), flags=[Flag("negative", "x")])
    return ev.capture(store, mention_id, config=NO_BROWSER, allow_private=True)


def test_verify_sees_a_file_rewritten_together_with_its_row(store, httpserver):
    out = _capture(store, httpserver)
    assert ev.verify(store) == []
    forged = ev.save_bytes(store.path, b"<p>something else</p>", "html")
    store.db.execute("UPDATE evidence SET sha256 = ?, path = ?, size = ? WHERE mention_id = ? AND kind = 'page'",
                     [forged.sha256, forged.relpath, forged.size, out.mention_id])
    problems = ev.verify(store)
    assert problems and {p.problem for p in problems} == {"disagrees", "unsealed"}  # the seal no longer fits either
    said = next(p for p in problems if p.problem == "disagrees").sentence()
    assert "not the one captured" in said and out.page.sha256 in said


def test_verify_notices_deleted_rows(store, httpserver):
    out = _capture(store, httpserver)
    store.db.execute("DELETE FROM evidence WHERE mention_id = ? AND kind = 'page'", [out.mention_id])
    problems = ev.verify(store)
    assert [p.problem for p in problems] == ["deleted", "unsealed"]
    assert "no longer in the database" in problems[0].sentence()
    store.db.execute("DELETE FROM evidence WHERE mention_id = ?", [out.mention_id])
    assert {p.kind for p in ev.verify(store)} == {"page", "result"}  # the timeline still says what was kept


def test_https_is_checked_against_the_name_while_connecting_to_the_checked_address(monkeypatch):
    """The connection goes to an address, but TLS still checks the certificate against the name."""
    import ssl

    import trustme
    from pytest_httpserver import HTTPServer

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    monkeypatch.setattr(pagefetch, "VERIFY", client_context)
    server = HTTPServer(host="127.0.0.1", ssl_context=server_context)
    server.start()
    try:
        server.expect_request("/tls").respond_with_data("<p>secure</p>", content_type="text/html")
        good = pagefetch.fetch(f"https://localhost:{server.port}/tls", allow_private=True)
        bad = pagefetch.fetch(f"https://127.0.0.1:{server.port}/tls", allow_private=True)  # not the cert's name
    finally:
        server.stop()
    assert good.outcome == "ok" and good.body == b"<p>secure</p>", good.detail
    assert bad.outcome != "ok"


def test_ipv6_loopback_pages_are_fetched_when_allowed(httpserver):
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="::1")
    server.start()
    try:
        server.expect_request("/six").respond_with_data("<p>six</p>", content_type="text/html")
        out = pagefetch.fetch(f"http://[::1]:{server.port}/six", allow_private=True)
    finally:
        server.stop()
    assert out.outcome == "ok" and out.body == b"<p>six</p>", out.detail


def test_a_capture_that_could_not_be_stored_says_so_on_its_attempt(store, httpserver, monkeypatch):
    httpserver.expect_request("/ok").respond_with_data("<p>ok</p>", content_type="text/html")

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("repwatch.pipeline.evidence.capturing.save_bytes", full)
    mention_id = make_mention(store, httpserver.url_for("/ok"))
    out = ev.capture(store, mention_id, config=NO_BROWSER, allow_private=True)
    assert out.outcome == "error"
    page = [r for r in ev.evidence_rows(store, mention_id) if r["kind"] == "page"]
    assert len(page) == 1 and page[0]["outcome"] == "error" and "No space left" in page[0]["detail"]


@pytest.mark.browser
def test_a_browser_whose_sandbox_cannot_start_says_so(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'FATAL: No usable sandbox! Update your kernel' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(browser.BrowserError, match="sandbox could not start"), browser.Browser(str(fake)) as b:
        b.send("Browser.getVersion")


def test_a_name_that_never_resolves_still_ends_at_the_deadline(monkeypatch):
    release = threading.Event()
    real = socket.getaddrinfo

    def hanging(host, *args, **kw):
        if host == "slow-dns.example":
            release.wait(120)
            raise socket.gaierror("gave up")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        out = pagefetch.fetch("http://slow-dns.example/", timeout=5, deadline=1)
    finally:
        release.set()
    assert out.outcome == "timeout" and "within 1 seconds" in out.detail


def test_verify_notices_files_rows_record_and_event_rewritten_together(store, httpserver):
    out = _capture(store, httpserver)
    assert ev.verify(store) == []
    forged = ev.save_bytes(store.path, b"<p>something else</p>", "html")
    record = json.loads(ev.resolve(store, out.result.relpath).read_bytes())
    record["fetch"]["body_sha256"] = forged.sha256
    new_record = ev.save_bytes(store.path, json.dumps(record).encode(), "json")
    store.db.execute("UPDATE evidence SET sha256 = ?, path = ?, size = ? WHERE mention_id = ? AND kind = 'page'",
                     [forged.sha256, forged.relpath, forged.size, out.mention_id])
    store.db.execute("UPDATE evidence SET sha256 = ?, path = ?, size = ? WHERE mention_id = ? AND kind = 'result'",
                     [new_record.sha256, new_record.relpath, new_record.size, out.mention_id])
    store.db.execute("UPDATE events SET note = replace(note, ?, ?) WHERE mention_id = ? AND event = 'captured'",
                     [out.page.sha256[:12], forged.sha256[:12], out.mention_id])
    problems = ev.verify(store)
    assert [p.problem for p in problems] == ["unsealed"]
    assert "no longer match the seal" in problems[0].sentence()
