"""Jinja2 for the review page: the digest's filters (safe links, one-line text), autoescape always on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from repwatch.pipeline.digest import new_environment, nice_date, platform_label
from repwatch.web import words


@lru_cache(maxsize=1)
def environment() -> Environment:
    env: Environment = new_environment()
    # times in the profile's configured zone (the page's ``zone``), as the digest writes them
    env.filters["nice_date"] = pass_context(lambda ctx, value: nice_date(value, _zone(ctx)))
    env.filters["flag_label"] = words.flag_label
    env.filters["event_label"] = words.event_label
    env.filters["platform"] = lambda code: "Website" if code in ("web", "") else platform_label({}, code)
    env.filters["when"] = pass_context(lambda ctx, value: words.when(value, _zone(ctx)))
    env.filters["run_words"] = words.run_words
    env.filters["outcome_words"] = words.outcome_words
    env.filters["schedule_words"] = words.schedule_words
    env.filters["check_name"] = words.check_name
    env.globals["urgent_flags"] = ("safeguarding", "impersonation")
    return env


def _zone(ctx: Context) -> str | None:
    zone = ctx.get("zone")
    return zone if isinstance(zone, str) else None


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
