"""`repwatch doctor` and `repwatch test-email`: is everything a scheduled run needs in working order?

Each check gives one line: what was found, and when something is wrong, one sentence saying how
to fix it. Checks that a run does not need (Chromium, for screenshots) only warn. Nothing here
sends an email (doctor only logs in) or prints a secret.
"""

from __future__ import annotations

import asyncio
import os
import stat
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from repwatch.adapters import browser, imap, tokens
from repwatch.adapters.http import USER_AGENT
from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.providers import key_services, registry
from repwatch.adapters.providers.settings import ProviderSettings, settings_for
from repwatch.adapters.secrets import env_file_for, keyring_available
from repwatch.adapters.store.health import inspect, last_runs
from repwatch.app.replies import mailbox_of
from repwatch.app.wizard import keys_by_provider, secret_info, secret_name_for
from repwatch.config import load
from repwatch.errors import (
    AuthError,
    BlockedError,
    ConfigError,
    LoginRefused,
    MailboxError,
    NetworkUnreachable,
    NotFoundError,
    ProviderError,
    QuotaExceeded,
    RateLimited,
    RepwatchError,
    StoreError,
)
from repwatch.models import Flag, Mention, Query
from repwatch.paths import default_config_path, outbox_dir
from repwatch.pipeline.accounts.watch import sites_for
from repwatch.pipeline.deliver import deliver, open_smtp
from repwatch.pipeline.digest import ADDRESS_FIX, Digest, guide, guide_path_of, review_links
from repwatch.pipeline.notify import PUSH_INSTALL, apprise_installed
from repwatch.platforms import service_name
from repwatch.readconfig import no_profile
from repwatch.schedule import parse_time, schedule_words, when_due
from repwatch.timefmt import format_local

OK, FAIL, WARN = "ok", "fail", "warn"
SYMBOL = {OK: "✔", FAIL: "✖", WARN: "!"}
PROBE_QUERY = "repwatch"  # the tiny search each provider is asked: one result is enough


@dataclass
class Check:
    name: str
    status: str  # ok | fail | warn
    detail: str
    fix: str | None = None

    def line(self, symbols: dict[str, str] = SYMBOL) -> str:
        name = self.name  # repwatch's code for a service stays in --json; the line says the service's name
        if name.startswith("provider "):
            name = f"search service {service_name(name.removeprefix('provider '))}"
        elif name == "providers":
            name = "search services"
        text = f"{symbols[self.status]} {name}: {self.detail}"
        if self.fix and self.status != OK:
            text += f" — {self.fix}"
        return text


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.status != FAIL for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks]}


def run_checks(config_path: Path | None, db_path: Path | None = None) -> Report:
    checks: list[Check] = []
    try:
        config = load(config_path, required=True, secrets="collect")
    except ConfigError as exc:
        file = Path(config_path).expanduser() if config_path else default_config_path()
        if not file.exists():
            fix = "Run `repwatch init` to create it."
        else:
            fix = "Correct that setting in the file, then run `repwatch doctor` again."
        checks.append(Check("config", FAIL, exc.message, fix))
        checks.append(check_chromium(None))
        return Report(checks)
    profiles = ", ".join(p.name for p in config.profile)
    if not config.profile:
        found, fix = no_profile(config.path).split(": ", 1)  # the commands' own sentence, as detail and fix
        checks.append(Check("config", FAIL, found, fix[0].upper() + fix[1:]))
    else:
        checks.append(Check("config", OK, f"{config.path} loads and is valid (watching {profiles})"))
    if config.missing_secrets:
        checks.append(check_secrets(config))
    private = check_secrets_file(config)
    if private is not None:
        checks.append(private)
    checks += check_providers(config)
    checks.append(check_email(config))
    replies = check_replies(config)
    if replies is not None:
        checks.append(replies)
    checks.append(check_accounts(config))
    school_guide = check_guide(config)
    if school_guide is not None:
        checks.append(school_guide)
    push = check_notify(config)
    if push is not None:
        checks.append(push)
    database = Path(db_path).expanduser() if db_path else config.database_path()
    checks.append(check_store(database))
    checks += check_schedules(config, database)
    checks.append(check_lock(database, config.repwatch.timezone))
    checks.append(check_review_page(config, database))
    checks.append(check_chromium(config))
    return Report(checks)


def check_review_page(config: Any, database: Path) -> Check:
    """Who can open the review page, and how she opens it."""
    if config.serve and config.serve.password_hash:
        return Check("review page", OK, "it asks for your password")
    path = tokens.page_key_path(database)
    if path.exists():
        try:
            tokens.page_key(database)
        except StoreError as exc:
            return Check("review page", FAIL, exc.message)
    return Check("review page", OK, "only you can open it, with the address `repwatch serve` prints (it holds a "
                 "key that only your account can read); `repwatch serve --address` prints it again")


# --- secrets --------------------------------------------------------------------------------
def _unset_at(config: Any, where: str) -> bool:
    """True when the setting ``where`` (like "email.password") was left out because it is not set."""
    return any(m.where == where for m in config.missing_secrets)


def check_secrets_file(config: Any) -> Check | None:
    """secrets.env must stay readable by its owner only: say so if anyone else can read it."""

    path = env_file_for(config.path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if os.name != "nt" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        return Check("secrets file", FAIL, f"{path} can be read by other people on this computer",
                     f"Run `chmod 600 {path}` so that only you can read your passwords and keys.")
    return Check("secrets file", OK, f"{path} is readable only by you")


def check_secrets(config: Any) -> Check:
    """Every password or key the config refers to but this computer lacks, all in one line, with a
    fix that works on a computer with no keyring (never "store it in the keyring" again)."""
    missing = config.missing_secrets
    parts = []
    for m in missing:
        info = secret_info(m.where)
        what = f"your {info.label}" if info is not None else m.where
        if m.var:
            parts.append(f"{what} (the config takes it from {m.var})")
        else:
            parts.append(f"{what} ({m.problem or 'not in the keyring'})")
    count = len(missing)
    detail = (f"{count} password{'s or keys are' if count != 1 else ' or key is'} not set: "
              + "; ".join(parts))
    names = [secret_name_for(m.where) for m in missing]
    commands = " and ".join(f"`repwatch init --set-secret {n}`" for n in names)
    env_file = env_file_for(config.path)
    if any(m.var is None for m in missing) and keyring_available():
        where = "the keyring"
    else:
        where = f"{env_file}, a file only you can read, which repwatch and its timers read"
    fix = f"Run {commands}: each asks for the value and keeps it in {where}."
    if any(m.var for m in missing):
        fix += " (Or set the environment variables yourself wherever repwatch runs.)"
    return Check("secrets", FAIL, detail, fix)


# --- providers ------------------------------------------------------------------------------
def check_providers(config: Any) -> list[Check]:
    active = config.active_providers()
    if not active:
        return [Check("providers", FAIL, "every search service is switched off",
                      "Set enabled = true in at least one [providers.…] section of your config file.")]
    table = registry()
    return asyncio.run(_probe_all(config, active, table))


async def _probe_all(config: Any, active: dict[str, Any], table: dict[str, type]) -> list[Check]:
    headers: dict[str, dict[str, str]] = {}

    async def keep_headers(response: httpx.Response) -> None:
        headers[response.request.url.host] = dict(response.headers)

    async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, follow_redirects=True,
                                 event_hooks={"response": [keep_headers]}) as client:
        tasks = [_probe(name, settings, table.get(name), client, headers, config) for name, settings in active.items()]
        return list(await asyncio.gather(*tasks))


async def _probe(name: str, settings: Any, cls: type | None, client: Any, headers: dict[str, dict[str, str]],
                 config: Any) -> Check:
    label = f"provider {name}"
    if cls is None:
        return Check(label, FAIL, "is not available in this version of repwatch",
                     f"Remove [providers.{name}] from {config.path}.")
    for field in ("api_key", "app_password", "access_token"):
        if _unset_at(config, f"providers.{name}.{field}"):
            return Check(label, FAIL, "cannot be tried: its key or password is not set",
                         "See the passwords and keys line above.")
    settings = settings.model_copy(update={"max_results": 1, "timeout_s": min(settings.timeout_s, 15.0)})
    provider = cls(settings, client)
    problem = provider.setup_problem()
    if problem:
        return Check(label, FAIL, "is not set up", _sentence(problem))
    kinds = [k for k in provider.enabled_kinds() if k not in provider.skipped_kinds()]
    if not kinds:
        return Check(label, WARN, "has no kind of search it can run",
                     _sentence(" ".join(provider.skipped_kinds().values()) or "Check its kinds setting."))
    kind = kinds[0]
    query = Query(PROBE_QUERY, reason="doctor")
    try:
        who = await provider.verify_login()  # a wrong password fails here, not on the first run
        await provider.search(query, kind)
    except AuthError as exc:
        return Check(label, FAIL, _strip(exc), _key_fix(provider, name))
    except QuotaExceeded as exc:
        return Check(label, FAIL, _strip(exc),
                     f"Wait until the quota renews, or set enabled = false in [providers.{name}] until then.")
    except RateLimited:
        return Check(label, WARN, "answered, but asked repwatch to slow down",
                     f"If this keeps happening, lower rate_per_second in [providers.{name}].")
    except NetworkUnreachable as exc:
        return Check(label, FAIL, _strip(exc),
                     "Check that this computer is online" + (
                         f" and that base_url in [providers.{name}] is right." if settings.base_url else "."))
    except BlockedError as exc:
        return Check(label, FAIL, _strip(exc),
                     f"Try again later; a search service with a key ({key_services()}) avoids this.")
    except NotFoundError as exc:
        return Check(label, FAIL, _strip(exc), address_fix(name))
    except ProviderError as exc:
        return Check(label, FAIL, f"the test search failed: {_strip(exc)}",
                     "Run `repwatch doctor` again later; if it keeps failing, switch it off: set enabled = false "
                     f"in [providers.{name}] in your config file.")
    except Exception:  # a provider bug must not hide the other checks
        return Check(label, FAIL, "the test search went wrong in a way repwatch did not expect",
                     "Run `repwatch -v doctor` to see why, and report it.")
    detail = f"works (logged in as {who}; {kind} search answered)" if who else f"works ({kind} search answered)"
    left = _quota_left(provider, headers)
    if left:
        detail += f"; {left}"
    return Check(label, OK, detail)


def address_fix(name: str) -> str:
    """A 404 from a service's own address: the address is wrong (a path too many), not the service down."""
    return ADDRESS_FIX.format(service=service_name(name), code=name)


def _strip(exc: RepwatchError) -> str:
    return exc.message.rstrip(".")


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith(".") else text + "."


def _key_fix(provider: Any, name: str) -> str:
    info = keys_by_provider().get(name)
    hint = getattr(provider, "key_hint", "")
    if info is not None:
        fix = f"Put in the right key with `repwatch init --set-secret {info.keyring_name}` (copy it again, with no spaces)"
    else:
        own = [f for f in settings_for(provider.service).model_fields if f not in ProviderSettings.model_fields]
        fix = (f"Check {' and '.join(own) or 'api_key'} in [providers.{name}] in your config file "
               "(copy it again, with no spaces)")
    return fix + (f"; to get a new one, {hint.rstrip('.')}." if hint else ".")


def _quota_left(provider: Any, headers: dict[str, dict[str, str]]) -> str | None:
    """What the provider said is left this month (Brave's X-RateLimit-Remaining: "1, 1999")."""

    host = urlsplit(provider.url("/")).hostname
    answer = headers.get(host or "", {})
    remaining = answer.get("x-ratelimit-remaining")
    if remaining:
        parts = [p.strip() for p in remaining.split(",")]
        if len(parts) > 1 and parts[-1].isdigit():
            return f"{int(parts[-1]):,} searches left this month"
    return None


def check_guide(config: Any) -> Check | None:
    """A school's own guide file ([repwatch] guide), checked now rather than by the first digest."""
    path = guide_path_of(config)
    if path is None:
        return None
    try:
        guide.__wrapped__(path)  # the file as it is now, not as a run in this process last read it
    except ConfigError as exc:
        return Check("guide", FAIL, exc.message.rstrip("."),
                     "Correct it in the file (repwatch's own data/guide.toml shows every key it takes), "
                     "then run `repwatch doctor` again.")
    return Check("guide", OK, f"your school's guide {path} is read for the advice in the digest, the report "
                              "and the review page")


# --- email ----------------------------------------------------------------------------------
def check_accounts(config: Any) -> Check:
    """The accounts watch's sites: a broken sites_file would stop every run, so it is found here first."""
    if not config.accounts.enabled:
        return Check("accounts", OK, "the accounts watch is off ([accounts] enabled = false)")
    try:
        sites = sites_for(config)
    except ConfigError as exc:
        return Check("accounts", FAIL, exc.message.rstrip("."),
                     "Correct that site in the file (or take sites_file out of [accounts]), then run "
                     "`repwatch doctor` again.")
    checkable = [s for s in sites if not s.login_required]
    by_hand = len(sites) - len(checkable)
    if not checkable:
        return Check("accounts", WARN, "the accounts watch has no site to check usernames on",
                     "Take platforms = [] out of [accounts], or name a sites_file.")
    extra = f", and {by_hand} to look at yourself (they need a login)" if by_hand else ""
    return Check("accounts", OK, f"usernames in your name are checked on {len(checkable)} sites{extra}; "
                                 "`repwatch accounts --self-check` tests their rules online")


def check_email(config: Any) -> Check:
    email = config.email
    if email is None:
        return Check("email", OK, f"no [email] section: digests are saved in {outbox_dir(config.database_path())}")
    where = f"{email.smtp_host}:{email.port}"
    if _unset_at(config, "email.password"):
        return Check("email", FAIL, f"cannot log in to {where}: the password is not set",
                     "See the secrets line above.")
    try:
        smtp_login(email)
    except RepwatchError as exc:
        return Check("email", FAIL, exc.message.rstrip("."), smtp_fix(email, exc))
    who = f" as {email.username}" if email.username else ""
    return Check("email", OK, f"logged in to {where}{who} ({SECURITY_WORDS.get(email.security, email.security)}); "
                              f"digests go to {', '.join(email.to)}")


def check_notify(config: Any) -> Check | None:
    """[notify] urls need the optional push extra: say how to add it rather than fail on the first urgent flag."""
    urls = config.notify.urls
    if not urls:
        return None
    count = f"{len(urls)} push service{'s' if len(urls) != 1 else ''}"
    if not apprise_installed():
        return Check("push", FAIL, f"[notify] names {count}, but Apprise, which sends the pushes, is not installed",
                     f"Run `{PUSH_INSTALL}`, or take [notify] out of {config.path}.")
    return Check("push", OK, f"urgent flags are also pushed to {count}")


SECURITY_WORDS = {
    "starttls": "a secure connection", "ssl": "a secure connection", "tls": "a secure connection",
    "none": "not encrypted, which repwatch allows only on this computer",
}


def smtp_login(email: Any) -> None:
    """Connect, secure the connection and log in, exactly as sending does; send nothing."""

    with open_smtp(email):
        pass


def smtp_fix(email: Any, exc: RepwatchError) -> str:
    host = (email.smtp_host or "").lower()
    if isinstance(exc, LoginRefused):
        if "gmail" in host or "google" in host:
            return ("Gmail needs an app password: turn on 2-Step Verification, make one at "
                    "https://myaccount.google.com/apppasswords, and run `repwatch init` again to store it.")
        if "outlook" in host or "office365" in host:
            return ("Microsoft is ending password logins for apps (Outlook.com already; Microsoft 365 "
                    "by default from the end of December 2026): send from a Gmail, iCloud or Yahoo account "
                    "instead, or ask your IT team to allow SMTP AUTH.")
        if "me.com" in host or "icloud" in host:
            return ("iCloud needs an app-specific password from https://appleid.apple.com "
                    "(Sign-In and Security); run `repwatch init` again to store it.")
        if "yahoo" in host:
            return ("Yahoo needs an app password (Account Security, Generate app password); "
                    "run `repwatch init` again to store it.")
        if "--set-secret smtp-password" in exc.message:  # the message already says how
            return "Many services need an app password for this; check the login name too, with `repwatch init`."
        return ("Put in the right password with `repwatch init --set-secret smtp-password` (many services "
                "need an app password), and check the login name with `repwatch init`.")
    text = exc.message
    again = "run `repwatch init` again (Enter keeps your other answers)"
    if "STARTTLS" in text:
        return (f"The mail server offers no secure connection on that port: {again} and choose your email service, "
                "or use port 465 with ssl (smtp_port and security in [email]).")
    if "could not be found" in text:
        return f"Check the spelling of the mail server's name: {again}; and check that this computer is online."
    if "did not answer" in text or "could not be reached" in text:
        return f"Check the mail server's name and port: {again}; and check that this computer is online."
    if "secure connection" in text:
        return f"The port and the kind of secure connection do not match (587 goes with starttls, 465 with ssl): {again}."
    return f"Check the email settings against your email service's help pages: {again}."


def check_replies(config: Any) -> Check | None:
    """Answering by email: log in to the mailbox and open the folder, as reading replies does."""
    box = mailbox_of(config)
    if box is None:
        return None
    if _unset_at(config, "email.replies.password") or (box.password == "" and _unset_at(config, "email.password")):
        return Check("replies", FAIL, f"cannot log in to the mailbox {box.where}: the password is not set",
                     "See the secrets line above.")
    try:
        imap.check(box)
    except MailboxError as exc:
        return Check("replies", FAIL, exc.message.rstrip("."), imap_fix(box, exc))
    return Check("replies", OK, f"logged in to the mailbox {box.where} as {box.username} "
                                f"({SECURITY_WORDS.get(box.security, box.security)}); "
                                f"replies to the digest are read from {box.folder}")


def imap_fix(box: Any, exc: MailboxError) -> str:
    """What to change for a mailbox that could not be read, in [email.replies]'s own words."""
    host = box.host.lower()
    if exc.login:
        if "gmail" in host or "google" in host:
            return ("Gmail needs an app password and IMAP switched on (Gmail settings, Forwarding and POP/IMAP); "
                    "if your app password is not the sending one, run `repwatch init --set-secret imap-password`.")
        return ("Check username in [email.replies] (default: the one in [email]) and the password: "
                "`repwatch init --set-secret imap-password` keeps one for the mailbox only.")
    text = exc.message
    if "no folder" in text:
        return "Set folder in [email.replies] to a folder your replies arrive in (usually INBOX)."
    if "could not be found" in text:
        return "Check the spelling of imap_host in [email.replies], and that this computer is online."
    if "secure connection" in text or "answered with an error" in text:
        return ("Check that security and imap_port in [email.replies] match: 993 with tls (the usual), "
                "143 with starttls.")
    if "certificate" in text:
        return "Check imap_host in [email.replies]: it should be the name on the server's certificate."
    return "Check imap_host and imap_port in [email.replies], and that this computer is online."


# --- store, schedule, lock, chromium --------------------------------------------------------
def check_store(database: Path) -> Check:
    if not database.exists():
        folder = database.parent
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        if os.access(probe, os.W_OK):
            return Check("database", OK, f"not created yet; the first run creates {database}")
        return Check("database", FAIL, f"{database} cannot be created ({probe} is not writable)",
                     "Set database in [repwatch] to a file in a folder you can write to.")
    health = inspect(database)
    if health.error is not None:
        return Check("database", FAIL, f"{database} could not be read ({health.error})",
                     "Move the file aside (keep it: it holds your history) and let the next run start a new one.")
    if health.integrity != "ok":
        return Check("database", FAIL, f"{database} is damaged (integrity check: {health.integrity})",
                     "Keep a copy, then try `sqlite3 repwatch.db .recover`, or move it aside to start afresh.")
    version, known = health.version, health.known
    if version > known:
        return Check("database", FAIL, f"{database} was made by a newer repwatch (schema {version})",
                     "Upgrade repwatch (pip install --upgrade repwatch).")
    if health.missing:
        shown = ", ".join(health.missing[:5]) + (" …" if len(health.missing) > 5 else "")
        return Check("database", FAIL, f"{database} is damaged: it has no {shown}",
                     "Keep a copy of it, then move it aside so the next run starts a new one "
                     "(or restore it from a backup).")
    if not health.writable:
        return Check("database", FAIL, f"{database} cannot be written: {health.why_not_writable}",
                     "Make the database file and its folder writable for your user, so runs can record "
                     "what they find.")
    note = "" if version == known else f"; the next run upgrades it from schema {version}"
    return Check("database", OK, f"{database} is healthy (schema {version}{note})")


def check_schedules(config: Any, database: Path, now: datetime | None = None) -> list[Check]:
    """Each profile's next run, the answer `repwatch status` and the page give (schedule.when_due)."""
    checks = []
    now = now or datetime.now(UTC)
    tz = config.repwatch.timezone
    last = last_runs(database, [p.name for p in config.profile]) if database.exists() else {}
    for profile in config.profile:
        name = f"schedule ({profile.name})"
        ran = parse_time(last.get(profile.name))
        try:
            due = when_due(profile.schedule, tz, ran, now)
        except Exception as exc:
            checks.append(Check(name, FAIL, f"{profile.schedule!r} cannot be used ({exc})",
                                "Set schedule in [[profile]] to something like \"0 7 * * *\" (7am daily)."))
            continue
        ran_text = f"; last search {format_local(ran, tz, 'long')}" if ran else "; no search yet"
        runner = "`repwatch serve`, `repwatch daemon` or a timer"
        if due.since is not None:
            checks.append(Check(
                name, WARN, f"{schedule_words(profile.schedule)}: overdue: a search was due {format_local(due.since, tz, 'weekday')}"
                f"{ran_text}",
                f"Run `repwatch run` now, and keep {runner} running (see `repwatch schedule --help`).",
            ))
        elif due.overdue:
            checks.append(Check(name, OK, f"{schedule_words(profile.schedule)}: due now{ran_text} (the first search "
                                          f"starts as soon as {runner} is running)"))
        else:
            checks.append(Check(name, OK, f"{schedule_words(profile.schedule)}: next search {format_local(due.at, tz, 'weekday')}"
                                          f"{ran_text} (when {runner} is running)"))
    return checks


def check_lock(database: Path, tz: Any = None) -> Check:
    """The same lock `run` and `daemon` take (repwatch.adapters.lock); probing it changes nothing."""

    holder = DatabaseLock(database).probe()
    if holder is None:
        return Check("lock", OK, "no search is under way")
    who = f" (started {format_local(holder.started_at, tz, 'short')})" if holder.started_at else ""
    return Check("lock", OK, f"a search is under way now{who}")


def check_chromium(config: Any) -> Check:
    configured = config.evidence.chromium_path if config is not None else None
    found, why = browser.find_chromium(configured)  # the same lookup evidence capture uses
    if found:
        return Check("chromium", OK, f"found {found}: screenshots of flagged pages can be taken")
    if why == browser.UNSUPPORTED:
        return Check("chromium", WARN, f"{why}: evidence is saved as page copies without screenshots")
    if configured:
        return Check("chromium", WARN, f"chromium_path {configured!r} does not exist",
                     "Fix chromium_path in [evidence], or remove it to search this computer.")
    return Check("chromium", WARN, "not found: evidence is saved as page copies without screenshots",
                 "Optional: install Chromium (or Google Chrome) to add screenshots.")


# --- rendering ------------------------------------------------------------------------------
ASCII = {OK: "OK", FAIL: "X", WARN: "!"}


def render(report: Report, *, ascii: bool = False) -> str:
    symbols = ASCII if ascii else SYMBOL
    lines = [c.line(symbols) for c in report.checks]
    if report.ok:
        warned = any(c.status == WARN for c in report.checks)
        lines.append("Everything repwatch needs is working." + (" (The ! lines are optional.)" if warned else ""))
    else:
        failed = sum(c.status == FAIL for c in report.checks)
        lines.append(f"{failed} thing{'s' if failed != 1 else ''} need{'' if failed != 1 else 's'} fixing "
                     f"({symbols[FAIL]} above); run `repwatch doctor` again afterwards.")
    return "\n".join(lines)


# --- the sample digest ----------------------------------------------------------------------
def sample_digest(name: str, timezone: str | None = None, *, config: Any = None, database: Path | None = None) -> Any:
    """A [SAMPLE] digest for ``name`` with two realistic mentions, one of them flagged; with the config
    and the database, its answer links are real ones to the review page, as a real digest's are (a
    sample's one-click link opens a page that says it is a sample, and does nothing)."""

    today = datetime.now(UTC).replace(microsecond=0).isoformat()
    surname = name.split()[-1] if name.split() else name
    mentions = [
        Mention(
            id=1, profile=name, canonical_url="https://www.facebook.com/groups/example-parents/posts/1",
            url="https://www.facebook.com/groups/example-parents/posts/1",
            title=f"Year 6 parents group: \"Has anyone else had a problem with {name}?\"",
            snippet=f"…honestly {surname} is the worst teacher my son has had, someone should say something…",
            kind="post", platform="facebook", domain="facebook.com", first_seen=today, last_seen=today,
            flags=[Flag("negative", "derogatory words near your name: \"worst teacher\"")],
            providers=["duckduckgo"], queries=[f"\"{name}\""],
        ),
        Mention(
            id=2, profile=name, canonical_url="https://www.example-gazette.co.uk/news/school-fair",
            url="https://www.example-gazette.co.uk/news/school-fair",
            title="Summer fair raises £2,000 for the school library",
            snippet=f"…organised by teacher {name}, the fair welcomed more than 300 families…",
            kind="news", platform="news", domain="example-gazette.co.uk", first_seen=today, last_seen=today,
            providers=["google_news"], queries=[f"\"{name}\""],
        ),
    ]
    generated = format_local(datetime.now(UTC), timezone)
    links: dict[int, dict[str, str]] = {}
    hint = None
    if database is not None:
        real, hint = review_links(config, database, mentions)
        base = real[1]["page"].rsplit("/mentions/", 1)[0]
        links = {m.id: {"page": f"{base}/", "dismiss": f"{base}/a/sample", "concern": f"{base}/a/sample"}
                 for m in mentions}
    return Digest(name, mentions, notes=["This is a sample: these two mentions are made up, to show what a "
                                         "digest looks like."], generated_at=generated, sample=True,
                  timezone=timezone, links=links, review_hint=hint)


def send_test_email(config: Any, database: Path) -> Any:
    """Send (or write to the outbox) a sample digest through the configured delivery; a Delivery."""

    name = config.profile[0].name if config.profile else "you"
    digest = sample_digest(name, config.repwatch.timezone, config=config, database=database)
    stem = f"sample-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    return deliver(digest, config.email, outbox_dir(database), stem)
