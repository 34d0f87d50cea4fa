"""Schedules: a 5-field cron expression, or "every 6h" / "every 2d" / "every 30s".

Cron fields follow crontab(5): minute, hour, day of month, month, day of week (0 or 7 = Sunday;
names like ``mon`` and ``jan`` work; ``*``, ``a-b``, ``*/n``, ``a-b/n`` and lists). When both the
day of month and the day of week are restricted, a day matching either one runs, as in cron.

Times are wall-clock times in the configured time zone. Across daylight-saving changes:

* spring forward: a time the clocks skip (01:30 in Europe/London on the last Sunday of March)
  runs once, an hour later by the clock (02:30 BST), the same instant cron would choose;
* fall back: a time that happens twice (01:30 on the last Sunday of October) runs once, the first
  time (01:30 BST), never again an hour later.

``next_run`` and ``is_overdue`` serve the daemon and the digest footer; ``when_due``, built on them,
is the one answer to "when is the next run?" for ``repwatch doctor``, ``repwatch status`` and the page.
APScheduler 3's own cron trigger is not used: it counts weekdays from Monday = 0 (so ``0 7 * * 0``
would run on Mondays) and fires twice in the repeated hour of a fall-back night.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import product
from typing import Any

from repwatch.zones import resolve_tz as resolve_tz
from repwatch.zones import tz_name as tz_name

_EVERY = re.compile(r"^every\s+(\d+)\s*(s|m|h|d)$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAYS = {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
# (name, lowest, highest, names)
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 7, _DAYS),
)
_SEARCH_DAYS = 366 * 8 + 2  # "0 0 29 2 *" happens once in up to eight years (2096 → 2104)


@dataclass(frozen=True)
class Cron:
    """A 5-field cron expression, each field as the values it allows."""

    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday … 6 = Saturday
    day_restricted: bool
    weekday_restricted: bool

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        dom = day.day in self.days
        dow = day.isoweekday() % 7 in self.weekdays
        if self.day_restricted and self.weekday_restricted:
            return dom or dow  # cron's rule: either one
        return dom and dow


@dataclass(frozen=True)
class Schedule:
    """A profile's `schedule` as written, read as an interval ("every 6h") or a cron expression."""

    text: str
    interval: timedelta | None = None  # for "every …"
    cron: str | None = None  # for 5-field cron
    fields: Cron | None = None


def _field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> set[int]:
    def number(token: str) -> int:
        token = token.lower()
        if token in names:
            return names[token]
        if not token.isdigit():
            raise ValueError(f"the {name} field has {token!r}, which is not a number")
        value = int(token)
        if not low <= value <= high:
            raise ValueError(f"the {name} field has {value}, outside {low}–{high}")
        return value

    values: set[int] = set()
    for part in text.split(","):
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(f"the {name} field has the step {step_text!r}; use a whole number like */15")
            step = int(step_text)
        if base == "*":
            first, last = low, (6 if name == "day of week" else high)
        elif "-" in base:
            a, _, b = base.partition("-")
            first, last = number(a), number(b)
            if first > last:
                raise ValueError(f"the {name} field has the range {base!r}, which runs backwards")
        elif base:
            first = number(base)
            last = (6 if name == "day of week" else high) if slash else first
        else:
            raise ValueError(f"the {name} field {text!r} has an empty part")
        values.update(range(first, last + 1, step))
    if name == "day of week":
        values = {v % 7 for v in values}
    return values


def parse_cron(text: str) -> Cron:
    parts = text.split(" ")
    if len(parts) != 5:
        raise ValueError(
            f"{text!r} is not a schedule: use 5 cron fields like '0 7 * * *' (7am daily) or 'every 6h'"
        )
    try:
        sets = [_field(p, *spec) for p, spec in zip(parts, _FIELDS, strict=True)]
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid cron schedule ({exc})") from None
    return Cron(
        minutes=tuple(sorted(sets[0])),
        hours=tuple(sorted(sets[1])),
        days=frozenset(sets[2]),
        months=frozenset(sets[3]),
        weekdays=frozenset(sets[4]),
        day_restricted=not parts[2].startswith("*"),
        weekday_restricted=not parts[4].startswith("*"),
    )


def parse_schedule(text: str) -> Schedule:
    """Parse or raise ValueError with a reason a person can act on."""
    text = " ".join(text.split())
    match = _EVERY.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError(f"{text!r} must repeat at least every 1{match.group(2)}")
        return Schedule(text, interval=timedelta(**{_UNITS[match.group(2).lower()]: amount}))
    cron = parse_cron(text)
    today = date(2024, 1, 1)
    if not any(cron.matches_day(today + timedelta(days=i)) for i in range(_SEARCH_DAYS)):
        raise ValueError(f"{text!r} never happens (no month has that day)")
    return Schedule(text, cron=text, fields=cron)


def _localize(wall: datetime, zone: tzinfo) -> datetime:
    """A naive wall time → the instant it names: the first of two, or one after a skipped hour."""
    first = wall.replace(tzinfo=zone, fold=0)
    return first.astimezone(UTC).astimezone(zone)  # a skipped time comes back moved forward by the gap


def _as_schedule(schedule: str | Schedule) -> Schedule:
    return schedule if isinstance(schedule, Schedule) else parse_schedule(schedule)


def next_run(schedule: str | Schedule, tz: str | tzinfo | None, after: datetime) -> datetime:
    """The first run strictly after ``after`` (aware; naive means in ``tz``), in ``tz``.

    For "every …" that is ``after`` plus the interval: pass the last run's start.
    """
    sched = _as_schedule(schedule)
    zone = resolve_tz(tz)
    if after.tzinfo is None:
        after = after.replace(tzinfo=zone)
    if sched.interval is not None:
        return (after + sched.interval).astimezone(zone)
    cron = sched.fields or parse_cron(sched.text)
    local = after.astimezone(zone)
    margin = timedelta(hours=3)  # a DST change moves a wall time by at most 2h

    def steady(wall: datetime) -> bool:  # no clock change within the margin either side
        return _localize(wall - margin, zone).utcoffset() == _localize(wall + margin, zone).utcoffset()

    start = local.replace(tzinfo=None, microsecond=0)
    if not steady(start):
        start -= margin
    best: datetime | None = None
    best_wall: datetime | None = None
    for offset in range(_SEARCH_DAYS + 1):
        day = start.date() + timedelta(days=offset)
        if best_wall is not None and datetime(day.year, day.month, day.day) > best_wall + margin:
            break
        if not cron.matches_day(day):
            continue
        for hour in cron.hours:
            top = datetime(day.year, day.month, day.day, hour)
            if top + timedelta(minutes=59) < start:
                continue
            if best_wall is not None and top > best_wall + margin:
                break
            for minute in cron.minutes:
                wall = datetime(day.year, day.month, day.day, hour, minute)
                if wall < start:
                    continue
                if best_wall is not None and wall > best_wall + margin:
                    break
                at = _localize(wall, zone)
                if at > after and (best is None or at < best):
                    best, best_wall = at, wall
                    if steady(wall):
                        return best
    if best is None:
        raise ValueError(f"{sched.text!r} never happens")
    return best


def is_overdue(
    schedule: str | Schedule, tz: str | tzinfo | None, last_run: datetime | None, now: datetime
) -> bool:
    """True when a run was due since ``last_run`` (or there never was one)."""
    if last_run is None:
        return True
    return next_run(schedule, tz, last_run) <= now


@dataclass(frozen=True)
class Due:
    """When a profile runs next: ``at`` (now, when overdue), and the missed run's time ``since``."""

    at: datetime
    overdue: bool
    since: datetime | None  # when the missed run was due; None when it is not overdue, or never ran


def when_due(schedule: str | Schedule, tz: str | tzinfo | None, last_run: datetime | None, now: datetime) -> Due:
    """The next run as the daemon sees it: a profile that never ran, or missed a run, is due now."""
    zone = resolve_tz(tz)
    if is_overdue(schedule, zone, last_run, now):
        since = next_run(schedule, zone, last_run) if last_run is not None else None
        return Due(now.astimezone(zone), True, since)
    assert last_run is not None  # is_overdue is True without one
    return Due(next_run(schedule, zone, last_run).astimezone(zone), False, None)


def parse_time(text: str | None) -> datetime | None:
    """A timestamp as the store writes it (ISO 8601, UTC) → an aware datetime; None when there is none
    or it cannot be read (a row from an older version, or edited by hand, must not stop a command).
    The one reader of the store's times: plans, the accounts watch, doctor, status and the daemon."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- timers for the operating system: `repwatch schedule` -------------------------------------
_DOW_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


def _systemd_list(values: Any, full: range, width: int = 2) -> str:
    values = sorted(values)
    if values == list(full):
        return "*"
    return ",".join(f"{v:0{width}d}" for v in values)


def systemd_calendar(text: str, tz: str | None) -> list[str]:
    """OnCalendar= values for a schedule (two when cron's day-of-month OR day-of-week rule applies)."""
    sched = parse_schedule(text)
    suffix = f" {tz}" if tz else ""
    if sched.interval is not None:
        secs = int(sched.interval.total_seconds())
        if secs < 60:
            return [f"*-*-* *:*:00/{secs}{suffix}"] if 60 % secs == 0 else []
        if secs < 3600 and secs % 60 == 0 and 60 % (secs // 60) == 0:
            return [f"*-*-* *:00/{secs // 60}:00{suffix}"]
        if secs < 86400 and secs % 3600 == 0 and 24 % (secs // 3600) == 0:
            return [f"*-*-* 00/{secs // 3600}:00:00{suffix}"]
        if secs == 86400:
            return [f"*-*-* 07:00:00{suffix}"]
        return []
    c = sched.fields or parse_cron(sched.text)
    minutes = _systemd_list(c.minutes, range(60))
    hours = _systemd_list(c.hours, range(24))
    months = _systemd_list(c.months, range(1, 13))
    days = _systemd_list(c.days, range(1, 32))
    dows = ",".join(_DOW_NAMES[d] for d in sorted(c.weekdays))

    def one(use_days: bool, use_dows: bool) -> str:
        head = f"{dows} " if use_dows and c.weekday_restricted else ""
        return f"{head}*-{months}-{days if use_days else '*'} {hours}:{minutes}:00{suffix}"

    if c.day_restricted and c.weekday_restricted:
        return [one(True, False), one(False, True)]
    return [one(True, True)]


def cron_line(text: str) -> tuple[str, str | None]:
    """A crontab time spec for a schedule, and a note when cron can only come close."""
    sched = parse_schedule(text)
    if sched.interval is None:
        return sched.text, None
    secs = int(sched.interval.total_seconds())
    if secs < 60:
        return "* * * * *", "cron cannot run more often than once a minute"
    minutes, hours, days = secs // 60, secs // 3600, secs // 86400
    if secs % 86400 == 0:
        if days == 1:
            return "0 7 * * *", f"{text!r} becomes every day at 07:00; change the time if you like"
        return f"0 7 */{days} * *", f"{text!r} becomes 07:00 on days 1, {1 + days}, {1 + 2 * days}… of each month"
    if secs % 3600 == 0:
        return f"0 */{hours} * * *", None if 24 % hours == 0 else f"{text!r} is close to this; cron restarts at midnight"
    return f"*/{minutes} * * * *", None if 60 % minutes == 0 else f"{text!r} is close to this; cron restarts each hour"


def launchd_intervals(text: str) -> tuple[list[dict[str, int]], int | None]:
    """launchd's StartCalendarInterval dicts, or a StartInterval in seconds."""
    sched = parse_schedule(text)
    if sched.interval is not None:
        return [], int(sched.interval.total_seconds())
    c = sched.fields or parse_cron(sched.text)

    def axis(key: str, values: Any, full: range) -> list[tuple[str, int] | None]:
        values = sorted(values)
        return [None] if values == list(full) else [(key, v) for v in values]

    def expand(use_days: bool, use_dows: bool) -> list[dict[str, int]]:
        axes = [
            axis("Month", c.months, range(1, 13)),
            axis("Day", c.days, range(1, 32)) if use_days else [None],
            axis("Weekday", c.weekdays, range(7)) if use_dows else [None],
            axis("Hour", c.hours, range(24)),
            axis("Minute", c.minutes, range(60)),
        ]
        return [dict(p for p in combo if p) for combo in product(*axes)]

    if c.day_restricted and c.weekday_restricted:
        return expand(True, False) + expand(False, True), None
    return expand(True, True), None


DAY_NAMES = ("Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays")


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def schedule_words(text: str) -> str:
    """'0 7 * * *' → 'every day at 07:00'; a schedule too intricate to say simply is quoted as written."""
    try:
        schedule = parse_schedule(text)
    except ValueError:
        return text
    if schedule.interval is not None:
        seconds = int(schedule.interval.total_seconds())
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
            if seconds % size == 0:
                n = seconds // size
                return f"every {unit}" if n == 1 else f"every {n} {unit}s"
    cron = schedule.fields
    if cron is None or len(cron.minutes) != 1 or len(cron.hours) > 4 or cron.day_restricted or len(cron.months) != 12:
        return f"on the schedule \u201c{text}\u201d"
    times = _and_list([f"{h:02d}:{cron.minutes[0]:02d}" for h in cron.hours])
    days = sorted(d % 7 for d in cron.weekdays)
    days = sorted(set(days))
    if not cron.weekday_restricted or len(days) == 7:
        return f"every day at {times}"
    if days == [1, 2, 3, 4, 5]:
        return f"on weekdays at {times}"
    return f"on {_and_list([DAY_NAMES[d] for d in days])} at {times}"


def month_start(timezone: str | None = None, now: datetime | None = None) -> str:
    """The start of this calendar month in the user's time zone, as the store's UTC timestamps read.

    Without a configured zone, the computer's named zone (its clock changes included), not today's
    offset: on 28 October in London the month began at 23:00 UTC on 30 September, in summer time.
    """
    tz = resolve_tz(timezone)
    local = (now or datetime.now(UTC)).astimezone(tz)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(UTC).isoformat(timespec="seconds")
