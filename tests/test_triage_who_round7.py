"""Is it her? (issue 23, seventh round): a namesake's later report told in other words, an account
whose handle is her name and another word, a job a profile states, a pupil's picture post, a listing
of where someone lives beyond a commute, and "miss" as a verb. Each page is written for the behaviour,
found in no batch; the assertions are what she sees: `about`, the reasons, the flags."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.person import Namesake, Person
from repwatch.pipeline.triage import Assessment, assess
from repwatch.pipeline.triage.text import blank, lexicon
from repwatch.pipeline.triage.what import pupils_voice, scene
from repwatch.pipeline.triage.who import person, read
from tests.measure_triage import result

MAIREAD = Profile(name="Mairead Boyle", variants=["Mairead Kelly"], honorifics=["Mrs", "Miss"],
                  handles=["MaireadBoyle_"], locations=["Enniskillen", "County Fermanagh"],
                  organisations=["Lakeland Integrated College"])
OWEN = Profile(name="Owen Pritchard", honorifics=["Mr"], handles=["MrPritchardHist"],
               locations=["Shrewsbury", "Shropshire"], organisations=["Severnside Academy"])
NADIA = Profile(name="Nadia Hussain", honorifics=["Mrs", "Ms"], handles=["MrsHussainMaths"],
                locations=["Rochdale"], organisations=["Hollin Bank High School"])


def check(profile: Profile | Person, url: str, title: str, snippet: str, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


def _not_me(profile: Profile, url: str, title: str, snippet: str) -> Person:
    said = Namesake(1, "2026-12-03T09:00:00+00:00", url, title, snippet, "web")
    return Person(profile, namesakes=(said,), dismissed=frozenset({url}))


# --- "not me" teaches: the same person's story, told again in other words -------------------------


def test_a_later_report_telling_the_same_namesakes_story_is_set_aside() -> None:
    """"Not me" on a regulator's decision about a teacher with her name; a paper's report of the same
    case names no place and shares none of the words beside the name, only the story ("forged ...
    attendance ... suspension"). Before, "about a teacher: you, or another teacher with your name",
    shown with its `negative` asking "is it you?"."""
    me = _not_me(OWEN, "https://www.example-regulator.gov.uk/decisions/owen-pritchard",
                 "Teaching regulator decision: Mr Owen Pritchard",
                 "Mr Owen Pritchard, formerly employed at a secondary school in Norwich, forged attendance "
                 "certificates for a trip. Suspension order for 18 months.")
    a = check(me, "https://www.example-news.co.uk/education/teacher-loses-challenge",
              "Teacher loses challenge to suspension",
              "Owen Pritchard, 39, told the tribunal the forged attendance certificates were a mistake.", kind="news")
    assert a.about == "someone_else"
    assert a.about_reasons == ["the person in Norwich you said is not you, 3 Dec"]
    assert a.shown_codes == []


def test_her_own_page_sharing_a_word_with_a_namesakes_story_is_still_hers() -> None:
    """Her school outweighs any mark of the namesake: her page is never set aside for sharing a word
    of their story."""
    me = _not_me(OWEN, "https://www.example-regulator.gov.uk/decisions/owen-pritchard",
                 "Teaching regulator decision: Mr Owen Pritchard",
                 "Mr Owen Pritchard, formerly employed at a secondary school in Norwich, forged attendance "
                 "certificates for a trip. Suspension order for 18 months.")
    a = check(me, "https://www.example-news.co.uk/shrewsbury/attendance-awards",
              "Severnside Academy celebrates attendance certificates",
              "Mr Owen Pritchard handed out attendance certificates at Severnside Academy's assembly.", kind="news")
    assert a.about == "you"


def test_one_shared_word_alone_does_not_make_a_namesake() -> None:
    """A page about a teacher with her name that shares one word of the namesake's story and nothing
    else of theirs stays "not sure": one word is not a person."""
    me = _not_me(OWEN, "https://www.example-regulator.gov.uk/decisions/owen-pritchard",
                 "Teaching regulator decision: Mr Owen Pritchard",
                 "Mr Owen Pritchard, formerly employed at a secondary school in Norwich, forged attendance "
                 "certificates for a trip. Suspension order for 18 months.")
    a = check(me, "https://www.example-blog.co.uk/history-teachers-on-trips",
              "History teachers on trips", "Owen Pritchard, a history teacher, writes about certificates for pupils.")
    assert a.about == "unsure"


# --- accounts: her name and another word is not "much like your handle" -------------------------


def test_an_account_with_her_name_and_another_word_is_not_a_copy_of_her_name_handle() -> None:
    """Her handle is only her name ("MaireadBoyle_"); "mairead-boyle-art" is her name and a word, as
    any Mairead Boyle's may be. With another job in a far city it is someone else's own account, not
    "is it yours?"."""
    a = check(MAIREAD, "https://uk.linkedin.com/in/mairead-boyle-art",
              "Mairead Boyle - Ceramic Artist | LinkedIn", "Swansea, Wales · Ceramics", kind="account")
    assert a.about == "someone_else"
    assert not any("much like your handle" in r for r in a.about_reasons)
    assert a.shown_codes == []


def test_her_name_handle_with_a_number_added_is_still_much_like_it() -> None:
    a = check(MAIREAD, "https://www.instagram.com/maireadboyle_7/", "Mairead Boyle (@maireadboyle_7)", "", kind="account")
    assert "an account named much like your handle MaireadBoyle_" in a.about_reasons


# --- a job a profile states ------------------------------------------------------------------------


def test_a_linkedin_headline_states_another_job_in_words_no_list_holds() -> None:
    """"Senior Estimator" is in no word list: the profile's headline states the job, and it is no
    teacher's."""
    a = check(NADIA, "https://uk.linkedin.com/in/nadia-hussain-estimating",
              "Nadia Hussain - Senior Estimator - Balfour Beatty | LinkedIn", "Leeds, England · Estimating", kind="account")
    assert a.about == "someone_else"
    assert a.about_reasons[0].startswith("a Senior Estimator")
    assert a.shown_codes == []


def test_a_firms_own_page_about_one_of_its_people_states_their_job() -> None:
    """On the firm's own site, "Name – Partner, Tax – Firm LLP" and "Name, Associate, Firm LLP" state
    a job; the town nearby (Manchester, 16 km from Rochdale) does not make it hers."""
    a = check(NADIA, "https://www.greaveslowther.co.uk/people/nadia-hussain",
              "Nadia Hussain – Partner, Private Client Tax – Greaves Lowther LLP",
              "Nadia advises families on estates from our Manchester office.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "a Partner, Private Client Tax in Manchester; you teach in Rochdale"
    b = check(NADIA, "https://www.greaveslowther.co.uk/media/people/nadia-hussain.jpg", "Nadia Hussain – Greaves Lowther",
              "Image: Nadia Hussain, Associate, Greaves Lowther LLP.", kind="image")
    assert b.about == "someone_else"
    assert b.about_reasons[0].startswith("an Associate")


def test_a_teachers_headline_is_not_another_job() -> None:
    """A headline with teaching or a subject in it is a teacher's: her namesake at another school is
    set aside for the school, and her own is hers."""
    other = check(NADIA, "https://uk.linkedin.com/in/nadia-hussain-maths",
                  "Nadia Hussain - Head of Maths - Kingsway Park High School | LinkedIn", "Rochdale", kind="account")
    assert not any(r.startswith("a Head of Maths") for r in other.about_reasons)
    assert other.about == "someone_else"
    assert other.about_reasons[0].startswith("at another school, Kingsway Park High School")
    hers = check(NADIA, "https://uk.linkedin.com/in/nadia-hussain-hbhs",
                 "Nadia Hussain - Teacher of Mathematics - Hollin Bank High School | LinkedIn", "Rochdale", kind="account")
    assert hers.about == "you"


def test_a_page_headed_with_words_that_are_no_job_title_is_not_a_job() -> None:
    """A genealogy site's "Name - Historical records and family trees - Site" is no job."""
    a = check(NADIA, "https://www.myancestors.example.com/names/nadia-hussain",
              "Nadia Hussain - Historical records and family trees - MyAncestors", "Records for Nadia Hussain.")
    assert not any("records" in r for r in a.about_reasons)
    assert a.about == "unsure"


# --- who is writing: a pupil's picture post ---------------------------------------------------------


def test_a_pupils_picture_post_naming_her_as_pupils_do_is_about_her() -> None:
    """A Snapchat still of "mr pritchard" posted in pupils' lower case: it was "your name, and nothing
    that says whether it is you" because only text posts were read for who is writing."""
    a = check(OWEN, "https://www.snapchat.com/spotlight/W9xQe3Lm7P", "mr pritchard at the car wash 😭",
              "saw mr pritchard at the car wash on sunday in his slippers, got a pic, he has no idea", kind="image")
    assert a.about == "you"
    assert a.about_reasons[0].startswith("a post naming you as pupils do ('mr pritchard'): ")
    assert "photo" in a.shown_codes


# --- a listing of where someone lives ---------------------------------------------------------------


def test_a_listing_beyond_a_short_commute_is_where_someone_else_lives() -> None:
    """A people-search listing in Telford, 21 km from Shrewsbury, may be where she lives; one in
    Wrexham, 41 km away, is where someone else does."""
    near = check(OWEN, "https://www.ukelectoralroll.co.uk/owen-pritchard/telford", "Owen Pritchard, Telford – UK Electoral Roll",
                 "Owen Pritchard, Wellington, Telford TF1. Age 35-39.", kind="listing")
    assert near.about == "you"
    assert "personal_info" in near.shown_codes
    far = check(OWEN, "https://www.ukelectoralroll.co.uk/owen-pritchard/wrexham", "Owen Pritchard, Wrexham – UK Electoral Roll",
                "Owen Pritchard, Wrexham LL13. Age 55-59.", kind="listing")
    assert far.about == "someone_else"
    assert far.about_reasons == ["lives in Wrexham, 41 km from Shrewsbury"]


# --- who is speaking: "miss" the verb ---------------------------------------------------------------


def _voice(profile: Profile, url: str, title: str, snippet: str, kind: str = "post") -> str | None:
    r = read(result(url, title, snippet, kind), person(profile))
    lex = lexicon()
    return pupils_voice(r, scene(r, lex, blank(r.text, lex.ignore)))


def test_miss_as_a_verb_is_not_a_pupil_addressing_a_teacher() -> None:
    """A parent's "you can't miss it" (the house, the car) is not pupils' "miss"; "miss said" is."""
    parent = _voice(MAIREAD, "https://www.facebook.com/groups/fermanaghparents/posts/55",
                    "Fermanagh Parents | Facebook",
                    "If you want a word with Boyle she's in the cottage by the marina, red door. You won't miss it.")
    assert parent is None
    pupil = _voice(MAIREAD, "https://x.com/cian_x/status/1870000000000000123", "cian on X",
                   "boyle kept us in at break and miss said it was our own fault")
    assert pupil == "'miss'"
