"""The forms of a person's name that others would write, each with the reason it is worth a search.

The guide says: search "your name and location first then check variations of your name and even
try nicknames", and watch for accounts "set up in your name". So besides the name itself this
gives the spellings people really use (no accents, one half of a double-barrelled surname, no
Welsh "ap", Mac/Mc mixed up, no middle name), the user's other names and nicknames, "Ms Whitfield"
as pupils write it, "J Whitfield", and the account names an impersonator would pick.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from repwatch.datafiles import packaged_data

if TYPE_CHECKING:
    from repwatch.config import Profile

_MAC = re.compile(r"^(Mac|Mc)(?=[A-Z])")  # MacDonald/McDonald; not Machin or Mackenzie
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class ParsedName:
    """A person's name in its parts."""

    title: str  # "Dr", or ""
    given: str  # first name, or "" for a lone surname
    middle: str
    surname: str  # with its particles: "van der Berg", "ap Gruffydd", "O'Neill-Whitfield"
    suffix: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.middle, self.surname) if p)

    @property
    def single(self) -> bool:
        """One word ("Cher"): nicknames, initials and "Ms …" forms make no sense without both parts."""
        return not (self.given and self.surname)


@dataclass(frozen=True)
class NameForm:
    """One way of writing her name, with why it is searched."""

    text: str
    reason: str


@dataclass(frozen=True)
class NameForms:
    """Every form, grouped by how the plan may use it."""

    name: ParsedName
    full: NameForm
    variants: tuple[NameForm, ...]  # searched like the name: with a place or school, then alone
    initials: tuple[NameForm, ...]  # "J Whitfield": only ever with a place or school
    honorifics: tuple[NameForm, ...]  # "Ms Whitfield": with the school (or place)
    handles: tuple[NameForm, ...]  # "jo_whitfield": account search only


def names_models() -> dict[str, Any]:
    """data/names.toml's and data/nicknames.toml's models (pydantic), loaded only when a file must be
    checked (one changed since ``data/checked.crc32`` was written): see ``repwatch.datafiles``."""
    from pydantic import BaseModel, ConfigDict  # lazy: a stamped file is read without it

    class _NamesFile(BaseModel):
        """data/names.toml: how names are parsed and folded; a misspelt key is an error, not ignored."""

        model_config = ConfigDict(extra="forbid", frozen=True)
        titles: list[str]
        droppable_particles: list[str]
        particles: list[str]
        joined_prefixes: list[str]
        fold: dict[str, str]

    class _NicknamesFile(BaseModel):
        """data/nicknames.toml: first name (lower case, no accents) → the nicknames written as people do."""

        model_config = ConfigDict(extra="forbid", frozen=True)
        nicknames: dict[str, list[str]]

    return {"names.toml": _NamesFile, "nicknames.toml": _NicknamesFile}


@cache
def _data(name: str) -> dict[str, Any]:
    """A packaged data file, checked against its model as it is read (or by its stamp)."""
    return packaged_data(name, lambda: names_models()[name])


@cache
def _constants() -> Any:
    """nameparser with our short title list and Welsh particles, without touching its global state."""

    from nameparser.config import Constants  # lazy: 50 ms; a plain two-word name needs none of it

    names = _data("names.toml")
    constants = Constants(titles=names["titles"])
    constants.prefixes.add(*names["droppable_particles"], *names["particles"])
    return constants


def _straight_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_WORD = re.compile(f"[{_LATIN}]+(?:['-][{_LATIN}]+)*")  # nameparser reads other scripts by rules of their own


def _plain(words: list[str]) -> bool:
    """Two words of Latin letters, neither a title nor a particle: nameparser would read them as given
    name and surname, so it need not be loaded (tests/test_names_plain.py holds the two equal)."""
    if len(words) != 2 or not all(_WORD.fullmatch(w) for w in words):
        return False
    names = _data("names.toml")
    special = {w.casefold() for key in ("titles", "droppable_particles", "particles", "joined_prefixes")
               for w in names[key]}
    return not any(w.casefold().rstrip(".") in special for w in words)


def parse_name(name: str) -> ParsedName:
    """Split a name as a person would: titles off, particles kept with the surname."""

    text = _straight_quotes(" ".join(name.split()))
    words = text.split(" ")
    if _plain(words):
        return ParsedName(title="", given=words[0], middle="", surname=words[1], suffix="")
    from nameparser import HumanName  # lazy: see _plain

    parsed = HumanName(text, constants=_constants())
    given, surname = parsed.first, parsed.last
    if not given and " " in surname:
        # "Das Whitfield": nameparser takes "Das" for a surname particle and leaves no first name;
        # a person reads the first word of a name as the given name
        given, surname = surname.split(" ", 1)
    suffix = parsed.suffix
    if given and not surname and suffix:
        # "Li Jr", "Aas Aas": a name with no surname left had its surname taken for a suffix (AAS, JR)
        surname, suffix = suffix, ""
    return ParsedName(
        title=parsed.title.rstrip("."),
        given=given,
        middle=parsed.middle,
        surname=surname,
        suffix=suffix,
    )


def fold_accents(text: str) -> str:
    """"Zoë Brontë" → "Zoe Bronte": how people type a name on a keyboard without accents."""
    table = _data("names.toml")["fold"]
    text = "".join(table.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def handle_form(text: str) -> str:
    """The letters and digits of a name as an account name uses them: "O'Neill" → "oneill"."""
    return _NOT_ALNUM.sub("", fold_accents(text).lower())


def auto_nicknames(given: str) -> list[str]:
    """Curated diminutives of a first name (see data/nicknames.toml for what is left out and why)."""
    return list(_data("nicknames.toml")["nicknames"].get(handle_form(given), []))


def _is_prefix(word: str) -> bool:
    word = word.casefold()
    prefixes = _constants().prefixes
    return word in _data("names.toml")["joined_prefixes"] or word in prefixes or f"{word}-" in prefixes


def _surname_spellings(name: ParsedName) -> list[NameForm]:
    """The surname as people really write it when they get it slightly wrong or shorten it."""
    if name.single:
        return []
    forms: list[NameForm] = []
    given, surname = name.given, name.surname
    parts = [p for p in surname.split("-") if p]
    if len(parts) > 1 and not any(_is_prefix(p) for p in parts):
        for part in parts:
            forms.append(NameForm(f"{given} {part}", f"one half of your double-barrelled surname ({part}), "
                                                      "as people often drop the other"))
    words = surname.split()
    particles = {p.casefold() for p in _data("names.toml")["droppable_particles"]}
    if len(words) > 1 and words[0].casefold() in particles:
        rest = " ".join(words[1:])
        forms.append(NameForm(f"{given} {rest}", f"your name without '{words[0]}' ({given} {rest}), "
                                                  "as it is often written"))
    match = _MAC.match(surname)
    if match:
        other = ("Mc" if match.group(1) == "Mac" else "Mac") + surname[match.end():]
        forms.append(NameForm(f"{given} {other}", f"{other}: a common misspelling of {surname}"))
    return forms


def _nicknames(name: ParsedName, profile: Profile) -> list[tuple[str, str]]:
    """(nickname, reason): the configured ones, then curated ones unless vetoed."""
    found = [(nick.strip(), f"your nickname ({nick.strip()})") for nick in profile.nicknames if nick.strip()]
    if profile.auto_nicknames and not name.single:
        skip = {n.casefold() for n in profile.nicknames + profile.exclude_nicknames}
        found += [
            (nick, f"{nick}, a common nickname for {name.given} (from auto_nicknames; "
                   "add it to exclude_nicknames if nobody calls you that)")
            for nick in auto_nicknames(name.given)
            if nick.casefold() not in skip
        ]
    return found


def _nickname_forms(name: ParsedName, profile: Profile) -> list[NameForm]:
    """A nickname with the surname; a nickname written as a whole name is kept as it is."""
    return [
        NameForm(nick if " " in nick or name.single else f"{nick} {name.surname}", reason)
        for nick, reason in _nicknames(name, profile)
    ]


def _configured_variants(name: ParsedName, profile: Profile) -> list[NameForm]:
    forms = []
    for variant in profile.variants:
        variant = _straight_quotes(" ".join(variant.split()))
        if " " not in variant and name.given and not name.single:
            forms.append(NameForm(f"{name.given} {variant}", f"your first name with your other surname ({variant})"))
        elif variant:
            forms.append(NameForm(variant, f"another name you have used ({variant})"))
    return forms


def _with_accent_free(forms: list[NameForm]) -> list[NameForm]:
    """Each form, followed by its accent-free spelling when it has accents."""
    out = []
    for form in forms:
        out.append(form)
        plain = fold_accents(form.text)
        if plain != form.text:
            out.append(NameForm(plain, f"{form.text} without accents ({plain}), as many people type it"))
    return out


class _Texted(Protocol):
    @property
    def text(self) -> str: ...


_T = TypeVar("_T", bound=_Texted)


def unique_texts(items: Iterable[_T], taken: set[str] | None = None) -> list[_T]:
    """The first of each text, however it is capitalised ("Jo Hill" and "jo hill" are one search);
    ``taken`` carries the texts already used by an earlier list, and is added to."""
    taken = set() if taken is None else taken
    out = []
    for item in items:
        key = item.text.casefold()
        if key not in taken:
            taken.add(key)
            out.append(item)
    return out


def _unique(forms: list[NameForm], taken: set[str]) -> tuple[NameForm, ...]:
    return tuple(unique_texts(forms, taken))


def _handles(name: ParsedName, profile: Profile) -> list[NameForm]:
    why = "an account name someone could set up in your name"
    if name.single:
        word = handle_form(name.full)
        found = [NameForm(word, f"{why} ({word})")] if word else []
    else:
        surname = handle_form(name.surname)
        givens = [name.given] + [nick for nick, _ in _nicknames(name, profile) if " " not in nick]
        found = []
        for given in givens:
            g = handle_form(given)
            for text in (f"{g}{surname}", f"{g}_{surname}"):
                found.append(NameForm(text, f"{why} ({text})"))
        for title in _titles(name, profile):
            text = f"{handle_form(title)}{surname}"
            found.append(NameForm(text, f"{why}, as teachers' accounts are often named ({text})"))
    for own in profile.handles:
        own = own.strip().lstrip("@")
        if own:
            found.append(NameForm(own, f"your own account name ({own}): finds look-alike accounts"))
    return found


def _titles(name: ParsedName, profile: Profile) -> list[str]:
    titles = [t.strip().rstrip(".") for t in profile.honorifics if t.strip()]
    if name.title and name.title.casefold() not in {t.casefold() for t in titles}:
        titles.append(name.title)
    return titles


def name_forms(profile: Profile) -> NameForms:
    """All the forms of the profile's name, deduplicated, in the order the plan should try them."""
    name = parse_name(profile.name)
    # "Mrs Whitfield" as the whole name: the title is part of how she is known, so it is searched as written
    full = NameForm(name.full if name.given else _straight_quotes(profile.name).strip(), "your name")
    taken = {full.text.casefold()}
    nicknames = _nickname_forms(name, profile)
    spellings: list[NameForm] = []
    if name.middle:
        short = f"{name.given} {name.surname}"
        spellings.append(NameForm(short, f"your name without your middle name ({short})"))
    spellings += _surname_spellings(name)
    variants = _unique(
        _with_accent_free([full])[1:]
        + _with_accent_free(_configured_variants(name, profile))
        + _with_accent_free(spellings)
        + _with_accent_free(nicknames),
        taken,
    )
    initials: list[NameForm] = []
    honorifics: list[NameForm] = []
    if not name.single:
        text = f"{name.given[0]} {name.surname}"
        initials.append(NameForm(text, f"your initial and surname ({text})"))
    if name.surname:
        for title in _titles(name, profile):
            text = f"{title} {name.surname}"
            honorifics.append(NameForm(text, f"your name as pupils write it ({text})"))
    handles = _unique(_handles(name, profile), set())
    return NameForms(
        name=name,
        full=full,
        variants=variants,
        initials=_unique(_with_accent_free(initials), taken),
        honorifics=_unique(_with_accent_free(honorifics), taken),
        handles=handles,
    )
