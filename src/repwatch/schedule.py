"""Schedules: a 5-field cron expression, or "every 6h" / "every 2d" / "every 30s"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

_EVERY = re.compile(r"^every\s+(\d+)\s*(s|m|h|d)$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Schedule:
    text: str
    interval: timedelta | None = None  # for "every …"
    cron: str | None = None  # for 5-field cron


def parse_schedule(text: str) -> Schedule:
    """Parse or raise ValueError with a reason a person can act on."""
    text = " ".join(text.split())
    match = _EVERY.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError(f"{text!r} must repeat at least every 1{match.group(2)}")
        return Schedule(text, interval=timedelta(**{_UNITS[match.group(2).lower()]: amount}))
    fields = text.split(" ")
    if len(fields) != 5:
        raise ValueError(
            f"{text!r} is not a schedule: use 5 cron fields like '0 7 * * *' (7am daily) or 'every 6h'"
        )
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid cron schedule ({exc})") from None
    return Schedule(text, cron=text)
