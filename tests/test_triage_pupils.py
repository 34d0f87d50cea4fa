"""Who is it, when pupils and parents write: the names pupils make from hers, class codes, the school's
initials and tags, and the pages that describe a situation, which are never set aside on weak evidence.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from repwatch.pipeline.triage.who import pupil_nicknames
from tests.measure_triage import result

GARETH = Profile(
    name="Gareth Pritchard", honorifics=["Mr"], handles=["MrPritchardHist"], locations=["Wrexham"],
    organisations=["Ridgeway High School"],
)  # fmt: skip
NIAMH = Profile(
    name="Niamh Kelly", variants=["Niamh Boyle"], honorifics=["Mrs", "Miss"], locations=["Derry"],
    organisations=["Foyleview Primary School"],
)  # fmt: skip


def check(url: str, title: str, snippet: str, profile: Profile, kind: str = "post"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), profile)


def test_nicknames_are_made_from_the_surname_not_listed() -> None:
    assert pupil_nicknames("Pritchard") == ["pritto"]  # first syllable, its consonant doubled
    assert "robbo" in pupil_nicknames("Robinson")
    assert "tommo" in pupil_nicknames("Thomas")  # "th" said "t"
    assert "jonesy" in pupil_nicknames("Jones")
    assert pupil_nicknames("Ng") == []


def test_a_pupils_nickname_with_the_school_tag_is_her() -> None:
    a = check("https://x.com/hist_hater_/status/1", "r on X",
              "pritto set us 4 essays over half term, genuinely ruining my life #ridgeway", GARETH)
    assert a.about == "you"
    assert "a name pupils use for you ('pritto')" in a.about_reasons
    assert a.about_reasons[0] == "names your school, Ridgeway High School"


def test_honorific_and_initial_need_her_school_or_pupils() -> None:
    tagged = check("https://www.tiktok.com/@ridgeway.y8.lads/video/1", "TikTok",
                   "mr p doing the worm at the christmas disco 😭", GARETH)
    assert tagged.about == "you" and tagged.codes == ["safeguarding", "negative"]  # a pupils' video, laughed at: not photo
    assert any("class code" in r or "school" in r for r in tagged.about_reasons)
    alone = check("https://x.com/someone/status/2", "x", "mr p from the chip shop gave us extra chips", GARETH)
    assert alone.about == "someone_else" and alone.codes == []


def test_a_class_code_in_the_posters_name_says_pupils_are_writing() -> None:
    a = check("https://x.com/megs_9r2/status/3", "megs on X",
              "pritchard kept the whole class in at break AGAIN, nobody even did anything", GARETH)
    assert a.about == "you"
    assert "a pupils' class code ('megs_9r2')" in a.about_reasons


def test_the_schools_initials_in_capitals_tie_a_page_to_her() -> None:
    a = check("https://www.instagram.com/p/abc/", "RHS Gossip on Instagram",
              "mr pritchard was so moody in period 4 today, someone clearly upset him", GARETH)
    assert a.about == "you"
    assert "names your school as RHS (Ridgeway High School)" in a.about_reasons


def test_her_given_name_alone_counts_only_at_her_school() -> None:
    at_school = check("https://www.facebook.com/groups/derryparents/posts/9/", "Derry Parents",
                      "Does anyone else find Niamh in Foyleview a bit short with the P2 parents at pick up?", NIAMH)
    assert at_school.about == "you"
    assert "your first name ('Niamh')" in at_school.about_reasons
    elsewhere = check("https://www.facebook.com/groups/derryparents/posts/10/", "Derry Parents",
                      "Niamh from the bakery made the most amazing communion cake for us!", NIAMH)
    assert elsewhere.about == "someone_else"
    another = check("https://www.facebook.com/groups/derryparents/posts/11/", "Derry Parents",
                    "Niamh Doherty from Foyleview is running the sponsored walk this year.", NIAMH)
    assert another.about == "someone_else"  # another Niamh at her school


def test_miss_and_her_given_name_as_primary_pupils_say_it() -> None:
    a = check("https://www.facebook.com/photo/?fbid=77", "Facebook photo",
              "Sports day medals with Miss Niamh and the P3 gang at Foyleview 🏅", NIAMH)
    assert a.about == "you" and "photo" in a.codes


def test_a_surname_after_a_capitalised_word_that_is_not_a_first_name() -> None:
    a = check("https://www.facebook.com/groups/derryparents/posts/12/", "Derry Parents",
              "That Kelly one at Foyleview never answers the class app, three messages now.", NIAMH)
    assert a.about == "you" and a.reasons[0] == "Your surname appears on its own ('Kelly'), as pupils write it."
    other = check("https://www.facebook.com/groups/derryparents/posts/14/", "Derry Parents",
                  "Declan Kelly at Foyleview is the new caretaker, lovely man.", NIAMH)
    assert other.about != "you"  # another Kelly


def test_a_childs_age_beside_her_name_is_not_her_age() -> None:
    a = check("https://www.facebook.com/groups/derryparents/posts/13/", "Derry Parents",
              "Mrs Kelly from P2 followed my 7 year old on Instagram, is that allowed? Foyleview mum here", NIAMH)
    assert a.about == "you"
    assert not any("age a serving teacher" in r for r in a.about_reasons)
    old = check("https://www.example-notices.co.uk/notice/5", "Death notice",
                "Niamh Kelly, aged 93, late of Strabane, peacefully at home.", NIAMH, kind="web")
    assert old.about == "someone_else"


def test_a_situation_is_never_set_aside_on_weak_evidence() -> None:
    """A pupil's despair near her name, on a page that also names a far town (a holiday, a move):
    weak evidence against, so it is shown as "not sure", not set aside."""
    a = check("https://x.com/quietkid_x/status/4", "x",
              "mrs kelly told me off again today. i honestly cant cope anymore, whats the point. "
              "wish we never moved from Glasgow", NIAMH)
    assert "safeguarding" in a.codes
    assert a.about in ("you", "unsure") and a.about_me


def test_a_teacher_with_her_full_name_in_a_far_town_is_someone_else() -> None:
    a = check("https://www.example-news.co.uk/cardiff-teacher-1", "Cardiff teacher praised",
              "Gareth Pritchard, a history teacher in Cardiff, was praised by inspectors.", GARETH, kind="news")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "a teacher in Cardiff; you teach in Wrexham"


def test_a_street_named_after_a_town_is_not_that_town() -> None:
    a = check("https://www.example-news.co.uk/litter-2", "Litter pick",
              "Ridgeway High pupils and teacher Gareth Pritchard cleared Chester Road on Saturday.", GARETH, kind="news")
    assert a.about == "you"
    assert not any("Chester" in r for r in a.about_reasons)


def test_her_given_name_at_her_school_is_a_pupils_when_no_teacher_is_spoken_of() -> None:
    pupil = check("https://www.foyleview.example/news/1", "Foyleview news",
                  "Well done to Niamh in P6 at Foyleview, who won the county spelling bee!", NIAMH, kind="web")
    assert pupil.about == "someone_else"
    teacher = check("https://www.facebook.com/groups/derryparents/posts/15/", "Derry Parents",
                    "Niamh, the P2 teacher at Foyleview, has been brilliant with our twins.", NIAMH)
    assert teacher.about == "you"
