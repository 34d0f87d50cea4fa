"""`repwatch daemon` as a user runs it: a real process, loopback providers and SMTP, signals."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import cli, email_section


def write_config(path: Path, base_url: str, smtp_port: int, profiles: list[tuple[str, str]],
                 extra: str = "") -> Path:
    body = "".join(
        f'\n[[profile]]\nname = "{name}"\nlocations = ["Liverpool"]\nmax_queries = 1\nschedule = "{sched}"\n'
        for name, sched in profiles
    )
    path.write_text(f"""
[repwatch]
database = "{path.parent / 'repwatch.db'}"
timezone = "Europe/London"
{extra}
{body}
[providers.searxng]
base_url = "{base_url}"
kinds = ["web"]
rate_per_second = 50

{email_section(smtp_port)}
""")
    return path


def start_daemon(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "repwatch", "--config", str(config), "daemon"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, COLUMNS="120"))


def runs(db: Path) -> list[tuple[str, str]]:
    if not db.exists():
        return []
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT profile, status FROM runs ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # the daemon has created the file but not yet its tables
        return []
    finally:
        con.close()


def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[str, str]:
    proc.send_signal(sig)
    try:
        return proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def test_daemon_catches_up_runs_on_schedule_and_stops_cleanly(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 2s")], extra="log_file = true")
    db = home / "repwatch.db"
    daemon = start_daemon(config)
    try:
        wait_for(lambda: len(runs(db)) >= 2)  # once at start (it never ran), once 2 s later
    finally:
        out, err = stop(daemon)
    assert daemon.returncode == 0, err
    assert "Joanna Whitfield: running now to catch up (it has never run" in err
    assert err.count("Joanna Whitfield: run ") >= 2
    assert "stopped: no more searches on schedule" in err
    assert "Traceback" not in err
    assert smtp.messages[0]["Subject"] == "repwatch: 2 new mentions of Joanna Whitfield"
    assert not (home / "repwatch.db.lock.info").exists()
    assert not (home / "repwatch.db.daemon.lock.info").exists()

    after = cli("--config", str(config), "run")  # the lock was let go
    assert after.returncode == 0, after.stderr
    log = (home / "repwatch.log").read_text()  # log_file = true: the same lines, kept beside the database
    assert log.count("Joanna Whitfield: run ") >= 2 and "stopped: no more searches on schedule" in log


def test_daemon_runs_only_what_is_due_and_a_second_daemon_exits_4(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 1h"), ("Jo Brown", "0 7 * * *")])
    db = home / "repwatch.db"
    first = cli("--config", str(config), "run", "--profile", "Joanna Whitfield")
    assert first.returncode == 0, first.stderr

    daemon = start_daemon(config)
    try:
        wait_for(lambda: len(runs(db)) >= 2 or daemon.poll() is not None)
        second = cli("--config", str(config), "daemon")  # in this process: the lock is the daemon process's
        status = cli("--config", str(config), "status", "--json")
        text = cli("--config", str(config), "status")
    finally:
        out, err = stop(daemon, signal.SIGINT)
    assert daemon.returncode == 0, err
    assert [r[0] for r in runs(db)] == ["Joanna Whitfield", "Jo Brown"]  # only the one that never ran
    assert "Joanna Whitfield: last run " in err and "next run " in err

    assert second.returncode == 4
    assert second.stderr.strip().startswith(f"repwatch: Another repwatch daemon (process {daemon.pid}, started ")
    assert second.stderr.strip().endswith(f"is already watching {db}; stop it first (`repwatch status` shows it).")

    data = json.loads(status.stdout)
    assert data["daemon"]["running"] is True and data["daemon"]["pid"] == daemon.pid
    by_name = {p["name"]: p for p in data["profiles"]}
    assert by_name["Jo Brown"]["last_run"]["status"] == "ok"
    assert by_name["Jo Brown"]["next_run"].endswith(("07:00:00+00:00", "07:00:00+01:00"))
    assert by_name["Joanna Whitfield"]["overdue"] is False
    assert data["providers"][0]["name"] == "searxng" and data["providers"][0]["calls_this_month"] >= 2
    assert data["providers"][0]["calls_today"] == data["providers"][0]["calls_this_month"]
    assert "Searches on schedule: running, since " in text.stdout
    # Jo Brown just ran: next at 07:00 London time, today ("07:00") or on a later day ("30 Nov 07:00")
    assert re.search(r"^Jo Brown \(searched every day at 07:00\)\n  Last search:  .*\n  Next search:  (\d{1,2} [A-Z][a-z]{2} )?07:00$",
                     text.stdout, re.MULTILINE), text.stdout


def test_sigterm_during_a_run_lets_it_finish_then_exits_0(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 1h")], extra="log_file = true")
    db = home / "repwatch.db"
    searxng.answer.clear()
    daemon = start_daemon(config)
    assert searxng.asked.wait(60), "the run never searched"  # the run is under way, held
    daemon.send_signal(signal.SIGTERM)
    wait_for(lambda: "stopping: letting the run of Joanna Whitfield finish" in log_text(home))
    searxng.answer.set()
    out, err = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, err
    assert "stopping: letting the run of Joanna Whitfield finish" in err
    assert runs(db) == [("Joanna Whitfield", "ok")]
    assert len(smtp.messages) == 1  # the digest went out before the daemon stopped


def test_a_second_signal_abandons_the_run_safely(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 1h")], extra="log_file = true")
    db = home / "repwatch.db"
    searxng.answer.clear()
    daemon = start_daemon(config)
    assert searxng.asked.wait(60), "the run never searched"  # the run is under way, held
    daemon.send_signal(signal.SIGTERM)
    wait_for(lambda: "stopping: letting the run of Joanna Whitfield finish" in log_text(home))
    out, err = stop(daemon)
    searxng.answer.set()
    assert daemon.returncode == 0, err
    assert "stopped without finishing the run of Joanna Whitfield: nothing from it was half-saved" in err
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    con.close()
    after = cli("--config", str(config), "run")
    assert after.returncode == 0, after.stderr
    assert "left its lock" not in after.stderr  # the daemon cleared its note as it left


def test_a_crash_in_one_run_is_logged_and_the_daemon_goes_on(home, monkeypatch, caplog):
    import repwatch.app.run
    from repwatch.app.daemon import Daemon
    from repwatch.config import Config

    config = Config.model_validate({"repwatch": {"database": str(home / "repwatch.db")},
                                    "profile": [{"name": "Joanna Whitfield", "schedule": "every 1h"}]})
    calls = []

    def flaky(config, profile, store, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(profile.name)
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        from repwatch.pipeline.runner import RunReport

        return RunReport(7, profile.name, 1, 1, [], 0, [], "sent", "ok")

    monkeypatch.setattr(repwatch.app.run, "run_profile", flaky)
    daemon = Daemon(config, home / "repwatch.db")
    with caplog.at_level("INFO", logger="repwatch.daemon"):
        daemon.run_job("Joanna Whitfield")
        daemon.run_job("Joanna Whitfield")
    messages = [r.getMessage() for r in caplog.records]
    assert ("Joanna Whitfield: the search went wrong in a way repwatch did not expect (RuntimeError: disk on "
            "fire); it carries on with the next one.") in messages
    assert any(m.startswith("Joanna Whitfield: run 7 ok in ") for m in messages)
    assert calls == ["Joanna Whitfield", "Joanna Whitfield"]
    assert not (home / "repwatch.db.lock.info").exists()


# --- SIGHUP: reload the config -------------------------------------------------------------------
needs_sighup = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="this platform has no SIGHUP")


def log_text(home: Path) -> str:
    path = home / "repwatch.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@needs_sighup
def test_sighup_reloads_the_config_while_a_run_goes_on(home, searxng, smtp):
    base = searxng.url_for("").rstrip("/")
    config = write_config(home / "config.toml", base, smtp.port, [("Joanna Whitfield", "every 1h")],
                          extra="log_file = true")
    db = home / "repwatch.db"
    searxng.answer.clear()
    daemon = start_daemon(config)
    try:
        assert searxng.asked.wait(60), "the run never searched"  # Joanna Whitfield's catch-up run, held
        write_config(config, base, smtp.port, [("Joanna Whitfield", "0 7 * * *"), ("Jo Brown", "every 1h")],
                     extra="log_file = true")
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: "Config reloaded" in log_text(home), timeout=30)
        searxng.answer.set()
        wait_for(lambda: len(runs(db)) >= 2)  # Jo Brown never ran: caught up after Joanna Whitfield's run
        alive = daemon.poll() is None
    finally:
        out, err = stop(daemon)
    assert alive, err
    assert daemon.returncode == 0, err
    log = log_text(home)
    assert "Settings saved on the review page take effect at once" in log and "kill -HUP" not in log
    assert re.search(
        rf"Config reloaded from {re.escape(str(config))}: 2 profiles; "
        r"Joanna Whitfield now runs '0 7 \* \* \*', next run (07:00:00|\d+ \w+ 07:00); "
        r"Jo Brown added \('every 1h'\), running now to catch up\.\n", log,
    ), log
    assert log.index("Config reloaded") < log.index("Joanna Whitfield: run ")  # the run was not interrupted
    assert runs(db) == [("Joanna Whitfield", "ok"), ("Jo Brown", "ok")]  # and not started again
    assert "Traceback" not in err and "maximum number of running instances" not in err
    assert "stopped: no more searches on schedule" in err


@needs_sighup
def test_a_bad_config_on_sighup_is_named_and_the_old_one_kept(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 1h")], extra="log_file = true")
    good = config.read_text()
    bad = {
        "cannot be read: line": good + "\n[[profile]\n",
        "repwatch.schedul is not a setting repwatch knows": good.replace("[repwatch]", "[repwatch]\nschedul = 1"),
        "does not exist": None,
        "notify.urls should be a list": good + '\n[notify]\nurls = "json://jo:hunter2@example.org"\n',
    }
    daemon = start_daemon(config)
    try:
        wait_for(lambda: "Joanna Whitfield: run " in log_text(home))
        for text in bad.values():
            seen = log_text(home).count("The config file was not read again")
            if text is None:
                config.unlink()
            else:
                config.write_text(text)
            daemon.send_signal(signal.SIGHUP)
            wait_for(lambda: log_text(home).count("The config file was not read again") > seen, timeout=30)  # noqa: B023
        config.write_text(good)
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: "Config reloaded" in log_text(home), timeout=30)
        alive = daemon.poll() is None
    finally:
        out, err = stop(daemon)
    assert alive, err
    assert daemon.returncode == 0, err
    log = log_text(home)
    refused = [line for line in log.splitlines() if "The config file was not read again" in line]
    assert len(refused) == len(bad)
    for line, fault in zip(refused, bad, strict=True):
        assert line.split(" repwatch: ", 1)[1].startswith(
            "The config file was not read again, so repwatch keeps its previous settings: "), line
        assert str(config) in line and fault in line, line
    assert "hunter2" not in log + err  # a secret quoted back by the config check is left out
    # compared with the config it kept, the good file again is no change at all
    assert f"Config reloaded from {config}: 1 profile; nothing changed.\n" in log
    assert runs(db := home / "repwatch.db") == [("Joanna Whitfield", "ok")], db
    assert "Traceback" not in log + err
    assert "stopped: no more searches on schedule" in err


@needs_sighup
def test_sighup_from_a_closed_terminal_still_stops_the_daemon(home, searxng, smtp):
    config = write_config(home / "config.toml", searxng.url_for("").rstrip("/"), smtp.port,
                          [("Joanna Whitfield", "every 1h")], extra="log_file = true")
    primary, secondary = os.openpty()  # the terminal window the daemon was started in
    daemon = subprocess.Popen([sys.executable, "-m", "repwatch", "--config", str(config), "daemon"],
                              stdin=secondary, stdout=secondary, stderr=secondary, start_new_session=True,
                              env=dict(os.environ, COLUMNS="120"))
    os.close(secondary)
    try:
        wait_for(lambda: "Joanna Whitfield: run " in log_text(home))
        os.close(primary)  # the window closes: the terminal is hung up, and SIGHUP follows
        daemon.send_signal(signal.SIGHUP)
        daemon.wait(timeout=20)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0
    log = log_text(home)
    assert "the terminal repwatch ran in was closed, so it stops." in log
    assert "stopped: no more searches on schedule" in log and "Config reloaded" not in log


def test_a_reload_changes_only_the_jobs_whose_profiles_changed(home, caplog):
    from apscheduler.schedulers.background import BackgroundScheduler

    from repwatch.app.daemon import Daemon
    from repwatch.config import load

    path = write_config(home / "config.toml", "http://127.0.0.1:9", 25,
                        [("Joanna Whitfield", "every 1h"), ("Jo Brown", "0 7 * * *")])
    daemon = Daemon(load(path), home / "repwatch.db")
    daemon.scheduler = BackgroundScheduler(timezone=daemon.zone)
    daemon._add_jobs()
    daemon.scheduler.start(paused=True)  # nothing runs; only the jobs are looked at
    try:
        kept = daemon.scheduler.get_job("profile:Jo Brown").next_run_time
        daemon.scheduler.add_job(daemon.run_job, "date", run_date=datetime.now(UTC), args=["Joanna Whitfield"],
                                 id="retry:Joanna Whitfield")  # as after a run where every search failed
        write_config(path, "http://127.0.0.1:9", 25, [("Jo Brown", "0 7 * * *"), ("Sam Patel", "0 9 * * 1")],
                     extra="log_file = true")
        path.write_text(path.read_text().replace("repwatch.db", "moved.db"))
        with caplog.at_level("INFO", logger="repwatch.daemon"):
            assert daemon.reload() is True
        assert {job.id for job in daemon.scheduler.get_jobs()} == {"profile:Jo Brown", "profile:Sam Patel"}
        assert daemon.scheduler.get_job("profile:Jo Brown").next_run_time == kept  # unchanged: left alone
        daemon._retry("Joanna Whitfield", 300, since=datetime.now(UTC))  # a run of a removed profile ends
        assert daemon.scheduler.get_job("retry:Joanna Whitfield") is None
    finally:
        daemon.scheduler.shutdown(wait=False)
    assert caplog.records[-1].getMessage() == (
        f"Config reloaded from {path}: 2 profiles; Joanna Whitfield removed; "
        "Sam Patel added ('0 9 * * 1'), running now to catch up; the new database takes effect when "
        f"repwatch is stopped and started again (until then it keeps {home / 'repwatch.db'}); "
        "the new log_file setting takes effect when repwatch is stopped and started again."
    )
    assert daemon.database == home / "repwatch.db"
