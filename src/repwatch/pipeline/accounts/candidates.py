"""The usernames someone would give an account set up in the person's name, each with its reason.

Pure: a profile in, an ordered list out, like the query plan. The order is how strongly the
username alone points at the person (an honorific and surname, their own handle taken on another
site, the whole name run together, the name with their school), so that a small ``max_checks`` spends
its checks on those first. Short forms that many people share (an initial and surname, a nickname and
surname) come last and are ``weak``: an account found under one is only asked about when its page
links it to the person (judge.py), or it would be a stranger's, asked about run after run.

A bare handle in ``handles`` is the person's own on every platform, so it is never checked; a
platform-qualified one (``instagram:jo.whitfield``, or a profile address) is theirs only there, and is
checked everywhere else: a squatted handle is the commonest fake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from repwatch.pipeline.names import ParsedName, handle_form, parse_name
from repwatch.platforms import label, table

if TYPE_CHECKING:
    from repwatch.config import Profile

# words a school's name shares with every other school's: left out of "mswhitfield_staidans"
_SCHOOL_WORDS = frozenset((
    "the", "of", "and", "a", "an", "school", "schools", "primary", "secondary", "infant", "infants",
    "junior", "juniors", "nursery", "academy", "college", "high", "grammar", "comprehensive", "community",
    "catholic", "church", "england", "ce", "c", "e", "rc", "voluntary", "aided", "controlled", "free",
    "trust", "federation", "sixth", "form", "upper", "lower", "middle", "prep", "preparatory", "independent",
    "international", "county", "borough", "city",
))
_HANDLE_PREFIX = re.compile(r"^(?P<platform>[a-z][a-z0-9_]{0,30}):(?!//)(?P<handle>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class OwnHandle:
    """One of the person's own accounts; ``platform`` None means every platform (a bare handle)."""

    handle: str
    platform: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A username she might have, with why it is checked."""

    username: str
    reason: str
    own_on: frozenset[str] = field(default_factory=frozenset)  # platforms where it is the person's own
    weak: bool = False  # a form many people share: a found account needs its page to point at the person


def _platform_code(word: str) -> str | None:
    code = word.strip().casefold()
    aliases = {"twitter": "x", "insta": "instagram", "fb": "facebook", "yt": "youtube", "bsky": "bluesky"}
    code = aliases.get(code, code)
    known = set(table()) | {"twitch", "roblox", "telegram", "linktree", "discord", "adult"}
    return code if code in known else None


def own_handles(profile: Profile) -> list[OwnHandle]:
    """The profile's handles, each with the platform it is qualified by (None: bare)."""
    out: list[OwnHandle] = []
    for raw in profile.handles:
        text = raw.strip()
        if not text:
            continue
        if re.match(r"^https?://", text, re.IGNORECASE):
            from repwatch.pipeline.urls import shape_of  # lazy: a profile address alone needs its shapes

            shape = shape_of(text, "account")
            if shape.handle:
                out.append(OwnHandle(shape.handle.lstrip("@"), shape.platform))
            continue
        match = _HANDLE_PREFIX.match(text)
        if match and _platform_code(match["platform"]):
            out.append(OwnHandle(match["handle"].strip().lstrip("@"), _platform_code(match["platform"])))
            continue
        text = text.lstrip("@")
        if "@" in text:  # @jo@mastodon.online: a Mastodon account
            out.append(OwnHandle(text.split("@")[0], "mastodon"))
            continue
        out.append(OwnHandle(text, None))
    return [h for h in out if h.handle]


def school_word(organisation: str) -> str:
    """"St Aidan's Primary School" → "staidans": the part of a school's name pupils put in a username."""
    words = re.findall(r"[\w']+", organisation)
    kept = [w for w in words if w.casefold().replace("'", "") not in _SCHOOL_WORDS]
    if not kept:
        return ""
    # "St Aidan's": keep the saint with the name, as in "staidans"
    if len(words) > 1 and words[0].casefold() in ("st", "saint") and kept[0] == words[1]:
        kept.insert(0, "st")
    return handle_form("".join(kept[:2]))


def candidates(profile: Profile, subjects: list[str] | tuple[str, ...] = (),
               mine: list[OwnHandle] | tuple[OwnHandle, ...] = ()) -> list[Candidate]:
    """Every username to check for this profile, most telling first, without duplicates.

    ``mine`` are accounts the person confirmed with `repwatch mine`: like a platform-qualified handle,
    theirs on that platform, and checked on the others.
    """
    name = parse_name(profile.name)
    own = own_handles(profile) + [h for h in mine if h.platform and h.handle]
    bare = {h.handle.casefold() for h in own if h.platform is None}
    qualified: dict[str, set[str]] = {}
    for h in own:
        if h.platform is not None:
            qualified.setdefault(h.handle.casefold(), set()).add(h.platform)
    found: list[Candidate] = []
    common: list[Candidate] = []

    def add(username: str, reason: str, *, weak: bool = False) -> None:
        if len(username) >= 3:
            (common if weak else found).append(
                Candidate(username, reason, frozenset(qualified.get(username.casefold(), ())), weak))

    titles = [handle_form(t) for t in profile.honorifics if handle_form(t)]
    if name.title and handle_form(name.title) not in titles:
        titles.append(handle_form(name.title))
    if name.single:
        word = handle_form(name.full)
        for title in titles:
            add(f"{title}{word}", f"your name as pupils write it, as a username ({title}{word})")
        add(word, f"your name as a username ({word})")
    else:
        _two_part_forms(add, profile, name, titles, own, qualified, subjects)
    return _without_repeats(found, common, bare)


def _two_part_forms(add: Callable[..., None], profile: Profile, name: ParsedName, titles: list[str],
                    own: list[OwnHandle], qualified: dict[str, set[str]],
                    subjects: list[str] | tuple[str, ...]) -> None:
    """The usernames a given name and surname make, in the order ``candidates`` tries them."""
    given, surname = handle_form(name.given), handle_form(name.surname)
    nicks = [handle_form(n) for n in profile.nicknames if n.strip() and " " not in n.strip()]
    nicks = [n for n in nicks if n and n != given]
    for title in titles:
        add(f"{title}{surname}", f"your name as pupils write it, as a username ({title}{surname}): "
                                 "the commonest name for a fake teacher's account")
    for h in own:
        if h.platform is not None:
            others = "every other site" if len(qualified.get(h.handle.casefold(), ())) == 1 else "the other sites"
            add(h.handle, f"your own handle on {label(h.platform)} ({h.handle}): someone could take it on {others}")
    add(f"{given}{surname}", f"your full name run together ({given}{surname})")
    for title in titles[:1]:
        for org in profile.organisations:
            school = school_word(org)
            if school:
                add(f"{title}{surname}{school}", f"your name with your school's, {org} ({title}{surname}{school})")
                add(f"{title}_{surname}_{school}", f"your name with your school's, {org} ({title}_{surname}_{school})")
        add(f"{title}{surname}teacher", f"your name with 'teacher', as such accounts are named ({title}{surname}teacher)")
        for subject in subjects:
            word = handle_form(subject)
            if word:
                add(f"{title}{surname}{word}", f"your name with your subject, {subject} ({title}{surname}{word})")
    for title in titles:
        for sep in ("_", "."):
            add(f"{title}{sep}{surname}", f"your name as pupils write it, with "
                                          f"{'a dot' if sep == '.' else 'an underscore'} ({title}{sep}{surname})")
    for sep in (".", "_"):
        add(f"{given}{sep}{surname}", f"your name with {'a dot' if sep == '.' else 'an underscore'} "
                                      f"({given}{sep}{surname})")
    add(f"{surname}teacher", f"your surname with 'teacher' ({surname}teacher)")
    for variant in profile.variants:
        other = parse_name(variant if " " in variant.strip() else f"{name.given} {variant}")
        if other.given and other.surname:
            joined = f"{handle_form(other.given)}{handle_form(other.surname)}"
            add(joined, f"another name you have used, run together ({joined})")
    # shared by many people: found accounts under these are mostly strangers'
    for nick in nicks:
        add(f"{nick}{surname}", f"your nickname and surname run together ({nick}{surname})", weak=True)
        for sep in (".", "_"):
            add(f"{nick}{sep}{surname}", f"your nickname and surname with "
                                         f"{'a dot' if sep == '.' else 'an underscore'} ({nick}{sep}{surname})",
                weak=True)
    add(f"{given[0]}{surname}", f"your initial and surname ({given[0]}{surname})", weak=True)
    add(f"{given[0]}_{surname}", f"your initial and surname with an underscore ({given[0]}_{surname})", weak=True)


def _without_repeats(found: list[Candidate], common: list[Candidate], bare: set[str]) -> list[Candidate]:
    """Each username once, the telling ones first; a form that is also a common one counts as weak."""
    out: list[Candidate] = []
    seen: set[str] = set()
    shared = {c.username.casefold() for c in common}
    for candidate in found + common:
        key = candidate.username.casefold()
        if key in seen or key in bare:
            continue  # a bare handle is the person's own everywhere: never checked
        seen.add(key)
        # her own handle "jwhitfield" on TikTok is still a form many people have elsewhere
        out.append(replace(candidate, weak=True) if key in shared else candidate)
    return out
