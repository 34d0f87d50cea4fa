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
    """What axe finds on the page as it stands (axe is put in the page once per load, as
    ``Axe().run`` puts it in, and run again after the scheme changes)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.evaluate(AXE_SCRIPT)
    violations = tab.evaluate("options => axe.run(options).then(results => results.violations)", OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['html'][:120] for n in v['nodes'][:3]]}"
            for v in violations if v["impact"] in BAD or v["id"] in HELD]


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


@pytest.mark.timeout(900)  # a hang guard only: 16 pages, each checked by axe twice, on a shared machine
def test_every_page_and_the_digest_pass_axe_light_and_dark_and_every_tap_target_is_44_px(
        pages, served, browser, tmp_path):  # noqa: F811
    """Each page is loaded once and checked as it stands: by axe in the light scheme and then the dark
    one (switched as her phone's setting switches it, without loading the page again), then, at a
    phone's 375 px, its tap targets (with what opens on a tap opened)."""
    digest = tmp_path / "digest.html"
    from repwatch.pipeline.digest import render_html

    digest.write_text(render_html(full_digest()), encoding="utf-8")
    targets = {**pages, "digest": digest.as_uri()}
    problems: list[str] = []
    small: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = served[0].open(context)
    for name, url in targets.items():
        tab.goto(url)
        problems += axe_light_and_dark(tab, name)
        if name not in ("school-report", "digest"):  # a printable document and an email: no controls
            tab.set_viewport_size({"width": 375, "height": 800})
            tab.emulate_media(color_scheme="light")
            for details in tab.locator("details").all():  # what opens on a tap is measured open
                details.evaluate("d => d.open = true")
            small += [f"{name}: {s}" for s in small_targets(tab)]
            tab.set_viewport_size({"width": 1280, "height": 900})
    context.close()
    stranger = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = stranger.new_page()  # a browser that was never given the address: the page that says how to open it
    tab.goto(served[0].url + "/")
    problems += axe_light_and_dark(tab, "refused")
    stranger.close()
    assert problems == [], "\n".join(problems)
    assert small == [], "\n".join(small)


def axe_light_and_dark(tab, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        problems += [f"{name} ({scheme}): {p}" for p in axe_problems(tab)]
    return problems


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
