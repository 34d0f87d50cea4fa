"""The text folding and the word lists that triage's questions share (who, what, how), and the account
watch's judge too: one way to fold a text, so a word found by one is found by all.

Word lists live in data/lexicon.toml; this module compiles them once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from repwatch import datafiles
from repwatch.datafiles import checked, packaged_data
from repwatch.pipeline.triage.concepts import Concepts

NEAR = 200  # characters: how close a word must be to the name to count as "near your name"
CLAUSE = re.compile(r"[^.!?|\n]+")  # a sentence (or a title) of folded text


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
    pastimes: re.Pattern[str]
    far_places: re.Pattern[str]
    ignore: re.Pattern[str]
    photo: re.Pattern[str]
    captions: re.Pattern[str] | None
    impersonation: re.Pattern[str]
    self_declared: re.Pattern[str]
    negative: re.Pattern[str]
    safeguarding: re.Pattern[str]
    children: re.Pattern[str]
    contact: re.Pattern[str]
    photographed: re.Pattern[str]
    identified: re.Pattern[str]
    personal_info: re.Pattern[str]
    not_home: re.Pattern[str]
    organisation_contact: re.Pattern[str]
    role: re.Pattern[str]
    offers: re.Pattern[str]
    pupil_voice: re.Pattern[str]
    pupil_words: re.Pattern[str]
    concepts: Concepts
    video_platforms: frozenset[str]
    home_street: re.Pattern[str] | None = None  # "lives on penny lane", "yn byw ar heol y gwyndy" (folded)
    class_code: re.Pattern[str] | None = None  # a class or year code in text: "10x2", "year 9s", "p5"
    class_tag: re.Pattern[str] | None = None  # the same inside an account's name: "ibby_10x2", "s5lassies"
    subjects: frozenset[str] = frozenset()  # folded: what a teacher teaches or does ("pe", "senco", "hanes")
    events: re.Pattern[str] | None = None  # "marathon", "parkrun": a far place there is where it was held
    school_accounts: frozenset[str] = frozenset()  # folded: "pe", "official": a school's own account's words


BASE_LANGUAGE = "en"

Words = list[Annotated[str, StringConstraints(pattern=r"\S")]]  # words or phrases, none blank


class _Lists(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Relevance(_Lists):
    teaching: Words
    subjects: Words = []  # what a teacher teaches or does, as her handle may say it ("MrTaylorPE")
    events: Words = []  # events people travel to: a far place there is not where they live
    other_work: Words
    pastimes: Words
    other_teaching: Words
    far_places: Words


class _Ignore(_Lists):
    phrases: Words


class _Photo(_Lists):
    words: Words
    captions: Words = []  # "pictured", "yn y llun": a caption saying who is in a page's picture
    video_platforms: Words = []


class _Impersonation(_Lists):
    words: Words
    role: Words
    offers: Words
    self_declared: Words


class _Negative(_Lists):
    words: Words
    complaints: Words


class _Safeguarding(_Lists):
    strong: Words
    children: Words
    contact: Words
    pupil_voice: Words
    photographed: Words
    identified: Words


class _PersonalInfo(_Lists):
    words: Words
    not_home: Words
    organisation_contact: Words
    lives_on: Words  # "lives on", "yn byw ar": then a home street as pupils write it
    street_last: Words  # street words after the name ("penny lane")
    street_first: Words = []  # street words before the name, in languages that put them first ("heol y gwyndy")


class _Flags(_Lists):
    photo: _Photo
    impersonation: _Impersonation
    negative: _Negative
    safeguarding: _Safeguarding
    personal_info: _PersonalInfo


class _Voices(_Lists):
    pupils: Words
    school_accounts: Words = []  # a school's own account's words beside its name ("kwhs_pe")
    year_prefixes: Words  # how a year group is written before its number: y, yr, s, p


class _Tone(_Lists):
    valence: dict[str, float]  # a word's tone for VADER, -4 … 4
    phrases: dict[str, float]  # a hostile phrase VADER reads word by word, and its tone
    neutral: Words = []  # phrases left out before the tone is read (sport, idioms)


class LexiconFile(_Lists):
    """data/lexicon/en.toml, and every language merged into it: the lists triage reads, no others."""

    relevance: _Relevance
    ignore: _Ignore
    flags: _Flags
    voices: _Voices
    tone: _Tone
    concepts: dict[str, Words]


class LexiconError(ValueError):
    """A language file that does not fit en.toml's lists: a packaging bug, named by file and key."""


@lru_cache(maxsize=1)
def lexicon_data() -> dict[str, Any]:
    """The word lists: data/lexicon/en.toml, with every other language's file (cy.toml …) added to it.

    A language file may only add words to lists en.toml has (and words with their tone to `[tone]`);
    anything else is refused when it is loaded, naming the file and the key, so a misspelt key is never
    silently ignored.
    """
    folder = resources.files("repwatch").joinpath("data/lexicon")
    base: dict[str, Any] = packaged_data(f"lexicon/{BASE_LANGUAGE}.toml", LexiconFile)
    others = sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.name != f"{BASE_LANGUAGE}.toml"),
                    key=lambda f: f.name)
    for entry in others:
        try:
            extra = datafiles.read(f"lexicon/{entry.name}")
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"data/lexicon/{entry.name} is not valid TOML: {exc}") from None
        _merge(base, extra, entry.name, ())
        checked(LexiconFile, base, f"repwatch's data file data/lexicon/{entry.name}")
    return base


def _merge(base: dict[str, Any], extra: dict[str, Any], file: str, path: tuple[str, ...]) -> None:
    for key, value in extra.items():
        where = f"data/lexicon/{file}: [{'.'.join((*path, key))}]"
        if key not in base:
            if len(path) == 2 and path[0] == "tone" and isinstance(value, int | float) and not isinstance(value, bool):
                base[key] = float(value)  # a word or phrase of this language, with its tone
                continue
            raise LexiconError(f"{where} is not a list in {BASE_LANGUAGE}.toml: a language file only adds words "
                               "to the lists it has")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise LexiconError(f"{where} should be a table, as in {BASE_LANGUAGE}.toml")
            _merge(base[key], value, file, (*path, key))
        elif isinstance(base[key], list):
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
                raise LexiconError(f"{where} should be a list of words in quotes")
            base[key] = base[key] + value
        elif isinstance(base[key], int | float) and isinstance(value, int | float):
            base[key] = float(value)
        else:
            raise LexiconError(f"{where} should be a {type(base[key]).__name__}, as in {BASE_LANGUAGE}.toml")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = lexicon_data()
    rel, flags = raw["relevance"], raw["flags"]
    safe = flags["safeguarding"]
    pats: dict[str, Any] = {
        "teaching": rel["teaching"],
        "other_work": rel["other_work"],
        "other_teaching": rel["other_teaching"],
        "pastimes": rel["pastimes"],
        "far_places": rel["far_places"],
        "ignore": raw["ignore"]["phrases"],
        "photo": flags["photo"]["words"],
        "captions": flags["photo"].get("captions", []),
        "impersonation": flags["impersonation"]["words"],
        "self_declared": flags["impersonation"]["self_declared"],
        "negative": flags["negative"]["words"] + flags["negative"]["complaints"],
        "safeguarding": safe["strong"],
        "children": safe["children"],
        "contact": safe["contact"],
        "photographed": safe["photographed"],
        "identified": safe["identified"],
        "personal_info": flags["personal_info"]["words"],
        "not_home": flags["personal_info"]["not_home"],
        "organisation_contact": flags["personal_info"]["organisation_contact"],
        "role": flags["impersonation"]["role"],
        "offers": flags["impersonation"]["offers"],
        "pupil_voice": safe["pupil_voice"],
        "pupil_words": raw["voices"]["pupils"],
    }
    compiled: dict[str, Any] = {key: terms_pattern(words) for key, words in pats.items()}
    text_code, tag_code = _class_codes(raw["voices"]["year_prefixes"])
    info = flags["personal_info"]
    return Lexicon(
        **compiled, concepts=Concepts(raw["concepts"]),
        video_platforms=frozenset(flags["photo"].get("video_platforms", ())),
        class_code=text_code, class_tag=tag_code, subjects=frozenset(fold(w) for w in rel.get("subjects", ())),
        events=terms_pattern(rel.get("events", [])),
        home_street=_home_street(info["lives_on"], info["street_last"], info["street_first"]),
        school_accounts=frozenset(fold(w) for w in raw["voices"].get("school_accounts", ())),
    )


def _home_street(lives: list[str], last: list[str], first: list[str]) -> re.Pattern[str] | None:
    """A word for living somewhere, then a street, in lower case as pupils write it: its name then a
    street word ("lives on penny lane"), or a street word then its name ("yn byw ar heol y gwyndy")."""
    def alt(words: list[str]) -> str:
        return "|".join(r"\s+".join(re.escape(w) for w in fold(x).split()) for x in sorted(words, key=len, reverse=True))
    streets = []
    if last:
        streets.append(rf"(?:[a-z']+\s+){{1,2}}(?:{alt(last)})")
    if first:
        streets.append(rf"(?:{alt(first)})(?:\s+[a-z']+){{1,3}}?(?=\s*(?:[,.!?|\n]|$|\s+(?:yn|near|by|ger|efo|with)\b))")
    if not lives or not streets:
        return None
    number = r"(?:\d[\dx]*[a-z]?,?\s+)?"  # "lives at 2xx earlham road": a house number, even half hidden
    return re.compile(rf"(?<![\w])(?:{alt(lives)})\s+(?:the\s+|y\s+)?{number}(?P<street>{'|'.join(streets)})(?![\w])")


# After a number, letters that are units or times, not a form ("10am", "11th", "9km").
_NOT_FORM = "am|pm|th|st|nd|rd|s|k|m|g|p|km|kg|mm|cm|ml|mb|gb|hr|hrs|yo|ft|lb|mi|mins|min|x|v|mph|ish"


def _class_codes(prefixes: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Class and year codes as pupils write them, in a sentence and inside an account's name."""
    pre = "|".join(sorted((re.escape(fold(p)) for p in prefixes), key=len, reverse=True))
    year = rf"(?:{pre})\s?(?:1[0-3]|[1-9])(?![0-9])"
    form = rf"(?:1[0-3]|[7-9])(?!(?:{_NOT_FORM})(?![a-z0-9]))[a-z]{{1,2}}[0-9]?"
    in_text = re.compile(rf"(?<![\w£$.,:/\-])(?:{year}s?|{form})(?![\w])")
    in_tag = re.compile(rf"(?:^|[._@#])(?:{year}|{form}(?=$|[._]))")
    return in_text, in_tag


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def blank(text: str, pattern: re.Pattern[str] | None) -> str:
    """The text with a pattern's matches turned to spaces, so positions stay comparable."""
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def article(word: str, *, capital: bool = False) -> str:
    """'an Instagram', 'a TikTok', and 'an X (Twitter)': a letter said on its own (X, an SMS) takes
    the article of its sound."""
    first = word.split(" ", 1)[0] if word else ""
    spelt = bool(first) and first.isupper() and len(first) <= 4
    article = "an" if (word[:1] in "AEFHILMNORSX" if spelt else word[:1].lower() in "aeio") else "a"
    return f"{article.capitalize() if capital else article} {word}"


def quote(words: list[str]) -> str:
    shown = [f"'{w}'" for w in words[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def words_sentence(words: list[str], where: str = "near your name") -> str:
    noun = "word" if len(words) == 1 and " " not in words[0] else "words"
    verb = "appears" if noun == "word" else "appear"
    return f"The {noun} {quote(words)} {verb} {where}."



def and_(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
