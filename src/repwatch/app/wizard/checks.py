"""The wizard's checks: each answer as it is typed, read leniently and refused in one plain sentence.

Pure functions of text (no terminal, no files), shared by the questions and by `repwatch init`'s flags,
so a flag and the question it stands for accept the same things.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

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


# --- addresses and handles typed in the wizard -----------------------------------------------
SEARXNG_EXAMPLE = "http://localhost:8888"
MASTODON_DEFAULT = "mastodon.social"
BLUESKY_APP_PASSWORDS = "https://bsky.app/settings/app-passwords"


def _split_address(text: str, example: str) -> SplitResult:
    """An http(s) address with a server name, or a ValueError saying in one sentence what is wrong.

    Stricter than the config loader's check (which only looks at the start), so that a typing slip
    is caught while the user is still at the question rather than when the first search fails.
    """
    value = text.strip()
    if any(char.isspace() for char in value):
        raise ValueError(f"An address has no spaces in it; write it like {example}.")
    if "://" not in value:
        raise ValueError(f"The address must start with http:// or https://, like {example}.")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"The address must start with http:// or https://, not {parts.scheme}://; "
                         f"write it like {example}.")
    if "@" in parts.netloc:
        raise ValueError(f"Leave out any user name or password before an @; write it like {example}.")
    if not parts.hostname:
        raise ValueError(f"The address needs a server name after {parts.scheme}://, like {example}.")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise ValueError(f"The number after the colon must be a port from 1 to 65535, like {example}.") from None
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())


def searxng_address(text: str) -> str:
    """A SearXNG instance's address as ``base_url`` takes it: http(s), a server name, maybe a path."""
    parts = _split_address(text, SEARXNG_EXAMPLE)
    if parts.query or parts.fragment:
        raise ValueError(f"Leave out anything after a ? or # in the address; write it like {SEARXNG_EXAMPLE}.")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def mastodon_address(text: str) -> str:
    """A Mastodon server as ``base_url``: "mastodon.social", "@jo@mastodon.social" and a pasted
    profile address all mean https://mastodon.social, since people know their server in all three forms."""
    value = text.strip()
    if "://" not in value:
        # "mastodon.social/@jo" is a profile address; in "@jo@mastodon.social" the server follows the last @
        value = "https://" + value.partition("/")[0].rpartition("@")[2]
    parts = _split_address(value, f"https://{MASTODON_DEFAULT}")
    host = parts.hostname or ""
    if "." not in host and host != "localhost":
        raise ValueError(f"Type your server's name, the part after the second @ in your full handle, "
                         f"like {MASTODON_DEFAULT}.")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def bluesky_handle(text: str) -> str:
    """A Bluesky login name: a handle (the @ is optional), the account's email address, or a did:."""
    value = text.strip().removeprefix("@")
    if not value or any(char.isspace() for char in value) or ("." not in value and not value.startswith("did:")):
        raise ValueError("A Bluesky handle looks like jo.bsky.social: it is on your profile page, after the @.")
    return value


_APP_PASSWORD = re.compile(r"[a-z0-9]{4}(?:-[a-z0-9]{4}){3}", re.IGNORECASE)


def bluesky_app_password(text: str) -> str:
    """Only an app password: a main password kept for a monitor would unlock the whole account."""
    value = text.strip()
    if not _APP_PASSWORD.fullmatch(value):
        raise ValueError("That is not an app password: they look like xxxx-xxxx-xxxx-xxxx. Make one at "
                         f"{BLUESKY_APP_PASSWORDS}; never give repwatch your main Bluesky password.")
    return value


def guess_bluesky_handle(handles: list[str]) -> str:
    """The first of the user's own accounts that looks like a Bluesky handle ("" when none does)."""
    for handle in handles:
        value = handle.strip().removeprefix("@")
        if ".bsky." in f"{value}." and " " not in value:
            return value
    return ""


def imap_server(text: str) -> str:
    """An IMAP server's name, like imap.example.org."""
    try:
        return smtp_server(text)
    except ValueError:
        raise ValueError("An IMAP server is a name like imap.example.org, with no spaces.") from None
