"""Which (username, site) pairs a run checks, and which wait: a pure function of the candidates, the
sites and the store's history, with no network code, so that `repwatch accounts` can list them
without loading the checks' HTTP and page-reading libraries (``check`` makes the checks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from repwatch.schedule import parse_time

if TYPE_CHECKING:
    from repwatch.pipeline.accounts.candidates import Candidate
    from repwatch.pipeline.accounts.sites import Site

PINNED_SHARE = 0.5  # as in the query plan: this share of max_checks always goes to the top of the list
_NEVER = datetime.min.replace(tzinfo=UTC)
# what a found account's check is stored as (account_checks.detail), named by ``judge``
UNCONFIRMED = "unconfirmed_account"
NO_SIGN = "no sign of being about you"  # a stranger's account under a form many people share


# --- which checks a run makes ---------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    """One username to check on one site, spelled as that site spells it."""

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
    """When something was last done, as the store says it; never (first in line) when it cannot say."""
    return parse_time(value) or _NEVER


def schedule_checks(
    pairs: list[Pair], *, max_checks: int, last_checked: Mapping[tuple[str, str], str]
) -> tuple[list[Pair], list[Pair]]:
    """(this run's checks, the ones left for later runs), as a pure function of the list and history.

    Each site checked costs one or two more checks for its controls (a made-up name, and its known
    account where the table names one). When everything does not fit, the
    first half of the budget goes to the top of the list every run; the rest rotates, least recently
    checked first, so every pair comes round within a few runs.
    """
    def cost(pair: Pair, sites: set[str]) -> int:
        return 1 + (controls(pair.site) if pair.site.key not in sites else 0)

    total = len(pairs) + sum(controls(s) for s in {p.site.key: p.site for p in pairs}.values())
    if total <= max_checks:
        return list(pairs), []
    chosen: list[Pair] = []
    sites: set[str] = set()
    spent = 0

    def fill(candidates: list[Pair], budget: int) -> list[Pair]:
        """Take each candidate that still fits the budget; the ones left over."""
        nonlocal spent
        left = []
        for pair in candidates:
            c = cost(pair, sites)
            if spent + c <= budget:
                chosen.append(pair)
                sites.add(pair.site.key)
                spent += c
            else:
                left.append(pair)
        return left

    rest = fill(list(pairs), int(max_checks * PINNED_SHARE))
    order = {id(p): i for i, p in enumerate(pairs)}
    rest.sort(key=lambda p: (_when(last_checked.get((p.username.casefold(), p.site.key))), order[id(p)]))
    waiting = fill(rest, max_checks)
    chosen.sort(key=lambda p: order[id(p)])
    return chosen, waiting


def control_account(site: Site) -> str | None:
    """The known account the run's second control asks about, as the site spells it; None when the
    table names none the site's own rule accepts (the site is then unverifiable)."""
    for known in site.known:
        name = site.username(known)
        if name:
            return name
    return None


def controls(site: Site) -> int:
    """How many control checks a run makes on the site: the made-up name, and the known account."""
    return 1 + (control_account(site) is not None)
