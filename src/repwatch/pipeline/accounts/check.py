"""Checking usernames site by site, on the sweep's machinery.

Each site is a lane of the sweep (``sweep.Lane``): at most ``rate_per_second`` requests a second to
it, a share of the run's ``max_in_flight``, and rate limits and transient faults retried with the
same bounded, jittered backoff as the search providers. Every site is first asked for one random
username nobody has; a site that "finds" it would find anyone, so its answers are not used that run.
A site that is down, blocks automated checks, or answers in a way its rule does not describe ends for
that run with one note, never one per username. A found account's page is read, where the site
allows, for its display name and bio: triage needs something to read to tell the person's own
account from an impersonator.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
from bs4 import BeautifulSoup

from repwatch.adapters import http as transport
from repwatch.adapters.providers.base import Provider, plain_text, retry_after, safe_url
from repwatch.adapters.providers.settings import ProviderSettings
from repwatch.errors import CertificateError, NetworkUnreachable, ProviderError, RateLimited, TransientError
from repwatch.models import now
from repwatch.pipeline.accounts.candidates import Candidate
from repwatch.pipeline.accounts.sites import Site
from repwatch.pipeline.sweep import Lane

PINNED_SHARE = 0.5  # as in the query plan: this share of max_checks always goes to the top of the list
NAME_MAX = 200
BIO_MAX = 1000
READ_MAX = 400_000  # the part of a found page read for its name and bio
_NEVER = datetime.min.replace(tzinfo=UTC)
# C0/C1 controls (terminal escapes), zero-width and direction-override characters: never from a profile
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NAME_KEYS = ("displayName", "display_name", "author_name", "full_name", "fullName", "name", "title", "nickname")
_BIO_KEYS = ("description", "note", "bio", "biography", "public_description", "about", "summary")


# --- which checks a run makes ---------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    candidate: Candidate
    site: Site
    username: str  # the candidate as this site spells it


def all_pairs(cands: list[Candidate], sites: list[Site]) -> list[Pair]:
    """Every (username, site) worth checking, candidate by candidate in the candidates' order.

    Not on a site where the username is the person's own (in any spelling the site takes for it), nor
    where the site cannot have such a name (its regex_check), nor on sites that need a login to check.
    """
    pairs = []
    # the person's own account, as each site spells it: "jo.whitfield" is hers where dots are dropped
    seen: set[tuple[str, str]] = {
        (site.key, (site.username(c.username) or "").casefold()) for c in cands for site in sites
        if site.platform in c.own_on
    }
    for candidate in cands:
        for site in sites:
            if site.login_required or site.platform in candidate.own_on:
                continue
            username = site.username(candidate.username)
            key = (site.key, (username or "").casefold())
            if username is not None and key not in seen:  # "jo.whitfield" is "jowhitfield" where dots go
                seen.add(key)
                pairs.append(Pair(candidate, site, username))
    return pairs


def _when(value: str | None) -> datetime:
    if not value:
        return _NEVER
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return _NEVER
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def schedule_checks(
    pairs: list[Pair], *, max_checks: int, last_checked: Mapping[tuple[str, str], str]
) -> tuple[list[Pair], list[Pair]]:
    """(this run's checks, the ones left for later runs), as a pure function of the list and history.

    Each site checked costs one more check for its random probe. When everything does not fit, the
    first half of the budget goes to the top of the list every run; the rest rotates, least recently
    checked first, so every pair comes round within a few runs.
    """
    def cost(pair: Pair, sites: set[str]) -> int:
        return 1 + (pair.site.key not in sites)

    total = len(pairs) + len({p.site.key for p in pairs})
    if total <= max_checks:
        return list(pairs), []
    chosen: list[Pair] = []
    sites: set[str] = set()
    spent = 0
    pinned_budget = int(max_checks * PINNED_SHARE)
    rest = []
    for pair in pairs:
        c = cost(pair, sites)
        if spent + c <= pinned_budget:
            chosen.append(pair)
            sites.add(pair.site.key)
            spent += c
        else:
            rest.append(pair)
    order = {id(p): i for i, p in enumerate(pairs)}
    rest.sort(key=lambda p: (_when(last_checked.get((p.username.casefold(), p.site.key))), order[id(p)]))
    waiting = []
    for pair in rest:
        c = cost(pair, sites)
        if spent + c <= max_checks:
            chosen.append(pair)
            sites.add(pair.site.key)
            spent += c
        else:
            waiting.append(pair)
    chosen.sort(key=lambda p: order[id(p)])
    return chosen, waiting


# --- what a check finds ---------------------------------------------------------------------------
@dataclass
class FoundAccount:
    site: Site
    candidate: Candidate
    username: str
    url: str
    display_name: str = ""
    bio: str = ""


@dataclass
class AccountsOutcome:
    found: list[FoundAccount] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # for the store's account_checks
    notes: list[str] = field(default_factory=list)
    checks: int = 0  # usernames asked about, probes included
    requests: int = 0
    unreliable: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # site name → why it ended for the run
    offline: list[str] = field(default_factory=list)  # sites that could not be reached at all


def rule_answer(site: Site, status: int, body: str) -> str:
    """found | missing | unclear, the WhatsMyName way: the status code and the string must both agree."""
    if status == site.e_code and site.e_string in body:
        return "found"
    if status == site.m_code and site.m_string in body:
        return "missing"
    return "unclear"


def probe_name(site: Site) -> str:
    """A username nobody has, that the site's own username rule accepts."""
    for length in (12, 10, 8, 15, 20):
        name = random.choice(string.ascii_lowercase) + "".join(
            random.choices(string.ascii_lowercase + string.digits, k=length - 1)
        )
        if site.username(name) == name:
            return name
    return name


def read_profile(body: str, content_type: str = "") -> tuple[str, str]:
    """(display name, bio) from a found account's page or API answer; ("", "") when nothing is readable.

    Web text is hostile: it is reduced to plain text and capped; nothing in it is ever run.
    """
    text = body[:READ_MAX]
    head = text.lstrip()[:1]
    if "json" in content_type or head in ("{", "["):
        try:
            data = json.loads(body[:5_000_000])
        except ValueError:
            data = None
        if data is not None:
            return _safe(_json_field(data, _NAME_KEYS, NAME_MAX)), _safe(_json_field(data, _BIO_KEYS, BIO_MAX))
    if "<" not in text:
        return "", ""
    soup = BeautifulSoup(text, "html.parser")

    def meta(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag is not None and isinstance(tag.get("content"), str) and tag["content"].strip():
                return str(tag["content"])
        return ""

    name = meta("og:title", "twitter:title") or (soup.title.string if soup.title and soup.title.string else "")
    bio = meta("og:description", "twitter:description", "description")
    return _safe(plain_text(name, NAME_MAX)), _safe(plain_text(bio, BIO_MAX))


def _safe(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _json_field(data: Any, keys: tuple[str, ...], limit: int) -> str:
    """The first of ``keys`` with a text value, breadth first, at most a few levels down."""
    layer = [data]
    for _ in range(4):
        following = []
        for item in layer:
            if isinstance(item, dict):
                for key in keys:
                    value = item.get(key)
                    if isinstance(value, str) and value.strip():
                        return plain_text(value, limit)
                following.extend(v for v in item.values() if isinstance(v, dict | list))
            elif isinstance(item, list):
                following.extend(v for v in item[:20] if isinstance(v, dict | list))
        layer = following
    return ""


# --- asking the sites -----------------------------------------------------------------------------
class SiteGone(ProviderError):
    """The site has already ended for this run; later checks of it are not sent."""

    code = "skipped"


class SiteClient(Provider):
    """One site, spoken to like a provider: the same capped reading and error translation.

    Unlike a search API, 404 or 403 can be a rule's answer, so only rate limits and server errors the
    rule does not expect are errors here; the rule decides the rest.
    """

    kinds = ("accounts",)

    def __init__(self, site: Site, settings: ProviderSettings, client: httpx.AsyncClient | None) -> None:
        super().__init__(settings, client)  # type: ignore[arg-type]
        self.site = site
        self.name = site.name  # type: ignore[misc]
        self.gone: str | None = None

    @property
    def rate(self) -> float:
        return self.settings.rate_per_second or 0.5

    def check(self, response: httpx.Response) -> None:
        status = response.status_code
        if status in (self.site.e_code, self.site.m_code):
            return
        where = safe_url(str(response.request.url))
        if status == 429:
            raise RateLimited(f"{self.name} asked repwatch to slow down (HTTP 429 from {where}).",
                              provider=self.name, url=where, retry_after=retry_after(response))
        if status >= 500:
            raise TransientError(f"{self.name} had a server error (HTTP {status} from {where}).",
                                 provider=self.name, url=where)

    async def ask(self, url: str, body: str | None = None) -> httpx.Response:
        if self.gone:
            raise SiteGone(self.gone, provider=self.name)
        headers = dict(self.site.headers)
        if body is None:
            return await self.fetch("GET", url, headers=headers)
        ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if "json" in ctype.lower():
            try:
                return await self.fetch("POST", url, json_body=json.loads(body), headers=headers)
            except ValueError:
                pass
        return await self.fetch("POST", url, data=dict(parse_qsl(body, keep_blank_values=True)), headers=headers)


async def _check_site(
    client: SiteClient, pairs: list[Pair], outcome: AccountsOutcome, name: str
) -> None:
    site = client.site
    at = now()

    def end(why: str, exc: Exception | None = None) -> None:
        if client.gone is None:
            client.gone = why
            outcome.failed[site.name] = why
            if isinstance(exc, NetworkUnreachable) and not isinstance(exc, CertificateError):
                outcome.offline.append(site.name)  # said once for all such sites, in finish()
            else:
                outcome.notes.append(why)

    probe = probe_name(site)
    outcome.checks += 1
    try:
        response = await client.ask(site.check_url(probe), site.body(probe))
    except ProviderError as exc:
        end(f"{site.name} could not be checked this run: {exc.message}", exc)
        return
    answer = rule_answer(site, response.status_code, response.text)
    if answer == "found":
        outcome.unreliable.append(site.name)
        outcome.notes.append(
            f"{site.name} said it had an account named {probe}, a made-up name nobody has, so its answers "
            "were not used this run (it may be showing a sign-in or error page)."
        )
        outcome.rows.extend({"username": p.username, "site": site.name, "outcome": "unreliable", "checked_at": at,
                             "detail": f"the random probe {probe} was 'found'"} for p in pairs)
        return
    if answer == "unclear":
        end(_unclear(site, response))
        return

    async def one(pair: Pair) -> None:
        outcome.checks += 1
        try:
            response = await client.ask(site.check_url(pair.username), site.body(pair.username))
            answer = rule_answer(site, response.status_code, response.text)
            if answer == "unclear":
                end(_unclear(site, response))
                return
            row = {"username": pair.username, "site": site.name, "outcome": answer, "checked_at": now()}
            if answer == "found":
                found = FoundAccount(site, pair.candidate, pair.username, site.profile_url(pair.username))
                found.display_name, found.bio = read_profile(response.text, response.headers.get("content-type", ""))
                if not (found.display_name or found.bio) and site.read_pretty and site.uri_pretty:
                    with contextlib.suppress(ProviderError):
                        page = await client.ask(found.url)
                        found.display_name, found.bio = read_profile(page.text, page.headers.get("content-type", ""))
                row.update(url=found.url, display_name=found.display_name, bio=found.bio)
                outcome.found.append(found)
            outcome.rows.append(row)
        except SiteGone:
            outcome.checks -= 1  # never sent: it waits for the next run
        except ProviderError as exc:
            end(f"{site.name} could not be checked this run: {exc.message}", exc)
        except Exception as exc:  # a bug must not stop the other sites
            end(f"{site.name} could not be checked this run (an unexpected {exc.__class__.__name__}).")

    await asyncio.gather(*(one(p) for p in pairs))


def _unclear(site: Site, response: httpx.Response) -> str:
    return (
        f"{site.name} answered in a way its rule does not describe (HTTP {response.status_code}); it may be "
        "blocking automated checks, or its rule may be out of date (`repwatch accounts --self-check` tests it). "
        "It was left out of this run."
    )


async def check_pairs(
    pairs: list[Pair],
    *,
    rate_per_second: float = 0.5,
    timeout_s: float = 15.0,
    max_in_flight: int = 32,
) -> AccountsOutcome:
    """Check every pair, each site on its own rate-limited lane, all sites at once."""
    outcome = AccountsOutcome()
    if not pairs:
        return outcome
    by_site: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_site.setdefault(pair.site.key, []).append(pair)
    gate = asyncio.Semaphore(max(1, max_in_flight))
    settings = ProviderSettings(rate_per_second=rate_per_second, timeout_s=timeout_s)
    lanes: list[Lane] = []
    async with contextlib.AsyncExitStack() as stack:
        client = await stack.enter_async_context(transport.open_client(timeout_s))
        client.follow_redirects = False  # a redirect is itself an answer (WhatsMyName's rules say 301, 302)
        tasks = []
        for key, site_pairs in by_site.items():
            site_client = SiteClient(site_pairs[0].site, settings, client)
            lane = Lane(site_client.rate, gate)
            lanes.append(lane)
            site_client.runner = lane.run
            tasks.append(_check_site(site_client, site_pairs, outcome, key))
        await asyncio.gather(*tasks)
    outcome.requests = sum(lane.sent for lane in lanes)
    if outcome.offline:
        outcome.notes.append(_offline_note(outcome.offline, len(by_site)))
    return outcome


def _offline_note(sites: list[str], total: int) -> str:
    if len(sites) == total:
        return (f"The accounts watch could not reach any of the {total} sites it checks: is this computer online? "
                "They will be checked on the next run.")
    shown = ", ".join(sorted(sites)[:5]) + (f" and {len(sites) - 5} more" if len(sites) > 5 else "")
    return f"The accounts watch could not reach {shown} this run; they will be checked on the next run."


def run_checks(pairs: list[Pair], *, rate_per_second: float = 0.5, timeout_s: float = 15.0,
               max_in_flight: int = 32) -> AccountsOutcome:
    """The synchronous entry point."""
    transport.preload()
    return asyncio.run(check_pairs(pairs, rate_per_second=rate_per_second, timeout_s=timeout_s,
                                   max_in_flight=max_in_flight))


# --- keeping the table true -----------------------------------------------------------------------
@dataclass
class RuleReport:
    site: str
    status: str  # ok | broken | untested
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"site": self.site, "status": self.status, "detail": self.detail}


def _mismatch(site: Site, status: int, body: str, want: str) -> str:
    code, text = (site.e_code, site.e_string) if want == "found" else (site.m_code, site.m_string)
    if status != code:
        return f"HTTP {status}, where the rule expects {code}"
    return f"HTTP {status}, but without the text {text!r} the rule looks for"


async def _self_check_site(client: SiteClient, site: Site) -> RuleReport:
    if not site.known:
        return RuleReport(site.name, "untested", "the table names no known account to test the rule with")
    known = site.username(site.known[0]) or site.known[0]
    try:
        response = await client.ask(site.check_url(known), site.body(known))
        if rule_answer(site, response.status_code, response.text) != "found":
            why = _mismatch(site, response.status_code, response.text, "found")
            return RuleReport(site.name, "broken", f"the known account {known} was not found ({why})")
        probe = probe_name(site)
        response = await client.ask(site.check_url(probe), site.body(probe))
        answer = rule_answer(site, response.status_code, response.text)
        if answer == "found":
            return RuleReport(site.name, "broken", f"the made-up name {probe} was 'found': the rule finds anyone")
        if answer != "missing":
            why = _mismatch(site, response.status_code, response.text, "missing")
            return RuleReport(site.name, "broken", f"the made-up name {probe} was not recognised as missing ({why})")
    except ProviderError as exc:
        return RuleReport(site.name, "broken", f"it could not be checked: {exc.message}")
    return RuleReport(site.name, "ok", f"{known} found, a made-up name not found")


async def _self_check(sites: list[Site], rate_per_second: float, timeout_s: float, max_in_flight: int) -> list[RuleReport]:
    gate = asyncio.Semaphore(max(1, max_in_flight))
    settings = ProviderSettings(rate_per_second=rate_per_second, timeout_s=timeout_s)
    async with contextlib.AsyncExitStack() as stack:
        client = await stack.enter_async_context(transport.open_client(timeout_s))
        client.follow_redirects = False
        jobs = []
        for site in sites:
            site_client = SiteClient(site, settings, client)
            site_client.runner = Lane(site_client.rate, gate).run
            jobs.append(_self_check_site(site_client, site))
        return list(await asyncio.gather(*jobs))


def self_check(sites: list[Site], *, rate_per_second: float = 0.5, timeout_s: float = 15.0,
               max_in_flight: int = 32) -> list[RuleReport]:
    """Test each site's rule against its known account and a made-up name: which rules are broken.

    Sites that need a login are not tested (they are never checked in a run either).
    """
    transport.preload()
    checkable = [s for s in sites if not s.login_required]
    return asyncio.run(_self_check(checkable, rate_per_second, timeout_s, max_in_flight))
