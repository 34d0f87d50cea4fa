"""One run at a time per database: real processes, a slow loopback provider, a real SQLite file. The run
that holds the lock (or dies holding it) is a process of its own; the commands that then meet its lock
run in the test's process (``cli``), as another process would meet it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cli

HELD = re.compile(
    r"^repwatch: Another repwatch run \(process (\d+), started \d\d:\d\d\) is using (.+); "
    r"try again when it finishes\.$"
)


def write_config(path: Path, base_url: str, *, schedule: str = "every 1h") -> Path:
    path.write_text(f"""
[repwatch]
database = "{path.parent / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
max_queries = 1
schedule = "{schedule}"

[providers.searxng]
base_url = "{base_url}"
kinds = ["web"]
rate_per_second = 50
""")
    return path


@pytest.fixture
def slow_searxng(searxng):
    """SearXNG on loopback that holds every search until the test sets ``answer``: runs overlap."""
    searxng.answer.clear()
    return searxng


def start_cli(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, COLUMNS="120")
    return subprocess.Popen([sys.executable, "-m", "repwatch", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def test_two_runs_at_once_one_runs_the_other_exits_4_naming_the_holder(home, slow_searxng):
    config = write_config(home / "config.toml", slow_searxng.url_for("").rstrip("/"))
    first = start_cli("--config", str(config), "run", "--no-email")
    info = home / "repwatch.db.lock.info"
    assert slow_searxng.asked.wait(60)  # the first run holds the lock, mid-search
    wait_for(info.exists)
    second = cli("--config", str(config), "run", "--no-email")
    slow_searxng.answer.set()
    out, err = first.communicate(timeout=60)

    assert first.returncode == 0, err
    assert second.returncode == 4
    assert second.stdout == ""
    match = HELD.match(second.stderr.strip())
    assert match, second.stderr
    assert int(match.group(1)) == first.pid
    assert match.group(2) == str(home / "repwatch.db")
    db = sqlite3.connect(home / "repwatch.db")
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
    assert not info.exists()  # let go with the lock

    again = cli("--config", str(config), "run", "--no-email")
    assert again.returncode == 0, again.stderr


def test_a_killed_run_leaves_a_lock_the_next_run_recovers(home, slow_searxng):
    config = write_config(home / "config.toml", slow_searxng.url_for("").rstrip("/"))
    slow_searxng.answer.set()
    done = cli("--config", str(config), "run", "--no-email", "--json")
    assert done.returncode == 0, done.stderr
    found = set(json.loads(done.stdout)["new_mentions"])
    assert len(found) >= 2

    slow_searxng.answer.clear()
    slow_searxng.asked.clear()
    victim = start_cli("--config", str(config), "run", "--no-email")
    info = home / "repwatch.db.lock.info"
    assert slow_searxng.asked.wait(60)  # mid-search, held
    assert info.exists()
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert info.exists()  # the sidecar outlives the process; the OS lock did not
    left = json.loads(info.read_text())
    assert left["pid"] == victim.pid and left["host"] == socket.gethostname()

    status = cli("--config", str(config), "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["run_in_progress"] is None  # a dead holder holds nothing

    slow_searxng.answer.set()
    after = cli("--config", str(config), "run", "--no-email")
    assert after.returncode == 0, after.stderr
    assert f"(process {victim.pid}, started " in after.stderr
    assert "stopped without finishing and left its lock" in after.stderr
    assert not info.exists()

    db = sqlite3.connect(home / "repwatch.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {row[0] for row in db.execute("SELECT id FROM mentions")}
    assert ids == found  # nothing lost, nothing doubled
    statuses = {row[0] for row in db.execute("SELECT status FROM runs")}
    assert statuses == {"ok"}


def test_lock_is_released_by_the_os_when_the_holder_dies(tmp_path):
    from repwatch.adapters.lock import DatabaseLock
    from repwatch.errors import LockHeld

    db = tmp_path / "repwatch.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from repwatch.adapters.lock import DatabaseLock; "
         f"lock = DatabaseLock(Path({str(db)!r})); lock.acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(LockHeld) as held:
        DatabaseLock(db).acquire()
    assert held.value.exit_code == 4
    assert f"(process {holder.pid}, started " in held.value.message
    holder.kill()
    holder.wait()

    lock = DatabaseLock(db)
    recovered = lock.acquire()
    assert recovered is not None and recovered.pid == holder.pid
    lock.release()
    assert DatabaseLock(db).acquire() is None  # clean now


def test_a_lock_whose_note_names_a_dead_process_says_so(tmp_path):
    from repwatch.adapters.lock import DatabaseLock
    from repwatch.errors import LockHeld

    db = tmp_path / "repwatch.db"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    # a lock held by a live process whose sidecar names a process that has ended (a stale note)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time, filelock; l = filelock.FileLock("
         f"{str(db) + '.lock'!r}, timeout=0); l.acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    (tmp_path / "repwatch.db.lock.info").write_text(json.dumps(
        {"pid": int(dead), "host": socket.gethostname(), "started_at": "2026-01-01T10:02:00+00:00",
         "command": "run"}))
    try:
        with pytest.raises(LockHeld) as held:
            DatabaseLock(db, tz="UTC").acquire()
    finally:
        holder.kill()
        holder.wait()
    message = held.value.message
    assert message.startswith(
        f"Another program holds the lock {db}.lock; its note names repwatch process {dead} (started 1 Jan "
    )
    assert message.endswith(
        "10:02), which has ended, so a program it started may still hold it; try again when that finishes."
    )
