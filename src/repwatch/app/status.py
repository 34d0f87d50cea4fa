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
from repwatch.pipeline.plan import month_start
from repwatch.schedule import parse_time, resolve_tz, tz_name, when_due
from repwatch.timefmt import format_local


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
                "last_run": _last_run(store, row) if row else None,
                "next_run": due.at.isoformat(timespec="seconds"),
                "overdue": due.overdue,
                "due_since": due.since.astimezone(zone).isoformat(timespec="seconds") if due.since else None,
                "pending_mentions": store.pending_digests(profile.name) if store else 0,
                "failed_digests": _failed_digests(store, profile.name) if store else 0,
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


def _last_run(store: Any, row: dict[str, Any]) -> dict[str, Any]:
    errors = store.run_errors(row["id"])
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


def _failed_digests(store: Any, profile: str) -> int:
    """Digests whose send failed and no later digest has delivered since."""
    return store.failed_digests(profile)


def _when(iso: str | None, zone: Any) -> str:
    return format_local(iso, zone, "short") if iso else "never"


def render(data: dict[str, Any]) -> str:
    """The text a person reads."""
    zone = resolve_tz(data["timezone"])
    lines = [f"Database: {data['database']} (times in {data['timezone']})"]
    daemon = data["daemon"]
    if daemon["running"]:
        who = f"process {daemon['pid']}" if daemon.get("pid") else "a process"
        since = f", since {_when(daemon.get('started_at'), zone)}" if daemon.get("started_at") else ""
        lines.append(f"Daemon: running ({who}{since}).")
    else:
        lines.append("Daemon: not running. Start it with `repwatch daemon`, or set up a timer: `repwatch schedule --help`.")
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
                + ("" if daemon["running"] else "; run `repwatch run` or start the daemon")
            )
        else:
            lines.append(f"  Next run:  {_when(p['next_run'], zone)}" + ("" if daemon["running"] else " (if the daemon or a timer is running)"))
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
