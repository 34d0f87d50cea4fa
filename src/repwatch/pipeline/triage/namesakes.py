"""Namesakes: someone else with her name, learned from her "not me".

From the page she said "not me" to, keep what tells that person apart: their account, their work,
their place, their organisation, their age, and the words written beside the name. Nothing of hers is
ever kept as their mark (her school, town, role, handles), so "not me" on a stranger in her town never
hides her town's news, and "not me" on one page of a site never hides her pages on that site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from repwatch.pipeline.person import Namesake
from repwatch.pipeline.triage.concepts import stem
from repwatch.pipeline.triage.text import Lexicon, blank, fold
from repwatch.pipeline.triage.who import AGE, Reading, Who, read
from repwatch.platforms import is_social, label
from repwatch.timefmt import short_day

_ORG = re.compile(
    r"\b(?:[A-Z][\w'\u2019&\-]+\s+){1,4}(?:Council|Ltd|Limited|plc|LLP|Hospital|University|College|FC|Club|"
    r"Surgery|Practice|Trust|Police|Church|Chambers|Partners|Group|Agency|Academy|School|Primary|Associates)\b"
    r"|\bYsgol(?:\s+[A-Z][\w'\u2019\-]+){1,3}"
)
_WORD = re.compile(r"[a-z][a-z'\-]{3,}")
_COMMON = frozenset(["about", "after", "again", "also", "been", "being", "both", "came", "come", "could", "does", "done", "down", "each", "even", "ever", "from", "have", "here", "into", "just", "know", "last", "like", "look", "made", "make", "many", "more", "most", "much", "must", "never", "next", "only", "other", "over", "said", "same", "says", "seen", "should", "some", "still", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "time", "today", "told", "very", "want", "were", "what", "when", "where", "which", "while", "will", "with", "would", "year", "years", "your", "yours", "week", "people", "page", "pages", "posts", "post", "photos", "video", "videos", "profile", "linkedin", "facebook", "twitter", "instagram", "tiktok", "youtube", "account", "accounts", "follow", "followers", "following", "view", "views", "home", "news", "read", "more", "mrs", "miss"])


@dataclass(frozen=True)
class Marks:
    """What tells one namesake apart, read from the page that taught it."""

    namesake: Namesake
    account: tuple[str, str] | None  # (platform, handle as the platform compares it)
    roles: tuple[str, ...]
    places: tuple[str, ...]  # folded
    orgs: tuple[str, ...]  # folded, as written on the page
    age: int | None
    words: frozenset[str]
    summary: str  # "the councillor in Llanelli"
    story: frozenset[str] = frozenset()  # stems of what the page says happened to them ("reprimand", "expens")


class _Page:
    def __init__(self, ns: Namesake) -> None:
        self.url, self.title, self.snippet, self.kind = ns.url, ns.title, ns.snippet, ns.kind
        self.platform = ""
        self.domain = ""


def _hers(who: Who, lex: Lexicon) -> frozenset[str]:
    """The words of her own anchors, never a namesake's mark."""
    words: set[str] = set()
    for org, _, _ in who.orgs:
        words.update(_WORD.findall(fold(org)))
    for loc, _ in who.places:
        words.update(_WORD.findall(fold(loc)))
    for name in who.names:
        words.update(_WORD.findall(fold(name.text)))
    words.update(who.titles)
    words.update(h.name for h in who.handles)
    return frozenset(words)


def marks_of(ns: Namesake, who: Who, lex: Lexicon) -> Marks:
    r = read(_Page(ns), who)
    hers = _hers(who, lex)
    account = None
    if r.account is not None and not r.own_account and is_social(r.shape.platform):
        account = (r.account.platform, r.account.name)
    roles = tuple(dict.fromkeys(r.found_near(lex.other_teaching) + r.found_near(lex.other_work, blank(r.text, lex.other_teaching))))
    own_places = {fold(loc) for loc, _ in who.places}
    found_places: list[str] = []
    abroad = [(m.start(), m.end()) for m in lex.far_places.finditer(r.text)]  # "York" in "New York" is not York
    for hit in (who.uk_places.finditer(r.raw) if who.uk_places else ()):
        if any(s <= hit.start() < e for s, e in abroad):
            continue
        if fold(hit.group(0)) not in own_places and r.near(hit.start(), hit.end()):
            found_places.append(fold(hit.group(0)))
    found_places += [p for p in r.found_near(lex.far_places) if p not in own_places]
    own_orgs = [pat for _, pat, _ in who.orgs]
    orgs = []
    for m in _ORG.finditer(r.raw):
        name = fold(m.group(0))
        plain = " ".join(re.findall(r"[a-z0-9]+", re.sub(r"['.]", "", name)))
        if r.near(m.start(), m.end()) and not any(p.search(plain) for p in own_orgs):
            orgs.append(name)
    age = _age(r)
    words = _beside(r, hers, lex)
    return Marks(ns, account, roles, tuple(dict.fromkeys(found_places)), tuple(dict.fromkeys(orgs)), age,
                 words, _summary(r, account, roles, found_places, orgs, age), _story(r, who, hers, lex))


_STORY_WORD = re.compile(r"[a-z][a-z\-]{4,}")  # five letters or more: "fraud", "reprimand", "expenses"


def _story(r: Reading, who: Who, hers: frozenset[str], lex: Lexicon) -> frozenset[str]:
    """What the page tells of them, as stems of its own words: a report of the same person later tells
    the same story in other words ("falsified registers ... reprimand" and "the reprimand over
    unsupervised pupils"; "false expense claims" and "false trip expenses"). Not her anchors, not
    teaching (every namesake in her job has it), not common words, not places (counted apart)."""
    prose = blank(r.text[: len(r.raw)], lex.teaching)
    places = {fold(m.group(0)) for m in who.uk_places.finditer(r.raw)} if who.uk_places else set()
    out = set()
    for w in _STORY_WORD.findall(prose):
        if w in _COMMON or w in hers or w in places or w in _PAGE_WORDS:
            continue
        out.add(stem(w))
    return frozenset(out)


# Words of any report or profile page, which say nothing of whom it is about.
_PAGE_WORDS = frozenset({
    "found", "finds", "decision", "outcome", "published", "updated", "report", "reported", "reports", "article",
    "latest", "share", "story", "stories", "according", "statement", "spokesperson", "spokesman", "spokeswoman",
    "local", "council", "court", "hearing", "heard", "panel", "committee", "appeal", "former", "formerly",
    "employed", "registered", "months", "month", "weeks", "years", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "gov-uk", "education", "people", "national",
})


def _age(r: Reading) -> int | None:
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = AGE.search(r.text[end : end + 60])
            if m:
                return int(next(g for g in m.groups() if g))
    return None


def _beside(r: Reading, hers: frozenset[str], lex: Lexicon) -> frozenset[str]:
    """The words written just before and after the name (not hers, not common ones)."""
    out: set[str] = set()
    prose = r.text[: len(r.raw)]
    for _, _, start, end in r.name_hits:
        if not 0 <= start < len(r.raw):
            continue
        before = _WORD.findall(prose[max(0, start - 40) : start])[-3:]
        after = _WORD.findall(prose[end : end + 60])[:5]
        for w in before + after:
            if w not in _COMMON and w not in hers and not lex.teaching.fullmatch(w):
                out.add(w)
    return frozenset(out)


def _summary(r: Reading, account: tuple[str, str] | None, roles: tuple[str, ...], places_: list[str],
             orgs: list[str], age: int | None) -> str:
    """How she would recognise them: "the councillor in Llanelli", "the Instagram account jo.hill"."""
    role = roles[0] if roles else None
    where = places_[0].title() if places_ else None
    org = orgs[0].title() if orgs else None
    if role and where:
        return f"the {role} in {where}"
    if role and org:
        return f"the {role} at {org}"
    if account and not role:
        return f"the {label(account[0])} account {account[1]}"
    if role:
        return f"the {role}"
    if org:
        return f"the person at {org}"
    if where:
        return f"the person in {where}"
    if age is not None:
        return f"the person aged {age}"
    return f"the person on {r.host.removeprefix('www.')}"


def match_namesake(r: Reading, m: Marks) -> str | None:
    """The reason a page is about this namesake, or None: their account, or two of their marks."""
    if r.best == "none":
        return None
    said = f"{m.summary} you said is not you, {short_day(m.namesake.at)}"
    if m.account and r.account is not None and (r.account.platform, r.account.name) == m.account:
        return said
    points = 0
    if any(o in r.text or _org_core(o, r.text) for o in m.orgs):
        points += 2
    if m.roles and any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", r.text) for w in m.roles):
        points += 1
    if m.places and any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", r.text) for p in m.places):
        points += 1
    if m.age is not None:
        age = _age(r)
        if age is not None and abs(age - m.age) <= 2:
            points += 2
    if m.words:
        near = _WORD.findall(r.text)
        shared = m.words & set(near)
        points += min(2, len(shared) // 2)
    if m.story and points < 2:
        told = m.story & {stem(w) for w in _STORY_WORD.findall(r.text[: len(r.raw)])}
        points += 2 if len(told) >= 3 else 1 if told else 0
    return said if points >= 2 else None


_ORG_WORDS = frozenset({
    "school", "academy", "primary", "secondary", "high", "college", "university", "council", "ltd", "limited",
    "plc", "llp", "hospital", "surgery", "practice", "trust", "police", "church", "chambers", "partners",
    "group", "agency", "associates", "club", "fc", "the", "of", "and", "st", "saint", "ysgol", "community",
})


def _org_core(org: str, text: str) -> bool:
    """The namesake's organisation by its own name, without "School" or "Ltd": "Kingsmead parents react"
    after "Kingsmead School". Only a distinctive word (five letters or more) counts."""
    core = [w for w in re.findall(r"[a-z0-9]+", re.sub(r"['\u2019.]", "", org)) if w not in _ORG_WORDS]
    if not core or len(" ".join(core)) < 5:
        return False
    return re.search(rf"(?<![\w]){re.escape(' '.join(core))}(?![\w])", text) is not None


def as_json(m: Marks) -> dict[str, Any]:
    return {
        "mention_id": m.namesake.mention_id, "said_at": m.namesake.at, "summary": m.summary,
        "url": m.namesake.url, "title": m.namesake.title,
        "account": f"{m.account[0]}:{m.account[1]}" if m.account else None,
        "roles": list(m.roles), "places": list(m.places), "organisations": list(m.orgs), "age": m.age,
        "words": sorted(m.words),
    }
