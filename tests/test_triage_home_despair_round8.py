"""Safeguarding shapes, eighth round (issue 23), each tested on sentences written for it (another teacher,
another town, Scots, Welsh, txt speak), none taken from a labelled batch:

- "where she lives" as a phrase ("where", her, a word of living in any language the word lists hold):
  asked, said to her as known ("I know where you live"), or to be seen or found out by the writer; a
  question for the road of a thing ("what road is the 12 bus on") is not her home sought.
- her home given out with a call to make her answer for herself there.
- despair: the only reason the writer has not done something drastic, with a second sign.
- an account pretending to be her that tells its readers to message it, or children to follow it.
"""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

IONA = Profile(name="Iona Fraser", honorifics=["Mrs", "Miss"], locations=["Paisley"],
               organisations=["Castlehead High School"], handles=["x:MrsFraserPE"])  # fmt: skip


def check(snippet: str, url: str = "https://www.snapchat.com/spotlight/Qq71", title: str = "Spotlight",
          kind: str = "post"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), IONA)


def test_where_she_lives_asked_known_or_to_be_found_is_her_home_sought() -> None:
    for snippet, start in (
        ("onybody ken where fraser fae castlehead bides? gonnae put her windaes in", "Someone is asking where you live"),
        ("Mrs Fraser from Castlehead thinks she can ignore me. I know where you live, Iona.", "Someone tells you they know where you live"),
        ("mrs fraser gets the train fae gilmour st, me n my cuz gonna get on wiv her n see where she stays lol", "Someone plans to find where you live"),
        ("unrhyw un yn gwybod lle ma Mrs Fraser castlehead yn byw??", "Someone is asking where you live"),
    ):
        a = check(snippet)
        assert "safeguarding" in a.shown_codes, snippet
        assert reason(a, "safeguarding").startswith(start), snippet


def test_where_someone_else_lives_or_the_road_of_a_bus_is_not_her_home_sought() -> None:
    for snippet in (
        "mrs fraser says the trip leaves at 8. what road is the 12 bus on? never been to paisley",
        "Mrs Fraser showed us a map of where the Romans lived in Scotland, castlehead history trip",
        "asked mrs fraser where i can stay late to finish my art folio",
    ):
        assert "safeguarding" not in check(snippet).shown_codes, snippet


def test_her_home_given_out_to_make_her_answer_for_herself_is_safeguarding_and_negative() -> None:
    a = check("Iona Fraser the PE teacher at Castlehead lives on Glenfield Crescent. She can explain herself to me there.",
              url="https://www.facebook.com/groups/paisleyfolk/posts/99120", title="Paisley Folk | Facebook")
    assert {"safeguarding", "negative"} <= set(a.shown_codes)


def test_the_only_reason_the_writer_has_not_done_something_drastic_is_despair() -> None:
    a = check("the only reason ah havnae done somethin daft is mrs fraser. she's off on maternity n i dinnae see the point",
              url="https://x.com/anon_pz/status/11", title="anon on X")
    assert reason(a, "safeguarding").startswith("Someone may be in distress"), a.flags
    b = check("only reason i didnt do anything stupid in the exam was mrs fraser's revision sheet lol",
              url="https://x.com/anon_pz/status/12", title="anon on X")
    assert "safeguarding" not in b.shown_codes


def test_a_pretender_telling_readers_to_message_it_or_children_to_follow_is_safeguarding() -> None:
    for url, title, snippet in (
        ("https://www.tiktok.com/@mrsfraser.castlehead", "Mrs Fraser (@mrsfraser.castlehead) | TikTok",
         "PE @ Castlehead High 🏐 got a problem? just message, here for you x"),
        ("https://www.instagram.com/mrsfraser_castlehead/", "Mrs Fraser (@mrsfraser_castlehead) • Instagram",
         "PE teacher at Castlehead High School. pupils follow for games and shoutouts ⭐"),
    ):
        a = check(snippet, url=url, title=title, kind="account")
        assert {"impersonation", "safeguarding"} <= set(a.shown_codes), snippet
