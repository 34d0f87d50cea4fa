"""Tell what matters: is a result about this person, and does it need their attention?

A digest full of another Joanna Whitfield's house listings teaches its reader to skim it, and then the
one impersonating account is missed. So every result gets a score (how likely it is about *this*
person), plain-sentence reasons for that score, and risk flags, each naming the words or fact that
raised it, so the user can judge in a second whether we were right. Word lists live in
data/lexicon.toml and UK places in data/uk_places.toml; this module only decides how they combine.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from repwatch.config import Profile
from repwatch.models import ABOUT_YOU, RELEVANT, Flag
from repwatch.pipeline.labels import HOSTILE
from repwatch.pipeline.person import Person
from repwatch.pipeline.triage.about import SOMEONE_ELSE, STRONG, UNSURE, YOU, Verdict, judge, pupils_post
from repwatch.pipeline.triage.hostile import tone_of
from repwatch.pipeline.triage.namesakes import Marks, marks_of
from repwatch.pipeline.triage.text import Lexicon, blank, fold, lexicon, squash, terms_pattern
from repwatch.pipeline.triage.tone import Tone, read_tone
from repwatch.pipeline.triage.what import flags_of, pupils_voice, scene
from repwatch.pipeline.triage.who import (
    LOOKALIKE,
    STRENGTH,
    WEAK_NAMES,
    Accounts,
    Reading,
    ResultLike,
    Who,
    _bare_domain,
    _on_domain,
    _profile_key,
    accounts_book,
    distance_km,
    person,
    places,
    read,
    relevance,
)
from repwatch.pipeline.urls import canonical_url
from repwatch.platforms import label

__all__ = [
    "FLAG_CODES", "HOSTILE", "SOMEONE_ELSE", "UNSURE", "YOU", "LOOKALIKE", "THRESHOLD", "Accounts", "Assessment", "Lexicon", "Tone", "Who",
    "accounts_book", "assess", "dismissed_keys", "distance_km", "fold", "lexicon", "person", "places",
    "read_tone", "reappeared_reason", "squash", "terms_pattern",
]

THRESHOLD = RELEVANT  # at or above: in the digest; below: stored, but not shown
YOU_SCORE = ABOUT_YOU  # a page tied to her scores at least this
UNSURE_SCORE = 0.55  # her name and nothing either way: shown (at most this), asked about
ELSE_SCORE = 0.45  # someone else's page: stored below the line, set aside
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
    about: str = "you"  # you | unsure | someone_else (see about.py)
    about_reasons: list[str] = field(default_factory=list)

    @property
    def about_me(self) -> bool:
        """Kept as a mention to show (you or unsure); a namesake's page is stored below the line."""
        return not self.drop and self.score >= THRESHOLD

    @property
    def codes(self) -> list[str]:
        return [flag.code for flag in self.flags]

    @property
    def shown_codes(self) -> list[str]:
        """The flags she sees: a page set aside as someone else's shows none."""
        return [] if self.about == SOMEONE_ELSE else self.codes


# --- the one entry point ----------------------------------------------------------------------------


def dismissed_keys(urls: Iterable[str]) -> frozenset[str]:
    """The canonical keys of the pages the user dismissed.

    Build this once per run and pass it to every assess() call: canonicalising thousands of dismissed
    URLs again for each of thousands of results made triage several times slower.
    """
    return frozenset(canonical_url(u) for u in urls)


_MARKS: dict[tuple[Any, ...], tuple[Marks, ...]] = {}


def namesake_marks(who_is: Person) -> tuple[Marks, ...]:
    """What tells each of her namesakes apart, read once per person (cached by profile and namesakes)."""
    if not who_is.namesakes:
        return ()
    key = (_profile_key(who_is.profile), who_is.namesakes)
    found = _MARKS.get(key)
    if found is None:
        if len(_MARKS) > 32:
            _MARKS.clear()
        who, lex = person(who_is.profile), lexicon()
        found = _MARKS[key] = tuple(marks_of(ns, who, lex) for ns in who_is.namesakes)
    return found


def assess(
    result: ResultLike,
    profile: Profile | Person,
    *,
    dismissed_domains: tuple[str, ...] | list[str] = (),
    dismissed_urls: Collection[str] = (),
    accounts: Accounts | None = None,
) -> Assessment:
    """Score, reasons, flags and the answer to "is it her?" for one result and one person.

    ``profile`` is the run's Person (profile, accounts, dismissals, namesakes, read once), or a bare
    Profile (`repwatch search`, tests). The keyword arguments add to what the Person holds.

    Flags are raised on every page; `about` decides where they show (a page set aside as someone
    else's shows none), so a namesake's bad news never reads as hers.
    """
    me = profile if isinstance(profile, Person) else Person.of(profile)
    who = person(me.profile)
    lex = lexicon()
    key = canonical_url(result.url)
    host = urlsplit(key).hostname or ""
    keys = dismissed_urls if isinstance(dismissed_urls, frozenset) else dismissed_keys(dismissed_urls)
    if key in keys or key in me.dismissed:
        return Assessment(0.0, ["You marked this page as not about you."], drop=True, about=SOMEONE_ELSE)
    domains = tuple(_bare_domain(d) for d in (*me.blocked_domains, *dismissed_domains))
    dismissed = _on_domain(host, domains)
    if dismissed:
        return Assessment(0.0, [f"You marked the site {dismissed} as not about you."], drop=True, about=SOMEONE_ELSE)
    excluded = _on_domain(host, who.exclude_domains)
    if excluded:
        return Assessment(0.0, [f"The site {excluded} is on your exclude list."], drop=True, about=SOMEONE_ELSE)
    book = accounts or Accounts(own=me.own_accounts, blocked=me.blocked_accounts)
    reading = read(result, who, book)
    _unless_it_says_otherwise(reading, lex)
    if book.blocked and reading.account is not None and not reading.own_account:
        hidden = next((h for h in book.blocked if h.matches(reading.account)), None)
        if hidden is not None:
            return Assessment(0.0, [f"You hid every page of the {label(hidden.platform or '')} account {reading.account.shown}."],
                              drop=True, about=SOMEONE_ELSE)
    if who.exclude:
        word = who.exclude.search(reading.text)
        if word:
            return Assessment(0.0, [f"The word '{word.group(0)}' is on your exclude list."], drop=True, about=SOMEONE_ELSE)
    score, reasons = relevance(reading, who, lex)
    photo_match = getattr(result, "photo_match", None)
    verdict = judge(reading, who, lex, me, namesake_marks(me), photo_match)
    tone = tone_of(reading)
    flags = flags_of(reading, who, lex, book, tone)
    flags = _with_photo(flags, photo_match, reading.own_account)
    if verdict.about == UNSURE and any(f.code in ("impersonation", "unconfirmed_account") for f in flags):
        # an account in her name is about her whoever runs it: hers, or someone using her name
        verdict.about, verdict.reasons = YOU, ["an account in your name", *verdict.reasons[1:]]
    _who_is_writing(verdict, reading, lex)
    _weigh_what_happens(verdict, reading, flags, lex)
    if verdict.about == YOU:
        score = max(score, YOU_SCORE)
    elif verdict.about == SOMEONE_ELSE:
        score = min(score, ELSE_SCORE)
    elif reading.best in ("honorific", "initial", "surname", "pupil", "given") and not verdict.ties:
        # "Mrs Sharma" alone is many people: shown only when the page describes something to look at
        score = THRESHOLD if flags and score < THRESHOLD else min(score, UNSURE_SCORE)
    else:
        score = max(THRESHOLD, min(score, UNSURE_SCORE))
    # a page with a safeguarding hint is never warm or friendly, whatever its emojis ("the only one who listened 💛")
    said = min(tone.score, 0.0) if any(f.code == "safeguarding" for f in flags) else tone.score
    return Assessment(round(score, 2), reasons, flags, own=reading.own_account, tone=said,
                      about=verdict.about, about_reasons=list(verdict.reasons))


def _weigh_what_happens(verdict: Verdict, reading: Reading, flags: list[Flag], lex: Lexicon) -> None:
    """What the page describes changes what is safe to answer. A safeguarding situation is never set
    aside on weak evidence (her name or a tie to her, and nothing that clearly says another person):
    at worst it is "not sure", and shown. A name pupils might use ("Ms W") with nothing to look at is
    too common to ask about."""
    safeguarding = any(f.code == "safeguarding" for f in flags)
    if (verdict.about == SOMEONE_ELSE and reading.best == "none" and verdict.school and not verdict.namesake
            and any(f.code in _WHAT_HAPPENS for f in flags) and _a_teacher_unnamed(reading, lex)):
        # a parent's complaint about "my son's form tutor at <her school>", pupils' "recorded miss losing it
        # #evingtonpark": one of its teachers, unnamed, and something to look at (said first: it says more)
        verdict.about = UNSURE
        verdict.reasons = [f"names your school and one of its teachers ('{_a_teacher_unnamed(reading, lex)}'), "
                           "not by name", *(r for r in verdict.reasons if r != "your name is not on it")]
    elif (verdict.about == SOMEONE_ELSE and safeguarding and not verdict.namesake and verdict.against < STRONG
            and (reading.best != "none" or verdict.school)):
        verdict.about = UNSURE
        verdict.reasons = ["it describes something to look at, and nothing clearly says it is someone else",
                           *(r for r in verdict.reasons if r != "your name is not on it")]
    elif verdict.about == UNSURE and reading.best in WEAK_NAMES and not flags:
        verdict.about = SOMEONE_ELSE
        verdict.reasons = ["only a name many people are called, and nothing to look at", *verdict.reasons]


def _who_is_writing(verdict: Verdict, reading: Reading, lex: Lexicon) -> None:
    """A post that names her as pupils do and reads as a pupil's is about her, unless something says
    it is someone else (another school, another town): "not sure" becomes "you", with who is writing
    as the reason. Only then are the pupil's words read (`pupils_voice`, with the situations' reading)."""
    if verdict.about != UNSURE or verdict.against or verdict.namesake:
        return
    if reading.best not in ("honorific", "surname"):
        return
    voice = pupils_voice(reading, scene(reading, lex, blank(reading.text, lex.ignore)))
    tie = verdict.reasons[0] if verdict.ties else None  # her town, say: not enough alone for "walker"
    said = pupils_post(reading, voice, tie)
    if said:
        verdict.about = YOU
        verdict.reasons = [said, *(r for r in verdict.reasons if "nothing that says whether" not in r and r != tie)]


_WHAT_HAPPENS = ("safeguarding", "negative", "photo", "personal_info")
_ADDRESSED = re.compile(r"(?<![\w])(?:miss|sir|syr|the teacher|that teacher|her teacher|his teacher)(?![\w])")


def _a_teacher_unnamed(r: Reading, lex: Lexicon) -> str | None:
    """A teacher spoken of without a name: a role ("form tutor", "the SENCo"), or pupils' "miss" and "sir"."""
    roles = [w for w in r.found_near(lex.role) if not re.match(r"(?:year|ks|reception|my|our)\b", w)]  # a class is not a teacher
    found = roles or r.found_near(_ADDRESSED, r.text[: len(r.raw)])
    return found[0] if found else None


def _unless_it_says_otherwise(r: Reading, lex: Lexicon) -> None:
    """A bare handle says how she is called, not where she has accounts: anyone can take the same name
    on a platform she does not use. Such an account is presumed hers, unless its page says it is
    someone else's account in her name ("parody account", "fan page"): then it is judged as a copy."""
    if not r.presumed:
        return
    if not r.found_near(lex.self_declared, blank(r.text, lex.ignore)):
        return
    r.own_account = False
    r.name_hits[:] = [h if h[0] != "own" else ("handle", r.presumed, h[2], h[3]) for h in r.name_hits]
    r.best = min((h[0] for h in r.name_hits), key=list(STRENGTH).index)


def _with_photo(flags: list[Flag], photo_match: str | None, own: bool) -> list[Flag]:
    """Her photo found on the page raises `photo`, and on an account not hers, `impersonation`. An image
    result keeps its `photo` whoever it shows: flags are raised on every page, and a page set aside as
    someone else's shows none (`Assessment.shown_codes`)."""
    if own or not photo_match:
        return flags
    out = [f for f in flags if f.code not in ("photo", "unconfirmed_account")]
    out.append(Flag("photo", f"It looks like your photo {photo_match}."))
    if any(f.code == "unconfirmed_account" for f in flags):
        was = next(f for f in flags if f.code == "unconfirmed_account")
        out.append(Flag("impersonation", was.reason.split(" that you have not told")[0]
                        + f" uses your photo {photo_match}: someone may be pretending to be you."))
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    return sorted(out, key=lambda f: order.get(f.code, 99))


def reappeared_reason(resolved_on: str | None = None) -> str:
    """The reason for the `reappeared` flag, which the store raises when a resolved page comes back."""
    when = f" on {resolved_on[:10]}" if resolved_on else ""
    return f"You marked this resolved{when}, and it has been found again."
