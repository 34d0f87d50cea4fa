"""`repwatch status`: per profile the last run, the next run, failures and pending digests; provider use.

Reads only: a database that does not exist yet is reported as "never ran", not created.

`repwatch status` reads only the config keys it shows (``status_keys``), as the other read commands
do (see ``repwatch.readconfig``): validating the whole file with pydantic cost it more than the rest
of its work. Anything in those keys that is not plainly right is left to the full check, which
words it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.store import Store
from repwatch.paths import default_database_path
from repwatch.platforms import search_service_codes, service_name
from repwatch.readconfig import read_keys
from repwatch.schedule import (
    month_start,
    parse_schedule,
    parse_time,
    resolve_tz,
    schedule_words,
    tz_name,
    when_due,
)
from repwatch.timefmt import format_local, zone_place

if TYPE_CHECKING:
    from repwatch.config import Config

RUN_WORDS = {
    "ok": "finished", "partial": "finished, but some searches failed", "failed": "every search failed",
    "running": "still running",
}
DIGEST_WORDS = {
    "sent": "sent", "outbox": "saved in the outbox folder", "failed": "not delivered", "skipped": "not sent",
    "sending": "being sent", "unconfirmed": "perhaps not delivered (the mail server stopped answering)",
}


DEFAULT_SCHEDULE = "0 7 * * *"  # as config.Profile's


@dataclass(frozen=True)
class ProviderKeys:
    """The settings of one ``[providers.NAME]`` that `status` shows."""

    enabled: bool = True
    monthly_quota: int | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class ProfileKeys:
    """One [[profile]]'s keys `status` reads: her name and when she is searched."""

    name: str
    schedule: str = DEFAULT_SCHEDULE


@dataclass(frozen=True)
class StatusKeys:
    """What `status` reads of the config, shaped as ``Config`` is where ``collect`` reads it."""

    path: Path
    repwatch: Any  # .database, .timezone
    profile: tuple[ProfileKeys, ...] = ()
    configured: dict[str, ProviderKeys] = field(default_factory=dict)  # in the provider table's order

    @property
    def providers(self) -> Any:
        return SimpleNamespace(**self.configured)

    def database_path(self) -> Path:
        return Path(self.repwatch.database).expanduser() if self.repwatch.database else default_database_path()

    def active_providers(self) -> dict[str, ProviderKeys]:
        """As ``Config.active_providers``: the configured and enabled ones, else every keyless one."""
        if not self.configured:
            return {code: ProviderKeys() for code, keyless in search_service_codes().items() if keyless}
        return {name: s for name, s in self.configured.items() if s.enabled}


class _Unsure(Exception):
    """A key `status` reads is not plainly right (or holds ``${VAR}``): the full check words it."""


def status_keys(path: Path | None) -> StatusKeys | None:
    """The keys `status` shows: the database, her time zone, each profile's name and schedule, and
    each search service's ``enabled``, ``monthly_quota`` and ``base_url``; each checked as the full
    check checks it (the same sentence for a wrong time zone or name). None: one of them is not
    plainly right, or uses ``${VAR}``: load the whole config, whose check says what is wrong."""
    keys = read_keys(path, required=True, profiles=True)
    if keys is None or keys.path is None:
        return None
    keys.zone()  # a wrong one: the same sentence as the full check
    data = keys.document
    try:
        schedules = [_schedule(entry) for entry in (data or {}).get("profile", [])]
        configured = _providers((data or {}).get("providers", {}))
    except _Unsure:
        return None
    general = SimpleNamespace(database=keys.database, timezone=keys.timezone)
    profiles = tuple(ProfileKeys(p.name, schedule) for p, schedule in zip(keys.profile, schedules, strict=True))
    return StatusKeys(keys.path, general, profiles, configured)


def _schedule(entry: dict[str, Any]) -> str:
    text = entry.get("schedule", DEFAULT_SCHEDULE)
    if not isinstance(text, str) or "${" in text:
        raise _Unsure
    try:
        parse_schedule(text)
    except ValueError:
        raise _Unsure from None
    return text


def _providers(section: Any) -> dict[str, ProviderKeys]:
    if not isinstance(section, dict):
        raise _Unsure
    codes = search_service_codes()
    if any(name not in codes or not isinstance(value, dict) for name, value in section.items()):
        raise _Unsure
    out = {}
    for code in codes:
        if code not in section:
            continue
        value = section[code]
        enabled, quota, url = value.get("enabled", True), value.get("monthly_quota"), value.get("base_url")
        if not isinstance(enabled, bool) or not _plain_count(quota) or not (url is None or _plain_address(url)):
            raise _Unsure
        out[code] = ProviderKeys(enabled, quota, url.rstrip("/") if url else None)
    return out


def _plain_count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _plain_address(value: Any) -> bool:
    """An address ``ProviderSettings`` takes as it is written (anything else: the full check says why)."""
    if not isinstance(value, str) or "${" in value or not re.match(r"^https?://[^/\s]+", value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    return bool(parts.hostname) and not parts.query and not parts.fragment


def run_words(status: str | None) -> str:
    """A run's stored status ('partial') as a person says it."""
    return RUN_WORDS.get(str(status or "running"), str(status).replace("_", " "))


def collect(config: Config | StatusKeys, database: Path, now: datetime | None = None) -> dict[str, Any]:
    """Everything `status --json` prints (see docs/schedule.md)."""

    now = now or datetime.now(UTC)
    tz = config.repwatch.timezone
    zone = resolve_tz(tz)
    store = None
    if database.exists():
        store = Store(database)
    try:
        daemon = DatabaseLock(database, kind="daemon", tz=zone).probe()
        running = DatabaseLock(database, tz=zone).probe()
        profiles = []
        for profile in config.profile:
            row = store.last_run(profile.name) if store else None
            last = parse_time(row["started_at"]) if row else None
            due = when_due(profile.schedule, zone, last, now)
            profiles.append({
                "name": profile.name,
                "schedule": profile.schedule,
                "last_run": _last_run(store, row, config) if row else None,
                "next_run": due.at.isoformat(timespec="seconds"),
                "overdue": due.overdue,
                "due_since": due.since.astimezone(zone).isoformat(timespec="seconds") if due.since else None,
                "pending_mentions": store.pending_digests(profile.name) if store else 0,
                "failed_digests": _failed_digests(store, profile.name) if store else 0,
                "failed_digest_reasons": [
                    {"reason": reason, "fix": digest_fix(config, reason)}
                    for reason in (store.failed_digest_errors(profile.name) if store else [])
                ],
            })
        since = month_start(tz, now)
        today = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
        providers = []
        for name, settings in config.active_providers().items():
            used = store.calls_since(name, since) if store else 0
            quota = settings.monthly_quota
            providers.append({
                "name": name,
                "calls_today": store.calls_since(name, today.isoformat(timespec="seconds")) if store else 0,
                "calls_this_month": used,
                "monthly_quota": quota,
                "remaining": None if quota is None else max(quota - used, 0),
            })
        return {
            "database": str(database),
            "timezone": tz_name(zone),
            "daemon": {"running": daemon is not None, **(daemon.to_json() if daemon else {})},
            "run_in_progress": running.to_json() if running else None,
            "profiles": profiles,
            "providers": providers,
            "month_start": since,
        }
    finally:
        if store is not None:
            store.close()


def _last_run(store: Any, row: dict[str, Any], config: Config | StatusKeys | None = None) -> dict[str, Any]:
    errors = [{**e, "fix": failure_fix(config, e["provider"], e.get("code") or "error", e["error"] or "")}
              for e in store.run_errors(row["id"])]
    return {
        "run_id": row["id"],
        "started_at": row["started_at"],
        "finished_at": row["finished_at"],
        "status": row["status"],
        "queries": row["queries"],
        "calls": row["calls"],
        "failures": row["failures"],
        "results": row["results"],
        "new_mentions": row["new_mentions"],
        "digest": row["digest_status"],
        "errors": errors,
    }


def _digest_failure_fix(provider: str, code: str) -> str:
    from repwatch.pipeline.digest import failure_fix  # lazy: the digest's code, for one sentence

    return str(failure_fix(provider, code))


def failure_fix(config: Config | StatusKeys | None, provider: str, code: str, error: str) -> str:
    """What to do about one search service's failure, in words (the page, `status`, the digest)."""
    settings = getattr(getattr(config, "providers", None), provider, None) if config is not None else None
    has_address = bool(getattr(settings, "base_url", None))
    if code == "not_found" or "HTTP 404" in error:
        from repwatch.app.doctor import address_fix  # lazy: every check's code, for one sentence

        return address_fix(provider)
    if code == "auth":
        from repwatch.app.wizard import keys_by_provider  # lazy: the wizard, for one sentence

        if keys_by_provider().get(provider) is not None:
            return _digest_failure_fix(provider, code)
        return "Check its key or login with `repwatch doctor`."
    if code == "quota":
        return "Its free searches for this month are used up: it works again when they renew; the others carry on."
    if code == "rate_limited":
        return "Nothing to do: it asked repwatch to slow down, and the next search goes more slowly."
    if code == "transient":
        return _digest_failure_fix(provider, code)
    if code in ("network", "certificate"):
        where = " and that its address in your config file is right" if has_address else ""
        return f"Check that this computer is online{where}; repwatch tries again at the next search."
    if code == "blocked":
        from repwatch.adapters.providers import key_services  # lazy: the provider table, for one sentence

        return ("It is turning automated searches away for now; repwatch tries again at the next search. A "
                f"service with a key ({key_services()}) avoids this.")
    return "repwatch tries again at the next search; if it keeps failing, run `repwatch doctor`."


def digest_fix(config: Config | StatusKeys | None, reason: str) -> str:
    """What to do about a digest that could not be sent."""
    low = reason.lower()
    if "--set-secret smtp-password" in low:  # the reason already names the command
        return "Once the password is right, send it again."
    if "refused the login" in low or "password" in low:
        return "Put in the right password with `repwatch init --set-secret smtp-password`, then send it again."
    if "could not be found" in low or "could not be reached" in low or "did not answer" in low:
        return "Check that this computer is online and the mail server's name (`repwatch init`), then send it again."
    return "Run the checks below (Email), fix what they say, then send it again."


def _failed_digests(store: Any, profile: str) -> int:
    """Digests whose send failed and no later digest has delivered since."""
    return int(store.failed_digests(profile))


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "es" if word.endswith("ch") else "s")


def _when(iso: str | None, zone: Any, now: datetime | None = None) -> str:
    return format_local(iso, zone, "short", now) if iso else "never"


def render(data: dict[str, Any], now: datetime | None = None) -> str:
    """The text a person reads: the words of the status page, in a terminal. ``now`` says what
    "today" is (the present unless a test says)."""
    zone = resolve_tz(data["timezone"])
    lines = [f"Database: {data['database']} (times are {zone_place(data['timezone'])} time)"]
    daemon = data["daemon"]
    if daemon["running"]:
        since = f", since {_when(daemon.get('started_at'), zone, now)}" if daemon.get("started_at") else ""
        lines.append(f"Searches on schedule: running{since}.")
    else:
        lines.append("Searches on schedule: not running. Start them with `repwatch serve` (the review page too), "
                     "or set up a timer: `repwatch schedule --help`.")
    if data["run_in_progress"]:
        r = data["run_in_progress"]
        lines.append(f"A search is under way (started {_when(r.get('started_at'), zone, now)}).")
    if not data["profiles"]:
        lines.append("No one to search for yet: run `repwatch init`, or add a [[profile]] section to the config file.")
    for p in data["profiles"]:
        lines.append("")
        lines.append(f"{p['name']} (searched {schedule_words(p['schedule'])})")
        last = p["last_run"]
        if last is None:
            lines.append("  Last search:  never")
        else:
            fails = last["failures"]
            lines.append(
                f"  Last search:  {_when(last['started_at'], zone, now)}: {run_words(last['status'])}, "
                f"{_n(last['queries'], 'search')} ({_n(last['calls'], 'call')} to the search services), {fails} failed, {last['new_mentions']} new "
                f"{'mention' if last['new_mentions'] == 1 else 'mentions'}; digest "
                f"{DIGEST_WORDS.get(last['digest'] or 'skipped', str(last['digest']))}"
            )
            for err in last["errors"]:
                lines.append(f"    {service_name(err['provider'])}: {err['error']}")
                lines.append(f"      What to do: {err['fix']}")
        if p["overdue"]:
            lines.append(
                "  Next search:  due now"
                + (f" (was due {_when(p['due_since'], zone, now)})" if p["due_since"] else "")
                + ("" if daemon["running"] else "; run `repwatch run`, or start `repwatch serve`")
            )
        else:
            lines.append(f"  Next search:  {_when(p['next_run'], zone, now)}"
                         + ("" if daemon["running"] else " (if `repwatch serve` or a timer is running)"))
        pending = p["pending_mentions"]
        lines.append(f"  Waiting for a digest: {pending} {'mention' if pending == 1 else 'mentions'}")
        if p["failed_digests"]:
            count = p["failed_digests"]
            lines.append(f"  Digests not delivered: {count}; they are sent again with the next search, or now from "
                         "the status page (Send again).")
            for reason in p["failed_digest_reasons"]:
                lines.append(f"    Why: {reason['reason']}")
                lines.append(f"      What to do: {reason['fix']}")
    if data["providers"]:
        lines.append("")
        lines.append("Search services this month:")
        names = {prov["name"]: service_name(prov["name"]) for prov in data["providers"]}
        width = max(len(n) for n in names.values())
        for prov in data["providers"]:
            quota = prov["monthly_quota"]
            used = prov["calls_this_month"]
            tail = (f"{used} of {quota} searches ({prov['remaining']} left)" if quota is not None
                    else f"{used} {'search' if used == 1 else 'searches'}")
            tail += f"; {prov['calls_today']} today"
            lines.append(f"  {names[prov['name']]:<{width}}  {tail}")
    return "\n".join(lines)
