"""The shapes of data/platforms.toml and data/search_services.toml, as pydantic models.

Kept apart from ``repwatch.platforms`` so that reading the tables loads no pydantic: the tests and
``data/checked.crc32`` check the packaged files against these, and a file that changed since is
checked against them when it is loaded (see ``repwatch.datafiles``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


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


class PlatformsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    platform: dict[str, _PlatformSpec]
    shared_hosts: _SharedHosts = _SharedHosts()


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


class ServicesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    services: dict[str, Service]
