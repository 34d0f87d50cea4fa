"""One run at a time per database, and one daemon per database.

The lock is an OS lock (``flock`` on Linux and macOS, ``LockFileEx`` on Windows, through filelock)
on a file beside the database: ``repwatch.db.lock`` for runs, ``repwatch.db.daemon.lock`` for the
daemon. The operating system drops such a lock the moment its process ends, however it ends
(SIGKILL, a crash, a power cut), so a lock is never obeyed after its holder is gone.

Beside each lock, a small sidecar (``repwatch.db.lock.info``, JSON) says who holds it: process id,
host, start time, command. It is written once the lock is held and removed before it is let go,
so a sidecar found by the next holder is one a killed process left: its ``acquire`` reports it as
recovered. The sidecar is only a description; the OS lock alone decides.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from repwatch.errors import LockHeld, StoreError
from repwatch.paths import write_atomically
from repwatch.timefmt import format_local


def _hostname() -> str:
    import socket  # lazy: `status` probes the lock, and a lock held by no one names no host

    return socket.gethostname()


@dataclass(frozen=True)
class Holder:
    """What a sidecar says about the process holding (or last holding) a lock."""

    pid: int | None
    host: str | None
    started_at: datetime | None
    command: str | None

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        started = None
        with contextlib.suppress(KeyError, TypeError, ValueError):
            started = datetime.fromisoformat(str(data["started_at"]))
        pid = data.get("pid")
        return cls(pid if isinstance(pid, int) else None, data.get("host"), started, data.get("command"))

    def to_json(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "host": self.host,
            "started_at": self.started_at.isoformat(timespec="seconds") if self.started_at else None,
            "command": self.command,
        }

    def on_this_host(self) -> bool:
        return self.host is None or self.host == _hostname()

    def alive(self) -> bool | None:
        """Is the process still running? None when that cannot be told (another host, Windows)."""
        if self.pid is None or not self.on_this_host() or os.name != "posix":
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def who(self, tz: str | tzinfo | None = None) -> str:
        """'process 1234, started 10:02' (with the host when it is another computer)."""
        parts = []
        if self.pid is not None:
            where = "" if self.on_this_host() else f" on {self.host}"
            parts.append(f"process {self.pid}{where}")
        if self.started_at is not None:
            parts.append(f"started {short_time(self.started_at, tz)}")
        return ", ".join(parts)


def _flock_held(path: Path) -> bool | None:
    """Whether another holds the flock on ``path`` (the lock filelock's FileLock takes on Linux and
    macOS), found without importing filelock; None where flock cannot tell (Windows, a file system
    without flock, a lock file that cannot be opened): ask filelock then."""
    try:
        import fcntl  # lazy: POSIX only
    except ImportError:
        return None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return True if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK) else None
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def short_time(at: datetime, tz: str | tzinfo | None = None) -> str:
    """10:02 today, else 9 May 10:02, else 9 May 2025 10:02, in the user's time zone."""
    return format_local(at, tz, "short")


class DatabaseLock:
    """``with DatabaseLock(db):`` — or ``acquire()`` (raises LockHeld) and ``release()``.

    ``kind`` is "run" (one sweep at a time) or "daemon" (one daemon per database).
    """

    def __init__(
        self, database: Path, *, kind: str = "run", command: str = "run", tz: str | tzinfo | None = None
    ) -> None:
        self.database = Path(database)
        self.kind = kind
        suffix = ".lock" if kind == "run" else f".{kind}.lock"
        self.path = self.database.with_name(self.database.name + suffix)
        self.info_path = self.path.with_name(self.path.name + ".info")
        self.command = command
        self.tz = tz
        self.recovered: Holder | None = None
        self._lock: Any = None

    # --- taking and letting go ----------------------------------------------------------------
    def _file_lock(self) -> Any:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The database folder {self.path.parent} could not be created ({exc.strerror})."
            ) from exc
        from filelock import FileLock  # lazy: 20-30 ms of imports; `status` only probes (see ``probe``)

        return FileLock(str(self.path), timeout=0, thread_local=False)

    def acquire(self) -> Holder | None:
        """Take the lock or raise LockHeld; returns what a killed earlier holder left, if anything."""
        from filelock import Timeout  # lazy: as in ``_file_lock``

        lock = self._file_lock()
        try:
            lock.acquire()
        except Timeout:
            raise LockHeld(self.held_message(Holder.read(self.info_path))) from None
        except OSError as exc:
            raise StoreError(f"The lock file {self.path} could not be created ({exc.strerror}).") from exc
        self._lock = lock
        self.recovered = Holder.read(self.info_path) if self.info_path.exists() else None
        self._write_info()
        return self.recovered

    def release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            self.info_path.unlink()
        self._lock.release()
        self._lock = None

    def abandon(self) -> None:
        """The process is about to exit with a run unfinished: clear the sidecar; the OS drops the lock."""
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.info_path.unlink()

    @property
    def held(self) -> bool:
        return self._lock is not None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def probe(self) -> Holder | None:
        """Who holds the lock now (a Holder, maybe with nothing known), or None if nobody does.

        Touches no sidecar: used by `repwatch status`.
        """

        if not self.path.parent.exists():
            return None
        held = _flock_held(self.path)
        if held is not None:  # told by flock itself, as filelock takes it on Linux and macOS
            return (Holder.read(self.info_path) or Holder(None, None, None, None)) if held else None
        from filelock import Timeout  # lazy: as in ``_file_lock``

        lock = self._file_lock()
        try:
            lock.acquire()
        except Timeout:
            return Holder.read(self.info_path) or Holder(None, None, None, None)
        except OSError:
            return None
        lock.release()
        return None

    def _write_info(self) -> None:
        info = {
            "pid": os.getpid(),
            "host": _hostname(),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": self.command,
        }
        with contextlib.suppress(OSError):  # the sidecar only describes; the OS lock is what counts
            write_atomically(self.info_path, json.dumps(info), mode=0o644)

    # --- what a person reads ------------------------------------------------------------------
    def held_message(self, holder: Holder | None) -> str:
        what = "run" if self.kind == "run" else self.kind
        if holder is not None and holder.alive() is False:
            # the OS lock is held, but not by the process the sidecar names
            started = f" (started {short_time(holder.started_at, self.tz)})" if holder.started_at else ""
            return (
                f"Another program holds the lock {self.path}; its note names repwatch process "
                f"{holder.pid}{started}, which has ended, so a program it started may still hold it; "
                "try again when that finishes."
            )
        who = f" ({holder.who(self.tz)})" if holder is not None and holder.who(self.tz) else ""
        if self.kind == "daemon":
            return (
                f"Another repwatch daemon{who} is already watching {self.database}; "
                "stop it first (`repwatch status` shows it)."
            )
        return f"Another repwatch {what}{who} is using {self.database}; try again when it finishes."

    def recovered_message(self) -> str | None:
        holder = self.recovered
        if holder is None:
            return None
        who = f" ({holder.who(self.tz)})" if holder.who(self.tz) else ""
        return (
            f"An earlier repwatch {holder.command or 'run'}{who} stopped without finishing and left its "
            f"lock on {self.database}; recovered it. Nothing half-written was kept: each run's results "
            "are saved all at once or not at all."
        )
