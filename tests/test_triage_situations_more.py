"""What is happening, read from who is speaking and what they do, not from the last batch's words:
rumours about her and a pupil's parent, her home given out, a pretender asking parents for children's
pictures, and what is *not* hers to worry about (her school's switchboard, an account's own page).

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.triage import assess
from repwatch.pipeline.urls import classify, registered_domain

PRIYA = Profile(
    name="Priya Chauhan", honorifics=["Mrs", "Miss"], handles=["instagram:misschauhanks2"], locations=["Leicester"],
    organisations=["Braunstone Fields Primary School"],
)  # fmt: skip


def check(url: str, title: str, snippet: str, kind: str = "post"):  # noqa: ANN201
    r = Result(url=url, title=title, snippet=snippet, provider="test", kind=kind, query="q", rank=1)
    r.domain = registered_domain(url)
    r.platform = classify(url, kind)[0]
    return assess(r, PRIYA)


def reason(a, code: str) -> str:  # noqa: ANN001
    return next(f.reason for f in a.flags if f.code == code)


GROUP = "https://www.facebook.com/groups/leicesterparents/posts/"


def test_gossip_about_her_and_a_pupils_parent_is_safeguarding_and_accuses_her() -> None:
    a = check(GROUP + "1", "Leicester Parents",
              "Apparently Mrs Chauhan at Braunstone Fields is seeing one of the dads from Y2. No wonder his lad "
              "always gets star of the week.")
    assert a.about == "you"
    assert {"safeguarding", "negative"} <= set(a.codes)
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil")
    assert reason(a, "negative").startswith("An accusing rumour about you")


def test_a_worried_parent_passing_on_a_rumour_raises_it_without_accusing() -> None:
    a = check(GROUP + "2", "Leicester Parents",
              "I heard Mrs Chauhan at Braunstone Fields has been messaging a Y6 girl on Snapchat. "
              "Should I report it or am I overreacting?")
    assert "safeguarding" in a.codes and "negative" not in a.codes


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
