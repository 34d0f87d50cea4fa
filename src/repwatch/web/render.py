"""Jinja2 for the review page: the digest's filters (safe links, one-line text), autoescape always on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from repwatch.pipeline.digest import display_url, flag_rank, nice_date, one_line, platform_label, safe_href
from repwatch.web import words


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("repwatch", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["one_line"] = one_line
    env.filters["safe_href"] = safe_href
    env.filters["display_url"] = display_url
    env.filters["nice_date"] = nice_date
    env.filters["by_severity"] = lambda flags: sorted(flags, key=lambda f: flag_rank(f.code))
    env.filters["flag_label"] = words.flag_label
    env.filters["event_label"] = words.event_label
    env.filters["platform"] = lambda code: "Website" if code in ("web", "") else platform_label({}, code)
    env.filters["when"] = words.when
    env.globals["urgent_flags"] = ("safeguarding", "impersonation")
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
