"""What the wizard's questions fill in: the answers, the email presets and the secrets it can keep.

``answers_from_config`` reads a config being changed back into answers, so each question can show
what is there now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from repwatch.adapters.providers import provider_table, setups
from repwatch.adapters.providers.settings import Ask
from repwatch.app.wizard.checks import schedule_for
from repwatch.errors import UsageError


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
    cap: int | None = None  # the monthly_quota the wizard writes with it (the free plan's searches)


def provider_keys() -> tuple[KeyInfo, ...]:
    """Each provider's key or login, from the provider table (its class, data/search_services.toml):
    the search keys first (the wizard asks for those together), then the logins that add posts."""
    infos = [KeyInfo(code, s.key.setting, s.key.label, s.key.where, s.key.free, s.key.env, s.key.short, s.key.quota)
             for code, s in provider_table().items() if s.key is not None]
    return tuple(sorted(infos, key=lambda info: info.field != "api_key"))


def search_keys() -> tuple[KeyInfo, ...]:
    """The keys that open a search service (Brave's, Serper's, SerpApi's …), asked for together."""
    return tuple(info for info in provider_keys() if info.field == "api_key")


def keys_by_provider() -> dict[str, KeyInfo]:
    return {info.provider: info for info in provider_keys()}


SMTP_SECRET = KeyInfo("email", "password", "email password", "", "", "REPWATCH_SMTP_PASSWORD", "smtp-password")
IMAP_SECRET = KeyInfo("email.replies", "password", "mailbox password (for reading replies)", "", "",
                      "REPWATCH_IMAP_PASSWORD", "imap-password")


def all_secrets() -> tuple[KeyInfo, ...]:
    """Every secret `repwatch init --set-secret` can change."""
    return (SMTP_SECRET, *provider_keys(), IMAP_SECRET)


def secret_setting(info: KeyInfo) -> str:
    """Where a secret sits in the config: "email.password", "providers.brave.api_key"."""
    if info.provider.startswith("email"):
        return f"{info.provider}.{info.field}"
    return f"providers.{info.provider}.{info.field}"


def secret_name_for(where: str) -> str:
    """The short name `repwatch init --set-secret` takes for a setting (the setting itself if none)."""
    for info in all_secrets():
        if secret_setting(info) == where:
            return info.keyring_name
    return where


def secret_info(name: str) -> KeyInfo | None:
    """A secret by its short name ("smtp-password") or its setting ("email.password")."""
    word = name.strip().lower()
    for info in all_secrets():
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
    # provider → its settings the providers' own questions filled in (an address, a login name)
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    # secrets the config being changed already has, as it writes them ("keyring:…", "${…}" or the
    # text): provider (or "email") → reference; kept unless a new value is typed
    kept: dict[str, str] = field(default_factory=dict)

    @property
    def schedule(self) -> str:
        return schedule_for(self.frequency, self.at)


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
    for info in provider_keys():
        section = providers.get(info.provider)
        if isinstance(section, dict) and section.get(info.field):
            answers.kept[info.provider] = str(section[info.field])
    for code, setup in setups().items():
        section = providers.get(code)
        if not isinstance(section, dict):
            section = {}
        answers.settings[code] = {ask.setting: str(section[ask.setting]) for ask in setup.asks
                                  if not is_secret(code, ask) and section.get(ask.setting)}
        if missing(answers, code):  # half a login is no use: its question starts again from nothing
            answers.settings.pop(code)
            answers.kept.pop(code, None)
    return answers


# --- the providers' own questions (their classes' ``setup``) ----------------------------------------
def is_secret(code: str, ask: Ask) -> bool:
    """Whether ``ask`` is for the provider's key (asked hidden, never a flag, kept with the other secrets)."""
    key = provider_table()[code].key
    return key is not None and ask.setting == key.setting


def answered(answers: Answers, code: str, ask: Ask) -> bool:
    if is_secret(code, ask):
        return bool(answers.keys.get(code)) or code in answers.kept
    return bool(answers.settings.get(code, {}).get(ask.setting))


def missing(answers: Answers, code: str) -> list[Ask]:
    """The needed answers a provider's questions still lack, when some are given (none given: [])."""
    needed = [ask for ask in setups()[code].asks if ask.needed]
    lacking = [ask for ask in needed if not answered(answers, code, ask)]
    return lacking if len(lacking) < len(needed) else []


def provider_flags() -> list[Ask]:
    """The `repwatch init` options the providers' questions have (--searxng-url, --bluesky-identifier …)."""
    return [ask for setup in setups().values() for ask in setup.asks if ask.flag]


def answers_from_provider_flags(answers: Answers, flags: dict[str, str | None]) -> set[str]:
    """Fill in the providers' settings from their flags (``flags``: "searxng-url" → what was given) and
    check each secret from the environment (``answers.keys``) as its question would; the providers
    whose questions that answered, so the wizard does not ask them."""
    done = set()
    for code, setup in setups().items():
        for ask in setup.asks:
            if is_secret(code, ask) and answers.keys.get(code):
                done.add(code)
                if ask.check is not None:
                    key = provider_table()[code].key
                    assert key is not None
                    try:
                        answers.keys[code] = ask.check(answers.keys[code])
                    except ValueError as exc:
                        raise UsageError(f"{key.env}: {exc}") from None
            elif ask.flag and (flags.get(ask.flag) or "").strip():
                value = str(flags[ask.flag])
                try:
                    value = ask.check(value) if ask.check is not None else value.strip()
                except ValueError as exc:
                    raise UsageError(f"--{ask.flag}: {exc}") from None
                answers.settings.setdefault(code, {})[ask.setting] = value
                done.add(code)
    return done


def check_complete(answers: Answers) -> None:
    """Half of what a provider needs (a Bluesky handle with no app password) is refused, naming the other half."""
    for code in setups():
        lacking = missing(answers, code)
        if not lacking:
            continue
        have = next(ask for ask in setups()[code].asks if ask.needed and answered(answers, code, ask))
        need = lacking[0]
        key = provider_table()[code].key
        if key is not None and is_secret(code, need):
            raise UsageError(f"--{have.flag} needs your {key.label} too, in the environment variable {key.env}: "
                             f"{key.how}")
        if key is not None and is_secret(code, have):
            raise UsageError(f"The {key.label.split(' (')[0]} in {key.env} needs --{need.flag} too ({need.what}).")
        raise UsageError(f"--{have.flag} needs --{need.flag} too ({need.what}).")
