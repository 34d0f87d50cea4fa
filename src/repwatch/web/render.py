"""Jinja2 for the review page: the digest's filters (safe links, one-line text), autoescape always on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from repwatch.pipeline.digest import guide, new_environment, nice_date
from repwatch.pipeline.labels import event_name, flag_name, platform_label
from repwatch.web import words


@lru_cache(maxsize=1)
def environment() -> Environment:
    env: Environment = new_environment()
    # times in the profile's configured zone (the page's ``zone``), as the digest writes them
    env.filters["nice_date"] = pass_context(lambda ctx, value: nice_date(value, _zone(ctx)))
    # flag and event names are the guide's (a school's own, when the config names one), as in the digest
    env.filters["flag_label"] = pass_context(lambda ctx, code: flag_name(_guide(ctx), code))
    env.filters["event_label"] = pass_context(lambda ctx, code: event_name(_guide(ctx), code))
    env.filters["platform"] = lambda code: "Website" if code in ("web", "") else platform_label({}, code)
    env.filters["when"] = pass_context(lambda ctx, value: words.when(value, _zone(ctx)))
    env.filters["run_words"] = words.run_words
    env.filters["outcome_words"] = words.outcome_words
    env.filters["schedule_words"] = words.schedule_words
    env.filters["check_name"] = words.check_name
    env.filters["commands"] = commands
    env.globals["urgent_flags"] = ("safeguarding", "impersonation")
    return env


def commands(text: Any) -> Markup:
    """A message's `repwatch …` commands as code, the rest as escaped text (the digest does the same)."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote: nothing to pair, all text
        return Markup(escape(str(text)))
    return Markup("".join(f"<code>{escape(p)}</code>" if i % 2 else str(escape(p)) for i, p in enumerate(parts)))


def _zone(ctx: Context) -> str | None:
    zone = ctx.get("zone")
    return zone if isinstance(zone, str) else None


def _guide(ctx: Context) -> dict[str, Any]:
    g = ctx.get("guide")
    return g if isinstance(g, dict) else guide()


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
