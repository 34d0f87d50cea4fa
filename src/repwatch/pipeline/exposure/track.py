"""A listing's removal track, and the ICO's clock.

``found`` → ``asked`` (she sent the request) → ``removed`` (a clean answer from the site that it is
gone), or ``not_removed`` (still up once the month is over) → ``reappeared`` (found again after
``removed``). The clock is the ICO's: an organisation has one month from the day it receives a
request, ending on the same date of the next month (or that month's last day, where there is no
such date); it may extend that by two further months if it tells her so within the first month.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

from repwatch.schedule import parse_time

FOUND, ASKED, REMOVED, NOT_REMOVED, REAPPEARED = "found", "asked", "removed", "not_removed", "reappeared"
STATES = (FOUND, ASKED, REMOVED, NOT_REMOVED, REAPPEARED)
OPEN = (FOUND, ASKED, NOT_REMOVED, REAPPEARED)  # still up, as far as repwatch knows
WAITING = (ASKED,)  # a request is open: rechecked sooner
EXTENSION_MONTHS = 2


def add_months(when: datetime, months: int) -> datetime:
    """The same date ``months`` later, or that month's last day where there is no such date."""
    month = when.month - 1 + months
    year = when.year + month // 12
    month = month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)




def due(asked_at: str, extended: bool = False) -> str:
    """When the site's answer is due: one calendar month after ``asked_at``, three with the extension."""
    start = parse_time(asked_at) or datetime.now(UTC)
    return add_months(start, 1 + (EXTENSION_MONTHS if extended else 0)).isoformat(timespec="seconds")


def after_check(state: str, listed: bool | None, due_at: str | None, now: datetime) -> str | None:
    """The state a check moves a listing to, or None to leave it.

    ``listed`` is True (the site still shows her), False (a clean answer: it is gone) or None (no clean
    answer: a timeout, a login wall, a robot check, a page of another shape): None never moves it.
    """
    if listed is None:
        return None
    if listed:
        if state == REMOVED:
            return REAPPEARED
        when = parse_time(due_at)
        if state == ASKED and when is not None and now >= when:
            return NOT_REMOVED
        return None
    return REMOVED if state in OPEN else None


def overdue(state: str, due_at: str | None, now: datetime) -> bool:
    when = parse_time(due_at)
    return state == ASKED and when is not None and now >= when
