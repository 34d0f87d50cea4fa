"""The person a run watches for, read once: her profile, and what she has told repwatch since.

Plan, triage and the accounts watch all need the same facts (her names and handles, her accounts,
what she hid, what she said was or was not her). Reading them once per run, into one frozen value,
means every part judges with the same facts and none of them goes back to the store for them.
`repwatch search` has no store: `Person.of(profile)` is the person from the config alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from repwatch.handles import Handle
from repwatch.pipeline.urls import canonical_url

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Profile


@dataclass(frozen=True)
class Namesake:
    """Someone else with her name: a page she said "not me" to, and when. What tells them apart
    (their account, role, place, organisation, age, the words beside the name) is read from that page
    by triage, with her own profile at hand so nothing of hers is ever taken as their mark."""

    mention_id: int
    at: str  # when she said "not me" (UTC, ISO)
    url: str
    title: str
    snippet: str
    kind: str = "web"


@dataclass(frozen=True)
class KnownPhoto:
    """One of her own photos, as its perceptual hash (the image itself is never kept)."""

    name: str  # the file name she knows it by ("me.jpg")
    hash: str


@dataclass(frozen=True)
class Person:
    """Everything repwatch knows about who she is, for one run."""

    profile: Profile
    own_accounts: tuple[Handle, ...] = ()  # `repwatch mine`
    blocked_accounts: tuple[Handle, ...] = ()  # `dismiss --account`
    blocked_domains: tuple[str, ...] = ()  # `dismiss --domain`
    dismissed: frozenset[str] = frozenset()  # canonical URLs she said "not me" to
    confirmed: frozenset[str] = frozenset()  # canonical URLs she said are about her (`confirm`)
    namesakes: tuple[Namesake, ...] = ()
    photos: tuple[KnownPhoto, ...] = ()  # filled by the photos work from the store
    role: str = "teacher"  # what she is; every repwatch user is a teacher

    @classmethod
    def of(cls, profile: Profile) -> Person:
        """The person from the config alone (no store: `repwatch search`, tests)."""
        return cls(profile)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(self.profile.variants)

    @property
    def honorifics(self) -> tuple[str, ...]:
        return tuple(self.profile.honorifics)

    @property
    def places(self) -> tuple[str, ...]:
        return tuple(self.profile.locations)

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(self.profile.organisations)

    @property
    def handles(self) -> tuple[str, ...]:
        return tuple(self.profile.handles)


def _handles(rows: Iterable[Mapping[str, Any]]) -> tuple[Handle, ...]:
    return tuple(Handle(r["handle"], r["platform"], r.get("instance") or None, r.get("url") or "") for r in rows)


def person_of(profile: Profile, store: Store) -> Person:
    """The person for one run: the profile, and everything she told repwatch, read from the store once."""
    name = profile.name
    return Person(
        profile=profile,
        own_accounts=_handles(store.own_accounts(name)),
        blocked_accounts=_handles(store.blocked_accounts(name)),
        blocked_domains=tuple(store.blocked_domains(name)),
        dismissed=frozenset(canonical_url(u) for u in store.dismissed_urls(name)),
        confirmed=frozenset(store.confirmed_urls(name)),
        namesakes=tuple(Namesake(**row) for row in store.namesakes(name)),
    )
