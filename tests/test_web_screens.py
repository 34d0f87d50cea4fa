"""Screenshots (JPEG) of every page of the review page at 375 px and 1280 px, light and dark, in the system's
Chromium (Playwright), go to $REPWATCH_SHOTS (or the test's tmp folder): a person looks at them; the
test checks that nothing is wider than the screen.

A module of its own, so that it has a test process (and a Chromium) of its own, beside the other
browser tests instead of after them: it is the longest of them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.test_web_browser import PAGES, browser, served  # noqa: F401  (fixtures)
from tests.web_support import Served
from tests.web_support import write_config as write_web_config

pytestmark = pytest.mark.browser


@pytest.mark.timeout(900)  # a hang guard only: 44 full-page screenshots on a shared machine
def test_screenshots_of_every_page_fit_the_screen(served, browser, tmp_path):  # noqa: F811
    from repwatch.adapters import tokens
    from repwatch.web.security import hash_password

    server, ids, db = served
    token = tokens.sign(tokens.secret_key(db), ids["impersonation"], "dismiss")
    locked_config = write_web_config(tmp_path / "locked.toml", db,
                                     f'[serve]\npassword_hash = "{hash_password("a long password")}"\n')
    locked = Served(locked_config, free_port())
    folder = Path(os.environ.get("REPWATCH_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    pages = {name: server.url + path.format(token=token, **ids) for name, path in PAGES.items()}
    pages["login"] = locked.url + "/login"
    try:
        _screenshots(browser, pages, folder, server)
        refused = {"refused": server.url + "/", "refused-wrong-key": server.url + "/?key=not-the-key"}
        answers = [server.url + "/a/" + tokens.sign(tokens.secret_key(db), ids[f"extra{i}"], "dismiss") for i in range(4)]
        _screenshots(browser, refused, folder, None, answers)
    finally:
        locked.stop()


SIZES = [(width, scheme) for width in (375, 1280) for scheme in ("light", "dark")]


def _screenshots(browser, pages: dict[str, str], folder: Path, server: Served | None,  # noqa: F811
                 answers: list[str] | None = None) -> None:
    """Each page at 375 and 1280 px, light and dark; with ``server``, in a browser that opened the page
    with its address, each page loaded once and drawn at each size and scheme (the window resized and
    the scheme switched, as on a phone turned round or set to dark); without, in one that did not
    (another person's, say), one browser for each size and scheme, where each of ``answers`` (one-click
    links, one per browser) is also answered, as on a phone that never opened the page."""
    if server is not None:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = server.open(context)
        for name, url in pages.items():
            tab.goto(url)
            for width, scheme in SIZES:
                tab.set_viewport_size({"width": width, "height": 900})
                tab.emulate_media(color_scheme=scheme)
                _shot(tab, folder / f"{name}-{width}-{scheme}.jpg", width)
        context.close()
        return
    for width, scheme in SIZES:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        tab = context.new_page()
        for name, url in pages.items():
            tab.goto(url)
            _shot(tab, folder / f"{name}-{width}-{scheme}.jpg", width)
        if answers:
            tab.goto(answers.pop())
            tab.get_by_role("button", name=re.compile("Yes: not me")).click()
            tab.wait_for_load_state()
            assert tab.locator("h1").inner_text() == "Done"
            _shot(tab, folder / f"one-click-done-{width}-{scheme}.jpg", width)
        context.close()


def _shot(tab, shot: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    tab.screenshot(path=str(shot), full_page=True, type="jpeg", quality=85)  # for a person to look at: JPEG costs less than PNG
    assert shot.stat().st_size > 5000
    wide = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{tab.url} is {wide}px wider than a {width}px screen"
