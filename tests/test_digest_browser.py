"""The HTML digest in a real browser (the system's headless Chromium, one for the module, driven by
Playwright): it renders, on a phone and on a desktop, and nothing is wider than the screen, even with
10 kB titles and 5 kB web addresses.

The width is measured inside an <iframe> of exactly the phone's width, by a script that records the
page's scrollWidth and every element that pokes out into the page around it, which the test reads
back. The screenshots are kept in the test's tmp folder.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import struct
from pathlib import Path

import pytest

from repwatch.models import CallFailure
from repwatch.pipeline.digest import Digest, render_html
from tests.test_digest import hostile, mentions
from tests.test_web_browser import browser  # noqa: F401  (fixture: one Chromium for the module)

pytestmark = pytest.mark.browser

WIDTHS = (375, 800)
MEASURE = """<script>(function(){
var doc=document.documentElement, vw=doc.clientWidth, bad=[];
document.querySelectorAll('body *').forEach(function(e){
  var r=e.getBoundingClientRect();
  if(r.width>0 && (r.right>vw+0.5 || r.left<-0.5)) bad.push(e.tagName.toLowerCase()+'.'+e.className+' right='+Math.round(r.right));
});
var p=parent.document.createElement('pre'); p.id='repwatch-measure';
p.textContent=JSON.stringify({scrollWidth:doc.scrollWidth, clientWidth:vw, height:doc.scrollHeight, overflow:bad.slice(0,20)});
parent.document.body.appendChild(p);
})();</script>"""


def dom_of(browser, frame: Path) -> str:  # noqa: F811
    """The page around the iframe once it has loaded, as the measuring script left it."""
    context = browser.new_context(viewport={"width": 1000, "height": 2000})
    try:
        tab = context.new_page()
        tab.goto(frame.as_uri())
        return tab.content()
    finally:
        context.close()


def screenshot(browser, source: Path, png: Path, width: int, height: int, scheme: str = "light") -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(source.as_uri())
        tab.screenshot(path=str(png))
    finally:
        context.close()


def measure(browser, tmp: Path, page: str, width: int) -> dict:  # noqa: F811
    """Lay the page out at exactly `width` CSS pixels and report its widths and any overflow."""
    inner = page.replace("</body>", MEASURE + "</body>")
    frame = tmp / f"measure-{width}.html"
    frame.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe style="border:0;width:{width}px;height:2000px" '
        f'srcdoc="{html_lib.escape(inner, quote=True)}"></iframe></body></html>', encoding="utf-8")
    dom = dom_of(browser, frame)
    found = re.search(r'<pre id="repwatch-measure">([^<]*)</pre>', dom)
    assert found, f"the measuring script did not run: {dom[-500:]}"
    return json.loads(html_lib.unescape(found.group(1)))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def digest_page() -> str:
    digest = Digest(
        "Joanna Whitfield", mentions() + hostile(),
        [CallFailure("brave", '"Jo Whitfield" Liverpool', "brave rejected the API key (HTTP 401).")],
        generated_at="24 November 2026 at 07:00", next_run="Tuesday 25 November at 07:00",
        skipped_queries=['"Jo Whitfield"'], privacy_platforms=["facebook", "instagram", "tiktok"],
    )
    return render_html(digest)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("digest-screenshots")


def test_the_measure_sees_overflow(browser, tmp_path):  # noqa: F811
    """The check can fail: a page with a 1000px-wide box is caught at 375px."""
    wide = '<!doctype html><html><body><div style="width:1000px">wide</div></body></html>'
    result = measure(browser, tmp_path, wide, 375)
    assert result["scrollWidth"] > result["clientWidth"] and result["overflow"]


@pytest.mark.parametrize("width", WIDTHS)
def test_digest_renders_without_overflow(browser, shots, width):  # noqa: F811
    page = digest_page()
    source = shots / "digest.html"
    source.write_text(page, encoding="utf-8")

    png = shots / f"digest-{width}.png"
    screenshot(browser, source, png, width, 2400)
    assert png_size(png) == (width, 2400) and png.stat().st_size > 20_000  # something was drawn

    dark = shots / f"digest-{width}-dark.png"
    screenshot(browser, source, dark, width, 1200, "dark")
    assert png_size(dark) == (width, 1200) and dark.stat().st_size > 20_000

    result = measure(browser, shots, page, width)
    assert result["clientWidth"] == width
    assert result["scrollWidth"] <= result["clientWidth"], result
    assert result["overflow"] == [], result
    assert result["height"] > 2000  # the whole digest laid out, not an error page


BUTTONS = """<script>(function(){
var out=[];
document.querySelectorAll('a.btn').forEach(function(a){
  var r=a.getBoundingClientRect();
  out.push({text:a.textContent.trim(), left:r.left, right:r.right, top:r.top, bottom:r.bottom, width:r.width, height:r.height});
});
var p=parent.document.createElement('pre'); p.id='repwatch-buttons';
p.textContent=JSON.stringify(out); parent.document.body.appendChild(p);
})();</script>"""


def test_answer_buttons_fit_a_thumb_on_a_phone_with_not_me_and_mine_apart(browser, tmp_path):  # noqa: F811
    from tests.test_digest_fits import digest_for, many

    digest = digest_for(many(8, flagged=3, unsure=2, elsewhere=1), tmp_path)
    page = render_html(digest).replace("</body>", BUTTONS + "</body>")
    frame = tmp_path / "buttons.html"
    frame.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe style="border:0;width:375px;height:2000px" '
        f'srcdoc="{html_lib.escape(page, quote=True)}"></iframe></body></html>', encoding="utf-8")
    dom = dom_of(browser, frame)
    found = re.search(r'<pre id="repwatch-buttons">([^<]*)</pre>', dom)
    assert found, dom[-500:]
    buttons = json.loads(html_lib.unescape(found.group(1)))
    assert {b["text"] for b in buttons} >= {"Mine", "Worried", "Not me", "Open on the review page"}
    for b in buttons:
        assert b["width"] >= 44 and b["height"] >= 44, b
        assert b["right"] <= 375, b
    # on each card, "Mine" and "Not me" are never side by side: "Worried" stands between them
    for mine in (b for b in buttons if b["text"] == "Mine"):
        nearest = min((b for b in buttons if b["text"] == "Not me"),
                      key=lambda b: abs(b["top"] - mine["top"]) + abs(b["left"] - mine["left"]))
        gap = nearest["left"] - mine["right"] if nearest["top"] == mine["top"] else 999
        assert gap >= 44, (mine, nearest)
    # and no two buttons touch
    for i, one in enumerate(buttons):
        for other in buttons[i + 1:]:
            apart = (one["right"] + 8 <= other["left"] or other["right"] + 8 <= one["left"]
                     or one["bottom"] + 8 <= other["top"] or other["bottom"] + 8 <= one["top"])
            assert apart, (one, other)
