"""The review page in a real browser: Playwright driving the system's Chromium against the page as
`repwatch serve` serves it (its uvicorn in a thread of the test's process, on 127.0.0.1 and a free
port, a real SQLite file; one test starts `repwatch serve` itself, as she does).

The screenshots of every page are in test_web_screens.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import cli, free_port
from tests.test_backbone import providers, write_config  # noqa: F401  (fixture)
from tests.web_support import Served, seed
from tests.web_support import write_config as write_web_config

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else (shutil.which("chromium") or shutil.which("chromium-browser"))
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed, and CI=true: the browser tests must run in CI")
    pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed, and CI=true (pip install -e '.[test]')")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=executable, args=args)
        yield chrome
        chrome.close()


@pytest.fixture
def served(tmp_path, home):
    db = tmp_path / "site" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db, extra=6)
    config = write_web_config(tmp_path / "config.toml", db)
    server = Served(config, free_port())
    yield server, ids, db
    server.stop()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = served[0].open(context)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.errors = errors
    yield tab
    context.close()


def section_of(tab, title: str) -> str:
    """The id of the list section ("attention", "new", "rest") that holds a mention with this title."""
    return tab.evaluate(
        """(title) => { for (const li of document.querySelectorAll('li.row')) {
             if (li.querySelector('h3').textContent.includes(title))
               return li.closest('section').getAttribute('aria-labelledby'); } return null; }""", title)


def focused_card(tab) -> str | None:
    return tab.evaluate("() => { const li = document.activeElement && document.activeElement.closest('li.row');"
                        " return li ? li.id : null; }")


def test_answer_a_mention_on_its_card_and_undo_it(served, page):
    server, ids, _ = served
    page.goto(server.url + "/")
    assert page.title() == "Review: repwatch"
    assert section_of(page, "Our staff - St Mary") == "h-new"
    page.get_by_role("button", name=f"Worried: #{ids['plain']}").click()
    card = page.locator(f"#m{ids['plain']}")
    card.get_by_role("status").wait_for()
    assert card.get_by_role("status").inner_text() == "Marked as a worry: it stays on your list."
    assert page.url == server.url + "/"  # answered in place, no page load
    assert focused_card(page) == f"m{ids['plain']}"  # keyboard focus stays on the card: on its Undo
    assert page.evaluate("() => document.activeElement.textContent") == "Undo"

    page.get_by_role("button", name=f"Not me: #{ids['extra0']}").click()
    other = page.locator(f"#m{ids['extra0']}")
    other.get_by_role("status").wait_for()
    assert "Marked as not about you." in other.get_by_role("status").inner_text()
    # the notice is beside the button that was pressed, not at the top of a long page
    box = other.get_by_role("status").bounding_box()
    undo = other.get_by_role("button", name=re.compile("^Undo")).bounding_box()
    assert abs(box["y"] - undo["y"]) < 200
    page.keyboard.press("Enter")  # focus is on Undo: the keyboard alone undoes it
    other.get_by_role("button", name=f"Not me: #{ids['extra0']}").wait_for()
    assert "Reopened." in other.get_by_role("status").inner_text()
    # the focus moves back to the card once the notice is shown: waited for (bounded), not assumed
    page.wait_for_function("(id) => { const a = document.activeElement;"
                           " return !!a && !!a.closest('li.row') && a.closest('li.row').id === id; }",
                           arg=f"m{ids['extra0']}")
    assert focused_card(page) == f"m{ids['extra0']}"
    # the hostile title is shown as text, never run
    assert page.evaluate("() => window.__pwned === undefined && !document.querySelector('li.row img')")
    assert page.errors == []


def test_the_mention_page_by_keyboard(served, page):
    server, ids, db = served
    page.goto(f"{server.url}/mentions/{ids['hostile']}")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    page.get_by_label("Note (optional)", exact=True).first.fill("a colleague says it is about me")
    note = page.locator("#note-concern")
    note.focus()
    note.fill("told my head teacher")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the focused button: Worried
    page.wait_for_url(f"{server.url}/mentions/{ids['hostile']}")
    assert "Marked as a worry" in page.locator("[role=status]").inner_text()
    assert "told my head teacher" in page.locator(".timeline").inner_text()


def test_build_a_report_and_download_it(served, page, tmp_path):
    server, ids, _ = served
    page.goto(server.url + "/report")
    page.get_by_label(re.compile(r"A zip file for the school")).check()
    with page.expect_download() as caught:
        page.get_by_role("button", name="Make the report").click()
    saved = tmp_path / "bundle.zip"
    caught.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "report.html" in names and "manifest.json" in names
    report = zipfile.ZipFile(saved).read("report.html").decode()
    assert "mswhitfield_teach" in report  # the flagged mention was ticked for her

    page.goto(server.url + "/report")
    page.get_by_role("button", name="Make the report").click()
    page.wait_for_load_state()
    assert "Incident report" in page.content()


def test_one_click_link_from_a_real_digest(home, providers, smtp, browser, tmp_path):  # noqa: F811
    port = free_port()
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                          extra=f'\n[serve]\nport = {port}\npublic_url = "http://127.0.0.1:{port}"\n')
    done = cli("--config", str(config), "run")
    assert done.returncode == 0, done.stderr
    message = smtp.messages[-1]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    links = re.findall(rf'<a [^>]*href="(http://127\.0\.0\.1:{port}/a/[^"]+)"[^>]*>Not me</a>', html)
    assert links, "the digest has no one-click links"
    pages = re.findall(rf"http://127\.0\.0\.1:{port}/mentions/(\d+)", html)
    assert pages and f"http://127.0.0.1:{port}/mentions/{pages[0]}" in text

    server = Served(config, port)
    try:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        tab = context.new_page()
        tab.goto(links[0].replace("&amp;", "&"))
        assert "Nothing has changed yet" in tab.content()
        shown = cli("--config", str(config), "show", pages[0], "--json")
        assert '"status": "notified"' in shown.stdout  # opening the link (as a mail scanner does) did nothing
        tab.get_by_role("button", name=re.compile("Yes: not me")).click()  # a phone that never opened the page
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text() == "Done"
        assert "Marked as not about you" in tab.locator("main").inner_text()
        listed = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
        assert [m["status"] for m in listed].count("dismissed") == 1

        tab.goto(links[0].replace("&amp;", "&"))
        assert "This link was already used" in tab.content()
        tab.goto(links[0][:-4] + "AAAA")
        assert "This link does not work" in tab.content()
        tab.goto(f"http://127.0.0.1:{port}/mentions/{pages[0]}")  # the rest of the page is hers only
        assert tab.locator("h1").inner_text() == "Open the review page"
        context.close()

        mine = browser.new_context(viewport={"width": 1280, "height": 900})  # her computer, page opened
        tab = server.open(mine)
        other = next(link for link in re.findall(rf'href="(http://127\.0\.0\.1:{port}/a/[^"]+)"', html)
                     if link != links[0])
        tab.goto(other.replace("&amp;", "&"))
        tab.get_by_role("button", name=re.compile("^Yes: ")).click()
        tab.wait_for_url(re.compile(r"/mentions/\d+$"))  # on her own page, she goes on to the mention
        said = tab.get_by_role("status").first.inner_text()  # what the answer did, said on the mention's page
        assert said.startswith(("Marked as", "The account ")), said
        mine.close()
    finally:
        server.stop()


def test_serve_opens_her_browser_without_the_key_on_its_command_line(tmp_path, home, browser):
    """A browser's command line is in the process list, which every account on the computer can read:
    serve starts it with a file only she can read, which opens the page in that browser."""
    db = tmp_path / "site" / "repwatch.db"
    db.parent.mkdir()
    seed(db)
    config = write_web_config(tmp_path / "config.toml", db)
    started = tmp_path / "browser-started-with.txt"
    fake = tmp_path / "browser"
    # written whole, then renamed: the test reads it as soon as it exists, and `>` makes it empty first
    fake.write_text(f'#!/bin/sh\necho "$@" > {started}.part && mv {started}.part {started}\n')
    fake.chmod(0o755)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "repwatch", "--config", str(config), "serve", "--no-scheduler", "--port", str(port)],
        env={**os.environ, "DISPLAY": ":0", "BROWSER": f"{fake} %s"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.1)
        argv = started.read_text().strip()
        from repwatch.adapters import tokens

        assert tokens.page_key(db) not in argv and argv == (db.parent / "open-review-page.html").as_uri()
        assert (db.parent / "open-review-page.html").stat().st_mode & 0o777 == 0o600
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(argv)  # what her browser does with it
        tab.wait_for_url(f"http://127.0.0.1:{port}/")
        assert tab.title() == "Review: repwatch" and "mswhitfield_teach" in tab.content()
        context.close()
    finally:
        process.terminate()
        err = process.communicate(timeout=30)[1]
    assert f"Open the review page at http://127.0.0.1:{port}/?key=" in err


PAGES = {"list": "/", "mention": "/mentions/{impersonation}", "mention-hostile": "/mentions/{hostile}",
         "report": "/report", "status": "/status", "profile": "/profile", "blocked": "/blocked", "accounts": "/accounts",
         "one-click-confirm": "/a/{token}", "one-click-forged": "/a/not-a-real-link",
         "not-found": "/mentions/{plain}/evidence/0"}


def test_a_captured_page_with_script_never_runs(served, page):
    server, ids, _ = served
    page.goto(f"{server.url}/mentions/{ids['impersonation']}")
    page.get_by_role("link", name="View as text").click()
    page.wait_for_load_state()
    assert "pwned" not in page.title()
    assert '<script>document.title="pwned"</script>' in page.locator("body").inner_text()
    assert page.evaluate("() => document.querySelector('h1') === null")  # shown as text, not drawn as HTML
