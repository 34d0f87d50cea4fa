"""Urgent flags pushed through real Apprise calls to a loopback server, once per mention."""

from __future__ import annotations

import json

from werkzeug import Request, Response

from repwatch.adapters.store import Store
from repwatch.config import Config, Profile
from repwatch.models import Flag, Result
from repwatch.pipeline.notify import push_urgent


def _store(tmp_path) -> tuple[Store, dict[str, int]]:
    store = Store(tmp_path / "n.db")
    pages = {
        "fake": ("https://www.facebook.com/joanna.whitfield.teacher", "facebook", "account",
                 [Flag("impersonation", "A Facebook account named Joanna Whitfield is not one of your handles.")]),
        "pupils": ("https://www.tiktok.com/@year6leavers/video/7301", "tiktok", "post",
                   [Flag("negative", "Unkind words."), Flag("safeguarding", "Mentions pupils near the name.")]),
        "calm": ("https://www.staidans-liverpool.sch.uk/news/year-4-trip", "school", "web", []),
        "unkind": ("https://forum.example.net/t/1", "web", "web", [Flag("negative", "Unkind words.")]),
    }
    results = [
        Result(url=url, title=f"{key} <page>", snippet="", provider="brave", kind=kind, query='"Joanna Whitfield"',
               rank=1, canonical_url=url, domain=url.split("/")[2].removeprefix("www."), platform=platform)
        for key, (url, platform, kind, _flags) in pages.items()
    ]
    _, ids, _ = store.record_run("Joanna Whitfield", started_at="2026-11-24T07:00:00+00:00", results=results,
                                 calls=[], failures=[], queries=1)
    by_key = dict(zip(pages, ids, strict=True))
    for key, (_url, _platform, _kind, flags) in pages.items():
        store.update_triage(by_key[key], score=0.9, reasons=[], flags=flags)
    return store, by_key


def _config(*urls: str, db=None) -> Config:
    data = {"notify": {"urls": list(urls)}, "profile": [{"name": "Joanna Whitfield"}]}
    if db is not None:
        data["repwatch"] = {"database": str(db)}
    return Config.model_validate(data)


def test_urgent_mentions_are_pushed_once(tmp_path, httpserver):
    received: list[dict] = []

    def hook(request: Request) -> Response:
        received.append(json.loads(request.get_data()))
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/hooks/repwatch", method="POST").respond_with_handler(hook)
    store, ids = _store(tmp_path)
    config = _config(f"json://127.0.0.1:{httpserver.port}/hooks/repwatch")

    problems = push_urgent(config, store, store.undelivered("Joanna Whitfield"))
    assert problems == []
    assert len(received) == 2  # impersonation and safeguarding; not the calm page, not the merely unkind one
    by_title = {r["title"]: r for r in received}
    assert set(by_title) == {"repwatch: Impersonation on Facebook", "repwatch: Safeguarding on TikTok"}
    safeguarding = by_title["repwatch: Safeguarding on TikTok"]["message"]
    assert safeguarding.startswith("Tell your Designated Safeguarding Lead now.")
    assert f"On your review page: http://127.0.0.1:8377/mentions/{ids['pupils']}" in safeguarding
    assert "repwatch dismiss" not in safeguarding  # no "not me" command for a safeguarding page
    assert "www.tiktok.com/@year6leavers/video/7301" in safeguarding
    assert "An account may be pretending to be you" in by_title["repwatch: Impersonation on Facebook"]["message"]
    rows = {r["mention_id"]: r["status"] for r in store.db.query("SELECT * FROM pushes")}
    assert rows == {ids["fake"]: "sent", ids["pupils"]: "sent"}

    # the next run finds the same mentions still undelivered (say the email failed): no second push
    assert push_urgent(config, store, store.undelivered("Joanna Whitfield")) == []
    assert len(received) == 2


def test_a_failed_push_is_a_sentence_and_is_tried_again(tmp_path, httpserver):
    calls: list[int] = []

    def down_then_up(request: Request) -> Response:
        calls.append(1)
        return Response("no", status=503) if len(calls) <= 2 else Response("{}", content_type="application/json")

    httpserver.expect_request("/h", method="POST").respond_with_handler(down_then_up)
    store, ids = _store(tmp_path)
    secret_url = f"json://user:s3cr3t@127.0.0.1:{httpserver.port}/h"
    config = _config(secret_url, "notaservice://x")
    problems = push_urgent(config, store, store.undelivered("Joanna Whitfield"))
    assert problems[0] == (
        "A [notify] url starting notaservice:// is not one Apprise understands; check it in the config."
    )
    assert problems[1:] == [
        f"The urgent push for mention #{i} via json:// failed; it is in the digest, and repwatch will try the push "
        "again next run." for i in (ids["pupils"], ids["fake"])  # most serious first
    ]
    assert not any("s3cr3t" in p for p in problems)
    assert {r["status"] for r in store.db.query("SELECT status FROM pushes")} == {"failed"}

    assert push_urgent(config, store, store.undelivered("Joanna Whitfield"))[1:] == []
    assert {r["status"] for r in store.db.query("SELECT status FROM pushes")} == {"sent"}
    assert len(calls) == 4


def test_the_run_pushes_and_still_writes_the_digest(home, httpserver):
    from repwatch.pipeline.runner import send_digest

    received: list[dict] = []
    httpserver.expect_request("/p", method="POST").respond_with_handler(
        lambda r: (received.append(json.loads(r.get_data())), Response("{}"))[1]
    )
    store, ids = _store(home)
    config = _config(f"json://127.0.0.1:{httpserver.port}/p", db=store.path)
    profile = Profile(name="Joanna Whitfield", platforms=["facebook"])
    notes: list[str] = []
    status, detail = send_digest(config, profile, store, None, [], notes)
    assert status == "written" and notes == []
    assert len(received) == 2
    html = (home / "outbox").glob("*.html").__next__().read_text()
    assert "Tell your Designated Safeguarding Lead now." in html
    assert "https://www.facebook.com/settings?tab=privacy" in html  # the month's privacy reminder

    # nothing new next time: an all-clear, no push, and no second reminder this month
    status, _ = send_digest(config, profile, store, None, [], notes)
    assert status == "written" and len(received) == 2
    latest = sorted((home / "outbox").glob("*.html"))[-1].read_text()
    assert "All clear" in latest and "facebook.com/settings" not in latest


def test_without_apprise_the_run_says_how_to_add_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "apprise", None)  # `pip install repwatch` without the push extra
    store, _ = _store(tmp_path)
    problems = push_urgent(_config("ntfy://ntfy.sh/joanna-private-topic"), store, store.undelivered("Joanna Whitfield"))
    assert problems == ['Urgent push notifications need Apprise, which is not installed: run '
                        '`pip install "repwatch[push]"`, or take [notify] out of the config.']


def test_a_page_set_aside_as_someone_elses_is_never_pushed(tmp_path, httpserver):
    """Another Joanna Whitfield's page with urgent flags (raised on every page) is set aside: no push."""
    received: list[dict] = []
    httpserver.expect_request("/h", method="POST").respond_with_handler(
        lambda r: (received.append(json.loads(r.get_data())), Response("{}"))[1]
    )
    store, ids = _store(tmp_path)
    store.update_triage(ids["pupils"], score=0.45, reasons=[], about="someone_else",
                        about_reasons=["at another school, Oakwood High School"],
                        flags=[Flag("safeguarding", "Mentions pupils near the name.")])
    config = _config(f"json://127.0.0.1:{httpserver.port}/h")
    # handed every mention, the set-aside one included: only hers is pushed
    assert push_urgent(config, store, store.mentions(profile="Joanna Whitfield", include_all=True)) == []
    assert [r["title"] for r in received] == ["repwatch: Impersonation on Facebook"]
    assert {r["mention_id"] for r in store.db.query("SELECT * FROM pushes")} == {ids["fake"]}
