"""The wizard's checks: each answer as it is typed, read leniently and refused in one plain sentence.

Pure functions of text (no terminal, no files), shared by the questions and by `repwatch init`'s flags,
so a flag and the question it stands for accept the same things.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from repwatch.schedule import parse_schedule

HONORIFICS = ("Ms", "Mr", "Mrs", "Miss", "Mx", "Dr")
FREQUENCIES = ("daily", "twice-daily", "weekly")
_PLATFORM_ALIASES = {"twitter": "x", "fb": "facebook", "insta": "instagram", "ig": "instagram"}


def split_list(text: str | None) -> list[str]:
    """ "Jo, Joey ,, " → ["Jo", "Joey"]: answers typed as a comma-separated list."""
    if not text:
        return []
    return unique([" ".join(part.split()) for part in text.split(",") if part.strip()])


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def normalise_honorific(text: str) -> str | None:
    word = text.strip().rstrip(".").casefold()
    for honorific in HONORIFICS:
        if honorific.casefold() == word:
            return honorific
    return None


def normalise_platform(text: str) -> str:
    word = text.strip().lower().replace(".com", "").replace(" ", "")
    return _PLATFORM_ALIASES.get(word, word)


def parse_time(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*", text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a time; write it like 07:00 or 7pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day; write it like 07:00 or 19:30")
    return hour, minute


def schedule_for(frequency: str, at: str = "07:00") -> str:
    """daily / twice-daily / weekly at a time → a 5-field cron; anything else is taken as a schedule."""
    word = frequency.strip().lower().replace(" ", "-").replace("_", "-")
    if word in ("twice-a-day", "twice"):
        word = "twice-daily"
    if word not in FREQUENCIES:
        parse_schedule(frequency)  # ValueError with a plain reason
        return " ".join(frequency.split())
    hour, minute = parse_time(at)
    if word == "daily":
        return f"{minute} {hour} * * *"
    if word == "twice-daily":
        hours = sorted({hour, (hour + 12) % 24})
        return f"{minute} {hours[0]},{hours[1]} * * *"
    return f"{minute} {hour} * * 1"


# --- answers checked as they are typed ----------------------------------------------------------
def person_name(text: str) -> str:
    """A name to search for: at least one letter (spaces alone, or only punctuation, are not a name)."""
    value = " ".join(text.split())
    if not any(char.isalpha() for char in value):
        raise ValueError("Your name is needed: it is what repwatch searches for. Type it as others write it, "
                         "like Joanna Whitfield.")
    return value


def email_address(text: str) -> str:
    """An email address as the mail server needs it (checked with email-validator, without looking the
    domain up, so it works offline): "name@gmail" and "not-an-email" are refused with the reason."""

    value = text.strip()
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise ValueError(f"{value!r} is not an email address ({reason[0].lower() + reason[1:]}); "
                         "write it like jo.whitfield@gmail.com.") from None


def smtp_server(text: str) -> str:
    """An SMTP server's name, like smtp.example.org (no scheme, no spaces)."""
    value = text.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.rstrip("/")
    if not value or any(char.isspace() for char in value) or "/" in value or "@" in value:
        raise ValueError("An SMTP server is a name like smtp.example.org, with no spaces.")
    return value


def imap_server(text: str) -> str:
    """An IMAP server's name, like imap.example.org."""
    try:
        return smtp_server(text)
    except ValueError:
        raise ValueError("An IMAP server is a name like imap.example.org, with no spaces.") from None
