"""The one way a run happens: take the lock, open the store, run each profile, log what it did.

`repwatch run`, the daemon and the review page all go through ``run_locked``, so a run started from
any of them holds the same lock (one run at a time per database), keeps the same log and reports
the same way; only what each does with a finished report differs (print it, log it, show it).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.store import Store
from repwatch.app.replies import read_replies
from repwatch.config import Config, Profile
from repwatch.errors import ConfigError, StoreError
from repwatch.paths import other_databases, remember_database
from repwatch.pipeline.runner import RunReport, run_profile, send_digest
from repwatch.platforms import service_name
from repwatch.text import redact_logging

LOG_FILE_NAME = "repwatch.log"
SIDE_BY_SIDE = 8  # profiles run at once: a school's staff run together, each provider at its own rate
LOG_FORMAT = "%(asctime)s repwatch: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

log = logging.getLogger("repwatch.daemon")

ReportHook = Callable[[Profile, RunReport, float], None]


def refuse_a_second_database(config: Config, database: Path) -> None:
    """No database where this run looks, and an older one elsewhere: say so, instead of starting an
    empty one that would send everything again as new (a timer run with another HOME, say)."""
    if Path(database).exists():
        return
    others = other_databases(Path(database), config.database_path(), config.path)
    if not others:
        return
    old = others[0]
    changed = datetime.fromtimestamp(old.stat().st_mtime, UTC).astimezone().strftime("%d %B %Y")
    raise ConfigError(
        f"There is no database at {database}, but there is an older one at {old} (last changed {changed}). "
        "repwatch did not start an empty one, which would send everything again as new. If the older one "
        f"is yours, put database = \"{old}\" under [repwatch] in {config.path or 'your config file'} "
        "(then print the timer again with `repwatch schedule`); to start afresh where it looked, run "
        "`repwatch run --new-database` once."
    )


def run_locked(
    config: Config,
    profiles: Sequence[Profile],
    database: Path,
    *,
    command: str = "run",
    dry_run: bool = False,
    no_email: bool = False,
    progress: bool = False,
    log_to_file: bool = False,
    on_note: Callable[[str], None] = log.warning,
    on_locked: Callable[[DatabaseLock], None] | None = None,
    on_report: ReportHook | None = None,
    on_error: Callable[[Profile, Exception], None] | None = None,
    new_database: bool = False,
) -> int:
    """Run ``profiles`` side by side under the database's run lock; the worst exit code.

    Each profile runs in its own thread with its own connection to the database; the sweeps share
    each provider's rate (``sweep.PACER``), so several profiles take about as long as the slowest,
    not the sum, and no provider is sent more than its rate. Reports come in the config's order.
    Raises LockHeld (exit 4) when another run holds the lock. A dry run writes nothing, so it takes
    no lock. ``log_to_file`` keeps the daemon's log for a run started by hand or by a timer.
    Refuses (ConfigError) to start an empty database while an older one sits elsewhere, unless
    ``new_database``. With ``on_error``, a profile whose run fails is handed to it (exit code 1) and
    the others' reports still come; without, the first failure in the config's order is raised.
    """
    if not dry_run and not new_database:
        refuse_a_second_database(config, database)
    if not dry_run:
        remember_database(config.path, database)
    lock = DatabaseLock(database, command=command, tz=config.repwatch.timezone)
    if not dry_run:
        lock.acquire()
        if on_locked is not None:
            on_locked(lock)
        if lock.recovered_message():
            on_note(lock.recovered_message() or "")
    logged = bool(log_to_file and not dry_run and config.repwatch.log_file)
    if logged:
        configure_logging(config, lock.database, stderr=False)

    def one(profile: Profile) -> tuple[RunReport, float]:
        started = time.monotonic()
        store = Store(database)
        try:
            report = run_profile(config, profile, store, dry_run=dry_run, no_email=no_email,
                                 progress=progress and len(profiles) == 1)  # one bar, or none
        except sqlite3.Error as exc:  # a full disk, a read-only or damaged database: one sentence
            raise StoreError.from_sqlite(exc, database) from exc
        finally:
            store.close()
        return report, time.monotonic() - started

    try:
        store = Store(database)  # created or migrated once, before the profiles open it side by side
        try:
            if not dry_run and not no_email:
                # her answers by email first, so this run's digest leaves out what she already answered
                for problem in read_replies(config, store).problems:
                    on_note(problem)
        finally:
            store.close()
        worst = _side_by_side(profiles, one, logged=logged, on_report=on_report, on_error=on_error)
    finally:
        lock.release()
    return worst


def _side_by_side(
    profiles: Sequence[Profile],
    one: Callable[[Profile], tuple[RunReport, float]],
    *,
    logged: bool,
    on_report: ReportHook | None,
    on_error: Callable[[Profile, Exception], None] | None,
) -> int:
    """Each profile's run in a thread of its own; their reports in the config's order; the worst exit code."""
    worst = 0
    with ThreadPoolExecutor(max_workers=min(len(profiles), SIDE_BY_SIDE) or 1,
                            thread_name_prefix="repwatch-run") as pool:
        futures = [(profile, pool.submit(one, profile)) for profile in profiles]
        for profile, future in futures:
            try:
                report, seconds = future.result()
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(profile, exc)
                worst = max(worst, 1)
                continue
            if logged:
                log_report(profile.name, report, seconds)
            if on_report is not None:
                on_report(profile, report, seconds)
            worst = max(worst, report.exit_code)
    return worst


def configure_logging(
    config: Config, database: Path, *, verbose: bool = False, quiet: bool = False, stderr: bool = True
) -> Path | None:
    """One line per run and per failure to stderr, and to a rotating file if ``log_file`` is set.

    ``[repwatch] log_file = true`` writes ``repwatch.log`` beside the database (1 MB, 3 old files
    kept); a string names the file instead. Returns the file's path, if any.
    """
    formatter = logging.Formatter(LOG_FORMAT, DATE_FORMAT)
    handlers: list[logging.Handler] = []
    if stderr:
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
        handlers.append(console)
    setting = config.repwatch.log_file
    path: Path | None = None
    if setting:
        path = database.parent / LOG_FILE_NAME if setting is True else Path(str(setting)).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
        handlers.append(file_handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        redact_logging(handler)  # failures quote addresses; no password or key may reach the log
    for name, level in ((log.name, logging.DEBUG), ("apscheduler", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers = list(handlers)
        logger.setLevel(level)
        logger.propagate = False
    return path


def log_report(name: str, report: RunReport, seconds: float, after: str = "") -> None:
    """One line per failure and one per run: what `daemon` and (with log_file) `run` keep."""
    for failure in report.failures:
        log.warning("%s: %s failed for %s: %s", name, service_name(failure.provider), failure.query, failure.error)
    if report.digest_status == "failed":
        log.warning("%s: %s", name, report.digest_detail)
    new = len(report.new_mentions)
    result = {0: "ok", 1: "finished with failures", 3: "failed: no search worked"}.get(report.exit_code, "?")
    log.info(
        "%s: run %s %s in %.1f s: %d searches, %d failed, %d results, %d new %s; digest %s.%s",
        name, report.run_id, result, seconds, report.calls, len(report.failures), report.results,
        new, "mention" if new == 1 else "mentions", report.digest_status, after,
    )




def send_again(config: Config, profile: Profile, database: Path) -> tuple[str, str]:
    """Send, now, the digest of every mention not yet delivered (after a digest failed), under the run
    lock like a run; no search. Returns (status, what happened in words)."""
    lock = DatabaseLock(database, command="send again", tz=config.repwatch.timezone)
    lock.acquire()
    store = Store(database)
    try:
        if not store.undelivered(profile.name):
            return "skipped", "Nothing is waiting to be sent: the next search sends a fresh digest."
        status, detail = send_digest(config, profile, store, None, [], [])
        return status, detail
    except sqlite3.Error as exc:
        raise StoreError.from_sqlite(exc, database) from exc
    finally:
        store.close()
        lock.release()
