"""How the review page says things: flag names, timeline events and times in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

from repwatch.timefmt import format_local

FLAG_LABELS = {
    "safeguarding": "Safeguarding",
    "impersonation": "Impersonation",
    "unconfirmed_account": "Is this account yours?",
    "negative": "Negative",
    "personal_info": "Personal details",
    "photo": "Photo",
    "reappeared": "Back online",
}
EVENT_LABELS = {
    "found": "Found by repwatch",
    "notified": "Sent to you in a digest",
    "captured": "Evidence saved",
    "concern": "Marked as a worry",
    "resolved": "Marked resolved",
    "dismissed": "Marked not about you",
    "reopened": "Reopened",
    "new": "Back on the list",
    "notified_again": "Sent again",
    "reappeared": "Found online again after being resolved",
    "mine": "Marked as your own account",
}


def flag_label(code: str) -> str:
    return FLAG_LABELS.get(code, code.replace("_", " ").capitalize())


def event_label(code: str) -> str:
    return EVENT_LABELS.get(code, code.replace("_", " ").capitalize())


def when(iso: str | None) -> str:
    """'Tue 24 Nov 2026, 07:00' in this computer's time zone; the stored UTC stays in the database."""
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)[:40]
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return format_local(at, None, "day")
