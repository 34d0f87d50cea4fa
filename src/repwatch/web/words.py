"""How the review page says things in plain words: times, schedules, runs and checks (flag and event
names are the guide's, through pipeline.labels)."""

from __future__ import annotations

from datetime import tzinfo

from repwatch.app.status import RUN_WORDS as RUN_WORDS
from repwatch.app.status import run_words as run_words
from repwatch.platforms import service_name
from repwatch.schedule import schedule_words as schedule_words
from repwatch.timefmt import format_local, zone_place

OUTCOME_WORDS = {
    "too_large": "the page was very large, so only its first part was saved",
    "login_wall": "the site asked for a login, so what was saved may be its login page",
    "gone": "the page is no longer there",
    "http_error": "the site answered with an error",
    "redirect_loop": "the site kept sending repwatch round in circles",
    "refused": "the site refused",
    "timeout": "the site did not answer in time",
    "unreachable": "the site could not be reached",
    "error": "it could not be fetched",
}
# what to do, for flags the report's advice (app/report.ADVICE) has no sentence for
PAGE_ADVICE = {
    "unconfirmed_account": "If this account is yours, answer \u201cThis account is mine\u201d below: it is never "
                           "flagged again. If it is not yours, someone may be using your name: tell your school, "
                           "and report it to the site as impersonation.",
}
CHECK_NAMES = {
    "config": "Your settings", "secrets file": "Passwords file", "secrets": "Passwords and keys",
    "providers": "Search services", "accounts": "Accounts in your name", "email": "Email",
    "database": "What repwatch has found (its database)", "lock": "A search under way", "chromium": "Screenshots",
}


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
    """The zone every time on the page is in, said once, as a place: 'London'."""
    return zone_place(zone)


def outcome_words(outcome: str | None) -> str:
    return OUTCOME_WORDS.get(str(outcome or ""), str(outcome or "").replace("_", " "))


def check_name(name: str) -> str:
    """A health check's name as the page says it: 'provider google_news' → 'Search service: Google News'."""
    name = str(name or "")
    if name.startswith("provider "):
        return "Search service: " + service_name(name.removeprefix("provider "))
    if name.startswith("schedule"):
        return "Schedule" + name.removeprefix("schedule")
    return CHECK_NAMES.get(name, name[:1].upper() + name[1:])
