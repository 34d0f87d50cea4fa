"""`repwatch daemon`: every profile on its schedule, in the foreground, until SIGTERM or SIGINT.

SIGHUP re-reads the config file (``kill -HUP <pid>``, ``systemctl reload``), as Unix daemons do.

How it stays on time:

* APScheduler 3 (a BackgroundScheduler; the main thread waits for signals). One job per profile:
  a cron schedule runs in the configured time zone (``schedule.next_run``, which keeps cron's
  weekday numbers and runs a daylight-saving-repeated time once); "every …" is an IntervalTrigger
  anchored on the profile's last run.
* Catch-up at start: a profile that never ran, or whose last run (from the store) is older than its
  schedule allows, runs at once.
* Sleep and missed runs: ``coalesce=True`` folds any number of missed runs into one, and
  ``misfire_grace_time=None`` runs that one however late it is. A monitor that skips a run because
  the laptop was asleep at 07:00 would stay silent for a whole day; a late run is always better.
  Timers inside a process stop while the computer sleeps, so the main thread wakes the scheduler
  every 30 s (and logs a jump of the wall clock): a run missed in sleep starts within 30 s of waking.
  It looks at its signal flags every ``SIGNAL_POLL_S`` (0.5 s) too: a Python signal handler can run
  late (see ``Daemon._wait``), and a stop or a reload should not wait for the next heartbeat.
* Side by side, never twice at once: a profile's job only queues its profile; the first job to come
  waits ``GATHER_S`` for the others due at the same moment and runs them all in one ``run_locked``,
  side by side as `repwatch run` does (each provider still gets at most its rate: the sweeps share one
  pacer). One batch (or reading of replies) at a time; a profile whose run is under way is not queued
  again (as ``max_instances=1`` did). The database's run lock is shared with `repwatch run`, which may
  run by hand meanwhile: a scheduled run that finds it taken waits a minute and tries again if still
  needed; and a daemon lock (one daemon per database: a second one exits 4).
* A run whose every search failed (the network is not up yet after waking) is retried after 5, 15,
  30 and 60 minutes, unless its next regular run comes sooner.
* A crash inside one run is logged and the daemon goes on. SIGTERM/SIGINT (SIGBREAK on Windows):
  no new run starts; a run in progress may finish for up to ``STOP_GRACE_S`` (a second signal stops
  at once). If it has to be abandoned, nothing is half-written: each run's results are one SQLite
  transaction, and a digest counts as delivered only once it was, so its mentions ride in the next
  digest. Exit 0.

Reloading on SIGHUP (signal handlers only set flags; the main thread does the work, so a reload
never races the signal handler or interrupts anything):

* The same file is read again with ``config.load`` and must also have a [[profile]]. If it is not
  valid (missing, bad TOML, an unknown key) one warning names the file and the fault, and everything
  stays as it was. Only a ``ConfigError``'s message is logged, never its cause (pydantic's errors
  repeat the values they reject, which may be secrets); the message itself never quotes the value
  of a secret key (``api_key``, ``password``, ``notify.urls``, …).
* If it is valid, profiles added get a job, removed ones lose theirs (and any pending retry), and a
  changed schedule (or time zone) replaces the job. Unchanged profiles keep their jobs and next run
  times. An added or changed profile goes through the same catch-up test as at start, so a profile
  that never ran, or is overdue under its new schedule, runs at once. One sentence says what changed.
* Nothing else moves: a run in progress finishes with the config it started with (each run takes the
  config once, at its start; the next run uses the new one), there is still one batch at a time and
  the run lock is taken per run as before, and the daemon lock stays on the database it started
  with. A changed ``database`` or ``log_file`` is named as taking effect at the next start.
* A SIGHUP because the terminal the daemon runs in was closed is not a reload request: the daemon's
  terminal is then gone (it was a terminal at start and is not now), and it stops as it always did.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.store import Store
from repwatch.app.replies import EVERY_S as REPLIES_EVERY_S
from repwatch.app.replies import mailbox_of, read_replies
from repwatch.app.run import SIDE_BY_SIDE, log, log_report, run_locked
from repwatch.config import Config, Profile, load
from repwatch.errors import ConfigError, LockHeld, RepwatchError
from repwatch.pipeline.runner import RunReport
from repwatch.readconfig import no_profile
from repwatch.schedule import is_overdue, next_run, parse_schedule, parse_time, resolve_tz
from repwatch.timefmt import format_local, zone_place

HEARTBEAT_S = 30.0
SIGNAL_POLL_S = 0.5  # the longest a signal waits to be acted on (see Daemon._wait)
STOP_GRACE_S = 30.0
LOCK_RETRY_S = 60.0
FAILED_RETRIES_S = (300.0, 900.0, 1800.0, 3600.0)
GATHER_S = 0.5  # profiles whose jobs come within this long of the first run together, side by side


def _when(at: datetime | None, zone: tzinfo) -> str:
    return "never" if at is None else format_local(at, zone, "clock")


_CAN_RELOAD = hasattr(signal, "SIGHUP")



def _is_terminal(fd: int) -> bool:
    """Whether ``fd`` is a terminal now; after the terminal closes, its fds stop being one."""
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class ScheduleTrigger:
    """An APScheduler trigger for a cron schedule, computed by ``schedule.next_run``."""

    def __init__(self, text: str, zone: tzinfo) -> None:
        self.text = text
        self.zone = zone

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        after = previous_fire_time if previous_fire_time is not None else now - timedelta(microseconds=1)
        return next_run(self.text, self.zone, after)

    def __str__(self) -> str:
        return f"cron[{self.text}]"


def _trigger(profile: Profile, zone: tzinfo, last: datetime | None, now: datetime) -> Any:
    sched = parse_schedule(profile.schedule)
    if sched.interval is None:
        class _Cron(ScheduleTrigger, BaseTrigger):  # type: ignore[misc]  # apscheduler 3 ships no types
            pass

        return _Cron(sched.text, zone)

    anchor = last if last is not None and last + sched.interval > now else now
    return IntervalTrigger(seconds=sched.interval.total_seconds(), start_date=anchor, timezone=zone)


class Daemon:
    def __init__(self, config: Config, database: Path, *, stop_grace_s: float = STOP_GRACE_S) -> None:
        self.config = config
        self.database = Path(database)
        self.zone = resolve_tz(config.repwatch.timezone)
        self.stop_grace_s = stop_grace_s
        self.scheduler: Any = None
        self._stop = threading.Event()
        self._abandon = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._state = threading.Lock()
        self._stopping = False
        self._current: tuple[str, Any] | None = None  # (the profiles running, in words; their run lock)
        self._due: dict[str, datetime | None] = {}  # profiles queued by their jobs → retry_since
        self._running_now: set[str] = set()
        self._worker = threading.Lock()  # held by the one batch of runs (or reading of replies) under way
        self._failed_streak: dict[str, int] = {}
        self.signals = 0
        self.config_path = config.path  # SIGHUP reads this same file again
        self._wakeup = threading.Event()  # set by every signal: the main thread has something to do
        self._reload = threading.Event()
        self._hung_up = False
        self._terminals: list[int] = []

    # --- the loop -----------------------------------------------------------------------------
    def serve(self) -> int:
        if not self.config.profile:
            raise ConfigError(no_profile(self.config.path))
        daemon_lock = DatabaseLock(self.database, kind="daemon", command="daemon", tz=self.zone)
        daemon_lock.acquire()  # LockHeld → exit 4: one daemon per database
        try:
            self._install_signals()
            self.start_scheduler()
            log.info(
                "searching on schedule (for %s); times are %s time. Stop it with Ctrl+C. Settings saved on the "
                "review page take effect at once; after editing the config file by hand, stop and start it again.",
                self.database, zone_place(self.zone),
            )
            log.debug("process %s; `kill -HUP %s` (or systemctl reload) makes it read the config file again",
                      os.getpid(), os.getpid())
            self._wait()
            return self._shutdown(daemon_lock)
        finally:
            daemon_lock.release()

    def start_scheduler(self, *, paused: bool = False) -> Any:
        """The scheduler with its jobs: one per profile (catching up at once when overdue) and the
        reading of replies every 15 minutes. ``paused`` holds every job until ``resume()`` (tests)."""
        self.scheduler = BackgroundScheduler(
            timezone=self.zone,
            executors={"default": ThreadPoolExecutor(SIDE_BY_SIDE + 1)},  # jobs only queue; see run_job
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._add_jobs()
        self.scheduler.add_job(self.read_replies, IntervalTrigger(seconds=REPLIES_EVERY_S, timezone=self.zone),
                               id="replies", name="replies", replace_existing=True)
        self.scheduler.start(paused=paused)
        return self.scheduler

    def _add_jobs(self) -> None:
        """At start: one job per profile, and a line each saying when it runs (now, if overdue)."""
        store = self._open_store()
        now = datetime.now(UTC)
        try:
            for profile in self.config.profile:
                last, at = self._schedule_job(profile, store, now)
                if at is None:
                    why = "it has never run" if last is None else f"its last run was {_when(last, self.zone)}"
                    log.info("%s: running now to catch up (%s; schedule %r).", profile.name, why, profile.schedule)
                else:
                    log.info(
                        "%s: last run %s; next run %s (schedule %r).", profile.name, _when(last, self.zone),
                        _when(at, self.zone), profile.schedule,
                    )
        finally:
            store.close()

    def _schedule_job(self, profile: Profile, store: Any, now: datetime) -> tuple[datetime | None, datetime | None]:
        """Add (or replace) a profile's job; returns its last run, and its next run or None for "now".

        Start and reload share this, so a profile added or rescheduled by a reload gets the same
        catch-up as at start: never ran, or overdue under its (new) schedule, runs at once. A profile
        whose run is in progress is not overdue: that run counts, and the next is due after it.
        """
        row = store.last_run(profile.name)
        last = parse_time(row["started_at"]) if row else None
        anchor = now if self._running(profile.name) else last
        due = is_overdue(profile.schedule, self.zone, anchor, now)
        kwargs: dict[str, Any] = {}
        if due:
            kwargs["next_run_time"] = datetime.now(self.zone)
        self.scheduler.add_job(
            self.run_job, _trigger(profile, self.zone, anchor, now), args=[profile.name],
            id=f"profile:{profile.name}", name=profile.name, replace_existing=True, **kwargs,
        )
        if due or anchor is None:
            return last, None
        cron = parse_schedule(profile.schedule).interval is None
        return last, next_run(profile.schedule, self.zone, max(anchor, now) if cron else anchor)

    def _running(self, name: str) -> bool:
        return name in self._running_now

    def _install_signals(self) -> None:
        """SIGTERM, SIGINT and SIGBREAK stop; SIGHUP reloads the config (or stops: the terminal closed)."""
        self._terminals = [fd for fd in (0, 1, 2) if _is_terminal(fd)]
        for name in ("SIGTERM", "SIGINT", "SIGBREAK", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None:
                handler = self._on_hangup if name == "SIGHUP" else self._on_stop
                with contextlib.suppress(OSError, ValueError):  # not the main thread, or this platform
                    signal.signal(sig, handler)

    def _on_stop(self, _signum: int, _frame: Any) -> None:
        self.signals += 1
        if self.signals > 1:
            self._abandon.set()
        self._stop.set()
        self._wakeup.set()

    def _on_hangup(self, signum: int, frame: Any) -> None:
        """A reload request, unless the terminal the daemon ran in has closed: then stop, as before.

        Closing a terminal window sends SIGHUP to what runs in it (often twice: the kernel, then the
        shell); a daemon that took that for a reload would linger unseen, holding the database.
        """
        if self._terminal_closed():
            if not self._hung_up:
                self._hung_up = True
                self._on_stop(signum, frame)
            return
        self._reload.set()
        self._wakeup.set()

    def _terminal_closed(self) -> bool:
        return any(not _is_terminal(fd) for fd in self._terminals)

    # --- reload (SIGHUP) ----------------------------------------------------------------------
    def reload(self) -> bool:
        """Read the config file again and reschedule; a bad file changes nothing. Never raises.

        Returns whether the new config was taken. Runs in the main thread, never in a signal handler.
        """
        try:
            config = self._read_config()
        except ConfigError as exc:
            # no exc_info, even with --verbose: the cause (pydantic's error) repeats rejected values
            log.warning("The config file was not read again, so repwatch keeps its previous settings: %s", exc.message)
            return False
        try:
            summary = self._apply(config)
        except Exception as exc:
            log.error(
                "Reading the config file again went wrong (%s: %s); repwatch carries on, but stop and start it again to be sure "
                "every profile runs on its new schedule.", exc.__class__.__name__, exc,
            )
            log.debug("traceback", exc_info=True)
            return False
        log.info("%s", summary)
        return True

    def _read_config(self) -> Config:
        """The config file the daemon started with, read and checked as at start."""

        if self.config_path is None:
            raise ConfigError("repwatch was not started from a config file, so there is none to read again.")
        config = load(self.config_path)
        if not config.profile:
            raise ConfigError(no_profile(config.path))
        return config

    def _apply(self, config: Config) -> str:
        """Swap in a new config and change only the jobs it changes; returns the sentence to log."""
        old = self.config
        before = {p.name: p for p in old.profile}
        after = {p.name: p for p in config.profile}
        zone_changed = config.repwatch.timezone != old.repwatch.timezone
        self.config = config  # each run takes self.config once, at its start: a run going on keeps its own
        if zone_changed:
            self.zone = resolve_tz(config.repwatch.timezone)
        changes: list[str] = []
        if zone_changed:
            changes.append(f"times are now {zone_place(self.zone)} time")
        for name in before.keys() - after.keys():
            self._unschedule(name)
        changes += [f"{name} removed" for name in before if name not in after]
        changes += self._reschedule(
            [p for p in config.profile if p.name not in before or zone_changed
             or p.schedule != before[p.name].schedule],
            added=after.keys() - before.keys(),
        )
        changes += self._needs_restart(old, config)
        if not changes:
            changes.append("nothing changed" if old == config
                           else "no schedule changed, and the other changes apply from each profile's next run")
        return (f"Config reloaded from {self.config_path}: {_plural(len(config.profile), 'profile')}; "
                + "; ".join(changes) + ".")

    def _unschedule(self, name: str) -> None:
        """A profile gone from the config: no more regular runs, and no retry either."""

        for job_id in (f"profile:{name}", f"retry:{name}"):
            with contextlib.suppress(JobLookupError):  # it had no retry waiting
                self.scheduler.remove_job(job_id)
        self._failed_streak.pop(name, None)

    def _reschedule(self, profiles: list[Profile], *, added: set[str]) -> list[str]:
        """Jobs for new and changed profiles, with start's catch-up; one phrase each for the log."""
        if not profiles:
            return []
        phrases: list[str] = []
        store = self._open_store()
        now = datetime.now(UTC)
        try:
            for profile in profiles:
                _last, at = self._schedule_job(profile, store, now)
                when = "running now to catch up" if at is None else f"next run {_when(at, self.zone)}"
                if profile.name in added:
                    phrases.append(f"{profile.name} added ({profile.schedule!r}), {when}")
                else:
                    phrases.append(f"{profile.name} now runs {profile.schedule!r}, {when}")
        finally:
            store.close()
        return phrases

    def _needs_restart(self, old: Config, new: Config) -> list[str]:
        """Settings a running daemon cannot take: its database (it holds its lock) and its log file."""
        out = []
        if old.database_path() == self.database and new.database_path() != self.database:
            out.append(f"the new database takes effect when repwatch is stopped and started again (until then it keeps {self.database})")
        if old.repwatch.log_file != new.repwatch.log_file:
            out.append("the new log_file setting takes effect when repwatch is stopped and started again")
        return out

    def _wait(self) -> None:
        """The main thread: act on signals (stop, reload), and wake the scheduler every HEARTBEAT_S.

        It waits SIGNAL_POLL_S at a time, not HEARTBEAT_S: Python runs a signal handler only between
        bytecodes of the main thread, so a signal that arrives just as the main thread starts to wait,
        or that the kernel hands to a busy worker thread, is only seen when that wait ends.
        """
        wall, mono = time.time(), time.monotonic()
        while True:
            self._wakeup.wait(SIGNAL_POLL_S)
            self._wakeup.clear()  # before looking at the flags, so a signal arriving now is not lost
            if self._stop.is_set():
                if self._hung_up:
                    log.info("the terminal repwatch ran in was closed, so it stops.")
                return
            if self._reload.is_set():
                self._reload.clear()
                self.reload()
            if time.monotonic() - mono < HEARTBEAT_S:
                continue
            now_wall, now_mono = time.time(), time.monotonic()
            jump = (now_wall - wall) - (now_mono - mono)
            if abs(jump) > 60:
                log.info(
                    "the clock jumped by %d minutes (the computer slept, or its time was changed); "
                    "catching up on any missed run.", round(jump / 60),
                )
            wall, mono = now_wall, now_mono
            self.scheduler.wakeup()

    def _shutdown(self, daemon_lock: Any) -> int:
        with self._state:
            self._stopping = True
        self.scheduler.shutdown(wait=False)
        if not self._idle.is_set():
            name = self._current[0] if self._current else "a profile"
            log.info(
                "stopping: letting the run of %s finish (up to %d s; send the signal again to stop at once).",
                name, self.stop_grace_s,
            )
            deadline = time.monotonic() + self.stop_grace_s
            while not self._idle.wait(0.2):
                if self._abandon.is_set() or time.monotonic() > deadline:
                    log.warning(
                        "stopped without finishing the run of %s: nothing from it was half-saved (a run's "
                        "results are saved all at once or not at all), and mentions not yet emailed stay "
                        "for the next digest. The next start catches up.", name,
                    )
                    current = self._current
                    if current is not None:
                        current[1].abandon()
                    daemon_lock.abandon()
                    logging.shutdown()
                    os._exit(0)  # the run's thread cannot be stopped from outside; the OS drops the locks
        log.info("stopped: no more searches on schedule until it is started again.")
        return 0

    def read_replies(self) -> None:
        """Every 15 minutes: answers to the digest by email (nothing when [email.replies] is off)."""
        config = self.config
        if mailbox_of(config) is None:
            return
        with self._worker:  # never beside a run, which reads them too
            try:
                store = self._open_store()
                try:
                    read_replies(config, store)
                finally:
                    store.close()
            except Exception as exc:  # the next reading comes in 15 minutes; the daemon carries on
                log.error("replies could not be read (%s: %s); trying again in 15 minutes.",
                          exc.__class__.__name__, exc)
        self._run_due()  # profiles queued meanwhile

    # --- one run ------------------------------------------------------------------------------
    def _open_store(self) -> Store:
        return Store(self.database)

    @staticmethod
    def _profile(config: Config, name: str) -> Profile | None:
        return next((p for p in config.profile if p.name == name), None)

    def run_job(self, name: str, retry_since: datetime | None = None) -> None:
        """The scheduler's job: queue one profile's run; profiles due together run side by side.

        The job that finds no batch under way runs the queue (after ``GATHER_S``, so the jobs due at
        the same moment join it), and again while jobs came meanwhile; the others return at once.
        Never raises: a failure is logged.
        """
        with self._state:
            if self._stopping or name in self._running_now:
                return  # stopping, or its run is under way: that run counts
            if name not in self._due or retry_since is None:
                self._due[name] = retry_since  # a regular run wins over a retry
        self._run_due(gather=True)

    def _run_due(self, *, gather: bool = False) -> None:
        while True:
            if not self._worker.acquire(blocking=False):
                return  # the batch under way runs it next
            try:
                if gather:
                    self._stop.wait(GATHER_S)
                    gather = False
                with self._state:
                    batch, self._due = ({} if self._stopping else self._due), {}
                    if batch:
                        self._idle.clear()
                        self._running_now = set(batch)
                if batch:
                    self._run_batch(batch)
            finally:
                with self._state:
                    self._running_now = set()
                    self._current = None
                self._idle.set()
                self._worker.release()
            with self._state:  # a job that came after the batch was taken, and found the worker busy
                if not self._due or self._stopping:
                    return

    def _run_batch(self, batch: dict[str, datetime | None]) -> None:
        config = self.config  # once: a reload during these runs changes the next runs, not these
        profiles = []
        for name, retry_since in batch.items():
            try:
                profile = self._profile(config, name)
                if profile is None:
                    log.info("%s: not run, because it is no longer in the config.", name)
                elif retry_since is not None and self._ran_since(name, retry_since):
                    log.info("%s: no retry needed; a run has finished since.", name)
                else:
                    profiles.append(profile)
            except Exception as exc:
                self._failed(name, exc)
        if not profiles:
            return
        names = _and([p.name for p in profiles])
        try:
            run_locked(
                config, profiles, self.database, command="daemon",
                on_locked=lambda lock: setattr(self, "_current", (names, lock)),
                on_report=self._after_run, on_error=lambda profile, exc: self._failed(profile.name, exc),
            )
        except LockHeld as exc:
            for profile in profiles:
                log.warning("%s: run skipped for now: %s It will be tried again in a minute.", profile.name,
                            exc.message)
                self._retry(profile.name, LOCK_RETRY_S, since=datetime.now(UTC))
        except Exception as exc:
            self._failed(names, exc)

    @staticmethod
    def _failed(name: str, exc: BaseException) -> None:
        if isinstance(exc, RepwatchError):
            log.error("%s: the search failed: %s repwatch carries on with the next one.", name, exc.message)
            log.debug("details", exc_info=exc)
        else:
            log.error(
                "%s: the search went wrong in a way repwatch did not expect (%s: %s); it carries on with the next one.",
                name, exc.__class__.__name__, exc,
            )
            log.debug("traceback", exc_info=exc)

    def _after_run(self, profile: Profile, report: RunReport, seconds: float) -> None:
        self._log_report(profile, report, seconds)
        if report.all_failed:
            self._after_all_failed(profile.name)
        else:
            self._failed_streak.pop(profile.name, None)

    def _log_report(self, profile: Profile, report: RunReport, seconds: float) -> None:
        job = self.scheduler.get_job(f"profile:{profile.name}") if self.scheduler else None
        after = f" Next run {_when(job.next_run_time, self.zone)}." if job and job.next_run_time else ""
        log_report(profile.name, report, seconds, after)

    def _after_all_failed(self, name: str) -> None:
        streak = self._failed_streak.get(name, 0)
        self._failed_streak[name] = streak + 1
        delay = FAILED_RETRIES_S[min(streak, len(FAILED_RETRIES_S) - 1)]
        self._retry(name, delay, since=datetime.now(UTC))

    def _retry(self, name: str, delay: float, *, since: datetime) -> None:
        if self.scheduler is None or self._profile(self.config, name) is None:
            return  # a reload removed the profile while it ran
        at = datetime.now(self.zone) + timedelta(seconds=delay)
        job = self.scheduler.get_job(f"profile:{name}")
        if job is not None and job.next_run_time is not None and job.next_run_time <= at:
            return  # the regular run comes first
        self.scheduler.add_job(
            self.run_job, "date", run_date=at, args=[name], kwargs={"retry_since": since},
            id=f"retry:{name}", name=f"{name} (retry)", replace_existing=True,
        )
        log.info("%s: will try again at %s.", name, _when(at, self.zone))

    def _ran_since(self, name: str, since: datetime) -> bool:
        store = self._open_store()
        try:
            row = store.last_run(name)
        finally:
            store.close()
        finished = parse_time(row.get("finished_at")) if row else None
        return bool(row and row.get("status") != "failed" and finished and finished >= since)
