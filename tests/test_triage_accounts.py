"""Who it is: the user's own accounts in every form a platform writes them, impersonators, accounts
in their name that nobody has confirmed yet, and what `mine`, `dismiss --account`, `blocked` and
`unblock` do, as the user sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repwatch.config import Profile, parse
from repwatch.errors import ConfigError
from repwatch.models import Result
from repwatch.pipeline.triage import Accounts, Assessment, accounts_book, assess
from repwatch.pipeline.urls import classify, registered_domain
from tests.conftest import cli, serve_searxng
from tests.measure_triage import reason

# The README's example profile
JOANNA = Profile(
    name="Joanna Whitfield", variants=["Joanna Brown"], nicknames=["Jo"], honorifics=["Ms", "Mrs"],
    handles=["MsWhitfieldTeach"], locations=["Liverpool"], organisations=["St Aidan's Primary School"],
)  # fmt: skip


def result(url: str, title: str, snippet: str = "", kind: str = "web") -> Result:
    r = Result(url=url, title=title, snippet=snippet, provider="test", kind=kind, query="q", rank=1)
    r.canonical_url = url
    r.domain = registered_domain(url)
    r.platform = classify(url, kind)[0]
    return r


def check(url: str, title: str, snippet: str = "", profile: Profile = JOANNA, kind: str = "web",
          accounts: Accounts | None = None) -> Assessment:
    return assess(result(url, title, snippet, kind), profile, accounts=accounts)


# --- her own accounts, in every platform's own forms ------------------------------------------------

OWN_FORMS = [
    ("https://x.com/MsWhitfieldTeach", "account"),
    ("https://twitter.com/mswhitfieldteach/status/1765432109876543210", "post"),
    ("https://www.instagram.com/mswhitfieldteach/", "account"),
    ("https://www.instagram.com/stories/mswhitfieldteach/3312/", "post"),
    ("https://www.tiktok.com/@mswhitfieldteach", "account"),
    ("https://www.tiktok.com/@MsWhitfieldTeach/video/7301234567890123456", "post"),
    ("https://bsky.app/profile/mswhitfieldteach.bsky.social", "account"),
    ("https://bsky.app/profile/MsWhitfieldTeach.bsky.social/post/3kq2abcxyz", "post"),
    ("https://mastodon.social/@MsWhitfieldTeach", "account"),
    ("https://mastodon.online/@mswhitfieldteach/111222333444555666", "post"),
    ("https://mastodon.social/@MsWhitfieldTeach@mastodon.education", "account"),
    ("https://mastodon.education/@mswhitfieldteach", "account"),  # a server the table lists (any other: named)
    ("https://www.threads.net/@mswhitfieldteach", "account"),
    ("https://www.youtube.com/@MsWhitfieldTeach", "account"),
    ("https://uk.linkedin.com/in/mswhitfieldteach", "account"),
    ("https://www.facebook.com/MsWhitfieldTeach", "account"),
    ("https://www.facebook.com/ms.whitfield.teach", "account"),  # Facebook ignores the dots
    ("https://www.reddit.com/user/MsWhitfieldTeach", "account"),
    ("https://www.snapchat.com/add/mswhitfieldteach", "account"),
    ("https://www.pinterest.co.uk/mswhitfieldteach/", "account"),
]


@pytest.mark.parametrize(("url", "kind"), OWN_FORMS)
def test_her_own_account_is_never_flagged_in_any_form(url: str, kind: str) -> None:
    for title, snippet in (
        ("Ms Whitfield (@MsWhitfieldTeach)", "Year 4 teacher at St Aidan's Primary School, Liverpool. DM me for resources."),
        ("Joanna Whitfield", "Summer fair this Saturday! Come and say hello to Year 4."),
    ):
        a = check(url, title, snippet, kind=kind)
        assert a.about_me, url
        assert not {"impersonation", "unconfirmed_account"} & set(a.codes), (url, a.flags)


def test_the_issue_case_her_bluesky_account_and_summer_fair_post() -> None:
    account = check("https://bsky.app/profile/mswhitfieldteach.bsky.social", "Ms Whitfield (@mswhitfieldteach.bsky.social)",
                    "Year 4 teacher in Liverpool.", kind="account")
    post = check("https://bsky.app/profile/mswhitfieldteach.bsky.social/post/3kabc", "Ms Whitfield",
                 "Summer fair at St Aidan's this Saturday, come along!", kind="post")
    assert account.codes == [] and post.codes == []
    assert account.reasons[0] == "It is on your own account (mswhitfieldteach.bsky.social)."


def test_a_platform_qualified_handle_is_hers_only_there() -> None:
    jo = Profile(name="Joanna Whitfield", handles=["instagram:jo.whitfield"], locations=["Liverpool"])
    assert check("https://www.instagram.com/jo.whitfield/", "Jo Whitfield", "Liverpool", profile=jo).codes == []
    other = check("https://www.tiktok.com/@jo.whitfield", "Jo Whitfield (@jo.whitfield)", "12 likes", profile=jo)
    assert "unconfirmed_account" in other.codes or "impersonation" in other.codes


def test_profile_addresses_and_mastodon_handles_as_handles() -> None:
    jo = Profile(name="Joanna Whitfield", handles=["https://mastodon.online/@jo", "@jw@mastodon.education",
                                                    "https://www.linkedin.com/in/joanna-whitfield-4a1b2c3/"])
    assert check("https://mastodon.online/@jo", "Joanna Whitfield", "Teacher", profile=jo).codes == []
    assert check("https://mastodon.education/@JW/1234567", "Joanna Whitfield", "Hello", profile=jo).codes == []
    assert check("https://uk.linkedin.com/in/joanna-whitfield-4a1b2c3", "Joanna Whitfield - Teacher", "", profile=jo).codes == []
    elsewhere = check("https://mastodon.social/@jo", "Joanna Whitfield (@jo)", "Posts", profile=jo)
    assert {"impersonation", "unconfirmed_account"} & set(elsewhere.codes)  # another server's jo is someone else


# --- the three-way outcome --------------------------------------------------------------------------


def test_an_account_in_her_name_with_no_sign_asks_calmly() -> None:
    a = check("https://www.instagram.com/jo_whitfield/", "Jo Whitfield (@jo_whitfield)", "152 followers")
    assert a.codes == ["unconfirmed_account"]
    assert reason(a, "unconfirmed_account") == (
        "An Instagram account in your name (jo_whitfield) that you have not told repwatch about. Is it yours?"
    )


@pytest.mark.parametrize(
    ("title", "snippet", "sign"),
    [
        ("Jo Whitfield (@jo_whitfield)", "St Aidan's Primary School", "it names your school, St Aidan's Primary School"),
        ("Jo Whitfield (@jo_whitfield)", "Year 4 teacher", "it claims your role ('year 4' and 'teacher')"),
        ("Jo Whitfield (@jo_whitfield)", "Liverpool 📍", "it names your town, Liverpool"),
        ("Jo Whitfield (@jo_whitfield)", "message me for homework help", "it offers contact ('message me')"),
        ("Ms Whitfield (@jo_whitfield)", "hello", "it is named 'Ms Whitfield', as pupils address you"),
    ],
)
def test_an_account_with_a_sign_is_impersonation_and_names_the_sign(title: str, snippet: str, sign: str) -> None:
    a = check("https://www.instagram.com/jo_whitfield/", title, snippet)
    assert "impersonation" in a.codes and "unconfirmed_account" not in a.codes
    assert reason(a, "impersonation") == f"An Instagram account named jo_whitfield that is not one of your handles: {sign}."


def test_named_like_her_handle_is_impersonation() -> None:
    for url in ("https://x.com/MsWhitfieldTeach_", "https://www.instagram.com/ms.whitfield.teach/",
                "https://bsky.app/profile/mswhitfieldteachh.bsky.social"):
        a = check(url, "Ms Whitfield", "hi", kind="account")
        assert "impersonation" in a.codes, url
        assert "much like your handle MsWhitfieldTeach, that is not yours" in reason(a, "impersonation")


def test_a_second_account_where_she_confirmed_one_is_asked_about_unless_it_claims_her() -> None:
    """A second account in her name claims nothing of hers by itself (a namesake may be on TikTok too):
    "is it yours?". With a claim (her role) it is impersonation, and the second account is said too."""
    plain = ("https://www.tiktok.com/@jowhitfield22", "Jo Whitfield (@jowhitfield22)", "3 followers")
    assert check(*plain).codes == ["unconfirmed_account"]
    book = accounts_book(JOANNA, own=[{"platform": "tiktok", "handle": "joanna.w.teach"}])
    assert check(*plain, accounts=book).codes == ["unconfirmed_account"]
    qualified = Profile(name="Joanna Whitfield", nicknames=["Jo"], handles=["tiktok:msw.teach"])
    assert check(*plain, profile=qualified).codes == ["unconfirmed_account"]
    claims = ("https://www.tiktok.com/@jowhitfield22", "Jo Whitfield (@jowhitfield22)", "Year 4 teacher")
    a = check(*claims, accounts=book)
    assert reason(a, "impersonation") == ("A TikTok account named jowhitfield22 that is not one of your handles: it claims "
                                          "your role ('year 4' and 'teacher') and you already have a TikTok account you confirmed.")


def test_an_account_named_like_her_handle_with_nothing_of_hers_is_asked_about() -> None:
    """"CiaraQuinn7" for her "ciara.quinn": names are alike; nothing on it claims her, so "is it yours?"."""
    me = Profile(name="Ciara Quinn", honorifics=["Mrs"], handles=["ciara.quinn"], locations=["Cookstown"])
    a = check("https://x.com/CiaraQuinn7", "Ciara Quinn (@CiaraQuinn7) / X", "Ciara Quinn. Joined March 2019. 4 Following",
              profile=me)
    assert a.about == "you" and a.codes == ["unconfirmed_account"]
    assert reason(a, "unconfirmed_account") == ("An X (Twitter) account named ciaraquinn7, much like your handle ciara.quinn, "
                                                "that you have not told repwatch about. Is it yours?")


def test_mine_and_blocked_accounts_in_triage() -> None:
    book = accounts_book(JOANNA, own=[{"platform": "instagram", "handle": "jo_whitfield"}],
                         blocked=[{"platform": "x", "handle": "jw_fake", "instance": ""}])
    assert check("https://www.instagram.com/jo_whitfield/", "Jo Whitfield", "Year 4 teacher", accounts=book).codes == []
    hidden = check("https://x.com/jw_fake/status/1", "Jo Whitfield", "lol", kind="post", accounts=book)
    assert hidden.drop and hidden.reasons == ["You hid every page of the X (Twitter) account jw_fake."]


# --- bad handles are config errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handles", "message"),
    [
        (["MsWhitfieldTeach", "Ms Whitfield"], "the profile “Joanna Whitfield”: handles (the 2nd one) has a space inside ('Ms Whitfield')"),
        (["@"], "the profile “Joanna Whitfield”: handles (the 1st one) is only '@'"),
        (["ok", "", "x"], "the profile “Joanna Whitfield”: handles (the 2nd one) is empty"),
        (["https://example.com/jo"], "the profile “Joanna Whitfield”: handles (the 1st one) is the address of a site repwatch does not know as a social platform (example.com)"),
        (["instagrm:jo"], "the profile “Joanna Whitfield”: handles (the 1st one) names 'instagrm', which is not a platform repwatch knows"),
    ],
)
def test_bad_handles_are_config_errors_naming_key_and_position(handles: list[str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse({"profile": [{"name": "Joanna Whitfield", "handles": handles}]}, Path("config.toml"))
    assert caught.value.message.startswith(f"config.toml: {message}")


def test_good_handles_load() -> None:
    handles = ["@MsWhitfieldTeach", "instagram:jo.whitfield", "twitter:@jw", "jo.bsky.social", "@jo@mastodon.online",
               "https://www.tiktok.com/@jo.whitfield", "https://uk.linkedin.com/in/joanna-whitfield-4a1b2c3/"]
    config = parse({"profile": [{"name": "Joanna Whitfield", "handles": handles}]}, Path("config.toml"))
    assert config.profile[0].handles == handles


def test_a_bad_handle_stops_the_command_with_exit_2(home: Path) -> None:
    config = home / "config.toml"
    config.write_text('[[profile]]\nname = "Joanna Whitfield"\nhandles = ["@MsWhitfieldTeach", "Ms W"]\n')
    out = cli("--config", str(config), "plan")
    assert out.returncode == 2
    assert out.stderr == (
        f"repwatch: {config}: the profile “Joanna Whitfield”: handles (the 2nd one) has a space inside ('Ms W'): a handle is one word, "
        'like "MsWhitfieldTeach".\n'
    )


# --- the commands, end to end, on loopback ----------------------------------------------------------

RESULTS = [
    ("https://bsky.app/profile/mswhitfieldteach.bsky.social", "Ms Whitfield (@mswhitfieldteach.bsky.social)",
     "Year 4 teacher at St Aidan's Primary School, Liverpool."),
    ("https://bsky.app/profile/mswhitfieldteach.bsky.social/post/3kfair", "Ms Whitfield on Bluesky",
     "Summer fair at St Aidan's on Saturday, Joanna Whitfield and Year 4 on the cake stall!"),
    ("https://bsky.app/profile/jo-whitfield.bsky.social", "Jo Whitfield (@jo-whitfield.bsky.social)",
     "Joanna Whitfield. Coffee, books, walks."),
    ("https://bsky.app/profile/jo-whitfield.bsky.social/post/3kpost", "Jo Whitfield on Bluesky",
     "Joanna Whitfield: lovely walk by the river today"),
    ("https://uk.linkedin.com/in/mswhitfieldteach", "Joanna Whitfield - Year 4 Teacher - St Aidan's Primary School",
     "Liverpool · Year 4 Teacher at St Aidan's Primary School."),
    ("https://www.staidans-liverpool.sch.uk/staff", "Our staff | St Aidan's Primary School",
     "Year 4: Ms Joanna Whitfield."),
]


@pytest.fixture
def searx(httpserver):
    return serve_searxng(httpserver, RESULTS)


def _config(home: Path, base_url: str) -> Path:
    path = home / "config.toml"
    path.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
variants = ["Joanna Brown"]
nicknames = ["Jo"]
honorifics = ["Ms", "Mrs"]
handles = ["MsWhitfieldTeach"]
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
max_queries = 1

[providers.searxng]
base_url = "{base_url}"
kinds = ["web"]
rate_per_second = 50

[evidence]
capture = "none"
""")
    return path


def _cli(config: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("--config", str(config), *args)


def _by_url(config: Path) -> dict[str, dict]:
    items = json.loads(_cli(config, "mentions", "--all", "--json").stdout)
    return {m["url"]: m for m in items}


def test_mine_dismiss_account_blocked_unblock_and_reopen(home: Path, searx) -> None:
    config = _config(home, searx.url_for("").rstrip("/"))
    assert _cli(config, "run", "--no-email").returncode == 0
    found = _by_url(config)
    codes = {u: [f["code"] for f in m["flags"]] for u, m in found.items()}
    own = [u for u, _, _ in RESULTS if "mswhitfieldteach" in u]
    for url in own:
        assert not {"impersonation", "unconfirmed_account"} & set(codes[url]), (url, codes[url])
    other = "https://bsky.app/profile/jo-whitfield.bsky.social"
    assert codes[other] == ["unconfirmed_account"]
    post = found[other + "/post/3kpost"]
    assert [f["code"] for f in post["flags"]] == ["unconfirmed_account"]

    shown = _cli(config, "show", str(found[other]["id"]))
    assert f"Yours? repwatch mine {found[other]['id']}" in shown.stdout

    school = found["https://www.staidans-liverpool.sch.uk/staff"]["id"]
    refused = _cli(config, "mine", str(school))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"repwatch: #{school} is a web page, not an account or a post by one, so \u201cThis account is mine\u201d "
        f"cannot be used on it; answer Not me or Worried instead (`repwatch dismiss {school}` or "
        f"`repwatch concern {school}`).\n"
    )

    mine = _cli(config, "mine", str(found[other]["id"]))
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.startswith("The Bluesky account jo-whitfield is now one of yours")
    after = _by_url(config)
    assert after[other]["flags"] == [] and after[other + "/post/3kpost"]["flags"] == []
    assert _cli(config, "run", "--no-email").returncode == 0  # later runs: never flagged again
    assert _by_url(config)[other + "/post/3kpost"]["flags"] == []

    undone = _cli(config, "reopen", str(found[other]["id"]))
    assert undone.returncode == 0
    assert "The Bluesky account jo-whitfield is no longer counted as yours." in undone.stdout
    assert [f["code"] for f in _by_url(config)[other]["flags"]] == ["unconfirmed_account"]

    domain = _cli(config, "dismiss", str(post["id"]), "--domain")
    assert domain.returncode == 2
    assert domain.stderr == (
        f"repwatch: bsky.app is a site where many people publish (Bluesky), so repwatch will not hide all of it: "
        f"that would hide anyone there pretending to be you too; hide that one account instead (on the page, hide "
        f"\u201cevery page of this account\u201d; or `repwatch dismiss {post['id']} --account`).\n"
    )
    hide = _cli(config, "dismiss", str(post["id"]), "--account", "--note", "another Jo")
    assert hide.returncode == 0, hide.stderr
    assert hide.stdout.startswith("Dismissed 2 mention(s) of the Bluesky account jo-whitfield;")
    statuses = {u: m["status"] for u, m in _by_url(config).items()}
    assert statuses[other] == statuses[other + "/post/3kpost"] == "dismissed"
    assert statuses["https://bsky.app/profile/mswhitfieldteach.bsky.social"] != "dismissed"

    listed = json.loads(_cli(config, "blocked", "--json").stdout)
    assert [(b["type"], b["what"], b["note"]) for b in listed] == [("account", "bluesky:jo-whitfield", "another Jo")]

    reopened = _cli(config, "reopen", str(post["id"]))
    assert reopened.stdout.endswith(
        "The block on the Bluesky account jo-whitfield stays: its other pages are still hidden. "
        "Lift it with `repwatch unblock bluesky:jo-whitfield`.\n"
    )
    lifted = _cli(config, "unblock", "bluesky:jo-whitfield")
    assert lifted.returncode == 0 and lifted.stdout.startswith("Unblocked the Bluesky account jo-whitfield for Joanna Whitfield")
    assert json.loads(_cli(config, "blocked", "--json").stdout) == []
    assert _cli(config, "unblock", "bluesky:jo-whitfield").returncode == 2

    site = _cli(config, "dismiss", str(school), "--domain")
    assert site.returncode == 0
    back = _cli(config, "reopen", str(school))
    assert "The block on staidans-liverpool.sch.uk stays" in back.stdout
    assert "repwatch unblock staidans-liverpool.sch.uk" in back.stdout
    assert _cli(config, "unblock", "staidans-liverpool.sch.uk").returncode == 0


def test_a_post_by_her_own_handle_is_hers_when_only_its_words_name_the_account() -> None:
    """An Instagram post's address (/p/…) does not name its account; the result's words do."""
    a = check("https://www.instagram.com/p/DCr7kLmN2pQ/", "mswhitfieldteach on Instagram",
              "mswhitfieldteach: 18 miles on a frosty Sunday along the prom ❄️ #liverpool", kind="post")
    assert a.about == "you" and a.own and a.codes == []
    assert a.about_reasons[0] == "it is one of your own accounts"
    friend = check("https://www.instagram.com/p/C2kLm9xRt1Q/", "Tash on Instagram: \"Throwback with @mswhitfieldteach\"",
                   "14 likes - natasha_k on June 3, 2024: \"Throwback with @mswhitfieldteach 🍹\"", kind="post")
    assert not friend.own and "photo" in friend.codes  # a friend's photo of her is still a photo


def test_a_warning_that_an_account_uses_her_name_is_impersonation() -> None:
    a = check("https://www.facebook.com/groups/stAidansPTA/posts/2219834756102938/", "St Aidan's PTA (Parents) | Facebook",
              "PSA - that tutoring account on twitter using Mrs Whitfield's name is NOT her. Please report it.")
    assert a.about == "you" and reason(a, "impersonation") == "The words 'using Mrs Whitfield's name' appear near your name."


def test_a_second_instagram_account_reads_an_instagram() -> None:
    me = Profile(name="Hannah Price", honorifics=["Mrs"], handles=["instagram:hannah.p.runs"], locations=["Swindon"])
    a = check("https://www.instagram.com/hannah.p.runs.official/", "Hannah Price (@hannah.p.runs.official)",
              "runner DM for coaching", profile=me, kind="account")
    assert reason(a, "impersonation").endswith("you already have an Instagram account you confirmed.")


def test_an_account_with_her_schools_tag_says_so_in_a_sentence() -> None:
    """The reason reads as a sentence: "it has a tag of your school", not "it a tag of your school"."""
    thornbury = JOANNA.model_copy(update={"organisations": ["Thornbury Park Academy"], "locations": ["Bristol"]})
    a = check("https://www.tiktok.com/@jo_whitfield", "Joanna Whitfield (@jo_whitfield) | TikTok",
              "staff at #thornbury 🍎 follow for revision tips", profile=thornbury, kind="account")
    said = reason(a, "impersonation")
    assert "it has a tag of your school ('thornbury', Thornbury Park Academy)" in said, said
    assert " it a tag" not in said
