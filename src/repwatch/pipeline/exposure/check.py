"""Looking at the sites: the site's own search for her name, and each known listing again.

Each site is a lane of the sweep (``sweep.Lane``): its own rate, a share of the run's
``max_in_flight``, and 429s and server errors retried with the sweep's bounded, jittered backoff.
Every page comes through the guarded fetch (``adapters.pagefetch``): public addresses only, one
deadline, a size cap. Before her name, each site's search is asked for a made-up name in her town: a
site that "lists" a person nobody is would list anyone (it echoes the search), and its answers are
not used that run.
"""

from __future__ import annotations

import asyncio
import random
import string
from dataclasses import dataclass, field
from typing import Any

from repwatch.adapters import pagefetch
from repwatch.errors import ProviderError, RateLimited, TransientError
from repwatch.models import RuleReport
from repwatch.pipeline.exposure.read import ECHO, LISTED, Her, Reading, read_listing, read_search
from repwatch.pipeline.exposure.sites import ExposureSite
from repwatch.pipeline.sweep import Lane


@dataclass
class SiteLook:
    """What one site said this run."""

    site: ExposureSite
    search: Reading | None = None  # her name on the site's own search (None: it has none, or not this run)
    listings: dict[int, Reading] = field(default_factory=dict)  # listing id → its page read again
    requests: int = 0


def made_up_name() -> str:
    """A forename and surname nobody has."""
    def word() -> str:
        return random.choice(string.ascii_uppercase) + "".join(random.choices("aeiouzxqvkj", k=7))
    return f"{word()} {word()}"


async def _get(lane: Lane, url: str, timeout_s: float) -> Any:
    """One guarded fetch on the site's lane; 429 and 5xx are retried there, and end as a failed fetch."""
    async def send() -> Any:
        fetched = await asyncio.to_thread(pagefetch.fetch, url, timeout=timeout_s, deadline=timeout_s * 2)
        status = fetched.status or 0
        if status == 429:
            raise RateLimited(f"the site asked repwatch to slow down (HTTP 429 from {url})", provider="exposure")
        if status >= 500:
            raise TransientError(f"the site had a server error (HTTP {status})", provider="exposure")
        return fetched
    try:
        return await lane.run(None, send)
    except ProviderError as exc:
        return pagefetch.Fetched(url, "http_error", exc.message)


async def _look(site: ExposureSite, her: Her, listings: list[tuple[int, str]], lane: Lane, timeout_s: float,
                search: bool) -> SiteLook:
    look = SiteLook(site)
    town = her.towns[0] if her.towns else ""
    if search and site.search_url and her.names:
        probe = made_up_name()
        fetched = await _get(lane, site.search_for(probe, town) or "", timeout_s)
        look.requests += 1
        probe_reading = read_search(site, fetched, Her((probe,), her.towns))
        if probe_reading.outcome == LISTED:
            look.search = Reading(ECHO, f"{site.name} listed {probe}, a made-up name, so it seems to list anyone "
                                        "searched for; its answers were not used this time")
        elif not probe_reading.clean:  # a login wall, a robot check, a failed fetch: her name would fare no better
            look.search = probe_reading
        else:
            fetched = await _get(lane, site.search_for(her.names[0], town) or "", timeout_s)
            look.requests += 1
            look.search = read_search(site, fetched, her)
    for listing_id, url in listings:
        fetched = await _get(lane, url, timeout_s)
        look.requests += 1
        look.listings[listing_id] = read_listing(site, fetched, her)
    return look


async def _look_all(jobs: list[tuple[ExposureSite, list[tuple[int, str]], bool]], her: Her, *,
                    rate_per_second: float, timeout_s: float, max_in_flight: int) -> list[SiteLook]:
    gate = asyncio.Semaphore(max(1, max_in_flight))
    return list(await asyncio.gather(*(
        _look(site, her, listings, Lane(rate_per_second, gate), timeout_s, search) for site, listings, search in jobs
    )))


def look(jobs: list[tuple[ExposureSite, list[tuple[int, str]], bool]], her: Her, *, rate_per_second: float = 0.5,
         timeout_s: float = 15.0, max_in_flight: int = 32) -> list[SiteLook]:
    """Each (site, its listings to read again, whether to search it): the synchronous entry point."""
    if not jobs:
        return []
    return asyncio.run(_look_all(jobs, her, rate_per_second=rate_per_second, timeout_s=timeout_s,
                                 max_in_flight=max_in_flight))


# --- keeping the table true -----------------------------------------------------------------------
async def _self_check_site(site: ExposureSite, lane: Lane, timeout_s: float) -> RuleReport:
    said: list[str] = []
    broken = False
    if site.search_url:
        probe = made_up_name()
        reading = read_search(site, await _get(lane, site.search_for(probe, "London") or "", timeout_s),
                              Her((probe,), ("London",)))
        if reading.outcome == LISTED:
            broken, what = True, f"its search listed {probe}, a made-up name: it answers every name"
        elif reading.clean:
            what = f"its search answered a made-up name cleanly ({reading.outcome.replace('_', ' ')})"
        else:
            broken, what = True, f"its search did not answer cleanly: {reading.detail}"
        said.append(what)
    if site.removal_url:
        fetched = await _get(lane, site.removal_url, timeout_s)
        if fetched.outcome == "ok":
            said.append("its removal page answers")
        else:
            broken = True
            said.append(f"its removal page {site.removal_url} did not answer ({fetched.detail})")
    if not said:
        return RuleReport(site.name, "untested", "the table gives no search or removal address to test "
                                                 f"(searched through your search services only; marks: search "
                                                 f"{site.search_status}, removal {site.removal_status})")
    return RuleReport(site.name, "broken" if broken else "ok", "; ".join(said))


async def _self_check(sites: list[ExposureSite], rate_per_second: float, timeout_s: float,
                      max_in_flight: int) -> list[RuleReport]:
    gate = asyncio.Semaphore(max(1, max_in_flight))
    return list(await asyncio.gather(*(_self_check_site(s, Lane(rate_per_second, gate), timeout_s) for s in sites)))


def self_check(sites: list[ExposureSite], *, rate_per_second: float = 0.5, timeout_s: float = 15.0,
               max_in_flight: int = 32) -> list[RuleReport]:
    """Test each site's search with a made-up name (its clean "nothing" must still read as one) and
    that its removal page still answers: which entries of the table are out of date."""
    return asyncio.run(_self_check(sites, rate_per_second, timeout_s, max_in_flight))
