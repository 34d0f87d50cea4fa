"""The review page's "Where your home is listed": every listing with its track, the request button,
and the drafted letter; against a real database and config file."""

from __future__ import annotations

import re
import warnings

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.models import Flag
from tests.web_support import open_page, result, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
URL = "https://www.192.com/atoz/people/whitfield/joanna/ammanford/abc123/"


@pytest.fixture
def page(tmp_path, monkeypatch):
    from repwatch.web.app import create_app

    monkeypatch.setenv("REPWATCH_EXPOSURE_TABLE", "")  # the built-in table: this page reads it, nothing goes online

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    store = Store(db)
    listing = result(URL, "Joanna Whitfield in Ammanford | 192.com", "Joanna Whitfield, Ammanford SA18", kind="listing")
    verdict = type("V", (), {"score": 1.0, "reasons": [], "tone": 0.0,
                             "flags": [Flag("personal_info", "192.com lists your name with Ammanford.")]})()
    _, ids, _ = store.record_run("Joanna Whitfield", started_at="2026-12-01T07:00:00+00:00", results=[listing],
                                 calls=[], failures=[], queries=1, verdicts={listing.canonical_url: verdict})
    store.add_listing("Joanna Whitfield", mention_id=ids[0], site="192com", url=URL,
                      reason="your name with Ammanford", at="2026-12-01T07:00:00+00:00")
    store.close()
    config = write_config(tmp_path / "config.toml", db)
    config.write_text(config.read_text() + '\n[exposure]\naddress = "12 Heol Las, Ammanford SA18 2AB"\n')
    client = open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db)
    return client, ids[0], db


def test_the_page_lists_each_listing_with_its_track_and_next_step(page):
    client, mention_id, _ = page
    html = client.get("/exposure").text
    assert "Where your home is listed" in html and 'aria-current="page">Your address' in html
    assert f"#{mention_id} 192.com" in html and "It shows your name with Ammanford." in html
    assert "Needs your own form or ID" in html  # 192.com's removal needs her own form
    assert "repwatch could not check how this site takes requests" in html  # unverified: said as "check"
    assert "I asked for it to be removed" in html
    assert "Opting out is not retrospective" in html


def test_the_button_records_the_request_and_shows_the_letter(page):
    client, mention_id, db = page
    html = client.get("/exposure").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    answer = client.post(f"/exposure/{mention_id}/asked", data={"csrf": csrf, "note": "sent by email"},
                         follow_redirects=True)
    assert answer.status_code == 200
    assert f"Recorded your request to remove #{mention_id}" in answer.text
    assert "Article 17 of the UK General Data Protection Regulation" in answer.text
    assert "regulation 18 of the Privacy and Electronic Communications" in answer.text  # 192.com is a directory
    assert "Address: 12 Heol Las, Ammanford SA18 2AB" in answer.text
    store = Store(db)
    row = store.listing_of_mention(mention_id)
    assert row["state"] == "asked" and row["due_at"] > row["asked_at"]
    assert [e["event"] for e in store.events(mention_id)][-1] == "listing_asked"
    store.close()
    html = client.get("/exposure").text
    assert "Asked to remove" in html and "The site needs two more months" in html
    answer = client.post(f"/exposure/{mention_id}/asked", data={"csrf": csrf, "extended": "1"},
                         follow_redirects=True)
    assert "up to two more months" in answer.text


def test_a_post_without_the_form_token_changes_nothing(page):
    client, mention_id, db = page
    answer = client.post(f"/exposure/{mention_id}/asked", data={"note": "x"})
    assert answer.status_code == 403
    store = Store(db)
    assert store.listing_of_mention(mention_id)["state"] == "found"
    store.close()


def test_not_a_listing_is_a_plain_page(page):
    client, _, _ = page
    html = client.get("/exposure")
    csrf = re.search(r'name="csrf" value="([^"]+)"', html.text).group(1)
    answer = client.post("/exposure/999/asked", data={"csrf": csrf})
    assert answer.status_code == 400 and "#999 is not a listing of your home" in answer.text
    assert client.get("/exposure/999/letter").status_code == 404


def test_a_register_that_takes_no_letter_is_recorded_without_one(page):
    """Companies House: its own application, not an erasure letter; the request is still followed."""
    from repwatch.app import exposure as service

    client, mention_id, db = page
    store = Store(db)
    url = "https://find-and-update.company-information.service.gov.uk/officers/Xa1/appointments"
    listing = result(url, "Joanna Mary WHITFIELD personal appointments", "Correspondence address: 12 Heol Las",
                     kind="listing")
    _, ids, _ = store.record_run("Joanna Whitfield", started_at="2026-12-02T07:00:00+00:00", results=[listing],
                                 calls=[], failures=[], queries=1, verdicts={})
    store.add_listing("Joanna Whitfield", mention_id=ids[0], site="companies_house", url=url,
                      reason="your home address")
    config = load(db.parent.parent / "config.toml")
    done = service.asked(config, store, ids[0], "asked the trust to change my correspondence address")
    assert done.letter == "" and done.path is None and done.row["state"] == "asked"
    html = client.get("/exposure").text
    assert f"#{ids[0]} Companies House" in html and f"/exposure/{ids[0]}/letter" not in html
    assert client.get(f"/exposure/{ids[0]}/letter").status_code == 404
    store.close()


def test_a_listing_she_said_is_not_her_is_not_listed(page):
    client, mention_id, db = page
    store = Store(db)
    store.set_status(mention_id, "dismissed", "another Joanna Whitfield")
    store.close()
    assert f"#{mention_id} 192.com" not in client.get("/exposure").text


def test_the_digest_block_stays_compact_with_many_listings(tmp_path, monkeypatch):
    from repwatch.pipeline.digest import render_html, render_text
    from repwatch.pipeline.runner import build_digest

    monkeypatch.setenv("REPWATCH_EXPOSURE_TABLE", "")
    db = tmp_path / "repwatch.db"
    store = Store(db)
    results = [result(f"https://www.192.com/atoz/people/whitfield/joanna/ammanford/{i}/", f"Joanna Whitfield {i}",
                      "Joanna Whitfield, Ammanford " * 20, kind="listing") for i in range(60)]
    _, ids, _ = store.record_run("Joanna Whitfield", started_at="2026-12-01T07:00:00+00:00", results=results,
                                 calls=[], failures=[], queries=1, verdicts={})
    for mention_id, r in zip(ids, results, strict=True):
        store.add_listing("Joanna Whitfield", mention_id=mention_id, site="192com", url=r.url,
                          reason="your name with Ammanford")
    config = load(write_config(tmp_path / "config.toml", db))
    digest = build_digest(config.profile[0], [], [], [], config=config, store=store)  # the block alone, in an all-clear
    html, text = render_html(digest), render_text(digest)
    assert "And 40 more: see" in html and "and 40 more (see repwatch exposure)" in text
    assert len(html.encode()) < 45_000, len(html.encode())  # half the digest's 90 KB at most
    assert html.count("192.com</strong>:") == 20
    store.close()
