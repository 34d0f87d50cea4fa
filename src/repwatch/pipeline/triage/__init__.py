"""Tell what matters: is a result about this person, and does it need their attention?

A digest full of another Joanna Whitfield's house listings teaches its reader to skim it, and then the
one impersonating account is missed. So every result gets a score (how likely it is about *this*
person), plain-sentence reasons for that score, and risk flags, each naming the words or fact that
raised it, so the user can judge in a second whether we were right. Word lists live in
data/lexicon.toml and UK places in data/uk_places.toml; this module only decides how they combine.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from repwatch.config import Profile
from repwatch.handles import Account, Handle, account_of, normal, parse_handle
from repwatch.models import RELEVANT, Flag
from repwatch.pipeline.names import name_forms, parse_name
from repwatch.pipeline.triage.concepts import Concepts, Hit, Token, stem
from repwatch.pipeline.triage.tone import HOSTILE, Tone, read_tone  # noqa: F401 - HOSTILE re-exported
from repwatch.pipeline.urls import Shape, canonical_url, shape_of
from repwatch.platforms import get as get_platform
from repwatch.platforms import is_social, label

THRESHOLD = RELEVANT  # at or above: in the digest; below: stored, but not shown
FLAG_CODES = (
    "safeguarding", "impersonation", "unconfirmed_account", "negative", "personal_info", "photo", "reappeared",
)
LOOKALIKE = 0.85  # similarity of an account name to one of the user's handles that suggests a copy
LOOKALIKE_SHORT = 0.92  # the same, for handles shorter than 10 letters
NEAR = 200  # characters: how close a word must be to the name to count as "near your name"
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
    "none": 0.1,
}
NO_NAME_CAP = 0.3  # a page about the school or the town alone is not about the person

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?!\d)"
)
_EMAIL = re.compile(r"(?<![@\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DOB = re.compile(
    r"\b(?:born(?: on| in)?|d\.?o\.?b\.?|date of birth)[:\s]+(?:"
    rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|(?:19|20)\d{{2}})\b"
    rf"|\bbirthday(?: is)?(?: on)?(?: the)?[:\s]+\d{{1,2}}(?:st|nd|rd|th)?(?: of)?\s+{_MONTH}\b"
)
_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Grove|"
    r"Crescent|Way|Gardens|Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale)\b"
)
_STREET_NAME = (
    r"(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Grove|Crescent|Way|Gardens|"
    r"Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale)\b"
)  # not Hill or Park: "lives in Mossley Hill" names a district, not a street
# A word for home, then (in the same clause) a street: "her house on Larkhill Road", "moved into one of
# the new builds on Brodie Avenue". Street names need their capitals, so this runs on the text as written.
_HOME_STREET = re.compile(
    r"(?i:\b(?:lives?|living|lived|homes?|houses?|flats?|moved|moving|address|no\.?\s*\d{1,4}|number\s+\d{1,4})\b)"
    rf"(?P<between>[^.!?;|\n]{{0,60}}?)\b(?i:on|in|at|off|of|along|near|by)\s+(?P<street>{_STREET_NAME})"
)
# The same in lower case, as pupils write: "she lives on penny lane", right after the word for home.
_HOME_STREET_LOWER = re.compile(
    r"\b(?:lives|living|lived|live|moved|house is|home is)\s+(?:on|in|at|off)\s+"
    r"(?P<street>(?:[a-z']+\s+){1,2}(?:road|rd|street|avenue|lane|close|drive|grove|crescent|way|gardens|terrace"
    r"|place|court|mews|rise|walk|row|square))\b"
)
# A word for home, then a postcode district: "she lives in LE2", "moved round L17".
_HOME_DISTRICT = re.compile(
    r"(?i:\b(?:lives?|living|lived|homes?|houses?|flats?|moved|moving|address)\b)[^.!?;|\n]{0,30}?"
    r"\b(?i:in|at|near|round|around|to)\s+(?P<district>[A-Z]{1,2}[0-9][0-9A-Z]?)\b"
)
# Facebook's line for the people tagged in a post: "with Ella Kelly, Noah Price and 24 others".
_TAG_LINE = re.compile(r"\bwith (?:[A-Z][\w'\-]+ ){1,3}[A-Z][\w'\-]+(?:, [A-Z][\w' \-]+)* and \d+ others?\b")
_CLAUSE = re.compile(r"[^.!?|\n]+")
_TAGS = re.compile(r"[#@][\w.]+|\b\w+[._]\w+(?:[._]\w+)*")  # hashtags and handles: #ysgolbrynhafod, y4.besties.oakfield  # a sentence (or a title) of folded text
_SEPARATORS = re.compile(r"[/\-_.+~%=&?#:]+")


class ResultLike(Protocol):
    url: str
    title: str
    snippet: str
    kind: str
    platform: str
    domain: str


@dataclass
class Assessment:
    score: float
    reasons: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    drop: bool = False  # excluded or dismissed by the user: not stored as a mention at all
    own: bool = False  # on one of the user's own accounts (handles or `mine`): never an identity flag
    tone: float = 0.0  # -1 hostile … 1 warm, from the words near the name (see tone.py)

    @property
    def about_me(self) -> bool:
        return not self.drop and self.score >= THRESHOLD

    @property
    def codes(self) -> list[str]:
        return [flag.code for flag in self.flags]


# --- the word lists ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents off, straight quotes, one character for one: positions stay comparable."""
    if text.isascii():
        return text.lower().replace("`", "'")
    out = []
    for ch in text:
        if ch in "\u2018\u2019\u02bc`":
            out.append("'")
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base.lower() if len(base) == 1 else ch.lower())
    return "".join(out)


def terms_pattern(terms: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a word list: whole words, a space also matches a hyphen, a trailing * any ending."""
    parts = []
    for term in terms:
        term = fold(term.strip())
        if not term:
            continue
        prefix = term.endswith("*")
        words = term.rstrip("*").split()
        body = r"[\s\-]+".join(re.escape(w) for w in words)
        parts.append(body + (r"[\w']*" if prefix else ""))
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


@dataclass(frozen=True)
class Lexicon:
    teaching: re.Pattern[str]
    other_work: re.Pattern[str]
    other_teaching: re.Pattern[str]
    far_places: re.Pattern[str]
    ignore: re.Pattern[str]
    photo: re.Pattern[str]
    impersonation: re.Pattern[str]
    negative: re.Pattern[str]
    safeguarding: re.Pattern[str]
    children: re.Pattern[str]
    contact: re.Pattern[str]
    photographed: re.Pattern[str]
    identified: re.Pattern[str]
    personal_info: re.Pattern[str]
    not_home: re.Pattern[str]
    role: re.Pattern[str]
    offers: re.Pattern[str]
    pupil_voice: re.Pattern[str]
    concepts: Concepts
    video_platforms: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = resources.files("repwatch").joinpath("data/lexicon.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    rel, flags = raw["relevance"], raw["flags"]
    safe = flags["safeguarding"]
    pats: dict[str, Any] = {
        "teaching": rel["teaching"],
        "other_work": rel["other_work"],
        "other_teaching": rel["other_teaching"],
        "far_places": rel["far_places"],
        "ignore": raw["ignore"]["phrases"],
        "photo": flags["photo"]["words"],
        "impersonation": flags["impersonation"]["words"],
        "negative": flags["negative"]["words"] + flags["negative"]["complaints"],
        "safeguarding": safe["strong"],
        "children": safe["children"],
        "contact": safe["contact"],
        "photographed": safe["photographed"],
        "identified": safe["identified"],
        "personal_info": flags["personal_info"]["words"],
        "not_home": flags["personal_info"]["not_home"],
        "role": flags["impersonation"]["role"],
        "offers": flags["impersonation"]["offers"],
        "pupil_voice": safe["pupil_voice"],
    }
    compiled = {key: terms_pattern(words) for key, words in pats.items()}
    return Lexicon(
        **compiled, concepts=Concepts(raw["concepts"]),
        video_platforms=frozenset(flags["photo"].get("video_platforms", ())),
    )


@dataclass(frozen=True)
class Places:
    """UK towns and counties with where they are, so "far from you" can be judged inside the UK too."""

    names: tuple[str, ...]  # as written in the table, capitals and all
    where: dict[str, tuple[float, float, float]]  # folded name: (latitude, longitude, radius in km)
    far_km: float

    def find(self, name: str) -> tuple[float, float, float] | None:
        return self.where.get(_place_key(name))

    def pattern(self, skip: frozenset[str]) -> re.Pattern[str] | None:
        """Place names as written (capitals matter: "Bath", not "bath"), leaving out any in `skip`."""
        names = sorted((n for n in self.names if fold(n) not in skip), key=len, reverse=True)
        if not names:
            return None
        body = "|".join(r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", n)) for n in names)
        return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])")


def _place_key(name: str) -> str:
    """Stoke-on-Trent, stoke on trent and Stoke  on Trent are one place."""
    return fold(" ".join(name.replace("-", " ").split()))


@lru_cache(maxsize=1)
def places() -> Places:
    """The UK places table (data/uk_places.toml), read once; it is package data, so errors are bugs."""
    text = resources.files("repwatch").joinpath("data/uk_places.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    where = {}
    for name, spec in raw["places"].items():
        lat, lon, *rest = spec
        where[_place_key(name)] = (float(lat), float(lon), float(rest[0]) if rest else 0.0)
    return Places(tuple(raw["places"]), where, float(raw["settings"]["far_km"]))


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
class Person:
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
    homes: tuple[tuple[str, tuple[float, float, float]], ...]  # the profile's locations found in uk_places
    uk_places: re.Pattern[str] | None  # UK place names, less any that are words of the person's names
    exclude: re.Pattern[str] | None
    exclude_domains: tuple[str, ...]


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


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
    }
)  # fmt: skip


def _org_pattern(org: str) -> tuple[re.Pattern[str], str]:
    words = _org_words(org)
    core = [w for w in words if w not in _GENERIC_ORG_WORDS] or words
    body = r"[\s\-]+".join(re.escape(w) for w in core)
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


_PEOPLE: dict[tuple[Any, ...], Person] = {}


def person(profile: Profile) -> Person:
    """The compiled profile, cached by its contents (profiles are not hashable, and may be edited)."""
    key = _profile_key(profile)
    found = _PEOPLE.get(key)
    if found is None:
        if len(_PEOPLE) > 64:
            _PEOPLE.clear()
        found = _PEOPLE[key] = _compile_person(profile)
    return found


def _compile_person(profile: Profile) -> Person:
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
        strength = "full" if fold(parsed.given) in strong_givens else "nickname"
        names.append(NamePattern(strength, _name_regex(parsed.given, parsed.surname), form.text))
    titles = profile.honorifics or list(DEFAULT_HONORIFICS)
    folded_titles = {fold(x).rstrip(".") for x in titles}
    if folded_titles & _WOMENS_TITLES:
        folded_titles.add("miss")
    if "mr" in folded_titles:
        folded_titles.add("sir")  # and every man teacher "sir"
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
                re.compile(rf"(?<![\w])(?:{t})\.?\s+(?:[a-z]\.?\s+)?{s}(?![\w])"),
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
    for given in sorted(strong_givens):  # whitfield_joanna, whitfield.joanna: directory-style names
        for surname in sorted(surnames):
            key = squash(surname) + squash(given)
            if key not in {c[0] for c in compact}:
                compact.append((key, "full", f"{surname.lower()}_{given}"))
    bare = None
    if len(main.surname) >= BARE_SURNAME_MIN and " " not in main.surname:
        bare = (re.compile(rf"(?<![\w@.]){re.escape(fold(main.surname))}(?:'?s)?(?![\w])"), main.surname)
    return Person(
        names=tuple(names),
        slips=tuple(slips),
        bare=bare,
        titles=frozenset(folded_titles) | {fold(g) for g in strong_givens} | {fold(n.text).split()[0] for n in names},
        compact=tuple(compact),
        own=own,
        handles=handles,
        middles=frozenset(fold(m) for m in main.middle.split()),
        orgs=tuple((o, *_org_pattern(o)) for o in profile.organisations),
        places=tuple((loc, terms_pattern([loc])) for loc in profile.locations if terms_pattern([loc])),  # type: ignore[misc]
        homes=_homes(profile.locations),
        uk_places=_uk_place_pattern(profile, names),
        exclude=terms_pattern([f"{w}*" if len(w) > 3 else w for w in profile.exclude]),
        exclude_domains=tuple(_bare_domain(d) for d in profile.exclude_domains),
    )


def _parse_handles(written: list[str]) -> list[Handle]:
    """The profile's handles; config checked them, so one that still fails to parse is left out."""
    out = []
    for text in written:
        try:
            out.append(parse_handle(text))
        except ValueError:
            continue
    return out


def _homes(locations: list[str]) -> tuple[tuple[str, tuple[float, float, float]], ...]:
    """The profile's locations that the UK places table knows: the centres "far" is measured from."""
    table = places()
    found = ((loc, table.find(loc)) for loc in locations)
    return tuple((loc, where) for loc, where in found if where)


def _uk_place_pattern(profile: Profile, names: list[NamePattern]) -> re.Pattern[str] | None:
    """UK place names to look for, leaving out any that are part of the person's names or schools
    (a Mrs Preston, or Chester House School, is not a place far away)."""
    own_words = " ".join([n.text for n in names] + list(profile.organisations) + list(profile.handles))
    skip = frozenset(_org_words(own_words))
    return places().pattern(skip)


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
    lookalike: str | None = None
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


def _read(result: ResultLike, who: Person, book: Accounts | None = None) -> Reading:
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
                if not any(mid == x or (len(mid) == 1 and x.startswith(mid)) for x in who.middles):
                    reading.middle_other = mid
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
    account = reading.account = account_of(shape.platform, handle, host)
    if handle and account is not None:
        owned = (*who.handles, *(book.own if book else ()))
        if any(h.matches(account) for h in owned):  # one of the user's accounts, in this platform's form
            reading.own_account = True
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
            for h in owned:
                own_core = _handle_core(h.name)
                if _lookalike(core, own_core):
                    reading.lookalike = h.written or h.name
                    hits.append(("lookalike", handle, -1, -1))
                    break
    if hits:
        reading.best = min((h[0] for h in hits), key=order.index)
    return reading


def _slips_and_surname(r: Reading, who: Person) -> None:
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
            if before and before.group(1)[0].isupper() and fold(before.group(1)) not in who.titles:
                continue  # "Chidi Okafor": someone else with the surname
        r.name_hits.append(("surname", written, m.start(), m.end()))


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


def _name_in(squashed_handle: str, name: NamePattern) -> bool:
    return squash(name.text) in squashed_handle


# --- relevance --------------------------------------------------------------------------------------


def _relevance(r: Reading, who: Person, lex: Lexicon) -> tuple[float, list[str]]:
    reasons: list[str] = []
    score = STRENGTH[r.best]
    reasons.append(_name_reason(r))
    org = next((o for o, pat, core in who.orgs if pat.search(r.org_text) or (len(core) > 5 and core in squash(r.host))
                or (len(core) > 5 and any(core in squash(tag) for tag in _TAGS.findall(r.raw)))), None)
    place = next((loc for loc, pat in who.places if pat.search(r.text)), None)
    trade = lex.other_teaching.search(r.text)
    teaching = lex.teaching.search(_blank(r.text, lex.other_teaching))
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


def _blank(text: str, pattern: re.Pattern[str] | None) -> str:
    """The text with a pattern's matches turned to spaces, so positions stay comparable."""
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _far_away(r: Reading, who: Person, lex: Lexicon) -> str | None:
    """The reason, if the result names a place far from the user's: abroad, or elsewhere in the UK.

    Inside the UK this needs the profile's locations to be in data/uk_places.toml. A UK place near one
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
        where = table.find(m.group(0))
        if where is None:
            continue
        km, home = min((distance_km(where, at), loc) for loc, at in who.homes)
        if km <= table.far_km:
            return None
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
    }[r.best]


# --- flags ------------------------------------------------------------------------------------------


def _a(word: str, *, capital: bool = False) -> str:
    article = "an" if word[:1].lower() in "aeio" else "a"
    return f"{article.capitalize() if capital else article} {word}"


def _quote(words: list[str]) -> str:
    shown = [f"'{w}'" for w in words[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _words_sentence(words: list[str], where: str = "near your name") -> str:
    noun = "word" if len(words) == 1 and " " not in words[0] else "words"
    verb = "appears" if noun == "word" else "appear"
    return f"The {noun} {_quote(words)} {verb} {where}."


def _impersonation(r: Reading, who: Person, lex: Lexicon, text: str, book: Accounts) -> tuple[str, str] | None:
    """The three-way answer for an account in the person's name: theirs (no flag), pretending to be
    them (`impersonation`, with the signs that say so), or unknown (`unconfirmed_account`: one calm
    question). Words like "fake account" near the name are impersonation wherever they appear."""
    if r.own_account:
        return None  # the user's own accounts never raise either flag
    platform = r.shape.platform
    name = label(platform)
    social = is_social(platform)
    in_name = social and r.shape.kind == "account" and r.best in ("full", "nickname", "honorific", "lookalike")
    posted = social and r.shape.kind == "post" and bool(r.handle_named or r.lookalike)
    words = r.found_near(lex.impersonation, text)
    if not (in_name or posted):
        return ("impersonation", _words_sentence(words)) if words else None
    shown = r.shape.handle or next(f for s, f, _, _ in r.name_hits if s == r.best)
    if r.account is not None:
        shown = r.account.shown if platform == "mastodon" else r.shape.handle or shown
    signs = _signs(r, who, lex, text, book)
    if words:
        signs.insert(0, f"the words {_quote(words)} appear near your name")
    what = f"{_a(name, capital=True)} account named {shown}" if in_name else f"Posted by {_a(name)} account named {shown}"
    if r.lookalike:
        lead = f"{what}, much like your handle {r.lookalike}, that is not yours"
        rest = [s for s in signs if not s.startswith("it is named like")]
        return "impersonation", lead + (f": {_and(rest)}." if rest else ".")
    if signs:
        return "impersonation", f"{what} that is not one of your handles: {_and(signs)}."
    if in_name:
        return "unconfirmed_account", f"{_a(name, capital=True)} account in your name ({shown}) that you have not told repwatch about. Is it yours?"
    return "unconfirmed_account", f"Posted by {_a(name)} account in your name ({shown}) that you have not told repwatch about. Is it yours?"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _signs(r: Reading, who: Person, lex: Lexicon, text: str, book: Accounts) -> list[str]:
    """What an account does that someone pretending to be the person would do: it claims their
    school, role or town, offers contact or pictures of pupils, or is a second account where they
    already have one."""
    signs: list[str] = []
    org = next((o for o, pat, _ in who.orgs if pat.search(r.org_text)), None)
    if org:
        signs.append(f"it names your school, {org}")
    role = r.found_near(lex.role, _blank(text, lex.other_teaching))
    if role:
        signs.append(f"it claims your role ({_quote(role)})")
    else:
        form = next((f for s, f, st, _ in r.name_hits if s == "honorific" and 0 <= st < len(r.raw)), None)
        if form and r.shape.kind == "account":
            signs.append(f"it is named '{form}', as pupils address you")
    place = next((loc for loc, pat in who.places if pat.search(r.text)), None)
    if place:
        signs.append(f"it names your town, {place}")
    offers = r.found_near(lex.offers, text)
    children = r.found_near(lex.children, text)
    pictures = r.found_near(lex.photographed, text)
    if offers:
        signs.append(f"it offers contact ({_quote(offers)})")
    elif children and pictures:
        signs.append(f"it offers pictures of pupils ({_quote(children + pictures)})")
    platform = r.shape.platform
    if platform in confirmed_platforms_of(who, book):
        signs.append(f"you already have a {label(platform)} account you confirmed")
    return signs


def confirmed_platforms_of(who: Person, book: Accounts) -> frozenset[str]:
    return frozenset({h.platform for h in who.handles if h.platform} | {h.platform for h in book.own if h.platform}
                     | set(book.confirmed))


_PRONOUNS = frozenset({"she", "he", "her", "him", "his", "hers", "shes", "hes", "shell", "hell", "herself", "himself"})
_LINKS = frozenset({"of", "a", "the", "it", "that", "this", "our", "my", "some", "secretly"})


@dataclass
class Scene:
    """The concepts (data/lexicon.toml `[concepts]`) found in the sentences near the name."""

    text: str
    tokens: list[Token]
    hits: list[Hit]  # in sentences near the name only
    clause: list[int]  # each token's sentence
    person: set[int]  # tokens inside a way of writing the name
    near: set[int]  # the sentences near the name

    def of(self, *concepts: str) -> list[Hit]:
        return [h for h in self.hits if h.concept in concepts]

    def words(self, hits: list[Hit]) -> list[str]:
        return list(dict.fromkeys(self.text[h.start : h.end] for h in hits))

    def quote(self, *groups: list[Hit], join: bool = False) -> str:
        """The first words of each group, quoted; with `join`, two hits close together are quoted as one
        phrase ("should be struck off", "know what car")."""
        picked = [g[0] for g in groups if g]
        parts: list[str] = []
        i = 0
        while i < len(picked):
            a = picked[i]
            if i + 1 < len(picked):
                b = picked[i + 1]
                between = range(a.last + 1, b.first)
                if (join and a.last < b.first <= a.last + 2 and self.clause[a.first] == self.clause[b.first]
                        and not any(k in self.person for k in between)):
                    parts.append(self.text[a.start : b.end])
                    i += 2
                    continue
            parts.append(self.text[a.start : a.end])
            i += 1
        return _quote(list(dict.fromkeys(parts)))

    def alone(self, sentences: tuple[str, ...]) -> list[Hit]:
        """Sentences near the name that are only these words ("i'm not."), as hits of their own."""
        out = []
        for c, m in enumerate(_CLAUSE.finditer(self.text)):
            if c in self.near and m.group(0).strip() in sentences:
                i = next((k for k, t in enumerate(self.tokens) if t.start >= m.start()), 0)
                start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                out.append(Hit("despair", start, start + len(m.group(0).strip()), i, i))
        return out

    def unaware(self) -> list[Hit]:
        """"she doesnt even know", "he had no clue": a negation after she, he or the name, then a word
        for knowing or seeing."""
        for n in self.of("unaware"):
            before = range(max(0, n.first - 2), n.first)
            if not any(i in self.person or self.tokens[i].word in ("she", "he", "shes", "hes") for i in before):
                continue
            aware = next((a for a in self.hits if a.concept == "aware" and n.last < a.first <= n.last + 3), None)
            if aware is not None:
                return [Hit("unaware", n.start, aware.end, n.first, aware.last)]
        return []

    def where(self, hits: list[Hit]) -> bool:
        """The sentence of the first hit asks where: "where", "which", "what" or "whereabouts"."""
        c = self.clause[hits[0].first]
        return any(self.clause[i] == c and t.word in ("where", "which", "what", "whereabouts") for i, t in enumerate(self.tokens))

    def about(self, hits: list[Hit]) -> bool:
        """The sentence of the first hit names the person or speaks of her or him ("where she lives")."""
        if not hits:
            return False
        c = self.clause[hits[0].first]
        return any(self.clause[i] == c and (i in self.person or t.word in _PRONOUNS) for i, t in enumerate(self.tokens))

    def together(self, first: tuple[str, ...], second: tuple[str, ...]) -> tuple[list[Hit], list[Hit]]:
        """Hits of two concepts in one sentence: "year 6 got it on camera"."""
        for c in dict.fromkeys(self.clause[h.first] for h in self.hits):
            a = [h for h in self.hits if h.concept in first and self.clause[h.first] == c]
            b = [h for h in self.hits if h.concept in second and self.clause[h.first] == c]
            if a and b:
                return a, b
        return [], []

    def aimed(self, concepts: tuple[str, ...]) -> list[Hit]:
        """Hits with the person as their object: "recorded miss whitfeild", "a pic of Ms Whitfield",
        "caught Mr Hill shouting on camera"; not "a photo with Ms Whitfield" or "a video of Ms
        Whitfield's class"."""
        out = [h for h in self.of(*concepts) if self._object(h) is not None]
        if "capture" in concepts:
            for c in self.of("catch"):
                j = self._object(c)
                if j is not None:
                    out += [g for g in self.of("capture") if j < g.first <= j + 5 and self.clause[g.first] == self.clause[j]]
        return sorted(set(out), key=lambda h: h.start)

    def _object(self, h: Hit) -> int | None:
        """Where the person is written as the object right after a hit (through "of", "a", "the" …)."""
        i = h.last + 1
        while i < len(self.tokens) and i not in self.person and self.tokens[i].word in _LINKS:
            i += 1
        if i >= len(self.tokens) or self.clause[i] != self.clause[h.first]:
            return None
        if self.tokens[i].word in ("her", "him"):
            # "kids were recording her", with her name in this or the last sentence
            named = any(abs(self.clause[p] - self.clause[i]) <= 1 for p in self.person)
            return i if named else None
        if i not in self.person:
            return None
        j = i
        while j + 1 < len(self.tokens) and j + 1 in self.person:
            j += 1
        last = self.tokens[j]
        owner = self.text[last.start : last.end].endswith("'s") or self.text.startswith("'s", last.end)
        pictures = any(g.concept in ("capture", "picture") and j < g.first <= j + 2 for g in self.hits)
        return j if not owner or pictures else None  # "Mrs Hill's class assembly" is not her; "her pics" are

    def followed(self, first: tuple[str, ...], then: tuple[str, ...], gap: int = 5) -> tuple[list[Hit], list[Hit]]:
        """A hit of one concept and, within a few words after it in its sentence, one of another."""
        for a in self.of(*first):
            for b in self.of(*then):
                if self.clause[a.first] == self.clause[b.first] and a.last < b.first <= a.last + 1 + gap:
                    return [a], [b]
        return [], []


def scene(r: Reading, lex: Lexicon, text: str) -> Scene:
    toks, found = lex.concepts.find(text[: len(r.raw)])  # the title and snippet: the address's words are not prose
    starts = [m.start() for m in _CLAUSE.finditer(text)] or [0]
    clause, c = [], 0
    for t in toks:
        while c + 1 < len(starts) and starts[c + 1] <= t.start:
            c += 1
        clause.append(c)
    ends = {m.start(): m.end() for m in _CLAUSE.finditer(text)}
    near_clauses = {i for i, st in enumerate(starts) if r.near(st, ends.get(st, st))}
    spans = [(s, e) for _, _, s, e in r.name_hits if s >= 0]
    person = {i for i, t in enumerate(toks) if any(s <= t.start < e for s, e in spans)}
    hits: list[Hit] = []
    for h in found:  # the longest hit of a concept where several start; none inside the name ("Miss")
        if clause[h.first] not in near_clauses or any(i in person for i in range(h.first, h.last + 1)):
            continue
        if hits and hits[-1].concept == h.concept and hits[-1].first == h.first:
            if h.last > hits[-1].last:
                hits[-1] = h
            continue
        hits.append(h)
    return Scene(text, toks, hits, clause, person, near_clauses)


def _situations(r: Reading, sc: Scene) -> str | None:
    """Situations read from concepts met together, however they are worded: pupils filming or
    photographing the person, an undressed or doctored picture, a rumour about a teacher and a pupil,
    someone asking where the person lives or following them home, and a young person's despair."""
    if r.own_account:
        return None  # the user's own posts ("recorded at home on Sundays") are not done to them
    pictures, undressed = sc.together(("capture", "picture"), ("undressed",))
    if pictures:
        return f"A picture or video said to show someone undressed, or doctored, in the words {sc.quote(pictures, undressed)}."
    asked, child = sc.followed(("request",), ("young",), gap=4)
    child, pics = sc.followed(("young",), ("picture", "capture"), gap=4) if asked else ([], [])
    if child:
        return f"Someone asking a young person for pictures, in the words {sc.quote(asked, child, pics)}."
    young, filming = sc.of("young"), sc.of("capture", "picture")
    secrecy, spread = sc.of("secrecy") or sc.unaware(), sc.of("spread")
    pupils, video = sc.followed(("young",), ("capture", "picture"), gap=6)  # pupils doing the filming
    aimed = sc.aimed(("capture", "picture"))
    if video and (aimed or secrecy):
        return (f"Pupils filming or photographing you, or another member of staff, in the words "
                f"{sc.quote(pupils, aimed or video, secrecy or spread)}.")
    if filming and secrecy:
        return f"Someone filming or photographing you without your knowing, in the words {sc.quote(filming, secrecy)}."
    posted = sc.aimed(("spread",))
    if posted and (sc.of("online") or filming) and is_social(r.shape.platform):
        return f"A picture or video of you passed round, in the words {sc.quote(posted, sc.of('online') or filming)}."
    if aimed and (young or spread) and is_social(r.shape.platform):
        by = " by pupils" if young else ""
        return f"A picture or video of you taken or passed round{by}, in the words {sc.quote(young, aimed, spread)}."
    hearsay = sc.of("hearsay")
    closeness = [h for h in sc.of("closeness") if sc.about([h])]  # "she gives him lifts", not "kids message me"
    if hearsay and young and closeness:
        return f"A rumour about you and a pupil, in the words {sc.quote(hearsay, young, closeness)}."
    ask, home = sc.together(("ask",), ("home",))
    only_lives = all(stem(w) == "live" for w in sc.words(home))
    if ask and only_lives and not sc.where(ask):
        ask = []  # "does anyone know if she still lives in Leeds" asks whether, not where
    if ask and sc.about(ask):  # "which road does she live on", not "which road is the new Aldi on"
        return f"Someone is asking where you live, in the words {sc.quote(ask, home, join=True)}."
    follow, home = sc.followed(("follow",), ("home",), gap=4)
    if follow:
        return f"Someone says they followed you home, in the words {sc.quote(follow, home)}."
    visit, home = sc.followed(("visit",), ("home",), gap=4)
    if visit and sc.about(visit):
        return f"Someone says they went to your home, in the words {sc.quote(visit, home)}."
    despair = sorted(sc.of("despair") + sc.alone(("im not", "i am not", "i'm not")), key=lambda h: h.start)
    if len(sc.words(despair)) >= 2:
        return (f"Someone may be in distress or thinking of harming themselves, in the words "
                f"{sc.quote(despair[:1], despair[1:])}. Check on them.")
    return None


def _hostility(sc: Scene) -> str | None:
    """Hostility aimed at the person without an insult word: threats, demands and sarcasm."""
    know, home = sc.followed(("know",), ("home",), gap=3)
    if know and not any(t.word in _PRONOUNS for t in sc.tokens[max(0, home[0].first - 1) : home[0].last + 3]):
        know = []  # "I know what car she drives", "we know her address"; not "we know Elm Road well"
    menace = sc.of("menace")
    if menace or know:
        return f"A threat in plain words near your name: {sc.quote(menace, know, home, join=True)}."
    demand, sanction = sc.followed(("demand",), ("sanction",), gap=4)
    if demand and not (re.search(r"(?:ed|ing|en|one|\s\S+)$", sc.words(sanction)[0]) and sc.about(demand)):
        demand = []  # "I should report it" is advice; "she should be reported", "needs sacking" are demands
    if demand:
        return f"A demand that something be done to you: {sc.quote(demand, sanction, join=True)}."
    praise, failure = sc.followed(("praise",), ("failure",), gap=9)
    if praise and sc.tokens[failure[0].first - 1].word not in ("for", "on"):
        praise = []  # "well done … for losing", "congratulations … on losing"; not "thanks, my son lost"
    if praise:
        return f"Sarcasm aimed at you, praise for a failure: {sc.quote(praise, failure)}."
    condemn = sc.of("condemn")
    if condemn:
        return f"A judgement that you are unfit: {sc.quote(condemn)}."
    who, thinks = sc.followed(("who",), ("thinks",), gap=8)
    if who:
        return f"Contempt for you: {sc.quote(who, thinks)}."
    outrage, contempt = sc.together(("outrage",), ("contempt",))
    if outrage:
        return f"Contempt for you: {sc.quote(outrage, contempt)}."
    marker, contempt = sc.of("sarcasm"), sc.of("contempt")
    if marker and (contempt or sc.of("failure")):
        return f"Sarcasm aimed at you: {sc.quote(marker, contempt or sc.of('failure'))}."
    return None


def _contempt(sc: Scene, tone: Tone) -> str | None:
    """Contempt ("amazing how some people still have jobs"), when the tone is unfriendly too."""
    contempt = sc.of("contempt")
    if contempt and tone.score < 0:
        return f"Contempt for you in an unfriendly tone ({tone.score:+.2f}): {sc.quote(contempt)}."
    return None


def _safeguarding(r: Reading, lex: Lexicon, text: str, tone: Tone, sc: Scene) -> str | None:
    """Words, and situations: pupils filming staff, rumours about a pupil and a teacher, someone asking
    where the person lives, a pupil's hostile post about them; or children at risk (below)."""
    strong = r.found_near(lex.safeguarding, text)
    if strong:
        return _words_sentence(strong)
    situation = _situations(r, sc)
    if situation:
        return situation
    voice = r.found_near(lex.pupil_voice, text)
    if voice and is_social(r.shape.platform):
        unkind = r.found_near(lex.negative, text)
        what = (f"it is hostile ({_quote(unkind)})" if unkind else f"it is hostile (tone {tone.score:+.2f})"
                if tone.score <= HOSTILE else "it is a photo or video post" if r.shape.photo else None)
        if what:
            return f"It reads like a pupil's post about you ({_quote(voice)}), and {what}."
    children = r.found_near(lex.children, text)
    years = [] if r.own_account else [w for w in sc.words(sc.of("young")) if any(c.isdigit() for c in w)]  # "year 6s"
    contact = _found_contact(r, lex, text) if children or years else []
    if contact:
        return f"Children or pupils ({_quote(children or years)}) are mentioned with {_quote(contact)} near your name."
    if not children:
        return None
    tagged = _children_tagged(r, lex, text, children)
    if tagged:
        return tagged
    on_their_account = r.own_account or r.handle_named
    if is_social(r.shape.platform) and on_their_account:
        pictures = r.found_near(lex.photographed, text)
        if pictures or r.shape.photo:
            what = _quote(pictures) if pictures else "a photo post"
            return f"Children or pupils ({_quote(children)}) appear with {what} on a personal {label(r.shape.platform)} account."
    return None


def _found_contact(r: Reading, lex: Lexicon, text: str) -> list[str]:
    """Contact words near the name, less those addressed to the writer ("nobody texted us")."""
    if lex.contact is None:
        return []
    seen: list[str] = []
    for m in lex.contact.finditer(text):
        if re.match(r"\s+(?:us|me)\b", text[m.end() : m.end() + 4]):
            continue
        if r.near(m.start(), m.end()) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


def _children_tagged(r: Reading, lex: Lexicon, text: str, children: list[str]) -> str | None:
    """Children named or tagged in a picture on a social site, by anyone: they can be found online.

    A class photo with every child tagged tells strangers each child's name, face and school.
    """
    if not is_social(r.shape.platform):
        return None
    pictures = r.found_near(lex.photographed, text)
    if not (pictures or r.shape.photo or r.shape.kind == "image"):
        return None
    named = r.found_near(lex.identified, text)
    tag_line = _TAG_LINE.search(r.raw)
    if tag_line and r.near(tag_line.start(), tag_line.end()):
        named.append(tag_line.group(0))
    if not named:
        return None
    what = _quote(pictures) if pictures else "a photo post"
    return f"Children or pupils ({_quote(children)}) are named or tagged ({_quote(named)}) in {what} on {label(r.shape.platform)}."


def _personal_info(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    if r.shape.platform == "people_search":
        return f"{r.host} is a people-search site: such sites list addresses, phone numbers and relatives."
    if r.shape.platform == "school":
        return None  # a school's own page gives the school's address and phone, not the person's
    facts: list[str] = []
    for what, pattern, source in (
        ("a postcode", _POSTCODE, r.raw),
        ("a phone number", _PHONE, r.raw),
        ("an email address", _EMAIL, r.raw),
        ("a street address", _STREET, r.raw),
        ("a date of birth", _DOB, text),
    ):
        for m in pattern.finditer(source):
            found = m.group(0).strip()
            if what == "a phone number" and len(re.sub(r"\D", "", found.replace("+44", "0"))) not in (10, 11):
                continue
            if what == "a street address" and re.search(r"(?i)\b(?:year|y)\s*$", source[: m.start()]):
                continue
            if r.near(m.start(), m.end()):
                facts.append(f"{what} ({found})")
                break
    if not facts:
        home = _home_street(r, lex) or _street_after_name(r)
        if home:
            facts.append(f"a home street ({home})")
        else:
            district = _HOME_DISTRICT.search(r.raw)
            if district and r.near(district.start("district"), district.end("district")):
                facts.append(f"the postcode district of a home ({district.group('district')})")
    if facts:
        listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
        verb = "appears" if len(facts) == 1 else "appear"
        return f"{listed[0].upper()}{listed[1:]} {verb} near your name."
    words = _found_stated(r, lex.personal_info, text, sc)
    if words:
        return _words_sentence(words)
    return None


def _found_stated(r: Reading, pattern: re.Pattern[str] | None, text: str, sc: Scene) -> list[str]:
    """Words near the name in sentences that state something: "where does she live?" tells nothing,
    nor does "does anyone know what road she lives on" written without its question mark."""
    if pattern is None:
        return []
    asking = {sc.clause[h.first] for h in sc.of("ask")}
    seen: list[str] = []
    for m in pattern.finditer(text):
        end = _CLAUSE.match(text, m.start())
        if end is not None and text.startswith("?", end.end()):
            continue
        token = next((i for i, t in enumerate(sc.tokens) if t.end > m.start()), None)
        if token is not None and sc.clause[token] in asking:
            continue
        if r.near(m.start(), m.end()) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


_FROM_STREET = re.compile(rf"^(?:,?\s*(?:aged\s+)?\d{{1,3}},)?\s+(?:(?i:here)\s+)?(?i:from|of)\s+(?P<street>{_STREET_NAME})")


_NOT_HOME_AFTER = re.compile(r"\s+(?i:primary|school|academy|college|nursery|surgery|library|church|station|clinic|centre|practice)\b")


def _street_after_name(r: Reading) -> str | None:
    """A street right after the name: "Rachel Hill here from Elm Road", "Jo Bell, 41, of Park Lane"."""
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _FROM_STREET.match(r.raw[end:])
            if m and not _NOT_HOME_AFTER.match(r.raw[end + m.end() :]):
                return m.group("street")
    return None


def _home_street(r: Reading, lex: Lexicon) -> str | None:
    """A street named as someone's home, without a house number: still enough to find them."""
    for m in _HOME_STREET.finditer(r.raw):
        if lex.not_home.search(fold(m.group("between"))):
            continue  # "her school on Aigburth Road": a workplace's street, not a home
        if r.near(m.start("street"), m.end("street")):
            return m.group("street")
    for m in _HOME_STREET_LOWER.finditer(r.text[: len(r.raw)]):  # pupils write "she lives on penny lane"
        if r.near(m.start("street"), m.end("street")) and not lex.not_home.search(m.group("street")):
            return m.group("street")
    return None


def _photo(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    if r.own_account:
        return None  # the user's own account and its posts: their own pictures, not someone else's of them
    name = label(r.shape.platform)
    if r.shape.kind == "image":
        return "An image search result: a picture was found with your name."
    if r.shape.photo:
        return f"It is {_a(name)} photo or video post."
    if r.shape.kind == "post" and r.shape.platform in lex.video_platforms:
        return f"It is {_a(name)} video post."
    if is_social(r.shape.platform):
        words = r.found_near(lex.photo, text) or sc.words(sc.aimed(("capture", "picture")))  # "a vid of sir"
        if not words and sc.of("online"):
            words = sc.words(sc.aimed(("spread",)))  # "posted mrs hill on tiktok"
        if words:
            return _words_sentence(words, f"in this {name} {'page' if r.shape.kind == 'account' else 'post'}")
    return None


_SAYS = re.compile(r",[^.!?|\n]{0,80}?,\s+(?:said|says|explained|added|admitted|wrote)\b[^.!?|\n]*")


def _blank_spoken(r: Reading, text: str) -> str:
    """The text without what the person says themselves, as the news reports it ("Jo Hill, a teacher
    in Leeds, said she had been sent abusive messages"): their own words are not hostility towards them.
    Only that form: "Mrs Hill said my son was stupid" is a complaint about her."""
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _SAYS.match(text, end)
            if m:
                text = text[:end] + " " * (m.end() - end) + text[m.end() :]
    return text


def _negative(r: Reading, lex: Lexicon, text: str, tone: Tone, sc: Scene) -> str | None:
    """Listed words near the name, or a hostile tone there with the words that make it so. Never on the
    user's own account: their own words ("worst marking weekend ever") are not hostility towards them."""
    if r.own_account:
        return None
    words = r.found_near(lex.negative, _blank_spoken(r, text))
    if words:
        return _words_sentence(words)
    hostile = _hostility(sc)
    if hostile:
        return hostile
    if tone.score <= HOSTILE:
        if tone.words:
            noun = "word" if len(tone.words) == 1 and " " not in tone.words[0] else "words"
            return f"The {noun} {_quote(list(tone.words))} near your name read as hostile (tone {tone.score:+.2f})."
        return f"The words near your name read as hostile (tone {tone.score:+.2f})."
    return _contempt(sc, tone)


def tone_of(r: Reading) -> Tone:
    """The tone of the title and snippet near the name (the address's words are not prose)."""
    spans = [(s, e) for _, _, s, e in r.name_hits if 0 <= s < len(r.raw)]
    return read_tone(_blank_spoken(r, r.text)[: len(r.raw)], spans, NEAR)


def _flags(r: Reading, who: Person, lex: Lexicon, book: Accounts, tone: Tone) -> list[Flag]:
    text = _blank(r.text, lex.ignore)  # keep positions
    account = _impersonation(r, who, lex, text, book)
    sc = scene(r, lex, text)
    checks = (
        ("safeguarding", _safeguarding(r, lex, text, tone, sc)),
        ("impersonation", account[1] if account and account[0] == "impersonation" else None),
        ("unconfirmed_account", account[1] if account and account[0] == "unconfirmed_account" else None),
        ("negative", _negative(r, lex, text, tone, sc)),
        ("personal_info", _personal_info(r, lex, text, sc)),
        ("photo", _photo(r, lex, text, sc)),
    )
    return [Flag(code, reason) for code, reason in checks if reason]


# --- the one entry point ----------------------------------------------------------------------------


def dismissed_keys(urls: Iterable[str]) -> frozenset[str]:
    """The canonical keys of the pages the user dismissed.

    Build this once per run and pass it to every assess() call: canonicalising thousands of dismissed
    URLs again for each of thousands of results made triage several times slower.
    """
    return frozenset(canonical_url(u) for u in urls)


def assess(
    result: ResultLike,
    profile: Profile,
    *,
    dismissed_domains: tuple[str, ...] | list[str] = (),
    dismissed_urls: Collection[str] = (),
    accounts: Accounts | None = None,
) -> Assessment:
    """Score, reasons and flags for one result (a Result or a Mention) and one profile.

    dismissed_urls may be raw URLs, or the frozenset from dismissed_keys(), which is used as it is.

    Flags are only given to results at or above THRESHOLD: a stranger's bad news is not the user's
    business, and flagged pages are captured as evidence.
    """
    who = person(profile)
    lex = lexicon()
    key = canonical_url(result.url)
    host = urlsplit(key).hostname or ""
    keys = dismissed_urls if isinstance(dismissed_urls, frozenset) else dismissed_keys(dismissed_urls)
    if key in keys:
        return Assessment(0.0, ["You marked this page as not about you."], drop=True)
    dismissed = _on_domain(host, tuple(_bare_domain(d) for d in dismissed_domains))
    if dismissed:
        return Assessment(0.0, [f"You marked the site {dismissed} as not about you."], drop=True)
    excluded = _on_domain(host, who.exclude_domains)
    if excluded:
        return Assessment(0.0, [f"The site {excluded} is on your exclude list."], drop=True)
    book = accounts or Accounts()
    reading = _read(result, who, book)
    if book.blocked and reading.account is not None and not reading.own_account:
        hidden = next((h for h in book.blocked if h.matches(reading.account)), None)
        if hidden is not None:
            return Assessment(0.0, [f"You hid every page of the {label(hidden.platform or '')} account {reading.account.shown}."], drop=True)
    if who.exclude:
        word = who.exclude.search(reading.text)
        if word:
            return Assessment(0.0, [f"The word '{word.group(0)}' is on your exclude list."], drop=True)
    score, reasons = _relevance(reading, who, lex)
    if reading.best == "honorific" and score == STRENGTH["honorific"] and is_social(reading.shape.platform):
        concern = _situations(reading, scene(reading, lex, _blank(reading.text, lex.ignore)))
        if concern:  # "does anyone know what road ms whitfield lives on": a concern is shown, in case it is her
            score = THRESHOLD
            reasons.append("Nothing else says whether it is you, but it names you as pupils do and describes a "
                           "situation that needs a look, so it is shown in case it is.")
    tone = tone_of(reading)
    flags = _flags(reading, who, lex, book, tone) if score >= THRESHOLD else []
    return Assessment(score, reasons, flags, own=reading.own_account, tone=tone.score)


def reappeared_reason(resolved_on: str | None = None) -> str:
    """The reason for the `reappeared` flag, which the store raises when a resolved page comes back."""
    when = f" on {resolved_on[:10]}" if resolved_on else ""
    return f"You marked this resolved{when}, and it has been found again."
