"""The review page's key and sessions, and the page kept to one origin, against a real uvicorn on
loopback: an empty key refused, logout and a new password ending sessions, parallel guesses
throttled, other origins' pages and cross-site loads refused, and a full disk in one sentence."""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from repwatch.adapters import tokens
from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.web import security
from tests.conftest import cli, free_port
from tests.web_support import open_page, seed, write_config

PASSWORD = "correct horse battery"


@contextlib.contextmanager
def serving(config_path: Path, db: Path, port: int | None = None) -> Iterator[str]:
    """The review page under uvicorn on a free loopback port, in a thread."""
    from repwatch.web.app import create_app

    port = port or free_port()
    app = create_app(load(config_path), db, port=port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def make(tmp_path: Path, password: str | None = PASSWORD) -> tuple[Path, Path, dict[str, int]]:
    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir(exist_ok=True)
    ids = seed(db)
    serve = f'[serve]\npassword_hash = "{security.hash_password(password)}"\n' if password else ""
    return write_config(tmp_path / "config.toml", db, serve), db, ids


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def log_in(client: httpx.Client) -> None:
    page = client.get("/login")
    done = client.post("/login", data={"csrf": csrf_of(page.text), "password": PASSWORD, "next": "/"})
    assert done.status_code == 200 and "Log out" in done.text


def status_of(db: Path, mention_id: int) -> str:
    store = Store(db)
    try:
        return store.mention(mention_id).status
    finally:
        store.close()


# --- the key --------------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"\n", b"short\n"])
def test_an_empty_or_short_key_is_refused_in_one_sentence(tmp_path, content):
    config, db, _ = make(tmp_path)
    (db.parent / "web.key").write_bytes(content)
    done = cli("--config", str(config), "serve", "--no-browser", "--no-scheduler", "--port", str(free_port()))
    assert done.returncode == 1
    assert "is empty or damaged, so repwatch will not use it" in done.stderr
    assert "Traceback" not in done.stderr and "went wrong" not in done.stderr
    assert (db.parent / "web.key").read_bytes() == content  # not silently replaced either


def test_a_refused_page_closes_its_socket_itself(tmp_path):
    """The port is given back when the page is refused, not left for the garbage collector to find
    (which warns, and in a long-lived process may be late)."""
    config, db, _ = make(tmp_path)
    (db.parent / "web.key").write_bytes(b"")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ResourceWarning)
        done = cli("--config", str(config), "serve", "--no-browser", "--no-scheduler", "--port", str(free_port()))
        gc.collect()
    assert done.returncode == 1
    assert [str(w.message) for w in seen if issubclass(w.category, ResourceWarning) and "socket" in str(w.message)] == []


def test_the_key_is_made_whole_private_and_alone(tmp_path):
    config, db, _ = make(tmp_path)
    key = tokens.secret_key(db)
    path = db.parent / "web.key"
    assert len(key) == 64 and path.read_text() == key + "\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert tokens.secret_key(db) == key
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_is_one_sentence(tmp_path):
    config, db, _ = make(tmp_path)
    full = tmp_path / "full"
    full.mkdir()
    (full / "config.toml").write_text(config.read_text().replace(str(db), str(full / "repwatch.db")))
    script = (f"mount -t tmpfs -o size=64k tmpfs {full} && cp {tmp_path}/config.toml {full}/c.toml && "
              f"sed -i 's#{db}#{full}/repwatch.db#' {full}/c.toml && "
              f"dd if=/dev/zero of={full}/filler bs=4k count=64 2>/dev/null; "
              f"exec {sys.executable} -m repwatch --config {full}/c.toml serve --no-browser --no-scheduler "
              f"--port {free_port()}")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "the disk is full" in done.stderr
    assert "went wrong" not in done.stderr and "Traceback" not in done.stderr


# --- sessions ---------------------------------------------------------------------------------------
def test_logout_ends_the_session_even_for_a_copied_cookie(tmp_path):
    config, db, ids = make(tmp_path)
    with serving(config, db) as url, httpx.Client(base_url=url, follow_redirects=True) as browser:
        log_in(browser)
        copied = dict(browser.cookies)
        csrf = csrf_of(browser.get("/").text)
        assert browser.post("/logout", data={"csrf": csrf}).url.path == "/login"
        with httpx.Client(base_url=url, cookies=copied) as replay:
            page = replay.get(f"/mentions/{ids['plain']}")
            assert page.status_code == 303 and page.headers["location"].startswith("/login")
            acted = replay.post(f"/mentions/{ids['plain']}/dismiss", data={"csrf": csrf})
            assert acted.status_code == 403
    assert status_of(db, ids["plain"]) != "dismissed"


def test_a_new_password_ends_the_old_sessions(tmp_path):
    config, db, ids = make(tmp_path)
    with serving(config, db) as url, httpx.Client(base_url=url, follow_redirects=True) as browser:
        log_in(browser)
        copied = dict(browser.cookies)
    config.write_text(config.read_text().replace(
        config.read_text().split('password_hash = "')[1].split('"')[0], security.hash_password("another password")))
    with serving(config, db) as url, httpx.Client(base_url=url, cookies=copied) as replay:
        assert replay.get(f"/mentions/{ids['plain']}").status_code == 303


def test_a_parallel_burst_of_guesses_is_checked_one_at_a_time(tmp_path):
    config, db, _ = make(tmp_path)
    with serving(config, db) as url:
        clients = [httpx.Client(base_url=url, timeout=60) for _ in range(24)]
        tokens = [csrf_of(c.get("/login").text) for c in clients]

        def guess(i: int) -> int:
            return clients[i].post("/login", data={"csrf": tokens[i], "password": f"guess {i}"}).status_code

        with concurrent.futures.ThreadPoolExecutor(24) as pool:
            answers = list(pool.map(guess, range(24)))
        for c in clients:
            c.close()
    assert answers.count(401) <= 2, answers  # checked; the rest were told to wait (429)
    assert answers.count(429) >= 22


# --- one origin -----------------------------------------------------------------------------------
def test_cookie_is_named_for_its_port_or_bound_to_its_https_origin(tmp_path):
    config, db, _ = make(tmp_path, password=None)
    port = free_port()
    with serving(config, db, port) as url:
        cookie = httpx.get(f"{url}/?key={tokens.page_key(db)}").headers["set-cookie"]
        assert cookie.startswith(f"repwatch_{port}=")
    assert security.cookie_name(443, https=True) == "__Host-repwatch"


def test_a_page_on_another_port_cannot_act_even_with_the_token(tmp_path):
    config, db, ids = make(tmp_path, password=None)
    with serving(config, db) as url, httpx.Client(base_url=url) as browser:
        open_page(browser, db)
        csrf = csrf_of(browser.get("/").text)
        other = f"http://127.0.0.1:{free_port()}"
        for headers in ({"Origin": other, "Sec-Fetch-Site": "same-site"}, {"Origin": other},
                        {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "null", "Sec-Fetch-Site": "cross-site"}):
            refused = browser.post(f"/mentions/{ids['plain']}/dismiss", data={"csrf": csrf}, headers=headers)
            assert refused.status_code == 403, headers
            assert "came from another web page or program" in refused.text
            assert refused.headers["x-frame-options"] == "DENY"
        assert status_of(db, ids["plain"]) != "dismissed"
        own = browser.post(f"/mentions/{ids['plain']}/dismiss", data={"csrf": csrf},
                           headers={"Origin": url, "Sec-Fetch-Site": "same-origin"})
        assert own.status_code == 303
    assert status_of(db, ids["plain"]) == "dismissed"


def test_other_sites_cannot_load_what_spends_or_starts_a_browser(tmp_path):
    config, db, ids = make(tmp_path, password=None)
    image = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    with serving(config, db) as url, httpx.Client(base_url=url) as browser:
        open_page(browser, db)
        assert browser.get("/status/checks").status_code == 405  # quotas are spent only by a POST
        assert browser.get(f"/report?id={ids['impersonation']}&format=pdf").status_code == 405  # Chromium too
        assert browser.get("/", headers=image).status_code == 403
        assert browser.get(f"/report?id={ids['impersonation']}&format=zip", headers=image).status_code == 403
        # a link in a webmail is a navigation from another site: it opens the page
        link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
        assert browser.get(f"/mentions/{ids['plain']}", headers=link).status_code == 200


# --- other accounts on this computer ------------------------------------------------------------------
def test_the_data_folder_and_database_are_this_users_only(home):
    from repwatch.paths import default_database_path

    db = default_database_path()
    store = Store(db)
    store.close()
    assert db.parent.stat().st_mode & 0o777 == 0o700
    assert db.stat().st_mode & 0o777 == 0o600
    db.parent.chmod(0o755)  # made by an older repwatch
    db.chmod(0o644)
    Store(db).close()
    assert db.parent.stat().st_mode & 0o777 == 0o700 and db.stat().st_mode & 0o777 == 0o600


@contextlib.contextmanager
def served_as_she_starts_it(config: Path, port: int, *extra: str) -> Iterator[tuple[str, list[str]]]:
    """`repwatch [extra] serve` as a process; yields the address it printed for her to open, and what it says."""
    process = subprocess.Popen([sys.executable, "-m", "repwatch", *extra, "--config", str(config), "serve",
                                "--no-browser", "--no-scheduler", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(process.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not any("Open the review page at" in line for line in list(said)) and time.monotonic() < deadline:
            assert process.poll() is None, "".join(said)
            time.sleep(0.05)
        line = next(line for line in list(said) if "Open the review page at" in line)
        yield line.split(" at ", 1)[1].strip(), said
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=10)


NOBODY = """
import sys, urllib.request, urllib.error
try:
    open(sys.argv[1]).read()
    print("read the key")
except PermissionError:
    print("cannot read the key")
try:
    answer = urllib.request.urlopen(sys.argv[2], timeout=30)
    print(answer.status, answer.read().decode())
except urllib.error.HTTPError as refused:
    print(refused.code, refused.read().decode())
"""


def test_only_she_can_open_the_page_another_account_on_the_computer_cannot(tmp_path):
    """No password (the default): `serve` prints an address holding a key that only her account can
    read; that address opens the page, and any other client (another person's account on the same
    computer, another program) gets the page that says how to open it, and nothing else."""
    shared = Path(tempfile.mkdtemp(prefix="repwatch-home-", dir="/tmp"))  # a home folder others may look into
    shared.chmod(0o755)
    try:
        config, db, ids = make(shared, password=None)
        port = free_port()
        with served_as_she_starts_it(config, port, "--verbose") as (address, said):
            key = tokens.page_key(db)
            assert address == f"http://127.0.0.1:{port}/?key={key}"
            assert cli("--config", str(config), "serve", "--address", "--port", str(port)).stdout == address + "\n"
            assert (db.parent / "page.key").stat().st_mode & 0o777 == 0o600  # in a folder others may list

            with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as stranger:
                for path in ("/", f"/mentions/{ids['impersonation']}", "/report", "/status", "/profile",
                             f"/report?id={ids['impersonation']}&format=zip", f"/mentions/{ids['impersonation']}/evidence/1"):
                    refused = stranger.get(path)
                    assert refused.status_code == 403, path
                    assert "<h1>Open the review page</h1>" in refused.text and "repwatch serve --address" in refused.text
                    assert "mswhitfield_teach" not in refused.text and "Whitfield" not in refused.text
                csrf = csrf_of(stranger.get(f"/a/{tokens.sign(tokens.secret_key(db), ids['plain'], 'concern')}").text)
                acted = stranger.post(f"/mentions/{ids['plain']}/dismiss", data={"csrf": csrf})
                assert acted.status_code == 403  # its own session's token does not make it her
                wrong = stranger.get("/?key=" + "0" * 64)
                assert wrong.status_code == 401 and "The key in that address is not right." in wrong.text
            assert status_of(db, ids["plain"]) != "dismissed"

            if os.geteuid() == 0:  # another real account on this computer: nobody
                other = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3",
                                        "-c", NOBODY, str(db.parent / "page.key"), f"http://127.0.0.1:{port}/"],
                                       capture_output=True, text=True, timeout=60)
                assert other.stdout.startswith("cannot read the key\n403 "), other.stdout + other.stderr
                assert "Open the review page" in other.stdout and "Whitfield" not in other.stdout

            with httpx.Client(follow_redirects=True) as hers:
                assert 'content="0; url=/"' in hers.get(address).text  # the key is taken, then left out
                opened = hers.get(f"http://127.0.0.1:{port}/")
                assert "<title>Review: repwatch</title>" in opened.text and "mswhitfield_teach" in opened.text
        shown = "".join(said)
        assert shown.count(key) == 1  # in the address it printed for her, and not in its request log
        assert "GET /?key=*** HTTP/1.1" in shown
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_doctor_says_how_to_open_the_page_and_names_a_damaged_key(tmp_path):
    from repwatch.app.doctor import check_review_page

    config, db, _ = make(tmp_path, password=None)
    check = check_review_page(load(config), db)
    assert check.status == "ok"
    assert check.detail == ("only you can open it, with the address `repwatch serve` prints (it holds a key that only "
                            "your account can read); `repwatch serve --address` prints it again")
    (db.parent / "page.key").write_text("")
    broken = check_review_page(load(config), db)
    assert broken.status == "fail" and "is empty or damaged, so repwatch will not use it" in broken.detail
    (tmp_path / "with").mkdir()
    protected, db2, _ = make(tmp_path / "with", password=PASSWORD)
    assert check_review_page(load(protected), db2).detail == "it asks for your password"
