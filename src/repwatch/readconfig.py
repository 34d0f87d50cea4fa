"""The few config keys the read commands use, read with the standard library's TOML reader alone.

`mentions`, `show`, `blocked` and `photos` need the database, her time zone and her profiles' names
(and photos); validating the whole file with pydantic cost them more than their own work (about
100 ms), and would stop them over a mistake in a key they never read (a misspelt SMTP setting must
not hide her mentions). So they read only these keys, each checked as ``repwatch.config`` checks it,
with the same sentence naming the file and the key when one is wrong; every other command (`run`,
`doctor`, `init`, `serve`, `search` …) validates the whole file. A key they read that holds
``${VAR}`` is left to the full load, which knows where variables come from.

Also here, for both readers: how a key and a TOML mistake are named in a sentence.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, Protocol, TypeVar

from repwatch.errors import ConfigError
from repwatch.paths import default_config_path, default_database_path


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def key_path(loc: tuple[Any, ...]) -> str:
    """('profile', 0, 'schedule') → 'profile[0].schedule', as a user would point at it."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def where_in_file(loc: tuple[Any, ...], data: dict[str, Any] | None = None) -> str:
    """Where a setting is, as a person finds it in the file: 'the profile “Joanna Whitfield”:
    schedule', not 'profile[0].schedule'."""
    if len(loc) >= 2 and loc[0] == "profile" and isinstance(loc[1], int):
        profiles = (data or {}).get("profile")
        name = None
        if isinstance(profiles, list) and loc[1] < len(profiles) and isinstance(profiles[loc[1]], dict):
            name = profiles[loc[1]].get("name")
        who = f"the profile \u201c{name}\u201d" if isinstance(name, str) and name.strip() else \
            f"the {_ordinal(loc[1] + 1)} [[profile]]"
        rest = key_path(loc[2:]) if len(loc) > 2 else ""
        return f"{who}: {rest}" if rest and rest != "(top level)" else who
    return key_path(loc)


TOML_WORDS = (  # what TOML's own messages mean, for a person who edited the file by hand
    ("illegal character '\\n'", 'the line ends too early: a closing " or ] is missing'),
    ("unexpected character: '\\n'", 'the line ends too early: a closing " or ] is missing'),
    ("expected '=' after a key", "the line is not written as setting = value"),
    ("invalid statement", "the line is not written as setting = value"),
    ("cannot overwrite a value", "a setting appears twice"),
    ("cannot declare", "a [section] appears twice"),
    ("unclosed array", "a list is not closed: a ] is missing"),
    ("expected ']' at the end of a table", "a [section] line is missing its ]"),
    ("invalid value", 'a value is not valid: words need quotes around them, like "Liverpool"'),
)


def toml_problem(message: str) -> str:
    """'line 3: a quoted value is not closed…' for TOML's 'Illegal character '\\n' (at line 3, column 12)'."""
    line = re.search(r"line (\d+)", message)
    low = message.lower()
    what = next((words for key, words in TOML_WORDS if key in low), None)
    where = f"line {line.group(1)}" if line else "a line"
    return f"{where} has a mistake: {what}" if what else f"{where} has a mistake the file format does not allow"


def no_profile(path: Path | None) -> str:
    """The one sentence for a config with no [[profile]]: commands, the daemon and doctor all say it."""
    return f"{path} has no [[profile]] section: add one with at least your name, or run `repwatch init`."


class _Named(Protocol):
    @property
    def name(self) -> str: ...


Named = TypeVar("Named", bound=_Named)


def pick_profiles(profiles: Sequence[Named], name: str | None, path: Path | None) -> list[Named]:
    """One profile by name (any case), or all; the one sentence, naming the file and the profiles
    there are, for a name that is not there. Shared by the full config and the light reader."""
    if name is None:
        return list(profiles)
    for profile in profiles:
        if profile.name.casefold() == name.casefold():
            return [profile]
    names = ", ".join(repr(p.name) for p in profiles) or "none"
    raise ConfigError(f"There is no profile named {name!r} in {path} (profiles: {names}).")


def read_file(path: Path | None, *, required: bool) -> tuple[Path, dict[str, Any] | None]:
    """The config file and its TOML (None: there is none, and none was asked for), or the one
    sentence ``config.load`` gives for a file that is missing, unreadable or not TOML."""
    explicit = path is not None or "REPWATCH_CONFIG" in os.environ
    file = Path(path).expanduser() if path is not None else default_config_path()
    if not file.exists():
        if required or explicit:
            hint = "" if explicit else " Run `repwatch init` to create one, or pass --config PATH."
            raise ConfigError(f"The config file {file} does not exist.{hint}")
        return file, None
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The config file {file} could not be read ({exc.__class__.__name__}).") from exc
    try:
        return file, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {file} cannot be read: {toml_problem(str(exc))}.") from exc


@dataclass(frozen=True)
class ProfileKeys:
    """One [[profile]]'s keys a read command uses: her name, and her photos for `photos`."""

    name: str
    photos: tuple[str, ...] = ()

    def photo_paths(self, relative_to: Path | None) -> list[Path]:
        """Each of ``photos`` as a path (``~`` expanded, relative ones beside the config file)."""
        out = []
        for item in self.photos:
            photo = Path(item).expanduser()
            out.append(relative_to / photo if not photo.is_absolute() and relative_to is not None else photo)
        return out


@dataclass(frozen=True)
class Keys:
    """The keys a read command takes from the config, each checked when it is used; ``path`` None: no
    config file. ``profile`` is read only when asked for (``read_keys(profiles=True)``)."""

    path: Path | None
    database: str | None = None
    timezone: Any = None  # as written: checked by ``zone``, so a command that shows no time ignores it
    profile: tuple[ProfileKeys, ...] = ()
    # the file's TOML as read, for the commands that take a few more of its keys (parsed once); never shown
    document: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def database_path(self) -> Path:
        return Path(self.database).expanduser() if self.database else default_database_path()

    def zone(self) -> tzinfo | None:
        """Her time zone (None: the computer's own), or the sentence ``config`` gives for a wrong one."""
        if self.timezone is None:
            return None
        where = f"{self.path}: repwatch.timezone"
        if not isinstance(self.timezone, str):
            shown = "" if isinstance(self.timezone, dict | list) else f" (got {self.timezone!r})"
            raise ConfigError(f"{where} should be text in quotes{shown}.")
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # lazy: only the commands that show a time

        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{where} unknown time zone {self.timezone!r} (try one like 'Europe/London').") from None

    def require_profiles(self, name: str | None = None) -> list[ProfileKeys]:
        """As ``Config.require_profiles``: one profile by name, or all; the same sentences when none."""
        if not self.profile:
            raise ConfigError(no_profile(self.path))
        return pick_profiles(self.profile, name, self.path)


class _Deferred(Exception):
    """A key read here holds ``${VAR}``: the full load fills it in."""


def read_keys(path: Path | None = None, *, required: bool = False, profiles: bool = False,
              photos: bool = False) -> Keys | None:
    """The database and time zone from the config file, and with ``profiles`` each profile's name (with
    ``photos`` also its photos, each file checked as the full load checks it); None when one of them
    uses ``${VAR}`` (load the whole config then). A wrong key is a ConfigError naming the file and key."""
    file, data = read_file(path, required=required)
    if data is None:
        return Keys(None)
    try:
        keys = _keys(file, data, profiles or photos, photos)
    except _Deferred:
        return None
    if photos:
        _check_photos(keys, file, data)
    return keys


def _keys(file: Path, data: dict[str, Any], profiles: bool, photos: bool) -> Keys:
    def wrong(loc: tuple[Any, ...], said: str) -> ConfigError:
        return ConfigError(f"{file}: {where_in_file(loc, data)} {said}.")

    def text(value: Any, loc: tuple[Any, ...]) -> str:
        if not isinstance(value, str):
            shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
            raise wrong(loc, f"should be text in quotes{shown}")
        if "${" in value:
            raise _Deferred
        return value

    general = data.get("repwatch", {})
    if not isinstance(general, dict):
        raise wrong(("repwatch",), "should be a table (a [section] of settings)")
    database = general.get("database")
    zone = general.get("timezone")
    if database is not None:
        database = text(database, ("repwatch", "database"))
    if isinstance(zone, str) and "${" in zone:
        raise _Deferred
    if not profiles:
        return Keys(file, database, zone, document=data)
    entries = data.get("profile", [])
    if not isinstance(entries, list):
        raise wrong(("profile",), 'should be a list in square brackets, like ["one", "two"]')
    out, seen = [], set()
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise wrong(("profile", number), "should be a table (a [section] of settings)")
        if "name" not in entry:
            raise wrong(("profile", number, "name"), "is required but missing")
        name = " ".join(text(entry["name"], ("profile", number, "name")).split())
        if not name:
            raise wrong(("profile", number, "name"), "the name is empty")
        if name.casefold() in seen:  # mentions, digests and schedules are all keyed by the name
            raise wrong(("profile",), f"names must each be different: {name!r} is used twice")
        seen.add(name.casefold())
        listed: list[str] = []
        if photos:
            value = entry.get("photos", [])
            if not isinstance(value, list):
                raise wrong(("profile", number, "photos"), 'should be a list in square brackets, like ["one", "two"]')
            listed = [text(item, ("profile", number, "photos", i)) for i, item in enumerate(value)]
        out.append(ProfileKeys(name, tuple(listed)))
    return Keys(file, database, zone, tuple(out), document=data)


def _check_photos(keys: Keys, file: Path, data: dict[str, Any]) -> None:
    """Each profile's ``photos``: a file that is there and is a photo, as ``config`` checks them."""
    from repwatch.adapters.images import photo_file_problem  # lazy: Pillow, only for a config with photos

    for number, profile in enumerate(keys.profile):
        for photo in profile.photo_paths(file.parent):
            why = photo_file_problem(photo)
            if why:
                where = where_in_file(("profile", number, "photos"), data)
                raise ConfigError(f"{file}: {where}: {why}.")
