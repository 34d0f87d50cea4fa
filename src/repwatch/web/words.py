"""How the review page says things in plain words: times, schedules, runs and checks (flag and event
names are the guide's, through pipeline.labels)."""

from __future__ import annotations

from datetime import tzinfo

from repwatch.platforms import service_name
from repwatch.schedule import parse_schedule
from repwatch.timefmt import format_local, zone_place

RUN_WORDS = {
    "ok": "finished", "partial": "finished, but some searches failed", "failed": "every search failed",
    "running": "still running",
}
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
DAY_NAMES = ("Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays")


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


def run_words(status: str | None) -> str:
    return RUN_WORDS.get(str(status or "running"), str(status).replace("_", " "))


def outcome_words(outcome: str | None) -> str:
    return OUTCOME_WORDS.get(str(outcome or ""), str(outcome or "").replace("_", " "))


def _and(items: list[str]) -> str:
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
    times = _and([f"{h:02d}:{cron.minutes[0]:02d}" for h in cron.hours])
    days = sorted(d % 7 for d in cron.weekdays)
    days = sorted(set(days))
    if not cron.weekday_restricted or len(days) == 7:
        return f"every day at {times}"
    if days == [1, 2, 3, 4, 5]:
        return f"on weekdays at {times}"
    return f"on {_and([DAY_NAMES[d] for d in days])} at {times}"


def check_name(name: str) -> str:
    """A health check's name as the page says it: 'provider google_news' → 'Search service: Google News'."""
    name = str(name or "")
    if name.startswith("provider "):
        return "Search service: " + service_name(name.removeprefix("provider "))
    if name.startswith("schedule"):
        return "Schedule" + name.removeprefix("schedule")
    return CHECK_NAMES.get(name, name[:1].upper() + name[1:])
