"""Checking usernames site by site, on the sweep's machinery.

Each site is a lane of the sweep (``sweep.Lane``): at most ``rate_per_second`` requests a second to
it, a share of the run's ``max_in_flight``, and rate limits and transient faults retried with the
same bounded, jittered backoff as the search providers. Every site is first put through two controls:
one random username nobody has must be "missing" (a site that "finds" it would find anyone), and the
table's known account must be "found" (a site that misses it, behind a sign-in page for example, would
miss everyone). A site failing either is not used that run, with one line in the digest.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin

import httpx
from bs4 import BeautifulSoup

from repwatch.adapters import http as transport
from repwatch.adapters.providers.base import Provider, plain_text, retry_after, safe_url
from repwatch.adapters.providers.settings import ProviderSettings
from repwatch.errors import CertificateError, NetworkUnreachable, ProviderError, RateLimited, TransientError
from repwatch.models import RuleReport, now
from repwatch.pipeline.accounts.candidates import Candidate
from repwatch.pipeline.accounts.pairs import (  # noqa: F401 - the run's choice of checks, re-exported
    Pair,
    _when,
    all_pairs,
    control_account,
    controls,
    schedule_checks,
)
from repwatch.pipeline.accounts.sites import Site
from repwatch.pipeline.sweep import Lane
from repwatch.platforms import service_name

NAME_MAX = 200
BIO_MAX = 1000
READ_MAX = 400_000  # the part of a found page read for its name and bio
# C0/C1 controls (terminal escapes), zero-width and direction-override characters: never from a profile
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NAME_KEYS = ("displayName", "display_name", "author_name", "full_name", "fullName", "name", "title", "nickname")
_BIO_KEYS = ("description", "note", "bio", "biography", "public_description", "about", "summary")
_AVATAR_KEYS = ("avatar", "avatar_static", "profile_pic_url_hd", "profile_pic_url", "profile_image_url", "avatarUrl",
                "avatar_url", "icon_img")


# --- what a check finds ---------------------------------------------------------------------------
@dataclass
class FoundAccount:
    site: Site
    candidate: Candidate
    username: str
    url: str
    display_name: str = ""
    bio: str = ""
    avatar: str | None = None  # the account's picture (an API's avatar, a page's og:image), to compare
    photo_match: str | None = None  # her known photo's file name, when the avatar looks like it


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


# where a redirect to a sign-in or consent page goes: the site would not say, which is not "no such account"
_SIGN_IN = re.compile(r"(?:^|[/.?&=_-])(?:log-?in|sign-?in|signin|auth|account/?s?/login|checkpoint|challenge|consent)"
                      r"(?:$|[/.?&=_-])", re.IGNORECASE)


def rule_answer(site: Site, status: int, body: str, location: str = "") -> str:
    """found | missing | signin | unclear, the WhatsMyName way: the status code and the string must both
    agree. A redirect to a sign-in page is ``signin``, never "missing": the site would not say."""
    if status == site.e_code and site.e_string in body:
        return "found"
    if 300 <= status < 400 and location and _SIGN_IN.search(location.split("#")[0]):
        return "signin"
    if status == site.m_code and site.m_string in body:
        return "missing"
    return "unclear"


def answer_of(site: Site, response: httpx.Response) -> str:
    return rule_answer(site, response.status_code, response.text, response.headers.get("location", ""))


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
            content = tag.get("content") if tag is not None else None
            if isinstance(content, str) and content.strip():
                return content
        return ""

    name = meta("og:title", "twitter:title") or (soup.title.string if soup.title and soup.title.string else "")
    bio = meta("og:description", "twitter:description", "description")
    return _safe(plain_text(name, NAME_MAX)), _safe(plain_text(bio, BIO_MAX))


def read_avatar(body: str, content_type: str = "", base_url: str = "") -> str | None:
    """The account's picture: an API answer's avatar field, or a page's og:image; an http(s) address
    or None. A service's stand-in picture for accounts without one (Mastodon's missing.png) is None."""
    text = body[:READ_MAX]
    found = ""
    if "json" in content_type or text.lstrip()[:1] in ("{", "["):
        try:
            data = json.loads(body[:5_000_000])
        except ValueError:
            data = None
        if data is not None:
            found = _json_field(data, _AVATAR_KEYS, 2000)
    elif "<" in text:
        soup = BeautifulSoup(text, "html.parser")
        for name in ("og:image", "og:image:url", "twitter:image"):
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            content = tag.get("content") if tag is not None else None
            if isinstance(content, str) and content.strip():
                found = content.strip()
                break
    if not found:
        return None
    url = urljoin(base_url, found.replace("&amp;", "&")) if base_url else found
    if not re.match(r"^https?://[^\s]+$", url, re.IGNORECASE) or "/missing.png" in url:
        return None
    return url


def _safe(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _json_field(data: Any, keys: tuple[str, ...], limit: int) -> str:
    """The first of ``keys`` with a text value, breadth first, at most a few levels down."""
    layer = [data]
    for _ in range(4):
        following: list[Any] = []
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

    def __init__(self, site: Site, settings: ProviderSettings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self.site = site
        self.name = site.name  # type: ignore[misc]  # a ClassVar for providers; one SiteClient per site
        self.gone: str | None = None

    @property
    def rate(self) -> float:
        return self.settings.rate_per_second or 0.5

    @property
    def label(self) -> str:
        """A site is not a search service (no ``service``): named by ``service_name``, as before."""
        return service_name(self.name)

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
    """One site's check of its usernames: its controls first, then every username at once."""
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

    def drop(note: str, detail: str) -> None:
        outcome.unreliable.append(site.name)
        outcome.notes.append(note)
        outcome.rows.extend({"username": p.username, "site": site.name, "outcome": "unreliable", "checked_at": at,
                             "detail": detail} for p in pairs)

    if not await _controls_agree(client, outcome, end, drop):
        return

    async def one(pair: Pair) -> None:
        outcome.checks += 1
        try:
            response = await client.ask(site.check_url(pair.username), site.body(pair.username))
            answer = answer_of(site, response)
            if answer in ("unclear", "signin"):
                end(_unclear(site, response, answer))
                return
            row = {"username": pair.username, "site": site.name, "outcome": answer, "checked_at": now()}
            if answer == "found":
                found = await _found_account(client, pair, response)
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


async def _controls_agree(client: SiteClient, outcome: AccountsOutcome, end: Callable[..., None],
                          drop: Callable[[str, str], None]) -> bool:
    """Whether the site answers truly this run: a made-up name is missing (and a known account, when
    the site has one, found). When not, ``drop`` or ``end`` says why and no username is asked."""
    site = client.site
    probe = probe_name(site)
    known = control_account(site)
    answers: dict[str, tuple[str, httpx.Response]] = {}
    for name in [probe] + ([known] if known else []):
        outcome.checks += 1
        try:
            response = await client.ask(site.check_url(name), site.body(name))
        except ProviderError as exc:
            end(f"{site.name} could not be checked this run: {exc.message}", exc)
            return False
        answers[name] = (answer_of(site, response), response)
        if name == probe and answers[name][0] != "missing":
            break  # the first control failed: the second is not needed
    answer, response = answers[probe]
    if answer == "found":
        drop(f"{site.name} said it had an account named {probe}, a made-up name nobody has, so its answers "
             "were not used this run (it may be showing a sign-in or error page).",
             f"the random probe {probe} was 'found'")
        return False
    if answer != "missing":
        end(_unclear(site, response, answer))
        return False
    if known:
        answer, response = answers[known]
        if answer == "missing":
            drop(f"{site.name} said it had no account named {known}, an account that is there, so its answers "
                 "were not used this run (it may be showing a sign-in or error page).",
                 f"the known account {known} was 'missing'")
            return False
        if answer != "found":
            end(_unclear(site, response, answer))
            return False
    return True


async def _found_account(client: SiteClient, pair: Pair, response: httpx.Response) -> FoundAccount:
    """The account a username was found as, with the name, bio and picture its answer (or, for a
    site whose answer has none, its profile page) shows."""
    site = client.site
    found = FoundAccount(site, pair.candidate, pair.username, site.profile_url(pair.username))
    ctype = response.headers.get("content-type", "")
    found.display_name, found.bio = read_profile(response.text, ctype)
    found.avatar = read_avatar(response.text, ctype, str(response.request.url))
    if not (found.display_name or found.bio) and site.read_pretty and site.uri_pretty:
        with contextlib.suppress(ProviderError):
            page = await client.ask(found.url)
            ctype = page.headers.get("content-type", "")
            found.display_name, found.bio = read_profile(page.text, ctype)
            found.avatar = found.avatar or read_avatar(page.text, ctype, str(page.request.url))
    return found


def _unclear(site: Site, response: httpx.Response, answer: str = "unclear") -> str:
    if answer == "signin":
        return (f"{site.name} sent repwatch to a sign-in page (HTTP {response.status_code}) instead of saying whether "
                "an account exists; it was left out of this run.")
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
def _mismatch(site: Site, status: int, body: str, want: str, answer: str = "") -> str:
    if answer == "signin":
        return f"HTTP {status}, a redirect to a sign-in page"
    code, text = (site.e_code, site.e_string) if want == "found" else (site.m_code, site.m_string)
    if status != code:
        return f"HTTP {status}, where the rule expects {code}"
    return f"HTTP {status}, but without the text {text!r} the rule looks for"


async def _self_check_site(client: SiteClient, site: Site) -> RuleReport:
    """The run's two controls, reported: which site fails which, and why."""
    flagged = f"; upstream lists flag it: {site.unreliable}" if site.unreliable else ""
    known = control_account(site)
    try:
        if known is None:
            why = site.unverifiable or "the table names no known account to test the rule with"
            probe = probe_name(site)
            response = await client.ask(site.check_url(probe), site.body(probe))
            answer = answer_of(site, response)
            if answer == "found":
                return RuleReport(site.name, "broken", f"the made-up name {probe} was 'found': the rule finds anyone")
            if answer != "missing":
                return RuleReport(site.name, "broken", f"the made-up name {probe} was not recognised as missing "
                                  f"({_mismatch(site, response.status_code, response.text, 'missing', answer)})")
            return RuleReport(site.name, "untested", f"unverifiable: {why}; a made-up name was not found{flagged}")
        response = await client.ask(site.check_url(known), site.body(known))
        answer = answer_of(site, response)
        if answer != "found":
            why = _mismatch(site, response.status_code, response.text, "found", answer)
            return RuleReport(site.name, "broken", f"the known account {known} was not found ({why}){flagged}")
        probe = probe_name(site)
        response = await client.ask(site.check_url(probe), site.body(probe))
        answer = answer_of(site, response)
        if answer == "found":
            return RuleReport(site.name, "broken",
                              f"the made-up name {probe} was 'found': the rule finds anyone{flagged}")
        if answer != "missing":
            why = _mismatch(site, response.status_code, response.text, "missing", answer)
            return RuleReport(site.name, "broken", f"the made-up name {probe} was not recognised as missing ({why})"
                              f"{flagged}")
    except ProviderError as exc:
        return RuleReport(site.name, "broken", f"it could not be checked: {exc.message}{flagged}")
    return RuleReport(site.name, "ok", f"{known} found, a made-up name not found{flagged}")


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
