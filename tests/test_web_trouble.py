"""Answers stored or refused in words: a locked, read-only or full database or disk gives one
sentence with the security headers, nothing half-done and no temporary file left; a one-click link
is spent only with its answer; concurrent profile saves do not collide; a symlinked config stays one."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from repwatch.adapters import tokens
from repwatch.web import security
from tests.conftest import free_port
from tests.test_web_sessions import csrf_of, make, serving, status_of
from tests.web_support import open_page


def _headers_ok(answer: httpx.Response) -> None:
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert "Traceback" not in answer.text and "Internal Server Error" not in answer.text


def test_a_locked_database_is_a_sentence_and_the_link_still_works_after(tmp_path, monkeypatch):
    assert security.BUSY_TIMEOUT_S == 8.0  # SECURITY.md: "A request waits up to 8 seconds"
    monkeypatch.setattr(security, "BUSY_TIMEOUT_S", 1.0)  # this test's request waits 1 s, not 8
    config, db, ids = make(tmp_path, password=None)
    link = "/a/" + tokens.sign(tokens.secret_key(db), ids["hostile"], "concern")
    with serving(config, db) as url, httpx.Client(base_url=url, timeout=60) as browser:
        open_page(browser, db)
        csrf = csrf_of(browser.get(link).text)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            busy = browser.post(link, data={"csrf": csrf})
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert busy.status_code == 503
        assert "Another program" in busy.text and "Nothing was changed" in busy.text
        _headers_ok(busy)
        assert status_of(db, ids["hostile"]) != "concern"
        done = browser.post(link, data={"csrf": csrf})  # the failed answer did not spend the link
        assert done.status_code == 303, done.text
    assert status_of(db, ids["hostile"]) == "concern"


class Namespaced:
    """`repwatch serve` in a private mount namespace whose data folder the test can make read-only
    or full while it runs (``unshare -rm``: no root needed, nothing outside the test changes)."""

    def __init__(self, tmp_path: Path, config: Path, folder: Path, how: str) -> None:
        self.port = free_port()
        self.trigger, self.done = tmp_path / "trigger", tmp_path / "done"
        if how == "readonly":
            setup, change = f"mount --bind {folder} {folder}", f"mount -o remount,ro,bind {folder} {folder}"
        else:
            setup = (f"cp -a {folder} {tmp_path}/copy && mount -t tmpfs -o size=4m tmpfs {folder} && "
                     f"cp -a {tmp_path}/copy/. {folder}/")
            change = f"dd if=/dev/zero of={folder}/filler bs=64k 2>/dev/null"
        script = (f"{setup} && {{ {sys.executable} -m repwatch --config {config} serve --no-browser --no-scheduler "
                  f"--port {self.port} & }} && while [ ! -e {self.trigger} ]; do sleep 0.05; done; "
                  f"{change}; touch {self.done}; wait")
        self.process = subprocess.Popen(["unshare", "-rm", "sh", "-c", script], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.communicate()
            try:
                httpx.get(self.url + "/static/app.css", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("serve did not start")

    def change(self) -> None:
        self.trigger.touch()
        deadline = time.monotonic() + 30
        while not self.done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.done.exists()

    def stop(self) -> str:
        os.killpg(self.process.pid, signal.SIGTERM)
        return self.process.communicate(timeout=30)[1]


def _answers_in_a_broken_folder(tmp_path: Path, how: str) -> tuple[list[httpx.Response], Path]:
    config, db, ids = make(tmp_path, password=None)
    config = config.rename(db.parent / "config.toml")  # the config lives in the folder too
    config.write_text(config.read_text())
    tokens.secret_key(db)
    tokens.page_key(db)
    served = Namespaced(tmp_path, config, db.parent, how)
    try:
        with httpx.Client(base_url=served.url, timeout=60) as browser:
            served.change()  # before the page's first look at the database
            open_page(browser, db, path="/profile")
            csrf = profile = csrf_of(browser.get("/profile").text)
            answers = [
                browser.post(f"/mentions/{ids['hostile']}/concern", data={"csrf": csrf, "note": "x" * 2000}),
                browser.post("/profile", data={"csrf": profile, "index": "0", "nicknames": "Jo\n" * 50}),
            ]
            listing = os.listdir(f"/proc/{served.process.pid}/root{db.parent}")
    finally:
        err = served.stop()
    assert "Traceback" not in err
    assert not [name for name in listing if name.endswith(".tmp")], listing
    return answers, db


def test_a_read_only_data_folder_is_a_sentence(tmp_path):
    (action, profile), db = _answers_in_a_broken_folder(tmp_path, "readonly")
    assert action.status_code == 503 and "read-only" in action.text and "Nothing was changed" in action.text
    _headers_ok(action)
    assert "read-only" in profile.text and "Nothing was changed" in profile.text
    _headers_ok(profile)


def test_a_full_disk_is_a_sentence(tmp_path):
    (action, profile), _db = _answers_in_a_broken_folder(tmp_path, "full")
    assert action.status_code == 507 and "disk is full" in action.text and "Nothing was changed" in action.text
    _headers_ok(action)
    assert "the disk is full" in profile.text and "nothing was changed" in profile.text
    _headers_ok(profile)


def test_concurrent_profile_saves_do_not_collide_and_a_symlink_stays_one(tmp_path):
    config, db, _ = make(tmp_path, password=None)
    real = tmp_path / "dotfiles" / "repwatch.toml"
    real.parent.mkdir()
    config.rename(real)
    config.symlink_to(real)
    with serving(config, db) as url:
        clients = [open_page(httpx.Client(base_url=url, timeout=60), db) for _ in range(12)]
        forms = [csrf_of(c.get("/profile").text) for c in clients]

        def save(i: int) -> httpx.Response:
            return clients[i].post("/profile", data={"csrf": forms[i], "index": "0", "nicknames": f"Jo{i}"})

        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(save, range(12)))
        for c in clients:
            c.close()
    assert [a.status_code for a in answers] == [200] * 12
    assert all("Saved" in a.text for a in answers)
    assert config.is_symlink() and "nicknames = [\"Jo" in real.read_text()
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]
    assert "# my repwatch settings" in real.read_text()
