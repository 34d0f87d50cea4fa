"""What `repwatch accounts` reads of the config, without pydantic.

Its usernames are made from her profile (her name, other names, nicknames, honorifics, handles,
school) and the sites from ``[accounts]``; validating the whole file with pydantic cost the command
more than its own work. So it reads those keys here, shaped as ``config.Profile`` and
``config.Accounts`` are (every field, with the same defaults: ``tests/test_read_config.py`` holds
them equal), each taken only when it is plainly right; anything else (a wrong type, a number out of
range, a handle that does not parse, ``${VAR}``) is left to the whole config's check, which words it,
as the other read commands do (see ``repwatch.readconfig``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from repwatch.errors import ConfigError
from repwatch.paths import default_database_path
from repwatch.readconfig import no_profile, pick_profiles, read_file, read_keys
from repwatch.schedule import parse_schedule

_LISTS = ("variants", "nicknames", "exclude_nicknames", "honorifics", "handles", "locations", "organisations",
          "platforms", "exclude", "exclude_domains", "photos")


@dataclass(frozen=True)
class ProfileKeys:
    """A ``[[profile]]`` as ``config.Profile`` holds it."""

    name: str
    variants: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    auto_nicknames: bool = False
    exclude_nicknames: list[str] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    exclude_domains: list[str] = field(default_factory=list)
    schedule: str = "0 7 * * *"
    max_queries: int = 40
    photos: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AccountsKeys:
    """``[accounts]`` as ``config.Accounts`` holds it."""

    enabled: bool = True
    platforms: list[str] | None = None
    sites_file: str | None = None
    max_checks: int = 150
    rate_per_second: float = 0.5
    timeout_s: float = 15.0
    subjects: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AccountsConfig:
    """The keys `repwatch accounts` reads, where ``Config`` has them."""

    path: Path
    repwatch: Any  # .database, .timezone
    accounts: AccountsKeys
    profile: tuple[ProfileKeys, ...]

    def database_path(self) -> Path:
        return Path(self.repwatch.database).expanduser() if self.repwatch.database else default_database_path()

    def require_profiles(self, name: str | None = None) -> list[ProfileKeys]:
        """As ``Config.require_profiles``: one profile by name, or all; the same sentences."""
        if not self.profile:
            raise ConfigError(no_profile(self.path))
        return pick_profiles(self.profile, name, self.path)


class _Unsure(Exception):
    """A key is not plainly right: the whole config's check says what is wrong."""


def accounts_config(path: Path | None) -> AccountsConfig | None:
    """Her profiles and ``[accounts]``, her time zone (the same sentence as the full check when it is
    wrong) and the database; None when one of them is not plainly right: load the whole config then."""
    keys = read_keys(path, required=True, profiles=True)
    if keys is None or keys.path is None:
        return None
    keys.zone()
    _, data = read_file(keys.path, required=True)
    try:
        entries = (data or {}).get("profile", [])
        profiles = tuple(_profile(p.name, entry) for p, entry in zip(keys.profile, entries, strict=True))
        accounts = _accounts((data or {}).get("accounts", {}))
    except _Unsure:
        return None
    return AccountsConfig(keys.path, SimpleNamespace(database=keys.database, timezone=keys.timezone), accounts,
                          profiles)


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and "${" not in v for v in value):
        raise _Unsure
    return list(value)


def _number(value: Any, low: float, high: float, *, whole: bool, above: bool = False) -> Any:
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise _Unsure
    if value > high or value < low or (above and value == low):
        raise _Unsure
    return value if whole else float(value)


def _profile(name: str, entry: dict[str, Any]) -> ProfileKeys:
    lists = {key: _texts(entry[key]) for key in _LISTS if key in entry}
    for handle in lists.get("handles", []):
        from repwatch.handles import parse_handle  # lazy: its tables, for her handles alone

        try:
            parse_handle(handle)
        except ValueError:
            raise _Unsure from None
    auto = entry.get("auto_nicknames", False)
    schedule = entry.get("schedule", "0 7 * * *")
    if not isinstance(auto, bool) or not isinstance(schedule, str) or "${" in schedule:
        raise _Unsure
    try:
        parse_schedule(schedule)
    except ValueError:
        raise _Unsure from None
    queries = _number(entry.get("max_queries", 40), 1, 1000, whole=True)
    return ProfileKeys(name=name, auto_nicknames=auto, schedule=schedule, max_queries=queries, **lists)


def _accounts(section: Any) -> AccountsKeys:
    if not isinstance(section, dict):
        raise _Unsure
    enabled = section.get("enabled", True)
    platforms = section.get("platforms")
    sites_file = section.get("sites_file")
    if not isinstance(enabled, bool) or (sites_file is not None and (not isinstance(sites_file, str)
                                                                     or "${" in sites_file)):
        raise _Unsure
    return AccountsKeys(
        enabled=enabled,
        platforms=None if platforms is None else _texts(platforms),
        sites_file=sites_file,
        max_checks=_number(section.get("max_checks", 150), 0, 100_000, whole=True),
        rate_per_second=_number(section.get("rate_per_second", 0.5), 0, 50, whole=False, above=True),
        timeout_s=_number(section.get("timeout_s", 15.0), 0, 300, whole=False, above=True),
        subjects=_texts(section.get("subjects", [])),
    )
