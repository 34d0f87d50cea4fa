"""Is it her? Her job and the towns near hers are true of her namesakes too (issue 23, fourth round):
a teacher with her name is not her, and a town near hers is not her town. As she sees it: `about`,
the reasons, and where the page goes in the digest and on the review page."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.models import Flag, Mention
from repwatch.pipeline.digest import Digest
from repwatch.pipeline.triage import Assessment, assess
from repwatch.web.app import needs_attention
from tests.measure_triage import result

HANNAH = Profile(name="Hannah Reid", variants=["Hannah Mackenzie"], honorifics=["Mrs"], handles=["MrsReidP5"],
                 locations=["Inverness", "Highland"], organisations=["Culduthel Park Primary School"])
TOM = Profile(name="Tom Harris", honorifics=["Mr"], handles=["MrHarrisMaths"], locations=["Plymouth", "Devon"],
              organisations=["Tamar View Academy"])
GEMMA = Profile(name="Gemma Hughes", honorifics=["Miss"], handles=["MissHughesDrama"],
                locations=["Sunderland", "Washington"], organisations=["Hylton Dene Academy"])
AMINA = Profile(name="Amina Rahman", honorifics=["Ms", "Miss"], handles=["MsRahmanY4"],
                locations=["Bow", "London E3"], organisations=["Roman Road Primary School"])
JOANNA = Profile(name="Joanna Whitfield", honorifics=["Ms", "Mrs"], handles=["MsWhitfieldTeach"],
                 locations=["Liverpool"], organisations=["St Aidan's Primary School"])


def check(profile: Profile, url: str, title: str, snippet: str, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


# --- her job is no tie by itself ---------------------------------------------------------------------

STRUCK_OFF = ("https://www.dailyrecord.co.uk/news/scottish-news/teacher-struck-off-reading-scores-appeal-31220871",
              "Struck-off teacher who faked reading scores loses appeal",
              "Hannah Reid, 44, who was removed from the teaching register last month for changing pupils' test "
              "results, has lost her appeal at the Court of Session.")


def test_another_teachers_misconduct_with_her_name_is_not_sure_and_needs_no_attention() -> None:
    """A paper's report of a struck-off teacher with her name and nothing else: every namesake in her
    job is a teacher, so it asks "is it you?" and is not put in "needs attention" with its `negative`."""
    a = check(HANNAH, *STRUCK_OFF, kind="news")
    assert a.about == "unsure"
    assert a.about_reasons == ["about a teacher ('teacher'): you, or another teacher with your name"]
    assert "negative" in a.codes
    mention = Mention(id=7, profile="Hannah Reid", canonical_url=STRUCK_OFF[0], url=STRUCK_OFF[0], title=STRUCK_OFF[1],
                      snippet=STRUCK_OFF[2], kind="news", platform="news", domain="dailyrecord.co.uk",
                      first_seen="2026-12-07T07:00:00+00:00", last_seen="2026-12-07T07:00:00+00:00",
                      flags=[Flag(f.code, f.reason) for f in a.flags], about=a.about, about_reasons=a.about_reasons)
    digest = Digest("Hannah Reid", [mention])
    assert digest.attention == [] and digest.unsure == [mention]
    assert not needs_attention(mention)


def test_a_regulator_placing_that_teacher_far_away_sets_it_aside() -> None:
    """"Scotland" holds her town and theirs alike; Falkirk is far from Inverness: another teacher."""
    a = check(HANNAH, "https://www.gtcs.org.uk/fitness-to-teach/hearings-and-outcomes/2026/reid-hannah",
              "Fitness to Teach panel outcome: Hannah Reid | GTC Scotland",
              "The panel found that Ms Reid, a registered teacher formerly employed at a primary school in the "
              "Falkirk Council area, altered pupils' reading assessment results. Removal Order made.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "a teacher in Falkirk; you teach in Inverness"


def test_a_teacher_with_her_name_in_another_town_of_her_county_is_someone_else() -> None:
    """Her county is many towns: Exeter is in Devon, but 60 km from her Plymouth."""
    a = check(TOM, "https://www.devonlive.example/news/1", "Exeter teacher retires",
              "Tom Harris, a maths teacher in Exeter for thirty years, retires this summer.", kind="news")
    assert a.about == "someone_else" and a.about_reasons[0] == "a teacher in Exeter; you teach in Plymouth"


def test_teaching_with_her_name_as_pupils_write_it_is_still_hers() -> None:
    """Being a teacher makes other evidence count: "Mrs Reid" with a class and her teaching."""
    a = check(HANNAH, "https://x.com/p5kid/status/1", "p5kid on X",
              "mrs reid gave us extra spelling homework again 😭 best teacher tho", kind="post")
    assert a.about == "you"


# --- a town near hers is not her town -------------------------------------------------------------------


def test_a_town_near_hers_is_not_enough_with_her_name() -> None:
    """Durham is 20 km from Sunderland: a stranger's account there with her name asks, it does not
    accuse, and the reason says the town is not hers."""
    a = check(GEMMA, "https://www.facebook.com/events/1", "Quiz night, Durham",
              "Quiz night winners: Gemma Hughes and team, Durham.")
    assert a.about == "unsure"
    assert a.about_reasons == ["names Durham, near Sunderland, but not your town"]


def test_a_town_near_hers_adds_to_a_real_tie() -> None:
    a = check(GEMMA, "https://www.facebook.com/events/2", "Quiz night, Durham",
              "Quiz night winners: Gemma Hughes and the Hylton Dene Academy staff team, Durham.")
    assert a.about == "you"
    assert a.about_reasons == ["names your school, Hylton Dene Academy", "names Durham, near Sunderland, but not your town"]


def test_her_county_by_its_own_name_is_her_area() -> None:
    a = check(JOANNA, "https://www.ukphonebook.example/search/whitfield/joanna/merseyside", "Joanna Whitfield, Merseyside",
              "Joanna Whitfield, Merseyside. Phone and address.")
    assert a.about == "you" and a.about_reasons[0] == "names Merseyside, where Liverpool is"


def test_a_postcode_district_after_her_town_still_finds_it() -> None:
    """"London E3" is London: Birmingham is far from it, so a GP there with her name is someone else."""
    a = check(AMINA, "https://www.instagram.com/dr.aminarahman.gp/", "Dr Amina Rahman (@dr.aminarahman.gp) • Instagram",
              "GP. Women's health, Birmingham. Health tips, not medical advice.", kind="account")
    assert a.about == "someone_else" and "Birmingham" in a.about_reasons[0]
    assert a.shown_codes == []


def test_a_post_by_an_account_named_for_her_town_ties_it_to_her() -> None:
    a = check(JOANNA, "https://x.com/liverpoolmum_kx/status/1", "Kerry on X",
              "Joanna Whitfield thinks she can show my kid up with everyone watching.", kind="post")
    assert a.about == "you"
    assert a.about_reasons[0] == "posted by an account named for Liverpool ('liverpoolmum_kx')"


# --- accounts in her name: impersonation needs a claim of her --------------------------------------------


def test_a_strangers_account_with_her_name_and_a_far_town_is_someone_else_with_no_flag() -> None:
    """A GP in Birmingham under her name, on a site where she has an account: a second account there
    claims nothing of hers, and Birmingham is far from her London: set aside, no flag."""
    me = Profile(name="Amina Rahman", honorifics=["Ms"], handles=["instagram:ms.rahman.music"], locations=["London E3"],
                 organisations=["Roman Road Primary School"])
    a = check(me, "https://www.instagram.com/dr.aminarahman/", "Dr Amina Rahman (@dr.aminarahman) • Instagram",
              "GP. Women's health, Birmingham. Health tips, not medical advice.", kind="account")
    assert a.about == "someone_else" and a.shown_codes == []
    assert a.about_reasons[0] == "in Birmingham; you are in London E3"


def test_a_namesakes_account_near_her_asks_is_it_yours_not_impersonation() -> None:
    """A beautician in Durham with her name, on Instagram where she has an account: nothing of hers is
    claimed (the town is near hers, not hers), so at most "is it yours?", never an alarm."""
    me = Profile(name="Gemma Hughes", honorifics=["Miss"], handles=["instagram:gemma.hughes.drama"],
                 locations=["Sunderland"], organisations=["Hylton Dene Academy"])
    a = check(me, "https://www.instagram.com/gemmahughesbeauty/", "Gemma Hughes Beauty (@gemmahughesbeauty) • Instagram",
              "Lash & brow tech. Durham City. Bookings via link, no walk-ins.", kind="account")
    assert "impersonation" not in a.codes and a.codes == ["unconfirmed_account"]


# --- her name as pupils write it, and what the address says ----------------------------------------------


def test_her_surname_run_into_a_possessive_is_still_her_name() -> None:
    """"which hoose is mrs reids?": pupils drop the apostrophe; the page is shown, not set aside as
    "your name is not on it"."""
    a = check(HANNAH, "https://www.snapchat.com/spotlight/W7_Ea", "Spotlight Snap",
              "wha kens which hoose is mrs reids? we're gonnae chap her door at halloween and run", kind="post")
    assert a.about != "someone_else"
    assert "your name is not on it" not in a.about_reasons


def test_a_sites_address_is_not_a_line_of_work() -> None:
    """Strava files every runner under /athletes/: that is not another job."""
    me = Profile(name="Sioned Evans", honorifics=["Mrs"], handles=["SionedCymraeg"], locations=["Newtown", "Powys"],
                 organisations=["Ysgol Glan Hafren"])
    a = check(me, "https://www.strava.com/athletes/90144213", "Sioned Evans | Strava Runner Profile",
              "Sioned Evans. Runner. 12 activities this month.", kind="account")
    assert a.about != "someone_else" and not any("athlete" in r for r in a.about_reasons)


def test_a_title_she_does_not_use_says_someone_else() -> None:
    """"Dr Amina Rahman at her surgery": she is Ms Rahman; a doctor with her name is someone else."""
    a = check(AMINA, "https://www.birminghammail.co.uk/resizer/dr-amina-rahman-gp.jpg", "dr-amina-rahman-gp.jpg",
              "Image: Dr Amina Rahman at her surgery in Handsworth.", kind="image")
    assert a.about == "someone_else"
    assert a.about_reasons == ["called 'Dr Amina Rahman', a title you do not use"]


def test_her_schools_own_name_on_a_page_about_a_teacher_is_hers() -> None:
    """"Copnor reception children": the first word of Copnor Meadows Primary, beside "Teacher Emma Roberts"."""
    emma = Profile(name="Emma Roberts", honorifics=["Mrs"], locations=["Portsmouth"],
                   organisations=["Copnor Meadows Primary School"])
    a = check(emma, "https://www.portsmouth.co.uk/education/copnor-reception-children-knit-hats",
              "Copnor reception children help knit hats for QA Hospital babies - The News",
              "Teacher Emma Roberts said the four and five-year-olds had been 'so gentle and proud'.", kind="news")
    assert a.about == "you"
    assert a.about_reasons[0] == "names Copnor, as your school is called (Copnor Meadows Primary School)"


def test_a_parent_writing_about_a_teacher_with_her_full_name_is_asked_about_in_plain_words() -> None:
    a = check(JOANNA, "https://x.com/kerry_kx/status/1", "Kerry on X",
              "Joanna Whitfield thinks she can show my kid up with everyone watching.", kind="post")
    assert a.about == "unsure"
    assert a.about_reasons == ["a parent writes about a teacher ('my kid'): you, or another teacher with your name"]


# --- a nickname she wrote with a title is her name ----------------------------------------------------

CARYS = Profile(name="Carys Hopkins", nicknames=["Mrs Hop"], honorifics=["Mrs"], locations=["Llandysul"],
                organisations=["Ysgol Bro Teifi"])


def test_a_titled_nickname_from_her_profile_is_her_name_as_pupils_write_it() -> None:
    """She wrote "Mrs Hop" in `nicknames`: pupils hunting for where "mrs hop" lives, naming her school,
    are about her and a safeguarding situation, not "your name is not on it"."""
    a = check(CARYS, "https://www.tiktok.com/@gwen.x/video/7581230001", "gwen on TikTok",
              "anyone know where mrs hop lives?? we're going round hers friday night, Bro Teifi lot DM me", kind="post")
    assert a.about == "you", a.about_reasons
    assert "safeguarding" in a.shown_codes


GWYN = Profile(name="Gwyn Pugh", honorifics=["Mr"], locations=["Caerphilly"],
               organisations=["Ysgol Gyfun Cwm Rhymni"])


def test_a_tag_made_from_her_schools_own_words_is_her_school() -> None:
    """"Ysgol Gyfun" says only "comprehensive school": pupils tag the school by its own name
    (#cwmrhymni), and a post with that tag and "mr pugh" is about him."""
    a = check(GWYN, "https://www.tiktok.com/@cai.x/video/7581230002", "cai on TikTok",
              "mr pugh ranting about phones again 💀 #cwmrhymni #fyp", kind="post")
    assert a.about == "you", a.about_reasons
    assert "names your school, Ysgol Gyfun Cwm Rhymni" in a.about_reasons
