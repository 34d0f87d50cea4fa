"""The review page as an attacker meets it: forms without their CSRF token, a foreign Host header
(DNS rebinding), hostile titles, captured pages with scripts, open redirects, password guessing,
and `serve` on a public address without a password."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.web import security
from tests.conftest import cli, terminal
from tests.web_support import CAPTURED_PAGE, open_page, seed, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "correct horse battery"


def make(tmp_path, serve: str = "", base_url: str = "http://127.0.0.1:8377"):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir(exist_ok=True)
    ids = seed(db)
    config_path = write_config(tmp_path / "config.toml", db, serve)
    app = create_app(load(config_path), db)
    client = TestClient(app, base_url=base_url)
    return (client if "password_hash" in serve else open_page(client, db)), ids, db


def status_of(db, mention_id: int) -> tuple[str, int]:
    store = Store(db)
    try:
        return store.mention(mention_id).status, len(store.events(mention_id))
    finally:
        store.close()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_post_without_or_with_a_forged_csrf_token_is_refused(tmp_path):
    client, ids, db = make(tmp_path)
    before = status_of(db, ids["plain"])
    client.get("/")  # a session exists, so the check is not just "no session"
    for data in ({"note": "x"}, {"note": "x", "csrf": "forged" * 8}, {"csrf": ""}):
        page = client.post(f"/mentions/{ids['plain']}/dismiss", data=data, follow_redirects=False)
        assert page.status_code == 403, data
        assert "Nothing was changed" in page.text
    assert status_of(db, ids["plain"]) == before
    # a token from another session (another browser) does not work here either
    other, _, _ = make(tmp_path / "other") if (tmp_path / "other").mkdir() is None else (None, None, None)
    foreign = csrf_of(other.get("/").text)
    assert client.post(f"/mentions/{ids['plain']}/dismiss", data={"csrf": foreign}).status_code == 403
    assert status_of(db, ids["plain"]) == before


def test_one_click_post_needs_the_csrf_token_too(tmp_path):
    from repwatch.adapters import tokens

    client, ids, db = make(tmp_path)
    link = "/a/" + tokens.sign(tokens.secret_key(db), ids["plain"], "dismiss")
    client.get(link)
    assert client.post(link, data={}).status_code == 403
    assert status_of(db, ids["plain"])[0] == "new"


def test_a_foreign_host_header_is_refused(tmp_path):
    client, _, _ = make(tmp_path)
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "localhost:8377"}).status_code == 200
    for host in ("evil.example.com", "attacker.test:8377", "127.0.0.1.evil.example"):
        page = client.get("/", headers={"Host": host})
        assert page.status_code == 400, host
        assert "Joanna" not in page.text


def test_the_public_name_is_allowed_when_configured(tmp_path):
    client, _, _ = make(tmp_path, '[serve]\npublic_url = "https://watch.example.org"\n'
                                  f'password_hash = "{security.hash_password(PASSWORD)}"\n',
                        base_url="https://watch.example.org")
    assert client.get("/login").status_code == 200
    assert client.get("/login", headers={"Host": "elsewhere.example.org"}).status_code == 400


def test_hostile_title_is_escaped_everywhere(tmp_path):
    client, ids, _ = make(tmp_path)
    for url in ("/", f"/mentions/{ids['hostile']}", "/report"):
        text = client.get(url).text
        assert "<script>alert" not in text and "onerror=alert" not in text.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(" in text, url
        assert "<b>bold</b>" not in text
    report = client.get(f"/report?id={ids['hostile']}").text
    assert "<script>alert" not in report


def test_pages_forbid_inline_script_and_framing(tmp_path):
    client, ids, _ = make(tmp_path)
    for url in ("/", f"/mentions/{ids['impersonation']}", "/status", "/profile", "/report"):
        page = client.get(url)
        csp = page.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), url  # no inline <script>
        tags = re.findall(r"<[a-zA-Z][^>]*>", page.text)  # escaped web text has no "<", so these are ours
        assert not [t for t in tags if re.search(r"\s(style|on[a-z]+)=", t)], url


def test_a_captured_page_with_script_is_served_as_text_in_a_sandbox(tmp_path):
    client, ids, _ = make(tmp_path)
    page = client.get(f"/mentions/{ids['impersonation']}").text
    link = re.search(r'href="(/mentions/\d+/evidence/\d+)">View as text', page).group(1)
    served = client.get(link)
    assert served.content == CAPTURED_PAGE  # the evidence itself, unchanged
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.headers["content-security-policy"].startswith("sandbox")
    assert served.headers["x-content-type-options"] == "nosniff"


def test_no_open_redirects(tmp_path):
    for target in ("//evil.example.com/", "https://evil.example.com/", "/\\evil.example.com", "javascript:alert(1)"):
        assert security.safe_path(target) == "/"
    assert security.safe_path("/mentions/3?x=1") == "/mentions/3?x=1"
    client, ids, _ = make(tmp_path)
    token = csrf_of(client.get("/").text)
    done = client.post(f"/mentions/{ids['plain']}/concern",
                       data={"csrf": token, "back": "//evil.example.com/"}, follow_redirects=False)
    assert done.headers["location"] == f"/mentions/{ids['plain']}"


def test_login_is_required_throttled_and_its_cookie_is_strict(tmp_path):
    serve = f'[serve]\npublic_url = "https://watch.example.org"\npassword_hash = "{security.hash_password(PASSWORD)}"\n'
    client, ids, db = make(tmp_path, serve, base_url="https://watch.example.org")
    site = client.app.state.site
    now = [1000.0]
    site.throttle.clock = lambda: now[0]

    first = client.get(f"/mentions/{ids['plain']}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == f"/login?next=%2Fmentions%2F{ids['plain']}"
    assert client.post(f"/mentions/{ids['plain']}/dismiss", data={}).status_code == 403
    login = client.get("/login?next=//evil.example.com/")
    token = csrf_of(login.text)
    assert 'value="/"' in login.text  # the unsafe next was dropped

    wrong = client.post("/login", data={"csrf": token, "password": "guess", "next": "/"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    fast = client.post("/login", data={"csrf": token, "password": PASSWORD, "next": "/"})
    assert fast.status_code == 429 and "wait" in fast.text  # even the right password waits its turn
    now[0] += 1.5
    wrong = client.post("/login", data={"csrf": token, "password": "guess2", "next": "/"})
    now[0] += 1.5
    assert client.post("/login", data={"csrf": token, "password": PASSWORD}).status_code == 429  # 2 s now
    now[0] += 1.0

    good = client.post("/login", data={"csrf": token, "password": PASSWORD, "next": f"/mentions/{ids['plain']}"},
                       follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"] == f"/mentions/{ids['plain']}"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    assert client.get(f"/mentions/{ids['plain']}").status_code == 200
    assert "Log out" in client.get("/").text


def test_password_hash_round_trip():
    stored = security.hash_password(PASSWORD)
    assert PASSWORD not in stored and stored.startswith("scrypt$")
    assert security.verify_password(PASSWORD, stored)
    assert not security.verify_password(PASSWORD + "!", stored)
    assert not security.verify_password(PASSWORD, "scrypt$bad")


def test_serve_refuses_a_public_address_without_a_password(home, tmp_path):
    config = write_config(tmp_path / "config.toml", tmp_path / "repwatch.db")
    done = cli("--config", str(config), "serve", "--host", "0.0.0.0", "--no-browser", "--no-scheduler")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "without a password" in done.stderr
    assert "repwatch serve --set-password" in done.stderr


def test_set_password_keeps_only_a_hash_and_the_comments(home, tmp_path):
    import pexpect

    config = write_config(tmp_path / "config.toml", tmp_path / "repwatch.db")
    child = terminal(sys.executable, ["-m", "repwatch", "--config", str(config), "serve", "--set-password"],
                     encoding="utf-8", timeout=30)
    child.expect("New password")
    child.sendline(PASSWORD)
    child.expect("same password again")
    child.sendline(PASSWORD)
    child.expect("keeps only a hash")
    child.expect(pexpect.EOF)
    child.wait()
    child.close()
    assert child.exitstatus == 0
    text = config.read_text()
    assert PASSWORD not in text and "# my full name" in text
    assert security.verify_password(PASSWORD, load(config).serve.password_hash)


def test_help_does_not_import_the_web_stack():
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "repwatch", "--help"],
                          capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert not imported & {"starlette", "uvicorn", "tomlkit", "itsdangerous", "multipart", "python_multipart"}


def test_with_a_password_a_one_click_link_asks_for_the_login_first(tmp_path):
    from repwatch.adapters import tokens

    serve = f'[serve]\npassword_hash = "{security.hash_password(PASSWORD)}"\n'
    client, ids, db = make(tmp_path, serve)
    link = "/a/" + tokens.sign(tokens.secret_key(db), ids["plain"], "concern")
    first = client.get(link, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/login?next=%2Fa%2F")
    assert client.post(link, data={}).status_code == 403
    login = client.get(first.headers["location"])
    done = client.post("/login", data={"csrf": csrf_of(login.text), "password": PASSWORD,
                                       "next": re.search(r'name="next" value="([^"]+)"', login.text).group(1)})
    assert "Nothing has changed yet" in done.text  # back on the confirm page, logged in
    assert status_of(db, ids["plain"])[0] == "new"
    client.post(link, data={"csrf": csrf_of(done.text)})
    assert status_of(db, ids["plain"])[0] == "concern"
