"""Her time zone: the one the config names, else the computer's own.

The computer's zone is tzlocal's to find (it knows every system's ways of saying it), but tzlocal
loads `logging` and its tables, about 16 ms of every read command that shows a time when the config
names no zone (the wizard leaves it to the computer). Where the answer is plain, read here without
it: TZ naming a zone, or, with no TZ and none of the other files tzlocal reads, /etc/timezone
(Debian's way) and /etc/localtime linked into the zone database (systemd's way) naming one zone. Anything else is tzlocal's, as before;
tests/test_zones.py holds the two answers equal.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# what tzlocal reads on Linux besides TZ and /etc/localtime; any of them there: its answer
_OTHER_SOURCES = ("/var/db/zoneinfo", "/etc/sysconfig/clock", "/etc/conf.d/clock",
                  "/system/bin/getprop")


def resolve_tz(tz: str | tzinfo | None) -> tzinfo:
    """A configured zone name, a tzinfo, or None for the system's zone (with its DST rules)."""
    if isinstance(tz, tzinfo):
        return tz
    if tz:
        return ZoneInfo(tz)
    zone = plain_local_zone()
    if zone is not None:
        return zone
    import tzlocal  # lazy: it loads `logging`; only where the computer's zone is not plainly said

    try:
        return tzlocal.get_localzone()
    except Exception:  # no zone name to be found: a fixed offset is the best left
        return datetime.now().astimezone().tzinfo or UTC


def tz_name(tz: str | tzinfo | None) -> str:
    zone = resolve_tz(tz)
    return str(getattr(zone, "key", None) or zone)


def plain_local_zone() -> ZoneInfo | None:
    """The computer's zone where TZ, or /etc/timezone and /etc/localtime, plainly name it, as tzlocal
    would find it; else None, for tzlocal to find. Read once for each value of TZ (tzlocal too keeps
    its answer): a listing asks for each time it shows."""
    return _plain_local_zone(os.environ.get("TZ"))


@lru_cache(maxsize=4)
def _plain_local_zone(name: str | None) -> ZoneInfo | None:
    if sys.platform != "linux":
        return None
    if name is not None:
        return _zone(name.removeprefix(":")) if name else None
    if any(os.path.lexists(path) for path in _OTHER_SOURCES):
        return None
    names = [found for found in (_etc_timezone(), _linked_zone()) if found is not None]
    if not names or names.count(names[0]) != len(names):
        return None  # none, a file tzlocal cannot read either, or two that differ: tzlocal's to weigh
    return _zone(names[0])


def _etc_timezone() -> str | None:
    """The zone /etc/timezone names (Debian's way), read as tzlocal reads it; "" when the file is
    there but says nothing usable (then tzlocal decides)."""
    try:
        with open("/etc/timezone", encoding="ascii") as file:
            text = file.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
    found = ""
    for line in text.strip("/ \t\r\n").splitlines():
        line = line.split(" ", 1)[0].split("#", 1)[0]
        if line:
            found = line
    return found if _zone(found) is not None else ""


def _linked_zone() -> str | None:
    """The zone /etc/localtime links to (systemd's way): the first tail of its target that names a zone."""
    if not os.path.islink("/etc/localtime"):
        return None if not os.path.lexists("/etc/localtime") else ""
    target = os.path.realpath("/etc/localtime")
    start = target.find("/") + 1
    while start:
        target = target[start:]
        if _zone(target) is not None:
            return target
        start = target.find("/") + 1
    return ""


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo | None:
    if not name or os.path.isabs(name):
        return None  # TZ naming a file, or empty: tzlocal's
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
