"""What is happening, read from who is speaking and what they do, not from the last batch's words:
rumours about her and a pupil's parent, her home given out, a pretender asking parents for children's
pictures, and what is *not* hers to worry about (her school's switchboard, an account's own page).

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.triage import assess
from repwatch.pipeline.urls import classify, registered_domain
from tests.measure_triage import reason, result

PRIYA = Profile(
    name="Priya Chauhan", honorifics=["Mrs", "Miss"], handles=["instagram:misschauhanks2"], locations=["Leicester"],
    organisations=["Braunstone Fields Primary School"],
)  # fmt: skip


def check(url: str, title: str, snippet: str, kind: str = "post"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), PRIYA)


GROUP = "https://www.facebook.com/groups/leicesterparents/posts/"


def test_gossip_about_her_and_a_pupils_parent_is_safeguarding_and_accuses_her() -> None:
    a = check(GROUP + "1", "Leicester Parents",
              "Apparently Mrs Chauhan at Braunstone Fields is seeing one of the dads from Y2. No wonder his lad "
              "always gets star of the week.")
    assert a.about == "you"
    assert {"safeguarding", "negative"} <= set(a.codes)
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil")
    assert reason(a, "negative").startswith("An accusing rumour about you")


def test_a_worried_parent_passing_on_a_rumour_still_accuses_her() -> None:
    """Asked as a worry, the rumour still says she did something wrong: it is negative as well (issue 23;
    the labelled batches from wave5 on, and the older ones since relabelled, count it so)."""
    a = check(GROUP + "2", "Leicester Parents",
              "I heard Mrs Chauhan at Braunstone Fields has been messaging a Y6 girl on Snapchat. "
              "Should I report it or am I overreacting?")
    assert "safeguarding" in a.codes
    assert reason(a, "negative").startswith("An accusing rumour about you and a pupil")


def test_a_class_code_is_a_pupil_in_a_situation() -> None:
    a = check("https://x.com/anon_bf/status/1", "x",
              "everybody knows miss chauhan gives someone from 11B lifts home every friday #braunstonefields")
    assert "safeguarding" in a.codes
    assert reason(a, "safeguarding") == ("A rumour about you and a pupil, in the words 'everybody knows', '11b' and "
                                         "'lifts home'.")


def test_pupils_giving_out_her_home_is_safeguarding_and_personal_information() -> None:
    a = check("https://x.com/bfields_y6/status/2", "x",
              "miss chauhan lives on Narborough Road near the big Tesco lol, her red car is always outside")
    assert {"safeguarding", "personal_info"} <= set(a.codes)
    assert reason(a, "safeguarding").startswith("Someone gives out where you live")


def test_a_news_report_of_a_crime_at_her_home_is_not_safeguarding() -> None:
    a = check("https://www.leicestermercury.co.uk/news/1", "Teacher's shed burgled",
              "Priya Chauhan, who teaches at Braunstone Fields Primary, said thieves broke into the shed at her "
              "home on Fosse Road on Sunday.", kind="news")
    assert a.about == "you" and "safeguarding" not in a.codes


def test_a_pretender_asking_parents_for_their_childrens_pictures_is_safeguarding() -> None:
    a = check("https://www.facebook.com/profile.php?id=9988", "Priya Chauhan | Facebook",
              "Teacher at Braunstone Fields Primary School. Parents, add me and I'll share photos of your little "
              "ones from our class trips!", kind="account")
    assert {"impersonation", "safeguarding"} <= set(a.codes)
    assert "photo" not in a.codes  # an account's page describes its own posts


def test_her_schools_switchboard_is_not_her_personal_information() -> None:
    office = check("https://www.leicestermercury.co.uk/news/2", "Nativity tickets",
                   "Tickets for Mrs Chauhan's Year 2 nativity at Braunstone Fields can be booked through the "
                   "school office on 0116 287 1234.", kind="news")
    assert office.about == "you" and "personal_info" not in office.codes
    site = check("https://www.braunstonefields.org.uk/contact", "Contact us | Braunstone Fields",
                 "Mrs P Chauhan, Year 2 teacher and SENCo. 0116 287 1234", kind="web")
    assert "personal_info" not in site.codes
    mobile = check(GROUP + "3", "Leicester Parents",
                   "Mrs Chauhan from Braunstone Fields, her mobile is 07700 900456 if anyone wants to tell her what "
                   "they think")
    assert "personal_info" in mobile.codes


def test_her_one_site_handle_on_another_site_is_asked_about_not_alarmed() -> None:
    a = check("https://www.tiktok.com/@misschauhanks2", "Miss Chauhan (@misschauhanks2) | TikTok",
              "KS2 teacher in Leicester. Classroom ideas and book reviews.", kind="account")
    assert a.codes == ["unconfirmed_account"]
    copy = check("https://www.tiktok.com/@misschauhan.ks2", "Miss Chauhan (@misschauhan.ks2) | TikTok",
                 "KS2 teacher in Leicester. Classroom ideas and book reviews.", kind="account")
    assert "impersonation" in copy.codes


def test_a_sites_own_invitation_is_not_an_offer_of_contact() -> None:
    a = check("https://www.snapchat.com/add/priya.chauhan21", "Priya Chauhan (@priya.chauhan21) | Snapchat",
              "Priya Chauhan · Add me on Snapchat!", kind="account")
    assert a.codes == ["unconfirmed_account"]


def test_a_pupils_despair_in_everyday_words_is_safeguarding() -> None:
    a = check("https://x.com/tiredkid_b/status/5", "x",
              "miss chauhan moved me away from my only friend. i cant keep going like this, "
              "nobody would care if i wasnt here #braunstonefields")
    assert "safeguarding" in a.codes
    assert reason(a, "safeguarding").startswith("Someone may be in distress")


def test_a_parent_worried_that_she_reached_their_child_in_private() -> None:
    a = check(GROUP + "4", "Leicester Parents",
              "Bit odd? Mrs Chauhan from Y2 at Braunstone Fields followed my 6 year old's tablet account on Roblox.")
    assert "safeguarding" in a.codes


def test_a_sexual_remark_by_pupils_about_her_is_safeguarding() -> None:
    a = check("https://x.com/y6gang_bf/status/6", "x", "miss chauhan is lowkey fit not gonna lie #braunstonefields")
    assert reason(a, "safeguarding") == "A sexual remark about you by pupils, in the words 'lowkey fit'."
    adult = check(GROUP + "5", "Leicester Parents", "Mrs Chauhan at Braunstone Fields is so fit for a mum of three, "
                  "she ran the 10k in 48 minutes!")
    assert "safeguarding" not in adult.codes  # no pupils in view: an adult's remark about running


def test_a_pupil_picked_on_for_her_sake_is_safeguarding() -> None:
    a = check(GROUP + "6", "Leicester Parents",
              "The Braunstone Fields Y5s are picking on one boy because he likes Mrs Chauhan, every single day.")
    assert reason(a, "safeguarding").startswith("A pupil picked on or bullied")


def test_a_video_post_made_while_she_was_not_looking() -> None:
    a = check("https://www.tiktok.com/@bf.year6/video/77", "TikTok",
              "miss chauhan dancing in the staffroom when she thought nobody was watching 😭 #braunstonefields")
    assert a.codes == ["safeguarding", "negative"]  # a pupil's video, laughed at (😭): not photo
    text = check("https://x.com/someone/status/8", "x",
                 "miss chauhan danced at the leavers assembly when she thought nobody was watching #braunstonefields")
    assert "safeguarding" not in text.codes  # a text post: nothing was filmed


def test_pupils_word_for_her_is_the_one_filmed() -> None:
    a = check("https://x.com/kid_bf/status/9", "x",
              "recorded miss in assembly when the mic screeched, chauhan's face 😭 its on my story")
    assert reason(a, "safeguarding").startswith("A picture or video of you taken or passed round")


def test_a_warning_that_a_pretender_asks_parents_for_class_photos() -> None:
    a = check(GROUP + "7", "Leicester Parents",
              "Warning: a fake Facebook account pretending to be Mrs Chauhan from Braunstone Fields is asking "
              "Y2 parents to add her for photos from the class trip. Please report it.")
    assert {"impersonation", "safeguarding"} <= set(a.codes)


def test_scots_is_a_language_file() -> None:
    wilson = Profile(name="Iain Wilson", honorifics=["Mr"], locations=["Paisley"], organisations=["Castlehead High School"])
    r = Result(url="https://www.snapchat.com/spotlight/abc", title="Spotlight by castlehead.s4", provider="test",
               snippet="mr wilson stays in foxbar, gonnae chap his door the night 😂 whos comin", kind="post", query="q", rank=1)
    r.domain, r.platform = registered_domain(r.url), classify(r.url, "post")[0]
    a = assess(r, wilson)
    assert a.about == "you" and "safeguarding" in a.codes


def test_a_parents_complaint_about_an_unnamed_teacher_at_her_school_is_asked_about() -> None:
    a = check(GROUP + "8", "Leicester Parents",
              "My daughter's class teacher at Braunstone Fields ignored my emails about her reading again. "
              "Going to the governors.")
    assert a.about == "unsure" and a.about_me and "negative" in a.codes
    assert a.about_reasons[0] == "names your school and one of its teachers ('class teacher'), not by name"
    calm = check(GROUP + "9", "Leicester Parents",
                 "My daughter's class teacher at Braunstone Fields made the best nativity costumes this year.")
    assert calm.about == "someone_else"  # nothing to look at: one of many teachers there


def test_linkedins_search_of_a_name_is_not_an_account_in_it() -> None:
    a = check("https://uk.linkedin.com/pub/dir/Priya/Chauhan", "300+ Priya Chauhan profiles | LinkedIn",
              "View the profiles of professionals named Priya Chauhan on LinkedIn.", kind="web")
    assert a.codes == [] and a.about == "unsure"


def test_an_adults_remark_with_her_title_is_not_a_pupils() -> None:
    a = check(GROUP + "10", "Leicester Parents", "Miss Chauhan at Braunstone Fields is so fit, she beat my husband at "
              "the parents' fun run!")
    assert "safeguarding" not in a.codes


def test_a_home_street_in_welsh_as_pupils_write_it() -> None:
    bethan = Profile(name="Bethan Lloyd", honorifics=["Mrs", "Miss"], locations=["Bala"],
                     organisations=["Ysgol Bro Tegid"])
    r = Result(url="https://x.com/bl5_tegid/status/1", title="x", provider="test", kind="post", query="q", rank=1,
               snippet="mae mrs lloyd yn byw ar stryd y bont, y ty gwyn 👀 #brotegid")
    r.domain, r.platform = registered_domain(r.url), classify(r.url, "post")[0]
    a = assess(r, bethan)
    assert {"safeguarding", "personal_info"} <= set(a.codes)
    assert "stryd y bont" in next(f.reason for f in a.flags if f.code == "personal_info")


def test_coursework_is_school_life() -> None:
    a = check("https://x.com/stressed_y11/status/2", "x", "mrs chauhan marked my coursework down again, so unfair")
    assert a.about == "you" and "negative" in a.codes


# --- third round: despair as families of expressions, and who is speaking ------------------------------------


def test_despair_is_read_from_families_of_expressions_not_listed_phrases() -> None:
    """A wish to be gone is enough alone; two lighter signs of different kinds are enough together."""
    for snippet, words in (
        ("told miss chauhan at braunstone fields about the messages and nothing happened. honestly want to "
         "just vanish", "'want to just vanish'"),
        ("mrs chauhan kept me in again. i couldnt face any of this anymore, tired of it all #braunstonefields",
         "'couldnt face' and 'tired of it all'"),
    ):
        a = check("https://www.tiktok.com/@sadkid.bf/video/71", "x", snippet)
        assert "safeguarding" in a.codes, snippet
        assert reason(a, "safeguarding") == (f"Someone may be in distress or thinking of harming themselves, in the "
                                             f"words {words}. Check on them.")
        assert "negative" not in a.codes  # sorrow, not hostility towards her


def test_a_wish_to_be_gone_laughed_off_or_aimed_at_her_is_not_despair() -> None:
    joke = check("https://www.tiktok.com/@kid.bf/video/72", "x",
                 "mrs chauhan read my poem out to the whole class i want to disappear 😂😂 #braunstonefields")
    assert "safeguarding" not in joke.codes
    aimed = check("https://x.com/kid_bf/status/73", "x", "i wish mrs chauhan would just disappear, no point in her lessons")
    assert "safeguarding" not in aimed.codes
    complaint = check(GROUP + "74", "Leicester Parents",
                      "No point emailing Mrs Chauhan at Braunstone Fields, nobody listens at that school.")
    assert "safeguarding" not in complaint.codes  # two light signs, neither of them despair


def test_a_pupil_filming_her_is_read_from_who_is_speaking() -> None:
    """No word for a pupil is needed: a post on a pupils' site naming her as pupils do, in pupils' words."""
    a = check("https://www.snapchat.com/spotlight/W7_bf75", "Snapchat Spotlight",
              "recorded mrs chauhan dancing in the staffroom ngl 😭 #braunstonefields", kind="web")
    assert "safeguarding" in a.codes
    assert reason(a, "safeguarding") == ("A picture or video of you taken or passed round by pupils ('ngl'), in the "
                                         "words 'recorded'.")
    adult = check(GROUP + "76", "Leicester Parents",
                  "Filmed Mrs Chauhan at Braunstone Fields reading to the Y2s at the library, lovely morning")
    assert "safeguarding" not in adult.codes  # a parent filming her at an event, nothing hidden


def test_a_sexual_remark_on_a_pupils_site_is_read_as_a_pupils() -> None:
    a = check("https://www.tiktok.com/@y6gang.bf/video/77", "x",
              "mrs chauhan from braunstone fields is the fittest teacher 🥵 #braunstonefields", kind="web")
    assert reason(a, "safeguarding").startswith("A sexual remark about you by pupils")


def test_a_leavers_account_praising_her_or_a_towns_memes_page_is_not_pupils_filming_her() -> None:
    praise = check("https://www.tiktok.com/@bf.leavers26/video/78", "mrs chauhan 🫶",
                   "mrs chauhan at braunstone fields is the best, she got me through sats 🫶 legend", kind="web")
    assert "safeguarding" not in praise.codes
    memes = check("https://www.facebook.com/LeicesterMemesDaily/posts/pfbid079", "Leicester Memes",
                  "photo of Mrs Chauhan from Braunstone Fields with the caption 'when the kids say the dog ate it' 😂")
    assert "safeguarding" not in memes.codes


def test_a_rumour_of_a_pair_is_read_from_its_shape_and_accuses_her() -> None:
    """Hearsay, her and a pupil or parent as a pair ("are a thing", "seen together"): safeguarding, and
    an accusation, passed on as gossip or asked about as a worry."""
    a = check("https://www.tiktok.com/@bf.gossip/video/80", "x",
              "apparently mrs chauhan and a sixth former are a thing now?? braunstone fields is mad", kind="web")
    assert reason(a, "safeguarding") == ("A rumour about you and a pupil, in the words 'apparently', 'sixth former' "
                                         "and 'are a thing'.")
    assert reason(a, "negative").startswith("An accusing rumour about you")
    worried = check(GROUP + "81", "Leicester Parents",
                    "Heard Mrs Chauhan at Braunstone Fields and one of the Y2 dads were seen together in town. "
                    "Is that normal for a teacher?")
    assert "safeguarding" in worried.codes
    assert reason(worried, "negative").startswith("An accusing rumour about you and a pupil's parent")


def test_a_parent_reporting_a_teacher_reaching_a_child_in_private() -> None:
    """A way of reaching someone, a child as its object, and a sign it is private or worrying: however worded."""
    a = check(GROUP + "82", "Leicester Parents",
              "Mrs Chauhan at Braunstone Fields has been snapchatting a couple of the Y6 boys late at night. Odd?")
    assert reason(a, "safeguarding") == ("Someone reaching a child in private, in the words 'snapchatting', 'y6' "
                                         "and 'late at night'.")
    welsh = check(GROUP + "83", "Leicester Parents",
                  "Mae Mrs Chauhan Braunstone Fields wedi gyrru neges i'r mab ar Instagram am 11 y nos. Dim yn iawn.")
    assert "safeguarding" in welsh.codes
    own = check(GROUP + "84", "Leicester Parents",
                "I texted my son at 9pm to ask if Mrs Chauhan at Braunstone Fields had set homework.")
    assert "safeguarding" not in own.codes  # the writer's own message to their child
    spellings = check(GROUP + "85", "Leicester Parents",
                      "Mrs Chauhan at Braunstone Fields sends home 20 spellings, feels like a jump from Y3.")
    assert "safeguarding" not in spellings.codes


def test_a_plan_to_go_to_her_home_is_read_from_a_home_and_going_there_in_any_order() -> None:
    a = check("https://www.tiktok.com/@bf.y6/video/86", "x",
              "mrs chauhan lives out by the reservoir now, we're gonna go round after school 😂 #braunstonefields", kind="web")
    assert reason(a, "safeguarding") == "Someone plans to go to your home, in the words 'lives' and 'go round'."
    welsh = check("https://www.snapchat.com/spotlight/W7_bf87", "Snapchat Spotlight",
                  "ma mrs chauhan yn byw yn glenfield, awn ni draw nos wener #braunstonefields", kind="web")
    assert reason(welsh, "safeguarding").startswith("Someone plans to go to your home")


def test_her_home_given_out_with_others_told_to_go_there_is_safeguarding() -> None:
    a = check(GROUP + "88", "Leicester Parents",
              "Anyone with a grievance, go round and see Mrs Chauhan yourselves, she's at 4 Kirby Road, Glenfield.")
    assert reason(a, "safeguarding").startswith("Your home is given out, and people told to go there ('go round')")
    assert "personal_info" in a.codes


def test_a_rumour_about_a_teacher_named_only_by_role_is_still_a_rumour() -> None:
    """A parents' post naming her school and "the Y2 teacher" with a rumour is shown, not set aside."""
    a = check(GROUP + "89", "Leicester Parents",
              "Braunstone Fields gossip: the Y2 teacher and one of the dads were spotted together at the pub. "
              "Everybody's talking")
    assert "safeguarding" in a.codes and a.about != "someone_else"


# --- third round: negative from stance ----------------------------------------------------------------


def test_contempt_for_her_teaching_without_an_insult_is_negative() -> None:
    for snippet, said in (
        ("chauhan is something else 💀 6B learnt nothing this whole term #braunstonefields", "'learnt nothing'"),
        ("mrs chauhan cant even explain fractions, braunstone fields fr", "'cant even explain'"),
    ):
        a = check("https://x.com/bf_kid/status/90", "x", snippet)
        assert reason(a, "negative") == f"Contempt for your teaching: {said}.", snippet
    fond = check("https://x.com/bf_kid/status/91", "x",
                 "i cant even explain how much mrs chauhan at braunstone fields helped me this year")
    assert "negative" not in fond.codes


def test_a_threat_to_her_home_is_negative_but_news_of_a_crime_there_is_not() -> None:
    a = check("https://x.com/bf_kid/status/92", "x", "mrs chauhan lives on the corner by the shop, brick her house saturday lol")
    assert reason(a, "negative") == "A threat to your home: 'brick her house'."
    news = check("https://www.leicestermercury.co.uk/news/tyres-1", "Teacher's car vandalised",
                 "Priya Chauhan, a teacher at Braunstone Fields Primary, found her tyres slashed outside her home.", kind="news")
    assert "negative" not in news.codes


def test_pupils_laughing_at_a_video_of_her_upset_is_negative() -> None:
    a = check("https://www.tiktok.com/@bf.y6/video/93", "x",
              "recorded mrs chauhan crying in the library 😂😂 #braunstonefields", kind="web")
    assert reason(a, "negative") == "Laughing at a video or picture of you upset: 'recorded' and 'crying'."
    assert "safeguarding" in a.codes


def test_welsh_contempt_is_negative() -> None:
    a = check("https://www.tiktok.com/@bf.cymru/video/94", "x",
              "ffilmio mrs chauhan yn y wers lol ma hi'n da i ddim #braunstonefields", kind="web")
    assert reason(a, "negative") == "The words 'da i ddim' appear near your name."


def test_a_page_with_a_safeguarding_hint_is_never_warm() -> None:
    """Its tone is at most neutral wherever it is shown (`--json`, the digest, the review page)."""
    a = check("https://www.tiktok.com/@bf.quiet/video/95", "x",
              "mrs chauhan was the only one who ever listened 💛🥰 love her so much. i just want to disappear now",
              kind="web")
    assert "safeguarding" in a.codes and a.tone <= 0


def test_a_question_that_answers_itself_about_her_fitness_is_negative() -> None:
    a = check("https://x.com/bf_kid/status/96", "x", "mrs chauhan forgot our tests AGAIN. who hired her honestly #braunstonefields")
    assert reason(a, "negative") == "A question that says you are unfit: 'who hired her'."
    warm = check("https://x.com/bf_kid/status/97", "x",
                 "how does mrs chauhan teach so well and still remember every birthday, best teacher #braunstonefields")
    assert "negative" not in warm.codes
    busy = check(GROUP + "100", "Leicester Parents",
                 "How does Mrs Chauhan at Braunstone Fields manage with her three kids and the PTA? Respect")
    assert "negative" not in busy.codes


def test_a_memes_account_posting_about_her_mocks_her_unless_it_praises() -> None:
    a = check("https://www.tiktok.com/@braunstone.memes/video/98", "x",
              "braunstone.memes · mrs chauhan vs the photocopier round 3 😭 #braunstonefields", kind="web")
    assert reason(a, "negative") == "Posted by a memes account (braunstone.memes): you are being made fun of."
    praise = check("https://x.com/braunstonememes/status/99", "braunstone memes on X",
                   "ngl mrs chauhan is the only one who actually helps us, stayed late for our sats prep 🙏 legend")
    assert "negative" not in praise.codes


def test_words_in_the_pages_address_are_not_said_of_her() -> None:
    a = check("https://www.bf-news.example/scandal-shame-useless/mrs-chauhan-award", "Braunstone Fields news",
              "Mrs Chauhan at Braunstone Fields won the Leicester teaching award for her reading club.", kind="web")
    assert "negative" not in a.codes


def test_a_warning_about_a_fake_account_is_not_a_pretender_talking_to_pupils() -> None:
    a = check(GROUP + "101", "Leicester Parents",
              "PSA: the fake account pretending to be Mrs Chauhan from Braunstone Fields is not her. She has asked us "
              "all to report it, and don't give it your kids' details")
    assert "safeguarding" not in a.codes
    pretender = check(GROUP + "102", "Leicester Parents",
                      "Someone is pretending to be Mrs Chauhan from Braunstone Fields and asking the Y6 kids for their "
                      "addresses")
    assert reason(pretender, "safeguarding").startswith("Someone pretending to be you is in touch with pupils")


def test_harming_oneself_or_wishing_not_to_be_in_ones_own_words_is_enough_alone() -> None:
    for snippet in ("been cutting again since mrs chauhan shouted at me in front of everyone #braunstonefields",
                    "mrs chauhan at braunstone fields made me feel like nothing. i dont want to wake up tomorrow"):
        a = check("https://x.com/bf_kid/status/103", "x", snippet)
        assert reason(a, "safeguarding").startswith("Someone may be in distress"), snippet
        assert "negative" not in a.codes  # the despair is the point, not the complaint


def test_following_someone_out_of_school_is_read_from_where_the_following_goes() -> None:
    a = check("https://x.com/bf_kid/status/104", "x",
              "mrs chauhan followed me n my mate to the bus stop after school and waited 😭 #braunstonefields")
    assert reason(a, "safeguarding") == ("Someone following someone out of school, in the words 'followed' and "
                                         "'to the'.")
    online = check("https://x.com/bf_kid/status/105", "x", "mrs chauhan followed me back on twitter lol #braunstonefields")
    assert "safeguarding" not in online.codes


def test_a_pupil_telling_of_private_contact_with_a_teacher() -> None:
    a = check("https://x.com/bf_kid/status/106", "x",
              "sir said i can message him on snap whenever i need help, mrs chauhan said the same #braunstonefields")
    assert reason(a, "safeguarding") == ("A pupil in private contact with a teacher, in the words 'message' and "
                                         "'snap'.")
    parent = check(GROUP + "107", "Leicester Parents",
                   "Mrs Chauhan at Braunstone Fields messaged me on WhatsApp about my son's reading, so helpful")
    assert "safeguarding" not in parent.codes


def test_more_stances_without_an_insult() -> None:
    for snippet, start in (
        ("Does Mrs Chauhan at Braunstone Fields actually mark anything? Three weeks and nothing back.",
         "A question that says you are unfit"),
        ("imagine mrs chauhan trying to do a tiktok dance 💀 #braunstonefields", "Mockery aimed at you"),
        ("mrs chauhan at braunstone fields still pretending she knows french in 2026", "Mockery or contempt aimed at you"),
    ):
        a = check("https://x.com/bf_kid/status/108", "x", snippet)
        assert reason(a, "negative").startswith(start), snippet


def test_welsh_situations_are_read_in_welsh_word_order() -> None:
    """Welsh puts the doer first ("ffilmiodd jac hi": Jac filmed her) and joins "the" to a verb ("tecstio'r mab")."""
    filmed = check("https://www.tiktok.com/@bf.bl6/video/109", "x",
                   "mrs chauhan yn crio yn y dosbarth 😂😂 ffilmiodd jac hi #braunstonefields", kind="web")
    assert {"safeguarding", "negative"} <= set(filmed.codes)
    parent = check(GROUP + "110", "Rhieni",
                   "Mae Mrs Chauhan Braunstone Fields wedi bod yn tecstio'r mab ni yn hwyr y nos. Ydy hyn yn iawn?")
    assert reason(parent, "safeguarding").startswith("Someone reaching a child in private")


def test_sarcasm_and_mockery_in_their_usual_shapes() -> None:
    for snippet, start in (
        ("who's mrs chauhan think she is, giving the whole class a detention for one person", "Contempt for you"),
        ("mrs chauhan: sets 3 hours of homework then wonders why nobody does it. genius", "Sarcasm aimed at you"),
        ("watching mrs chauhan try to use the smartboard is my cardio 💀 #braunstonefields", "Mockery aimed at you"),
    ):
        a = check("https://x.com/bf_kid/status/111", "x", snippet)
        assert reason(a, "negative").startswith(start), snippet
        assert "', laughing." not in reason(a, "negative")  # once "Mockery aimed at you: 'try', laughing."


def test_pupils_praise_and_fun_in_slang_are_not_negative() -> None:
    for snippet in ("mrs chauhan braunstone fields is an absolute legend, tidy teacher",
                    "mrs chauhan killed it at the staff panto last night 😂😂 #braunstonefields",
                    "mrs chauhan dancing at the braunstone fields leavers do 😂 she's unreal",
                    "mrs chauhan is lowkey sick at explaining stuff fr #braunstonefields",
                    "Mrs Chauhan at Braunstone Fields says it's a genius idea. Brilliant."):
        a = check("https://x.com/bf_kid/status/112", "x", snippet)
        assert "negative" not in a.codes and "safeguarding" not in a.codes, snippet


def test_a_school_trip_or_a_message_to_parents_is_not_a_situation() -> None:
    for snippet in ("Pupils at Braunstone Fields followed Mrs Chauhan to the summit of Snowdon on the charity walk!",
                    "Mrs Chauhan messaged the Year 6 parents on ParentMail about the Braunstone Fields trip",
                    "Mrs Chauhan at Braunstone Fields is following the Year 6 netball team on their tour of Wales"):
        a = check(GROUP + "113", "Leicester Parents", snippet)
        assert "safeguarding" not in a.codes, snippet


def test_others_told_to_call_her_at_home_is_safeguarding_and_as_a_prank_negative() -> None:
    a = check("https://x.com/bf_kid/status/114", "kid on X",
              "ring mrs chauhan at home lol she answers in a posh voice 😂😂 #braunstonefields")
    assert reason(a, "safeguarding") == "Someone tells others to call you at home, in the words 'ring mrs chauhan'."
    assert reason(a, "negative") == "Others told to prank you at home: 'ring mrs chauhan'."
    advert = check("https://www.gumtree.com/p/1", "Piano for sale",
                   "Upright piano, good condition, collection from Glenfield. Call Priya Chauhan on 07700 900123.")
    assert "safeguarding" not in advert.codes and "negative" not in advert.codes


def test_pupils_filming_miss_with_no_name_on_the_page() -> None:
    """"recorded miss losing it at 6B": pupils' word for a teacher is the one filmed."""
    a = check("https://www.tiktok.com/@bf.6b/video/115", "x",
              "recorded miss losing it at 6B lmaooo #braunstonefields", kind="web")
    assert "safeguarding" in a.codes and a.about != "someone_else"
    bus = check("https://x.com/bf_kid/status/116", "x", "recorded the bus i miss every morning lol #braunstonefields")
    assert "safeguarding" not in bus.codes


def test_a_picture_of_her_changed_to_laugh_at_her_is_negative() -> None:
    a = check("https://www.instagram.com/p/bf117/", "bf.y6 on Instagram",
              "pic of mrs chauhan with bunny ears edited on 😂😂 #braunstonefields")
    assert reason(a, "negative") == "A picture of you changed to laugh at you: 'pic' and 'ears'."
    welsh = check("https://www.instagram.com/p/bf118/", "bf.cymru on Instagram",
                  "Llun o Mrs Chauhan efo clustia cwningen 😂😂 #braunstonefields")
    assert reason(welsh, "negative").startswith("A picture of you changed to laugh at you")


def test_scots_situations_and_stance() -> None:
    filmed = check("https://www.tiktok.com/@bf.p7/video/119", "x",
                   "mrs chauhan fae braunstone fields is pure greetin in the cloakroom 😂 got it on ma phone", kind="web")
    assert reason(filmed, "safeguarding").startswith("Pupils filming you upset")
    assert "negative" in filmed.codes
    despair = check("https://x.com/bf_wean/status/120", "x",
                    "cannae take it anymore, mrs chauhan at braunstone fields shouted again, a just want tae no be here")
    assert reason(despair, "safeguarding").startswith("Someone may be in distress")
    smartboard = check("https://x.com/bf_wean/status/121", "x",
                       "mrs chauhan at braunstone fields cannae even work the smartboard, honestly")
    assert reason(smartboard, "negative") == "Contempt for your teaching: 'cannae even work'."


def test_news_and_joy_are_not_situations() -> None:
    """A reporter or the school writes a news page, not a pupil; tears of joy are not distress."""
    news = check("https://www.leicestermercury.co.uk/news/bf-1", "Braunstone Fields teacher surprised",
                 "Braunstone Fields teacher Priya Chauhan was in tears of joy as her Year 6 class surprised her "
                 "with a video tribute.", kind="news")
    assert "safeguarding" not in news.codes and "negative" not in news.codes
    quote = check("https://www.leicestermercury.co.uk/news/bf-2", "School cuts",
                  "Priya Chauhan, a teacher at Braunstone Fields, said: 'We can't cope with the cuts any more. "
                  "There is no point pretending otherwise.'", kind="news")
    assert "safeguarding" not in quote.codes


def test_closeness_hinted_at_or_worried_about_without_hearsay() -> None:
    for snippet in ("Is it just me or is Mrs Chauhan at Braunstone Fields a bit too close with one of the Year 6 boys?",
                    "saw mrs chauhan from braunstone fields and someone's dad getting cosy in the pub 👀👀",
                    "My son says Mrs Chauhan at Braunstone Fields keeps asking him to stay behind on his own. "
                    "Should I be worried?"):
        a = check(GROUP + "122", "Leicester Parents", snippet)
        assert "safeguarding" in a.codes, snippet
    trip = check(GROUP + "123", "Leicester Parents",
                 "Saw Mrs Chauhan at the Braunstone Fields Year 6 disco, she drove the minibus home after. Legend")
    assert "safeguarding" not in trip.codes


def test_finding_where_she_lives_is_safeguarding() -> None:
    a = check("https://x.com/bf_kid/status/124", "x", "found mrs chauhans house on google maps lol #braunstonefields")
    assert reason(a, "safeguarding") == "Someone found where you live, in the words 'found' and 'house'."


def test_pupils_slang_for_a_loss_is_negative_and_for_a_win_is_not() -> None:
    loss = check("https://x.com/bf_kid/status/125", "x", "mrs chauhan is an L teacher fr, braunstone fields deserves better")
    assert "negative" in loss.codes
    win = check("https://x.com/bf_kid/status/126", "x", "mrs chauhan is a W teacher fr #braunstonefields")
    assert "negative" not in win.codes
