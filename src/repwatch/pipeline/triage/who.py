"""Who is it? Whether a result is about this person: her names as she and her pupils write them, her
handles and accounts, her school and town, and what says it is someone else with her name.

The compiled profile (`Who`) is built once per profile; `read` finds in one result what the other
questions (what happened, in what tone) need too.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Annotated, Any, Protocol
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from repwatch import datafiles
from repwatch.config import Profile
from repwatch.datafiles import packaged
from repwatch.errors import ConfigError
from repwatch.handles import Account, Handle, account_of, disguised, normal, parse_handle
from repwatch.pipeline.names import name_forms, parse_name
from repwatch.pipeline.triage.text import NEAR, Lexicon, blank, fold, lexicon, squash, terms_pattern
from repwatch.pipeline.urls import Shape, canonical_url, shape_of
from repwatch.platforms import get as get_platform
from repwatch.platforms import is_social, label

LOOKALIKE = 0.85  # similarity of an account name to one of the user's handles that suggests a copy
LOOKALIKE_SHORT = 0.92  # the same, for handles shorter than 10 letters
DEFAULT_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
_WOMENS_TITLES = frozenset({"ms", "mrs", "miss"})  # pupils call every woman teacher "miss"
BARE_SURNAME_MIN = 5  # shorter surnames ("Moss", "Wood") are everyday words

# Base score by the strongest way the name was found, before context raises or lowers it.
STRENGTH = {
    "own": 0.95,  # the page is on one of the user's own accounts
    "handle": 0.9,  # one of the user's handles is mentioned
    "lookalike": 0.8,  # an account named almost like one of the user's handles
    "full": 0.6,  # the full name or another name the user has had
    "nickname": 0.5,
    "honorific": 0.4,  # "Ms Whitfield": many people, unless a school is in view
    "initial": 0.3,  # "J Whitfield"
    "surname": 0.2,  # "okafor" alone, as pupils write it: needs the school or town in view as well
    "pupil": 0.15,  # "mr t", "tommo": a name pupils make from hers; hers only with her school or pupils in view
    "given": 0.1,  # "Claire" alone: hers only where her school is named
    "none": 0.1,
}
WEAK_NAMES = ("pupil", "given")  # found, but not her name: they tie a page to her only with her school or pupils
NO_NAME_CAP = 0.3  # a page about the school or the town alone is not about the person

# "Jo Hill, 34, of Leeds", "aged 82", "a 15-year-old"; the number is read as an age only in these forms.
AGE = re.compile(
    r"(?:\baged?\s+(?P<a>\d{1,3})\b|(?<!\bmy )(?<!\bour )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\ba )(?<!\bthe )"
    r"(?<!\byour )\b(?P<b>\d{1,3})[\s\-]years?[\s\-]old\b|^,\s*(?P<c>\d{1,2}),|^\s*\((?P<d>\d{1,2})\)"
    r"|\byn\s+(?P<e>\d{1,3})\s+(?:mlwydd\s+)?oed\b)"
)  # "Jo Hill, 34," "aged 87", "now 15 years old"; not "added my 9 year old", "a 14-year-old boy": someone else's age
TAGS = re.compile(r"[#@][\w.]+|\b\w+[._]\w+(?:[._]\w+)*")  # hashtags and handles: #ysgolbrynhafod, y4.besties.oakfield  # a sentence (or a title) of folded text
_SEPARATORS = re.compile(r"[/\-_.+~%=&?#:]+")


class ResultLike(Protocol):
    url: str
    title: str
    snippet: str
    kind: str
    platform: str
    domain: str



Spot = tuple[float, float, float]  # latitude, longitude, radius in km (0 for a town)
_STREET = re.compile(r"[\s\-]+(?:Road|Rd|Street|St|Avenue|Ave|Lane|Way|Drive|Close|Terrace|Place|Crescent|Gardens"
                     r"|Square|Row)\b")  # "Gloucester Road" is a street
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Places:
    """UK and Irish places with where they are, so "far from you" can be judged inside the UK too:
    the hand-made cities, counties and regions (data/uk_places.toml) and every town and village of
    GeoNames (data/uk_towns.tsv). A name several places share keeps them all."""

    names: tuple[str, ...]  # the names looked for in a page's text, as written, capitals and all
    where: dict[str, tuple[Spot, ...]]  # folded name: every place of that name, the hand table's first
    far_km: float
    near_only: frozenset[str] = frozenset()  # folded names of villages that several places share: see `far_from`
    words: frozenset[str] = frozenset()  # folded words that may follow a place's name and leave it a place ("City")

    def far_from(self, name: str) -> bool:
        """Whether naming the place can say "far away": not for a name several villages share
        ("Castletown", "Stonehouse"), which as often names a district of her own town that is no
        village of its own in the tables. Such a name near her is still near."""
        return _place_key(name) not in self.near_only

    def find(self, name: str) -> Spot | None:
        """The place of that name (the hand table's, where it has one)."""
        spots = self.where.get(_place_key(name))
        return spots[0] if spots else None

    def spots(self, name: str) -> tuple[Spot, ...]:
        """Every place of that name: "near" one of them is near, "far" needs all of them far."""
        return self.where.get(_place_key(name), ())

    def finder(self, skip: frozenset[str]) -> PlaceFinder | None:
        """Looks for the place names as written (capitals matter: "Bath", not "bath"), leaving out any in `skip`."""
        return PlaceFinder(self, skip) if self.names else None

    @cached_property
    def by_first_word(self) -> dict[str, tuple[str, ...]]:
        """The names looked for, by their first word as written ("Stoke": "Stoke-on-Trent", "Stoke"),
        longest first; built once, when a page is first read."""
        out: dict[str, list[str]] = {}
        for n in self.names:
            first = _WORD.match(n)
            if first:
                out.setdefault(first.group(0), []).append(n)
        return {w: tuple(sorted(ns, key=len, reverse=True)) for w, ns in out.items()}


@dataclass(frozen=True)
class PlaceMatch:
    """A place name found in a text, as `re.Match` gives one (group(0), start(), end())."""

    text: str
    at: int

    def group(self, _: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + len(self.text)


@dataclass
class PlaceFinder:
    """The place names in a text: each word with a capital that opens a place's name is tried against
    the names it opens, so thousands of names cost a dictionary look-up a word, not one huge pattern."""

    table: Places
    skip: frozenset[str]
    _after: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def finditer(self, text: str) -> Iterable[PlaceMatch]:
        firsts, end = self.table.by_first_word, 0
        for w in _WORD.finditer(text):
            if w.start() < end or w.group(0) not in firsts or (w.start() and text[w.start() - 1] == "-"):
                continue
            pattern = self._pattern(w.group(0), firsts[w.group(0)])
            m = pattern.match(text, w.start()) if pattern else None
            if m:
                end = m.end()
                yield PlaceMatch(m.group(0), m.start())

    def _pattern(self, first: str, names: tuple[str, ...]) -> re.Pattern[str] | None:
        if first not in self._after:
            kept = [n for n in names if fold(n) not in self.skip]
            body = "|".join(r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", n)) for n in kept)
            self._after[first] = re.compile(rf"(?:{body})(?![\w\-])(?!{_STREET.pattern})") if kept else None
        return self._after[first]


def _place_key(name: str) -> str:
    """Stoke-on-Trent, stoke on trent and Stoke  on Trent are one place."""
    return fold(" ".join(name.replace("-", " ").split()))


@lru_cache(maxsize=1)
def places() -> Places:
    """The UK places tables (data/uk_places.toml, data/uk_towns.tsv), read once; they are package data,
    so errors are bugs."""
    raw = packaged("uk_places.toml", _PlacesFile)
    where: dict[str, list[Spot]] = {}
    for name, spec in raw.places.items():
        lat, lon, *rest = spec
        where.setdefault(_place_key(name), []).append((lat, lon, rest[0] if rest else 0.0))
    left_out = {_place_key(n) for n in raw.not_places}
    looked_for = dict.fromkeys(n for n in raw.places if _place_key(n) not in left_out)
    hand = set(where)
    for name, lat, lon, why in towns():
        key = _place_key(name)
        where.setdefault(key, []).append((lat, lon, 0.0))
        if not why and key not in left_out:
            looked_for[name] = None
    shared = frozenset(k for k, v in where.items() if len(v) > 1 and k not in hand)
    return Places(tuple(looked_for), {k: tuple(v) for k, v in where.items()}, raw.settings.far_km, shared,
                  frozenset(fold(w) for w in raw.place_words))


TOWNS = "uk_towns.tsv"
_WHY_LEFT_OUT = frozenset({"word", "name", "surname", "short", "street", "abroad", "listed"})


def towns(text: str | None = None) -> list[tuple[str, float, float, str]]:
    """data/uk_towns.tsv (or `text` in its form), checked: name, latitude, longitude, and why the name
    is not looked for in a page's text ("" to look for it)."""
    text = datafiles.source(TOWNS) if text is None else text
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        try:
            name, lat, lon, why = cells[0], float(cells[1]), float(cells[2]), (cells[3] if len(cells) > 3 else "")
        except (IndexError, ValueError):
            raise ConfigError(f"repwatch's data file data/{TOWNS}: line {number} is not a name, a latitude "
                              "and a longitude, with tabs between.") from None
        if not name.strip() or len(cells) > 4 or not (49.8 <= lat <= 61 and -10.7 <= lon <= 2) or (
                why and why not in _WHY_LEFT_OUT):
            raise ConfigError(f"repwatch's data file data/{TOWNS}: line {number} ({name!r}) is not a place in "
                              "the UK or Ireland, or says why it is left out in a way repwatch does not know.")
        out.append((name, lat, lon, why))
    return out


class _PlacesSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    far_km: float


class _PlacesFile(BaseModel):
    """data/uk_places.toml: each place's latitude, longitude and (for a big one) radius in km, and the
    names never looked for in a page's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    not_places: list[str] = []
    place_words: list[str] = []
    settings: _PlacesSettings
    places: dict[str, Annotated[list[float], Field(min_length=2, max_length=3)]]  # [lat, lon] or [lat, lon, km]


def distance_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Great-circle distance between two places' edges (their centres, less each one's radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return max(0.0, 2 * 6371 * math.asin(math.sqrt(h)) - a[2] - b[2])


# --- the person ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePattern:
    strength: str  # full, nickname, honorific, initial
    pattern: re.Pattern[str]
    text: str  # the form as the user would recognise it


@dataclass(frozen=True)
class Who:
    """A profile compiled once into the patterns triage needs."""

    names: tuple[NamePattern, ...]
    slips: tuple[tuple[re.Pattern[str], str, str], ...]  # (title + any word, surname folded, form as written)
    bare: tuple[re.Pattern[str], str] | None  # the surname alone, and how it is written
    titles: frozenset[str]  # folded, without dots
    compact: tuple[tuple[str, str, str], ...]  # (squashed form, strength, form as written)
    own: frozenset[str]  # the user's handles as a word in a text would be written ("@mswhitfieldteach")
    handles: tuple[Handle, ...]  # the user's handles, as each platform means them
    middles: frozenset[str]
    orgs: tuple[tuple[str, re.Pattern[str], str], ...]  # (as written, text pattern, squashed core)
    places: tuple[tuple[str, re.Pattern[str]], ...]
    homes: tuple[tuple[str, Spot], ...]  # the profile's locations found in the places tables
    uk_places: PlaceFinder | None  # UK place names, less any that are words of the person's names
    exclude: re.Pattern[str] | None
    exclude_domains: tuple[str, ...]
    school_marks: tuple[tuple[str, str, str], ...] = ()  # (school as written, "initials" | "tag", folded form)
    surnames: frozenset[str] = frozenset()  # folded, for telling "Mark Jones" from "Mark" alone
    givens: frozenset[str] = frozenset()
    roles: tuple[str, ...] = ()  # what her handles say she teaches or does ("pe", "p6", "senco"), folded


def _handle_key(handle: str) -> str:
    """@Jo@mastodon.social, @jo and @jo.bsky.social are the account "jo"; jo_ and j.o are other accounts."""
    handle = fold(handle).strip().lstrip("@")
    return normal(handle.split("@")[0].rstrip(".,:;!?)\"'"), "bluesky")


def _handle_core(name: str) -> str:
    """What a look-alike copies: the letters, without the dots, underscores or Bluesky suffix."""
    return squash(normal(name, "bluesky"))


_GENERIC_ORG_WORDS = frozenset(
    {
        "the", "of", "and", "school", "primary", "secondary", "junior", "infant", "infants", "nursery",
        "academy", "college", "high", "church", "england", "ce", "c", "e", "cofe", "rc", "catholic",
        "voluntary", "aided", "va", "controlled", "vc", "community", "free", "trust", "federation", "ysgol",
        "gyfun", "gynradd", "cynradd", "uwchradd", "gymraeg", "gymunedol", "eglwys", "yng", "nghymru",
    }
)  # fmt: skip


def _org_pattern(org: str, locations: Iterable[str] = ()) -> tuple[re.Pattern[str], str]:
    words = _org_words(org)
    core = [w for w in words if w not in _GENERIC_ORG_WORDS] or words
    said = list(core)
    for loc in locations:  # "St Brigid's College Lurgan" is "St Brigid's" in Lurgan: her town is not needed
        town = _org_words(loc)
        if town and len(said) > len(town) + 1 and said[-len(town):] == town:
            said = said[: -len(town)]
    body = r"[\s\-]+".join(re.escape(w) for w in said)
    return re.compile(rf"(?<![\w]){body}s?(?![\w])"), "".join(core)  # "oakfield's", written "oakfields" here


def _org_words(text: str) -> list[str]:
    text = re.sub(r"['.]", "", fold(text))
    text = re.sub(r"\bsaint\b", "st", text)
    return re.findall(r"[a-z0-9]+", text)


def _org_text(text: str) -> str:
    return " ".join(_org_words(text))


def _name_regex(given: str, surname: str) -> re.Pattern[str]:
    g = r"[\s\-]+".join(re.escape(w) for w in fold(given).split())
    s = r"[\s\-]+".join(re.escape(w) for w in fold(surname).split())
    middle = r"(?:\s+(?!and\b|or\b|&)(?P<mid>[a-z][a-z'\-]*\.?))?"
    return re.compile(rf"(?<![\w])(?:{g}{middle}\s+{s}|{s},\s*{g})(?![\w])")


def _profile_key(p: Profile) -> tuple[Any, ...]:
    return (
        p.name, tuple(p.variants), tuple(p.nicknames), p.auto_nicknames, tuple(p.exclude_nicknames),
        tuple(p.honorifics), tuple(p.handles), tuple(p.locations), tuple(p.organisations),
        tuple(p.exclude), tuple(p.exclude_domains),
    )  # fmt: skip


_PEOPLE: dict[tuple[Any, ...], Who] = {}


def person(profile: Profile) -> Who:
    """The compiled profile, cached by its contents (profiles are not hashable, and may be edited)."""
    key = _profile_key(profile)
    found = _PEOPLE.get(key)
    if found is None:
        if len(_PEOPLE) > 64:
            _PEOPLE.clear()
        found = _PEOPLE[key] = _compile_person(profile)
    return found


def _compile_person(profile: Profile) -> Who:
    forms = name_forms(profile)
    main = parse_name(profile.name)
    strong_givens = {fold(main.given)} | {
        fold(parse_name(v).given) for v in profile.variants if len(v.split()) > 1
    }
    surnames = {main.surname} | {parse_name(v).surname for v in profile.variants if len(v.split()) > 1}
    names: list[NamePattern] = []
    for form in (forms.full, *forms.variants):
        parsed = parse_name(form.text)
        if parsed.single:
            continue
        surnames.add(parsed.surname)
        strength = _form_strength(parsed, form.text, profile, strong_givens, surnames)
        names.append(NamePattern(strength, _name_regex(parsed.given, parsed.surname), form.text))
    titles = profile.honorifics or list(DEFAULT_HONORIFICS)
    folded_titles = {fold(x).rstrip(".") for x in titles}
    if folded_titles & _WOMENS_TITLES:
        folded_titles.add("miss")
    if "mr" in folded_titles:
        folded_titles |= {"sir", "syr"}  # and every man teacher "sir" (Welsh "syr")
    t = "|".join(re.escape(x) for x in sorted(folded_titles))
    slips = []
    initials = {fold(main.given)[:1]} | {fold(n.text)[:1] for n in names}
    for surname in sorted(surnames):
        s = r"[\s\-]+".join(re.escape(w) for w in fold(surname).split())
        if len(surname) >= 6 and " " not in surname:
            slips.append((re.compile(rf"(?<![\w])(?:{t})\.?\s+(?P<word>[a-z][a-z'\-]{{4,}})"), fold(surname), f"{titles[0]} {surname}"))
        names.append(
            NamePattern(
                "honorific",
                re.compile(rf"(?<![\w])(?:{t})\.?\s+(?:[a-z]\.?\s+)?{s}{'' if s.endswith('s') else 's?'}(?![\w])"),  # "mrs reids" (hers)
                f"{titles[0]} {surname}",
            )
        )
        i = "|".join(re.escape(x) for x in sorted(initials) if x)
        names.append(NamePattern("initial", re.compile(rf"(?<![\w])(?:{i})\.?\s+{s}(?![\w])"), f"{main.given[:1]} {surname}"))
    handles = tuple(_parse_handles(profile.handles))
    own = frozenset(h.name for h in handles)
    compact = []
    for form in forms.handles:
        key = squash(form.text)
        if key in own or len(key) < 6:
            continue
        lowered = fold(form.text)
        if any(lowered.startswith(fold(t).rstrip(".")) for t in titles) and not any(
            lowered.startswith(g) for g in strong_givens
        ):
            strength = "honorific"
        elif any(lowered.startswith(g) for g in strong_givens) or any(
            lowered.startswith(squash(s)) for s in surnames
        ):
            strength = "full"
        else:
            strength = "nickname"
        compact.append((key, strength, form.text))
    compact += _directory_forms(strong_givens, surnames, {c[0] for c in compact})
    names.extend(_pupils_names(profile, main.given, sorted(surnames), strong_givens, folded_titles, t))
    bare = None
    if len(main.surname) >= BARE_SURNAME_MIN and " " not in main.surname:
        bare = (re.compile(rf"(?<![\w@.]){re.escape(fold(main.surname))}(?:'?s)?(?![\w])"), main.surname)
    return Who(
        names=tuple(names),
        slips=tuple(slips),
        bare=bare,
        titles=frozenset(folded_titles) | {fold(g) for g in strong_givens} | {fold(n.text).split()[0] for n in names},
        compact=tuple(compact),
        own=own,
        handles=handles,
        middles=_middles(profile),
        orgs=tuple((o, *_org_pattern(o, profile.locations)) for o in profile.organisations),
        places=tuple((loc, p) for loc in profile.locations if (p := terms_pattern([loc])) is not None),
        homes=_homes(profile.locations),
        uk_places=_uk_place_pattern(profile, names),
        exclude=terms_pattern([f"{w}*" if len(w) > 3 else w for w in profile.exclude]),
        exclude_domains=tuple(_bare_domain(d) for d in profile.exclude_domains),
        school_marks=tuple(m for org in profile.organisations for m in _school_marks(org)),
        surnames=frozenset(fold(x) for x in surnames), givens=frozenset(strong_givens),
        roles=roles_in_handles(handles, profile, folded_titles),
    )


def _form_strength(parsed: Any, text: str, profile: Profile, givens: set[str], surnames: set[str]) -> str:
    """How strongly a form of her name says her: her own first name is her full name; a nickname she
    lists that is a word and her surname, not a first name of hers ("Musus Roberts", Welsh for "Mrs
    Roberts"), is her name as pupils write it; any other nickname form is a nickname."""
    if fold(parsed.given) in givens:
        return "full"
    listed = {fold(" ".join(n.split())) for n in profile.nicknames}
    if fold(text) in listed and fold(parsed.surname) in {fold(x) for x in surnames}:
        return "honorific"
    return "nickname"


def _middles(profile: Profile) -> frozenset[str]:
    """The middle names (or initials) her name and its variants give ("Emma L Clarke": l)."""
    return frozenset(fold(m).rstrip(".") for v in (profile.name, *profile.variants) for m in parse_name(v).middle.split())


def roles_in_handles(handles: Iterable[Handle], profile: Profile, titles: Iterable[str]) -> tuple[str, ...]:
    """Her role as her handles say it: what is left of a handle without her names and titles, when it
    is a subject, a role or a class code ("MrTaylorPE" → pe, "SENCoMrsWright" → senco, "MrsCampbellP6"
    → p6, "MrJonesHanes" → hanes). "ben.taylor.runs" leaves "runs", which is no role: nothing."""
    lex = lexicon()
    names = {w for text in (profile.name, *profile.variants, *profile.nicknames) for w in re.findall(r"[a-z]+", fold(text))}
    title = "|".join(sorted({re.escape(fold(t).rstrip(".")) for t in (*titles, *DEFAULT_HONORIFICS, "sir")}, key=len, reverse=True))
    out: list[str] = []
    for h in handles:
        rest = fold(h.name)
        for w in sorted(names, key=len, reverse=True):
            if len(w) >= 2:
                rest = rest.replace(w, " ")
        for word in re.split(r"[^a-z0-9]+", rest):
            for token in (word, re.sub(rf"^(?:{title})", "", word), re.sub(rf"(?:{title})$", "", word)):
                code = lex.class_code is not None and lex.class_code.fullmatch(token)  # "sencomrs": senco
                if token and (token in lex.subjects or code):
                    if token not in out:
                        out.append(token)
                    break
    return tuple(out)


def _directory_forms(givens: set[str], surnames: set[str], known: set[str]) -> list[tuple[str, str, str]]:
    """whitfield_joanna, whitfield.joanna: directory-style names, surname first."""
    out = []
    for given in sorted(givens):
        for surname in sorted(surnames):
            key = squash(surname) + squash(given)
            if key not in known:
                known.add(key)
                out.append((key, "full", f"{surname.lower()}_{given}"))
    return out


# --- pupils' ways of naming her ---------------------------------------------------------------------

_VOWEL_RUN = re.compile(r"^([^aeiouy]*[aeiouy]+)([^aeiouy]*)")


def pupil_nicknames(surname: str) -> list[str]:
    """The nicknames pupils make from a surname: its first syllable with "-o", the consonant doubled
    ("Thompson" → tommo, "Roberts" → robbo), or with its two consonants ("Wilson" → wilso), or a short
    surname with "-y" ("Smith" → smithy). Derived, never listed: they count only with her school or pupils in view."""
    word = re.sub(r"[^a-z]", "", fold(surname))
    if len(word) < 4:
        return []
    out: list[str] = []
    for base in dict.fromkeys((word, re.sub(r"^([^aeiouy])h", r"\1", word))):  # "th" said "t": tommo
        m = _VOWEL_RUN.match(base)
        if not m or not m.group(2):
            continue
        head, cluster = m.group(1), m.group(2)
        out.append(head + cluster[0] * 2 + "o")  # thommo, tommo, robbo, willo
        if len(cluster) == 2:
            out.append(head + cluster + "o")  # wilso, morgo
    if word[-1] not in "aeiouy" and len(word) <= 5:
        out.append(word + "y")  # smithy, jonesy
    return [n for n in dict.fromkeys(out) if len(n) >= 4 and n != word]


def _pupils_names(profile: Profile, given: str, surnames: list[str], givens: set[str], titles: set[str],
                  t: str) -> list[NamePattern]:
    """The weak forms: honorific and initial ("mr t", "mrs r"), a woman's title and given name
    ("Miss Rhian"), nicknames from the surname ("tommo"), her one-word nicknames, her given name alone."""
    out: list[NamePattern] = []
    initials = sorted({fold(s)[:1] for s in surnames if s})
    if initials:
        i = "|".join(re.escape(x) for x in initials)
        out.append(NamePattern("pupil", re.compile(rf"(?<![\w])(?:{t})\.?\s+(?:{i})(?:(?=['\u2019]s(?![\w]))|(?![\w'\u2019]))"),
                               f"{(profile.honorifics or ['Mr'])[0]} {initials[0].upper()}"))
    womens = sorted(titles & _WOMENS_TITLES)
    if womens and given:
        g = "|".join(re.escape(x) for x in sorted(givens))
        w = "|".join(re.escape(x) for x in womens)
        out.append(NamePattern("honorific", re.compile(rf"(?<![\w])(?:{w})\.?\s+(?:{g})(?![\w])"),
                               f"{womens[0].capitalize()} {given}"))
    for written in profile.nicknames:  # "Mrs Rob", "Mr Murph": as her pupils write "Mrs Roberts"
        first, _, rest = fold(written).strip().partition(" ")
        rest = " ".join(rest.split())
        if first.rstrip(".") in titles and len(rest) >= 3:
            out.append(NamePattern("honorific", re.compile(rf"(?<![\w])(?:{t})\.?\s+{re.escape(rest)}(?:'s)?(?![\w])"),
                                   written.strip()))
            if len(rest) >= 5 and rest.isalpha():  # "murph" alone, from "Mr Murph": hers only with her school in view
                out.append(NamePattern("pupil", re.compile(rf"(?<![\w@.#]){re.escape(rest)}(?:'s)?(?![\w])"), rest))
        elif first.rstrip(".") in titles and len(rest) == 1 and rest.isalpha():  # "Miss T", as she says pupils call her
            out.append(NamePattern("honorific", re.compile(rf"(?<![\w])(?:{t})\.?\s+{rest}(?:(?=['\u2019]s(?![\w]))|(?![\w'\u2019]))"),
                                   written.strip()))
    nicks = [n for s in surnames for n in pupil_nicknames(s)]
    single = [fold(n) for n in profile.nicknames if " " not in n.strip() and len(n.strip()) >= 4]
    for nick in dict.fromkeys(single + nicks):
        if nick in givens:
            continue
        written = next((n for n in profile.nicknames if fold(n) == nick), nick)
        # a one-word nickname she gave counts as her surname does ("Tommo"); one made from it, less
        strength = "surname" if nick in single else "pupil"
        out.append(NamePattern(strength, re.compile(rf"(?<![\w@.#]){re.escape(nick)}(?![\w])"), written))
    for g in sorted(givens):
        if len(g) >= 3:
            out.append(NamePattern("given", re.compile(rf"(?<![\w@.#]){re.escape(g)}(?:'s)?(?![\w])"), g.capitalize()))
    return out


def _school_marks(org: str) -> list[tuple[str, str, str]]:
    """How pupils write her school: its initials ("TPA" for Thornbury Park Academy) and its first own
    word as a tag ("#thornbury")."""
    words = _org_words(org)
    own = [w for w in words if w not in _GENERIC_ORG_WORDS and w != "st"]  # "St Brigid's": #brigids
    out: list[tuple[str, str, str]] = []
    letters = "".join(w[0] for w in words if w not in ("the", "of", "and"))
    for initials in dict.fromkeys((letters, letters.removesuffix("s"))):
        if len(initials) >= 3:
            out.append((org, "initials", initials))
    if own and len(own[0]) >= 5 and own[0] != "".join(own):
        out.append((org, "tag", own[0]))
    elif len(own) >= 2 and len(own[0]) < 5 and len(own[0] + own[1]) >= 7:
        out.append((org, "tag", own[0] + own[1]))  # "Glan Tywi": #glantywi
    return out


def _parse_handles(written: list[str]) -> list[Handle]:
    """The profile's handles; config checked them, so one that still fails to parse is left out."""
    out = []
    for text in written:
        try:
            out.append(parse_handle(text))
        except ValueError:
            continue
    return out


_POSTCODE_DISTRICT = re.compile(r"\s+[A-Z]{1,2}[0-9][0-9A-Z]?$", re.IGNORECASE)  # "London E3"
TOWN_KM = 10  # a place with a radius up to this is a town or city: "near" is measured from it


def _homes(locations: list[str]) -> tuple[tuple[str, Spot], ...]:
    """The profile's locations that the places tables know: where "near" and "far" are measured
    from. Her towns, when the tables know one: a county or region she also lists ("Powys", "Devon")
    is many towns, and a town in it 50 km from hers is not her area. Only without a known town is the
    county's edge what counts. "London E3" is London. A town whose name several places share ("Bow":
    in London and in Devon) is the one near her other locations, when she lists some; else all of them."""
    table = places()
    found = [(loc, table.spots(loc) or table.spots(_POSTCODE_DISTRICT.sub("", loc))) for loc in locations]
    known = [(loc, spots) for loc, spots in found if spots]
    sure = [at for _, spots in known if len(spots) == 1 for at in spots]
    chosen = []
    for loc, spots in known:
        near = [at for at in spots if any(distance_km(at, other) <= table.far_km for other in sure if other != at)]
        chosen += [(loc, at) for at in (near if len(spots) > 1 and near else spots)]
    towns = [(loc, where) for loc, where in chosen if where[2] <= TOWN_KM]
    return tuple(towns or chosen)


def _uk_place_pattern(profile: Profile, names: list[NamePattern]) -> PlaceFinder | None:
    """UK place names to look for, leaving out any that are part of the person's names or schools
    (a Mrs Preston, or Chester House School, is not a place far away)."""
    own_words = " ".join([n.text for n in names] + list(profile.organisations) + list(profile.handles))
    skip = frozenset(_org_words(own_words))
    return places().finder(skip)


def _bare_domain(domain: str) -> str:
    domain = fold(domain.strip())
    if "://" in domain:
        domain = urlsplit(domain).hostname or ""
    domain = domain.split("/")[0].rstrip(".")
    return domain.removeprefix("www.")


def _on_domain(host: str, domains: tuple[str, ...]) -> str | None:
    for d in domains:
        if d and (host == d or host.endswith("." + d)):
            return d
    return None


@dataclass(frozen=True)
class Accounts:
    """What the user told repwatch about accounts, kept in the store rather than the config."""

    own: tuple[Handle, ...] = ()  # "this account is mine" (`repwatch mine`)
    blocked: tuple[Handle, ...] = ()  # "hide every page of this account" (`dismiss --account`)
    confirmed: frozenset[str] = frozenset()  # platforms where the user has an account they confirmed


def accounts_book(
    profile: Profile,
    own: Iterable[Mapping[str, Any]] = (),
    blocked: Iterable[Mapping[str, Any]] = (),
) -> Accounts:
    """The store's account decisions for a profile (`mine`, `dismiss --account`), ready for `assess`.

    A platform counts as "confirmed" (so a second account there in the person's name is a sign of
    impersonation) when the user named one particular account of theirs on it: a platform-qualified
    handle, a profile address, or `mine`. A bare handle says how they are called, not where they have
    accounts, and what one run happens to find must not make the same account flip between flags.
    """
    def handles(rows: Iterable[Mapping[str, Any]]) -> tuple[Handle, ...]:
        return tuple(Handle(r["handle"], r["platform"], r.get("instance") or None, r.get("url") or "") for r in rows)

    del profile  # the profile's own handles are read by `assess` itself
    return Accounts(own=handles(own), blocked=handles(blocked))


# --- reading one result ----------------------------------------------------------------------------


@dataclass
class Reading:
    """What one result says, found once and shared by the score and the flags."""

    shape: Shape
    key: str  # canonical URL
    host: str
    raw: str  # title and snippet as written (for postcodes, which need their capitals)
    text: str  # folded title | snippet | URL words
    org_text: str
    name_hits: list[tuple[str, str, int, int]] = field(default_factory=list)  # (strength, form, start, end)
    best: str = "none"
    middle_other: str | None = None
    own_account: bool = False
    presumed: str | None = None  # hers only by a bare handle (as she wrote it): the same name on any platform
    lookalike: str | None = None
    copy: str = ""  # how the look-alike copies her handle: "letters" (look-alike or fullwidth), "same" (exactly)
    handle_named: str | None = None  # the account's handle when it is a form of the person's name
    account: Account | None = None  # whose account the page is on (or who wrote the post)

    def near(self, start: int, end: int) -> bool:
        spans = [(s, e) for _, _, s, e in self.name_hits if s >= 0]
        if not spans:
            return True
        return any(s - NEAR <= end and start <= e + NEAR for s, e in spans)

    def found_near(self, pattern: re.Pattern[str] | None, text: str | None = None) -> list[str]:
        if pattern is None:
            return []
        seen: list[str] = []
        for m in pattern.finditer(self.text if text is None else text):
            if self.near(m.start(), m.end()) and m.group(0) not in seen:
                seen.append(m.group(0))
        return seen


def _url_words(key: str) -> str:
    parts = urlsplit(key)
    return _SEPARATORS.sub(" ", unquote(parts.path)).strip()


def read(result: ResultLike, who: Who, book: Accounts | None = None) -> Reading:
    key = canonical_url(result.url)
    shape = shape_of(result.url, result.kind or "web")
    host = urlsplit(key).hostname or ""
    if shape.platform in ("web", "news") and urlsplit(key).path in ("", "/"):
        bluesky = get_platform("bluesky")
        if bluesky is not None and any(host.endswith(sfx) for sfx in bluesky.handle_suffixes):
            shape = Shape("bluesky", "account", host)  # dokafor.bsky.social: a Bluesky account at its own address
    raw = f"{result.title or ''} | {result.snippet or ''}"
    text = fold(raw) + " | " + fold(_url_words(key))
    reading = Reading(shape, key, host, raw, text, _org_text(text))
    order = list(STRENGTH)
    hits = reading.name_hits
    for name in who.names:
        for m in name.pattern.finditer(text):
            hits.append((name.strength, name.text, m.start(), m.end()))
            mid = m.groupdict().get("mid")
            if mid and name.strength == "full":
                mid = mid.rstrip(".")
                # evidence only against a middle name her profile gives ("Emma L Clarke"); her maiden
                # name written as a middle one ("Orla Devlin McCann") is hers
                if who.middles and mid not in who.surnames and not any(
                        mid == x or (len(mid) == 1 and x.startswith(mid)) or (len(x) == 1 and mid.startswith(x))
                        for x in who.middles):
                    reading.middle_other = mid
    _weak_hits_apart(reading, who)
    _slips_and_surname(reading, who)
    written_end = len(raw)  # handles are matched as written, not in URL words that lost their _ and .
    for token in re.finditer(r"\S+", text):
        squashed = squash(token.group(0))
        if not squashed:
            continue
        if token.start() < written_end and _handle_key(token.group(0)) in who.own:
            hits.append(("handle", token.group(0), token.start(), token.end()))
            continue
        for form_key, strength, written in who.compact:
            if form_key in squashed:
                hits.append((strength, written, token.start(), token.end()))
                break
    for segment in urlsplit(key).path.split("/"):  # joanna-whitfield, whitfield_joanna in the address
        squashed = squash(segment)
        form = next(((st, w) for k, st, w in who.compact if squashed and k in squashed), None)
        if form:
            hits.append((form[0], form[1], -1, -1))
    handle = shape.handle
    if handle is None and shape.kind == "post" and is_social(shape.platform):
        handle = poster_of(raw)  # "ben.taylor.runs on Instagram": the post's address does not name its account
    account = reading.account = account_of(shape.platform, handle, host)
    if handle and account is not None:
        owned = (*who.handles, *(book.own if book else ()))
        mine = [h for h in owned if h.matches(account)]  # one of the user's accounts, in this platform's form
        if mine:
            reading.own_account = True
            if all(h.platform is None for h in mine):
                reading.presumed = mine[0].written or mine[0].name
            hits.append(("own", handle, -1, -1))
        else:
            hkey = _handle_key(handle)
            for form_key, _strength, _written in who.compact:
                if form_key in hkey:
                    reading.handle_named = handle
            if reading.handle_named is None and any(
                _name_in(squash(hkey), name) for name in who.names if name.strength in ("full", "nickname")
            ):
                reading.handle_named = handle
            core = _handle_core(account.name)
            copied = next((h for h in owned if disguised(account.name, h.name)), None)
            if copied is not None:
                reading.lookalike, reading.copy = copied.written or copied.name, "letters"
                hits.append(("lookalike", handle, -1, -1))
            for h in () if copied else owned:
                own_core = _handle_core(h.name)
                if _lookalike(core, own_core) and not _other_ending(core, own_core, who):
                    reading.lookalike = h.written or h.name
                    reading.copy = "same" if account.name == normal(h.name, account.platform) else ""
                    hits.append(("lookalike", handle, -1, -1))
                    break
    if hits:
        reading.best = min((h[0] for h in hits), key=order.index)
    return reading


# Who posted, as a search result writes it for a post whose address does not say: "ben.taylor.runs on
# Instagram", "ben.taylor.runs: 18 miles …", "14 likes, 2 comments - natasha_k on June 3, 2024: …".
_POSTED_BY = (
    re.compile(r"^\s*@?(?P<h>[\w.]+) on (?:Instagram|Threads|TikTok|X|Twitter|Facebook)\b\s*(?:$|\||:)"),
    re.compile(r"\|\s*@?(?P<h>[\w.]+):\s"),
    re.compile(r"\b(?:likes?|comments?)\s+-\s+@?(?P<h>[\w.]+) on [A-Z][a-z]+ \d{1,2}, \d{4}:"),
)


def poster_of(raw: str) -> str | None:
    """The handle that posted a post, when the result's title or snippet names it in one of the forms
    the sites use. A display name with spaces ("Tash on Instagram") is not a handle."""
    for pattern in _POSTED_BY:
        m = pattern.search(raw)
        if m and re.search(r"[._\d]|^[a-z]", m.group("h")):
            return m.group("h")
    return None


def _slips_and_surname(r: Reading, who: Who) -> None:
    """Pupils' ways of writing the name: "miss whitfeild" (one slip of the pen) and "okafor" alone."""
    named = {(s, e) for _, _, s, e in r.name_hits}
    for pattern, surname, form in who.slips:
        for m in pattern.finditer(r.text):
            word = m.group("word").removesuffix("'s")
            if word != surname and _one_slip(word, surname) and (m.start(), m.end()) not in named:
                r.name_hits.append(("honorific", form, m.start(), m.end()))
    if who.bare is None:
        return
    pattern, written = who.bare
    inside = [(s, e) for _, _, s, e in r.name_hits]
    for m in pattern.finditer(r.text):
        if any(s <= m.start() < e for s, e in inside):
            continue
        if m.start() < len(r.raw):
            before = re.search(r"([A-Za-z][\w'\-]*)\s+$", r.raw[: m.start()])
            if (before and before.group(1)[0].isupper() and fold(before.group(1)) not in who.titles
                    and fold(before.group(1)) not in _NOT_GIVEN):
                continue  # "Chidi Okafor": someone else with the surname; not "That Murphy one"
        r.name_hits.append(("surname", written, m.start(), m.end()))


# Capitalised words before a surname that are not a first name ("That Murphy one", "Ask Okafor").
_NOT_GIVEN = frozenset({
    "that", "the", "this", "these", "those", "and", "but", "so", "if", "when", "why", "how", "what", "who",
    "where", "is", "was", "are", "has", "had", "does", "did", "for", "with", "from", "to", "at", "in", "on",
    "of", "by", "ask", "tell", "thanks", "yes", "no", "oh", "ok", "dear", "hi", "hey", "poor", "old", "young",
    "big", "little", "our", "my", "your", "his", "her", "their", "not", "even", "just", "only", "also", "then",
    "lol", "omg", "ngl", "tbh", "honestly", "apparently", "said", "says", "saw", "seen", "heard", "miss",
})


def _weak_hits_apart(r: Reading, who: Who) -> None:
    """Her given name alone, or "Miss Rhian", followed by another surname ("Claire Doyle", "Miss Rhian
    Jones") is someone else: drop it, as a first name before her surname drops the bare surname."""
    keep = []
    for hit in r.name_hits:
        strength, form, start, end = hit
        if strength == "given" or (strength == "honorific" and fold(form).split()[-1] in who.givens):
            after = re.match(r"\s+([A-Z][\w'\-]+)", r.raw[end:]) if 0 <= end <= len(r.raw) else None
            if after and fold(after.group(1)).removesuffix("'s") not in who.surnames:
                continue
        if strength == "honorific" and len(form.split()[-1]) == 1:  # "Mrs C Jones": another Mrs C
            after = re.match(r"\.?\s+([A-Z][a-z'\-]+)\b", r.raw[end:]) if 0 <= end <= len(r.raw) else None
            if after and fold(after.group(1)).removesuffix("'s") not in who.surnames:
                continue
        keep.append(hit)
    r.name_hits[:] = keep


def _one_slip(word: str, target: str) -> bool:
    """One letter swapped with its neighbour, changed, added or dropped, the first letter kept."""
    if word[:1] != target[:1] or abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]
                                  and word[diff[1]] == target[diff[0]])
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _lookalike(core: str, own_core: str) -> bool:
    """Named like one of the user's handles: nearly the same letters. A short handle ("dokafor") is
    like many people's names, so it must be closer still (one letter's difference)."""
    if len(own_core) < 6:
        return False
    ratio = difflib.SequenceMatcher(None, core, own_core).ratio()
    return ratio >= (LOOKALIKE if len(own_core) >= 10 else LOOKALIKE_SHORT)


def _other_ending(core: str, own_core: str, who: Who) -> bool:
    """Her name and another ending: "fiona.campbell.art" beside her "FionaCampbellPT" shares her name,
    which every namesake's handle does, and nothing else of hers. Two handles that are her name with
    different words after it are two people's, not a copy ("emmaclarke.teaches_" copies "emmaclarke.teaches";
    "MissKhanMath" copies "MissKhanMaths"). Where her handle is only her name ("SionedPritchard_"), her
    name and a word after it ("sioned-pritchard-hr") is anyone's with her name; a letter or a number
    after it ("ciaraquinn7") is still a copy."""
    forms = sorted({f for f, _, _ in who.compact} | {squash(n.text) for n in who.names if n.strength in ("full", "honorific")},
                   key=len, reverse=True)
    name = next((f for f in forms if len(f) >= 6 and core.startswith(f) and own_core.startswith(f)), None)
    if name is None:
        return False
    mine, theirs = own_core[len(name):], core[len(name):]
    if not theirs or not theirs.isalpha():
        return False
    if not mine:  # her handle is her name: her name and a word ("sioned-pritchard-hr") is anyone's with that name
        return len(theirs) >= 2
    return difflib.SequenceMatcher(None, mine, theirs).ratio() < 0.75 and not (mine.startswith(theirs) or theirs.startswith(mine))


def _name_in(squashed_handle: str, name: NamePattern) -> bool:
    return squash(name.text) in squashed_handle


# --- relevance --------------------------------------------------------------------------------------


def relevance(r: Reading, who: Who, lex: Lexicon) -> tuple[float, list[str]]:
    reasons: list[str] = []
    score = STRENGTH[r.best]
    reasons.append(_name_reason(r))
    org = next((o for o, pat, core in who.orgs if pat.search(r.org_text) or (len(core) > 5 and core in squash(r.host))
                or (len(core) > 5 and any(core in squash(tag) for tag in TAGS.findall(r.raw)))), None)
    place = next((loc for loc, pat in who.places if pat.search(r.text)), None)
    trade = lex.other_teaching.search(r.text)
    teaching = lex.teaching.search(blank(r.text, lex.other_teaching))
    school_site = r.shape.platform in ("school", "teacher_rating")
    if org:
        score += 0.3
        reasons.append(f"Your organisation, {org}, is mentioned.")
    if place:
        score += 0.2
        reasons.append(f"Your location, {place}, is mentioned.")
    if teaching or school_site:
        score += 0.15
        what = f"'{teaching.group(0)}'" if teaching else f"it is a {label(r.shape.platform).lower()}"
        reasons.append(f"It is about teaching or a school ({what}).")
    anchored = bool(org or place or r.best in ("own", "handle"))
    if not (teaching or school_site or org or r.shape.platform == "people_search"):
        work = trade or lex.other_work.search(r.text)
        if work:
            score -= 0.35
            reasons.append(f"It mentions another line of work or another life ('{work.group(0)}').")
    if not anchored:
        far = _far_away(r, who, lex)
        if far:
            score -= 0.3
            reasons.append(far)
    if r.middle_other and r.best == "full" and not anchored:
        score -= 0.25 if who.middles else 0.1
        reasons.append(f"It gives a middle name that is not yours ('{r.middle_other}').")
    if r.best == "none":
        score = min(score, NO_NAME_CAP)
    return round(max(0.0, min(1.0, score)), 2), reasons



def _far_away(r: Reading, who: Who, lex: Lexicon) -> str | None:
    """The reason, if the result names a place far from the user's: abroad, or elsewhere in the UK.

    Inside the UK this needs the profile's locations to be in the places tables. A UK place near one
    of them (Bootle, for Liverpool) means the far one is no sign of another person ("moved from
    Manchester to Bootle"). Places abroad are looked for first, so New York is never read as York.
    """
    abroad = lex.far_places.search(r.text)
    if abroad:
        return f"It mentions a place far from yours ('{abroad.group(0)}')."
    if not who.homes or who.uk_places is None:
        return None
    table = places()
    nearest: tuple[float, str, str] | None = None  # (km, the place mentioned, the user's location)
    for m in who.uk_places.finditer(r.raw):  # as written: capitals tell Bath from a bath
        spots = table.spots(m.group(0))
        if not spots:
            continue
        km, home = min((distance_km(where, at), loc) for where in spots for loc, at in who.homes)
        if km <= table.far_km:
            return None
        if not table.far_from(m.group(0)):
            continue
        if nearest is None or km < nearest[0]:
            nearest = (km, m.group(0), home)
    if nearest is None:
        return None
    km, name, home = nearest
    return f"It mentions {name}, about {_round_km(km)} km from {home}."


def _round_km(km: float) -> int:
    return int(round(km, -1)) if km >= 20 else int(round(km))


def _name_reason(r: Reading) -> str:
    if r.best == "none":
        return "Your name is not in its title, text or address."
    form = next(f for s, f, _, _ in r.name_hits if s == r.best)
    return {
        "own": f"It is on your own account ({form}).",
        "handle": f"It mentions your handle ({form}).",
        "lookalike": f"It is an account named {form}, much like your own handle.",
        "full": f"Your name appears as '{form}'.",
        "nickname": f"Your name appears as '{form}', a nickname form.",
        "honorific": f"Your name appears as '{form}', as pupils write it.",
        "initial": f"Your initial and surname appear ('{form}').",
        "surname": f"Your surname appears on its own ('{form}'), as pupils write it.",
        "pupil": f"A name pupils might use for you appears ('{_as_written(r)}').",
        "given": f"Your first name appears on its own ('{form}').",
    }[r.best]


def _as_written(r: Reading) -> str:
    start, end = next((s, e) for st, _, s, e in r.name_hits if st == r.best)
    return r.raw[start:end] if 0 <= start < len(r.raw) else next(f for st, f, _, _ in r.name_hits if st == r.best)

