"""Concepts: word lists read as meanings, so a situation is found however it is worded.

"recorded miss whitfeild", "filmd her", "she got it on camera" and "videoing Mr Okafor" are one
situation written four ways. Listing every wording memorises the last batch and misses the next, so each
concept in data/lexicon.toml (`[concepts]`) lists plain words, and a word matches every form of itself:
words are compared by their Snowball stem (PyStemmer, Snowball's own C stemmers, which search engines use),
after undoing the commonest spellings of pupils' posts ("recordin", "filmd"). The rules in triage then
combine concepts in one sentence: who, doing what, to whom.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_CLITIC = re.compile(r"'r$")  # Welsh "tecstio'r mab" (texting the son): the word is "tecstio"
_VOWELS = frozenset("aeiou")
_YEAR = re.compile(r"^(?:year|yr|y)(?P<n>\d{1,2})s?$")  # year6, yr10, y4s: pupils' year groups
_YEAR_WORDS = frozenset({"year", "yr", "y"})


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # as folded, apostrophes dropped ("didnt")


@dataclass(frozen=True)
class Hit:
    concept: str
    start: int
    end: int
    first: int  # index of the first token
    last: int  # index of the last token


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """English only, loaded on the first word stemmed: commands that read no page never load it."""
    import Stemmer  # lazy: few commands stem a word

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokens(text: str) -> list[Token]:
    """The words of folded text, with where each one is (so hits can be quoted as written)."""
    return [Token(m.start(), m.end(), _CLITIC.sub("", m.group(0)).replace("'", "")) for m in _TOKEN.finditer(text)]


def _is_year(words: list[str], i: int) -> int:
    """How many tokens from i name a year group ("year 6", "y6", "yr10s"), 0 if none."""
    w = words[i]
    m = _YEAR.match(w)
    if m and 1 <= int(m.group("n")) <= 13:
        return 1
    if w in _YEAR_WORDS and i + 1 < len(words) and re.fullmatch(r"\d{1,2}s?", words[i + 1]):
        return 2 if 1 <= int(words[i + 1].rstrip("s")) <= 13 else 0
    return 0


def _is_age(words: list[str], i: int) -> int:
    """How many tokens from i give a child's age ("13 year old", "8 year olds", "12yo", "10 yr old"), 0 if none."""
    w = words[i]
    m = re.fullmatch(r"(\d{1,2})(?:yo|yos)", w)
    if m:
        return 1 if int(m.group(1)) <= 17 else 0
    if not (w.isdigit() and len(w) <= 2 and int(w) <= 17):
        return 0
    rest = words[i + 1 : i + 3]
    if rest[:1] in (["yo"], ["yos"]):
        return 2
    if len(rest) == 2 and rest[0] in ("year", "years", "yr", "yrs") and rest[1] in ("old", "olds"):
        return 3
    return 0


class Concepts:
    """Every concept's terms, indexed by the stem of their first word."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self.index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.years: set[str] = set()
        self._keys: dict[str, str] = {}
        for concept, terms in lists.items():
            for term in terms:
                if term.strip() == "year #":
                    self.years.add(concept)
                    continue
                words = tuple(stem(w.replace("'", "")) for w in _TOKEN.findall(term.lower()))
                entries = self.index.setdefault(words[0], []) if words else None
                if entries is not None and (concept, words[1:]) not in entries:  # two forms of one stem ("recordes")
                    entries.append((concept, words[1:]))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[1]))  # the longest phrase first

    def _key(self, word: str) -> str:
        """The stem a word is looked up by, undoing dropped letters pupils write ("recordin", "filmd")."""
        found = self._keys.get(word)
        if found is None:
            if len(self._keys) > 200_000:
                self._keys.clear()  # a daemon reads words for months: keep the cache bounded
            found = self._keys[word] = word if word.isdigit() else self._stem_key(word)
        return found

    def _stem_key(self, word: str) -> str:
        s = stem(word)
        if s in self.index or len(word) < 4:
            return s
        if word.endswith("in"):
            alt = stem(word + "g")
            if alt in self.index:
                return alt
        if word.endswith("d") and word[-2] not in _VOWELS:
            alt = stem(word[:-1] + "ed")
            if alt in self.index:
                return alt
        return s

    def find(self, text: str) -> tuple[list[Token], list[Hit]]:
        """The text's words and every concept hit among them (a word may start hits of several concepts)."""
        toks = tokens(text)
        words = [t.word for t in toks]
        keys = [self._key(w) for w in words]
        hits: list[Hit] = []
        for i, key in enumerate(keys):
            if self.years:
                n = _is_year(words, i) or _is_age(words, i)
                if n:
                    hits.extend(Hit(c, toks[i].start, toks[i + n - 1].end, i, i + n - 1) for c in self.years)
            for concept, rest in self.index.get(key, ()):
                j = i + 1 + len(rest)
                if j <= len(keys) and tuple(keys[i + 1 : j]) == rest:
                    hits.append(Hit(concept, toks[i].start, toks[j - 1].end, i, j - 1))
        return toks, hits
