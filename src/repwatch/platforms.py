"""Which platform a page is on, and whether it is a post, a photo or someone's account.

The table lives in data/platforms.toml so that a new news site or Mastodon instance is a data
change, not a code change. Triage needs the kind (an *account* in your name is an impersonation
risk, a *post* is not) and the account's handle (your own handles are never an impersonation).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

SHAPES = ("photo", "post", "account")  # checked in this order: a photo is a post, more specifically


@dataclass(frozen=True)
class Platform:
    code: str
    label: str
    social: bool = False
    keep_params: frozenset[str] | None = None  # None: keep every non-tracking parameter
    shapes: tuple[tuple[str, re.Pattern[str]], ...] = ()
    hosts: tuple[str, ...] = ()
    host_suffixes: tuple[str, ...] = ()
    shape_hosts_excluded: frozenset[str] = field(default_factory=frozenset)


@lru_cache(maxsize=1)
def table() -> dict[str, Platform]:
    """The platform table, read once; it is package data, so a broken file is a bug, not user error."""
    text = resources.files("repwatch").joinpath("data/platforms.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)["platform"]
    out: dict[str, Platform] = {}
    for code, spec in raw.items():
        shapes = tuple(
            (shape, re.compile(pattern, re.IGNORECASE)) for shape in SHAPES for pattern in spec.get(shape, ())
        )
        keep = spec.get("keep_params")
        out[code] = Platform(
            code=code,
            label=spec.get("label", code),
            social=bool(spec.get("social", False)),
            keep_params=frozenset(keep) if keep is not None else None,
            shapes=shapes,
            hosts=tuple(spec.get("hosts", ())),
            host_suffixes=tuple(spec.get("host_suffixes", ())),
            shape_hosts_excluded=frozenset(spec.get("shape_hosts_excluded", ())),
        )
    return out


@lru_cache(maxsize=1)
def _host_index() -> dict[str, str]:
    return {host: p.code for p in table().values() for host in p.hosts}


@lru_cache(maxsize=8192)
def platform_for_host(host: str) -> str | None:
    """The platform owning a host or any parent domain of it (news.sky.com, uk.linkedin.com)."""
    host = host.lower().rstrip(".")
    index = _host_index()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        code = index.get(".".join(parts[i:]))
        if code:
            return code
    for p in table().values():
        if p.host_suffixes and host.endswith(p.host_suffixes):
            return p.code
    return None


def get(code: str) -> Platform | None:
    return table().get(code)


def label(code: str) -> str:
    """A platform's name as a person would say it, for reasons and the digest."""
    platform = table().get(code)
    return platform.label if platform else code


def is_social(code: str) -> bool:
    platform = table().get(code)
    return bool(platform and platform.social)
