"""Is it her? (issue 23, eighth round): a directory's entry under her initial in her own town, and a
report's "of <town>" for where the named person lives. Each page is written for the behaviour, found
in no batch; the assertions are what she sees: `about` and the reasons."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import Assessment, assess
from tests.measure_triage import result

NIAMH = Profile(name="Niamh Gallagher", honorifics=["Mrs", "Miss"], handles=["MrsGallagherGeog"],
                locations=["Darlington", "County Durham"], organisations=["Hummersknott Academy"])


def check(profile: Profile, url: str, title: str, snippet: str, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


# --- a directory's entry under her initial ---------------------------------------------------------


def test_a_phone_directory_entry_by_initial_in_her_town_is_hers() -> None:
    """"N Gallagher" with a street in her own town, on a phone directory: one house, in her town, with
    her surname and first initial; before, "not sure" as any initial is, and her street went unseen."""
    a = check(NIAMH, "https://www.ukphonebook.com/residential/gallagher-n-darlington-dl3",
              "N Gallagher, Darlington DL3 - UK Phonebook",
              "N Gallagher, Cockerton Green, Darlington DL3 9.. Telephone 01325 4..... Listed since 2019.")
    assert a.about == "you"
    assert "names Darlington, where you are" in a.about_reasons


def test_an_initial_in_her_town_on_a_page_that_is_no_directory_stays_unsure() -> None:
    """The same initial and town in a news report is anyone in a town of thousands."""
    a = check(NIAMH, "https://www.thenorthernecho.co.uk/news/24000001.darlington-allotment-show/",
              "Allotment show winners announced",
              "Prizes went to N Gallagher of Darlington for the largest marrow and to a dozen others.", "news")
    assert a.about == "unsure"


def test_a_phone_directory_entry_by_initial_in_a_far_town_is_not_hers() -> None:
    a = check(NIAMH, "https://www.ukphonebook.com/residential/gallagher-n-truro-tr1",
              "N Gallagher, Truro TR1 - UK Phonebook", "N Gallagher, Kenwyn Street, Truro TR1 3.. Telephone 01872 2.....")
    assert a.about != "you"


# --- where a report says the named person lives ---------------------------------------------------


def test_a_report_giving_a_home_beyond_a_commute_is_someone_else() -> None:
    """"of Seaton Carew, Hartlepool" names a district the places table does not know, then the town, 29 km
    from Darlington: a report's own word for where this person lives, further than teachers live from
    their school. Before, Hartlepool was "near Darlington" and the page "not sure"."""
    a = check(NIAMH, "https://www.hartlepoolmail.co.uk/news/crime/woman-fined-speeding-30000001",
              "Woman fined after speeding through roadworks",
              "Niamh Gallagher, 34, of Seaton Carew, Hartlepool, admitted the offence before magistrates on Monday.",
              "news")
    assert a.about == "someone_else"
    assert any(s.startswith("the page says this person lives in Hartlepool, ") for s in a.about_reasons)


def test_a_report_giving_her_own_town_as_the_home_is_not_set_aside() -> None:
    a = check(NIAMH, "https://www.thenorthernecho.co.uk/news/24000002.charity-swim/",
              "Charity swim raises thousands",
              "Niamh Gallagher, 34, of Cockerton, Darlington, swam the length of the lake for the hospice.", "news")
    assert a.about != "someone_else"


# --- a pupil's school year beside the name --------------------------------------------------------


def test_a_school_year_and_a_players_position_before_her_name_is_a_pupil() -> None:
    """A schools' hockey report: "Year 11 goalkeeper Niamh Gallagher" is a pupil of fifteen."""
    a = check(NIAMH, "https://www.englandhockey.co.uk/schools/2026/north-east-finals",
              "Schools hockey: Polam Hall hold on in the final",
              "Year 11 goalkeeper Niamh Gallagher saved two late penalty corners as Polam Hall won 1-0.")
    assert a.about == "someone_else"
    assert "a pupil's school year beside the name ('Year 11 goalkeeper'): a child, not a teacher" in a.about_reasons


def test_a_results_class_of_pupils_by_year_and_sex_is_a_pupil() -> None:
    a = check(NIAMH, "https://www.englandathletics.org/results/durham-schools-2026",
              "Durham Schools Athletics Championships 2026",
              "Year 9 Girls 800m: 1. Amy Lowe (Darlington Harriers) 2. Niamh Gallagher 3. Jess Dunn")
    assert a.about == "someone_else"


def test_her_year_group_as_a_teacher_is_not_a_pupils() -> None:
    """"Year 10 teacher Niamh Gallagher", or her pupils' category with her coaching them, is her."""
    a = check(NIAMH, "https://www.thenorthernecho.co.uk/news/24000003.darlington-science-fair/",
              "Darlington pupils win science fair",
              "Year 10 teacher Niamh Gallagher said the pupils at Hummersknott Academy had worked for months.", "news")
    assert a.about == "you"
    b = check(NIAMH, "https://www.englandathletics.org/results/darlington-schools-2026",
              "Darlington Schools Athletics 2026",
              "Year 9 Girls relay winners, coached by Niamh Gallagher of Darlington.")
    assert b.about != "someone_else"


# --- a namesake's place ------------------------------------------------------------------------------


def test_a_namesake_in_new_york_is_not_marked_as_in_york() -> None:
    """She said "not me" to a page about a nurse in New York: her mark is New York, not York (a town
    near her), so a later page of hers at the York races is not set aside as that nurse's."""
    from repwatch.pipeline.person import Namesake, Person
    from repwatch.pipeline.triage import namesake_marks

    her = Profile(name="Niamh Gallagher", honorifics=["Mrs"], locations=["Leeds"])
    nurse = Namesake(1, "2026-12-01T10:00:00Z", "https://www.nyhospitalnews.com/staff/niamh-gallagher",
                     "Niamh Gallagher, RN", "Niamh Gallagher, a nurse in New York, won the ward's award.")
    me = Person(her, namesakes=(nurse,))
    (marks,) = namesake_marks(me)
    assert "york" not in marks.places and "new york" in marks.places
    a = assess(result("https://www.yorkpress.co.uk/news/24000004.york-races-charity-day/", "Charity day at York races",
                      "Niamh Gallagher from Leeds ran the raffle at York racecourse on Saturday.", "news"), me)
    assert a.about == "you"


# --- an account with a second name ------------------------------------------------------------------


def test_an_account_named_for_her_surname_and_a_business_is_someone_elses() -> None:
    """"Niamh Gallagher | Gallagher Florals (@gallagherflorals)": her name, then the account's other
    name, the business in its handle. Before, only "Niamh Gallagher" was read, and the page was an
    account in her name (impersonation)."""
    a = check(NIAMH, "https://www.instagram.com/gallagherflorals/",
              "Niamh Gallagher | Gallagher Florals (@gallagherflorals) • Instagram photos and videos",
              "Wedding and event flowers 💐 Ripon | Bouquets, buttonholes, arches | Booking 2027 now", "account")
    assert a.about == "someone_else"
    assert a.shown_codes == []


# --- a directory of everyone with her name --------------------------------------------------------


def test_a_directory_of_everyone_with_her_name_is_unsure_whatever_one_entry_says() -> None:
    """A directory that counts the people with her name and shows a few: the solicitor in Truro is one
    of them, so the page is "not sure", not set aside as the solicitor's; before, someone else."""
    a = check(NIAMH, "https://www.example-directory.co.uk/people/niamh-gallagher",
              "Niamh Gallagher | People directory",
              "We found 1,140 people named Niamh Gallagher in the UK. Niamh Gallagher - Solicitor - Truro · Niamh Gallagher - Nurse...")
    assert a.about == "unsure"
    assert a.about_reasons[0] == "a list of everyone with your name ('1,140 people named')"
    one = check(NIAMH, "https://www.example-directory.co.uk/people/niamh-gallagher-truro",
                "Niamh Gallagher - Solicitor - Truro | People directory",
                "Niamh Gallagher, solicitor at a Truro practice since 2015. Conveyancing and wills.")
    assert one.about == "someone_else"
