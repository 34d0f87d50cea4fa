"""Times as the user's clock shows them: one formatter for the digest, the report, runs, status and the daemon.

Every time is shown in the configured ``[repwatch] timezone`` (the system's zone when none is set), so a
laptop set to another zone never stamps a digest with a time the user does not recognise. Names of days
and months are spelled here, in English, and days are written without strftime's platform-only codes
(``%-d`` raises on Windows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Literal

from repwatch.zones import resolve_tz, tz_name

Style = Literal["long", "weekday", "day", "date", "stamp", "short", "clock"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT",
                       "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "Greenwich", "Etc/Greenwich"})


def zone_place(tz: str | tzinfo | None) -> str:
    """A time zone as a place a person knows: 'London' for Europe/London, 'UTC (Greenwich)' for
    Etc/UTC, so 'times are in the London time zone' reads as she would say it."""
    try:
        key = tz_name(tz)
    except Exception:  # noqa: BLE001 - a name is a courtesy; the config loader checked the zone
        key = str(tz or "")
    if key in UTC_NAMES:
        return "UTC (Greenwich)"
    if key.startswith("Etc/GMT"):  # Etc/GMT+5 is five hours behind: POSIX turns the sign round
        offset = key.removeprefix("Etc/GMT")
        return f"UTC{'-' if offset.startswith('+') else '+'}{offset[1:]}" if offset[:1] in "+-" else key
    return key.rsplit("/", 1)[-1].replace("_", " ") if "/" in key else key


def local(at: datetime | str, tz: str | tzinfo | None) -> datetime:
    """An instant (aware, naive = UTC, or ISO text) in the configured zone; ValueError if unreadable."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # stored times are UTC
    return at.astimezone(resolve_tz(tz))


def day_month_year(day: date, *, short: bool = False) -> str:
    """'14 October 2026', or with short '14 Oct 2026'."""
    month = MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"


def short_day(stamp: str) -> str:
    """A stored time as a short day, "3 Dec", for reasons beside an answer; unreadable text as its date part."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:10]
    return f"{when.day} {MONTHS[when.month - 1][:3]}"


def format_local(at: datetime | str, tz: str | tzinfo | None, style: Style = "long",
                 now: datetime | None = None) -> str:
    """One time for a person to read, in the configured zone.

    long     24 November 2026 at 07:00          (digest stamps, every time on the review page)
    weekday  Tuesday 25 November at 07:00       (the digest's next run)
    day      Tue 25 Nov 2026, 07:00             (a compact stamp)
    date     24 Nov 2026                        (a day, no clock)
    stamp    25 Nov 2026, 09:14 GMT             (the incident report: with the zone's name)
    short    10:02 today, else 9 May 10:02, else 9 May 2025 10:02
    clock    10:02:03 today, else 9 May 10:02   (the daemon's log)

    ``now`` (for short and clock) says what "today" is; it defaults to the present.
    """
    t = local(at, tz)
    hm = f"{t.hour:02d}:{t.minute:02d}"
    if style == "long":
        return f"{day_month_year(t.date())} at {hm}"
    if style == "weekday":
        return f"{DAYS[t.weekday()]} {t.day} {MONTHS[t.month - 1]} at {hm}"
    if style == "day":
        return f"{DAYS[t.weekday()][:3]} {day_month_year(t.date(), short=True)}, {hm}"
    if style == "date":
        return day_month_year(t.date(), short=True)
    if style == "stamp":
        return f"{day_month_year(t.date(), short=True)}, {hm} {t.tzname() or ''}".rstrip()
    today = (now or datetime.now(UTC)).astimezone(t.tzinfo).date()
    day = f"{t.day} {MONTHS[t.month - 1][:3]}"
    if style == "clock":
        return f"{hm}:{t.second:02d}" if t.date() == today else f"{day} {hm}"
    if style == "short":
        if t.date() == today:
            return hm
        return f"{day} {hm}" if t.year == today.year else f"{day} {t.year} {hm}"
    raise ValueError(f"unknown time style {style!r}")
