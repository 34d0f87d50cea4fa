"""Is it her? (issue 23, fifth round): lists of many people, children's age groups, accounts on sites
the platforms table does not hold, her school written without its town, and reasons that read right.
Each page is written for the behaviour, found in no batch; the assertions are what she sees: `about`,
the reasons, the flags."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import Assessment, assess
from tests.measure_triage import result

CERYS = Profile(name="Cerys Morgan", honorifics=["Mrs", "Miss"], handles=["MrsMorganCerdd"],
                locations=["Aberystwyth", "Ceredigion"], organisations=["Ysgol Penweddig"])
LIAM = Profile(name="Liam Doherty", variants=["Liam J Doherty"], honorifics=["Mr"], handles=["MrDohertyHist"],
               locations=["Leeds"], organisations=["Roundhay Park Academy"])
NIAMH = Profile(name="Niamh Kelly", variants=["Niamh Byrne"], honorifics=["Mrs", "Miss"], handles=["MrsKellyEnglish"],
                locations=["Newry", "County Down"], organisations=["St Colman's College Newry"])
KATE = Profile(name="Kate Fraser", honorifics=["Mrs"], handles=["MrsFraserMaths"], locations=["Dunfermline", "Fife"],
               organisations=["Queen Anne High School"])


def check(profile: Profile, url: str, title: str, snippet: str, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


# --- a list of many people ------------------------------------------------------------------------


def test_the_town_written_beside_her_name_on_a_results_list_is_that_persons_own() -> None:
    """"Cerys Morgan, Bangor" on a list that also names Lampeter (near Aberystwyth, for someone else):
    the place beside her name is where that Cerys is from, far from Aberystwyth: someone else."""
    a = check(CERYS, "https://www.example-eisteddfod.cymru/canlyniadau/2026/llefaru-unigol",
              "Canlyniadau: Llefaru Unigol dros 19 oed",
              "1. Cerys Morgan, Caernarfon. 2. Mari Lewis, Lampeter. 3. Alaw Huws, Llandeilo.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "in Caernarfon; you are in Aberystwyth"


def test_a_childrens_age_group_says_the_person_listed_is_a_child() -> None:
    """Player of the match in an under-15s final, her name and nothing of her job: a child."""
    a = check(KATE, "https://www.example-hockey.scot/results/u15-east-district-final",
              "U15 East District Final 2026 | Scottish Hockey",
              "Player of the match: Kate Fraser (Kinross Hockey Club), two goals in a 3-1 win.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "in a children's age group ('U15'): a child, not a teacher"


def test_an_age_group_with_a_coach_in_view_is_not_read_as_her_age() -> None:
    """"U15s coached by Mrs Fraser": the teacher is the coach, not the child."""
    a = check(KATE, "https://www.example-hockey.scot/news/u15-girls-win",
              "U15 girls win the district cup",
              "Well done to our U15s, coached by Mrs Fraser of Queen Anne High School, on a brilliant season.")
    assert a.about == "you"


def test_her_name_twice_on_a_race_list_leaves_the_races_town_saying_nothing() -> None:
    """Two runners with her name on the Leeds 10K list (her city): which one is she? Not sure."""
    a = check(LIAM, "https://www.example-results.co.uk/leeds-10k-2026/results?page=4",
              "Leeds 10K 2026 – Results",
              "402  Liam Doherty  M40  49:02 · 403  Sam Hirst  M35  49:05 · 518  Liam Doherty  M20  52:44")
    assert a.about == "unsure"
    assert a.about_reasons == ["names Leeds, where you are, but your name is on it twice, as two people"]


def test_her_name_once_at_her_towns_race_is_still_hers() -> None:
    a = check(LIAM, "https://www.example-results.co.uk/leeds-10k-2026/results?page=4",
              "Leeds 10K 2026 – Results",
              "402  Liam Doherty  M40  49:02 · 403  Sam Hirst  M35  49:05 · 404  Ann Wu  F45  49:07")
    assert a.about == "you"


# --- accounts on any site --------------------------------------------------------------------------


def test_an_account_in_her_name_on_a_site_the_table_does_not_hold_is_asked_about() -> None:
    """The accounts watch finds a profile on a reading site: her name and nothing else. It is asked
    about once ("is it yours?"), named by its site, never left unflagged as "not sure"."""
    a = check(NIAMH, "https://www.example-reads.com/members/4471203-niamh", "Niamh Kelly – Example Reads",
              "Niamh Kelly. 233 books. Joined in 2019.", kind="account")
    assert a.about == "you"
    assert a.codes == ["unconfirmed_account"]
    assert a.flags[0].reason == ("An example-reads.com account in your name (Niamh Kelly) that you have not "
                                 "told repwatch about. Is it yours?")


def test_the_same_profile_found_by_a_web_search_is_only_not_sure() -> None:
    a = check(NIAMH, "https://www.example-reads.com/members/4471203-niamh", "Niamh Kelly – Example Reads",
              "Niamh Kelly. 233 books. Joined in 2019.")
    assert a.about == "unsure" and a.codes == []


# --- her school as people write it -----------------------------------------------------------------


def test_her_school_without_its_towns_name_is_her_school() -> None:
    """"St Colman's College Newry" is "St Colman's" in Newry: a pupil's post naming it with "mrs kelly"."""
    a = check(NIAMH, "https://x.com/example_pupil/status/1", "example_pupil on X",
              "mrs kelly gave us detention for breathing. st colman's is a prison", kind="post")
    assert a.about == "you"
    assert a.about_reasons[0] == "names your school, St Colman's College Newry"


def test_her_maiden_name_written_as_a_middle_name_is_hers() -> None:
    """"Niamh Byrne Kelly": her old surname before her new one says nothing against her."""
    a = check(NIAMH, "https://www.example-fundraise.com/f/niamh-byrne-kelly-walk",
              "Niamh's Mourne Walk", "Niamh Byrne Kelly is walking the Mournes for the hospice in Newry.")
    assert a.about == "you"
    assert not any("middle name" in r for r in a.about_reasons)


def test_a_middle_name_counts_against_her_only_when_her_profile_gives_hers() -> None:
    """Cerys gives no middle name: "Cerys Wyn Morgan" says nothing either way. Liam is "Liam J Doherty":
    "Liam Patrick Doherty" is another man."""
    a = check(CERYS, "https://www.example.org/people/cerys-wyn-morgan", "Cerys Wyn Morgan",
              "Cerys Wyn Morgan, harpist and composer.")
    assert not any("middle name" in r for r in a.about_reasons)
    b = check(LIAM, "https://www.example.org/people/liam-patrick-doherty", "Liam Patrick Doherty",
              "Liam Patrick Doherty, joiner, Leeds.")
    assert "a middle name that is not yours ('patrick')" in b.about_reasons


# --- reasons in plain words ------------------------------------------------------------------------


def test_a_street_named_like_a_city_abroad_is_a_street_and_a_trade_is_quoted() -> None:
    """"Dallas Road, Livingston" is a street in Scotland, not Texas; "roofing" is the firm's trade,
    quoted as the page writes it, never "a roofing"."""
    a = check(KATE, "https://find-and-update.company-information.service.gov.uk/officers/Ex4mpl3/appointments",
              "Kate Anne FRASER personal appointments - Find and update company information",
              "FRASER ROOFING LTD (SC700001). Role: Director. Correspondence address: Dallas Road, Livingston, EH54.")
    assert a.about == "someone_else"
    assert not any("Dallas" in r for r in a.about_reasons)
    assert not any(r.startswith("a roofing") for r in a.about_reasons)


# --- her names as pupils write them, and accounts that claim her -----------------------------------

BETHAN = Profile(name="Bethan Howells", nicknames=["Musus Howells", "Miss H", "Mrs Hows"], honorifics=["Mrs", "Miss"],
                 handles=["MrsHowellsHanes", "instagram:bethan.howells.hanes"], locations=["Llanelli"],
                 organisations=["Ysgol Gyfun Ystrad Tywi"])
OWEN = Profile(name="Owen Pritchard", nicknames=["Mr Pritch"], honorifics=["Mr"], handles=["MrPritchardGeog"],
               locations=["Wrexham"], organisations=["Borras Park High School"])


def test_a_nickname_she_lists_with_her_surname_is_her_name_as_pupils_write_it() -> None:
    """"Musus Howells" (her pupils' way of saying Mrs Howells) with "athrawes hanes" is her."""
    a = check(BETHAN, "https://x.com/example_pupil/status/2", "example_pupil on X",
              "musus howells yn rhoi gwaith cartref eto, hi'n athrawes hanes mwya llym yn y byd", kind="post")
    assert a.about == "you"


def test_a_title_and_initial_she_lists_is_her_name_as_pupils_write_it() -> None:
    """"Miss H" is in her nicknames: with her town and school life it is her, not "not sure"."""
    a = check(BETHAN, "https://x.com/example_pupil/status/3", "example_pupil on X",
              "miss H kept us in after school again, she lives near Llanelli station apparently", kind="post")
    assert a.about == "you"


def test_another_person_with_that_title_and_initial_is_not_her() -> None:
    a = check(BETHAN, "https://www.example.org/staff", "Our staff",
              "Miss H Jenkins, school nurse, Swansea.")
    assert a.about != "you"


def test_the_word_of_a_titled_nickname_alone_with_her_school_in_view_is_never_set_aside() -> None:
    """"pritch" from her "Mr Pritch", in a pupils' post with her school's tag: about her or not sure,
    never "your name is not on it"."""
    a = check(OWEN, "https://www.tiktok.com/@example.pupil/video/1", "example.pupil on TikTok",
              "pritch lost it in period 3 😂 #borraspark", kind="post")
    assert a.about in ("you", "unsure")
    assert "your name is not on it" not in a.about_reasons


def test_an_account_named_as_pupils_name_her_with_her_school_offering_dms_is_impersonation() -> None:
    a = check(BETHAN, "https://www.instagram.com/missh.ystrad/", "Miss H (@missh.ystrad) • Instagram",
              "Miss H 📚 Ystrad Tywi. Blwyddyn 9 DM me for help with your hanes homework", kind="account")
    assert "impersonation" in a.codes


def test_her_handle_with_a_trailing_underscore_is_a_handle_like_hers() -> None:
    """Its page quotes her real handle; the account is another one named like it, and claims her town."""
    a = check(BETHAN, "https://www.instagram.com/bethan.howells.hanes_/", "Bethan (@bethan.howells.hanes_) • Instagram",
              "History teacher in Llanelli. New account, the old @bethan.howells.hanes was hacked!", kind="account")
    assert "impersonation" in a.codes
    assert "much like your handle" in next(f.reason for f in a.flags if f.code == "impersonation")


def test_her_schools_initials_in_an_accounts_bio_claim_her() -> None:
    """"bphs" (Borras Park High School) written in lower case in the bio of an account in his name."""
    a = check(OWEN, "https://www.tiktok.com/@owenpritchard.real", "Owen Pritchard (@owenpritchard.real) | TikTok",
              "Owen Pritchard · official bphs account, ask me anything", kind="account")
    assert "impersonation" in a.codes


def test_a_linkedin_profile_saying_only_teacher_and_a_city_is_asked_about() -> None:
    """Every namesake in her job has a LinkedIn that says "Teacher": that is no claim of her."""
    a = check(OWEN, "https://www.linkedin.com/in/owen-pritchard-3b2a1", "Owen Pritchard - Teacher | LinkedIn",
              "Owen Pritchard. Teacher. Chester, England, United Kingdom. 140 connections.", kind="account")
    assert a.codes == ["unconfirmed_account"]


def test_a_town_the_page_names_as_a_club_is_the_club_not_her_town() -> None:
    """"Leeds United" and then "joined Leeds from Hull": the club, not where Liam lives."""
    a = check(LIAM, "https://www.example-football-history.net/players/liam-doherty",
              "Liam Doherty – Leeds United player profile",
              "Liam Doherty joined Leeds from Hull City in 1994 and made 112 appearances.")
    assert a.about != "you"
    assert not any("Leeds, where you are" in r for r in a.about_reasons)
