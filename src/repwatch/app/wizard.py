"""`repwatch init`: plain questions in, a commented config file out.

Two halves. The pure half (``Answers``, ``schedule_for``, ``render_config``, ``preset_for``) turns
answers into the text of a config file and can be tested without a terminal. The interactive half
(``ask``) fills in whatever the command-line flags left open, with ``click.prompt``.

Secrets (the email password, search keys, the Bluesky app password, the Mastodon access token)
never go into the file as text unless the user chose that and was told: they go to the system
keyring (``keyring:NAME``) when a safe one is available, else the file names an environment
variable (``${NAME}``) and the user is told to set it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

import click
import tomlkit

HONORIFICS = ("Ms", "Mr", "Mrs", "Miss", "Mx", "Dr")
FREQUENCIES = ("daily", "twice-daily", "weekly")
SECRET_MODES = ("auto", "keyring", "env", "file")
KNOWN_PLATFORMS = (
    "facebook", "instagram", "x", "tiktok", "youtube", "linkedin", "reddit", "snapchat", "threads",
    "bluesky", "mastodon", "whatsapp", "pinterest", "flickr",
)
_PLATFORM_ALIASES = {"twitter": "x", "fb": "facebook", "insta": "instagram", "ig": "instagram"}


# --- email presets --------------------------------------------------------------------------
@dataclass(frozen=True)
class EmailPreset:
    key: str
    label: str
    host: str | None
    port: int | None
    security: str
    help: str  # what the user must do first, in plain words


PRESETS: dict[str, EmailPreset] = {
    p.key: p
    for p in (
        EmailPreset(
            "gmail", "Gmail", "smtp.gmail.com", 587, "starttls",
            "Gmail needs an app password, not your normal password. Turn on 2-Step Verification "
            "for your Google account, then make an app password at "
            "https://myaccount.google.com/apppasswords and paste its 16 letters below.",
        ),
        EmailPreset(
            "outlook", "Outlook.com / Hotmail / Live", "smtp-mail.outlook.com", 587, "starttls",
            "Honest warning: since September 2024 Microsoft has been switching personal Outlook.com, "
            "Hotmail and Live accounts to a sign-in that apps like repwatch cannot use yet, so the "
            "login may be refused even with an app password (from https://account.live.com/proofs/AppPassword, "
            "with two-step verification on). If `repwatch doctor` says the login was refused, "
            "send from a Gmail, iCloud or Yahoo account instead, or choose no email.",
        ),
        EmailPreset(
            "microsoft365", "Microsoft 365 (a work or school account)", "smtp.office365.com", 587, "starttls",
            "Work and school Microsoft 365 accounts can send only if the organisation allows "
            "\"SMTP AUTH\". Microsoft has said it will switch this off by default for existing "
            "organisations at the end of December 2026 (an administrator can switch it back on), "
            "and many schools already have it off. A personal account is usually the easier choice.",
        ),
        EmailPreset(
            "icloud", "iCloud Mail", "smtp.mail.me.com", 587, "starttls",
            "iCloud needs an app-specific password: sign in at https://appleid.apple.com, open "
            "Sign-In and Security, then App-Specific Passwords. Log in with your iCloud address.",
        ),
        EmailPreset(
            "yahoo", "Yahoo Mail", "smtp.mail.yahoo.com", 465, "ssl",
            "Yahoo needs an app password: open Account Security in your Yahoo account settings "
            "and choose \"Generate app password\".",
        ),
        EmailPreset(
            "custom", "Another email service (I know its SMTP server)", None, None, "starttls",
            "Your email service's help pages list its \"SMTP server\", port and security; ask for "
            "an app password if it offers them.",
        ),
        EmailPreset(
            "none", "No email: keep digests in a folder on this computer", None, None, "none",
            "Digests will be saved as web pages in the outbox folder beside the database; "
            "`repwatch run` prints where.",
        ),
    )
}

_DOMAIN_PRESET = {
    "gmail.com": "gmail", "googlemail.com": "gmail",
    "outlook.com": "outlook", "hotmail.com": "outlook", "hotmail.co.uk": "outlook", "live.com": "outlook",
    "live.co.uk": "outlook", "msn.com": "outlook",
    "icloud.com": "icloud", "me.com": "icloud", "mac.com": "icloud",
    "yahoo.com": "yahoo", "yahoo.co.uk": "yahoo", "ymail.com": "yahoo",
}


def preset_for(address: str) -> str:
    """The likely preset for an email address, by its domain ("custom" when unknown)."""
    domain = address.rpartition("@")[2].strip().lower()
    return _DOMAIN_PRESET.get(domain, "custom")


# --- search keys ----------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyInfo:
    provider: str
    field: str  # the setting that holds the secret
    label: str
    where: str
    quota: str
    env: str  # environment variable used when there is no keyring
    keyring_name: str


KEYS: tuple[KeyInfo, ...] = (
    KeyInfo("brave", "api_key", "Brave Search API key", "https://api-dashboard.search.brave.com",
            "a free plan of about 2,000 searches a month; Brave changes its plans, so check the dashboard",
            "BRAVE_API_KEY", "brave-api-key"),
    KeyInfo("serper", "api_key", "Serper (Google results) API key", "https://serper.dev",
            "2,500 free searches when you sign up (not renewed monthly)", "SERPER_API_KEY", "serper-api-key"),
    KeyInfo("serpapi", "api_key", "SerpApi (Google results) API key", "https://serpapi.com/manage-api-key",
            "250 free searches a month", "SERPAPI_API_KEY", "serpapi-api-key"),
    KeyInfo("bluesky", "app_password", "Bluesky app password (to search posts)",
            "Bluesky: Settings, Privacy and security, App passwords",
            "free; account search works without it", "BLUESKY_APP_PASSWORD", "bluesky-app-password"),
    KeyInfo("mastodon", "access_token", "Mastodon access token (to search posts)",
            "your instance: Preferences, Development, New application (read scope)",
            "free; account search works without it", "MASTODON_ACCESS_TOKEN", "mastodon-access-token"),
)
KEY_BY_PROVIDER = {k.provider: k for k in KEYS}
SMTP_SECRET = KeyInfo("email", "password", "email password", "", "", "REPWATCH_SMTP_PASSWORD", "smtp-password")
KEYLESS = ("duckduckgo", "google_news", "bluesky", "mastodon")


# --- answers --------------------------------------------------------------------------------
@dataclass
class EmailAnswers:
    to: list[str]
    preset: str
    host: str
    port: int
    security: str
    username: str | None
    password: str | None = None  # the secret itself, in memory only

    @property
    def sender(self) -> str:
        address = self.username if self.username and "@" in self.username else self.to[0]
        return f"repwatch <{address}>"


@dataclass
class Answers:
    name: str = ""
    variants: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    frequency: str = "daily"  # daily | twice-daily | weekly, or a schedule as the config takes it
    at: str = "07:00"
    email: EmailAnswers | None = None
    keys: dict[str, str] = field(default_factory=dict)  # provider → secret (in memory only)
    searxng_url: str | None = None
    bluesky_identifier: str | None = None
    mastodon_url: str | None = None

    @property
    def schedule(self) -> str:
        return schedule_for(self.frequency, self.at)


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
        from repwatch.schedule import parse_schedule

        parse_schedule(frequency)  # ValueError with a plain reason
        return " ".join(frequency.split())
    hour, minute = parse_time(at)
    if word == "daily":
        return f"{minute} {hour} * * *"
    if word == "twice-daily":
        hours = sorted({hour, (hour + 12) % 24})
        return f"{minute} {hours[0]},{hours[1]} * * *"
    return f"{minute} {hour} * * 1"


def describe_schedule(schedule: str) -> str:
    """A cron line the wizard wrote, in words ("every day at 07:00"); other schedules as they are."""
    match = re.fullmatch(r"(\d+) (\d+)(?:,(\d+))? \* \* (\*|1)", schedule)
    if not match:
        return schedule
    minute, first, second, day = match.groups()
    at = f"{int(first):02d}:{int(minute):02d}"
    if second:
        return f"twice a day, at {at} and {int(second):02d}:{int(minute):02d}"
    return f"every Monday at {at}" if day == "1" else f"every day at {at}"


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


# --- secrets --------------------------------------------------------------------------------
@dataclass
class SecretRef:
    """Where one secret went: the text the config holds, and a sentence for the user."""

    info: KeyInfo
    mode: str  # keyring | env | file
    value: str  # the secret itself (in memory only)

    @property
    def reference(self) -> str:
        if self.mode == "keyring":
            return f"keyring:{self.info.keyring_name}"
        if self.mode == "env":
            return f"${{{self.info.env}}}"
        return self.value

    @property
    def comment(self) -> str:
        if self.mode == "keyring":
            return "kept in your system keyring, not in this file"
        if self.mode == "env":
            return f"set the environment variable {self.info.env} wherever repwatch runs"
        return "WARNING: stored in this file in plain text, as you chose; keep this file private"


def place_secrets(answers: Answers, mode: str, *, store: Any = None) -> list[SecretRef]:
    """Put every secret somewhere: the keyring (if safe and wanted), else env references or the file."""
    from repwatch.adapters import secrets

    store = store or secrets.store_secret
    wanted: list[tuple[KeyInfo, str]] = []
    if answers.email is not None and answers.email.password:
        wanted.append((SMTP_SECRET, answers.email.password))
    for provider, value in answers.keys.items():
        if value:
            wanted.append((KEY_BY_PROVIDER[provider], value))
    refs = []
    for info, value in wanted:
        chosen = mode
        if mode in ("auto", "keyring"):
            chosen = "keyring" if store(info.keyring_name, value) else "env"
        refs.append(SecretRef(info, chosen, value))
    return refs


# --- the config text ------------------------------------------------------------------------
def toml_str(value: str) -> str:
    """A TOML basic string, escaped by a TOML library: JSON's escapes are not enough (JSON leaves
    U+007F DELETE bare, which TOML forbids, so a name typed with it made a file tomllib rejects)."""
    return tomlkit.string(value).as_string()


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_str(v) for v in values) + "]"


def render_config(answers: Answers, refs: list[SecretRef], *, plain_secrets: bool = False) -> str:
    """The config file's text, every setting with a comment. ``plain_secrets`` puts each secret's
    value in place of its reference: only for checking the file in memory, never for writing."""
    by_field = {(r.info.provider, r.info.field): r for r in refs}

    def secret(provider: str, name: str) -> tuple[str, str] | None:
        ref = by_field.get((provider, name))
        if ref is None:
            return None
        return (ref.value if plain_secrets else ref.reference), ref.comment

    out: list[str] = [
        f"# repwatch configuration, written by `repwatch init` on {date.today().isoformat()}.",
        "# Change anything here with a text editor, then run `repwatch doctor` to check it.",
        "# Text may use ${ENV_VAR} (read from the environment) or keyring:NAME (read from your",
        "# system's keyring), so that passwords never need to sit in this file.",
        "",
        "[repwatch]",
        "# database = \"~/.local/share/repwatch/repwatch.db\"   # where results are kept; default: your user data folder",
        "# timezone = \"Europe/London\"                          # for the schedule; default: this computer's",
        "",
        "# The person to watch. Add another [[profile]] block to watch someone else too.",
        "[[profile]]",
        "# Your name as other people would write it.",
        f"name = {toml_str(answers.name)}",
        "# Other names you have used: maiden name, former name.",
        f"variants = {toml_list(answers.variants)}",
        "# Nicknames people use for you.",
        f"nicknames = {toml_list(answers.nicknames)}",
        "# Also try common nicknames of your first name (Jo for Joanna)?",
        "auto_nicknames = false",
        "# How pupils and parents write your name: \"Ms Whitfield\".",
        f"honorifics = {toml_list(answers.honorifics)}",
        "# Towns searched together with your name, as the guide advises.",
        f"locations = {toml_list(answers.locations)}",
        "# Your school or workplace, searched together with your name.",
        f"organisations = {toml_list(answers.organisations)}",
        "# Your own public accounts: never reported as someone pretending to be you.",
        f"handles = {toml_list(answers.handles)}",
        "# Sites where you have accounts: the digest reminds you of their privacy settings.",
        f"platforms = {toml_list(answers.platforms)}",
        "# Results containing these words are about someone else (e.g. \"realtor\").",
        "exclude = []",
        "# Websites that are about someone else with your name.",
        "exclude_domains = []",
        f"# When to search: {describe_schedule(answers.schedule)}. A 5-field cron line, or \"every 6h\".",
        f"schedule = {toml_str(answers.schedule)}",
        "# The most searches one run sends.",
        "max_queries = 40",
        "",
        "# Search providers. These need no key: DuckDuckGo, Google News, and account search on",
        "# Bluesky and Mastodon. Only providers with a section here are used; set enabled = false",
        "# to pause one. Each also takes: kinds, rate_per_second, max_results, timeout_s, monthly_quota.",
        "",
        "[providers.duckduckgo]",
        "rate_per_second = 0.5                   # DuckDuckGo blocks fast automated searches",
        "",
        "[providers.google_news]",
        "",
    ]
    for info in KEYS[:3]:
        value = secret(info.provider, info.field)
        out.append(f"# {info.label}: get one at {info.where}; {info.quota}.")
        if value is None:
            out += [f"# [providers.{info.provider}]", f"# api_key = \"${{{info.env}}}\"", ""]
            continue
        out += [f"[providers.{info.provider}]", f"# {value[1]}", f"api_key = {toml_str(value[0])}"]
        if info.provider == "serpapi":
            out.append("monthly_quota = 250                     # never more calls than this in a month")
        elif info.provider == "brave":
            out.append("monthly_quota = 2000                    # never more calls than this in a month")
        out.append("")
    out.append("# Your own SearXNG instance (a private metasearch engine), if you run one.")
    if answers.searxng_url:
        out += ["[providers.searxng]", f"base_url = {toml_str(answers.searxng_url)}", ""]
    else:
        out += ["# [providers.searxng]", "# base_url = \"http://localhost:8888\"", ""]
    out.append("[providers.bluesky]")
    password = secret("bluesky", "app_password")
    if answers.bluesky_identifier and password:
        out += [
            "# With a login, posts are searched too (account search needs none).",
            f"identifier = {toml_str(answers.bluesky_identifier)}",
            f"# {password[1]}",
            f"app_password = {toml_str(password[0])}",
        ]
    else:
        out += [
            "# To search posts too, log in with an app password (account search needs none):",
            "# identifier = \"you.bsky.social\"",
            "# app_password = \"${BLUESKY_APP_PASSWORD}\"",
        ]
    out += ["", "[providers.mastodon]"]
    if answers.mastodon_url:
        out.append(f"base_url = {toml_str(answers.mastodon_url)}")
    else:
        out.append("# base_url = \"https://mastodon.social\"")
    token = secret("mastodon", "access_token")
    if token:
        out += [f"# {token[1]}", f"access_token = {toml_str(token[0])}"]
    else:
        out.append("# access_token = \"${MASTODON_ACCESS_TOKEN}\"   # needed to search posts; accounts need none")
    out.append("")
    out += _email_lines(answers.email, secret("email", "password"))
    out += [
        "",
        "[evidence]",
        "# Save a copy of pages that need attention when they are found: flagged | all | none.",
        "capture = \"flagged\"",
        "# chromium_path = \"/usr/bin/chromium\"   # for screenshots; default: Chromium found on this computer",
        "",
    ]
    return "\n".join(out)


def _email_lines(email: EmailAnswers | None, password: tuple[str, str] | None) -> list[str]:
    if email is None:
        return [
            "# No [email] section: digests are saved in the outbox folder beside the database.",
            "# Run `repwatch init` again, or fill this in, to have them emailed.",
            "# [email]",
            "# to = [\"you@example.org\"]",
            "# from = \"repwatch <you@example.org>\"",
            "# smtp_host = \"smtp.example.org\"",
            "# smtp_port = 587",
            "# security = \"starttls\"                 # starttls | ssl | none",
            "# username = \"you@example.org\"",
            "# password = \"${REPWATCH_SMTP_PASSWORD}\"",
        ]
    preset = PRESETS.get(email.preset)
    label = preset.label if preset and email.preset != "custom" else "your email service"
    lines = [
        f"# Digests are emailed through {label}.",
        "[email]",
        f"to = {toml_list(email.to)}",
        f"from = {toml_str(email.sender)}",
        f"smtp_host = {toml_str(email.host)}",
        f"smtp_port = {email.port}",
        f"security = {toml_str(email.security)}                 # starttls | ssl | none",
    ]
    if email.username:
        lines.append(f"username = {toml_str(email.username)}")
    if password:
        lines += [f"# {password[1]}", f"password = {toml_str(password[0])}"]
    lines += [
        "# An all-clear email when nothing is new, so silence never hides a stopped monitor.",
        "send_when_nothing_new = true",
    ]
    return lines


def check_config(answers: Answers, refs: list[SecretRef]) -> Any:
    """The config the file will give, validated in memory with the real secrets (never written)."""
    import tomllib
    from pathlib import Path

    from repwatch.config import parse

    text = render_config(answers, refs, plain_secrets=True)
    return parse(tomllib.loads(text), Path("config.toml"))


# --- the questions --------------------------------------------------------------------------
def say(text: str = "") -> None:
    click.echo(text, err=True)


def _ask_list(question: str, example: str) -> list[str]:
    say(question)
    return split_list(click.prompt(f"  ({example}; separate with commas, Enter for none)", default="",
                                   show_default=False, err=True))


def ask(answers: Answers, given: set[str]) -> Answers:
    """Ask, in plain words, every question the command-line flags left open (``given`` names them)."""
    say("Let's set up repwatch. Press Enter to skip any question you'd rather not answer.\n")
    if "name" not in given:
        say("Your name, as other people would write it online (not your username).")
        answers.name = click.prompt("  Name (e.g. Joanna Whitfield)", err=True).strip()
    if "variants" not in given:
        answers.variants = _ask_list("\nAny former names, such as a maiden name?", "e.g. Joanna Brown")
    if "nicknames" not in given:
        answers.nicknames = _ask_list("\nNicknames people use for you?", "e.g. Jo, Jojo")
    if "honorifics" not in given:
        say("\nHow do pupils and parents address you? Choose from " + ", ".join(HONORIFICS) + ".")
        while True:
            raw = split_list(click.prompt("  (e.g. Ms, Mrs; separate with commas, Enter for none)", default="",
                                          show_default=False, err=True))
            picked = [normalise_honorific(h) for h in raw]
            if all(picked):
                answers.honorifics = unique([p for p in picked if p])
                break
            say("  Please use only " + ", ".join(HONORIFICS) + ".")
    if "locations" not in given:
        answers.locations = _ask_list("\nThe town or city where you live or work.", "e.g. Liverpool")
    if "organisations" not in given:
        answers.organisations = _ask_list("\nYour school (or schools).", "e.g. St Aidan's Primary School")
    if "handles" not in given:
        answers.handles = _ask_list(
            "\nYour own public accounts, so they are never reported as someone pretending to be you.\n"
            "  A handle you use everywhere counts on every site, in that site's own form (x.com/MsWhitfieldTeach,\n"
            "  mswhitfieldteach.bsky.social, @MsWhitfieldTeach@your.server). For an account on one site only,\n"
            "  write site:handle (instagram:jo.whitfield) or paste the address of its profile page.",
            "e.g. @MsWhitfieldTeach, instagram:jo.whitfield",
        )
    if "platforms" not in given:
        answers.platforms = [normalise_platform(p) for p in _ask_list(
            "\nWhich sites do you have accounts on? (for privacy-settings reminders)",
            "e.g. facebook, instagram, x, tiktok, linkedin",
        )]
    if "frequency" not in given:
        say("\nHow often should repwatch search for you?")
        answers.frequency = click.prompt(
            "  daily, twice-daily or weekly", type=click.Choice(FREQUENCIES), default="daily", err=True
        )
        while True:
            at = click.prompt("  At what time? (24-hour clock, e.g. 07:00)", default=answers.at, err=True)
            try:
                parse_time(at)
            except ValueError as exc:
                say(f"  {exc}.")
                continue
            answers.at = at
            break
    if "email" not in given:
        answers.email = ask_email()
    if "keys" not in given:
        ask_keys(answers)
    if "bluesky" not in given:
        ask_bluesky(answers)
    if "mastodon" not in given:
        ask_mastodon(answers)
    if "searxng" not in given:
        ask_searxng(answers)
    return answers


def ask_email() -> EmailAnswers | None:
    say("\nWhere should the digests go? Type your email address (e.g. jo.whitfield@gmail.com),")
    to = click.prompt("  or press Enter to keep them in a folder on this computer instead", default="",
                      show_default=False, err=True).strip()
    if not to:
        return None
    keys = list(PRESETS)
    say("\nWhich email account will send them? (It can be the same address.)")
    for number, key in enumerate(keys, 1):
        say(f"  {number}. {PRESETS[key].label}")
    default = keys.index(preset_for(to)) + 1
    number = click.prompt("  Number", type=click.IntRange(1, len(keys)), default=default, err=True)
    preset = PRESETS[keys[number - 1]]
    say(f"\n{preset.help}")
    if preset.key == "none":
        return None
    host, port, security = preset.host, preset.port, preset.security
    if preset.key == "custom":
        host = click.prompt("  SMTP server (e.g. smtp.example.org)", err=True).strip()
        security = click.prompt("  Security", type=click.Choice(["starttls", "ssl", "none"]), default="starttls",
                                err=True)
        port = click.prompt("  Port", type=click.IntRange(1, 65535),
                            default={"starttls": 587, "ssl": 465, "none": 25}[security], err=True)
    username = click.prompt("  The address you sign in with at that service", default=to, err=True).strip()
    password = click.prompt("  Its app password (hidden as you type; Enter for none)", default="",
                            show_default=False, hide_input=True, err=True)
    assert host is not None and port is not None
    return EmailAnswers([to], preset.key, host, port, security, username or None, password or None)


def ask_keys(answers: Answers) -> None:
    say("\nrepwatch can already search DuckDuckGo, Google News, Bluesky and Mastodon with no keys:")
    say("that is enough to start. A search key adds Google or Brave results. Add one now? (You can")
    say("run `repwatch init` again later.)")
    if not click.confirm("  Add a search key now?", default=False, err=True):
        return
    for info in KEYS[:3]:
        say(f"\n{info.label}: get one at {info.where}; {info.quota}.")
        value = click.prompt("  Paste it here (hidden; Enter to skip)", default="", show_default=False,
                             hide_input=True, err=True).strip()
        if value:
            answers.keys[info.provider] = value


def _ask_checked(prompt: str, check: Callable[[str], str], *, default: str = "") -> str | None:
    """Ask until ``check`` accepts the answer, saying in one sentence what was wrong; None on Enter,
    because skipping is always allowed."""
    while True:
        raw = click.prompt(prompt, default=default, show_default=bool(default), err=True).strip()
        if not raw:
            return None
        try:
            return check(raw)
        except ValueError as exc:
            say(f"  {exc}")


def _ask_secret(prompt: str) -> str | None:
    """A password or token, hidden as it is typed; None on Enter."""
    value = click.prompt(prompt, default="", show_default=False, hide_input=True, err=True).strip()
    return value or None


def ask_bluesky(answers: Answers) -> None:
    """Bluesky post search needs a login; account search already works, so the default is to skip."""
    info = KEY_BY_PROVIDER["bluesky"]
    say("\nrepwatch already finds Bluesky accounts that use your name. If you are on Bluesky, it can also")
    say("search what people post there: that needs your handle and a free app password.")
    if not click.confirm("  Search Bluesky posts too?", default=False, err=True):
        return
    say(f"  Make an app password (not your main password) at {BLUESKY_APP_PASSWORDS},")
    say("  or in the Bluesky app: Settings, Privacy and security, App passwords.")
    guess = guess_bluesky_handle(answers.handles)
    handle = _ask_checked("  Your Bluesky handle" + ("" if guess else " (e.g. jo.bsky.social; Enter to skip)"),
                          bluesky_handle, default=guess)
    if handle is None:
        say("  Skipped: repwatch will search Bluesky accounts only.")
        return
    while True:
        password = _ask_secret("  The app password (hidden as you type; Enter to skip)")
        if password is None:
            say("  Skipped, because there is no app password: repwatch will search Bluesky accounts only.")
            return
        try:
            password = bluesky_app_password(password)
            break
        except ValueError as exc:
            say(f"  {exc}")
    answers.bluesky_identifier = handle
    answers.keys[info.provider] = password


def ask_mastodon(answers: Answers) -> None:
    """Searching the user's own server finds what their community posts; a token adds post search."""
    info = KEY_BY_PROVIDER["mastodon"]
    say(f"\nrepwatch already looks on {MASTODON_DEFAULT} for Mastodon accounts that use your name. If you")
    say("use Mastodon, it can search your own server instead, and with a token it searches posts too.")
    if not click.confirm("  Do you use Mastodon?", default=False, err=True):
        return
    answers.mastodon_url = _ask_checked(f"  Which Mastodon server are you on? (Enter for {MASTODON_DEFAULT})",
                                        mastodon_address)
    say("  To search posts too, make an access token on that server: Preferences, Development, New")
    say("  application, with the read:search scope, then copy \"Your access token\". Without one, repwatch")
    say("  searches accounts only.")
    token = _ask_secret("  The access token (hidden as you type; Enter to skip)")
    if token is not None:
        answers.keys[info.provider] = token


def ask_searxng(answers: Answers) -> None:
    """An advanced extra for people who run their own SearXNG, so it is off unless they say so."""
    say("\nAdvanced, and fine to skip: if you run your own SearXNG (a private search engine), repwatch")
    say("can use it for extra web, news and image results.")
    if not click.confirm("  Do you run your own SearXNG?", default=False, err=True):
        return
    answers.searxng_url = _ask_checked(f"  Its address (e.g. {SEARXNG_EXAMPLE}; Enter to skip)", searxng_address)
    if answers.searxng_url:
        say("  It must allow JSON answers: in its settings.yml, search: formats: [html, json].")
