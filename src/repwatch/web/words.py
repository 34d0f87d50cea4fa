"""How the review page says things: flag names, timeline events and times in plain words."""

from __future__ import annotations

from datetime import tzinfo

from repwatch.schedule import tz_name
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


def when(iso: str | None, zone: str | tzinfo | None = None) -> str:
    """'24 November 2026 at 07:00', as the digest writes a time, in the configured zone (the
    computer's only when none is configured); the stored UTC stays in the database."""
    if not iso:
        return ""
    try:
        return format_local(str(iso), zone, "long")
    except ValueError:
        return str(iso)[:40]


def zone_words(zone: str | tzinfo | None) -> str:
    """The zone every time on the page is in, said once: 'Europe/London'."""
    try:
        return tz_name(zone)
    except Exception:  # noqa: BLE001 - a footer is a courtesy; the config loader already checked the name
        return str(zone or "")
