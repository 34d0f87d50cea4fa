"""The HTML digest in a real browser (headless Chromium): it renders, on a phone and on a desktop,
and nothing is wider than the screen, even with 10 kB titles and 5 kB web addresses.

The width is measured inside an <iframe> of exactly the phone's width (a headless window cannot be
narrower than 500px), by a script that records the page's scrollWidth and every element that
pokes out; --dump-dom hands the record back. The screenshots are kept in the test's tmp folder.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from repwatch.models import CallFailure
from repwatch.pipeline.digest import Digest, render_html
from tests.test_digest import hostile, mentions

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


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed, and CI=true: the browser tests must run in CI")
    pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")


def run_chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", f"--user-data-dir={tmp / 'chromium-profile'}", *args],
        capture_output=True, text=True, timeout=60,
    )


def measure(tmp: Path, page: str, width: int) -> dict:
    """Lay the page out at exactly `width` CSS pixels and report its widths and any overflow."""
    inner = page.replace("</body>", MEASURE + "</body>")
    frame = tmp / f"measure-{width}.html"
    frame.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe style="border:0;width:{width}px;height:2000px" '
        f'srcdoc="{html_lib.escape(inner, quote=True)}"></iframe></body></html>', encoding="utf-8")
    done = run_chromium(tmp, "--window-size=1000,2000", "--dump-dom", frame.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="repwatch-measure">([^<]*)</pre>', done.stdout)
    assert found, f"the measuring script did not run: {done.stdout[-500:]}"
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


def test_the_measure_sees_overflow(tmp_path):
    """The check can fail: a page with a 1000px-wide box is caught at 375px."""
    wide = '<!doctype html><html><body><div style="width:1000px">wide</div></body></html>'
    result = measure(tmp_path, wide, 375)
    assert result["scrollWidth"] > result["clientWidth"] and result["overflow"]


@pytest.mark.parametrize("width", WIDTHS)
def test_digest_renders_without_overflow(shots, width):
    page = digest_page()
    source = shots / "digest.html"
    source.write_text(page, encoding="utf-8")

    png = shots / f"digest-{width}.png"
    done = run_chromium(shots, f"--window-size={width},2400", f"--screenshot={png}", source.as_uri())
    assert done.returncode == 0 and png.exists(), done.stderr[-2000:]
    assert png_size(png) == (width, 2400) and png.stat().st_size > 20_000  # something was drawn

    dark = shots / f"digest-{width}-dark.png"
    done = run_chromium(shots, f"--window-size={width},1200", "--blink-settings=preferredColorScheme=0",
                        f"--screenshot={dark}", source.as_uri())
    assert done.returncode == 0 and dark.exists(), done.stderr[-2000:]

    result = measure(shots, page, width)
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


def test_answer_buttons_fit_a_thumb_on_a_phone_with_not_me_and_mine_apart(tmp_path):
    from tests.test_digest_fits import digest_for, many

    digest = digest_for(many(8, flagged=3, unsure=2, elsewhere=1), tmp_path)
    page = render_html(digest).replace("</body>", BUTTONS + "</body>")
    frame = tmp_path / "buttons.html"
    frame.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe style="border:0;width:375px;height:2000px" '
        f'srcdoc="{html_lib.escape(page, quote=True)}"></iframe></body></html>', encoding="utf-8")
    done = run_chromium(tmp_path, "--window-size=1000,2000", "--dump-dom", frame.as_uri())
    found = re.search(r'<pre id="repwatch-buttons">([^<]*)</pre>', done.stdout)
    assert found, done.stdout[-500:]
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
