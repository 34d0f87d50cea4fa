"""Safeguarding situations, seventh round (issue 23): each a shape, tested on sentences written for it
(another teacher, another town, Welsh and Scots), none taken from a labelled batch.

- Her body remarked on through what she wears, with a flushed, hot or drooling emoji ("in them jeans 😳").
- "would smash" with her as its object is a sexual remark whoever writes it; a class that "smashed their
  mocks" is not.
- Gossip about her and one pupil's parent in Welsh and Scots ("un o", "ane o"; "efo", "wi").
- A pupil telling that she gave them her number or Snapchat.
- Despair: wanting it all to stop; not being a burden for much longer.
"""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

MORAG = Profile(
    name="Morag Baird", honorifics=["Mrs", "Miss"], locations=["Kilmarnock"], organisations=["Grange Academy"],
)  # fmt: skip


def check(snippet: str, url: str = "https://x.com/kx_09/status/71", title: str = "a post on X"):  # noqa: ANN201
    return assess(result(url, title, snippet, "post"), MORAG)


def test_her_clothes_with_a_flushed_or_hot_emoji_are_a_sexual_remark() -> None:
    for snippet in ("mrs baird in them leggings today 😳😳 #grange", "Mrs Baird yn y sgert fer na heddi 🥵 #grange",
                    "mrs baird in her gym kit on sports day 😮‍💨😮‍💨"):
        a = check(snippet)
        assert "safeguarding" in a.shown_codes, snippet
        assert reason(a, "safeguarding").startswith("A sexual remark about your body or looks"), snippet


def test_her_clothes_at_a_race_or_in_the_heat_are_not_a_sexual_remark() -> None:
    for snippet in ("Morag Baird in her running kit at the Kilmarnock 10k, what a time!",
                    "its roasting in here 🥵 mrs baird in a jumper again"):
        assert "safeguarding" not in check(snippet).shown_codes, snippet


def test_would_smash_her_is_a_sexual_remark_and_smashing_mocks_is_not() -> None:
    assert reason(check("would smash mrs baird no lie"), "safeguarding").startswith("A sexual remark")
    a = check("Shoutout to Mrs Baird and our Year 11 chemists who smashed their mocks 🔥 #grange")
    assert "safeguarding" not in a.shown_codes


def test_gossip_about_her_and_one_parent_in_welsh_and_scots() -> None:
    for snippet in ("ma pawb yn deud bod mrs baird yn mynd allan efo tad un o blant blwyddyn 6",
                    "everybody knows mrs baird is aye wi ane o the S2 dads at the grange"):
        a = check(snippet)
        assert reason(a, "safeguarding").startswith("Gossip about you and a pupil's parent"), snippet
    trip = check("ma pawb yn deud bod mrs baird yn mynd ar drip efo plant blwyddyn 6")
    assert "safeguarding" not in trip.shown_codes


def test_a_pupil_telling_she_gave_them_her_number_is_private_contact() -> None:
    a = check("mrs baird gave me her personal number and said dont tell my mum")
    assert reason(a, "safeguarding").startswith("A pupil in private contact with a teacher")
    assert "safeguarding" not in check("mrs baird gave me a detention for nothing at the grange").shown_codes


def test_wanting_it_all_to_stop_and_not_being_a_burden_much_longer_are_despair() -> None:
    for snippet in ("mrs baird is the only reason i come in. i just want it all to stop",
                    "sorry mrs baird, i wont be a problem for much longer"):
        a = check(snippet, url="https://www.instagram.com/p/Mb1/")
        assert reason(a, "safeguarding").startswith("Someone may be in distress"), snippet
    for snippet in ("i just want this lesson to end, mrs baird droning on again",
                    "mrs baird wont be here much longer shes retiring, the grange wont be the same"):
        assert "safeguarding" not in check(snippet).shown_codes, snippet


def test_a_pupil_kept_behind_alone_and_told_to_keep_it_secret() -> None:
    a = check("mrs baird keeps me behind after class on my own n tells me not to tell anyone 🙁")
    assert reason(a, "safeguarding").startswith("A pupil told to keep a secret with a teacher")
    for snippet in ("mrs baird said not to tell anyone but we're getting a new sports hall lol",
                    "mrs baird kept me behind on my own to finish my test, dont tell my mum i failed lol"):
        assert "safeguarding" not in check(snippet).shown_codes, snippet


def test_a_question_for_her_address_is_asking_where_she_lives() -> None:
    for snippet in ("whats mrs bairds address? asking for a friend 😈", "wheres mrs bairds house?"):
        assert reason(check(snippet), "safeguarding").startswith("Someone is asking where you live"), snippet
    assert "safeguarding" not in check("whats mrs baird's class like? thinking of picking chemistry").shown_codes


def test_a_pupils_snap_placing_her_somewhere_found_as_an_image() -> None:
    a = assess(result("https://www.snapchat.com/spotlight/Mb9", "x", "mrs baird at the pub wi her man lol pic", "image"), MORAG)
    assert {"safeguarding", "photo"} <= set(a.shown_codes)
    b = assess(result("https://www.instagram.com/p/Mb10/", "Grange awards", "Morag Baird at the Grange Academy awards evening",
                      "image"), MORAG)
    assert b.shown_codes == ["photo"]


def test_despair_in_scots_and_in_self_harm_marks_and_nobody_noticing() -> None:
    for snippet in ("cant be arsed wi anythin anymore. mrs baird is the only one that gets me",
                    "mrs baird saw the marks on my arm and sent me to the nurse 😔",
                    "nobody at the grange would even notice if i just went missing. except mrs baird maybe"):
        a = check(snippet)
        assert reason(a, "safeguarding").startswith("Someone may be in distress"), snippet
    moan = check("cant be arsed with homework anymore. mrs baird is the only one that explains it properly")
    assert "safeguarding" not in moan.shown_codes


def test_scots_rumour_with_a_pupils_da_and_a_ride_are_safeguarding() -> None:
    a = check("wee ryan sez mrs baird an his da are winchin 👀")
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil's parent")
    assert reason(check("mrs baird is a ride like 🔥🔥"), "safeguarding").startswith("A sexual remark")
