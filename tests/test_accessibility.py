"""Accessibility, checked by axe-core (from the axe-playwright-python package on PyPI, which ships
axe.min.js: nothing is downloaded at test time) in the system's Chromium: every page of the review
page, the school report and the digest email, light and dark, with no serious or critical violation;
every tap target at least 44 px; keyboard focus kept after every answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.test_digest import full_digest
from tests.test_web_browser import PAGES, browser, served  # noqa: F401  (fixtures)
from tests.web_support import Served
from tests.web_support import write_config as write_web_config

pytestmark = pytest.mark.browser

BAD = ("serious", "critical")
# rules held whatever their impact: the ones the user report found broken
HELD = ("heading-order", "landmark-one-main", "label-content-name-mismatch", "page-has-heading-one")
OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}
# what a finger presses: buttons, fields, menus, the page's own navigation, and the label of a tick box
TARGETS = """() => {
  const out = [];
  const seen = new Set();
  const all = document.querySelectorAll(
    'button, summary, select, input[type=text], input[type=search], input[type=password], textarea, nav a, ' +
    'label:has(input[type=checkbox]), label:has(input[type=radio])');
  for (const el of all) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || seen.has(el)) continue;
    seen.add(el);
    out.push({what: el.outerHTML.slice(0, 120), width: box.width, height: box.height});
  }
  return out;
}"""


def axe_problems(tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options=OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['html'][:120] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in BAD or v["id"] in HELD]


def small_targets(tab) -> list[str]:
    return [f"{t['what']} is {t['width']:.0f}x{t['height']:.0f}" for t in tab.evaluate(TARGETS)
            if t["height"] < 44 or t["width"] < 44]


@pytest.fixture
def pages(served, tmp_path):  # noqa: F811
    from repwatch.adapters import tokens
    from repwatch.adapters.store import Store
    from repwatch.app import lifecycle
    from repwatch.web.security import hash_password

    server, ids, db = served
    store = Store(db)
    lifecycle.dismiss_domain(store, ids["hostile"])  # something on the Blocked page, an answered row
    store.close()
    token = tokens.sign(tokens.secret_key(db), ids["impersonation"], "dismiss")
    urls = {name: server.url + path.format(token=token, **ids) for name, path in PAGES.items()}
    urls["accounts"] = server.url + "/accounts"
    urls["exposure"] = server.url + "/exposure"
    urls["list-someone-else"] = server.url + "/?about=someone_else"
    urls["school-report"] = f"{server.url}/report?id={ids['impersonation']}&id={ids['hostile']}&format=html"
    locked = Served(write_web_config(tmp_path / "locked.toml", db,
                                     f'[serve]\npassword_hash = "{hash_password("a long password")}"\n'), free_port())
    urls["login"] = locked.url + "/login"
    yield urls
    locked.stop()


@pytest.mark.timeout(900)  # a hang guard only: 14 pages, each checked by axe, on a shared machine
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_and_the_digest_pass_axe(pages, served, browser, tmp_path, scheme):  # noqa: F811
    digest = tmp_path / "digest.html"
    from repwatch.pipeline.digest import render_html

    digest.write_text(render_html(full_digest()), encoding="utf-8")
    targets = {**pages, "digest": digest.as_uri()}
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    tab = served[0].open(context)
    for name, url in targets.items():
        tab.goto(url)
        problems += [f"{name} ({scheme}): {p}" for p in axe_problems(tab)]
    context.close()
    stranger = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    tab = stranger.new_page()  # a browser that was never given the address: the page that says how to open it
    tab.goto(served[0].url + "/")
    problems += [f"refused ({scheme}): {p}" for p in axe_problems(tab)]
    stranger.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.timeout(600)  # a hang guard only
def test_every_tap_target_is_at_least_44_px_on_a_phone(pages, served, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = served[0].open(context)
    small: list[str] = []
    for name, url in pages.items():
        if name in ("school-report",):  # a printable document: no controls
            continue
        tab.goto(url)
        for details in tab.locator("details").all():  # what opens on a tap is measured open
            details.evaluate("d => d.open = true")
        small += [f"{name}: {s}" for s in small_targets(tab)]
    context.close()
    assert small == [], "\n".join(small)


def test_focus_is_kept_after_every_answer_on_the_mention_page(served, browser):  # noqa: F811
    """A keyboard user who answers on a mention's page lands on what the answer said, not the top."""
    server, ids, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = server.open(context)
    tab.goto(f"{server.url}/mentions/{ids['plain']}")
    for button, said in (("Keep it: I am worried", "Marked as a worry"), ("Put it back on my list", "Reopened"),
                         ("Mark it resolved", "Marked resolved")):
        tab.get_by_role("button", name=button).focus()
        with tab.expect_navigation():  # the answer's page, not the one before it (it has a status too)
            tab.keyboard.press("Enter")
        tab.get_by_role("status").wait_for()
        assert said in tab.get_by_role("status").inner_text()
        focused = tab.evaluate("() => document.activeElement && document.activeElement.getAttribute('role')")
        assert focused == "status", f"after {button!r} the focus is on {focused!r}"
    context.close()


def test_axe_is_installed_from_its_package_not_fetched(tmp_path):
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert re.match(r"/\*! axe v4\.\d+", script.read_text(encoding="utf-8")[:20])
