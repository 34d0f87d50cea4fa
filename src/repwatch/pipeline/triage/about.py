"""Is it her? Evidence for and against, weighed into `you`, `unsure` or `someone_else`, each piece a
short sentence a teacher can check at a glance ("names your school", "a councillor in Llanelli; you
teach in Ammanford").

For: one of her accounts or handles, her photo, her school, her town or area, her work (teaching, a
year group, pupils writing "miss"), a page she said is hers. Against: another line of work, a place out
of her reach, another school, an age she cannot be, a middle name not hers, a namesake she said "not
me" to. Her name and nothing either way is `unsure`: a common name is not a reason to worry her.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from repwatch.pipeline.person import Person
from repwatch.pipeline.triage.namesakes import Marks, match_namesake
from repwatch.pipeline.triage.text import Lexicon, blank, fold, squash
from repwatch.pipeline.triage.who import (
    AGE,
    TAGS,
    TOWN_KM,
    WEAK_NAMES,
    Reading,
    Spot,
    Who,
    distance_km,
    places,
)
from repwatch.platforms import is_social

YOU, UNSURE, SOMEONE_ELSE = "you", "unsure", "someone_else"
STRONG, MEDIUM, WEAK = 3, 2, 1
ADULT_AGES = range(20, 76)  # a serving teacher's age
LIVES_KM = 25  # a people-search listing further than this from her towns is where someone else lives
SCHOOL_KM = 15  # a teacher's school further than this from her towns is not hers (nearer, a village school may be)

# A school's name as written: "Oakfield Primary School", "Ysgol Bro Dinefwr", "Moorside Academy".
_SCHOOL = re.compile(
    r"\b(?:Ysgol(?:\s+[A-Z][\w'\u2019\-]+){1,3}"
    r"|(?:(?:St\.?|Saint)\s+)?(?:[A-Z][\w'\u2019\-]+\s+){1,3}"
    r"(?:C\s?of\s?E\s+|CE\s+|RC\s+|Catholic\s+|Church\s+of\s+England\s+)?"
    r"(?:(?:Primary|Junior|Infant|Infants|High|Secondary|Grammar|Comprehensive|Academy|Nursery)"
    r"(?:\s+School|\s+Academy)?|School))\b"
)
_LINKEDIN_COUNTRY = re.compile(r"^([a-z]{2,3})\.linkedin\.com$")
_NOT_A_SCHOOL_NAME = frozenset({
    "the", "a", "an", "our", "my", "her", "his", "at", "in", "of", "and", "year", "local", "pgce", "primary",
    "secondary", "high", "junior", "infant", "nursery", "school", "state", "private", "independent", "new",
    "grammar", "faith", "free", "special", "summer", "sunday", "driving", "dance", "drama", "stage", "ballet",
    "swim", "swimming", "riding", "ski", "surf", "language", "cookery", "art", "music", "film", "business",
    "law", "medical", "nursing", "graduate", "old", "this", "that", "every", "which", "what", "from", "to",
})


@dataclass
class Verdict:
    about: str
    reasons: list[str] = field(default_factory=list)
    ties: int = 0  # weight of what ties the page to her
    namesake: bool = False  # set aside as a namesake she named
    against: int = 0  # weight of what says it is someone else (STRONG or more: a clear other person)
    school: str | None = None  # her school, when the page names it


def judge(r: Reading, who: Who, lex: Lexicon, person: Person, marks: tuple[Marks, ...],
          photo_match: str | None = None) -> Verdict:
    """The three-way answer for one result, with the reasons for and against."""
    if r.key in person.confirmed:
        return Verdict(YOU, ["You said this is about you."], ties=5)
    pro: list[tuple[int, str]] = []
    con: list[tuple[int, str]] = []
    if photo_match:
        pro.append((5, f"looks like your photo {photo_match}"))
    if r.own_account:
        pro.append((5, "it is one of your own accounts"))
    elif r.best == "handle":
        form = next(f for s, f, _, _ in r.name_hits if s == "handle")
        pro.append((5, f"names your handle {form}"))
    elif r.lookalike:
        pro.append((STRONG, f"an account named much like your handle {r.lookalike}"))
    org = school_of(r, who)
    mark = None
    if org:
        pro.append((STRONG, f"names your school, {org}"))
    else:
        mark = school_mark(r, who)
        if mark:
            pro.append((MEDIUM, mark))
    listing = r.shape.platform == "people_search"
    listed = not listing and a_list_of_people(r, who, lex)  # a results or donors' list: its town is the race's or the charity's
    support: list[str] = []  # true of her, and of every namesake in her job or near her: no weight alone
    place, own_place = _where(r, who, lex, listing, listed, pro, support)
    teaching = _teaching(r, lex)
    if teaching and not org:
        if _pupils_tie(r, teaching):
            pro.append((WEAK, teaching))
        else:
            support.append(_as_support(teaching))  # every namesake in her job is a teacher too
            word = _school_word(r, who)
            if word:
                pro.append((WEAK, word))
    role = her_role(r, who, lex) if org or mark else None  # "a PE teacher" elsewhere is many people
    if role:
        pro.append((MEDIUM, role))
    if support and any(w for w, _ in pro):
        pro.extend((WEAK if i == 0 else 0, s) for i, s in enumerate(support))  # beside a real tie, a little more
        support = []
    ties = sum(w for w, _ in pro)
    if r.best == "none" and ties < 5:
        return Verdict(SOMEONE_ELSE, ["your name is not on it", *(s for _, s in pro), *support], ties=ties, school=org)
    if r.best in WEAK_NAMES and ties < 5 and not (
        (r.best == "given" and org and _a_teacher(r, lex))
        or (r.best == "pupil" and (org or ties >= MEDIUM or teaching))
    ):
        # "Claire" is hers only as a teacher at her school (a pupil there may be a Claire too); "mr t" or
        # "tommo" with her school, town or pupils in view
        return Verdict(SOMEONE_ELSE, ["your name is not on it"], ties=ties)
    if r.best in WEAK_NAMES:
        pro.append((0, _weak_form(r)))
    if ties < 5:
        for m in marks:
            said = match_namesake(r, m)
            if said and ties < STRONG:
                return Verdict(SOMEONE_ELSE, [said], ties=ties, namesake=True)
        con.extend(_against(r, who, lex, org, place if own_place else None, teaching, listing, listed=listed))
    against = sum(w for w, _ in con)
    reasons = [s for _, s in sorted(pro, key=lambda p: -p[0])] + support + [s for _, s in sorted(con, key=lambda p: -p[0])]
    if not reasons:
        return Verdict(UNSURE, [_only_name(r)])
    pupils_way = r.best == "surname" and bool(teaching or mark) and is_social(r.shape.platform)  # "had okafor for gcse chem", "#wva"
    listed_here = listing and own_place and r.best == "initial" and (MEDIUM, place) in pro  # "S Pritchard, Penygroes": a directory's entry for one house in her town
    weak_name = (r.best in ("surname", "initial", *WEAK_NAMES) and ties < STRONG
                 and not pupils_way and not listed_here)  # "J Whitfield", "mr t": many people
    if ties >= 5 or (ties > against and not weak_name):
        return Verdict(YOU, reasons, ties=ties, against=against, school=org)
    everyone = _everyone_named(r) if against > ties and not ties else None
    if everyone:  # what it says against is about one of its many entries, not the page's person
        return Verdict(UNSURE, [f"a list of everyone with your name ('{everyone}')", *reasons], ties=ties, against=against)
    if against > ties:
        return Verdict(SOMEONE_ELSE, [s for _, s in sorted(con, key=lambda p: -p[0])] +
                       [s for _, s in sorted(pro, key=lambda p: -p[0])] + support, ties=ties, against=against, school=org)
    return Verdict(UNSURE, reasons, ties=ties, against=against, school=org)


# A directory's count of the people with a name: "2,500+ professionals named", "We found 1,214 results
# for", "312 people called": every one of them is listed, so what it says of one is not said of her.
_EVERYONE = re.compile(r"(?<![\w,.])(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{1,5})\+?\s+(?:[a-z]+\s+)?"
                       r"(?:people|professionals|profiles|results|records|members)\s+(?:named|called|for|with)(?![\w])")


def _everyone_named(r: Reading) -> str | None:
    found = _EVERYONE.search(r.text[: len(r.raw)])
    return r.raw[found.start() : found.end()] if found else None


def _where(r: Reading, who: Who, lex: Lexicon, listing: bool, listed: bool,
           pro: list[tuple[int, str]], support: list[str]) -> tuple[str | None, bool]:
    """Her town or a town near hers, weighed into `pro` (a tie) or `support` (no weight alone)."""
    place, own_place = her_place(r, who, lex, listed=listed)
    twice = not listing and two_of_her(r)  # a people-search page lists everyone of the name, by town
    if place and own_place and twice:
        support.append(f"{place}, but your name is on it twice, as two people")  # which is she? the town cannot say
    elif place and own_place:
        pro.append((MEDIUM if listing else WEAK, place))
    elif place and listing and _lives_within(r, who, LIVES_KM):  # where the listed person lives: teachers live near their school
        pro.append((WEAK, f"{place.removesuffix(', but not your town')}: a listing of where someone lives, near your work"))
    elif place and listing:
        pass  # beyond a short commute: where someone else lives, weighed against her in `_against`
    elif place:
        support.append(place)  # a town near hers is many people's, never hers by itself
    return place, own_place


_HER_CLASS = re.compile(r"\b(?:her|his) (?:class|form|pupils)\b|\bparents\b")  # a teacher's, not a pupil's


def _listed_home(r: Reading, who: Who) -> tuple[str, float, str] | None:
    """The town a people-search listing gives, with its distance from the nearest of her towns, and that
    town: (name, km, her town). None when it names none (or only a region, which says nothing)."""
    if who.uk_places is None or not who.homes:
        return None
    table, mine = places(), {fold(loc) for loc, _ in who.places}
    best: tuple[str, float, str] | None = None
    for m in who.uk_places.finditer(r.raw):
        spots = table.spots(m.group(0))
        if not spots or fold(m.group(0)) in mine or spots[0][2] > TOWN_KM:
            continue
        km, home = _nearest_home(spots, who)
        if best is None or km < best[1]:
            best = (m.group(0), km, home)
    return best


def _reported_far(r: Reading, who: Who) -> tuple[str, float, str] | None:
    """The home a report gives beside her name ("Name, 29, of Town"), when it is further than a short
    commute from all her towns (teachers live near their school): (town, km, her nearest town)."""
    town, _ = reported_home(r, who)
    if town is None or not who.homes or fold(town) in {fold(loc) for loc, _ in who.places}:
        return None
    spots = places().spots(town)
    if not spots or spots[0][2] > TOWN_KM:
        return None  # a region ("of Lanarkshire") is not a home's town
    km, home = _nearest_home(spots, who)
    return (town, km, home) if km > LIVES_KM else None


def _nearest_home(spots: tuple[Spot, ...], who: Who) -> tuple[float, str]:
    """How far a place (each of its spots in the places table) is from the nearest of her towns, and that town."""
    return min((distance_km(w, at), loc) for w in spots for loc, at in who.homes)


def _lives_within(r: Reading, who: Who, km: float) -> bool:
    """Whether a listing's town is within `km` of one of her towns (or names none of its own)."""
    home = _listed_home(r, who)
    return home is None or home[1] <= km


def _a_teacher(r: Reading, lex: Lexicon) -> bool:
    """The page speaks of a teacher ("the P5 teacher", "from her class", "short with the parents"), not
    of a pupil "in Year 6"."""
    roles = [w for w in r.found_near(lex.role) if not re.match(r"(?:year|ks|reception)\b", w)]
    return bool(roles or r.found_near(_HER_CLASS))


def _weak_form(r: Reading) -> str:
    start, end = next((s, e) for st, _, s, e in r.name_hits if st == r.best)
    written = r.raw[start:end] if 0 <= start < len(r.raw) else next(f for st, f, _, _ in r.name_hits if st == r.best)
    if r.best == "given":
        return f"your first name ('{written}')"
    return f"a name pupils use for you ('{written}')"


def school_mark(r: Reading, who: Who) -> str | None:
    """Her school as pupils write it: its initials in capitals ("TPA confessions"), or in the name of
    the account that posted ("tva.leaks", "tvaleaks"), or its first word as a tag or in an account's
    name ("#thornbury", "thornbury.memes")."""
    poster = fold(r.shape.handle) if r.shape.handle and r.shape.kind == "post" else ""
    tags = [fold(t) for t in TAGS.findall(r.raw)] + ([fold(r.shape.handle)] if r.shape.handle else [])
    for org, kind, form in who.school_marks:
        lower = len(form) >= 4 and re.search(rf"(?<![\w#@.]){form}(?![\w])", r.raw)  # "kwhs": four letters are no word
        joined = poster and re.match(rf"{form}[a-z]{{4,}}", poster)  # "tvaleaks": the school's initials and a word of its own
        if kind == "initials" and (re.search(rf"(?<![\w]){form.upper()}(?![\w])", r.raw) or lower or joined
                                   or any(re.search(rf"(?:^|[#@._]){form}(?:$|[._])", t) for t in tags)):
            return f"names your school as {form.upper()} ({org})"
        if kind == "tag" and any(form in re.sub(r"[^0-9a-z]", "", t) for t in tags):
            return f"a tag of your school ('{form}', {org})"
    return None


def _school_word(r: Reading, who: Who) -> str | None:
    """Her school's own first word, written as a name, on a page about a teacher: "Copnor reception
    children" for Copnor Meadows Primary. A teacher there with her name is her."""
    for org, kind, form in who.school_marks:
        if kind != "tag":
            continue
        for m in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", r.text[: len(r.raw)]):
            if r.raw[m.start()].isupper() and r.near(m.start(), m.end()):
                return f"names {r.raw[m.start():m.end()]}, as your school is called ({org})"
    return None


def _only_name(r: Reading) -> str:
    if r.best == "surname":
        return "only your surname, and nothing that says whether it is you"
    return "your name, and nothing that says whether it is you"


def school_of(r: Reading, who: Who) -> str | None:
    """Her school, as the page writes it: in the text, the site's address, or a tag (#stAidans)."""
    for org, pat, core in who.orgs:
        if pat.search(r.org_text):
            return org
        if len(core) >= 5 and (core in re.sub(r"[^0-9a-z]", "", r.host)
                              or any(core in re.sub(r"[^0-9a-z]", "", fold(t)) for t in TAGS.findall(r.raw))):
            return org
    return None


def her_role(r: Reading, who: Who, lex: Lexicon) -> str | None:
    """Her role as her handles say it, named as a teacher's on the page: "the PE teacher", "that P6
    teacher", "athro Hanes", "the SENCo". With her school it is her, whether or not a name is given: a
    parent asking about "the PE teacher at Wensum Valley" is asking about Mr Taylor."""
    prose = r.text[: len(r.raw)]
    for role in who.roles:
        tail = r"(?![\w])" if len(role) < 4 else r"\w*"
        for m in re.finditer(rf"(?<![\w])(?:{_role_forms(role)}){tail}", prose):
            if lex.role.fullmatch(m.group(0)):
                return f"names your role ('{r.raw[m.start():m.end()]}')"
            near = [t for t in lex.role.finditer(prose, max(0, m.start() - 40), m.end() + 40)
                    if (t.start(), t.end()) != (m.start(), m.end())]
            if near:
                a, b = min(m.start(), near[0].start()), max(m.end(), near[0].end())
                return f"names your role ('{r.raw[a:b]}')" if b - a <= 50 else f"names your role ('{r.raw[m.start():m.end()]}')"
    return None


def _role_forms(role: str) -> str:
    """Her year group as her handle writes it and as a page spells it out: "y6" is also "year 6",
    "yr 6"; "p6" is also "primary 6". A pattern."""
    year = re.fullmatch(r"(y|yr|year|p)(\d{1,2})", role)
    if year is None:
        return re.escape(role)
    words = r"(?:primary|p)" if year.group(1) == "p" else r"(?:year|yr|y|blwyddyn|bl)"
    return rf"{words}\s?{year.group(2)}"


def her_place(r: Reading, who: Who, lex: Lexicon, *, listed: bool = False) -> tuple[str | None, bool]:
    """Her town or her area (with True: a tie), or else a place near it (with False): "names Durham,
    near Sunderland" is true of every namesake who lives nearby, so it is never a tie alone.
    Near is measured in km from her towns (data/uk_places.toml), not by the county's name.
    On a list of many people (`listed`), her town as the first word of the race's or the charity's name
    ("Omagh Half Marathon", "Wigan & Leigh Hospice") is that name, not where anyone on it lives; and a
    place the page writes beside the name as that person's own ("Daniel Walker, 24, of Farnworth")
    leaves her town or area named elsewhere on the page (a paper's section) saying nothing."""
    clubs = _clubs(r.text)
    home, home_end = reported_home(r, who)
    mine = {fold(loc) for loc, _ in who.places}
    for loc, pat in who.places:
        found = [m for m in pat.finditer(r.text) if fold(m.group(0)) not in clubs]
        thing = next((t for m in found if listed and m.end() <= len(r.raw) and (t := names_a_thing(r, m.start(), m.end()))), None)
        if home is not None and fold(home) not in mine and found and not any(home_end <= m.start() < home_end + 30 for m in found):
            return f"names {loc}, but the page says this person is from {home}", False  # not "of Farnworth, Wigan"
        if thing and all(names_a_thing(r, m.start(), m.end()) for m in found if m.end() <= len(r.raw)):
            return f"names {loc} only as part of a name ('{thing}')", False
        if found:
            return f"names {loc}, where you are", True
    poster = squash(r.account.name) if r.account is not None and not r.own_account else ""
    for loc, _ in who.places:
        if len(squash(loc)) >= 5 and squash(loc) in poster:
            return f"posted by an account named for {loc} ('{r.account.shown if r.account else poster}')", True
    if not who.homes or who.uk_places is None:
        return None, False
    table = places()
    abroad = [(m.start(), m.end()) for m in lex.far_places.finditer(r.text)]
    near: tuple[str | None, bool] = (None, False)
    for m in who.uk_places.finditer(r.raw):
        spots = table.spots(m.group(0))
        if not spots or any(s <= m.start() < e for s, e in abroad) or fold(m.group(0)) in clubs:
            continue  # "South Wales" in "New South Wales"; "Liverpool" where the page names Liverpool FC
        if spots[0][2] >= table.far_km:
            continue  # a country or a large region ("Scotland", "Yorkshire") is half the map, not her area
        inside = next((loc for loc, at in who.homes for where in spots if where[2] > TOWN_KM
                       and distance_km((where[0], where[1], 0.0), (at[0], at[1], 0.0)) <= where[2]), None)
        if inside:
            return f"names {m.group(0)}, where {inside} is", True  # "Merseyside" for Liverpool: her area, by its other name
        home = next((loc for loc, at in who.homes if any(distance_km(w, at) <= table.far_km for w in spots)), None)
        if home:  # the first of her locations it is near: her main town, as she lists it first
            near = near if near[0] else (f"names {m.group(0)}, near {home}, but not your town", False)
    return near


_RACE_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?![\d:])")
_NEXT_ENTRY = re.compile(r"\s*[,\u00b7;]\s*(?:and\s+)?(?:the\s+)?[A-Z][\w'\-]+\s+(?:&\s+)?[A-Z][\w'\-]+")  # ", Sue Green", " · Owen Li"


def a_list_of_people(r: Reading, who: Who, lex: Lexicon) -> bool:
    """Her name as one entry of a list of many people: a row of race results (a time beside the name,
    "412 Claire QUINN F40 1:59:20") or of donors and people thanked ("Thank you to: Daniel Walker, Sue
    Green, the Ince Ladies Darts League"): her full name, and another entry after it, not a place
    ("Joanna Whitfield, Austin TX" is where she is)."""
    for strength, _, start, end in r.name_hits:
        if strength not in ("full", "nickname") or not 0 <= start < len(r.raw):
            continue
        if _RACE_TIME.search(r.raw, end, end + 40):
            return True
        entry = _NEXT_ENTRY.match(r.raw, end)
        if entry is None:
            continue
        at = entry.end() - len(entry.group(0).lstrip(" ,\u00b7;"))
        tail = r.raw[at:]
        place = next((m for m in who.uk_places.finditer(tail[:40]) if m.start() == 0), None) if who.uk_places else None
        if place is not None and names_a_thing(r, at, at + place.end()):
            return True  # "Rachel Thompson, Teesside Hospice Runners, D Hartley": a club named for the town is an entry
        if place is None and not lex.far_places.match(fold(tail)):
            return True
    return False


# A place's name as the first word of another name: a race's, a charity's, a club's ("Omagh Half
# Marathon", "Wigan & Leigh Hospice", "Swindon Dolphins"); "& Leigh" joins a second place to the name.
_NAMED_AFTER = re.compile(r"(?:\s*(?:&|and)\s+[A-Z][\w'\-]*)*\s+(?P<next>[A-Z][a-z][\w'\-]*)(?:\s+[A-Z][a-z][\w'\-]*)*")


def names_a_thing(r: Reading, start: int, end: int) -> str | None:
    """The name that the place at raw[start:end] begins ("Omagh Half Marathon"), or None: the place, then
    a word with a capital that is no place word ("Durham City" is Durham: [place_words] in
    data/uk_places.toml)."""
    after = _NAMED_AFTER.match(r.raw, end)
    if after is None or fold(after.group("next")) in places().words:
        return None
    return r.raw[start : after.end()]


# A report's way of saying where someone lives: "Daniel Walker, 24, of Farnworth", "Jo Hill (41), of Leeds".
_REPORTED_HOME = re.compile(r"(?:,\s*\d{1,3},|\s*\(\d{1,3}\),?)\s*of\s+")


def reported_home(r: Reading, who: Who) -> tuple[str | None, int]:
    """The town a report gives as the named person's home, and where it ends in the text, or (None, -1):
    "of Farnworth", or the town after a district the table does not know ("of Bonnyton, Kilmarnock")."""
    return _place_after_name(r, who, _REPORTED_HOME, district=True) or (None, -1)


_DISTRICT = re.compile(r"[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?,\s*")  # "Bonnyton, " before "Kilmarnock"
_LONGER = re.compile(r"\s+[A-Z][a-z]")


def _place_after_name(r: Reading, who: Who, joint: re.Pattern[str], *, district: bool = False) -> tuple[str, int] | None:
    """A known place written just after her name (full or nickname) and ``joint`` ("Name, 24, of Town",
    "Name (Town club)"), and where it ends in the text. With ``district``, one unknown district and a
    comma may come first (a report's "of Bonnyton, Kilmarnock"; in a list, "Name, Other Name, Town" is
    two entries, so not there)."""
    if who.uk_places is None:
        return None
    for strength, _, _, end in r.name_hits:
        if strength not in ("full", "nickname") or not 0 <= end <= len(r.raw):
            continue
        found = joint.match(r.raw, end)
        if found is None:
            continue
        window = r.raw[found.end() : found.end() + 40]
        for m in who.uk_places.finditer(window):
            if district and m.start() == 0 and _LONGER.match(window, m.end()):
                continue  # "Seaton" of "Seaton Carew": a district's longer name, the town after it
            first = m.start() == 0 or (district and _DISTRICT.fullmatch(window[: m.start()]) is not None)
            if first and places().spots(m.group(0)):
                return m.group(0), found.end() + m.end()
            break
    return None


_ENTRY_BREAK = re.compile(r"[\u00b7|;\n\u2022]|\s\d{1,5}\.?\s|\d:\d\d")  # between two entries of a list: "·", "| ", " 613 ", a time "54:10"


def two_of_her(r: Reading) -> bool:
    """Her full name twice on one list, as two entries ("611 Daniel Murphy V35 · 613 Dan Murphy V40"):
    two people with her name, so a place the list names (the race's town) cannot say which is her."""
    spans = sorted({(s, e) for st, _, s, e in r.name_hits if st in ("full", "nickname") and 0 <= s < len(r.raw)})
    snippet = r.raw.find(" | ") + 3
    spans = [(s, e) for s, e in spans if s >= snippet]
    return any(e1 <= s2 and _ENTRY_BREAK.search(r.raw, e1, s2) for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))


# A sports club named for a town: "Liverpool FC", "Armagh GAA", "Harrogate Town AFC".
_CLUB = re.compile(r"(?<![\w])([a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*)?)\s+(?:fc|afc|utd|united|rovers|athletic|wanderers|albion|"
                   r"gaa|rfc|harriers|(?:football|rugby|cricket|hockey|netball|athletics)\s+club)(?![\w])")


def _clubs(text: str) -> frozenset[str]:
    """The towns the page names as clubs: where it says "Liverpool FC", "joined Liverpool from Crewe"
    is the club too, not where anyone lives."""
    return frozenset(w for m in _CLUB.finditer(text) for w in (m.group(1), m.group(1).split()[-1]))


def _pupils_tie(r: Reading, teaching: str) -> bool:
    """Teaching that ties a page to her: her name as pupils write it ("Mrs Reid", "okafor", "mr t")
    beside it, or pupils themselves writing (a class code, their words) on a social site. Her full
    name beside "teacher" is every namesake in her job: that is no tie, only something to weigh."""
    if r.best in ("honorific", "surname", "pupil"):
        return True
    return teaching.startswith(("a pupils' class code", "pupils write about you")) and is_social(r.shape.platform)


def _as_support(teaching: str) -> str:
    """The reason for teaching that is not a tie, in her words: she teaches, and so do her namesakes."""
    for mine, anyone in (("about teaching", "about a teacher"), ("a parent writes about you", "a parent writes about a teacher"),
                         ("pupils write about you", "pupils write about a teacher")):
        if teaching.startswith(mine):
            teaching = anyone + teaching[len(mine):]
    return teaching + ": you, or another teacher with your name"


def _teaching(r: Reading, lex: Lexicon) -> str | None:
    """Her work: teaching or school life near her name, a school's own site, or pupils writing about her
    (their words, or a class code in the post or in the poster's name: "10X2", "y9tynebank_")."""
    if r.shape.platform in ("school", "teacher_rating"):
        return "it is a school's or teachers' site"
    text = blank(r.text, lex.other_teaching)
    words = r.found_near(lex.teaching, text)
    if words:
        return f"about teaching ('{words[0]}')"
    code = class_code(r, lex)
    if code:
        return f"a pupils' class code ('{code}')"
    voice = r.found_near(lex.pupil_voice, text)
    if voice and r.best in ("honorific", "surname", "pupil") and is_social(r.shape.platform):
        return f"pupils write about you ('{voice[0]}')"
    parent = [w for w in r.found_near(lex.children, text) if w.startswith(("my ", "our ")) or w in ("dd", "ds")]
    if parent and r.best in ("full", "nickname", "honorific"):
        return f"a parent writes about you ('{parent[0]}')"
    return None


# Who is writing, from the post itself (what.py's `pupils_voice` reads their words): a handle with the
# birth year of a child at school ("tomh_2010", "@zaynabb_07"), the writer and the teacher in one
# sentence ("miss shah said she expected more from me"), a post written all in lower case.
# born 2005-2020 written in full ("tomh_2010"), 2005-2014 in two figures ("ffion_cymru07"): at secondary school in
# 2026 or just left; two figures past 14 are as often a number of another kind ("jack_17")
_BIRTH_YEAR = re.compile(r"(?<![0-9])(?:20(?:0[5-9]|1[0-9]|20)|0[5-9]|1[0-4])$")
_FIRST_PERSON = re.compile(r"(?<![\w'])(?:i|i'm|im|me|my|we|we're|us|our|ma|mi)(?![\w'])")
_SENTENCE = re.compile(r"[^.!?|\n]+")
_PUPILS_NAMES = ("honorific", "surname")  # "mrs campbell", "miss shah", "walker": how pupils name a teacher


def pupils_post(r: Reading, voice: str | None, tie: str | None = None) -> str | None:
    """A pupil's post about her: her name as pupils write it (her title and surname, or her surname
    alone), on a post on a social site, with signs of who is writing: a pupil's words (`voice`, from
    the situations' reading), a poster or an addressee with a school child's birth year, the writer
    and she in one sentence, a post all in lower case. A namesake's page does not read like that.
    Her title and surname need one sign; her surname alone, which may be a word ("price", "walker"),
    two, and a tie to her that is not enough alone (`tie`: her town) counts as one. The reason, or None."""
    if r.best not in _PUPILS_NAMES or r.shape.kind not in ("post", "web", "image") or not is_social(r.shape.platform):
        return None
    signs: list[str] = [tie] if tie else []
    if voice:
        site = re.search(r"' on (\w+)$", voice)
        signs.append(f"on {site.group(1)}, where pupils post" if site else f"in a pupil's words ({voice})")
    poster = r.shape.handle or ""
    if poster and _BIRTH_YEAR.search(fold(poster).rstrip("._")):
        signs.append(f"posted by an account with a school child's birth year ('{poster}')")
    else:
        to = next((h for h in re.findall(r"@([\w.]+)", r.raw) if _BIRTH_YEAR.search(fold(h).rstrip("._"))), None)
        if to:
            signs.append(f"written to an account with a school child's birth year ('@{to}')")
    spans = [(s, e) for st, _, s, e in r.name_hits if st == r.best and 0 <= s < len(r.raw)]
    for m in _SENTENCE.finditer(r.text[: len(r.raw)]):
        named = next(((s, e) for s, e in spans if m.start() <= s < m.end()), None)
        if named is None:
            continue
        me = next((w for w in _FIRST_PERSON.finditer(r.text, m.start(), m.end())
                   if not any(w.start() < e and s < w.end() for s, e in spans)), None)
        if me:
            a, b = min(named[0], me.start()), max(named[1], me.end())
            signs.append(f"its writer speaks of you and of themselves ('{r.raw[a:b]}')")
            break
    body = r.raw[r.raw.find(" | ") + 3 :] if " | " in r.raw else r.raw
    if sum(ch.isalpha() for ch in body) >= 20 and body == body.lower():
        signs.append("written all in lower case, as pupils write")
    if len(signs) < (1 if r.best == "honorific" else 2) or signs == [tie]:
        return None
    form = r.raw[spans[0][0] : spans[0][1]] if spans else r.best
    return f"a post naming you as pupils do ('{form}'): " + "; ".join(signs)


def class_code(r: Reading, lex: Lexicon) -> str | None:
    """A class or year code near her name, or in the name of the account that posted it."""
    if lex.class_code is not None:
        found = r.found_near(lex.class_code, r.text[: len(r.raw)])
        if found:
            return found[0]
    if lex.class_tag is None:
        return None
    names: list[str] = [*TAGS.findall(r.raw), *([r.shape.handle] if r.shape.handle else [])]
    for name in names:
        m = lex.class_tag.search(fold(name))
        if m:
            return name
    return None


def _against(r: Reading, who: Who, lex: Lexicon, org: str | None, place: str | None,
             teaching: str | None, listing: bool, *, listed: bool = False) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    where = f"you are in {who.homes[0][0]}" if who.homes else (f"you are in {who.places[0][0]}" if who.places else "")
    work = None if listing else _other_work(r, lex, teaching, who)  # a listing names relatives' and others' work
    event = listed or (not work and lex.events is not None and lex.events.search(r.text)
                       and not r.found_near(lex.far_places))  # she may run the London Marathon (Chicago's, less likely)
    far = None if place or org else far_place(r, who, lex, event=bool(event))  # her school on a trip far away is still hers
    if listing and not (far or org or place):
        home = _listed_home(r, who)
        if home and home[1] > LIVES_KM:  # "Sioned Pritchard, Wrexham – UK Phonebook", 43 km from Bala: someone who lives there
            out.append((MEDIUM, f"lives in {home[0]}, {home[1]:.0f} km from {home[2]}"))
    elif not listing and not (far or org or place):
        home = _reported_far(r, who)
        if home:  # "Scott Wilson, 29, of Kilmarnock", 38 km from Motherwell: where the report says he lives
            out.append((MEDIUM, f"the page says this person lives in {home[0]}, {home[1]:.0f} km from {home[2]}"))
    if work and far:
        out.append((MEDIUM + WEAK, f"{_a(work)} in {far}; you teach" + (f" in {where[11:]}" if where else "")))
    elif work:
        there = _other_place(r, who)
        mine = f" in {who.places[0][0]}" if who.places else ""
        out.append((MEDIUM, f"{_a(work)} in {there}; you teach{mine}" if there else f"{_a(work)}; you teach"))
    elif far and teaching and r.best in ("full", "nickname"):
        # a teacher with her full name in a town out of her reach is another teacher
        out.append((STRONG, f"a teacher in {far}" + (f"; you teach in {where[11:]}" if where else "")))
    elif far:
        out.append((MEDIUM, f"in {far}" + (f"; {where}" if where else "")))
    elif teaching and not org and not place and r.best in ("full", "nickname"):
        school_town = teaches_elsewhere(r, who)
        if school_town:  # "a teacher at a primary school in Newtownabbey": not her school, whose town is hers
            out.append((MEDIUM + WEAK, f"a teacher at a school in {school_town}"
                        + (f"; you teach in {who.places[0][0]}" if who.places else "")))
    other = None if org else other_school(r, who)
    if other:
        yours = f"; yours is {who.orgs[0][0]}" if who.orgs else ""
        out.append((STRONG if who.orgs else WEAK, f"at another school, {other}{yours}"))
    title = _other_title(r, who)
    if title and not listing:
        out.append((MEDIUM, f"called '{title}', a title you do not use"))
    age = impossible_age(r)
    if age is not None:
        out.append((STRONG, f"aged {age}, an age a serving teacher cannot be"))
    elif not org and r.best in ("full", "nickname"):
        group = None if teaching else age_group(r)
        year = None if group else pupil_year(r, lex)
        if group:
            out.append((STRONG, f"in a children's age group ('{group}'): a child, not a teacher"))
        elif year:
            out.append((STRONG, f"a pupil's school year beside the name ('{year}'): a child, not a teacher"))
    if r.middle_other and r.best == "full" and not listing:
        out.append((WEAK, f"a middle name that is not yours ('{r.middle_other}')"))
    brand = None if work else named_for_something_else(r, who, lex)
    if brand:
        out.append((MEDIUM, f"an account named for something else its owner does ('{brand}'); you teach"))
    return out


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "mister", "missus"})
_SECOND_NAME = re.compile(r"\s*(?P<name>[^|(•·@]+?)\s*\(@")
_DISPLAY = re.compile(r"^\s*(?P<name>[^|(•·@]+?)\s*(?:\(@?[\w.\-]+\)|[|•·]|[–—-]\s|$)")


def named_for_something_else(r: Reading, who: Who, lex: Lexicon) -> str | None:
    """An account whose name is her name and a word that is neither hers nor teaching, the same word
    in its handle and its display name ("Cerys Price Nails", @cerysprice.nails; "Walker Roofing NW",
    @danwalker_roofing): a business or a pursuit under its owner's own name, so someone else's own
    account. Not with a title ("Mrs Price Music" reads as a teacher's), her school, town, role or
    subject, or teaching on its page. The display name, or None."""
    if r.shape.kind != "account" or r.own_account or not r.shape.handle or r.best not in ("full", "nickname", "honorific"):
        return None
    m = _DISPLAY.match(r.raw)
    if not m:
        return None
    display = re.sub(r"[^\w.'\-]+$", "", m.group("name").strip())  # "Cerys Price Nails 💅"
    words = re.findall(r"[a-z][a-z'\-]*", fold(display))
    second = _SECOND_NAME.match(r.raw, m.end())  # "Sarah Khan | Khan Bridal (@khanbridal_)": the account's other name
    if second and words:
        display = f"{display} | {second.group('name').strip()}"
        words += re.findall(r"[a-z][a-z'\-]*", fold(second.group("name")))
    if not words or words[0].rstrip(".") in _TITLES or r.found_near(lex.teaching) or r.found_near(lex.role):
        return None
    mine = {w for n in who.names for w in re.findall(r"[a-z]+", fold(n.text))} | set(who.surnames) | set(who.givens)
    mine |= {w for loc, _ in who.places for w in re.findall(r"[a-z]+", fold(loc))}
    mine |= {w for o, _, _ in who.orgs for w in re.findall(r"[a-z]+", fold(o))} | set(who.roles)
    handle = squash(r.shape.handle)
    for w in words:
        word = w.removesuffix("'s")
        if word in mine or len(word) < 3 or word in lex.subjects and word in who.roles:
            continue
        if word in handle or (len(word) >= 6 and word[:5] in handle):  # "Barbering" in @craigpatersonbarber
            return display
    return None


# Titles that say what someone is, before a full name: "Dr Amina Rahman" is a doctor, unless she uses it.
_TITLE_BEFORE = re.compile(r"(?<![\w])(dr|prof|professor|rev|revd|reverend|canon|judge|lord|lady|dame)\.?\s+$")


def _other_title(r: Reading, who: Who) -> str | None:
    """Her full name with a title she does not use (her `honorifics`), as written: "Dr Amina Rahman"."""
    for strength, _, start, end in r.name_hits:
        if strength not in ("full", "nickname") or not 0 <= start < len(r.raw):
            continue
        m = _TITLE_BEFORE.search(r.text[max(0, start - 14) : start])
        if m and m.group(1) not in who.titles:
            return r.raw[start - len(m.group(0)) : end]
    return None


# Where a report places a teacher's school: "at a primary school in Newtownabbey", "a Ballymena primary
# school", "north Belfast secondary school", "Newtownabbey teacher reprimanded", "Drumchapel primary teacher".
_SCHOOL_AFTER = re.compile(r"\s+(?:(?:primary|secondary|post-primary|high|grammar|special|junior|infant|science|maths|"
                           r"english|music|pe|art|drama|history|geography|supply|former)\s+){0,2}"
                           r"(?:school|academy|college|teacher|teachers|headteacher)\b", re.IGNORECASE)
_SCHOOL_BEFORE = re.compile(r"\b(?:school|academy|college|employed|teaching|teaches)\s+in\s+(?:the\s+|north\s+|south\s+|east\s+|west\s+)?$",
                            re.IGNORECASE)


def teaches_elsewhere(r: Reading, who: Who) -> str | None:
    """The town a report gives as a teacher's place of work, when it is none of hers: the school's town
    ("a teacher at a Ballymena primary school", "at a school in Luton") or a headline's "Newtownabbey
    teacher". Near her or not, a teacher whose school is in another town is another teacher: hers is
    in her town."""
    if who.uk_places is None:
        return None
    mine = {fold(loc) for loc, _ in who.places}
    table = places()
    found: list[tuple[bool, str]] = []
    for m in who.uk_places.finditer(r.raw):
        name = m.group(0)
        spots = table.spots(name)
        if fold(name) in mine or not spots or spots[0][2] > TOWN_KM or not r.near(m.start(), m.end()):
            continue  # a county or a region holds her town as well as others
        if any(distance_km(w, at) <= max(SCHOOL_KM, at[2]) for w in spots for _, at in who.homes):
            continue  # a village by her town, or inside an area of hers ("Gwynedd"): may be where her school is
        after = _SCHOOL_AFTER.match(r.raw, m.end())
        if after is not None and re.search(r"\s[A-Z]", after.group(0)):
            continue  # "Oakwood High School" is a school's name: another school, said as such
        if after is not None or _SCHOOL_BEFORE.search(r.raw[max(0, m.start() - 40) : m.start()]):
            found.append((after is not None and "teacher" in after.group(0).lower(), name))
    return min(found)[1] if found else None  # the school's own town before a headline's "Co Antrim teacher"


def _a(word: str) -> str:
    """"a director", "an athlete"; the page's word as it wrote it, never remade: a plural ("athletes")
    or a short form ("cllr", Welsh "cyng") is quoted as "another line of work ('athletes')"."""
    plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
    doing = len(word) > 5 and word.endswith("ing")  # "plumbing", "nursing": the trade, not the person in it
    if plural or doing or (len(word) <= 4 and not re.search(r"[aeiou]", word)):
        return f"another line of work ('{word}')"
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _other_work(r: Reading, lex: Lexicon, teaching: str | None, who: Who | None = None) -> str | None:
    """Another line of work in the page's own words. Not in its address: "/athletes/90144213" is how
    Strava files every runner, a teacher too."""
    prose = r.text[: len(r.raw)]
    trade = r.found_near(lex.other_teaching, prose)
    if trade:
        return trade[0]
    if not teaching:
        work = [w for w in r.found_near(lex.other_work, prose) if not lex.pastimes.fullmatch(w)]
        if work:
            return work[0]
    return stated_job(r, who, lex) if who is not None else None


_DASH = r"\s+[-\u2013\u2014]\s+"
_TITLED = re.compile(rf"^\s*(?P<name>[^|\-\u2013\u2014]+?){_DASH}(?P<job>[^|\u2013\u2014]+?)"
                     rf"(?:{_DASH}(?P<org>[^|\u2013\u2014]+?))?\s*$")  # "Name – Job – Organisation"
_CAPTION = re.compile(r"(?P<job>[A-Z][^,.|]{1,40}),\s+(?P<org>[A-Z][^,.|]{2,60})")  # "Name, Associate, Carson McDowell LLP"
_JOB_WORD = re.compile(r"[A-Z][\w'&\-]*|of|and|&|in|for|the|to|at")
_LEGAL_FORM = re.compile(r"\s+(?:LLP|Ltd|Limited|plc|PLC|Group|UK)\.?$")


def stated_job(r: Reading, who: Who, lex: Lexicon) -> str | None:
    """A job the page states as this person's, where profiles state one: the title of a LinkedIn
    profile ("Name - Senior Quantity Surveyor - Kier Group | LinkedIn"), or an organisation's own page
    about one of its people ("Name – Partner, Commercial Property – Thornstone Williamson LLP" on
    thornstonewilliamson.co.uk; "Name, Associate, Carson McDowell LLP" on carsonmcdowell.com). With no
    teaching, school or subject in it, it is another line of work, whatever its words."""
    title = r.raw.split(" | ", 1)[0]
    linkedin = r.shape.platform == "linkedin"
    named = [(s, e) for st, _, s, e in r.name_hits if st in ("full", "nickname") and 0 <= s < len(r.raw)]
    found: list[tuple[str, str]] = []
    m = _TITLED.match(title)
    if m and any(s == m.start("name") for s, _ in named) and (m.group("org") or linkedin):
        found.append((m.group("job"), m.group("org") or ""))
    for _s, e in named:
        c = _CAPTION.match(r.raw, e + 2) if r.raw[e : e + 2] == ", " else None
        if c:
            found.append((c.group("job"), c.group("org")))
    for job, org in found:
        own_site = len(squash(_LEGAL_FORM.sub("", org))) >= 5 and squash(_LEGAL_FORM.sub("", org)) in squash(r.host)
        if (linkedin or own_site) and _a_job(job, who, lex):
            return job.strip()
    return None


def _a_job(job: str, who: Who, lex: Lexicon) -> bool:
    """Written as a job title (a few words, each with a capital but the small ones), and no teacher's:
    no teaching, role, subject or school in it, not a place ("Carmarthenshire")."""
    words = job.replace(",", " ").split()
    if not 1 <= len(words) <= 6 or not all(_JOB_WORD.fullmatch(w) for w in words) or not words[0][0].isupper():
        return False
    folded = fold(job)
    if lex.teaching.search(folded) or lex.role.search(folded) or _SCHOOL.search(job):
        return False
    if any(fold(w) in lex.subjects for w in words) or places().spots(job):
        return False
    return not (who.uk_places is not None and any(m.start() == 0 for m in who.uk_places.finditer(job)))


_STREET_AFTER = re.compile(r"[\s\-]+(?:Road|Rd|Street|St|Avenue|Ave|Lane|Way|Drive|Close|Terrace|Place|Crescent|Gardens"
                           r"|Square|Row|Park|Court)\b")  # "Houston Road" in Livingston is a street, not Texas


def far_place(r: Reading, who: Who, lex: Lexicon, *, event: bool = False) -> str | None:
    """A place out of her reach near her name: abroad, or in the UK beyond a daily commute. On a page
    about an event people travel to (a marathon), only the place a list writes beside her name counts:
    the others are where it was held."""
    abroad = [] if event else [m.group(0) for m in lex.far_places.finditer(r.text) if r.near(m.start(), m.end())
                               and not (m.end() < len(r.raw) and _STREET_AFTER.match(r.raw, m.end()))]
    if abroad:
        return _title(abroad[0])
    country = _LINKEDIN_COUNTRY.match(r.host)
    if country and country.group(1) not in ("uk", "www") and not event:
        return f"another country (LinkedIn {country.group(1).upper()})"
    if not who.homes or who.uk_places is None:
        return None
    table = places()
    own = attached_place(r, who)
    if own is not None:  # "1. Sioned Roberts, Llanrwst. 2. Elin Davies, Llandysul": hers is the one by her name
        spots = table.spots(own)
        km = min(distance_km(where, at) for where in spots for _, at in who.homes)
        return own if km > table.far_km and spots[0][2] < table.far_km and table.far_from(own) else None
    if event:
        return None
    nearest: tuple[float, str] | None = None
    for m in who.uk_places.finditer(r.raw):
        spots = table.spots(m.group(0))
        if not spots or not r.near(m.start(), m.end()):
            continue
        km = min(distance_km(where, at) for where in spots for _, at in who.homes)
        if km <= table.far_km and spots[0][2] >= table.far_km:
            continue  # "Scotland" holds Inverness and Falkirk alike: it says neither near nor far
        if km <= table.far_km:
            return None
        if table.far_from(m.group(0)) and (nearest is None or km < nearest[0]):
            nearest = (km, m.group(0))
    return nearest[1] if nearest else None


# What joins a place to the name before it in a list: "Sioned Roberts, Llanrwst", "Rachel Thompson
# (Tunbridge Wells Panthers U14)", "Sioned Roberts (Clwb Llanuwchllyn)".
_ATTACHED = re.compile(r"\s*(?:,|\(|[\u2013\u2014-])\s*(?:(?:Clwb|Club|CFfI|YFC|of)\s+)?")


def attached_place(r: Reading, who: Who) -> str | None:
    """The place a list writes beside the name, as that person's own ("Name, Town" or "Name (Town
    club)"): on a page of many names it says where this one is from, whatever other places the list
    holds."""
    found = _place_after_name(r, who, _ATTACHED)
    return found[0] if found else None


def _other_place(r: Reading, who: Who) -> str | None:
    """A UK place near her name that is not one of hers ("Llanelli", beside a councillor's name)."""
    if who.uk_places is None:
        return None
    own = {fold(loc) for loc, _ in who.places}
    for m in who.uk_places.finditer(r.raw):
        if fold(m.group(0)) not in own and r.near(m.start(), m.end()):
            return m.group(0)
    return None


def _title(word: str) -> str:
    return " ".join(w.upper() if len(w) <= 3 and w in ("usa", "nyc", "uk") else w.capitalize() for w in word.split())


def other_school(r: Reading, who: Who) -> str | None:
    """Another school named near her name, when hers is not named."""
    for m in _SCHOOL.finditer(r.raw):
        name = m.group(0).strip()
        first = fold(name.split()[0])
        if first in _NOT_A_SCHOOL_NAME or not r.near(m.start(), m.end()):
            continue
        if any(pat.search(" ".join(re.findall(r"[a-z0-9]+", re.sub(r"['.]", "", fold(name))))) for _, pat, _ in who.orgs):
            continue
        if any(loc and fold(loc) == fold(name.rsplit(" ", 1)[0]) for loc, _ in who.places):
            continue  # "Liverpool High": her own town's schools may be hers under another name
        return name
    return None


# A competition's age group: "U14", "Under-16s", Welsh "dan 16" (under 16). Only children's (up to 18).
_AGE_GROUP = re.compile(r"(?<![\w-])(?:(?:u|under|o dan|dan)[\s\-]?(?P<n>[6-9]|1[0-8])(?:s|['\u2019]s)?(?![\w\-:.]\d|[\w])"
                        r"|(?:girls|boys|bechgyn|merched)\s+(?P<m>[6-9]|1[0-8])\s*(?:yrs?|years?|oed)(?![\w])"
                        r"|(?P<k>[6-9]|1[0-8])\s*(?:&|and)\s*under(?![\w]))")  # "U14", "dan 16", "Girls 12 yrs", "12 & under"
_COACHING = re.compile(r"(?<![\w])(?:coach\w*|manager|hyfforddwr|hyfforddwraig|teacher|athro|athrawes|staff|mr|mrs|miss|ms)(?![\w])")


def age_group(r: Reading) -> str | None:
    """A children's age group on a page of results or a club's ("U14 Regional Finals", "Siarad
    Cyhoeddus dan 16: 1af Sioned Roberts"), with no one coaching or teaching them in view: the person
    named there is a child."""
    if r.found_near(_COACHING, r.text[: len(r.raw)]):
        return None
    named = [(s, e) for _, _, s, e in r.name_hits]
    for m in _AGE_GROUP.finditer(r.text[: len(r.raw)]):
        if not any(s <= m.start() < e for s, e in named) and r.near(m.start(), m.end()):
            return r.raw[m.start() : m.end()]
    return None


# A secondary school year, as pupils are named by it: "Year 10", "Yr 8", "S2", Welsh "Blwyddyn 9".
_SCHOOL_YEAR = re.compile(r"(?<![\w])(?:(?:year|yr|blwyddyn|bl)\s?(?:[7-9]|1[0-3])|s[1-6])(?![\w])")
_PUPILS_CATEGORY = re.compile(r"\s*(?:girls|boys|bechgyn|merched)(?![\w])")  # "S2 Boys": a competition's class
_ONE_WORD = re.compile(r"\s+(?P<word>[a-z][\w'\-]*)\s+$")  # "Year 10 forward " before the name


def pupil_year(r: Reading, lex: Lexicon) -> str | None:
    """A pupil's school year that says what the named person is, with no one teaching in view: the year
    and one word just before her full name ("Year 10 forward Claire McCann", where "Year 6 teacher" is a
    teacher), or a competition's class of pupils by year and sex ("S2 Boys: ... 3. Scott Wilson")."""
    if r.found_near(_COACHING, r.text[: len(r.raw)]):
        return None
    text = r.text[: len(r.raw)]
    for m in _SCHOOL_YEAR.finditer(text):
        category = _PUPILS_CATEGORY.match(text, m.end())
        if category and r.near(m.start(), m.end()):
            return r.raw[m.start() : category.end()].strip()
        for strength, _, start, _ in r.name_hits:
            if strength not in ("full", "nickname") or not m.end() <= start < len(r.raw):
                continue
            between = _ONE_WORD.fullmatch(text, m.end(), start)
            if between and not any(p.fullmatch(between.group("word")) for p in (lex.teaching, lex.role)) \
                    and between.group("word") not in lex.subjects:
                return r.raw[m.start() : start].strip()
    return None


def impossible_age(r: Reading) -> int | None:
    """An age given beside her name that a serving teacher cannot be (a child, or past retiring)."""
    for _, _, start, end in r.name_hits:
        if not 0 <= start < len(r.raw):
            continue
        window = r.text[end : end + 60]
        m = AGE.search(window)
        if m:
            age = int(next(g for g in m.groups() if g))
            if age not in ADULT_AGES:
                return age
    return None
