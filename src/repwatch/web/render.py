"""Jinja2 for the review page: the digest's filters (safe links, one-line text), autoescape always on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment

from repwatch.pipeline.digest import new_environment, nice_date, platform_label
from repwatch.web import words


@lru_cache(maxsize=1)
def environment() -> Environment:
    env: Environment = new_environment()
    env.filters["nice_date"] = nice_date
    env.filters["flag_label"] = words.flag_label
    env.filters["event_label"] = words.event_label
    env.filters["platform"] = lambda code: "Website" if code in ("web", "") else platform_label({}, code)
    env.filters["when"] = words.when
    env.globals["urgent_flags"] = ("safeguarding", "impersonation")
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
