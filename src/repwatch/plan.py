"""The query plan: which searches a run sends, in order, each with its reason."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.models import Query


def build_plan(profile: Profile) -> list[Query]:
    """The guide's order: name and location first, then the name with the school, then the name alone."""
    excludes = tuple(profile.exclude)
    queries = [
        Query(profile.name, loc, f"your name with your location ({loc})", excludes=excludes)
        for loc in profile.locations
    ]
    queries += [
        Query(profile.name, org, f"your name with your organisation ({org})", excludes=excludes)
        for org in profile.organisations
    ]
    queries.append(Query(profile.name, None, "your name on its own", excludes=excludes))
    seen: set[str] = set()
    unique = []
    for query in queries:
        if query.text.casefold() not in seen:
            seen.add(query.text.casefold())
            unique.append(query)
    return unique[: profile.max_queries]
