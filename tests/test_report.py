"""The incident report: every item, hash and note; hostile text escaped; a zip with a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from repwatch.adapters.store import Store
from repwatch.app import report as rp
from repwatch.config import Config
from repwatch.models import Flag
from repwatch.pipeline import evidence as ev
from tests.conftest import cli
from tests.test_evidence import FIXTURES, NO_BROWSER, PERSON, chromium, make_mention, png_size

HOSTILE_TITLE = '<script>alert("t")</script> Ms Whitfield is a disgrace'
HOSTILE_SNIPPET = '<img src=x onerror="alert(1)"> "quoted" & more'
HOSTILE_NOTE = "Told the head </td><script>alert('note')</script>"


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "data" / "repwatch.db")
    yield s
    s.close()


@pytest.fixture
def incident(store, httpserver):
    """Two flagged mentions, captured (no browser), triaged with notes; one from a hostile page."""
    httpserver.expect_request("/hostile").respond_with_data((FIXTURES / "hostile.html").read_bytes(),
                                                            content_type="text/html")
    httpserver.expect_request("/joanna.whitfield.teach").respond_with_data(
        (FIXTURES / "staff.html").read_bytes(), content_type="text/html")
    hostile = make_mention(store, httpserver.url_for("/hostile"), title=HOSTILE_TITLE, snippet=HOSTILE_SNIPPET,
                           flags=[Flag("negative", "'disgrace' near the name")])
    fake = make_mention(store, httpserver.url_for("/joanna.whitfield.teach"), title="Joanna Whitfield | Facebook",
                        platform="facebook", kind="account",
                        flags=[Flag("impersonation", "an account named Joanna Whitfield that is not one of yours")])
    for mention_id in (hostile, fake):
        out = ev.capture(store, mention_id, config=NO_BROWSER, allow_private=True)
        assert out.ok
    store.set_status(hostile, "concern", HOSTILE_NOTE)
    store.set_status(fake, "concern", "Reported to Facebook on 24 Nov, ref 1234")
    return hostile, fake


def test_report_carries_every_item_hash_and_note(store, incident):
    hostile, fake = incident
    html = rp.render_html(rp.build(store, [hostile, fake], config=Config()))
    assert PERSON in html and "Incident report" in html
    for mention_id in (hostile, fake):
        mention = store.mention(mention_id)
        assert mention.url in html
        for row in ev.evidence_rows(store, mention_id):
            if row["sha256"] is None:  # no file: e.g. "no Chromium was found", said in the report
                assert row["detail"] in html
                continue
            assert row["sha256"] in html
            assert f'{row["captured_at"][:10]}<br>{row["captured_at"][11:19]}' in html  # in the UTC column
    assert "Reported to Facebook on 24 Nov, ref 1234" in html
    assert "an account named Joanna Whitfield that is not one of yours" in html
    assert "https://www.facebook.com/help/contact/169486816475808" in html  # the platform's own form
    assert "0344 381 4772" in html  # POSH, from guide.toml
    assert "Evidence" in html and "Tell your school" in html  # the guide's steps
    assert "Evidence saved" in html and "Marked as a worry" in html  # the guide's [events], as on the page
    assert html.count('class="ok"') >= 4  # every file re-checked: unchanged


def test_hostile_text_arrives_escaped(store, incident):
    hostile, _ = incident
    html = rp.render_html(rp.build(store, [hostile]))
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html
    assert "&lt;/td&gt;&lt;script&gt;alert(&#39;note&#39;)" in html
    assert "onerror=&#34;alert(1)&#34;" in html


def test_a_javascript_link_is_inert(store):
    mention_id = make_mention(store, "javascript:alert(document.domain)")
    html = rp.render_html(rp.build(store, [mention_id]))
    assert 'href="javascript:' not in html and 'href="#"' in html


def test_a_changed_file_is_marked_in_the_report(store, incident):
    hostile, _ = incident
    page = next(r for r in ev.evidence_rows(store, hostile) if r["kind"] == "page")
    ev.resolve(store, page["path"]).write_bytes(b"edited")
    html = rp.render_html(rp.build(store, [hostile]))
    assert "CHANGED since capture" in html


def test_zip_bundles_report_evidence_and_manifest(store, incident, tmp_path):
    hostile, fake = incident
    written = rp.write_report(store, [hostile, fake], out=tmp_path / "for-school.zip", as_zip=True, pdf=False)
    assert written.path == tmp_path / "for-school.zip"
    with zipfile.ZipFile(written.path) as bundle:
        names = set(bundle.namelist())
        manifest = json.loads(bundle.read("manifest.json"))
        assert "report.html" in names
        assert {m["id"] for m in manifest["mentions"]} == {hostile, fake}
        evidence_files = [f for f in manifest["files"] if f["kind"] != "report"]
        assert len(evidence_files) == sum(1 for i in (hostile, fake) for r in ev.evidence_rows(store, i) if r["sha256"])
        for entry in manifest["files"]:
            assert entry["path"] in names
            assert hashlib.sha256(bundle.read(entry["path"])).hexdigest() == entry["sha256"]
            assert entry.get("matches_record", True) is True
        for name in names - {"report.html", "report.pdf", "manifest.json"}:
            stem = Path(name).stem
            assert name == f"evidence/{stem[:2]}/{Path(name).name}" and len(stem) == 64


def test_cli_report_out_zip_and_unknown_id(home, store, incident, tmp_path, monkeypatch):
    hostile, fake = incident
    env = {"PATH": "/nonexistent"}  # no browser here: the report still comes, with a note
    out = tmp_path / "report.html"
    done = cli("--db", str(store.path), "report", str(hostile), str(fake), "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and out.exists()
    assert "no PDF copy" in done.stderr
    monkeypatch.chdir(tmp_path)  # the zip is written in the current folder
    done = cli("--db", str(store.path), "report", str(hostile), "--zip", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(".zip") and zipfile.is_zipfile(done.stdout.strip())
    done = cli("--db", str(store.path), "report", str(hostile), "4242", env=env)
    assert done.returncode == 2 and "There is no mention with ID 4242" in done.stderr


@pytest.mark.browser
def test_report_renders_in_chromium_with_screenshots_and_pdf(store, httpserver, tmp_path):
    executable = chromium()
    httpserver.expect_request("/hostile").respond_with_data((FIXTURES / "hostile.html").read_bytes(),
                                                            content_type="text/html")
    httpserver.expect_request("/pixel.png").respond_with_data((FIXTURES / "pixel.png").read_bytes(),
                                                              content_type="image/png")
    mention_id = make_mention(store, httpserver.url_for("/hostile"), title=HOSTILE_TITLE, snippet=HOSTILE_SNIPPET,
                              flags=[Flag("negative", "'disgrace' near the name"),
                                     Flag("photo", "a photo on a page that names you")])
    out = ev.capture(store, mention_id, config=Config(), allow_private=True)
    assert out.screenshot is not None, out.screenshot_note
    store.set_status(mention_id, "concern", HOSTILE_NOTE)
    written = rp.write_report(store, [mention_id], out=tmp_path / "report.html", config=Config())
    html = written.path.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html  # the screenshot travels inside the file
    assert written.pdf is not None and written.pdf.read_bytes().startswith(b"%PDF")
    png = rp.render_png(executable, html)
    width, height = png_size(png)
    assert width == 1000 and height > 1500
    (tmp_path / "report.png").write_bytes(png)
    keep = os.environ.get("REPWATCH_KEEP_REPORT_PNG")  # to look at it: set this to a file path
    if keep:
        shutil.copy(tmp_path / "report.png", keep)


def test_report_shows_each_page_once_with_its_sightings_summarised(store, incident, tmp_path):
    """After many runs the same page was found again and again; the report stays the same length."""
    from repwatch.adapters.store import now
    from repwatch.models import Result

    hostile, fake = incident
    mention = store.mention(hostile)
    before = rp.render_html(rp.build(store, [hostile, fake], config=Config()))
    for _ in range(5):  # five more runs find the same page by the same search
        again = Result(url=mention.url, title=mention.title, snippet=mention.snippet, provider="brave", kind="web",
                       query=f'"{PERSON}" Liverpool', rank=2, canonical_url=mention.canonical_url,
                       domain="127.0.0.1", platform="web")
        store.record_run(PERSON, started_at=now(), results=[again], calls=[], failures=[], queries=1)
    html = rp.render_html(rp.build(store, [hostile, hostile, fake], config=Config()))
    found = html.split("How it was found</th><td>", 1)[1].split("</td>", 1)[0]
    assert found.count("Brave Search (web search)") == 1 and "found 6 times" in found and "best result 2" in found
    assert html.count("<section class=\"item\">") == 2  # a mention named twice is one item
    assert abs(len(html) - len(before)) < 400  # does not grow with the runs


@pytest.mark.browser
def test_report_fits_a_phone(store, incident, tmp_path):
    from playwright.sync_api import sync_playwright

    hostile, fake = incident
    page_file = tmp_path / "report.html"
    page_file.write_text(rp.render_html(rp.build(store, [hostile, fake], config=Config())))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(page_file.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        browser.close()
    assert width <= 375
