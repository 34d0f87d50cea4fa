"""An account block is one site and one username, never every site that shares a platform (the adult
sites, every `sites_file` site), and `unblock` (and the page's Unblock) takes what `blocked` prints."""

from __future__ import annotations

import re

import httpx

from repwatch.adapters.store import Store
from repwatch.app import lifecycle
from repwatch.handles import Account
from repwatch.models import Flag, Result, now
from repwatch.pipeline.triage import accounts_book
from tests.test_web_sessions import make, serving
from tests.web_support import open_page

PERSON = "Joanna Whitfield"


def _account(store: Store, url: str, username: str, platform: str = "adult") -> int:
    result = Result(url=url, title=f"{username} on a site", snippet="", provider="accounts", kind="account",
                    query=username, rank=1, canonical_url=url, domain=url.split("/")[2], platform=platform)
    _, ids, _ = store.record_run(PERSON, started_at=now(), results=[result], calls=[], failures=[], queries=1)
    store.update_triage(ids[0], score=0.9, reasons=["x"], flags=[Flag("unconfirmed_account", "x")])
    return ids[0]


def test_not_me_for_one_sites_account_hides_only_that_site(tmp_path):
    from repwatch.config import Profile

    store = Store(tmp_path / "repwatch.db")
    first = _account(store, "https://site-a.example/user/jo_w", "jo_w")
    _account(store, "https://site-b.example/profile/jo_w", "jo_w")
    _, account, hidden = lifecycle.dismiss_account(store, first)
    assert hidden == [first] and account.instance == "site-a.example"
    book = accounts_book(Profile(name=PERSON), store.own_accounts(PERSON), store.blocked_accounts(PERSON))
    assert any(h.matches(Account("adult", "jo_w", "site-a.example")) for h in book.blocked)
    assert not any(h.matches(Account("adult", "jo_w", "site-b.example")) for h in book.blocked)

    [row] = lifecycle.blocked(store)
    assert row["target"] == "adult:@jo_w@site-a.example"
    lifted, profiles = lifecycle.unblock(store, row["target"])  # what `blocked` printed
    assert profiles == [PERSON] and "jo_w" in lifted
    assert lifecycle.blocked(store) == []
    store.close()


def test_the_pages_unblock_button_lifts_a_sites_account(tmp_path):
    config, db, _ = make(tmp_path, password=None)
    store = Store(db)
    mention = _account(store, "https://site-a.example/user/jo_w", "jo_w", platform="web")
    lifecycle.dismiss_account(store, mention)
    store.close()
    with serving(config, db) as url, httpx.Client(base_url=url, follow_redirects=True) as browser:
        open_page(browser, db)
        page = browser.get("/blocked").text
        form = re.search(r'<form[^>]*action="/blocked".*?</form>', page, re.S).group(0)
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        done = browser.post("/blocked", data=fields)
        assert "is no longer blocked" in done.text
    store = Store(db)
    assert store.blocked_accounts() == []
    store.close()
