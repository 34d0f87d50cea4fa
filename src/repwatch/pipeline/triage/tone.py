"""Tone: how hostile or warm the words near the person's name are, beyond any word list.

A parent who writes "honestly she needs to go, nobody learns a thing in that class" uses no insult a
list would hold. VADER (vaderSentiment: a rule-based sentiment reader built for social media text,
with its own lexicon of about 7,500 words, emoticons and slang, negation and intensifiers; it runs
offline) reads such text. Its lexicon is general English, so data/lexicon.toml's ``[tone]`` section
adjusts words that mean something else about a teacher ("a joke", "sacked") and adds phrases VADER
cannot know. Only the sentences near the name count: a hostile sentence about someone else on the
same page is not about her.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from repwatch.pipeline.triage.text import lexicon_data

_SENTENCE = re.compile(r"[^.!?|\n]+[.!?]*")


@dataclass(frozen=True)
class Tone:
    score: float  # -1 hostile … 1 warm; 0 neutral or nothing to read
    words: tuple[str, ...]  # the most hostile words near the name, as written


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    return dict(lexicon_data().get("tone", {}))


@lru_cache(maxsize=1)
def _analyser() -> Any:
    """VADER, once per process, with the lexicon's adjustments for words about teachers."""
    from vaderSentiment.vaderSentiment import (
        SentimentIntensityAnalyzer,  # lazy: VADER loads its lexicon on import; only text near a name needs it
    )

    analyser = SentimentIntensityAnalyzer()
    for word, valence in _settings().get("valence", {}).items():
        analyser.lexicon[word.lower()] = float(valence)
    return analyser


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[re.Pattern[str], float, str]]:
    """Hostile phrases VADER reads word by word and so misses ("needs to go", "waste of space")."""
    out = []
    for phrase, valence in _settings().get("phrases", {}).items():
        body = r"[\s\-]+".join(re.escape(w) for w in phrase.lower().split())
        out.append((re.compile(rf"(?<!\w){body}(?!\w)"), float(valence), phrase))
    return out


@lru_cache(maxsize=1)
def _neutral() -> re.Pattern[str] | None:
    """Phrases whose words are not hostile here ("penalty shoot-out", "she'd kill us", "till I die")."""
    phrases = sorted((p.lower() for p in _settings().get("neutral", [])), key=len, reverse=True)
    if not phrases:
        return None
    body = "|".join(r"[\s\-]*".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def read_tone(text: str, spans: list[tuple[int, int]], near: int) -> Tone:
    """The tone of the sentences in ``text`` (folded: lower case) within ``near`` characters of a
    name span, each weighted by how close it is (neutral sentences left out); with no span, the whole
    text. Also the most hostile words there, for the reason."""
    analyser = _analyser()
    neutral = _neutral()
    if neutral is not None:
        text = neutral.sub(lambda m: " " * len(m.group(0)), text)
    total = weight_sum = 0.0
    hostile: list[tuple[float, str]] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if len(sentence) < 3:
            continue
        if spans:
            gap = min(max(0, s - m.end(), m.start() - e) for s, e in spans)
            if gap > near:
                continue
            weight = 1.0 if gap == 0 else 0.5
        else:
            weight = 1.0
        compound = float(analyser.polarity_scores(sentence)["compound"])
        for pattern, valence, _phrase in _phrases():
            said = pattern.search(sentence)
            if said:
                compound = min(compound, valence)
                hostile.append((valence, said.group(0)))
        if compound == 0.0:
            continue  # a neutral sentence (a title, a date) says nothing of tone: it must not dilute it
        total += weight * compound
        weight_sum += weight
        if compound < 0:
            for token in re.findall(r"[\w'’]+|[^\w\s]", sentence):
                valence = analyser.lexicon.get(token.lower())
                if valence is not None and valence <= -1.0:
                    hostile.append((valence, token))
    if not weight_sum:
        return Tone(0.0, ())
    score = round(max(-1.0, min(1.0, total / weight_sum)), 2)
    words: list[str] = []
    for _, word in sorted(hostile, key=lambda h: h[0]):
        if word not in words:
            words.append(word)
    return Tone(score, tuple(words[:3]))


def valence(word: str) -> float:
    """A word's tone in the lexicon's own `[tone.valence]` (words said of a teacher: "arrogant", "smug",
    "clueless"), 0 if it has none there (VADER's general words, "banned", "grim", are not counted)."""
    return float(_settings().get("valence", {}).get(word.lower(), 0.0))
