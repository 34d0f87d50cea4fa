"""Gossip about her and one pupil or one parent (issue 23, sixth round): confessions and "tea" pages'
anonymous submissions, and rumours among parents, read from their shape (gossip, a pair, a hint), not
from a list of their wordings. Every sentence here is new (written for these tests, not taken from a
labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

OWEN = Profile(
    name="Owen Pritchard", honorifics=["Mr"], locations=["Bangor"], organisations=["Ysgol Tryfan"],
)  # fmt: skip


def check(url: str, title: str, snippet: str, profile: Profile = OWEN):  # noqa: ANN201
    return assess(result(url, title, snippet, "post"), profile)


def test_a_confessions_page_pairing_sir_with_one_pupil_and_a_wink_is_gossip() -> None:
    a = check("https://www.instagram.com/p/Xy12ab/", "tryfan confessions (@tryfan.confessions)",
              "anon: mr pritchard and that year 12 girl in his form are 'study buddies' now 😏 ysgol tryfan")
    assert a.shown_codes[:1] == ["safeguarding"]
    assert "negative" in a.shown_codes
    assert reason(a, "safeguarding").startswith("Gossip about you and a pupil, in the words ")


def test_a_rumour_among_parents_with_one_of_the_mums_is_gossip() -> None:
    a = check("https://www.facebook.com/groups/bangorchat/posts/77", "Bangor Chat",
              "Apparently Mr Pritchard from Ysgol Tryfan is knocking about with one of the Year 8 mums. Explains a lot.")
    assert "safeguarding" in a.shown_codes
    assert reason(a, "safeguarding").startswith("Gossip about you and a pupil's parent")


def test_a_worried_parent_passing_it_on_is_safeguarding_not_an_accusation() -> None:
    a = check("https://www.facebook.com/groups/bangorchat/posts/78", "Bangor Chat",
              "I heard Mr Pritchard at Ysgol Tryfan is always with one of the year 9 boys 👀 should I report it?")
    assert "safeguarding" in a.shown_codes
    assert "negative" not in a.shown_codes


def test_a_group_of_pupils_with_him_is_not_a_rumour() -> None:
    a = check("https://x.com/tryfantea/status/12", "tryfan tea on X",
              "apparently mr pritchard is taking the year 10s to the eisteddfod 👀 ysgol tryfan")
    assert "safeguarding" not in a.shown_codes


def test_news_of_him_with_one_pupil_without_gossip_is_not_a_rumour() -> None:
    a = check("https://www.facebook.com/groups/bangorchat/posts/79", "Bangor Chat",
              "Mr Pritchard from Ysgol Tryfan drove one of the year 7 boys to hospital after the fall, what a star")
    assert "safeguarding" not in a.shown_codes


def test_a_class_group_chat_is_not_one_pupil() -> None:
    a = check("https://www.facebook.com/groups/bangorchat/posts/80", "Bangor Chat",
              "Apparently there's a meme of Mr Pritchard going round the year 10 group chat. Surely someone should tell "
              "Ysgol Tryfan")
    assert not any(f.reason.startswith(("Gossip", "An accusation: gossip")) for f in a.flags)
