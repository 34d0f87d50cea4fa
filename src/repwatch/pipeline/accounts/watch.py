"""The accounts watch inside a run: which usernames on which sites, checked, judged, ready to store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from repwatch.models import Result, now
from repwatch.pipeline.accounts.candidates import Candidate, OwnHandle, candidates
from repwatch.pipeline.accounts.pairs import NO_SIGN, UNCONFIRMED, Pair, all_pairs, schedule_checks
from repwatch.pipeline.accounts.sites import Site, select_sites

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Config, Profile
    from repwatch.pipeline.accounts.check import AccountsOutcome
    from repwatch.pipeline.person import Person

REMINDED = "reminded"  # account_checks outcome: the digest named a site to check by hand this month
# account_checks.detail of a found account: what its last check made of it (NO_SIGN: a stranger's)
OWN, HIDDEN, ABOUT_YOU = "own", "hidden", "about_you"
_JUDGED = {code: code for code in (OWN, HIDDEN, ABOUT_YOU, "impersonation", UNCONFIRMED)} | {NO_SIGN: "no_sign"}


@dataclass
class AccountsPlan:
    """What the next run checks: her candidate usernames, the sites, the pairs chosen and those that wait."""

    candidates: list[Candidate]
    sites: list[Site]
    chosen: list[Pair]
    waiting: list[Pair]
    pairs: list[Pair] = field(default_factory=list)  # every pair, in all_pairs' order (the listing's)

    @property
    def manual(self) -> list[Site]:
        """Sites that cannot be checked without a login: the person looks there themselves."""
        return [s for s in self.sites if s.login_required]


@dataclass
class AccountsRun:
    """What one run's accounts watch found, ready to store with the sweep."""

    results: list[Result] = field(default_factory=list)
    verdicts: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checks: int = 0


def sites_for(config: Config) -> list[Site]:
    settings = config.accounts
    relative = config.path.parent if config.path is not None else None
    return select_sites(settings.platforms, settings.sites_file, relative)


def plan_accounts(config: Config, profile: Profile, store: Store | None, *, person: Person | None = None) -> AccountsPlan:
    """What the next run checks, and what waits: a function of the config and the store's history."""
    settings = config.accounts
    sites = sites_for(config)
    if person is not None:
        mine = [OwnHandle(h.name, h.platform or "") for h in person.own_accounts]
    else:  # her own accounts alone (the rest of her person, every page she dismissed among it, is not used here)
        mine = [OwnHandle(r["handle"], r["platform"] or "") for r in store.own_accounts(profile.name)] if store else []
    cands = candidates(profile, settings.subjects, mine)
    pairs = all_pairs(cands, sites)
    last = store.account_check_log(profile.name) if store is not None else {}
    chosen, waiting = schedule_checks(pairs, max_checks=settings.max_checks, last_checked=last)
    return AccountsPlan(cands, sites, chosen, waiting, pairs)


def watch(config: Config, profile: Profile, store: Store, *, dry_run: bool = False) -> AccountsRun:
    """Check this run's usernames and judge what was found. Nothing is stored here: the runner
    stores the results with the sweep's, in one transaction, and then ``rows`` with ``record``."""
    if not config.accounts.enabled:
        return AccountsRun()
    plan = plan_accounts(config, profile, store)
    return finish(config, profile, store, plan, check(config, plan), dry_run=dry_run)


def run_checks(pairs: list[Pair], **settings: Any) -> AccountsOutcome:
    """``check.run_checks``: the checks themselves, loaded when a run makes them."""
    from repwatch.pipeline.accounts.check import run_checks as make  # lazy: httpx, bs4: a run's alone

    return make(pairs, **settings)


def check(config: Config, plan: AccountsPlan) -> AccountsOutcome:
    """The network part alone (no database), so that a run can do it while its searches go out.

    A bug here must not cost the run its search results: it becomes one note.
    """
    try:
        return run_checks(
            plan.chosen,
            rate_per_second=config.accounts.rate_per_second,
            timeout_s=config.accounts.timeout_s,
            max_in_flight=config.repwatch.max_in_flight,
        )
    except Exception as exc:  # noqa: BLE001 - reported in the digest; the searches' results are kept
        import logging  # lazy: only a failed watch logs (`repwatch accounts` lists without it)

        logging.getLogger(__name__).exception("the accounts watch failed")
        from repwatch.pipeline.accounts.check import AccountsOutcome  # lazy: as in ``run_checks``

        return AccountsOutcome(notes=[f"The accounts watch stopped unexpectedly ({exc.__class__.__name__}); "
                                      "it will try again on the next run."])


def finish(config: Config, profile: Profile, store: Store, plan: AccountsPlan, outcome: AccountsOutcome, *,
           dry_run: bool = False, person: Person | None = None) -> AccountsRun:
    """Judge what the checks found, and say what waits and where to look by hand."""
    from repwatch.pipeline.accounts.judge import judge  # lazy: triage; `repwatch accounts` judges nothing
    from repwatch.pipeline.person import person_of  # lazy: her whole person; the listing needs none

    run = AccountsRun()
    run.checks = outcome.checks
    run.notes.extend(outcome.notes)
    run.rows = outcome.rows
    me = person or person_of(profile, store)
    rows = {(r["username"].casefold(), r["site"]): r for r in run.rows if r.get("outcome") == "found"}
    # usernames are the same in any capitals: an account found before keeps its address, and so its mention
    earlier = {r["url"].casefold(): r["url"] for r in store.account_checks(profile.name)
               if r["outcome"] == "found" and r["url"]}
    for found in outcome.found:
        row = rows.get((found.username.casefold(), found.site.name), {})
        found.url = earlier.get(found.url.casefold(), found.url)
        if row:
            row["url"] = found.url
        result, verdict = judge(found, me)
        if verdict.drop:
            row["detail"] = HIDDEN
            continue
        if not (verdict.own or verdict.about_me):  # a stranger's, under a name many people share
            row["detail"] = NO_SIGN
            # not a mention of its own; but if a search finds the same page, this reading of it stands
            run.verdicts[result.canonical_url] = verdict
            continue
        row["detail"] = OWN if verdict.own else next(
            (f.code for f in verdict.flags if f.code in ("impersonation", UNCONFIRMED)), ABOUT_YOU)
        run.results.append(result)
        run.verdicts[result.canonical_url] = verdict
    run.notes.extend(_manual_reminders(plan, profile, store, config, dry_run, run))
    return run


def _manual_reminders(plan: AccountsPlan, profile: Profile, store: Store, config: Config, dry_run: bool,
                      run: AccountsRun) -> list[str]:
    """Once a month, name each site that cannot be checked without a login, with where to look."""
    from repwatch.schedule import month_start  # lazy: a run's

    since = month_start(config.repwatch.timezone)
    log = store.account_check_log(profile.name)
    notes = []
    for site in plan.manual:
        last = log.get(("", site.key))
        if last and last >= since:
            continue
        link = site.yourself_url(profile.name)
        where = f": {link}" if link else ""
        notes.append(f"{site.name} cannot be checked without logging in: check it yourself for accounts in your "
                     f"name{where}")
        if not dry_run:
            run.rows.append({"username": "", "site": site.name, "outcome": REMINDED, "checked_at": now()})
    return notes


def record(store: Store, profile: Profile, run: AccountsRun) -> None:
    if run.rows:
        store.record_account_checks(profile.name, run.rows)


def accounts_rows(config: Config, profile: Profile, store: Store | None) -> list[dict[str, Any]]:
    """What `repwatch accounts --json` prints: every (username, site) with its reason, its last check
    and result, and whether the next run checks it; then each site to check by hand, with its link.

    A found account's ``judged`` is what its last check made of it: impersonation, unconfirmed_account,
    own, hidden, about_you, or no_sign (a stranger's account under a common form, never asked about);
    None for a check stored before repwatch recorded it."""
    plan = plan_accounts(config, profile, store)
    last = {(r["username"].casefold(), r["site"].casefold()): r for r in store.account_checks(profile.name)} if store else {}
    chosen = {(p.username.casefold(), p.site.key) for p in plan.chosen}
    rows: list[dict[str, Any]] = []
    for pair in plan.pairs:
        key = (pair.username.casefold(), pair.site.key)
        check = last.get(key) or {}
        found = check.get("outcome") == "found"
        judged = _JUDGED.get(check.get("detail") or "") if found else None
        rows.append({
            "profile": profile.name,
            "username": pair.username,
            "reason": pair.candidate.reason,
            "site": pair.site.name,
            "platform": pair.site.platform,
            "last_checked": check.get("checked_at"),
            "result": check.get("outcome") or "not checked yet",
            "url": check.get("url") if check.get("outcome") == "found" else None,
            "display_name": check.get("display_name") or None,
            "next_run": key in chosen and config.accounts.enabled,
            "rule_checked": pair.site.checked,
            "weak_form": pair.candidate.weak,
            "judged": judged,
            "about_you": None if judged is None else judged not in ("no_sign", HIDDEN),
        })
    for site in plan.manual:
        rows.append({
            "profile": profile.name, "username": None, "reason": site.note or "it needs a login to check",
            "site": site.name, "platform": site.platform, "last_checked": None, "result": "check_yourself",
            "url": site.yourself_url(profile.name), "display_name": None, "next_run": False,
            "rule_checked": site.checked, "weak_form": False, "judged": None, "about_you": None,
        })
    return rows
