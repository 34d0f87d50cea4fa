"""What to save, per flag, said the same way by the digest, the review page and the school report,
as the guide says it: save everything; the one exception is a nude or sexual image of anyone under 18."""

from __future__ import annotations

import warnings

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.pipeline.digest import render_html, render_text
from tests.test_digest import full_digest
from tests.web_support import open_page, result, seed, verdict, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BLANKET = "do not screenshot or save this one yourself"
SAVE_SAFEGUARDING = "take your own screenshot now, with the web address, the date and who posted it"
EXCEPTION = "The one exception: a nude or sexual image of anyone under 18. Do not copy, screenshot or forward it"
IWF = "Internet Watch Foundation"


def _card(text: str, mention_id: int) -> str:
    start = text.index(f"* #{mention_id} ")
    end = text.find("\n* #", start + 1)
    return text[start:end if end > 0 else None]


def test_the_digest_says_save_it_on_every_card_and_the_exception_only_on_safeguarding():
    digest = full_digest()
    text, html = render_text(digest), render_html(digest)
    for body in (text, html):
        assert BLANKET not in body.lower()
        assert "Not saved yet: " + SAVE_SAFEGUARDING in body
        assert EXCEPTION in body and IWF in body and "CEOP" in body
    safeguarding, impersonation = _card(text, 43), _card(text, 42)
    assert "Not saved yet: " + SAVE_SAFEGUARDING in safeguarding and EXCEPTION in safeguarding
    assert "take your own screenshot of the profile now" in impersonation
    assert EXCEPTION not in impersonation and "Do not copy" not in impersonation
    assert text.count(EXCEPTION) == 1  # one safeguarding card


@pytest.fixture
def page_site(tmp_path):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    store = Store(db)
    pupil = result("https://www.tiktok.com/@y9gossip/video/1", "Y9 gossip about Ms Whitfield",
                   "a pupil says they will go to Ms Whitfield's house", "tiktok", "post")
    _, new_ids, _ = store.record_run("Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=[pupil],
                                     calls=[], failures=[], queries=1,
                                     verdicts={pupil.canonical_url: verdict(("safeguarding", "a pupil plans to visit"))})
    store.close()
    ids["safeguarding"] = new_ids[0]
    config = write_config(tmp_path / "config.toml", db)
    return open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db), ids


def test_the_review_page_and_the_report_give_the_same_advice(page_site):
    client, ids = page_site
    page = client.get(f"/mentions/{ids['safeguarding']}").text
    assert "Take your own screenshot now, with the web address, the date and who posted it" in page
    assert EXCEPTION in page and IWF in page
    assert "screenshot any image that may show a child" not in page
    impersonation = client.get(f"/mentions/{ids['impersonation']}").text
    assert "Take your own screenshot of the profile now" in impersonation and EXCEPTION not in impersonation
    report = client.get(f"/report?id={ids['safeguarding']}&format=html").text
    assert "Take your own screenshot now, with the web address, the date and who posted it" in report
    assert EXCEPTION in report
    assert "screenshot any image that may show a child" not in report
