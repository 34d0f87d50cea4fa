"""Tell what matters: is a result about this person, and does it need their attention?

A digest full of another Joanna Whitfield's house listings teaches its reader to skim it, and then the
one impersonating account is missed. So every result gets a score (how likely it is about *this*
person), plain-sentence reasons for that score, and risk flags, each naming the words or fact that
raised it, so the user can judge in a second whether we were right. Word lists live in
data/lexicon.toml and UK places in data/uk_places.toml; this module only decides how they combine.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from repwatch.config import Profile
from repwatch.models import RELEVANT, Flag
from repwatch.pipeline.triage.text import Lexicon, blank, fold, lexicon, squash, terms_pattern
from repwatch.pipeline.triage.tone import HOSTILE, Tone, read_tone
from repwatch.pipeline.triage.what import flags_of, scene, situations, tone_of
from repwatch.pipeline.triage.who import (
    LOOKALIKE,
    STRENGTH,
    Accounts,
    ResultLike,
    Who,
    _bare_domain,
    _on_domain,
    accounts_book,
    distance_km,
    person,
    places,
    read,
    relevance,
)
from repwatch.pipeline.urls import canonical_url
from repwatch.platforms import is_social, label

__all__ = [
    "FLAG_CODES", "HOSTILE", "LOOKALIKE", "THRESHOLD", "Accounts", "Assessment", "Lexicon", "Tone", "Who",
    "accounts_book", "assess", "dismissed_keys", "distance_km", "fold", "lexicon", "person", "places",
    "read_tone", "reappeared_reason", "squash", "terms_pattern",
]

THRESHOLD = RELEVANT  # at or above: in the digest; below: stored, but not shown
FLAG_CODES = (
    "safeguarding", "impersonation", "unconfirmed_account", "negative", "personal_info", "photo", "reappeared",
)


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
    reading = read(result, who, book)
    if book.blocked and reading.account is not None and not reading.own_account:
        hidden = next((h for h in book.blocked if h.matches(reading.account)), None)
        if hidden is not None:
            return Assessment(0.0, [f"You hid every page of the {label(hidden.platform or '')} account {reading.account.shown}."], drop=True)
    if who.exclude:
        word = who.exclude.search(reading.text)
        if word:
            return Assessment(0.0, [f"The word '{word.group(0)}' is on your exclude list."], drop=True)
    score, reasons = relevance(reading, who, lex)
    if reading.best == "honorific" and score == STRENGTH["honorific"] and is_social(reading.shape.platform):
        concern = situations(reading, scene(reading, lex, blank(reading.text, lex.ignore)))
        if concern:  # "does anyone know what road ms whitfield lives on": a concern is shown, in case it is her
            score = THRESHOLD
            reasons.append("Nothing else says whether it is you, but it names you as pupils do and describes a "
                           "situation that needs a look, so it is shown in case it is.")
    tone = tone_of(reading)
    flags = flags_of(reading, who, lex, book, tone) if score >= THRESHOLD else []
    return Assessment(score, reasons, flags, own=reading.own_account, tone=tone.score)


def reappeared_reason(resolved_on: str | None = None) -> str:
    """The reason for the `reappeared` flag, which the store raises when a resolved page comes back."""
    when = f" on {resolved_on[:10]}" if resolved_on else ""
    return f"You marked this resolved{when}, and it has been found again."
