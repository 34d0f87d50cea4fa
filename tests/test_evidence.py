"""Evidence capture against real loopback pages: each capture recorded as what it is."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest
from werkzeug import Response

from repwatch.adapters.store import Store, now
from repwatch.config import Config, EvidenceSettings
from repwatch.models import Flag, Result
from repwatch.pipeline import evidence as ev
from tests.conftest import cli

FIXTURES = Path(__file__).parent / "fixtures" / "evidence"
PERSON = "Joanna Whitfield"


# --- helpers shared with test_report.py ----------------------------------------------------------
def make_mention(store: Store, url: str, *, title: str = "Joanna Whitfield - Staff page",
                 snippet: str = "Ms Whitfield teaches Year 5.", flags: list[Flag] | None = None,
                 platform: str = "web", kind: str = "web", profile: str = PERSON) -> int:
    result = Result(url=url, title=title, snippet=snippet, provider="brave", kind=kind,
                    query=f'"{profile}" Liverpool', rank=3, canonical_url=url,
                    domain="127.0.0.1", platform=platform)
    _, new_ids, _ = store.record_run(profile, started_at=now(), results=[result], calls=[], failures=[],
                                     queries=1)
    store.update_triage(new_ids[0], score=0.9, reasons=["name and location"],
                        flags=[Flag("negative", "derogatory words near the name")] if flags is None else flags)
    return new_ids[0]


def chromium() -> str:
    """The browser, or skip with the reason; under CI=true a missing browser is a failure."""
    path, note = ev.find_chromium(None)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {note}")
    pytest.skip(note)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "data" / "repwatch.db")
    yield s
    s.close()


NO_BROWSER = Config(evidence=EvidenceSettings(chromium_path="/nonexistent/chromium"))


def grab(store: Store, url: str, **kw) -> ev.CaptureOutcome:
    mention_id = make_mention(store, url)
    kw.setdefault("config", NO_BROWSER)
    return ev.capture(store, mention_id, allow_private=True, **kw)


def rows(store: Store, mention_id: int, kind: str | None = None) -> list[dict]:
    return [r for r in ev.evidence_rows(store, mention_id) if kind is None or r["kind"] == kind]


# --- one page, each shape of answer --------------------------------------------------------------
def test_normal_page_is_kept_with_hash_time_headers_and_the_search_result(store, httpserver):
    body = (FIXTURES / "staff.html").read_bytes()
    httpserver.expect_request("/staff").respond_with_data(body, content_type="text/html; charset=utf-8",
                                                          headers={"X-Served-By": "loopback"})
    out = grab(store, httpserver.url_for("/staff"))
    assert out.ok and out.outcome == "ok" and out.http_status == 200
    assert out.page.sha256 == hashlib.sha256(body).hexdigest()
    # named by hash, under <db dir>/evidence/<sha[:2]>/, with an extension from the content type
    assert out.page.path == store.path.parent / "evidence" / out.page.sha256[:2] / f"{out.page.sha256}.html"
    assert out.page.path.read_bytes() == body
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", out.captured_at)
    page = rows(store, out.mention_id, "page")[0]
    assert (page["outcome"], page["http_status"], page["size"]) == ("ok", 200, len(body))
    assert page["path"] == f"evidence/{out.page.sha256[:2]}/{out.page.sha256}.html"
    record = json.loads(out.result.path.read_bytes())
    assert record["search_results"][0]["query"] == f'"{PERSON}" Liverpool'
    assert record["search_results"][0]["rank"] == 3
    assert record["search_results"][0]["title"] == "Joanna Whitfield - Staff page"
    assert ["X-Served-By", "loopback"] in record["fetch"]["headers"]
    assert record["fetch"]["body_sha256"] == out.page.sha256
    assert "no screenshot" in out.screenshot_note
    events = ev.timeline(store, out.mention_id)
    assert [e.event for e in events] == ["found", "captured"]
    assert out.page.sha256[:12] in events[-1].note and "kept: page" in events[-1].note
    # mentions --json carries the evidence
    assert {e.sha256 for e in store.mention(out.mention_id).evidence} >= {out.page.sha256, out.result.sha256}


def test_404_is_recorded_as_gone_and_stays_pending(store, httpserver):
    httpserver.expect_request("/deleted").respond_with_data("Not here", status=404, content_type="text/plain")
    out = grab(store, httpserver.url_for("/deleted"))
    assert (out.outcome, out.http_status, out.ok) == ("gone", 404, False)
    assert out.page.path.read_bytes() == b"Not here"  # what the site said is kept too
    assert "404" in out.sentence() and "will try again" in out.sentence()
    assert [m.id for m in ev.pending_captures(store, PERSON)] == [out.mention_id]


def test_redirect_chain_ends_at_the_final_url(store, httpserver):
    httpserver.expect_request("/a").respond_with_response(Response(status=301, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/c"}))
    httpserver.expect_request("/c").respond_with_data("<p>final</p>", content_type="text/html")
    out = grab(store, httpserver.url_for("/a"))
    assert out.outcome == "ok" and out.final_url == httpserver.url_for("/c")
    assert rows(store, out.mention_id, "page")[0]["final_url"] == httpserver.url_for("/c")
    record = json.loads(out.result.path.read_bytes())
    assert [r["status"] for r in record["fetch"]["redirects"]] == [301, 302]


def test_redirect_loop_is_named(store, httpserver):
    httpserver.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    out = grab(store, httpserver.url_for("/loop"))
    assert out.outcome == "redirect_loop" and out.page is None
    assert "loop" in out.sentence()
    assert rows(store, out.mention_id, "page")[0]["outcome"] == "redirect_loop"
    assert out.result is not None  # the search result as found is kept anyway


def _huge_page(httpserver, path: str, megabytes: int) -> list[int]:
    """A page of ``megabytes`` MB sent in 1 MB blocks; the list counts the blocks the server got to send."""
    sent: list[int] = []

    def handler(_request):
        def chunks():
            block = b"<p>" + b"x" * (1024 * 1024 - 8) + b"</p>\n"
            for i in range(megabytes):
                sent.append(i)
                yield block
        return Response(chunks(), content_type="text/html", direct_passthrough=True)

    httpserver.expect_request(path).respond_with_handler(handler)
    return sent


def test_a_50_mb_page_is_cut_at_the_limit(store, httpserver):
    sent = _huge_page(httpserver, "/huge", 50)
    out = grab(store, httpserver.url_for("/huge"), max_bytes=2 * 1024 * 1024)
    assert out.outcome == "too_large" and out.ok
    assert out.page.size == 2 * 1024 * 1024
    assert "cut" in out.detail
    assert len(sent) < 50  # repwatch hung up at the limit instead of reading the whole page


def test_a_page_bigger_than_the_default_limit_is_cut_at_ten_megabytes_and_says_so(store, httpserver):
    _huge_page(httpserver, "/big", 12)
    out = grab(store, httpserver.url_for("/big"))
    assert out.outcome == "too_large" and out.ok
    assert out.page.size == 10 * 1024 * 1024 == out.page.path.stat().st_size
    assert out.sentence().endswith(", cut at 10,485,760 bytes.")
    assert "larger than 10,485,760 bytes, so it was cut there" in out.detail


def test_a_slow_page_times_out(store, httpserver):
    def slow(_request):
        time.sleep(1.0)
        return Response("late", content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    out = grab(store, httpserver.url_for("/slow"), timeout=0.3)
    assert out.outcome == "timeout" and out.page is None
    assert "0.3 seconds" in out.detail


@pytest.mark.parametrize("kind", ["redirect", "403"])
def test_login_walls_are_named(store, httpserver, kind):
    if kind == "redirect":
        httpserver.expect_request("/joanna.w/posts/1").respond_with_response(
            Response(status=302, headers={"Location": "/accounts/login/?next=/joanna.w/posts/1"}))
        httpserver.expect_request("/accounts/login/").respond_with_data("<form>Log in</form>", content_type="text/html")
        url = httpserver.url_for("/joanna.w/posts/1")
    else:
        httpserver.expect_request("/private").respond_with_data("Forbidden", status=403)
        url = httpserver.url_for("/private")
    out = grab(store, url)
    assert out.outcome == "login_wall"
    assert "login page" in out.sentence() and "screenshot yourself" in out.sentence()


def test_script_in_the_title_is_stored_as_bytes(store, httpserver):
    body = (FIXTURES / "hostile.html").read_bytes()
    httpserver.expect_request("/hostile").respond_with_data(body, content_type="text/html")
    out = grab(store, httpserver.url_for("/hostile"))
    assert out.outcome == "ok" and out.page.path.read_bytes() == body
    assert out.page.path.name == f"{out.page.sha256}.html"  # never a name from the page


def test_private_addresses_and_other_schemes_are_refused(store, httpserver):
    httpserver.expect_request("/x").respond_with_data("secret")
    out = ev.capture(store, make_mention(store, httpserver.url_for("/x")), config=NO_BROWSER, allow_private=False)
    assert out.outcome == "refused" and "private or local" in out.detail
    assert not httpserver.log
    out = ev.capture(store, make_mention(store, "javascript:alert(1)"), config=NO_BROWSER)
    assert out.outcome == "refused"


def test_unreachable_site(store):
    out = grab(store, "http://127.0.0.1:9/nothing-listens-here")
    assert out.outcome == "unreachable" and not out.ok


# --- the run's part ------------------------------------------------------------------------------
def test_capture_new_takes_flagged_and_pending_and_names_problems(store, httpserver):
    httpserver.expect_request("/ok").respond_with_data("<p>ok</p>", content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    httpserver.expect_request("/plain").respond_with_data("<p>plain</p>", content_type="text/html")
    flagged = make_mention(store, httpserver.url_for("/ok"))
    gone = make_mention(store, httpserver.url_for("/gone"))
    plain = make_mention(store, httpserver.url_for("/plain"), flags=[])
    problems = ev.capture_new(NO_BROWSER, store, [flagged, gone, plain], profile=PERSON, allow_private=True)
    assert len(problems) == 1 and f"#{gone}" in problems[0] and "404" in problems[0]
    assert rows(store, flagged, "page")[0]["outcome"] == "ok"
    assert rows(store, plain) == []  # not flagged: not captured with capture = "flagged"
    # the next runs retry the failed one, up to MAX_ATTEMPTS, without being handed it
    for _ in range(ev.MAX_ATTEMPTS - 1):
        assert [m.id for m in ev.pending_captures(store, PERSON)] == [gone]
        ev.capture_new(NO_BROWSER, store, [], profile=PERSON, allow_private=True)
    assert len(rows(store, gone, "page")) == ev.MAX_ATTEMPTS
    assert ev.pending_captures(store, PERSON) == []
    assert len(rows(store, flagged, "page")) == 1  # a good capture is not repeated


def test_pages_set_aside_as_someone_elses_are_not_captured(store, httpserver):
    """Flags are raised on every page, but proof is kept only of pages shown as about her."""
    httpserver.expect_request("/theirs").respond_with_data("<p>theirs</p>", content_type="text/html")
    httpserver.expect_request("/unsure").respond_with_data("<p>unsure</p>", content_type="text/html")
    theirs = make_mention(store, httpserver.url_for("/theirs"))
    store.update_triage(theirs, score=0.45, reasons=[], flags=[Flag("negative", "misconduct")],
                        about="someone_else", about_reasons=["a solicitor in Leeds; you teach in Liverpool"])
    unsure = make_mention(store, httpserver.url_for("/unsure"))
    store.update_triage(unsure, score=0.55, reasons=[], flags=[Flag("safeguarding", "asking where she lives")],
                        about="unsure", about_reasons=["your name, and nothing that says whether it is you"])
    everything = Config(evidence=EvidenceSettings(capture="all", chromium_path="/nonexistent/chromium"))
    for config in (NO_BROWSER, everything):
        assert ev.capture_new(config, store, [theirs, unsure], profile=PERSON, allow_private=True) == []
    assert rows(store, theirs) == []
    assert {r["outcome"] for r in rows(store, unsure, "page")} == {"ok"}
    assert ev.pending_captures(store, PERSON) == []  # and later runs do not go back for it
    # she says it is hers after all: it is shown, so it is kept
    store.tell_about(theirs, "you")
    assert [m.id for m in ev.pending_captures(store, PERSON)] == [theirs]


def test_capture_modes_all_and_none(store, httpserver):
    httpserver.expect_request("/plain").respond_with_data("<p>plain</p>", content_type="text/html")
    plain = make_mention(store, httpserver.url_for("/plain"), flags=[])
    none = Config(evidence=EvidenceSettings(capture="none"))
    assert ev.capture_new(none, store, [plain], allow_private=True) == []
    assert rows(store, plain) == []
    everything = Config(evidence=EvidenceSettings(capture="all", chromium_path="/nonexistent/chromium"))
    assert ev.capture_new(everything, store, [plain], allow_private=True) == []
    assert rows(store, plain, "page")[0]["outcome"] == "ok"


def test_a_capture_never_raises_even_when_the_disk_fails(store, httpserver, monkeypatch):
    httpserver.expect_request("/ok").respond_with_data("<p>ok</p>", content_type="text/html")

    def broken(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("repwatch.pipeline.evidence.capturing.save_bytes", broken)
    out = grab(store, httpserver.url_for("/ok"))
    assert out.outcome == "error" and "could not store" in out.sentence()


# --- verify and timeline -------------------------------------------------------------------------
def test_verify_names_a_changed_and_a_missing_file(store, httpserver):
    httpserver.expect_request("/one").respond_with_data("<p>one</p>", content_type="text/html")
    httpserver.expect_request("/two").respond_with_data("<p>two</p>", content_type="text/html")
    one = grab(store, httpserver.url_for("/one"))
    two = grab(store, httpserver.url_for("/two"))
    assert ev.verify(store) == []
    one.page.path.write_bytes(b"<p>edited</p>")
    two.page.path.unlink()
    problems = {p.problem: p for p in ev.verify(store)}
    assert set(problems) == {"changed", "missing"}
    assert problems["changed"].path == str(one.page.path) and problems["changed"].mention_id == one.mention_id
    assert problems["missing"].path == str(two.page.path)
    assert "has changed" in problems["changed"].sentence() and "missing" in problems["missing"].sentence()


def test_timeline_has_every_step_with_notes(store, httpserver):
    httpserver.expect_request("/t").respond_with_data("<p>t</p>", content_type="text/html")
    out = grab(store, httpserver.url_for("/t"))
    store.set_status(out.mention_id, "concern", "Told Mrs Patel (DSL) on Monday")
    store.set_status(out.mention_id, "resolved", "Facebook removed it")
    steps = [(e.event, e.note) for e in ev.timeline(store, out.mention_id)]
    assert [s[0] for s in steps] == ["found", "captured", "concern", "resolved"]
    assert ("concern", "Told Mrs Patel (DSL) on Monday") in steps
    assert ("resolved", "Facebook removed it") in steps


# --- rendering the snapshot safely ---------------------------------------------------------------
def test_render_copy_strips_scripts_handlers_and_refreshes():
    body = (FIXTURES / "hostile.html").read_bytes()
    safe = ev.render_copy(body, "https://example.org/post").decode()
    assert "<script" not in safe.lower()
    assert "onerror" not in safe.lower() and "onload" not in safe.lower()
    assert "javascript:" not in safe.lower()
    assert 'http-equiv="refresh"' not in safe.lower()
    assert "script-src 'none'" in safe and "img-src data:;" in safe
    assert "<base" not in safe.lower()  # nothing in the copy resolves against the live site


def test_safeguarding_mentions_keep_no_pictures(store, httpserver):
    httpserver.expect_request("/img").respond_with_data(b"\x89PNG fake", content_type="image/png")
    mention_id = make_mention(store, httpserver.url_for("/img"),
                              flags=[Flag("safeguarding", "pupils and nudes near the name")])
    out = ev.capture(store, mention_id, config=Config(), allow_private=True)
    assert out.page is None and out.screenshot is None
    assert "UKCIS" in out.screenshot_note and "UKCIS" in out.detail
    assert out.result is not None


@pytest.mark.browser
def test_screenshot_of_the_snapshot_with_scripts_off(store, httpserver):
    chromium()
    body = (FIXTURES / "hostile.html").read_bytes()
    httpserver.expect_request("/hostile").respond_with_data(body, content_type="text/html")
    httpserver.expect_request("/beacon").respond_with_data("no")
    httpserver.expect_request("/pixel.png").respond_with_data(
        (FIXTURES / "pixel.png").read_bytes(), content_type="image/png")
    mention_id = make_mention(store, httpserver.url_for("/hostile"))
    out = ev.capture(store, mention_id, config=Config(), allow_private=True)
    assert out.outcome == "ok" and out.screenshot is not None, out.screenshot_note
    data = out.screenshot.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == out.screenshot.sha256
    width, height = png_size(data)
    assert width == 1280 and height > 900  # the full page, not just the window
    paths = [entry[0].path for entry in httpserver.log]
    assert "/beacon" not in paths  # no script ran: not in the page, not in a handler
    assert "/pixel.png" not in paths  # nothing live is loaded: the copy alone is drawn
    shot = rows(store, mention_id, "screenshot")[0]
    assert shot["outcome"] == "ok" and shot["sha256"] == out.screenshot.sha256


# --- the command line ----------------------------------------------------------------------------
def test_cli_evidence_capture_verify_and_unknown_id(home, httpserver):
    db = home / "cli.db"
    store = Store(db)
    httpserver.expect_request("/page").respond_with_data("<p>page</p>", content_type="text/html")
    mention_id = make_mention(store, httpserver.url_for("/page"))
    store.close()
    env = {ev.ALLOW_PRIVATE_ENV: "1", "PATH": "/nonexistent"}  # no browser: fast, and the note says so
    done = cli("--db", str(db), "evidence", str(mention_id), env=env)
    assert done.returncode == 0, done.stderr
    assert "page        ok: HTTP 200" in done.stdout and "sha256" in done.stdout
    assert "no Chromium was found" in done.stdout
    done = cli("--db", str(db), "evidence", "--verify", env=env)
    assert done.returncode == 0 and "All 2 evidence files match" in done.stdout
    page = next((db.parent / "evidence").glob("*/*.html"))
    page.write_bytes(b"tampered")
    done = cli("--db", str(db), "evidence", "--verify", env=env)
    assert done.returncode == 1 and str(page) in done.stderr and "has changed" in done.stderr
    done = cli("--db", str(db), "evidence", "999", env=env)
    assert done.returncode == 2 and "There is no mention with ID 999" in done.stderr
    assert "Traceback" not in done.stderr
    done = cli("--db", str(db), "evidence", env=env)
    assert done.returncode == 2 and "--verify" in done.stderr
