"""The query plan: which searches a run sends, in order, each with its reason; and the budget.

``build_plan`` follows the guide: "use your name and location first then check variations of your
name and even try nicknames". ``schedule_calls`` decides which of those searches the next run
sends when ``max_queries`` or a provider's ``monthly_quota`` cannot cover them all: the top half of
the slots always go to the top of the plan, the rest rotate, longest-waiting first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from repwatch.config import Profile
from repwatch.models import Query
from repwatch.pipeline.names import NameForm, name_forms, unique_texts
from repwatch.pipeline.sweep import open_providers
from repwatch.schedule import month_start, parse_time

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Config

PINNED_SHARE = 0.5  # when capped, this share of max_queries (rounded down) always goes to the top of the plan
NOT_NEXT = " — not in the next run: "  # joins a query's reason to why the next run skips it
_NEVER = datetime.min.replace(tzinfo=UTC)


# --- the plan ------------------------------------------------------------------------------
def _contexts(profile: Profile) -> list[tuple[str, str]]:
    return [(loc, f"with your location ({loc})") for loc in profile.locations] + [
        (org, f"with your organisation ({org})") for org in profile.organisations
    ]


def _with_contexts(forms: Iterable[NameForm], contexts: list[tuple[str, str]], excludes: tuple[str, ...]) -> list[Query]:
    """Context-major, so every form with the place comes before any form with the school."""
    forms = list(forms)
    return [
        Query(form.text, context, f"{form.reason} {why}", excludes=excludes)
        for context, why in contexts
        for form in forms
    ]


def build_plan(profile: Profile) -> list[Query]:
    """Every search for this profile, most telling first, without duplicates: the run's budget cuts later."""
    forms = name_forms(profile)
    excludes = tuple(profile.exclude)
    contexts = _contexts(profile)
    # pupils write "Ms Whitfield" next to the school's name; with no school, the place will do
    honorific_contexts = [c for c in contexts if c[0] in profile.organisations] or contexts
    queries = _with_contexts([forms.full], contexts, excludes)
    queries.append(Query(forms.full.text, None, f"{forms.full.reason} on its own", excludes=excludes))
    queries += _with_contexts(forms.variants, contexts, excludes)
    queries += _with_contexts(forms.initials, contexts, excludes)
    queries += [Query(f.text, None, f"{f.reason} on its own", excludes=excludes) for f in forms.variants]
    queries += _with_contexts(forms.honorifics, honorific_contexts, excludes)
    queries += [Query(f.text, None, f.reason, handle=True, excludes=excludes) for f in forms.handles]
    return unique_texts(queries)


# --- the budget ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedCall:
    """One (query, provider, kind) of the plan; provider and kind are None when nothing can send it."""

    query: Query
    provider: str | None
    kind: str | None
    reason: str
    next_run: bool


def _pairs(query: Query, providers: list[Any]) -> list[tuple[str, str]]:
    return [
        (provider.name, kind)
        for provider in providers
        for kind in provider.enabled_kinds()
        if kind not in provider.skipped_kinds() and provider.accepts(query, kind)
    ]


def _when(value: str | None) -> datetime:
    """When something was last done, as the store says it; never (first in line) when it cannot say."""
    return parse_time(value) or _NEVER


def _last_sent(query: Query, pairs: list[tuple[str, str]], last_run: Mapping[tuple[str, str, str], str]) -> datetime:
    """The latest any of its calls ran: a search one provider could not take still counts as done."""
    return max((_when(last_run.get((query.text, p, k))) for p, k in pairs), default=_NEVER)


def pinned_count(max_queries: int) -> int:
    """How many slots always go to the top of the plan when the plan is longer than max_queries."""
    return int(max_queries * PINNED_SHARE)


def schedule_calls(
    queries: list[Query],
    providers: Iterable[Any] | Mapping[str, Any],
    *,
    max_queries: int,
    last_run: Mapping[tuple[str, str, str], str],
    calls_this_month: Mapping[str, int],
    quotas: Mapping[str, int | None],
) -> list[PlannedCall]:
    """Which calls the next run sends, as a pure function of the plan and the store's history.

    The first ``pinned_count(max_queries)`` queries that can be sent go every run; the remaining
    slots go to the others, least recently sent first (never sent counts as oldest; ties keep plan
    order), so each of M rotating queries runs at least once every ceil(M / free slots) runs. A
    query takes a slot only if some provider with quota left can send it; no provider is ever
    planned past ``monthly_quota``, and the others go on. Calls come back in plan order.
    """
    provider_list = list(providers.values() if isinstance(providers, Mapping) else providers)
    pairs = {i: _pairs(q, provider_list) for i, q in enumerate(queries)}
    sendable = [i for i in pairs if pairs[i]]
    pinned = sendable if len(sendable) <= max_queries else sendable[: pinned_count(max_queries)]
    rotating = sorted(
        (i for i in sendable if i not in pinned),
        key=lambda i: (_last_sent(queries[i], pairs[i], last_run), i),
    )
    left: dict[str, int | None] = {}
    for provider in provider_list:
        quota = quotas.get(provider.name)
        left[provider.name] = None if quota is None else max(0, quota - calls_this_month.get(provider.name, 0))
    chosen: dict[int, set[tuple[str, str]]] = {}
    taken = 0
    for i in [*pinned, *rotating]:
        if taken >= max_queries:
            break
        fits = set()
        for name, kind in pairs[i]:
            remaining = left[name]
            if remaining is None or remaining > 0:
                fits.add((name, kind))
                left[name] = None if remaining is None else remaining - 1
        chosen[i] = fits  # an empty set: reached, but every provider for it is out of quota
        taken += bool(fits)
    return [
        call
        for i, query in enumerate(queries)
        for call in _calls_for(query, pairs[i], chosen.get(i), quotas, max_queries)
    ]


def _calls_for(
    query: Query,
    pairs: list[tuple[str, str]],
    chosen: set[tuple[str, str]] | None,
    quotas: Mapping[str, int | None],
    max_queries: int,
) -> list[PlannedCall]:
    """chosen is None when the slots ran out before this query's turn."""
    if not pairs:
        why = (
            "no enabled provider searches accounts (bluesky and mastodon do)"
            if query.handle
            else "no enabled provider can send it"
        )
        return [PlannedCall(query, None, None, query.reason + NOT_NEXT + why, False)]
    calls = []
    for name, kind in pairs:
        if chosen is None:
            why = f"a run sends {max_queries} searches (max_queries); this one waits its turn"
        elif (name, kind) in chosen:
            calls.append(PlannedCall(query, name, kind, query.reason, True))
            continue
        else:
            why = f"{name} has no calls left this month within its monthly_quota of {quotas.get(name)}"
        calls.append(PlannedCall(query, name, kind, query.reason + NOT_NEXT + why, False))
    return calls


# --- what `repwatch plan` and a run read ---------------------------------------------------
def plan_for(config: Config, profile: Profile, store: Store | None) -> list[PlannedCall]:
    """The schedule for the next run of this profile, from the config and the store's history."""

    settings = config.active_providers()
    providers, _notes = open_providers(settings, None)  # deciding needs no connection
    since = month_start(config.repwatch.timezone)
    return schedule_calls(
        build_plan(profile),
        providers,
        max_queries=profile.max_queries,
        last_run=store.query_log(profile.name) if store else {},
        calls_this_month={name: store.calls_since(name, since) if store else 0 for name in providers},
        quotas={name: s.monthly_quota for name, s in settings.items()},
    )


def plan_rows(config: Config, profile: Profile, store: Store | None) -> list[dict[str, Any]]:
    """The items `plan --json` prints: query, provider, kind, reason, next_run."""
    return [
        {"query": c.query.text, "provider": c.provider, "kind": c.kind, "reason": c.reason, "next_run": c.next_run}
        for c in plan_for(config, profile, store)
    ]


def render_plan_table(rows: list[dict[str, Any]]) -> Any:
    """One line per search, as a teacher reads it: what is typed, why, and where it goes next run."""
    from rich.markup import escape  # lazy: only `repwatch plan` draws a table
    from rich.table import Table  # lazy: only `repwatch plan` draws a table

    table = Table(title="Your searches, in order", show_lines=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Search")
    table.add_column("Why")
    table.add_column("Next run")
    for number, (query, group) in enumerate(_by_query(rows), start=1):
        reason = group[0]["reason"].split(NOT_NEXT)[0]
        sent = _where(r for r in group if r["next_run"])
        skipped = sorted({r["reason"].split(NOT_NEXT)[1] for r in group if NOT_NEXT in r["reason"]})
        where = escape(", ".join(sent)) if sent else "[yellow]not this time[/yellow]"
        if skipped:
            where += "\n[dim]" + escape("; ".join(skipped)) + "[/dim]"
        table.add_row(str(number), escape(query), escape(reason), where)
    return table


def _where(rows: Iterable[dict[str, Any]]) -> list[str]:
    """["searxng (web, news)", "duckduckgo (web)"]: each provider once, with its kinds."""
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(row["provider"], []).append(row["kind"])
    return [f"{name} ({', '.join(k)})" for name, k in kinds.items()]


def _by_query(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["query"], []).append(row)
    return list(groups.items())


# --- the exposure budget: people-search sites, on a clock of their own ------------------------
RECHECK_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30, "quarterly": 91}
OPEN_REQUEST_DAYS = 7  # while she waits for a site's answer, it is looked at weekly


def exposure_due(
    sites: Iterable[Any],
    *,
    last_checked: Mapping[str, str],
    open_requests: Iterable[str] = (),
    recheck: str = "monthly",
    now: datetime | None = None,
) -> list[Any]:
    """The people-search sites the next run looks at, as a pure function of their last look.

    Apart from the searches' ``max_queries``: a site is looked at ``recheck`` after its last look
    (monthly by default: listings change slowly, and each look is a visit to a site that sells her
    address), and weekly while a removal request there is open (``open_requests``: site keys), so a
    listing that comes down is seen within days and the ICO's month is checked on time.
    """
    now = now or datetime.now(UTC)
    waiting = set(open_requests)
    due = []
    for site in sites:
        days = min(RECHECK_DAYS.get(recheck, 30), OPEN_REQUEST_DAYS) if site.key in waiting else RECHECK_DAYS.get(recheck, 30)
        last = _when(last_checked.get(site.key))
        # a few hours' grace, so a daily run at 07:00 is not pushed a day later by a run that took a minute
        if (now - last).total_seconds() >= days * 86400 - 6 * 3600:
            due.append(site)
    return due


def exposure_queries(profile: Profile, sites: Iterable[Any]) -> list[Query]:
    """`"Name" site:192.com Town` for each site that is searched through the search services: only her
    name and her town go out, never her address or phone."""
    towns: list[str | None] = [*profile.locations[:1]] or [None]
    return [
        Query(profile.name, f"site:{site.domain}" + (f" {town}" if town else ""),
              f"your name on {site.name}, a site that lists addresses")
        for site in sites if site.site_query for town in towns
    ]
