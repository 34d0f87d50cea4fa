"""Is it her? (issue 23, sixth round): who is writing (a pupil's post naming her as pupils do), and
accounts under her name that are someone else's own (a business or a pursuit in the handle and the
display name). Each page is written for the behaviour, found in no batch; the assertions are what she
sees: `about`, the reasons, the flags."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import Assessment, assess
from tests.measure_triage import result

BETHAN = Profile(name="Bethan Hughes", variants=["Bethan Lloyd"], honorifics=["Mrs", "Miss"],
                 handles=["MrsHughesHanes"], locations=["Bangor", "Gwynedd"], organisations=["Ysgol Tryfan"])
GRAHAM = Profile(name="Graham Fletcher", honorifics=["Mr"], handles=["MrFletcherGeog"],
                 locations=["Darlington", "County Durham"], organisations=["Hummersknott Academy"])
ANNA = Profile(name="Anna Kowalski", honorifics=["Ms", "Miss"], handles=["AnnaKowalskiRE"],
               locations=["Reading", "Berkshire"], organisations=["Thames Valley Primary School"])


def check(profile: Profile, url: str, title: str, snippet: str, kind: str = "web") -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


# --- who is writing -------------------------------------------------------------------------------


def test_a_pupils_post_naming_her_by_title_and_surname_is_about_her() -> None:
    """A post on X in a pupil's words, naming her as pupils do and nothing else of her: before, "your
    name, and nothing that says whether it is you", and set aside from what she needs to see."""
    a = check(BETHAN, "https://x.com/gethin_x/status/1870000000000000001", "gethin on X",
              "mrs hughes told me i was the reason the whole group failed. i hate it there now")
    assert a.about == "you"
    assert a.about_reasons[0].startswith("a post naming you as pupils do ('mrs hughes'): ")
    assert "its writer speaks of you and of themselves ('mrs hughes told me')" in a.about_reasons[0]


def test_a_school_childs_birth_year_in_the_posters_handle_says_who_writes() -> None:
    """"Miss Hughes" in a capitalised post: nothing in its words, but the account that posted it
    carries a school child's birth year."""
    a = check(BETHAN, "https://x.com/ffion_2011/status/1870000000000000002", "ffion on X",
              "Miss Hughes Is Actually The Best, Nobody Can Change My Mind")
    assert a.about == "you"
    assert "posted by an account with a school child's birth year ('ffion_2011')" in a.about_reasons[0]


def test_her_surname_alone_needs_two_signs_of_a_pupil() -> None:
    """"fletcher" alone may be a word or anyone: with one sign it stays "not sure"; with a pupil's
    birth year and the writer beside her, it is hers."""
    one = check(GRAHAM, "https://x.com/sam_writes/status/1870000000000000003", "Sam on X",
                "fletcher never changes does he, same jacket since forever")
    assert one.about == "unsure"
    two = check(GRAHAM, "https://x.com/jayden_2012/status/1870000000000000004", "jayden on X",
                "fletcher shouted at me in front of everyone. worst day ever")
    assert two.about == "you"
    assert two.about_reasons[0].startswith("a post naming you as pupils do ('fletcher'): ")


def test_a_pupils_post_that_names_another_school_is_not_her() -> None:
    """Evidence against still wins: the same voice, at another school."""
    a = check(GRAHAM, "https://x.com/kai_2011/status/1870000000000000005", "kai on X",
              "mr fletcher at Longfield Academy gave me a detention for breathing lol")
    assert a.about != "you"
    assert any("another school" in r for r in a.about_reasons)


def test_a_namesakes_news_naming_him_by_title_is_not_a_pupils_post() -> None:
    """A paper's report that names "Mr Fletcher" is written by a reporter: no pupil's post."""
    a = check(GRAHAM, "https://www.example-news.co.uk/news/local-man-wins-allotment-prize",
              "Allotment prize for Mr Fletcher", "Mr Fletcher said he was delighted with his marrows.", kind="news")
    assert a.about != "you"


def test_the_schools_initials_and_a_word_of_its_own_name_the_pupils_account() -> None:
    """An account named for her school's initials and a word of its own ("hatea", Hummersknott
    Academy's "HA" is too short; Thames Valley Primary School's "TVPS" is not) posting about her."""
    a = check(ANNA, "https://x.com/tvpsgossip/status/1870000000000000006", "gossip on X",
              "Ms Kowalski Has A New Car. Spotted At The Gates This Morning.")
    assert a.about == "you"
    assert a.about_reasons[0] == "names your school as TVPS (Thames Valley Primary School)"


# --- accounts under her name that are someone else's own --------------------------------------------


def test_an_account_named_for_a_trade_under_her_name_is_someone_elses_own() -> None:
    """"Bethan Hughes Cakes" at @bethanhughes.cakes: a business under its owner's own name, nothing of
    hers. Before: "is it yours?" (`unconfirmed_account`) and shown as hers."""
    a = check(BETHAN, "https://www.instagram.com/bethanhughes.cakes/",
              "Bethan Hughes Cakes 🎂 (@bethanhughes.cakes)", "Wedding and birthday cakes, Anglesey. Orders by DM.",
              kind="account")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "an account named for something else its owner does ('Bethan Hughes Cakes'); you teach"
    assert a.shown_codes == []


def test_an_account_named_with_her_subject_or_title_is_still_asked_about() -> None:
    """The same shape with a teacher's words is not someone else's trade: "Mr Fletcher Geography" is
    an account claiming her (impersonation), and her name with a word of teaching is asked about."""
    a = check(GRAHAM, "https://www.tiktok.com/@mr.fletcher.geography", "Mr Fletcher Geography (@mr.fletcher.geography) | TikTok",
              "Hummersknott's finest. Revision every week.", kind="account")
    assert a.about == "you"
    assert "impersonation" in a.shown_codes
    b = check(GRAHAM, "https://www.instagram.com/grahamfletcher.teaches/", "Graham Fletcher Teaches (@grahamfletcher.teaches)",
              "Lessons, lanyards and too much coffee.", kind="account")
    assert b.about == "you"
    assert b.shown_codes == ["unconfirmed_account"]


def test_her_name_with_another_ending_is_not_much_like_her_handle() -> None:
    """"annakowalski.art" beside her "AnnaKowalskiRE": the two share only her name, as every
    namesake's handle does; not a copy of hers. Her handle with one letter off still is."""
    a = check(ANNA, "https://www.instagram.com/annakowalski.art/", "Anna Kowalski (@annakowalski.art)",
              "Printmaking and linocuts.", kind="account")
    assert not any("much like your handle" in r for r in a.about_reasons)
    b = check(ANNA, "https://www.instagram.com/annakowalski.re_/", "Anna Kowalski (@annakowalski.re_)",
              "", kind="account")
    assert b.about_reasons[0] == "an account named much like your handle AnnaKowalskiRE"


# --- a town alone, on lists; a town near hers, on a listing of where someone lives ------------------


def test_her_town_as_the_name_of_the_race_on_a_results_list_says_nothing() -> None:
    """A results row in the "Darlington Half Marathon": the town is the race's name, not where the
    runner lives. Before, "names Darlington, where you are", and shown as hers."""
    a = check(GRAHAM, "https://www.example-results.co.uk/darlington-half-2026",
              "Darlington Half Marathon 2026 results", "233 Graham FLETCHER M45 1:41:02 (unattached)")
    assert a.about == "unsure"
    assert a.about_reasons == ["names Darlington only as part of a name ('Darlington Half Marathon')"]


def test_her_town_as_the_name_of_a_charity_thanking_people_says_nothing() -> None:
    a = check(GRAHAM, "https://www.example-hospice.org.uk/thank-you",
              "Thank you to our supporters – Darlington & Teesdale Hospice",
              "With thanks to: Graham Fletcher, Ann Hedley, the Cockerton Rotary Club.")
    assert a.about == "unsure"
    assert a.about_reasons == ["names Darlington only as part of a name ('Darlington & Teesdale Hospice')"]


def test_her_town_on_a_list_whose_name_is_only_the_town_still_counts() -> None:
    """The town itself heads the list (a weekly local run written in lower case): it is still hers."""
    a = check(GRAHAM, "https://www.example-parkrun.org.uk/darlington/results/412",
              "Darlington parkrun #412 results", "55 Graham FLETCHER VM45-49 24:10 · 56 Ann HEDLEY VW50-54 24:12")
    assert a.about == "you"


def test_two_rows_of_one_results_list_with_times_between_are_two_people() -> None:
    a = check(GRAHAM, "https://www.example-results.co.uk/darlington-10k-2026",
              "Darlington 10K 2026 results", "Fletcher, Graham M40 41:10. Fletcher, Graham M20 38:02.")
    assert a.about == "unsure"
    assert "your name is on it twice, as two people" in a.about_reasons[0]


def test_a_persons_own_town_beside_the_name_leaves_her_area_elsewhere_saying_nothing() -> None:
    """"Graham Fletcher, 41, of Newton Aycliffe": the paper says where this one lives; "County Durham"
    in its section's name is not a tie to her. Before: "names County Durham, where you are"."""
    a = check(GRAHAM, "https://www.example-echo.co.uk/news/county-durham-news/fly-tipping-fine-2026",
              "Man fined for fly-tipping in County Durham",
              "Graham Fletcher, 41, of Newton Aycliffe, was fined £400 at Teesside Magistrates' Court.", kind="news")
    assert a.about == "unsure"
    assert a.about_reasons[0] == "names County Durham, but the page says this person is from Newton Aycliffe"


def test_a_people_search_listing_in_a_town_near_hers_is_her() -> None:
    """People live near where they teach: a listing of where a Graham Fletcher lives, in a town near
    Darlington, is hers. Before: "not sure"."""
    a = check(GRAHAM, "https://www.192.com/people/graham-fletcher/newton-aycliffe/",
              "Graham Fletcher in Newton Aycliffe – 192.com", "Graham A Fletcher, Newton Aycliffe DL5. Age guide 40-44.",
              kind="listing")
    assert a.about == "you"
    assert a.about_reasons[0] == "names Newton Aycliffe, near Darlington: a listing of where someone lives, near your work"


def test_a_childrens_age_group_written_as_years() -> None:
    a = check(GRAHAM, "https://www.example-swim.org.uk/results/county-2026",
              "County Swimming Championships 2026", "Boys 12 yrs 50m Butterfly: 2. Graham Fletcher (Darlington ASC) 0:34.90.")
    assert a.about == "someone_else"
    assert a.about_reasons[0] == "in a children's age group ('Boys 12 yrs'): a child, not a teacher"


def test_a_directory_is_not_a_directors_page() -> None:
    """"directory" was read as "director", another line of work: a bare directory is "not sure"."""
    a = check(ANNA, "https://www.example-directory.co.uk/people/anna-kowalski",
              "Anna Kowalski – UK Directory", "41 results for Anna Kowalski in England. Filter by town.")
    assert a.about == "unsure"
