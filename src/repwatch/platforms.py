"""Which platform a page is on, and whether it is a post, a photo or someone's account.

The table lives in data/platforms.toml so that a new news site or Mastodon instance is a data
change, not a code change. Triage needs the kind (an *account* in your name is an impersonation
risk, a *post* is not) and the account's handle (your own handles are never an impersonation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from repwatch.datafiles import checked, packaged_data

if TYPE_CHECKING:
    from pydantic import BaseModel

    from repwatch.platform_models import Service

SHAPES = ("photo", "post", "account")  # checked in this order: a photo is a post, more specifically


@dataclass(frozen=True)
class Platform:
    """One platform of data/platforms.toml: its name, its hosts and the shapes of its addresses."""

    code: str
    label: str
    social: bool = False
    keep_params: frozenset[str] | None = None  # None: keep every non-tracking parameter
    shape_sources: tuple[tuple[str, str], ...] = ()  # (shape, pattern), compiled on first use: see ``shapes``
    hosts: tuple[str, ...] = ()
    host_suffixes: tuple[str, ...] = ()
    shape_hosts_excluded: frozenset[str] = field(default_factory=frozenset)
    # how the platform writes a handle (see data/platforms.toml): read by repwatch.handles
    handle_suffixes: tuple[str, ...] = ()
    handle_ignore: str = ""
    handle_instance: bool = False
    handle_source: str | None = None
    aliases: tuple[str, ...] = ()
    shared: bool = False  # many people publish there: never blocked as a whole site

    @cached_property
    def shapes(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The shapes of its addresses, compiled when first asked for: the table has about 60
        patterns, and a command that reads one address (`show`) or none needs one platform's or none."""
        return tuple((shape, re.compile(pattern, re.IGNORECASE)) for shape, pattern in self.shape_sources)

    @cached_property
    def handle_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.handle_source) if self.handle_source is not None else None


def _platforms_model() -> type[BaseModel]:
    from repwatch.platform_models import PlatformsFile  # lazy: pydantic, only for a file not checked at build

    return PlatformsFile


def _services_model() -> type[BaseModel]:
    from repwatch.platform_models import ServicesFile  # lazy: as above

    return ServicesFile


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    """data/platforms.toml as read, checked by ``platform_models.PlatformsFile`` (see ``datafiles``)."""
    return packaged_data("platforms.toml", _platforms_model)


@lru_cache(maxsize=1)
def table() -> dict[str, Platform]:
    """The platform table, read once; it is package data, so a broken file is a bug, not user error."""
    out: dict[str, Platform] = {}
    for code, spec in _raw()["platform"].items():  # each key's default is the model's (platform_models)
        shapes = tuple((shape, pattern) for shape in SHAPES for pattern in spec.get(shape, []))
        keep, handle_pattern = spec.get("keep_params"), spec.get("handle_pattern")
        out[code] = Platform(
            code=code,
            label=spec.get("label") or code,
            social=spec.get("social", False),
            keep_params=frozenset(keep) if keep is not None else None,
            shape_sources=shapes,
            hosts=tuple(spec.get("hosts", ())),
            host_suffixes=tuple(spec.get("host_suffixes", ())),
            shape_hosts_excluded=frozenset(spec.get("shape_hosts_excluded", ())),
            handle_suffixes=tuple(spec.get("handle_suffixes", ())),
            handle_ignore=spec.get("handle_ignore", ""),
            handle_instance=spec.get("handle_instance", False),
            handle_source=handle_pattern,
            aliases=tuple(spec.get("aliases", ())),
            shared=spec.get("shared", False) or spec.get("social", False),
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


@lru_cache(maxsize=1)
def _shared_hosts() -> frozenset[str]:
    return frozenset(_raw().get("shared_hosts", {}).get("hosts", ()))


def shared_host(host: str) -> str | None:
    """Why a site is shared by many publishers (its platform's name), or None for a site of its own.

    `dismiss --domain` on such a site would hide everyone there, an impersonator included.
    """
    host = host.lower().rstrip(".").removeprefix("www.")
    code = platform_for_host(host)
    if code is not None and table()[code].shared:
        return label(code)
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in _shared_hosts():
            return ".".join(parts[i:])
    return None


def by_name(name: str) -> Platform | None:
    """A platform by its code, label or alias, as a person might write it ("twitter", "X", "insta")."""
    key = name.strip().lower()
    for platform in table().values():
        if key in (platform.code, platform.label.lower(), *platform.aliases):
            return platform
    return None


@lru_cache(maxsize=1)
def _services_data() -> dict[str, Any]:
    """data/search_services.toml as read, once, and checked (by its stamp, else ``ServicesFile``):
    the names the read commands show and the services the classes read both come from here."""
    return packaged_data("search_services.toml", _services_model)


@lru_cache(maxsize=1)
def services() -> dict[str, Service]:
    """Every search service by its code: the one home of their names, keys and free quotas."""
    from repwatch.platform_models import ServicesFile  # lazy: pydantic; the read commands need only names

    return checked(ServicesFile, _services_data(), "repwatch's data file data/search_services.toml").services


@lru_cache(maxsize=1)
def _service_names() -> dict[str, str]:
    """Each search service's name by its code, without pydantic (``name`` is a key every entry has)."""
    return {code: entry["name"] for code, entry in _services_data()["services"].items()}


def search_service_codes() -> dict[str, bool]:
    """Each search service's code, in the file's order, and whether it needs no key (``keyless``),
    without pydantic: what ``adapters.providers.provider_table`` lists, for the read commands."""
    return {code: bool(entry.get("keyless", False)) for code, entry in _services_data()["services"].items()
            if entry.get("search", True)}


def service_name(code: str | None) -> str:
    """'google_news' → 'Google News': a search service by its own name, never repwatch's code for it."""
    code = str(code or "")
    return _service_names().get(code) or code.replace("_", " ").title()
