"""The plain records that flow one way through a run: Query → Result → Mention → Digest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from repwatch.text import clean_fields


def now() -> str:
    """The time as the store and the calls table write it: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


KINDS = ("web", "news", "image", "post", "account", "listing")  # listing: a people-search page showing her home
RELEVANT = 0.5  # a mention scoring at least this is judged to be about the person (triage.THRESHOLD)
ABOUT_YOU = 0.6  # a page tied to her (about = you) scores at least this (triage.YOU_SCORE)
# flags, most serious first: the order of the digest, the review page and the store's index of them
FLAG_ORDER = ("safeguarding", "impersonation", "negative", "photo", "personal_info", "unconfirmed_account",
              "reappeared")


@dataclass(frozen=True)
class Query:
    """One search the plan asks for; each provider renders it in its own syntax."""

    phrase: str  # a form of the name, searched as an exact phrase
    context: str | None = None  # a location or organisation searched alongside it
    reason: str = ""
    handle: bool = False  # an account-handle form: only for providers that search accounts
    excludes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The query as a person would type it, and as it is stored."""
        if self.handle:
            return self.phrase
        text = f'"{self.phrase}"'
        if self.context:
            text += f" {self.context}"
        return text


_RESULT_TEXT = ("url", "title", "snippet", "provider", "kind", "query", "published", "thumbnail", "source",
                "source_url", "image_url", "canonical_url", "domain", "platform")
_RESULT_LINES = ("title", "snippet", "source")


@dataclass
class Result:
    """One search result, as one provider gave it for one query."""

    url: str
    title: str
    snippet: str
    provider: str
    kind: str
    query: str
    rank: int
    published: str | None = None  # ISO 8601
    thumbnail: str | None = None
    source: str | None = None  # a news source's name, or a post's author
    source_url: str | None = None  # a news source's own address
    image_url: str | None = None  # an image result's full-size picture (thumbnail is the small one)
    canonical_url: str = ""
    domain: str = ""
    platform: str = ""
    photo_match: str | None = None  # the file name of her known photo that an image of this page looks like

    def __post_init__(self) -> None:
        # The one door from a provider's answer into repwatch: whatever any provider parsed, the
        # text is storable (no lone surrogates) and shows only what it says (no controls).
        clean_fields(self, _RESULT_TEXT, one_line=_RESULT_LINES)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "snippet": self.snippet,
            "provider": self.provider,
            "kind": self.kind,
            "platform": self.platform,
            "domain": self.domain,
            "published": self.published,
            "query": self.query,
            "rank": self.rank,
        }


@dataclass
class Flag:
    """Something on a page she should know about: its code (safeguarding, impersonation…) and why, in words."""

    code: str
    reason: str


@dataclass
class Evidence:
    """One file kept of a page when it was captured: when, its SHA-256 and where it is."""

    captured_at: str
    sha256: str
    path: str
    kind: str = "page"  # page | screenshot | result (the search record only: not a saved page)
    outcome: str | None = None  # for a page: ok | too_large | login_wall | error …

    @property
    def saved_page(self) -> bool:
        """A copy of the page itself (or its picture), not only the search record or a login wall."""
        return self.kind == "screenshot" or (self.kind == "page" and self.outcome in (None, "ok", "too_large"))


@dataclass
class Mention:
    """One page about (perhaps) the person: one per profile and canonical URL."""

    id: int
    profile: str
    canonical_url: str
    url: str
    title: str
    snippet: str
    kind: str
    platform: str
    domain: str
    first_seen: str
    last_seen: str
    status: str = "new"
    score: float = 1.0
    tone: float = 0.0  # -1 hostile … 1 warm, read from the words near the person's name; 0 neutral or unknown
    published: str | None = None
    flags: list[Flag] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    about: str = "you"  # you | unsure | someone_else: is the page about her, a namesake, or not sure
    about_reasons: list[str] = field(default_factory=list)  # short sentences for and against

    @property
    def shown(self) -> bool:
        """Shown to her as about her (`you`, or `unsure` and asked about): the only pages repwatch acts
        on by itself (evidence, urgent pushes). A page set aside as someone else's is only counted."""
        return self.about != "someone_else"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "profile": self.profile,
            "canonical_url": self.canonical_url,
            "url": self.url,
            "title": self.title,
            "snippet": self.snippet,
            "kind": self.kind,
            "platform": self.platform,
            "domain": self.domain,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "status": self.status,
            "score": self.score,
            "tone": self.tone,
            "flags": [asdict(f) for f in self.flags],
            "providers": self.providers,
            "queries": self.queries,
            "evidence": [asdict(e) for e in self.evidence],
            "about": self.about,
            "about_reasons": self.about_reasons,
        }


@dataclass
class RuleReport:
    """One site rule's self-check (`accounts --check-table`, `exposure --check-table`): does the rule
    still tell a real account or listing from a made-up one on the live site?"""

    site: str
    status: str  # ok | broken | untested
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"site": self.site, "status": self.status, "detail": self.detail}


@dataclass
class CallFailure:
    """One provider call that failed in a run, with the sentence that says why."""

    provider: str
    query: str
    error: str
    code: str = "error"
    kind: str = "web"

    def to_json(self) -> dict[str, str]:
        return {"provider": self.provider, "query": self.query, "error": self.error}


def account_shown(name: str, instance: str | None = None) -> str:
    """An account's handle as a person reads it: ``@name@server`` on a server (Mastodon), else the name."""
    return f"@{name}@{instance}" if instance else name
