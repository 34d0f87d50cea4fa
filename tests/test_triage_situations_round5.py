"""The fifth round of situations and flags (issue 23).

- A newspaper's or a school's page whose caption says she is in its picture ("(pictured, centre)", "is
  pictured with the winners", "photos of the staff team below") shows her: `photo`.
- Flags are raised on every page, whoever it is about; a page set aside as someone else's shows none
  (`Assessment.shown_codes`): a namesake's ban is `negative`, their image result `photo`, their birth
  month `personal_info`, and none of it is shown to her as hers.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

BETHAN = Profile(
    name="Bethan Lloyd", honorifics=["Mrs"], locations=["Aberystwyth", "Ceredigion"],
    organisations=["Penglais School"],
)  # fmt: skip
KEIR = Profile(name="Keir Mason", honorifics=["Mr"], locations=["Dundee"], organisations=["Baldragon Academy"])


def check(url: str, title: str, snippet: str, kind: str = "web", profile: Profile = BETHAN):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), profile)


# --- a caption saying she is in the picture -------------------------------------------------------


def test_a_local_paper_saying_she_is_pictured_shows_her() -> None:
    a = check("https://www.cambrian-news.co.uk/news/penglais-pupils-debate-4410021", "Penglais pupils win debating cup",
              "Sixth formers from Penglais School beat twelve schools in Cardiff. Their coach, history teacher "
              "Bethan Lloyd (pictured, left, with the team), said the final was the closest yet.", kind="news")
    assert a.about == "you"
    assert a.shown_codes == ["photo"]
    assert reason(a, "photo") == "The page says you are in its picture ('pictured')."


def test_a_school_page_with_photos_of_her_below_shows_her() -> None:
    a = check("https://www.penglais.ceredigion.sch.uk/news/geography-trip-2026", "Year 9 trip to Ynyslas | Penglais School",
              "A windy but brilliant day measuring the dunes. Diolch to Mrs Lloyd and Mr Hughes for leading it "
              "(pictures of the staff and the groups below).")
    assert "photo" in a.shown_codes
    assert reason(a, "photo") == "The page says you are in its picture ('pictures of the staff and the groups below')."


def test_a_welsh_caption_saying_she_is_in_the_picture_shows_her() -> None:
    a = check("https://www.cambrian-news.co.uk/newyddion/penglais-eisteddfod-4410099", "Llwyddiant Penglais",
              "Bethan Lloyd (yn y llun, canol) gyda disgyblion Ysgol Penglais yn Eisteddfod yr Urdd.", kind="news")
    assert "photo" in a.shown_codes


def test_a_picture_of_someone_else_beside_her_name_is_not_her_picture() -> None:
    a = check("https://www.cambrian-news.co.uk/news/penglais-new-head-4410150", "Penglais names new head",
              "The governors of Penglais School have appointed Dr Rhys Evans (pictured) as head. Deputy head "
              "Bethan Lloyd will lead the school until January.", kind="news")
    assert "photo" not in a.codes


def test_a_report_that_names_her_without_a_caption_raises_no_photo() -> None:
    a = check("https://www.cambrian-news.co.uk/news/penglais-results-4410200", "Penglais results day",
              "Bethan Lloyd, head of history at Penglais School, said the pupils had worked hard all year.", kind="news")
    assert a.codes == []


# --- raised on every page, shown only on hers ------------------------------------------------------


def test_a_namesakes_ban_is_negative_but_never_shown_as_hers() -> None:
    a = check("https://www.gov.uk/government/publications/teacher-misconduct-outcome-keir-mason",
              "Teacher misconduct panel outcome: Mr Keir Mason",
              "Mr Keir Mason, formerly a teacher at Hartley Wood School, Norwich, is prohibited from teaching "
              "indefinitely following unacceptable professional conduct.", profile=KEIR)
    assert a.about == "someone_else"
    assert "negative" in a.codes
    assert a.shown_codes == []


def test_a_namesakes_image_result_is_photo_but_never_shown_as_hers() -> None:
    a = check("https://www.rugbyworld.com/images/keir-mason-glasgow-warriors-1998.jpg",
              "Keir Mason, Glasgow Warriors, 1998", "keir-mason-glasgow-warriors-1998.jpg · rugbyworld.com",
              kind="image", profile=KEIR)
    assert "photo" in a.codes
    assert reason(a, "photo").startswith("An image search result")
    if a.about == "someone_else":
        assert a.shown_codes == []


def test_a_namesakes_companies_house_birth_month_is_personal_info_but_not_shown() -> None:
    a = check("https://find-and-update.company-information.service.gov.uk/officers/Tq8Lm2Zx/appointments",
              "Keir Andrew MASON personal appointments - Find and update company information",
              "MASON JOINERY (ABERDEEN) LTD (SC700112). Role: Director. Date of birth: October 1975. "
              "Correspondence address: Union Street, Aberdeen, AB11.", profile=KEIR)
    assert a.about == "someone_else"
    assert reason(a, "personal_info").startswith("A date of birth (Date of birth: October 1975)")
    assert a.shown_codes == []


# --- pupils filming or photographing her and posting it ------------------------------------------

GETHIN = Profile(
    name="Gethin Price", honorifics=["Mr"], nicknames=["Mr P"], locations=["Bridgend"],
    organisations=["Brynteg Comprehensive School"],
)  # fmt: skip


def test_a_video_from_an_account_named_for_her_schools_initials_is_pupils_filming_her() -> None:
    a = check("https://www.tiktok.com/@bcs.vault/video/7581234567890123456", "mr price tryna fix the projector",
              "mr price tryna fix the projector for the whole of period 2, recorded it from the back",
              kind="web", profile=GETHIN)
    assert a.about == "you"
    assert "safeguarding" in a.shown_codes
    assert reason(a, "safeguarding").startswith("A pupil seems to have filmed you and posted it on TikTok")
    assert "posted by bcs.vault" in reason(a, "safeguarding")


def test_a_pupils_still_photo_of_him_caught_in_town_is_safeguarding_and_photo() -> None:
    a = check("https://www.instagram.com/p/DQx81LmTt0a/", "Instagram post by @brynteg.year9.chaos",
              "caught mr price in the queue at greggs on saturday 📸 wi a steak bake", kind="post", profile=GETHIN)
    assert {"safeguarding", "photo"} <= set(a.shown_codes)
    assert reason(a, "safeguarding").startswith("A pupil seems to have photographed you and posted it on Instagram")


def test_the_schools_own_account_posting_his_photo_is_not_pupils_filming() -> None:
    a = check("https://www.instagram.com/p/DQx99AbCd1e/", "Instagram post by @brynteg.sport",
              "Mr Price with the under 14s after the cup final 📸 Da iawn bawb!", kind="post", profile=GETHIN)
    assert "safeguarding" not in a.codes


def test_a_video_of_a_show_he_directed_is_not_him_filmed() -> None:
    a = check("https://www.youtube.com/watch?v=Zp0aQ9wErT1", "Brynteg Year 8 summer show 2026",
              "Video of Year 8's summer show, directed by Mr Price. Filmed with parents' permission.", profile=GETHIN)
    assert "safeguarding" not in a.codes


def test_a_welsh_pupil_saying_they_filmed_her_is_pupils_filming() -> None:
    a = check("https://www.tiktok.com/@osian.bcs/video/7581234567890999999", "Mr P yn y wers gerdd 💀",
              "Mr P yn canu yn y wers gerdd heddiw 💀 ffilmes i fe o'r cefn, paid gweud wrth neb", kind="web", profile=GETHIN)
    assert "safeguarding" in a.shown_codes


def test_a_nickname_that_is_also_a_word_is_not_read_as_hostile() -> None:
    sioned = Profile(name="Sioned Roberts", honorifics=["Mrs"], nicknames=["Mrs Rob"], locations=["Carmarthen"],
                     organisations=["Ysgol Bro Myrddin"])
    a = check("https://www.tiktok.com/@cerys.bm/video/7581200000000000001", "Mrs Rob yn y sioe #bromyrddin",
              "Mrs Rob yn y sioe neithiwr, athrawes orau'r ysgol", kind="web", profile=sioned)
    assert "negative" not in a.codes


# --- rumours, remarks, her home and parents' reports ---------------------------------------------

GROUP = "https://www.facebook.com/groups/bridgendparents/posts/"


def test_always_with_a_pupils_mum_is_a_rumour_and_an_accusation() -> None:
    a = check("https://www.tiktok.com/@lowri.bcs/video/7581200000000000002", "why is mr price always wi cerys's mum 👀",
              "why is mr price always at the bus stop wi cerys's mum 👀 she brings him coffees every morning. just sayin",
              kind="web", profile=GETHIN)
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil's parent")
    assert reason(a, "negative").startswith("An accusing rumour about you and a pupil's parent")


def test_a_scots_rumour_about_him_and_a_pupils_maw_is_a_rumour() -> None:
    a = check("https://www.tiktok.com/@ellie.bcs/video/7581200000000000003", "the tea on mr price 👀",
              "apparently mr price and jack's maw are seein each other, she's ayeways at the school", kind="web", profile=GETHIN)
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil's parent")


def test_a_welsh_pupil_asking_who_knows_where_she_lives_is_safeguarding() -> None:
    a = check("https://www.tiktok.com/@ifan.bcs/video/7581200000000000004", "pwy sy'n gwbod ble ma Mr P yn byw??",
              "pwy sy'n gwbod ble ma Mr P yn byw?? hala DM", kind="web", profile=GETHIN)
    assert reason(a, "safeguarding").startswith("Someone is asking where you live")


def test_a_pupils_sexual_remark_is_safeguarding_not_hostility() -> None:
    a = check("https://x.com/tia_bcs/status/1995000000000000001", "tia on X",
              "mr price in they shorts at PE the day 😩🔥 head of year or no ah'd let him gie me a detention anytime",
              kind="post", profile=GETHIN)
    assert "safeguarding" in a.codes
    assert "negative" not in a.codes


def test_her_home_given_out_so_a_parent_can_confront_her_is_hostile() -> None:
    a = check(GROUP + "1", "Bridgend Parents | Facebook",
              "Mr Price from Brynteg lives on Coity Drive, blue Focus on the drive. Might go round and ask him myself "
              "why my son was dropped from the team.", profile=GETHIN)
    assert "safeguarding" in a.codes and "personal_info" in a.codes
    assert reason(a, "negative") == ("Someone gives out where you live so that you can be confronted there, "
                                     "in the words 'ask him myself'.")


def test_her_home_given_out_for_a_leaving_card_is_not_hostile() -> None:
    a = check(GROUP + "2", "Bridgend Mums & Dads | Facebook",
              "Just saying, for anyone dropping off a card, Mr Price from Brynteg lives on Coity Drive.", profile=GETHIN)
    assert "personal_info" in a.codes
    assert "negative" not in a.codes  # the group's name ("Mums & Dads") and the street ("Drive") are no rumour


def test_a_parent_reporting_him_messaging_her_child_named_before_is_safeguarding() -> None:
    a = check(GROUP + "3", "Bridgend Parents | Facebook",
              "Odd one. My son's Year 8 teacher at Brynteg (Mr Price) has been snapchatting him directly about "
              "homework. He's 12. Shouldn't that go through me?", profile=GETHIN)
    assert reason(a, "safeguarding").startswith("Someone reaching a child in private")


def test_a_pupils_misspelt_wish_to_disappear_is_despair() -> None:
    a = check("https://www.tiktok.com/@nia.bcs/video/7581200000000000005", "i hate mocks #brynteg",
              "mr price said im gonna fail and everyone heard. i cry every night, i just want to dissapear", kind="web",
              profile=GETHIN)
    assert reason(a, "safeguarding").startswith("Someone may be in distress")
    assert "negative" not in a.codes


def test_a_parent_calling_him_an_arrogant_man_is_negative() -> None:
    a = check(GROUP + "4", "Bridgend Parents | Facebook",
              "Brynteg excluded my son for two days and Mr Price wouldn't even let me finish a sentence at "
              "the meeting. Arrogant man. Anyone else had this?", profile=GETHIN)
    assert reason(a, "negative") == "You are called 'Arrogant man' near your name."


def test_a_parent_asking_whether_to_go_to_the_head_is_a_complaint() -> None:
    a = check("https://www.mumsnet.com/talk/secondary/5200001-pe-teacher-unfair", "PE teacher left DS out again - Mumsnet",
              "DS has been left out of every fixture by Mr Price at Brynteg although he trains every week. Feels "
              "personal. Should I go to the principal?", profile=GETHIN)
    assert reason(a, "negative") == "A complaint about you taken higher, in the words 'go to the principal'."


def test_a_child_written_by_age_is_a_child() -> None:
    a = check(GROUP + "5", "Bridgend Parents | Facebook",
              "Mr Price the PE teacher from Brynteg is following my 13 year old on Instagram and liked all her pics. "
              "Going up the school tomorrow.", profile=GETHIN)
    assert reason(a, "safeguarding").startswith("Someone reaching a child in private")
