"""An ad hoc search, `repwatch search`: the same plan, sweep and triage as a run, with nothing stored.

Kept apart from the runner so that a quick search loads no digest, mail or evidence code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import ValidationError

from repwatch.adapters.providers import registry
from repwatch.config import Config, Profile
from repwatch.errors import NetworkUnreachable, NothingDone, UsageError
from repwatch.models import RELEVANT, Flag, Result
from repwatch.pipeline.flags import flag_rank
from repwatch.pipeline.person import Person
from repwatch.pipeline.plan import build_plan
from repwatch.pipeline.sweep import run_sweep


def search_now(
    config: Config,
    name: str,
    *,
    locations: tuple[str, ...] = (),
    organisations: tuple[str, ...] = (),
    providers: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    limit: int = 20,
    progress: bool = False,
) -> Any:
    """An ad hoc search: the same plan and sweep as a run, for a name typed on the command line."""
    try:
        profile = search_profile(config, name, locations, organisations)
    except ValidationError as exc:
        raise UsageError("The name to search for is empty.") from exc
    if providers:
        known = registry()
        unknown = [p for p in providers if p not in known]
        if unknown:
            raise UsageError(
                f"There is no provider called {unknown[0]!r}; choose from {', '.join(sorted(known))}."
            )
        settings = {p: config.provider_settings(p) for p in providers}
    else:
        settings = config.active_providers()
    settings = {p: s.model_copy(update={"max_results": limit}) for p, s in settings.items()}

    queries = build_plan(profile)
    outcome = run_sweep(queries, settings, kinds=list(kinds) or None,
                        max_in_flight=config.repwatch.max_in_flight, progress=progress,
                        time_limit_s=config.repwatch.max_run_minutes * 60,
                        warm=lambda: judge_results(config, profile, [_sample(profile)]))
    if not outcome.calls:
        why = " ".join(outcome.notes) or "no provider offers the kinds asked for."
        raise NothingDone(f"No search could be made: {why}")
    if outcome.all_failed:
        first = outcome.failures[0]
        if all(f.code == NetworkUnreachable.code for f in outcome.failures):
            tried = ", ".join(dict.fromkeys(f.provider for f in outcome.failures))
            raise NothingDone(f"Could not reach any search provider ({tried}): is this computer online?")
        raise NothingDone(f"Every search failed; the first error was: {first.error}")
    # answers arrive in whatever order the network gives; show them in the plan's order, best rank first
    order = {query.text: i for i, query in enumerate(queries)}
    outcome.results.sort(key=lambda r: (order.get(r.query, len(order)), r.rank, r.provider))
    seen: set[str] = set()
    unique = []
    for result in outcome.results:
        if result.canonical_url and result.canonical_url not in seen:
            seen.add(result.canonical_url)
            unique.append(result)
    # judged before they are cut to --limit, so what needs attention is never the part left out
    outcome.judged = judge_results(config, profile, unique)
    outcome.found = len(unique)
    outcome.results = [j.result for j in outcome.judged[:limit]]
    return outcome


def _sample(profile: Profile) -> Result:
    """A page judged while the sweep waits for answers, so that triage's imports and word lists are
    loaded by the time the real results come."""
    where = " ".join([*profile.locations[:1], *profile.organisations[:1]])
    return Result(url="https://example.org/", title=f"{profile.name}, a teacher {where}", snippet="", provider="",
                  kind="web", query="", rank=1, canonical_url="https://example.org/", domain="example.org",
                  platform="web")


@dataclass
class Judged:
    """One result of an ad hoc search with the triage a run would give it."""

    result: Result
    score: float
    reasons: list[str]
    flags: list[Flag]
    tone: float = 0.0
    about: str = "you"  # you | unsure | someone_else
    about_reasons: list[str] = field(default_factory=list)

    @property
    def about_you(self) -> bool:
        return self.score >= RELEVANT

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "score": round(self.score, 3), "tone": self.tone,
                "about_you": self.about_you, "about": self.about, "about_reasons": list(self.about_reasons),
                "reasons": list(self.reasons), "flags": [asdict(f) for f in self.flags]}


def search_profile(config: Config, name: str, locations: tuple[str, ...] = (),
                   organisations: tuple[str, ...] = ()) -> Profile:
    """Who an ad hoc search is about: the config's profile when the name is its name (its places,
    school, handles and exclusions then judge the results), else just the name and the flags given."""
    key = " ".join(name.split()).casefold()
    for profile in config.profile:
        if profile.name.casefold() == key:
            extra = {}
            if locations:
                extra["locations"] = list(dict.fromkeys([*profile.locations, *locations]))
            if organisations:
                extra["organisations"] = list(dict.fromkeys([*profile.organisations, *organisations]))
            return profile.model_copy(update=extra) if extra else profile
    return Profile(name=name, locations=list(locations), organisations=list(organisations))


def judge_results(config: Config, profile: Profile, results: list[Result]) -> list[Judged]:
    """Each result with its score, reasons and flags, what needs attention first: flagged pages about
    the person (most serious flag first), then the others most likely about them first."""

    from repwatch.pipeline.triage import assess  # lazy: loaded while the sweep waits (warm)

    judged = []
    me = Person.of(profile)  # no store: the person from the config alone
    for result in results:
        verdict = assess(result, me)
        if verdict.drop:
            continue
        judged.append(Judged(result, verdict.score, list(verdict.reasons), list(verdict.flags),
                             float(getattr(verdict, "tone", 0.0) or 0.0), verdict.about, list(verdict.about_reasons)))

    def order(j: Judged) -> tuple[int, int, int, float]:
        worst = min((flag_rank(f.code) for f in j.flags), default=99)
        aside = {"you": 0, "unsure": 1}.get(j.about, 2)  # someone else's pages last, whatever their flags
        return (aside, 0 if j.flags else 1, worst, -j.score)

    judged.sort(key=order)  # stable: ties keep the plan's order
    return judged
