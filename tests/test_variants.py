"""Name forms as a person would search them: one row per name, every expected string spelled out."""

from __future__ import annotations

import pytest

from repwatch.config import Profile
from repwatch.pipeline.names import auto_nicknames, fold_accents, handle_form, name_forms, parse_name
from repwatch.pipeline.plan import build_plan

# (profile settings, full name, variants, initials, honorifics, handles)
CASES = [
    (
        dict(name="Joanna Whitfield", variants=["Joanna Brown"], nicknames=["Jo"], honorifics=["Ms", "Mrs"],
             handles=["MsWhitfieldTeach"]),
        "Joanna Whitfield",
        ["Joanna Brown", "Jo Whitfield"],
        ["J Whitfield"],
        ["Ms Whitfield", "Mrs Whitfield"],
        ["joannawhitfield", "joanna_whitfield", "jowhitfield", "jo_whitfield", "mswhitfield", "mrswhitfield",
         "MsWhitfieldTeach"],
    ),
    (  # title taken off and used as an honorific; curly apostrophe; both halves of the surname
        dict(name="Dr Siân O\u2019Neill-Whitfield", auto_nicknames=True),
        "Siân O'Neill-Whitfield",
        ["Sian O'Neill-Whitfield", "Siân O'Neill", "Sian O'Neill", "Siân Whitfield", "Sian Whitfield"],
        ["S O'Neill-Whitfield"],
        ["Dr O'Neill-Whitfield"],
        ["sianoneillwhitfield", "sian_oneillwhitfield", "droneillwhitfield"],
    ),
    (
        dict(name="Rhys ap Gruffydd", honorifics=["Mr"]),
        "Rhys ap Gruffydd",
        ["Rhys Gruffydd"],
        ["R ap Gruffydd"],
        ["Mr ap Gruffydd"],
        ["rhysapgruffydd", "rhys_apgruffydd", "mrapgruffydd"],
    ),
    (dict(name="Carys ab Owen"), "Carys ab Owen", ["Carys Owen"], ["C ab Owen"], [],
     ["carysabowen", "carys_abowen"]),
    (dict(name="Mary MacDonald", honorifics=["Mrs"]), "Mary MacDonald", ["Mary McDonald"], ["M MacDonald"],
     ["Mrs MacDonald"], ["marymacdonald", "mary_macdonald", "mrsmacdonald"]),
    (dict(name="Sean McCarthy"), "Sean McCarthy", ["Sean MacCarthy"], ["S McCarthy"], [],
     ["seanmccarthy", "sean_mccarthy"]),
    (  # a spaced Irish "Mac" is not swapped; accents dropped
        dict(name="Seán Mac Giolla Phádraig"),
        "Seán Mac Giolla Phádraig",
        ["Sean Mac Giolla Phadraig"],
        ["S Mac Giolla Phádraig", "S Mac Giolla Phadraig"],
        [],
        ["seanmacgiollaphadraig", "sean_macgiollaphadraig"],
    ),
    (dict(name="Aoife Ní Bhriain"), "Aoife Ní Bhriain", ["Aoife Ni Bhriain"], ["A Ní Bhriain", "A Ni Bhriain"],
     [], ["aoifenibhriain", "aoife_nibhriain"]),
    (dict(name="Niamh Nic Dhomhnaill"), "Niamh Nic Dhomhnaill", [], ["N Nic Dhomhnaill"], [],
     ["niamhnicdhomhnaill", "niamh_nicdhomhnaill"]),
    (
        dict(name="Joanna van der Berg", auto_nicknames=True, honorifics=["Ms"]),
        "Joanna van der Berg",
        ["Jo van der Berg"],
        ["J van der Berg"],
        ["Ms van der Berg"],
        ["joannavanderberg", "joanna_vanderberg", "jovanderberg", "jo_vanderberg", "msvanderberg"],
    ),
    (dict(name="Ana de la Cruz"), "Ana de la Cruz", [], ["A de la Cruz"], [], ["anadelacruz", "ana_delacruz"]),
    (dict(name="Zoë Brontë", honorifics=["Ms"]), "Zoë Brontë", ["Zoe Bronte"], ["Z Brontë", "Z Bronte"],
     ["Ms Brontë", "Ms Bronte"], ["zoebronte", "zoe_bronte", "msbronte"]),
    (dict(name="Cher", honorifics=["Ms"], nicknames=["Chez"]), "Cher", ["Chez"], [], [], ["cher"]),
    (dict(name="John Smith", auto_nicknames=True), "John Smith", ["Johnny Smith"], ["J Smith"], [],
     ["johnsmith", "john_smith", "johnnysmith", "johnny_smith"]),
    (dict(name="Rose Hill", honorifics=["Miss"]), "Rose Hill", [], ["R Hill"], ["Miss Hill"],
     ["rosehill", "rose_hill", "misshill"]),
    (dict(name="Grace Church", auto_nicknames=True), "Grace Church", [], ["G Church"], [],
     ["gracechurch", "grace_church"]),
    (dict(name="Dean Martin"), "Dean Martin", [], ["D Martin"], [], ["deanmartin", "dean_martin"]),
    (dict(name="Judge Reinhold"), "Judge Reinhold", [], ["J Reinhold"], [], ["judgereinhold", "judge_reinhold"]),
    (dict(name="Joanna Mary Whitfield"), "Joanna Mary Whitfield", ["Joanna Whitfield"], ["J Whitfield"], [],
     ["joannawhitfield", "joanna_whitfield"]),
    (
        dict(name="Mrs Elizabeth Taylor-Jones", auto_nicknames=True, exclude_nicknames=["libby"]),
        "Elizabeth Taylor-Jones",
        ["Elizabeth Taylor", "Elizabeth Jones", "Liz Taylor-Jones", "Lizzie Taylor-Jones", "Beth Taylor-Jones"],
        ["E Taylor-Jones"],
        ["Mrs Taylor-Jones"],
        ["elizabethtaylorjones", "elizabeth_taylorjones", "liztaylorjones", "liz_taylorjones",
         "lizzietaylorjones", "lizzie_taylorjones", "bethtaylorjones", "beth_taylorjones", "mrstaylorjones"],
    ),
    (  # "Al-" is a particle, not half of a double-barrelled surname
        dict(name="Mohammed Al-Hassan", auto_nicknames=True),
        "Mohammed Al-Hassan",
        ["Mo Al-Hassan"],
        ["M Al-Hassan"],
        [],
        ["mohammedalhassan", "mohammed_alhassan", "moalhassan", "mo_alhassan"],
    ),
    (dict(name="Łukasz Żółć"), "Łukasz Żółć", ["Lukasz Zolc"], ["Ł Żółć", "L Zolc"], [],
     ["lukaszzolc", "lukasz_zolc"]),
    (dict(name="Chloé D'Arcy"), "Chloé D'Arcy", ["Chloe D'Arcy"], ["C D'Arcy"], [], ["chloedarcy", "chloe_darcy"]),
    (dict(name="Hamish MacLeod-Stewart"), "Hamish MacLeod-Stewart",
     ["Hamish MacLeod", "Hamish Stewart", "Hamish McLeod-Stewart"], ["H MacLeod-Stewart"], [],
     ["hamishmacleodstewart", "hamish_macleodstewart"]),
    (dict(name="Ffion Haf Llewellyn"), "Ffion Haf Llewellyn", ["Ffion Llewellyn"], ["F Llewellyn"], [],
     ["ffionllewellyn", "ffion_llewellyn"]),
    (dict(name="Anne-Marie Duff"), "Anne-Marie Duff", [], ["A Duff"], [], ["annemarieduff", "annemarie_duff"]),
    (dict(name="Priya Patel", variants=["Shah"]), "Priya Patel", ["Priya Shah"], ["P Patel"], [],
     ["priyapatel", "priya_patel"]),
    (dict(name="Will May", auto_nicknames=True), "Will May", [], ["W May"], [], ["willmay", "will_may"]),
    (
        dict(name="Kenneth O'Brien", auto_nicknames=True, nicknames=["Kenny"], exclude_nicknames=["Ken"]),
        "Kenneth O'Brien",
        ["Kenny O'Brien"],
        ["K O'Brien"],
        [],
        ["kennethobrien", "kenneth_obrien", "kennyobrien", "kenny_obrien"],
    ),
]


@pytest.mark.parametrize(
    ("settings", "full", "variants", "initials", "honorifics", "handles"),
    CASES,
    ids=[c[0]["name"] for c in CASES],
)
def test_name_forms(settings, full, variants, initials, honorifics, handles):
    forms = name_forms(Profile(**settings))
    assert forms.full.text == full
    assert [f.text for f in forms.variants] == variants
    assert [f.text for f in forms.initials] == initials
    assert [f.text for f in forms.honorifics] == honorifics
    assert [f.text for f in forms.handles] == handles
    every = [forms.full, *forms.variants, *forms.initials, *forms.honorifics, *forms.handles]
    assert all(f.reason for f in every)


# (profile settings, the first queries a person would type, in order)
QUERY_CASES = [
    (dict(name="Rose Hill", locations=["Leeds"], organisations=["Roundhay School"], honorifics=["Miss"]),
     ['"Rose Hill" Leeds', '"Rose Hill" Roundhay School', '"Rose Hill"', '"R Hill" Leeds',
      '"R Hill" Roundhay School', '"Miss Hill" Roundhay School', "rosehill", "rose_hill", "misshill"]),
    (dict(name="Zoë Brontë", locations=["Haworth"]),
     ['"Zoë Brontë" Haworth', '"Zoë Brontë"', '"Zoe Bronte" Haworth', '"Z Brontë" Haworth', '"Z Bronte" Haworth',
      '"Zoe Bronte"', "zoebronte", "zoe_bronte"]),
    (dict(name="Cher", locations=["Bristol"], honorifics=["Ms"]),
     ['"Cher" Bristol', '"Cher"', "cher"]),
    (dict(name="Rhys ap Gruffydd", organisations=["Ysgol Glan Clwyd"], honorifics=["Mr"]),
     ['"Rhys ap Gruffydd" Ysgol Glan Clwyd', '"Rhys ap Gruffydd"', '"Rhys Gruffydd" Ysgol Glan Clwyd',
      '"R ap Gruffydd" Ysgol Glan Clwyd', '"Rhys Gruffydd"', '"Mr ap Gruffydd" Ysgol Glan Clwyd',
      "rhysapgruffydd", "rhys_apgruffydd", "mrapgruffydd"]),
    (dict(name="John Smith", honorifics=["Mr"]),  # no place, no school: no "J Smith", no "Mr Smith"
     ['"John Smith"', "johnsmith", "john_smith", "mrsmith"]),
]


@pytest.mark.parametrize(("settings", "expected"), QUERY_CASES, ids=[c[0]["name"] for c in QUERY_CASES])
def test_queries_a_person_would_type(settings, expected):
    assert [q.text for q in build_plan(Profile(**settings))] == expected


def test_curated_nicknames_are_diminutives_only():
    assert auto_nicknames("Joanna") == ["Jo"]  # the nicknames package also says "hannah" and "joan"
    assert auto_nicknames("WILLIAM") == ["Will", "Bill", "Billy"]
    assert auto_nicknames("John") == ["Johnny"]  # not Jack: a name of its own now
    assert auto_nicknames("Siân") == []
    assert auto_nicknames("Zebedee") == []


def test_auto_nicknames_are_off_unless_asked_and_can_be_vetoed():
    assert [f.text for f in name_forms(Profile(name="Thomas Hardy")).variants] == []
    auto = name_forms(Profile(name="Thomas Hardy", auto_nicknames=True)).variants
    assert [f.text for f in auto] == ["Tom Hardy", "Tommy Hardy"]
    assert "exclude_nicknames" in auto[0].reason and "Tom" in auto[0].reason
    vetoed = name_forms(Profile(name="Thomas Hardy", auto_nicknames=True, exclude_nicknames=["TOMMY"])).variants
    assert [f.text for f in vetoed] == ["Tom Hardy"]


def test_a_configured_nickname_comes_before_the_curated_ones_and_is_not_repeated():
    forms = name_forms(Profile(name="Rebecca Lowe", nicknames=["Becks", "Becky"], auto_nicknames=True))
    assert [f.text for f in forms.variants] == ["Becks Lowe", "Becky Lowe", "Becca Lowe", "Bex Lowe"]
    assert forms.variants[1].reason == "your nickname (Becky)"


def test_a_nickname_written_as_a_whole_name_is_kept():
    forms = name_forms(Profile(name="Margaret Okafor", nicknames=["Maggie O"]))
    assert [f.text for f in forms.variants] == ["Maggie O"]


def test_parse_keeps_ordinary_words_that_nameparser_would_take_as_titles():
    assert parse_name("Sister Bliss").given == "Sister"
    assert (parse_name("Bishop Grace").given, parse_name("Bishop Grace").surname) == ("Bishop", "Grace")
    dr = parse_name("Dr. Joanna  Whitfield")
    assert (dr.title, dr.given, dr.surname) == ("Dr", "Joanna", "Whitfield")


def test_fold_and_handle_forms():
    assert fold_accents("Zoë Brontë") == "Zoe Bronte"
    assert fold_accents("Søren Kierkegaard-Straße") == "Soren Kierkegaard-Strasse"
    assert handle_form("O\u2019Neill-Whitfield") == "oneillwhitfield"


def test_a_first_name_that_looks_like_a_particle_is_still_the_first_name():
    # found by hypothesis: "Das" was read as a surname particle, leaving the nickname query bare

    assert parse_name("Das Whitfield").given == "Das"
    assert parse_name("Das Whitfield").surname == "Whitfield"
    texts = [q.text for q in build_plan(Profile(name="Das Whitfield", nicknames=["Aaa"]))]
    assert '"Aaa Whitfield"' in texts and '"Aaa"' not in texts


@pytest.mark.parametrize("name", ["Aas Aas", "Li Jr", "Anna Esq"])
def test_a_surname_that_looks_like_a_suffix_is_still_the_surname(name: str) -> None:
    """Found by hypothesis: "Aas Aas" lost its surname to nameparser's suffix list (AAS, a degree)."""
    given, surname = name.split()
    parsed = parse_name(name)
    assert (parsed.given, parsed.surname, parsed.suffix) == (given, surname, "")
    assert build_plan(Profile(name=name))[0].phrase == name
