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
