"""Every answer finishes the job: "mine" and "not me" drop the alarm at once, can be undone where they
were given, "mine" twice is harmless, her own accounts are listed with a way to undo each, and the
list answers in place, on the card, with the safeguarding card asking what "not me" means."""

from __future__ import annotations

import re
import warnings

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from tests.web_support import open_page, result, seed, verdict, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def site(tmp_path):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    store = Store(db)
    found = [
        result("https://www.tiktok.com/@jowhitfield_art", "Jo Whitfield (@jowhitfield_art) | TikTok",
               "Jo Whitfield. Art and crafts.", "tiktok", "account"),
        result("https://www.tiktok.com/@y9gossip/video/1", "Y9 gossip about Ms Whitfield",
               "a pupil says Ms Whitfield was seen with a pupil after school", "tiktok", "post"),
    ]
    verdicts = {found[0].canonical_url: verdict(("unconfirmed_account", "an account in your name on TikTok")),
                found[1].canonical_url: verdict(("safeguarding", "a rumour about a pupil"))}
    _, new_ids, _ = store.record_run("Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=found,
                                     calls=[], failures=[], queries=1, verdicts=verdicts)
    store.close()
    ids["account"], ids["rumour"] = new_ids
    config = write_config(tmp_path / "config.toml", db)
    config.write_text(config.read_text() + 'handles = ["@MsWhitfieldTeach", "instagram:jo.whitfield"]\n')
    client = open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db)
    return client, ids, config


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def section_of(listing: str, mention_id: int) -> str:
    at = listing.index(f'id="m{mention_id}"')
    return re.findall(r'<h2 id="h-(\w+)"', listing[:at])[-1]


def card_of(listing: str, mention_id: int) -> str:
    start = listing.index(f'id="m{mention_id}"')
    return listing[start:listing.index("</li>", start)]


def article(page: str) -> str:
    return page[page.index("<article"):page.index("</article>")]


def test_mine_drops_the_alarm_at_once_and_is_undone_where_it_was_said(site):
    client, ids, _ = site
    account = ids["account"]
    listing = client.get("/").text
    assert section_of(listing, account) == "attention"
    token = csrf_of(listing)

    page = client.post(f"/mentions/{account}/mine", data={"csrf": token}).text
    assert "now counted as yours" in page
    head = article(page)
    assert 'class="card flagged' not in head and 'class="badge urgent' not in head and 'class="badge"' not in head
    assert "Yours" in head
    assert "This account is mine" not in page and "Yes, it is mine" not in page  # no more "mine" offered
    assert "What to do" not in page
    assert "Not mine after all" in page  # undone where it was given
    listing = client.get("/").text
    assert section_of(listing, account) == "rest" and "flagged" not in card_of(listing, account).split(">")[0]

    again = client.post(f"/mentions/{account}/mine", data={"csrf": token})
    assert again.status_code == 200 and "already counted as yours" in again.text  # twice is harmless

    mine = client.get("/accounts").text
    assert "jowhitfield_art" in mine and "@MsWhitfieldTeach" in mine and "instagram:jo.whitfield" in mine
    assert mine.count(">Not mine after all<") == 1 and mine.count(">Not mine: take it off<") == 2

    undone = client.post(f"/mentions/{account}/reopen", data={"csrf": token, "back": "/accounts"})
    assert undone.status_code == 200 and "is no longer counted as yours" in undone.text
    assert "jowhitfield_art" not in undone.text.split("<h1>", 1)[1]
    listing = client.get("/").text
    assert section_of(listing, account) == "attention" and "It is mine" in card_of(listing, account)


def test_a_config_handle_is_taken_off_from_the_accounts_page(site):
    client, _, config = site
    token = csrf_of(client.get("/accounts").text)
    page = client.post("/accounts", data={"csrf": token, "index": "0", "handle": "@MsWhitfieldTeach"}).text
    assert "@MsWhitfieldTeach is no longer listed as yours" in page
    assert load(config).profile[0].handles == ["instagram:jo.whitfield"]


def test_not_me_drops_the_alarm_and_the_advice(site):
    client, ids, _ = site
    hostile = ids["hostile"]
    before = client.get(f"/mentions/{hostile}").text
    assert "What to do" in before and 'class="card flagged' in before
    page = client.post(f"/mentions/{hostile}/dismiss", data={"csrf": csrf_of(before)}).text
    head = article(page)
    assert 'class="card flagged' not in head and 'class="badge"' not in head and 'badge urgent' not in head
    assert "What to do" not in page and "POSH" not in page and "report it to the site" not in page.lower()
    assert "Put it back on my list" in page


def test_the_list_answers_on_the_card_with_an_undo_beside_it(site):
    client, ids, _ = site
    plain = ids["plain"]
    listing = client.get("/").text
    token = csrf_of(listing)
    card = client.post(f"/mentions/{plain}/dismiss", data={"csrf": token, "back": "/"},
                       headers={"HX-Request": "true"})
    assert card.status_code == 200
    html = card.text
    assert html.lstrip().startswith(f'<li class="card row done" id="m{plain}"')  # just the card
    assert 'role="status"' in html and "Marked as not about you." in html
    undo = re.search(r'<button[^>]*>Undo</button>', html).group(0)
    assert "autofocus" in undo and f"/mentions/{plain}/reopen" in html  # focus stays on the card, on Undo
    back = client.post(f"/mentions/{plain}/reopen", data={"csrf": token, "back": "/"},
                       headers={"HX-Request": "true"}).text
    assert "Reopened." in back and ">Not me</button>" in back

    # without scripts: the answer is said on the card, and the page comes back to it
    plain_post = client.post(f"/mentions/{plain}/concern", data={"csrf": token, "back": "/"},
                             follow_redirects=False)
    assert plain_post.headers["location"] == f"/#m{plain}"
    listing = client.get("/").text
    assert "Marked as a worry" in card_of(listing, plain)


def test_not_me_on_a_safeguarding_card_says_what_it_means_and_offers_worried(site):
    client, ids, _ = site
    card = card_of(client.get("/").text, ids["rumour"])
    ask = card[card.index("<details"):card.index("</details>")]
    assert "not about you" in ask and "not that what it says is untrue" in ask
    assert "Worried" in ask and f"/mentions/{ids['rumour']}/concern" in ask
    assert f"/mentions/{ids['rumour']}/dismiss" in ask
    # a card that is not safeguarding acts at once, with the undo beside it
    assert "<details" not in card_of(client.get("/").text, ids["plain"])
