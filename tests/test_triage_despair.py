"""A young person's despair in plain words (issue 23, sixth round): read from its shape, not a phrase list.

- Not wanting to be: a negation, a word of wanting, then a way of being ("i dont wanna be here", "not even
  sure i want to wake up tomorrow"). In the writer's own words any way of being counts; said of someone
  else (a parent of their child) only one that cannot mean a place ("doesn't want to be alive").
- No point in being ("whats the point in being here").
- Not able to go on, "anymore", only as a second sign.
- Evidence against: a laugh, a lesson the writer would rather skip ("dont want to be here for double
  maths"), a moan with one sign ("cant do this homework anymore").

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

GWEN = Profile(
    name="Gwen Harper", honorifics=["Ms", "Miss"], locations=["Stoke-on-Trent"], organisations=["Trentham Vale Academy"],
)  # fmt: skip


def check(url: str, snippet: str, title: str = "a post on X", profile: Profile = GWEN):  # noqa: ANN201
    return assess(result(url, title, snippet, "post"), profile)


def test_not_wanting_to_be_here_naming_the_teacher_who_listened_is_safeguarding() -> None:
    a = check("https://x.com/jas_x/status/1", "ms harper is literally the only one who gets it. honestly i dont "
              "wanna be here anymore")
    assert "safeguarding" in a.shown_codes
    assert "negative" not in a.shown_codes
    assert reason(a, "safeguarding").startswith("Someone may be in distress or thinking of harming themselves, "
                                                "in the words 'dont wanna be here'")
    assert a.tone <= 0


def test_not_sure_they_want_to_wake_up_is_despair_not_hostility() -> None:
    a = check("https://x.com/kd_2011/status/2", "harper kept me behind and said im letting everyone down. not "
              "sure i even want to wake up tomorrow tbh")
    assert a.shown_codes[:1] == ["safeguarding"]
    assert "negative" not in a.shown_codes


def test_no_point_in_being_here_is_safeguarding() -> None:
    a = check("https://x.com/evie_k/status/3", "miss harper asked if i was ok and i just said yeah. whats even the "
              "point in being here")
    assert "safeguarding" in a.shown_codes


def test_a_parent_telling_of_their_childs_despair_and_blaming_her_is_both() -> None:
    a = check("https://www.facebook.com/groups/stokeparents/posts/9", "My little lad cries every morning, says Ms "
              "Harper at Trentham Vale picks on him and he doesn't want to be alive. He's 11.", title="Stoke Parents")
    assert "safeguarding" in a.shown_codes
    assert "negative" in a.shown_codes


def test_not_wanting_to_be_in_a_lesson_is_not_despair() -> None:
    a = check("https://x.com/jas_x/status/4", "dont want to be here for double maths with ms harper again, trentham vale")
    assert "safeguarding" not in a.shown_codes


def test_a_moan_about_homework_with_one_sign_is_not_despair() -> None:
    a = check("https://x.com/kd_2011/status/5", "i cant do this homework anymore, ms harper set 4 pages, trentham vale")
    assert "safeguarding" not in a.shown_codes


def test_a_laughed_off_wish_not_to_be_here_is_not_despair() -> None:
    a = check("https://x.com/evie_k/status/6", "ms harper did the register in a pirate voice i dont want to exist "
              "anymore 😂😂 trentham vale")
    assert "safeguarding" not in a.shown_codes


def test_a_teacher_who_does_not_want_to_be_here_is_not_a_pupil_in_despair() -> None:
    a = check("https://www.facebook.com/groups/stokeparents/posts/10", "Ms Harper at Trentham Vale clearly doesn't "
              "want to be here. She reads off the slides all lesson, my son says.", title="Stoke Parents")
    assert "safeguarding" not in a.shown_codes


def test_two_signs_with_not_coping_anymore_are_despair() -> None:
    a = check("https://x.com/jas_x/status/7", "ms harper the only one who asks if im ok. i dont think i can do this "
              "any more, everyone hates me")
    assert "safeguarding" in a.shown_codes


# Seventh round: more families, each a sentence's shape (docs/triage.md, "the seventh round").


def test_going_on_doubted_with_someone_checking_on_them_is_despair() -> None:
    a = check("https://x.com/lo_x/status/11", "no idea if i can keep going like this. ms harper checked if i was "
              "alright after registration and i said yeah")
    assert "safeguarding" in a.shown_codes
    assert "'no idea if i can keep going'" in reason(a, "safeguarding")
    assert "negative" not in a.shown_codes


def test_welsh_going_on_doubted_is_despair() -> None:
    a = check("https://www.instagram.com/p/Dx1/", "dim ond miss harper sy'n gwrando arna i. dwi ddim yn gwybod os "
              "alla i gario ymlaen")
    assert "safeguarding" in a.shown_codes


def test_a_message_left_for_the_teacher_if_the_writer_is_gone_is_despair() -> None:
    a = check("https://www.tiktok.com/@mx.k/video/12", "if im not back after half term tell ms harper i said thanks "
              "for everything 🖤")
    assert "safeguarding" in a.shown_codes
    assert reason(a, "safeguarding").startswith("Someone may be in distress or thinking of harming themselves, in the "
                                                "words 'if im not back'")


def test_not_being_around_much_longer_in_the_writers_words_is_despair_alone() -> None:
    a = check("https://www.instagram.com/p/Dx2/", "ms harper keeps asking how im doing. honestly i wont be here for "
              "much longer")
    assert "safeguarding" in a.shown_codes


def test_an_absence_and_thanks_for_a_ride_or_a_card_are_not_despair() -> None:
    for snippet in (
        "if im not in tomorrow can someone tell ms harper thanks for the extension lol",
        "not sure i can make the trentham vale quiz night, tell ms harper thanks for the invite",
        "ms harper wont be around much longer, shes off on maternity leave. thank her for me!",
        "i wont be around much longer on here, deleting insta for exams. shoutout ms harper",
        "ms harper said if i dont hand it in monday im in detention. cant be bothered",
    ):
        a = check("https://x.com/kd_2011/status/13", snippet)
        assert "safeguarding" not in a.shown_codes, snippet
