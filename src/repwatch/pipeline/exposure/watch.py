"""The exposure watch inside a run: which sites are due, what they show, and each listing's track.

A run asks ``plan_exposure`` which sites are due (``plan.exposure_due``), sends their site queries
with its searches, and looks at the sites' own search pages and the known listings in a thread of
its own (``check``) while the searches go out. ``finish`` turns what was seen into listings (a
mention of kind ``listing`` flagged ``personal_info``); ``record``, after the run's results are
stored, moves each listing along its track and says each site problem once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from repwatch.config import Config, Profile
from repwatch.models import RELEVANT, Flag, Query, Result, now
from repwatch.pipeline.exposure import track
from repwatch.pipeline.exposure.check import SiteLook, look
from repwatch.pipeline.exposure.read import CLEAN, GONE, LISTED, UNEXPECTED, Her, Reading, her_from, shows_her
from repwatch.pipeline.exposure.sites import ExposureSite, select, table
from repwatch.pipeline.plan import exposure_due, exposure_queries
from repwatch.pipeline.sweep import enrich, open_providers
from repwatch.pipeline.triage import Assessment, dismissed_keys

if TYPE_CHECKING:
    from repwatch.adapters.store import Store

log = logging.getLogger(__name__)
PROVIDER = "exposure"  # the sightings' provider for a listing found on a site's own search page


@dataclass
class ExposurePlan:
    """What the next run asks of the people-search sites, and which listings it reads again."""

    sites: list[ExposureSite]
    due: list[ExposureSite]
    queries: list[Query]  # site queries, through the search services
    calls: set[tuple[str, str, str]]  # (provider, kind, query text) of those
    jobs: list[tuple[ExposureSite, list[tuple[int, str]], bool]]  # (site, listings to read again, search it)
    her: Her


@dataclass
class Seen:
    """A listing of her that a run saw: on a site's search page, in a search result, or at its own address."""

    site: ExposureSite
    url: str
    canonical_url: str
    reason: str


@dataclass
class ExposureRun:
    """What one run's exposure watch found, ready to store with the sweep."""

    results: list[Result] = field(default_factory=list)
    verdicts: dict[str, Assessment] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    looks: list[SiteLook] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_exposure(config: Config, profile: Profile, store: Store | None, at: datetime | None = None) -> ExposurePlan | None:
    """What the next run looks at, as a function of the config and the store's history."""
    settings = config.exposure
    if not settings.enabled:
        return None
    sites = select(settings.sites)
    listings = store.listings(profile.name) if store is not None else []
    checks = store.exposure_checks(profile.name) if store is not None else {}
    waiting = {r["site"] for r in listings if r["state"] in track.WAITING}
    due = exposure_due(sites, last_checked={k: r["checked_at"] for k, r in checks.items()}, open_requests=waiting,
                       recheck=settings.recheck, now=at)
    providers, _notes = open_providers(config.active_providers(), None)
    queries, calls = [], set()
    for query in exposure_queries(profile, due):
        sent = {(p.name, "web", query.text) for p in providers.values()
                if "web" in p.enabled_kinds() and "web" not in p.skipped_kinds() and p.accepts(query, "web")}
        if sent:
            queries.append(query)
            calls |= sent
    jobs = [(site, [(r["id"], r["url"]) for r in listings if r["site"] == site.key], True) for site in due]
    jobs = [j for j in jobs if j[1] or j[0].search_url]
    return ExposurePlan(sites, due, queries, calls, jobs, her_from(profile, settings.address, settings.phones))


def check(config: Config, plan: ExposurePlan) -> list[SiteLook]:
    """The network part alone (no database). A bug here costs the run nothing else: it becomes a note."""
    try:
        return look(plan.jobs, plan.her, rate_per_second=config.exposure.rate_per_second,
                    timeout_s=config.exposure.timeout_s, max_in_flight=config.repwatch.max_in_flight)
    except Exception:  # noqa: BLE001 - said in the digest; the searches' results are kept
        log.exception("the exposure watch failed")
        return []


def _flag(site: ExposureSite, reason: str) -> Flag:
    return Flag("personal_info", f"{site.name} lists {reason}: a people-search site that sells addresses.")


def finish(profile: Profile, store: Store, plan: ExposurePlan, looks: list[SiteLook], results: list[Result],
           verdicts: dict[str, Any]) -> ExposureRun:
    """Listings in this run's search results and on the sites' own pages, ready to store with the run."""
    run = ExposureRun(looks=looks)
    if plan.jobs and not looks:
        run.notes.append("The check of people-search sites stopped unexpectedly; it will try again on the next run.")
    dismissed = dismissed_keys(store.dismissed_urls(profile.name))
    tab = table()
    chosen = {s.key for s in plan.sites}
    for result in results:  # a search result on a listing site, showing her
        site = tab.for_domain(result.domain)
        if site is None or site.key not in chosen or not site.is_listing(result.url):
            continue
        reason = shows_her(f"{result.title} {result.snippet}", plan.her)
        if not reason:
            continue
        result.kind = "listing"
        verdict = verdicts.get(result.canonical_url)
        if verdict is not None:
            verdict.score = max(verdict.score, RELEVANT)
            if "personal_info" not in verdict.codes:
                verdict.flags.append(_flag(site, reason))
        run.seen.append(Seen(site, result.url, result.canonical_url, reason))
    for site_look in looks:
        site = site_look.site
        found = site_look.search.listings if site_look.search and site_look.search.outcome == LISTED else []
        found += [lst for r in site_look.listings.values() if r.outcome == LISTED for lst in r.listings]
        for rank, listing in enumerate(found, start=1):
            result = enrich(Result(listing.url, listing.title or site.name, listing.text, PROVIDER, "listing",
                                   f"{site.name}'s own search", rank))
            result.kind = "listing"
            if result.canonical_url in dismissed or any(s.canonical_url == result.canonical_url for s in run.seen):
                continue
            run.results.append(result)
            run.verdicts[result.canonical_url] = Assessment(
                1.0, [f"{site.name} lists {listing.reason}."], [_flag(site, listing.reason)])
            run.seen.append(Seen(site, listing.url, result.canonical_url, listing.reason))
    return run


def _problem(site_look: SiteLook) -> Reading | None:
    readings = [r for r in (site_look.search, *site_look.listings.values()) if r is not None]
    return next((r for r in readings if not r.clean and r.outcome != LISTED), None)


def record(store: Store, profile: Profile, plan: ExposurePlan, run: ExposureRun, at: datetime | None = None) -> list[int]:
    """After the run's results are stored: new listings start their track, known ones move along it.
    Returns the mentions that came back (``reappeared``), for the digest and evidence."""
    when = at or datetime.now(UTC)
    stamp = when.isoformat(timespec="seconds") if at else now()
    ids = store.mention_ids(profile.name, [s.canonical_url for s in run.seen])
    back: list[int] = []
    touched: set[int] = set()
    with store.atomic():
        for seen in run.seen:
            mention_id = ids.get(seen.canonical_url)
            existing = store.listing_at(profile.name, seen.url)
            if existing is None:
                listing_id = store.add_listing(profile.name, mention_id=mention_id, site=seen.site.key, url=seen.url,
                                               reason=seen.reason, at=stamp)
                if mention_id is not None:
                    mention = store.mention(mention_id)
                    flags = list(mention.flags) if mention else []
                    if "personal_info" not in {f.code for f in flags}:
                        flags.append(_flag(seen.site, seen.reason))
                    store.make_listing_mention(mention_id, flags)
                touched.add(listing_id)
                continue
            if existing["id"] in touched:
                continue
            touched.add(existing["id"])
            if _move(store, existing, True, when, stamp, seen.site) == track.REAPPEARED and existing["mention_id"]:
                back.append(int(existing["mention_id"]))
            store.listing_checked(existing["id"], LISTED, seen=True, at=stamp)
        for site_look in run.looks:
            search = site_look.search
            for listing_id, reading in site_look.listings.items():
                if listing_id in touched:
                    continue
                row = store.listing(listing_id)
                if row is None:
                    continue
                listed: bool | None = None
                if reading.outcome == LISTED:
                    listed = True
                elif reading.outcome == GONE:
                    listed = False
                elif reading.outcome == UNEXPECTED and search is not None and search.outcome in CLEAN:
                    listed = False  # its address leads elsewhere, and the site's own search no longer has her
                moved = _move(store, row, listed, when, stamp, site_look.site)
                if moved == track.REAPPEARED and row["mention_id"]:
                    back.append(int(row["mention_id"]))
                store.listing_checked(listing_id, reading.outcome, seen=bool(listed), at=stamp)
        _record_checks(store, profile, plan, run, stamp)
    return back


def _move(store: Store, row: dict[str, Any], listed: bool | None, when: datetime, stamp: str,
          site: ExposureSite) -> str | None:
    new = track.after_check(row["state"], listed, row["due_at"], when)
    if new is None:
        return None
    if new == track.REMOVED:
        store.set_listing_state(row["id"], new, f"{site.name} no longer shows it", at=stamp, removed_at=stamp)
    elif new == track.NOT_REMOVED:
        store.set_listing_state(row["id"], new, f"still on {site.name} after the time the law allows", at=stamp)
    elif new == track.REAPPEARED:
        removed_on = (row["removed_at"] or "")[:10]
        note = f"{site.name} lists you again" + (f" after it was removed on {removed_on}" if removed_on else "")
        store.set_listing_state(row["id"], new, note, at=stamp, removed_at=None)
        if row["mention_id"]:
            mention = store.mention(int(row["mention_id"]))
            flags = [f for f in (mention.flags if mention else []) if f.code != "reappeared"]
            store.mark_reappeared(int(row["mention_id"]), [*flags, Flag("reappeared", note + ".")])
    return new


def _record_checks(store: Store, profile: Profile, plan: ExposurePlan, run: ExposureRun, stamp: str) -> None:
    """Each site's last look; a problem (a login wall, a robot check, an echo, a page of another shape,
    a failed fetch) is said once, and again only when it changes."""
    before = store.exposure_checks(profile.name)
    for site_look in run.looks:
        key = site_look.site.key
        problem = _problem(site_look)
        reported = (before.get(key) or {}).get("reported")
        if problem is not None:
            if reported != problem.outcome:
                run.notes.append(problem.detail + ". Nothing there was marked removed; repwatch tries again next time.")
            outcome, detail, reported = problem.outcome, problem.detail, problem.outcome
        else:
            readings = [r for r in (site_look.search, *site_look.listings.values()) if r is not None]
            outcome = LISTED if any(r.outcome == LISTED for r in readings) else (readings[0].outcome if readings else "ok")
            detail, reported = (readings[0].detail if readings else ""), None
        store.record_exposure_check(profile.name, key, outcome, detail, reported, at=stamp)
    looked = {lk.site.key for lk in run.looks}
    for seen in run.seen:  # a site searched only through the search services counts as looked at too
        if seen.site.key not in looked:
            looked.add(seen.site.key)
            store.record_exposure_check(profile.name, seen.site.key, LISTED, f"found through a search: {seen.url}",
                                        None, at=stamp)

    for site in plan.due:  # asked of the search services only: that was its look
        if site.key not in looked:
            store.record_exposure_check(profile.name, site.key, "searched", "searched through your search services",
                                        None, at=stamp)
