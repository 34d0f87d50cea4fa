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
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

import click
import tomlkit
from email_validator import EmailNotValidError, validate_email

from repwatch.adapters import secrets
from repwatch.config import parse
from repwatch.errors import UsageError
from repwatch.handles import parse_handle
from repwatch.paths import write_atomically
from repwatch.platforms import services
from repwatch.schedule import parse_schedule

HONORIFICS = ("Ms", "Mr", "Mrs", "Miss", "Mx", "Dr")
FREQUENCIES = ("daily", "twice-daily", "weekly")
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

# Where each service's mailbox is read (IMAP, TLS on 993), for answering the digest by replying to it.
IMAP_HOSTS = {"gmail": "imap.gmail.com", "outlook": "outlook.office365.com", "microsoft365": "outlook.office365.com",
              "icloud": "imap.mail.me.com", "yahoo": "imap.mail.yahoo.com"}

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


KEYS: tuple[KeyInfo, ...] = tuple(  # from data/search_services.toml, the one home of provider facts
    KeyInfo(code, s.key.setting, s.key.label, s.key.where, s.key.free, s.key.env, s.key.short)
    for code, s in services().items() if s.key is not None and s.key.setting == "api_key"
) + tuple(
    KeyInfo(code, s.key.setting, s.key.label, s.key.where, s.key.free, s.key.env, s.key.short)
    for code, s in services().items() if s.key is not None and s.key.setting != "api_key"
)  # the search keys first (the wizard asks for those three together), then Bluesky's and Mastodon's
KEY_BY_PROVIDER = {k.provider: k for k in KEYS}
SMTP_SECRET = KeyInfo("email", "password", "email password", "", "", "REPWATCH_SMTP_PASSWORD", "smtp-password")
IMAP_SECRET = KeyInfo("email.replies", "password", "mailbox password (for reading replies)", "", "",
                      "REPWATCH_IMAP_PASSWORD", "imap-password")
ALL_SECRETS: tuple[KeyInfo, ...] = (SMTP_SECRET, *KEYS, IMAP_SECRET)


def secret_setting(info: KeyInfo) -> str:
    """Where a secret sits in the config: "email.password", "providers.brave.api_key"."""
    if info.provider.startswith("email"):
        return f"{info.provider}.{info.field}"
    return f"providers.{info.provider}.{info.field}"


def secret_name_for(where: str) -> str:
    """The short name `repwatch init --set-secret` takes for a setting (the setting itself if none)."""
    for info in ALL_SECRETS:
        if secret_setting(info) == where:
            return info.keyring_name
    return where


def secret_info(name: str) -> KeyInfo | None:
    """A secret by its short name ("smtp-password") or its setting ("email.password")."""
    word = name.strip().lower()
    for info in ALL_SECRETS:
        if word in (info.keyring_name, secret_setting(info), info.env.lower()):
            return info
    return None


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
    imap_host: str | None = None  # answering by email: the mailbox repwatch reads replies from
    imap_password: str | None = None  # [email.replies] password as the config writes it, kept on a re-run

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
    # secrets the config being changed already has, as it writes them ("keyring:…", "${…}" or the
    # text): provider (or "email") → reference; kept unless a new value is typed
    kept: dict[str, str] = field(default_factory=dict)

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


# --- secrets --------------------------------------------------------------------------------
@dataclass
class SecretRef:
    """Where one secret went: the text the config holds, and a sentence for the user.

    Modes: ``keyring`` (the system keyring), ``envfile`` (``${VAR}`` in the config, the value in
    the owner-only secrets.env beside it), ``env`` (``${VAR}``; the user sets the variable) and
    ``file`` (the value in the config file itself)."""

    info: KeyInfo
    mode: str  # keyring | envfile | env | file
    value: str  # the secret itself (in memory only)

    @property
    def reference(self) -> str:
        if self.mode == "keep":
            return self.value
        if self.mode == "keyring":
            return f"keyring:{self.info.keyring_name}"
        if self.mode in ("env", "envfile"):
            return f"${{{self.info.env}}}"
        return self.value

    @property
    def comment(self) -> str:
        if self.mode == "keep":
            return "as it was before `repwatch init` was run again"
        if self.mode == "keyring":
            return "kept in your system keyring, not in this file"
        if self.mode == "envfile":
            return (f"kept in secrets.env beside this file (only you can read it); change it with "
                    f"`repwatch init --set-secret {self.info.keyring_name}`")
        if self.mode == "env":
            return f"set the environment variable {self.info.env} wherever repwatch runs"
        return "WARNING: stored in this file in plain text, as you chose; keep this file private"


def place_secrets(answers: Answers, mode: str, *, store: Any = None, fallback: str = "envfile") -> list[SecretRef]:
    """Put every secret somewhere: the keyring when it is wanted and safe, else ``fallback``
    (the owner-only secrets file, unless the user chose otherwise), or where ``mode`` says."""

    store = store or secrets.store_secret
    wanted: list[tuple[KeyInfo, str]] = []
    if answers.email is not None and answers.email.password:
        wanted.append((SMTP_SECRET, answers.email.password))
    for provider, value in answers.keys.items():
        if value:
            wanted.append((KEY_BY_PROVIDER[provider], value))
    refs = []
    typed = {info.provider for info, _ in wanted}
    for provider, reference in answers.kept.items():
        if provider not in typed:
            info = SMTP_SECRET if provider == "email" else KEY_BY_PROVIDER[provider]
            refs.append(SecretRef(info, "keep", reference))
    for info, value in wanted:
        chosen = mode
        if mode in ("auto", "keyring"):
            chosen = "keyring" if store(info.keyring_name, value) else fallback
        refs.append(SecretRef(info, chosen, value))
    return refs


def env_lines(refs: list[SecretRef], *, env_file: Any = None) -> list[str]:
    """The exact lines that set each ``env`` secret's variable for a shell, systemd, cron and
    launchd, with … where the value goes (the values themselves are never printed)."""
    names = [r.info.env for r in refs if r.mode == "env"]
    if not names:
        return []
    plist = "".join(f"<key>{n}</key><string>…</string>" for n in names)
    out = [
        "To set them, put each value where the … is:",
        "  In a terminal (and in ~/.profile, so new terminals have them too):",
        *[f"    export {n}='…'" for n in names],
        "  In the systemd service `repwatch schedule --systemd` prints, under [Service]:",
        *[f"    Environment={n}=…" for n in names],
        "  In your crontab (`crontab -e`), above the repwatch line:",
        *[f"    {n}=…" for n in names],
        "  In the launchd agent `repwatch schedule --launchd` prints, inside its first <dict>:",
        f"    <key>EnvironmentVariables</key><dict>{plist}</dict>",
    ]
    if env_file is not None:
        first = next(r.info.keyring_name for r in refs if r.mode == "env")
        out.append(f"Or let repwatch keep them in {env_file}, readable only by you, which repwatch and "
                   f"its timers read: `repwatch init --set-secret {first}` (and so on for each).")
    return out


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
        if plain_secrets and ref.mode == "keep":
            return "kept-secret", ref.comment  # checked for shape only; the real one is not read
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
    if email.imap_host:
        lines += [
            "",
            "# Answer a digest by replying to it (\"not me 12\"): repwatch reads your replies from this mailbox.",
            "[email.replies]",
            "enabled = true",
            f"imap_host = {toml_str(email.imap_host)}",
            "# It logs in as above, with the same app password; another one: repwatch init --set-secret imap-password",
        ]
        if email.imap_password:
            lines.append(f"password = {toml_str(email.imap_password)}")
    return lines


def check_config(answers: Answers, refs: list[SecretRef]) -> Any:
    """The config the file will give, validated in memory with the real secrets (never written)."""

    text = render_config(answers, refs, plain_secrets=True)
    return parse(tomllib.loads(text), Path("config.toml"))


# --- the questions --------------------------------------------------------------------------
def say(text: str = "") -> None:
    click.echo(text, err=True)


def _ask_list(question: str, example: str, current: list[str] | None = None) -> list[str]:
    """A comma-separated answer; with ``current`` (from the config being changed) Enter keeps it."""
    say(question)
    if current:
        raw = click.prompt(f"  ({example}; separate with commas; Enter keeps these, - for none)",
                           default=", ".join(current), err=True)
        return [] if raw.strip() == "-" else split_list(raw)
    return split_list(click.prompt(f"  ({example}; separate with commas, Enter for none)", default="",
                                   show_default=False, err=True))


def ask(answers: Answers, given: set[str]) -> Answers:
    """Ask, in plain words, every question the command-line flags left open (``given`` names them)."""
    if answers.kept or answers.name:
        say("Let's change your settings. Each question shows what you have now: Enter keeps it.\n")
    else:
        say("Let's set up repwatch. Press Enter to skip any question you'd rather not answer.\n")
    if "name" not in given:
        say("Your name, as other people would write it online (not your username).")
        answers.name = _ask_required("  Name (e.g. Joanna Whitfield)", person_name, default=answers.name)
    if "variants" not in given:
        answers.variants = _ask_list("\nAny former names, such as a maiden name?", "e.g. Joanna Brown", answers.variants)
    if "nicknames" not in given:
        answers.nicknames = _ask_list("\nNicknames people use for you?", "e.g. Jo, Jojo", answers.nicknames)
    if "honorifics" not in given:
        say("\nHow do pupils and parents address you? Choose from " + ", ".join(HONORIFICS) + ".")
        while True:
            current = ", ".join(answers.honorifics)
            raw = click.prompt("  (e.g. Ms, Mrs; separate with commas, " + ("Enter keeps these, - for none)"
                               if current else "Enter for none)"), default=current, show_default=bool(current),
                               err=True)
            picked = [normalise_honorific(h) for h in ([] if raw.strip() == "-" else split_list(raw))]
            if all(picked):
                answers.honorifics = unique([p for p in picked if p])
                break
            say("  Please use only " + ", ".join(HONORIFICS) + ".")
    if "locations" not in given:
        answers.locations = _ask_list("\nThe town or city where you live or work.", "e.g. Liverpool", answers.locations)
    if "organisations" not in given:
        answers.organisations = _ask_list("\nYour school (or schools).", "e.g. St Aidan's Primary School", answers.organisations)
    if "handles" not in given:
        answers.handles = _ask_handles(answers.handles)
    if "platforms" not in given:
        answers.platforms = [normalise_platform(p) for p in _ask_list(
            "\nWhich sites do you have accounts on? (for privacy-settings reminders)",
            "e.g. facebook, instagram, x, tiktok, linkedin", answers.platforms,
        )]
    if "frequency" not in given:
        say("\nHow often should repwatch search for you?")
        if answers.frequency in FREQUENCIES:
            answers.frequency = click.prompt(
                "  daily, twice-daily or weekly", type=click.Choice(FREQUENCIES), default=answers.frequency, err=True
            )
        else:  # a schedule of their own, from the config being changed: Enter keeps it
            answers.frequency = _ask_required("  daily, twice-daily, weekly, or a schedule like \"0 7 * * *\"",
                                              _frequency, default=answers.frequency)
    if "frequency" not in given and answers.frequency in FREQUENCIES:
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
        answers.email = ask_email(answers.email, kept_password="email" in answers.kept)
        if answers.email is None or answers.email.password:
            answers.kept.pop("email", None)
    elif answers.email is not None and not answers.email.password and "email" not in answers.kept:
        # the flags set the email up; its password is never a flag, so it is asked here
        say(f"\nThe password {answers.email.username or answers.email.to[0]} signs in with.")
        answers.email.password = click.prompt("  Its app password (hidden as you type; Enter for none)", default="",
                                              show_default=False, hide_input=True, err=True) or None
    if "keys" not in given:
        ask_keys(answers)
    if "bluesky" not in given:
        ask_bluesky(answers)
    if "mastodon" not in given:
        ask_mastodon(answers)
    if "searxng" not in given:
        ask_searxng(answers)
    return answers


def _ask_handles(current: list[str]) -> list[str]:
    """The user's own accounts, each read as the config will read it; a wrong one is named and the
    list asked again with what was typed (Enter keeps it), so one slip loses nothing."""
    question = ("\nYour own public accounts, so they are never reported as someone pretending to be you.\n"
                "  A handle you use everywhere counts on every site, in that site's own form (x.com/MsWhitfieldTeach,\n"
                "  mswhitfieldteach.bsky.social, @MsWhitfieldTeach@your.server). For an account on one site only,\n"
                "  write site:handle (instagram:jo.whitfield) or paste the address of its profile page.")
    while True:
        typed = _ask_list(question, "e.g. @MsWhitfieldTeach, instagram:jo.whitfield", current)
        problems = []
        for item in typed:
            try:
                parse_handle(item)
            except ValueError as exc:
                problems.append(f"  {item!r} {exc}.")
        if not problems:
            return typed
        say("\n".join(problems))
        current, question = typed, "\nPlease correct your accounts (Enter keeps them as typed):"


def _frequency(text: str) -> str:
    word = text.strip().lower()
    if word in FREQUENCIES:
        return word
    schedule_for(text)  # a ValueError says why it is not a schedule
    return " ".join(text.split())


def ask_email(current: EmailAnswers | None = None, *, kept_password: bool = False) -> EmailAnswers | None:
    say("\nWhere should the digests go? Type your email address (e.g. jo.whitfield@gmail.com),")
    if current is not None:
        to = _ask_checked("  or type - to keep them in a folder on this computer instead", _or_dash(email_address),
                          default=current.to[0])
    else:
        to = _ask_checked("  or press Enter to keep them in a folder on this computer instead", email_address)
    if not to or to == "-":
        return None
    keys = list(PRESETS)
    say("\nWhich email account will send them? (It can be the same address.)")
    for number, key in enumerate(keys, 1):
        say(f"  {number}. {PRESETS[key].label}")
    default = keys.index(current.preset if current is not None and current.preset in keys else preset_for(to)) + 1
    number = click.prompt("  Number", type=click.IntRange(1, len(keys)), default=default, err=True)
    preset = PRESETS[keys[number - 1]]
    say(f"\n{preset.help}")
    if preset.key == "none":
        return None
    host, port, security = preset.host, preset.port, preset.security
    if preset.key == "custom":
        same = current is not None and current.preset == "custom"
        host = _ask_required("  SMTP server (e.g. smtp.example.org)", smtp_server,
                             default=current.host if same and current else "")
        security = click.prompt("  Security", type=click.Choice(["starttls", "ssl", "none"]),
                                default=current.security if same and current else "starttls", err=True)
        port = click.prompt("  Port", type=click.IntRange(1, 65535),
                            default=current.port if same and current and current.security == security
                            else {"starttls": 587, "ssl": 465, "none": 25}[security], err=True)
    login = current.username if current is not None and current.username else to
    username = click.prompt("  The address you sign in with at that service", default=login, err=True).strip()
    keep = "Enter keeps the one you have" if kept_password else "Enter for none"
    password = click.prompt(f"  Its app password (hidden as you type; {keep})", default="",
                            show_default=False, hide_input=True, err=True)
    assert host is not None and port is not None
    imap_host = ask_replies(preset.key, current)
    return EmailAnswers([to], preset.key, host, port, security, username or None, password or None, imap_host,
                        current.imap_password if current is not None and imap_host else None)


def ask_replies(preset: str, current: EmailAnswers | None) -> str | None:
    """Answering by replying: repwatch reads the replies to its digests from her mailbox (IMAP)."""
    say("\nYou can answer a digest from your phone by replying to it (\"not me 12\"). For that, repwatch")
    say("reads your replies from your mailbox with the same login (it looks only at replies to its digests).")
    had = current.imap_host if current is not None else None
    if not click.confirm("  Read your replies?", default=bool(had) if current is not None else True, err=True):
        return None
    known = IMAP_HOSTS.get(preset)
    if known and (not had or had == known):
        return known
    return _ask_required("  Its IMAP server (e.g. imap.example.org)", imap_server, default=had or known or "")


def imap_server(text: str) -> str:
    """An IMAP server's name, like imap.example.org."""
    try:
        return smtp_server(text)
    except ValueError:
        raise ValueError("An IMAP server is a name like imap.example.org, with no spaces.") from None


def ask_keys(answers: Answers) -> None:
    say("\nrepwatch can already search DuckDuckGo, Google News, Bluesky and Mastodon with no keys:")
    say("that is enough to start. A search key adds Google or Brave results. Add one now? (You can")
    say("run `repwatch init` again later.)")
    have = [i for i in KEYS[:3] if i.provider in answers.kept]
    if have:
        say("You have: " + ", ".join(i.label for i in have) + ". Enter keeps each.")
    if not click.confirm("  Add or change a search key now?" if have else "  Add a search key now?",
                         default=False, err=True):
        return
    for info in KEYS[:3]:
        say(f"\n{info.label}: get one at {info.where}; {info.quota}.")
        skip = "Enter keeps the one you have" if info.provider in answers.kept else "Enter to skip"
        value = click.prompt(f"  Paste it here (hidden; {skip})", default="", show_default=False,
                             hide_input=True, err=True).strip()
        if value:
            answers.keys[info.provider] = value


def _or_dash(check: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "-" if text.strip() == "-" else check(text)


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


def _ask_required(prompt: str, check: Callable[[str], str], *, default: str = "") -> str:
    """Ask until ``check`` accepts the answer (Enter keeps ``default`` when there is one)."""
    while True:
        raw = click.prompt(prompt, default=default or "", show_default=bool(default), err=True)
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
    had = bool(answers.bluesky_identifier)
    if not click.confirm("  Search Bluesky posts too?", default=had, err=True):
        answers.bluesky_identifier = None
        answers.kept.pop("bluesky", None)
        return
    say(f"  Make an app password (not your main password) at {BLUESKY_APP_PASSWORDS},")
    say("  or in the Bluesky app: Settings, Privacy and security, App passwords.")
    guess = answers.bluesky_identifier or guess_bluesky_handle(answers.handles)
    handle = _ask_checked("  Your Bluesky handle" + ("" if guess else " (e.g. jo.bsky.social; Enter to skip)"),
                          bluesky_handle, default=guess)
    if handle is None:
        say("  Skipped: repwatch will search Bluesky accounts only.")
        answers.bluesky_identifier = None
        answers.kept.pop("bluesky", None)
        return
    while True:
        if "bluesky" in answers.kept:
            password = _ask_secret("  The app password (hidden as you type; Enter keeps the one you have)")
            if password is None:
                answers.bluesky_identifier = handle
                return
        else:
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
    had = answers.mastodon_url
    if not click.confirm("  Do you use Mastodon?", default=bool(had or "mastodon" in answers.kept), err=True):
        answers.mastodon_url = None
        answers.kept.pop("mastodon", None)
        return
    answers.mastodon_url = _ask_checked(
        "  Which Mastodon server are you on?" + ("" if had else f" (Enter for {MASTODON_DEFAULT})"),
        mastodon_address, default=had or "")
    say("  To search posts too, make an access token on that server: Preferences, Development, New")
    say("  application, with the read:search scope, then copy \"Your access token\". Without one, repwatch")
    say("  searches accounts only.")
    token = _ask_secret("  The access token (hidden as you type; "
                        + ("Enter keeps the one you have)" if "mastodon" in answers.kept else "Enter to skip)"))
    if token is not None:
        answers.keys[info.provider] = token


def ask_searxng(answers: Answers) -> None:
    """An advanced extra for people who run their own SearXNG, so it is off unless they say so."""
    say("\nAdvanced, and fine to skip: if you run your own SearXNG (a private search engine), repwatch")
    say("can use it for extra web, news and image results.")
    if not click.confirm("  Do you run your own SearXNG?", default=bool(answers.searxng_url), err=True):
        answers.searxng_url = None
        return
    answers.searxng_url = _ask_checked(f"  Its address (e.g. {SEARXNG_EXAMPLE}; Enter to skip)", searxng_address,
                                       default=answers.searxng_url or "")
    if answers.searxng_url:
        say("  It must allow JSON answers: in its settings.yml, search: formats: [html, json].")


# --- changing one secret ------------------------------------------------------------------------
def set_secret(config_path: Any, name: str, value: str) -> str:
    """Keep a new value for one secret where the config says it lives, and say where in one sentence.

    ``keyring:NAME`` → the keyring (or, when this computer has none now, the owner-only secrets
    file, the config then pointing at it); ``${VAR}`` → the secrets file; plain text → the config
    file itself; not set yet → the keyring if there is one, else the secrets file. Everything else in
    the config file, comments included, stays as it was.
    """

    info = secret_info(name)
    if info is None:
        names = ", ".join(i.keyring_name for i in ALL_SECRETS)
        raise UsageError(f"--set-secret {name!r}: choose one of {names}.")
    if info.provider == "bluesky":
        try:
            value = bluesky_app_password(value)
        except ValueError as exc:
            raise UsageError(f"--set-secret {info.keyring_name}: {exc}") from None
    value = value.strip()
    if not value:
        raise UsageError(f"--set-secret {info.keyring_name}: nothing was typed, so nothing was changed.")
    file = Path(config_path).expanduser()
    try:
        doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"There is no config file at {file}: run `repwatch init` first.") from None
    except Exception as exc:
        raise UsageError(f"{file} could not be read as TOML ({exc}); fix it first.") from None
    path = secret_setting(info).split(".")
    table: Any = doc
    for part in path[:-1]:
        if part not in table:
            section = ".".join(path[:-1])
            raise UsageError(f"{file} has no [{section}] section, so there is nothing to keep a "
                             f"{info.label} for: run `repwatch init --force` to set that up.")
        table = table[part]
    key = path[-1]
    current = str(table[key]) if key in table else None
    env_file = secrets.env_file_for(file)
    rewrite = False
    if current is not None and current.startswith("keyring:") and secrets.store_secret(
            current.removeprefix("keyring:"), value):
        where = "the system keyring"
    elif current is not None and not current.startswith("keyring:") and not _ENV_REF.search(current):
        table[key] = value
        rewrite = True
        where = f"{file} (in plain text, as before)"
    elif current is None and secrets.store_secret(info.keyring_name, value):
        table[key] = f"keyring:{info.keyring_name}"
        rewrite = True
        where = "the system keyring"
    else:
        match = _ENV_REF.search(current or "")
        var = match.group(1) if match else info.env
        if current is None or not match:
            table[key] = f"${{{var}}}"  # the keyring it named is gone, or there was nothing yet
            rewrite = True
        secrets.write_env_file(env_file, {var: value})
        where = f"{env_file}, a file only you can read"
    if rewrite:
        write_atomically(file, tomlkit.dumps(doc), mode=None)
    label = "Your email password" if info.provider == "email" else info.label[0].upper() + info.label[1:]
    return f"{label} is now kept in {where}."


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


# --- running `init` again: start from the config it changes -------------------------------------
def answers_from_config(data: dict[str, Any]) -> Answers:
    """The answers an existing config (raw TOML, secrets not read) gives, so each question can
    show what is there now and Enter keeps it; its secrets are kept as the file refers to them."""
    answers = Answers()
    profiles = data.get("profile") or [{}]
    first = profiles[0] if isinstance(profiles, list) and profiles and isinstance(profiles[0], dict) else {}
    answers.name = str(first.get("name", ""))
    for key in ("variants", "nicknames", "honorifics", "locations", "organisations", "handles", "platforms"):
        value = first.get(key)
        if isinstance(value, list):
            setattr(answers, key, [str(v) for v in value])
    schedule = str(first.get("schedule", "0 7 * * *"))
    match = re.fullmatch(r"(\d+) (\d+)(?:,(\d+))? \* \* (\*|1)", schedule)
    if match and (not match.group(3) or int(match.group(3)) == (int(match.group(2)) + 12) % 24):
        minute, hour, second, day = match.groups()
        answers.frequency = "weekly" if day == "1" and not second else ("twice-daily" if second else "daily")
        answers.at = f"{int(hour):02d}:{int(minute):02d}"
    else:
        answers.frequency = schedule
    email = data.get("email")
    if isinstance(email, dict) and email.get("to") and email.get("smtp_host"):
        host = str(email["smtp_host"])
        preset = next((k for k, p in PRESETS.items() if p.host == host), "custom")
        security = str(email.get("security", "starttls"))
        port = int(email.get("smtp_port") or {"starttls": 587, "ssl": 465, "none": 25}.get(security, 587))
        replies = email.get("replies")
        if not isinstance(replies, dict):
            replies = {}
        answers.email = EmailAnswers([str(t) for t in email["to"]], preset, host, port, security,
                                     email.get("username"),
                                     imap_host=str(replies["imap_host"]) if replies.get("enabled") and
                                     replies.get("imap_host") else None,
                                     imap_password=str(replies["password"]) if replies.get("password") else None)
        if email.get("password"):
            answers.kept["email"] = str(email["password"])
    providers = data.get("providers")
    if not isinstance(providers, dict):
        providers = {}
    for info in KEYS:
        section = providers.get(info.provider)
        if isinstance(section, dict) and section.get(info.field):
            answers.kept[info.provider] = str(section[info.field])
    bluesky = providers.get("bluesky") or {}
    if bluesky.get("identifier") and "bluesky" in answers.kept:
        answers.bluesky_identifier = str(bluesky["identifier"])
    else:
        answers.kept.pop("bluesky", None)
    mastodon = providers.get("mastodon") or {}
    if mastodon.get("base_url"):
        answers.mastodon_url = str(mastodon["base_url"])
    searxng = providers.get("searxng") or {}
    if searxng.get("base_url"):
        answers.searxng_url = str(searxng["base_url"])
    return answers


# what the questions decide; every other setting of the config being changed is kept as it was
_ASKED = {
    ("profile", "name"), ("profile", "variants"), ("profile", "nicknames"), ("profile", "honorifics"),
    ("profile", "locations"), ("profile", "organisations"), ("profile", "handles"), ("profile", "platforms"),
    ("profile", "schedule"),
    ("email", "to"), ("email", "from"), ("email", "smtp_host"), ("email", "smtp_port"), ("email", "security"),
    ("email", "username"), ("email", "password"),
}
_ASKED_PROVIDER_KEYS = {"api_key", "app_password", "access_token", "identifier", "base_url"}


def keep_unasked(old_text: str, new_text: str) -> str:
    """``new_text`` (the wizard's file) with every setting the wizard does not ask about copied from
    ``old_text``: max_queries, exclude lists, rate limits, [evidence], [notify], further profiles…
    A section the answers removed (no email now, no SearXNG) stays removed."""

    old = tomlkit.parse(old_text)
    new = tomlkit.parse(new_text)
    for key, value in old.items():
        if key == "profile":
            old_profiles, new_profiles = value, new.get("profile")
            if not new_profiles:
                continue
            for name, item in old_profiles[0].items():
                if ("profile", name) not in _ASKED:
                    new_profiles[0][name] = item
            for extra in old_profiles[1:]:
                new_profiles.append(extra)
        elif key == "email":
            if "email" in new:
                for name, item in value.items():
                    if ("email", name) not in _ASKED:
                        new["email"][name] = item
        elif key == "providers":
            for provider, section in value.items():
                if provider not in new.get("providers", {}):
                    if provider in ("searxng", *KEY_BY_PROVIDER):
                        continue  # answered "no" (or gave no key) this time
                    new.setdefault("providers", tomlkit.table())[provider] = section
                    continue
                for name, item in section.items():
                    if name not in _ASKED_PROVIDER_KEYS:
                        new["providers"][provider][name] = item
        elif key not in new:
            new[key] = value
        elif hasattr(value, "items"):
            for name, item in value.items():
                new[key][name] = item
    return tomlkit.dumps(new)
