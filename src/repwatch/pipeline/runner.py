"""One run for one profile: plan, search, store, diff, triage, digest, deliver.

The order matters for not losing anything: results are stored (in one transaction) before any
digest is built, and mentions become "notified" only once the mail server accepted the digest, so a
failed send leaves them for the next digest and a successful one never repeats them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from repwatch.adapters.store import requests_sent
from repwatch.config import Config, Profile
from repwatch.errors import ConfigError, DeliveryError, DeliveryUnconfirmed
from repwatch.models import RELEVANT, CallFailure, Flag, Mention, Query, Result, now
from repwatch.paths import outbox_dir
from repwatch.pipeline import photos
from repwatch.pipeline.accounts import watch as accounts_watch
from repwatch.pipeline.deliver import deliver
from repwatch.pipeline.digest import (
    Digest,
    guide_path_of,
    next_run_text,
    privacy_reminder_due,
    review_base,
    review_links,
)
from repwatch.pipeline.evidence import capture_new
from repwatch.pipeline.evidence.capturing import plain_reason
from repwatch.pipeline.exposure import watch as exposure_watch
from repwatch.pipeline.exposure.advice import REGISTER
from repwatch.pipeline.exposure.advice import digest_block as exposure_block
from repwatch.pipeline.notify import push_urgent
from repwatch.pipeline.person import Person, person_of
from repwatch.pipeline.plan import plan_for
from repwatch.pipeline.sweep import SweepOutcome, run_sweep
from repwatch.pipeline.triage import assess, reappeared_reason
from repwatch.timefmt import format_local

if TYPE_CHECKING:
    from repwatch.adapters.store import Store


@dataclass
class RunReport:
    run_id: int | None
    profile: str
    queries: int
    calls: int
    failures: list[CallFailure]
    results: int
    new_mentions: list[int]
    digest_status: str
    digest_detail: str
    notes: list[str] = field(default_factory=list)
    all_failed: bool = False
    not_about_you: int = 0  # new pages stored but judged to be someone else's (set aside)
    unsure: list[int] = field(default_factory=list)  # new pages with her name and nothing either way
    pages: list[dict[str, Any]] = field(default_factory=list)  # every new page, with about and its reasons

    @property
    def exit_code(self) -> int:
        if self.all_failed:
            return 3
        if self.failures or self.digest_status == "failed":
            return 1
        return 0

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "profile": self.profile,
            "queries": self.queries,
            "calls": self.calls,
            "failures": [f.to_json() for f in self.failures],
            "results": self.results,
            "new_mentions": self.new_mentions,
            "new_not_about_you": self.not_about_you,
            "new_unsure": self.unsure,
            "new_pages": self.pages,
            "digest": {"status": self.digest_status, "detail": self.digest_detail},
        }


def plan_for_run(config: Config, profile: Profile, store: Store) -> tuple[list[Query], set[tuple[str, str, str]], list[str]]:
    """The queries this run sends, the exact (provider, kind, query) calls the budget chose, and the
    queries left for a later run."""

    planned = plan_for(config, profile, store)
    chosen = [c for c in planned if c.next_run and c.provider and c.kind]
    queries = list({c.query.text: c.query for c in chosen}.values())
    waiting = list(dict.fromkeys(c.query.text for c in planned if c.provider and not c.next_run
                                 and c.query.text not in {q.text for q in queries}))
    return queries, {(c.provider, c.kind, c.query.text) for c in chosen if c.provider and c.kind}, waiting


@dataclass
class CaptureReport:
    """Pages of this run that could not be saved: each said in words the first time it fails; a
    page that failed on an earlier run too is only counted ("3 pages still could not be saved")."""

    first: list[str] = field(default_factory=list)  # whole sentences, for the terminal and the log
    items: list[str] = field(default_factory=list)  # the same, short, under the digest's own heading
    still: int = 0

    def lines(self) -> list[str]:
        out = list(self.first)
        if self.still:
            pages = "page" if self.still == 1 else "pages"
            out.append(f"{self.still} {pages} from earlier runs still could not be saved; repwatch keeps "
                       "trying. Take your own screenshot of any that matter to you.")
        return out


def capture_report(store: Store, failed: list[Any]) -> CaptureReport:
    """Split this run's failed captures into first failures and repeats (a page tried before)."""

    report = CaptureReport()
    for outcome in failed:
        attempts = [r for r in store.evidence_rows(outcome.mention_id) if r.get("kind") == "page"]
        if len(attempts) > 1:
            report.still += 1
        else:
            report.first.append(outcome.sentence())
            if outcome.outcome == "login_wall":
                why = "the site shows visitors a login page; take a screenshot yourself while logged in"
            else:
                why = plain_reason(outcome.detail)
            report.items.append(f"Mention #{outcome.mention_id} ({outcome.url}): {why}.")
    return report


def run_profile(
    config: Config,
    profile: Profile,
    store: Store,
    *,
    dry_run: bool = False,
    no_email: bool = False,
    progress: bool = False,
) -> RunReport:
    started = now()
    me = person_of(profile, store)  # who she is, read once: plan, triage and the accounts watch share it
    queries, chosen, waiting = plan_for_run(config, profile, store)
    # the accounts watch checks its sites in a thread of its own while the searches go out
    account_plan = accounts_watch.plan_accounts(config, profile, store, person=me) if config.accounts.enabled else None
    # the people-search sites that are due: their site queries go with the searches, their pages are read alongside
    exposure_plan = exposure_watch.plan_exposure(config, profile, store)
    if exposure_plan is not None:
        queries = queries + [q for q in exposure_plan.queries if q.text not in {x.text for x in queries}]
        chosen = chosen | exposure_plan.calls
    with ThreadPoolExecutor(max_workers=2) as pool:
        checking = pool.submit(accounts_watch.check, config, account_plan) if account_plan else None
        looking = pool.submit(exposure_watch.check, config, exposure_plan) if exposure_plan else None
        outcome = run_sweep(
            queries,
            config.active_providers(),
            only=chosen,
            max_in_flight=config.repwatch.max_in_flight,
            progress=progress,
            time_limit_s=config.repwatch.max_run_minutes * 60,
        )
        account_outcome = checking.result() if checking else None
        looks = looking.result() if looking else []
    photo_run = compare_photos(config, profile, store, outcome.results,
                               account_outcome.found if account_outcome else [], dry_run=dry_run)
    outcome.notes.extend(photo_run.notes)
    results, verdicts = triage_results(profile, store, [r for r in outcome.results if r.canonical_url], person=me)
    exposure = (exposure_watch.finish(profile, store, exposure_plan, looks, results, verdicts)
                if exposure_plan is not None else exposure_watch.ExposureRun())
    results += exposure.results
    verdicts.update(exposure.verdicts)
    accounts = (accounts_watch.finish(config, profile, store, account_plan, account_outcome, dry_run=dry_run,
                                      person=me)
                if account_plan and account_outcome else accounts_watch.AccountsRun())
    results += accounts.results
    verdicts.update(accounts.verdicts)  # the accounts watch read the account's own page: its verdict stands
    outcome.notes.extend(accounts.notes)
    if dry_run:
        known = {m.canonical_url for m in store.mentions(profile=profile.name, include_all=True)}
        fresh = sorted({r.canonical_url for r in results} - known)
        return RunReport(
            None, profile.name, len(queries), requests_sent(outcome.calls), outcome.failures, len(results), [],
            "skipped", f"dry run: {len(fresh)} new page(s) would be recorded; nothing was stored or sent",
            outcome.notes, outcome.all_failed,
        )
    run_id, new_ids, seen_ids = store.record_run(
        profile.name,
        started_at=started,
        results=results,
        calls=outcome.calls,
        failures=outcome.failures,
        queries=len(queries),
        verdicts=verdicts,
    )
    accounts_watch.record(store, profile, accounts)
    photos.record_matches(photo_run, store, profile.name)
    back = _reappeared(store, seen_ids)
    if exposure_plan is not None:
        back += [i for i in exposure_watch.record(store, profile, exposure_plan, exposure) if i not in back]
        outcome.notes.extend(exposure.notes)

    return _capture_and_send(config, profile, store, outcome, run_id, new_ids, back, waiting,
                             queries=len(queries), results=len(results), no_email=no_email)


def _capture_and_send(config: Config, profile: Profile, store: Store, outcome: SweepOutcome, run_id: int,
                      new_ids: list[int], back: list[int], waiting: list[str], *, queries: int, results: int,
                      no_email: bool) -> RunReport:
    """Once the run is stored: evidence of the new pages and of those back again, then the digest (or,
    with --no-email, the urgent pushes alone), and the run's report."""
    failed: list[Any] = []
    capture_new(config, store, new_ids + back, profile=profile.name, outcomes=failed)
    capture = capture_report(store, failed)
    outcome.notes.extend(capture.lines())
    if no_email:
        outcome.notes.extend(push_urgent(config, store, store.undelivered(profile.name)))
        status, detail = "skipped", "--no-email: the new mentions wait for the next digest"
    else:
        notes = [n for n in outcome.notes if n not in capture.lines()]  # the digest has its own section
        status, detail = send_digest(config, profile, store, run_id, outcome.failures, notes,
                                     skipped_queries=waiting, capture=capture,
                                     nothing_searched=outcome.all_failed)
    store.set_run_digest(run_id, status, detail)
    about = about_you(store, new_ids)
    unsure = about_you(store, new_ids, about="unsure")
    store.set_run_new_mentions(run_id, len(about))
    return RunReport(
        run_id, profile.name, queries, requests_sent(outcome.calls), outcome.failures, results, about,
        status, detail, outcome.notes, outcome.all_failed, not_about_you=len(new_ids) - len(about),
        unsure=unsure, pages=new_pages(store, new_ids),
    )


def compare_photos(config: Config, profile: Profile, store: Store, results: list[Result], found: list[Any], *,
                   dry_run: bool = False) -> photos.PhotoRun:
    """Her known photos' hashes, loaded once for the run, compared with every picture found (accounts'
    avatars, image results, preview images): a match sets ``photo_match`` before triage reads it.
    A photo of hers that cannot be read now costs the run nothing else: one note."""
    relative = config.path.parent if config.path is not None else None
    try:
        run = photos.load_known(profile, store, relative, dry_run=dry_run)
    except ConfigError as exc:
        return photos.PhotoRun(notes=[f"{exc.message} Pictures were not compared with your photos this run."])
    photos.compare_images(run, photos.image_jobs(results, found))
    return run


def about_you(store: Store, ids: list[int], about: str | None = None) -> list[int]:
    """The new pages that are mentions of the person: the ones a digest carries (about her, or with
    her name and nothing either way, which it asks about; or reappeared), so the terminal, JSON,
    status and the email all count the same "new mentions". With ``about``: only those judged so."""

    if not ids:
        return []
    keep = {m.id for m in store.mentions(ids=ids, include_all=True)
            if (m.score >= RELEVANT and (about is None or m.about == about))
            or (about in (None, "you") and any(f.code == "reappeared" for f in m.flags))}
    return [i for i in ids if i in keep]


def new_pages(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """Every new page of a run with whether it is about her and why (`run --json`)."""
    if not ids:
        return []
    return [{"id": m.id, "url": m.url, "title": m.title, "about": m.about, "about_reasons": m.about_reasons,
             "flags": [f.code for f in m.flags]}
            for m in sorted(store.mentions(ids=ids, include_all=True), key=lambda m: m.id)]


def triage_results(profile: Profile, store: Store, results: list[Result], *,
                   person: Person | None = None) -> tuple[list[Result], dict[str, Any]]:
    """Judge every result once: drop what the user excluded or dismissed, and keep, per page, the
    strongest verdict (the same page found twice may have two different snippets)."""

    me = person or person_of(profile, store)
    kept: list[Result] = []
    verdicts: dict[str, Any] = {}
    for result in results:
        verdict = assess(result, me)
        if verdict.drop:
            continue
        kept.append(result)
        best = verdicts.get(result.canonical_url)
        if best is None:
            verdicts[result.canonical_url] = verdict
            continue
        if verdict.score > best.score:
            best.score, best.reasons = verdict.score, verdict.reasons
            best.about, best.about_reasons = verdict.about, verdict.about_reasons
        codes = {f.code for f in best.flags}
        best.flags.extend(f for f in verdict.flags if f.code not in codes)
    return kept, verdicts


def _reappeared(store: Store, seen_ids: list[int]) -> list[int]:
    """A page the user marked resolved is online again: it comes back as new, flagged."""

    back = []
    for mention in store.mentions(ids=seen_ids, status="resolved", include_all=True):
        resolved_on = next((e["at"][:10] for e in reversed(store.events(mention.id)) if e["event"] == "resolved"), None)
        flags = [f for f in mention.flags if f.code != "reappeared"] + [Flag("reappeared", reappeared_reason(resolved_on))]
        store.mark_reappeared(mention.id, flags)
        back.append(mention.id)
    return back


def build_digest(
    profile: Profile,
    mentions: list[Mention],
    failures: list[CallFailure],
    notes: list[str],
    *,
    config: Config | None = None,
    store: Store | None = None,
    skipped_queries: list[str] | None = None,
    preview: bool = False,
    never_ran: bool = False,
    capture: CaptureReport | None = None,
    nothing_searched: bool = False,
) -> Any:
    """The digest for these mentions; with config and store it also knows the next run, the school's
    guide file, and whether this month's privacy-settings reminder is due."""

    timezone = config.repwatch.timezone if config is not None else None
    generated = format_local(now(), timezone)
    reminder = bool(
        profile.platforms and store is not None and privacy_reminder_due(store, profile.name, timezone)
    )
    replies = bool(config is not None and config.email is not None and config.email.replies.enabled)
    links, review_hint = review_links(config, store.path if store is not None else None, mentions, replies=replies)
    return Digest(
        profile.name, mentions, failures, notes, generated_at=generated,
        next_run=next_run_text(profile.schedule, timezone),
        skipped_queries=list(skipped_queries or []),
        privacy_platforms=list(profile.platforms) if reminder else [],
        guide_path=guide_path_of(config) if config is not None else None,
        evidence_dir=str(store.path.parent / "evidence") if store is not None else None,
        preview=preview,
        never_ran=never_ran,
        nothing_searched=nothing_searched,
        capture_problems=list(capture.items) if capture is not None else [],
        capture_still=capture.still if capture is not None else 0,
        links=links, review_hint=review_hint,
        timezone=timezone,
        review_url=review_base(config) if store is not None else None,
        replies=replies,
        exposure=exposure_block(config, profile, store) if config is not None and store is not None else None,
    )


def send_digest(
    config: Config,
    profile: Profile,
    store: Store,
    run_id: int | None,
    failures: list[CallFailure],
    notes: list[str],
    skipped_queries: list[str] | None = None,
    capture: CaptureReport | None = None,
    nothing_searched: bool = False,
) -> tuple[str, str]:
    """Push urgent flags, then deliver the digest of every undelivered mention.

    Push problems are appended to ``notes`` (so the run report shows them) and named in the digest.
    """

    for started in store.close_interrupted_digests(profile.name):
        notes.append(
            f"repwatch stopped while sending the digest of {_stamp(started, config)}. If that email arrived, "
            "some of the mentions below repeat it; nothing was lost."
        )
    for started in store.close_unconfirmed_digests(profile.name):
        notes.append(
            f"The mail server stopped answering while repwatch was sending the digest of {_stamp(started, config)}. "
            "If that email arrived, some of the mentions below repeat it; nothing was lost."
        )
    mentions = store.undelivered(profile.name)
    notes.extend(push_urgent(config, store, mentions))
    shown = [m for m in mentions if m.about != "someone_else"]  # pages set aside are only counted
    if not shown and not failures and config.email is not None and not config.email.send_when_nothing_new:
        return "skipped", "nothing new, and send_when_nothing_new is off"
    digest = build_digest(profile, mentions, failures, notes, config=config, store=store,
                          skipped_queries=skipped_queries, capture=capture,
                          nothing_searched=nothing_searched)
    digest_id = store.open_digest(profile.name, run_id, [m.id for m in mentions], all_clear=digest.all_clear)
    stem = f"digest-{digest_id:05d}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    try:
        delivery = deliver(digest, config.email, outbox_dir(store.path), stem)
    except DeliveryUnconfirmed as exc:
        store.digest_unconfirmed(digest_id, exc.message)
        return "failed", exc.message + " Its mentions will be in the next digest too, which says why."
    except DeliveryError as exc:
        store.digest_failed(digest_id, exc.message)
        return "failed", exc.message + " The new mentions will be in the next digest."
    store.digest_delivered(
        digest_id, status=delivery.status, subject=digest.subject, message_id=delivery.message_id,
        path=delivery.path,
    )
    if digest.exposure and digest.exposure.get("register"):
        store.set_reminded(profile.name, REGISTER)  # the yearly open register reminder went out
    return delivery.status, delivery.detail


def _stamp(stamp: str, config: Config) -> str:
    """A stored UTC time as the user's clock shows it: "24 November 2026 at 07:00"."""
    try:
        return format_local(stamp, config.repwatch.timezone)
    except ValueError:
        return stamp
