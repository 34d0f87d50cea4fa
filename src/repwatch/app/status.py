"""`repwatch status`: per profile the last run, the next run, failures and pending digests; provider use.

Reads only: a database that does not exist yet is reported as "never ran", not created.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.store import Store
from repwatch.config import Config
from repwatch.schedule import month_start, parse_time, resolve_tz, tz_name, when_due
from repwatch.timefmt import format_local, zone_place


def collect(config: Config, database: Path, now: datetime | None = None) -> dict[str, Any]:
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


def _last_run(store: Any, row: dict[str, Any], config: Config | None = None) -> dict[str, Any]:
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


def failure_fix(config: Config | None, provider: str, code: str, error: str) -> str:
    """What to do about one search service's failure, in words (the page, `status`, the digest)."""
    settings = getattr(getattr(config, "providers", None), provider, None) if config is not None else None
    has_address = bool(getattr(settings, "base_url", None))
    if code == "not_found" or "HTTP 404" in error:
        from repwatch.app.doctor import address_fix  # lazy: every check's code, for one sentence

        return address_fix(provider)
    if code == "auth":
        from repwatch.app.wizard import KEY_BY_PROVIDER  # lazy: the wizard, for one sentence

        info = KEY_BY_PROVIDER.get(provider)
        if info is not None:
            return f"Put in the right key with `repwatch init --set-secret {info.keyring_name}` (copy it again, with no spaces)."
        return "Check its key or login with `repwatch doctor`."
    if code == "quota":
        return "Its free searches for this month are used up: it works again when they renew; the others carry on."
    if code == "rate_limited":
        return "Nothing to do: it asked repwatch to slow down, and the next search goes more slowly."
    if code in ("network", "certificate", "transient"):
        where = f" and that its address (base_url in [providers.{provider}]) is right" if has_address else ""
        return f"Check that this computer is online{where}; repwatch tries again at the next search."
    if code == "blocked":
        return ("It is turning automated searches away for now; repwatch tries again at the next search. A "
                "service with a key (Brave Search, Serper, SerpApi) avoids this.")
    return "repwatch tries again at the next search; if it keeps failing, run `repwatch doctor`."


def digest_fix(config: Config | None, reason: str) -> str:
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
    return store.failed_digests(profile)


def _when(iso: str | None, zone: Any) -> str:
    return format_local(iso, zone, "short") if iso else "never"


def render(data: dict[str, Any]) -> str:
    """The text a person reads."""
    zone = resolve_tz(data["timezone"])
    lines = [f"Database: {data['database']} (times are {zone_place(data['timezone'])} time)"]
    daemon = data["daemon"]
    if daemon["running"]:
        who = f"process {daemon['pid']}" if daemon.get("pid") else "a process"
        since = f", since {_when(daemon.get('started_at'), zone)}" if daemon.get("started_at") else ""
        lines.append(f"Searches on schedule: running ({who}{since}).")
    else:
        lines.append("Searches on schedule: not running. Start them with `repwatch serve` (the review page too), "
                     "or set up a timer: `repwatch schedule --help`.")
    if data["run_in_progress"]:
        r = data["run_in_progress"]
        lines.append(f"A run is in progress (process {r.get('pid')}, started {_when(r.get('started_at'), zone)}).")
    if not data["profiles"]:
        lines.append("No profiles: add a [[profile]] section to the config.")
    for p in data["profiles"]:
        lines.append("")
        lines.append(f"{p['name']} (schedule {p['schedule']!r})")
        last = p["last_run"]
        if last is None:
            lines.append("  Last run:  never")
        else:
            fails = last["failures"]
            lines.append(
                f"  Last run:  {_when(last['started_at'], zone)}: {last['status']}, {last['queries']} searches "
                f"({last['calls']} calls to the providers), {fails} failed, {last['new_mentions']} new "
                f"{'mention' if last['new_mentions'] == 1 else 'mentions'}; digest {last['digest'] or 'not sent'}"
            )
            for err in last["errors"]:
                lines.append(f"             {err['provider']}: {err['error']}")
        if p["overdue"]:
            lines.append(
                "  Next run:  due now"
                + (f" (was due {_when(p['due_since'], zone)})" if p["due_since"] else "")
                + ("" if daemon["running"] else "; run `repwatch run`, or start `repwatch serve`")
            )
        else:
            lines.append(f"  Next run:  {_when(p['next_run'], zone)}" + ("" if daemon["running"] else " (if `repwatch serve` or a timer is running)"))
        pending = p["pending_mentions"]
        lines.append(f"  Waiting for a digest: {pending} {'mention' if pending == 1 else 'mentions'}"
                     + (f"; {p['failed_digests']} digest(s) failed to send" if p["failed_digests"] else ""))
    if data["providers"]:
        lines.append("")
        lines.append("Provider use this month:")
        width = max(len(p["name"]) for p in data["providers"])
        for prov in data["providers"]:
            quota = prov["monthly_quota"]
            used = prov["calls_this_month"]
            tail = f"{used} of {quota} calls ({prov['remaining']} left)" if quota is not None else f"{used} calls (no quota set)"
            tail += f"; {prov['calls_today']} today"
            lines.append(f"  {prov['name']:<{width}}  {tail}")
    return "\n".join(lines)
