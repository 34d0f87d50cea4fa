"""Triage's newer cues, one at a time, as the user sees them: neutral complaints, tagged children,
home streets without numbers, and same-name people elsewhere in the UK."""

from __future__ import annotations

import tomllib
from importlib import resources

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.person import Namesake, Person
from repwatch.pipeline.triage import THRESHOLD, Assessment, assess, distance_km, places
from tests.measure_triage import reason, result

JOANNA = Profile(
    name="Joanna Whitfield", nicknames=["Jo"], honorifics=["Ms", "Mrs"], handles=["MsWhitfieldTeach"],
    locations=["Liverpool"], organisations=["St Aidan's Primary School"],
)  # fmt: skip
NOWHERE = Profile(name="Joanna Whitfield", nicknames=["Jo"], honorifics=["Ms", "Mrs"])


def check(url: str, title: str, snippet: str, profile: Profile = JOANNA, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


# --- complaints in neutral words --------------------------------------------------------------------

GROUP = "https://www.facebook.com/groups/parents/posts/1/"


def test_a_complaint_in_neutral_words_is_negative() -> None:
    a = check(GROUP, "Parents", "Mrs Whitfield at St Aidan's ignored my emails about the trip and then blamed my son for it.")
    assert a.about_me and a.codes == ["negative"]
    assert reason(a, "negative") == "The words 'ignored my emails' and 'blamed my' appear near your name."
    a = check(GROUP, "Parents", "We raised concerns about Mrs Whitfield at St Aidan's and are going to the governors.")
    assert a.about_me and a.codes == ["negative"]


def test_praise_and_plain_news_are_not_complaints() -> None:
    for snippet in (
        "Thank you Mrs Whitfield at St Aidan's, she has been so patient with our DS this year.",
        "Mrs Whitfield at St Aidan's replied to my email the same day and sorted it all out. Brilliant teacher.",
    ):
        a = check(GROUP, "Parents", snippet)
        assert a.about_me and a.codes == [], snippet


# --- children tagged in pictures --------------------------------------------------------------------


def test_a_class_photo_with_the_children_tagged_is_safeguarding_and_photo() -> None:
    a = check(
        "https://www.facebook.com/mum.of.three/posts/pfbid0abc",
        "Year 3 trip",
        "Class photo from the Year 3 trip with Mrs Whitfield, I've tagged all the kids so you can save it",
    )
    assert set(a.codes) == {"safeguarding", "photo"}
    assert "named or tagged ('tagged')" in reason(a, "safeguarding")


def test_facebooks_tag_line_counts_as_tagging() -> None:
    a = check(
        "https://www.facebook.com/mum.of.three/posts/pfbid0abd",
        "Leavers",
        "Year 6 leavers' photo with Mrs Whitfield — with Amy Lee, Tom Hart and 27 others.",
    )
    assert "safeguarding" in a.codes
    assert "with Amy Lee, Tom Hart and 27 others" in reason(a, "safeguarding")


def test_an_untagged_class_photo_or_a_tagged_adult_photo_is_only_a_photo() -> None:
    untagged = check("https://www.facebook.com/mum.of.three/posts/pfbid0abe", "Trip", "Lovely photo of the Year 3 trip with Mrs Whitfield")
    adults = check("https://www.facebook.com/mum.of.three/posts/pfbid0abf", "Night out", "Staff night out photos, tagged Jo Whitfield and the team")
    assert untagged.codes == ["photo"] and adults.codes == ["photo"]


def test_children_named_in_a_newspaper_are_not_flagged_as_tagged() -> None:
    """Local papers name pupils in class photos with the school's consent; the concern is social posts."""
    a = check(
        "https://www.liverpoolecho.co.uk/news/class-photos-2024",
        "Reception class photos",
        "Photo of Mrs Whitfield's reception class at St Aidan's, with every child named.",
        kind="news",
    )
    assert a.about_me and "safeguarding" not in a.codes


# --- home streets without a number ------------------------------------------------------------------


def test_a_home_street_without_a_number_is_personal_info() -> None:
    a = check("https://example.com/n", "Burglary", "Jo Whitfield's house on Larkhill Road was broken into on Monday.")
    assert reason(a, "personal_info") == "A home street (Larkhill Road) appears near your name."
    a = check("https://example.com/n", "New neighbour", "Ms Whitfield from St Aidan's has just moved into a flat off Menlove Avenue")
    assert "personal_info" in a.codes


def test_a_street_that_is_not_a_home_is_not_personal_info() -> None:
    for snippet in (
        "Jo Whitfield's class collected litter along Aigburth Road.",
        "Jo Whitfield lives for her job at the school on Aigburth Road.",
        "Jo Whitfield lives in Mossley Hill.",  # a district, not a street
    ):
        a = check("https://example.com/n", "Teacher", snippet)
        assert a.about_me and "personal_info" not in a.codes, snippet


# --- same-name people elsewhere in the UK -----------------------------------------------------------


def test_a_same_name_person_in_another_uk_town_scores_lower() -> None:
    here = check("https://example.com/c", "Court", "Joanna Whitfield, 44, of Allerton, Liverpool, was fined for speeding.")
    there = check("https://example.com/c", "Court", "Joanna Whitfield, 44, of Lakenham, Norwich, was fined for speeding.")
    assert here.about_me and not there.about_me and there.score < here.score
    assert "It mentions Norwich, about 300 km from Liverpool." in there.reasons


def test_a_nearby_town_is_not_far_nor_hers() -> None:
    """A town near hers is not far (nothing against her), but every namesake living nearby is named
    beside it too: with her name alone it is "is it you?", never hers."""
    near = check("https://example.com/c", "Fun run", "Joanna Whitfield ran the Birkenhead Park 5k on Saturday.")
    alone = check("https://example.com/c", "Fun run", "Joanna Whitfield ran a 5k on Saturday.")
    assert near.score >= alone.score >= THRESHOLD
    assert near.about == "unsure" and near.about_reasons == ["names Birkenhead, near Liverpool, but not your town"]
    assert alone.about == "unsure"


def test_a_nearby_town_outweighs_a_far_one() -> None:
    a = check("https://example.com/c", "New job", "Joanna Whitfield has moved from Norwich to Birkenhead.")
    assert a.about_me and not any("km from" in r for r in a.reasons)


def test_uk_towns_only_count_when_the_profile_has_a_known_location() -> None:
    a = check("https://example.com/c", "Court", "Joanna Whitfield, 44, of Lakenham, Norwich, was fined.", profile=NOWHERE)
    assert a.about_me


def test_new_york_is_not_york_and_capitals_matter() -> None:
    a = check("https://example.com/c", "Trip", "Joanna Whitfield, visiting New York this summer.")
    assert "It mentions a place far from yours ('new york')." in a.reasons
    assert not any("York, about" in r for r in a.reasons)
    reading = check("https://example.com/c", "Books", "Joanna Whitfield on reading with Year 4.")
    assert reading.about_me and not any("km from" in r for r in reading.reasons)


def test_a_place_in_the_persons_own_name_is_not_a_place() -> None:
    preston = Profile(name="Sarah Preston", locations=["Bristol"])
    a = check("https://example.com/c", "Hello", "Sarah Preston says hello.", profile=preston)
    assert a.about_me and not any("km from" in r for r in a.reasons)


# --- teaching words in other trades -----------------------------------------------------------------


def test_a_yoga_teacher_is_another_line_of_work() -> None:
    a = check("https://example.com/y", "Jo Whitfield Yoga", "Jo Whitfield, yoga teacher. Classes in Liverpool.")
    school = check("https://example.com/y", "Jo Whitfield", "Jo Whitfield, primary teacher. Classes in Liverpool.")
    assert not a.about_me and school.about_me
    assert "It mentions another line of work or another life ('yoga teacher')." in a.reasons


# --- the places table -------------------------------------------------------------------------------


def test_places_table_is_sound() -> None:
    """Every entry is on the map of the British Isles, so a typo in a coordinate cannot hide."""
    raw = tomllib.loads(resources.files("repwatch").joinpath("data/uk_places.toml").read_text(encoding="utf-8"))
    assert len(raw["places"]) >= 300
    for name, spec in raw["places"].items():
        assert len(spec) in (2, 3), name
        assert 49.8 <= spec[0] <= 61 and -10.5 <= spec[1] <= 2, name
    table = places()
    liverpool, leeds, bristol = (table.find(n) for n in ("Liverpool", "leeds", "BRISTOL"))
    assert liverpool and leeds and bristol
    assert 100 <= distance_km(liverpool, leeds) <= 115
    assert distance_km(liverpool, table.find("Merseyside")) == 0  # type: ignore[arg-type]
    assert table.find("Stoke on Trent") == table.find("Stoke-on-Trent")


def test_a_teacher_in_a_small_town_is_told_from_a_namesake_an_hour_away() -> None:
    """Ballycastle is in no hand-made table: the GeoNames towns (data/uk_towns.tsv) know it, and its
    neighbours, so a namesake in Templepatrick (60 km) is set aside and one in Ballypatrick (6 km) is not."""
    aoife = Profile(name="Aoife McKenna", honorifics=["Mrs", "Miss"], locations=["Ballycastle"],
                    organisations=["Glens Integrated Primary School"])
    text = "{} primary teacher Aoife McKenna has won a national award for her school choir."
    far = check("https://www.newsletter.co.uk/news/education/1", "Teacher wins choir award",
                text.format("Templepatrick"), profile=aoife, kind="news")
    assert far.about == "someone_else"
    assert "It mentions Templepatrick, about 60 km from Ballycastle." in far.reasons
    assert far.about_reasons[0] == "a teacher in Templepatrick; you teach in Ballycastle"
    near = check("https://www.newsletter.co.uk/news/education/2", "Teacher wins choir award",
                 text.format("Ballypatrick"), profile=aoife, kind="news")
    assert near.about != "someone_else" and not any("km" in r for r in near.reasons)
    assert "names Ballypatrick, near Ballycastle, but not your town" in near.about_reasons


def test_a_name_many_villages_share_is_never_far_and_everyday_words_are_no_places() -> None:
    """"Castletown" is a district of Sunderland as well as two villages the tables know; "Bow" is her
    town, found though a page's "bow" is never read as a place."""
    gemma = Profile(name="Gemma Hughes", honorifics=["Miss"], locations=["Sunderland"])
    a = check("https://www.facebook.com/groups/castletownmams/posts/1/", "Castletown & Hylton Mams | Facebook",
              "Miss Hughes only ever casts her favourites.", profile=gemma, kind="post")
    assert a.about != "someone_else" and not any("Castletown" in r for r in a.reasons)
    table = places()
    assert table.find("Bow") and "Bow" not in table.names and "Templepatrick" in table.names
    assert len(table.spots("Newport")) > 1 and table.spots("Newport")[0] == table.find("Newport")


# --- what counts as a picture of her ----------------------------------------------------------------


def test_a_pupils_video_post_is_never_a_photo_and_laughed_at_it_is_negative() -> None:
    """The labelling conventions (docs/triage.md): `photo` is for still pictures; a pupil's video of her is
    safeguarding, and negative when posted with laughter. Every TikTok is a video; most that name a teacher
    are pupils talking about her, not showing her."""
    talk = check("https://www.tiktok.com/@y6.besties/video/7400000000000000001", "ms whitfield 💙",
                 "ms whitfield at st aidans is the best teacher ever, she remembered my birthday", kind="post")
    assert talk.about == "you" and talk.codes == []
    for title, snippet in (
        ("😂😂", "filmed ms whitfield doing the floss at st aidans disco"),
        ("Ms Whitfield when someone forgets their PE kit 💀", "#staidans #fyp"),
    ):
        shown = check("https://www.tiktok.com/@y6.besties/video/7400000000000000002", title, snippet, kind="post")
        assert shown.about == "you" and shown.codes == ["safeguarding", "negative"], title
        assert reason(shown, "negative").startswith("Pupils posted a video or picture of you, laughing at it"), title


def test_a_profile_that_says_its_picture_is_hers_is_impersonation_and_photo() -> None:
    a = check("https://www.datingmerseyside.co.uk/profile/jo41", "Jo41 – Liverpool – Dating Merseyside",
              "'Teacher, love the beach.' Profile photo: the same picture as Ms Whitfield's staff photo on the "
              "St Aidan's website.", kind="account")
    assert a.about == "you" and a.codes == ["impersonation", "photo"]
    assert reason(a, "photo") == "Its picture is said to be yours ('Ms Whitfield's staff photo')."
    assert reason(a, "impersonation").startswith(
        "A profile on datingmerseyside.co.uk uses your picture ('Ms Whitfield's staff photo'), and it names your school")


# --- her anchors: role, area, age -------------------------------------------------------------------

BEN = Profile(name="Ben Taylor", honorifics=["Mr"], handles=["MrTaylorPE", "instagram:ben.taylor.runs"],
              locations=["Norwich"], organisations=["Wensum Valley Academy"])
LISA = Profile(name="Lisa Campbell", honorifics=["Mrs", "Miss"], handles=["MrsCampbellP6"],
               locations=["Dundee"], organisations=["Tayview Primary School"])


def test_her_school_and_the_role_her_handle_names_are_her_without_a_name() -> None:
    """A parent asking about "the PE teacher at Wensum Valley" is asking about Mr Taylor (MrTaylorPE)."""
    a = check("https://www.facebook.com/groups/norwichmums/posts/1/", "Norwich Mums",
              "Does anyone else's daughter have the PE teacher at Wensum Valley? He's followed Year 10 girls "
              "on Instagram. Is that allowed??", profile=BEN, kind="post")
    assert a.about == "you"
    assert a.about_reasons[:2] == ["names your school, Wensum Valley Academy", "names your role ('PE teacher')"]
    b = check("https://www.facebook.com/groups/dundee/posts/2/", "Dundee Mums & Dads",
              "Tayview gossip 👀 that P6 teacher and one of the dads were seen thegither on Saturday night",
              profile=LISA, kind="post")
    assert b.about == "you" and "names your role ('P6 teacher')" in b.about_reasons


def test_a_teacher_of_her_subject_at_another_school_is_not_her_by_the_subject() -> None:
    a = check("https://www.expressandstar.com/news/education/pe-teacher-banned/", "Former Hednesford PE teacher banned",
              "Benjamin Taylor, 41, who taught PE at Kingsmead School, sent messages to pupils, a panel found.",
              profile=BEN, kind="news")
    assert a.about == "someone_else" and not any("role" in r for r in a.about_reasons)


def test_a_country_is_not_her_area() -> None:
    a = check("https://www.change.org/p/save-our-libraries-scotland/signatures", "Save Scotland's Libraries – Signatures",
              "Lisa Campbell signed 3 days ago · Morag Innes signed 3 days ago", profile=LISA)
    assert a.about == "unsure" and a.about_reasons == ["your name, and nothing that says whether it is you"]


def test_an_age_in_brackets_after_the_name_is_an_age() -> None:
    a = check("https://www.derryjournal.com/sport/dancer-world-title", "Strabane dancer brings home world title",
              "Joanna Whitfield (15) from the Mulholland school won the under-16 solo at the world championships.")
    assert a.about == "someone_else" and "aged 15, an age a serving teacher cannot be" in a.about_reasons


# --- her personal details, as pupils give them out ---------------------------------------------------


def test_her_details_half_hidden_or_written_as_pupils_write_them_are_personal_info() -> None:
    post = "https://x.com/tyler_stk/status/1865566778899001122"
    for snippet, fact in (
        ("ring ms whitfield at home lol 01782 31xxxx she goes mad #staidans", "A phone number (01782 31xxxx)"),
        ("text ms whitfield 07700 9xx xxx shes sound #staidans", "A phone number (07700 9xx xxx)"),
        ("ms whitfield lives at 2xx menlove avenue the one w the blue door #staidans", "A home street (menlove avenue)"),
        ("its ms whitfields birthday on 14/03 😂 #staidans", "A date of birth (birthday on 14/03)"),
    ):
        a = check(post, "tyler on X", snippet, kind="post")
        assert a.about == "you" and reason(a, "personal_info").startswith(fact), snippet


def test_a_schools_own_mailbox_or_an_area_is_not_her_personal_info() -> None:
    a = check("https://www.liverpool.gov.uk/schools/st-aidans-primary-school", "St Aidan's Primary School | Liverpool",
              "Head Teacher: Mr K Reid. Year 4: Ms J Whitfield. School office: 0151 438 1200. staidans.primary@liverpool.gov.uk")
    assert a.about == "you" and "personal_info" not in a.codes
    welsh = check("https://www.snapchat.com/spotlight/W7_Y2ZvbmlhLWpvbmVzeQ", "Snapchat Spotlight",
                  "ma ms whitfield yn byw yn aigburth #staidans", kind="post")
    assert "personal_info" not in welsh.codes


def test_a_race_far_away_is_where_she_ran_not_where_she_lives() -> None:
    a = check("https://www.cardiffhalfmarathon.co.uk/results/2026?page=58", "Cardiff Half Marathon 2026 - Results page 58",
              "5731 Joanna Whitfield F35 01:58:22 · 5732 Owain Price M40 01:58:24")
    assert a.about == "unsure" and a.about_reasons == ["your name, and nothing that says whether it is you"]
    b = check("https://www.ukrunning.example/joanna-whitfield", "Joanna Whitfield, Cardiff runner",
              "Joanna Whitfield, a solicitor in Cardiff, won the club 10 mile handicap.")
    assert b.about == "someone_else"  # a job and a town far away still say it is someone else


GARETH = Profile(name="Gareth Jones", honorifics=["Mr"], handles=["MrJonesHanes"], locations=["Caernarfon"],
                 organisations=["Ysgol Glan Seiont"])
SIOBHAN = Profile(name="Siobhan Doherty", honorifics=["Mrs", "Miss"], handles=["MrsDohertyP4"],
                  locations=["Derry"], organisations=["St Oran's Primary School"])


def test_welsh_pages_say_where_and_how_old_in_welsh() -> None:
    teacher = check("https://golwg360.cymru/newyddion/cymru/athro-wrecsam-wahardd", "Athro o Wrecsam wedi'i wahardd rhag dysgu",
                    "Mae athro o Wrecsam, Gareth Jones, wedi'i wahardd rhag dysgu ar ôl iddo ffugio marciau.",
                    profile=GARETH, kind="news")
    assert teacher.about == "someone_else" and teacher.about_reasons[0].startswith("a teacher in Wrecsam")
    assert "impersonation" not in teacher.codes  # forging marks ("ffugio") is not posing as her
    notice = check("https://www.funeral-notices.co.uk/notice/gareth-jones/5134567", "JONES, Gareth – Bontnewydd",
                   "Yn dawel yn Ysbyty Gwynedd, Gareth Jones, Bontnewydd, yn 91 mlwydd oed.", profile=GARETH)
    assert notice.about == "someone_else" and "aged 91, an age a serving teacher cannot be" in notice.about_reasons
    meme = check("https://www.instagram.com/p/DCt2memeJonesy/", "cofis.glanseiont on Instagram",
                 "Llun o Syr Jones efo clustia Shrek 😂😂 #glanseiont", profile=GARETH, kind="post")
    assert meme.about == "you" and meme.reasons[0] == "Your name appears as 'Mr Jones', as pupils write it."  # "Syr": sir


def test_pupils_names_for_her_with_a_possessive_and_unnamed_teachers_at_her_school() -> None:
    a = check("https://www.facebook.com/StOransPS/posts/pfbid02Ab9CdEfGh", "St Oran's Primary School",
              "Well done to Mrs D's P4 class for a brilliant Christmas nativity 🌟", profile=SIOBHAN, kind="post")
    assert a.about == "you" and "a name pupils use for you ('Mrs D')" in a.about_reasons
    b = check("https://www.tiktok.com/@storans.p7/video/7449345678901234567", "miss lost it 😭",
              "recorded miss losing it at P7 lmaooo shes actually crazy 😭 #storans", profile=SIOBHAN, kind="post")
    assert b.about == "unsure" and b.about_reasons[0] == "names your school and one of its teachers ('miss'), not by name"


def test_a_business_saying_where_to_find_it_is_not_personal_info() -> None:
    a = check("https://www.joannawhitfieldhair.co.uk/contact", "Contact – Joanna Whitfield Hair, Aigburth",
              "Joanna Whitfield Hair. Find us at 23 Market Street, Liverpool L17. Tues-Sat.")
    assert "personal_info" not in a.codes


def test_a_namesakes_school_named_without_school_is_still_theirs() -> None:
    """After "not me" on a teacher at Oakwood High School, "Oakwood parents react" is that teacher's."""
    taught = Namesake(1, "2026-12-03T09:00:00+00:00", "https://www.gov.uk/teacher-misconduct-joanna-whitfield",
                      "Teacher misconduct panel outcome: Joanna Whitfield",
                      "Joanna Whitfield, a geography teacher at Oakwood High School, Manchester, is banned.")
    me = Person(JOANNA, namesakes=(taught,))
    r = Result(url="https://www.manchestereveningnews.co.uk/news/oakwood-parents-react", title="Oakwood parents react to ban",
               snippet="Parents said they were relieved that Ms Whitfield will not return to the school.",
               provider="test", kind="news", query="q", rank=1)
    a = assess(r, me)
    assert a.about == "someone_else"
    assert a.about_reasons == ["the person at Oakwood High School you said is not you, 3 Dec"]


def test_other_lines_of_work_as_their_pages_write_them() -> None:
    for title, snippet in (
        ("Our team – Harrow Road Surgery", "Dr Joanna Whitfield MBBS MRCGP – GP Partner. Special interest in women's health."),
        ("Contact – Joanna Whitfield Hair & Beauty, Longton", "Joanna Whitfield Hair & Beauty. Tues-Sat."),
        ("Cofnodion y Cyngor Llawn", "Presennol: Cyng. Joanna Whitfield (Cadeirydd), Cyng. Delyth Owen."),
    ):
        a = check("https://www.example.org.uk/page", title, snippet, profile=NOWHERE)
        assert a.about == "someone_else", title


def test_a_profile_picture_said_to_be_a_photo_of_her_is_her_picture() -> None:
    a = check("https://www.instagram.com/jo.whitfield.staidans/", "Jo Whitfield (@jo.whitfield.staidans) • Instagram",
              "Jo Whitfield · teacher · 0 posts · profile picture: a photo of Ms Whitfield from the school website",
              kind="account")
    assert "photo" in a.codes and reason(a, "photo") == "Its picture is said to be yours ('photo of Ms Whitfield')."
    assert "it uses your picture ('photo of Ms Whitfield')" in reason(a, "impersonation")


def test_her_role_counts_with_her_school_as_pupils_write_it() -> None:
    a = check("https://x.com/jakeyy_09/status/1862233445566778899", "jake on X",
              "taylor the PE teacher at WVA cut me from the team in front of everyone", profile=BEN, kind="post")
    assert a.about == "you" and "names your role ('PE teacher')" in a.about_reasons


def test_a_school_event_post_with_a_year_group_and_no_teacher_is_not_asked_about() -> None:
    a = check("https://www.facebook.com/groups/staidansparents/posts/9/", "St Aidan's Parents",
              "Year 6 leavers' disco photos from St Aidan's are up 📸 thanks to everyone who helped", kind="post")
    assert a.about == "someone_else"


def test_a_dating_profile_with_the_same_photo_as_hers_is_impersonation() -> None:
    a = check("https://www.plentyoffish.com/member/jo41", "Jo41, 41, Liverpool",
              "'Primary teacher, love dogs.' Profile picture is the same photo as Ms Whitfield on the St Aidan's website",
              kind="account")
    assert a.codes == ["impersonation", "photo"] and reason(a, "photo") == "Its picture is said to be yours ('photo as Ms Whitfield')."


def test_her_surname_with_her_schools_initials_in_a_pupils_post_is_her() -> None:
    a = check("https://www.tiktok.com/@lilsad.xo/video/7444112233445566778", "taylor cut me from the team #wva",
              "didnt even look at me. honestly whats the point of me anymore", profile=BEN, kind="post")
    assert a.about == "you" and a.about_reasons[0] == "names your school as WVA (Wensum Valley Academy)"


def test_a_subject_that_starts_like_a_title_is_still_her_role() -> None:
    """"MrsJonesDrama": the role is drama, though "dr" is a title too."""
    anna = Profile(name="Anna Jones", honorifics=["Mrs", "Dr"], handles=["MrsJonesDrama"], locations=["Leeds"],
                   organisations=["Moorside Academy"])
    a = check("https://www.facebook.com/groups/leedsparents/posts/4/", "Leeds Parents",
              "The drama teacher at Moorside has been messaging year 9s on snapchat. Is that normal??", profile=anna, kind="post")
    assert a.about == "you" and "names your role ('drama teacher')" in a.about_reasons


def test_another_line_of_work_is_said_in_the_pages_own_word() -> None:
    """The reason once read "an athletes; you teach in Liverpool" when the page said "athletes", and then
    remade the word ("an athlete"); it quotes what the page wrote."""
    a = check("https://www.example-harriers.org.uk/news/club-awards",
              "Club awards night", "Joanna Whitfield was named among the club's athletes of the year in Manchester.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "another line of work ('athletes') in Manchester; you teach in Liverpool"
