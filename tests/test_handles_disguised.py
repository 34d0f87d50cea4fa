"""Identity hardening: a bare handle is hers only on the social platforms the table knows (not on a
page of a site it does not know as one), and look-alike, accented or fullwidth
spellings of her handle are never read as hers but as a copy of it."""

from __future__ import annotations

import pytest

from repwatch.handles import Account, account_of, disguised, parse_handle, skeleton

OWN = "MsWhitfieldTeach"


@pytest.mark.parametrize("found", ["MsWhitfiełdTeach", "ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ", "MsWhitfieldTeаch",
                                   "MsWhitfíeldTeach", "MsWhitfie\u217cdTeach"])
def test_look_alike_and_fullwidth_spellings_are_disguises(found):
    assert disguised(found, OWN)
    assert skeleton(found) == skeleton(OWN) == "mswhitfieldteach"


@pytest.mark.parametrize("found", ["MsWhitfieldTeach", "mswhitfieldteach", "@MsWhitfieldTeach", "MsWhitfieldTeacher",
                                   "JoWhitfield"])
def test_her_own_spelling_and_other_names_are_not_disguises(found):
    assert not disguised(found, OWN)


def test_a_fullwidth_copy_of_her_handle_is_not_her_account():
    mine = parse_handle(OWN)
    copy = account_of("tiktok", "ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ")
    assert copy is not None and not mine.matches(copy)
    assert mine.matches(account_of("tiktok", "mswhitfieldteach"))


def test_a_bare_handle_is_hers_only_on_platforms_the_table_knows():
    mine = parse_handle(OWN)
    assert mine.matches(Account("x", "mswhitfieldteach"))
    assert not mine.matches(Account("web", "mswhitfieldteach"))
    assert not mine.matches(Account("people_search", "mswhitfieldteach"))
    assert parse_handle("@MsWhitfieldTeach@mastodon.online").matches(
        Account("mastodon", "mswhitfieldteach", "mastodon.online"))


# --- what triage makes of them: the page, as she would see it flagged ---------------------------------

from pathlib import Path  # noqa: E402

from repwatch.config import Profile  # noqa: E402
from repwatch.pipeline.accounts.candidates import Candidate  # noqa: E402
from repwatch.pipeline.accounts.check import FoundAccount  # noqa: E402
from repwatch.pipeline.accounts.judge import judge  # noqa: E402
from repwatch.pipeline.accounts.sites import Site  # noqa: E402
from repwatch.pipeline.triage import accounts_book  # noqa: E402
from repwatch.pipeline.urls import canonical_url, shape_of  # noqa: E402
from tests.conftest import cli, serve_searxng  # noqa: E402
from tests.test_triage_accounts import JOANNA, check, reason  # noqa: E402

CLAIMS_HER = ("Ms Whitfield (@MsWhitfieldTeach)", "Year 4 teacher at St Aidan's Primary School, Liverpool.")
PARODY = ("Ms Whitfield (@mswhitfieldteach)", "Parody account. Not the real Ms Whitfield, Year 4 at St Aidan's lol")


@pytest.mark.parametrize(("url", "shown"), [
    ("https://x.com/MsWhitfie%C5%82dTeach", "mswhitfiełdteach"),  # ł, as a search provider sends it
    ("https://x.com/MsWhitfiełdTeach", "mswhitfiełdteach"),
    ("https://www.tiktok.com/@ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ", "ｍｓｗｈｉｔｆｉｅｌｄｔｅａｃｈ"),  # fullwidth
    ("https://www.instagram.com/mswhitfieldte\u0430ch/", "mswhitfieldte\u0430ch"),  # Cyrillic а
])
def test_her_handle_in_look_alike_letters_is_impersonation(url, shown):
    a = check(url, "Ms Whitfield", "hello", kind="account")
    assert a.codes == ["impersonation"] and not a.own and a.about_me
    assert reason(a, "impersonation").startswith(
        f"{'An X (Twitter)' if 'x.com' in url else 'A TikTok' if 'tiktok' in url else 'An Instagram'} account named "
        f"{shown}, your handle MsWhitfieldTeach spelled with look-alike letters, that is not yours")


def test_the_handle_is_read_from_an_encoded_address_and_the_page_key_stays_as_it_was():
    url = "https://x.com/MsWhitfie%C5%82dTeach"
    assert canonical_url(url) == canonical_url("https://x.com/MsWhitfiełdTeach") == "https://x.com/mswhitfie%c5%82dteach"
    assert shape_of(url).handle == "mswhitfiełdteach" and shape_of(url).kind == "account"
    assert shape_of("https://x.com/a%2Fb").handle is None  # an encoded slash is not a way into another path


def test_a_bare_handle_on_any_site_with_an_at_address_is_not_hers():
    a = check("https://any.example/@MsWhitfieldTeach", *CLAIMS_HER, kind="account")
    assert a.codes == ["impersonation"] and not a.own
    assert reason(a, "impersonation") == (
        "A Mastodon account named @mswhitfieldteach@any.example, your handle MsWhitfieldTeach where you have not told "
        "repwatch it is yours: it names your school, St Aidan's Primary School, it claims your role ('year 4' and "
        "'teacher') and it names your town, Liverpool. If it is your own account, tell repwatch it is yours.")
    quiet = check("https://toot.example.org/@mswhitfieldteach", "Joanna Whitfield", "Summer fair on Saturday!")
    assert quiet.codes == ["unconfirmed_account"] and not quiet.own
    named = Profile(name="Joanna Whitfield", handles=["@MsWhitfieldTeach@any.example"])
    assert check("https://any.example/@MsWhitfieldTeach", *CLAIMS_HER, profile=named).codes == []
    assert check("https://mastodon.social/@MsWhitfieldTeach", *CLAIMS_HER).codes == []  # a server the table lists


@pytest.mark.parametrize("url", ["https://www.tiktok.com/@mswhitfieldteach", "https://x.com/MsWhitfieldTeach"])
def test_her_bare_handle_on_a_page_that_says_it_is_not_her_is_impersonation(url):
    a = check(url, *PARODY, kind="account")
    assert "impersonation" in a.codes and not a.own and a.about_me
    assert reason(a, "impersonation").startswith(
        f"{'A TikTok' if 'tiktok' in url else 'An X (Twitter)'} account with your handle, mswhitfieldteach, whose page "
        "says it is someone else: the words 'parody account' appear near your name.")


def test_her_real_account_with_a_bare_or_a_named_handle_gets_no_flag():
    assert check("https://x.com/MsWhitfieldTeach", *CLAIMS_HER).codes == []
    assert check("https://www.tiktok.com/@mswhitfieldteach", "Ms Whitfield", "DM me for resources. Year 4!").codes == []
    named = Profile(name="Joanna Whitfield", handles=["tiktok:MsWhitfieldTeach"], organisations=JOANNA.organisations)
    assert check("https://www.tiktok.com/@mswhitfieldteach", *PARODY, profile=named).codes == []  # she said so
    book = accounts_book(JOANNA, own=[{"platform": "tiktok", "handle": "mswhitfieldteach"}])
    assert check("https://www.tiktok.com/@mswhitfieldteach", *PARODY, accounts=book).codes == []  # `mine`


def _found(username: str, display: str, bio: str, uri: str) -> FoundAccount:
    site = Site(name="TikTok", uri_check=uri, e_code=200, e_string="", m_code=404, m_string="", platform="tiktok")
    return FoundAccount(site, Candidate(username, "your handle"), username, site.profile_url(username), display, bio)


@pytest.mark.parametrize("uri", ["https://fakesite.example/u/{account}", "https://www.tiktok.com/@{account}"])
def test_the_accounts_watch_reads_look_alike_letters_and_pages_that_say_they_are_not_her(uri):
    _r, copy = judge(_found("ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ", "Ms Whitfield", "hello", uri), JOANNA)
    assert [f.code for f in copy.flags] == ["impersonation"] and "look-alike letters" in copy.flags[0].reason
    _r, parody = judge(_found("mswhitfieldteach", *PARODY, "https://www.tiktok.com/@{account}"), JOANNA)
    assert "impersonation" in [f.code for f in parody.flags] and not parody.own
    _r, hers = judge(_found("mswhitfieldteach", *CLAIMS_HER, "https://www.tiktok.com/@{account}"), JOANNA)
    assert hers.own and hers.flags == []


SEARCH = [
    ("https://any.example/@MsWhitfieldTeach", *CLAIMS_HER),
    ("https://www.tiktok.com/@mswhitfieldteach", *PARODY),
    ("https://x.com/MsWhitfie%C5%82dTeach", "Ms Whitfield (@MsWhitfiełdTeach)", "Year 4 at St Aidan's. DM me"),
    ("https://www.tiktok.com/@%EF%BC%AD%EF%BD%93%EF%BC%B7%EF%BD%88%EF%BD%89%EF%BD%94%EF%BD%86%EF%BD%89%EF%BD%85"
     "%EF%BD%8C%EF%BD%84%EF%BC%B4%EF%BD%85%EF%BD%81%EF%BD%83%EF%BD%88", "Ms Whitfield", "Year 4 teacher"),
    ("https://x.com/MsWhitfieldTeach", *CLAIMS_HER),
]


def test_a_run_on_loopback_flags_the_copies_and_not_her_account(home: Path, httpserver):
    searx = serve_searxng(httpserver, SEARCH)
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
honorifics = ["Ms"]
handles = ["MsWhitfieldTeach"]
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
max_queries = 1

[providers.searxng]
base_url = "{searx.url_for('').rstrip('/')}"
kinds = ["web"]
rate_per_second = 50

[evidence]
capture = "none"
""")
    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    import json
    found = {m["url"]: [f["code"] for f in m["flags"]]
             for m in json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)}
    assert found["https://x.com/MsWhitfieldTeach"] == []
    copies = [u for u in found if u != "https://x.com/MsWhitfieldTeach"]
    assert len(copies) == 4
    for url in copies:
        assert "impersonation" in found[url], (url, found[url])
