"""Which platform a page is on, and whether it is a post, a photo or someone's account.

The table lives in data/platforms.toml so that a new news site or Mastodon instance is a data
change, not a code change. Triage needs the kind (an *account* in your name is an impersonation
risk, a *post* is not) and the account's handle (your own handles are never an impersonation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from repwatch.datafiles import packaged

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
    # how the platform writes a handle (see data/platforms.toml): read by repwatch.handles
    handle_suffixes: tuple[str, ...] = ()
    handle_ignore: str = ""
    handle_instance: bool = False
    handle_pattern: re.Pattern[str] | None = None
    aliases: tuple[str, ...] = ()
    shared: bool = False  # many people publish there: never blocked as a whole site


class _PlatformSpec(BaseModel):
    """One [platform.CODE] table of data/platforms.toml; a misspelt key is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str | None = None
    social: bool = False
    shared: bool = False
    keep_params: list[str] | None = None
    account: list[str] = []
    post: list[str] = []
    photo: list[str] = []
    hosts: list[str] = []
    host_suffixes: list[str] = []
    shape_hosts_excluded: list[str] = []
    handle_suffixes: list[str] = []
    handle_ignore: str = ""
    handle_instance: bool = False
    handle_pattern: str | None = None
    aliases: list[str] = []


class _SharedHosts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hosts: list[str] = []


class _PlatformsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    platform: dict[str, _PlatformSpec]
    shared_hosts: _SharedHosts = _SharedHosts()


@lru_cache(maxsize=1)
def _raw() -> _PlatformsFile:
    return packaged("platforms.toml", _PlatformsFile)


@lru_cache(maxsize=1)
def table() -> dict[str, Platform]:
    """The platform table, read once; it is package data, so a broken file is a bug, not user error."""
    out: dict[str, Platform] = {}
    for code, spec in _raw().platform.items():
        shapes = tuple(
            (shape, re.compile(pattern, re.IGNORECASE)) for shape in SHAPES for pattern in getattr(spec, shape)
        )
        out[code] = Platform(
            code=code,
            label=spec.label or code,
            social=spec.social,
            keep_params=frozenset(spec.keep_params) if spec.keep_params is not None else None,
            shapes=shapes,
            hosts=tuple(spec.hosts),
            host_suffixes=tuple(spec.host_suffixes),
            shape_hosts_excluded=frozenset(spec.shape_hosts_excluded),
            handle_suffixes=tuple(spec.handle_suffixes),
            handle_ignore=spec.handle_ignore,
            handle_instance=spec.handle_instance,
            handle_pattern=re.compile(spec.handle_pattern) if spec.handle_pattern is not None else None,
            aliases=tuple(spec.aliases),
            shared=spec.shared or spec.social,
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
    return frozenset(_raw().shared_hosts.hosts)


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


class ServiceKey(BaseModel):
    """The secret a search service needs (or that adds posts to its account search)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    setting: Literal["api_key", "app_password", "access_token"]
    label: str
    where: str
    how: str
    free: str
    env: str
    short: str
    quota: int | None = None  # the free plan's searches a month, which `repwatch init` sets as the cap


class Service(BaseModel):
    """One search service of data/search_services.toml: its name, whether it needs a key, which key."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    keyless: bool = False
    key: ServiceKey | None = None
    search: bool = True  # a search provider (false: named in the same lists, like the accounts watch)


class _ServicesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    services: dict[str, Service]


@lru_cache(maxsize=1)
def services() -> dict[str, Service]:
    """Every search service by its code: the one home of their names, keys and free quotas."""
    return packaged("search_services.toml", _ServicesFile).services


def service_name(code: str | None) -> str:
    """'google_news' → 'Google News': a search service by its own name, never repwatch's code for it."""
    code = str(code or "")
    service = services().get(code)
    return service.name if service is not None else code.replace("_", " ").title()
