"""Schedules as table tests: cron and "every", time zones, the Europe/London DST edges, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from repwatch.schedule import cron_line, is_overdue, next_run, parse_schedule, systemd_calendar
from tests.conftest import cli

LONDON = "Europe/London"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("schedule", "tz", "after", "expected_utc"), [
    # plain daily, in summer (BST) and winter (GMT)
    ("0 7 * * *", LONDON, "2026-06-01T05:00", "2026-06-01T06:00"),
    ("0 7 * * *", LONDON, "2026-12-01T07:00", "2026-12-02T07:00"),
    ("0 7 * * *", "UTC", "2026-06-01T07:00", "2026-06-02T07:00"),
    ("0 7 * * *", "Asia/Tokyo", "2026-06-01T00:00", "2026-06-01T22:00"),
    # cron weekday numbers: 0 and 7 are Sunday (APScheduler 3 would say Monday)
    ("0 7 * * 0", "UTC", "2026-05-09T12:00", "2026-05-10T07:00"),
    ("0 7 * * 7", "UTC", "2026-05-09T12:00", "2026-05-10T07:00"),
    ("0 7 * * mon-fri", "UTC", "2026-05-09T12:00", "2026-05-11T07:00"),
    ("*/15 * * * *", "UTC", "2026-05-09T12:07", "2026-05-09T12:15"),
    ("0 9 1 * mon", "UTC", "2026-06-01T10:00", "2026-06-08T09:00"),  # day 1 OR Monday, as cron
    ("0 0 29 2 *", "UTC", "2026-03-01T00:00", "2028-02-29T00:00"),
    # spring forward, 29 March 2026: 01:30 does not exist; it runs once, at 02:30 BST
    ("30 1 * * *", LONDON, "2026-03-28T12:00", "2026-03-29T01:30"),
    ("30 1 * * *", LONDON, "2026-03-29T01:30", "2026-03-30T00:30"),
    # fall back, 25 October 2026: 01:30 happens twice; it runs once, the first time (BST)
    ("30 1 * * *", LONDON, "2026-10-24T12:00", "2026-10-25T00:30"),
    ("30 1 * * *", LONDON, "2026-10-25T00:30", "2026-10-26T01:30"),
    # "every" counts from the last run
    ("every 6h", LONDON, "2026-03-29T00:00", "2026-03-29T06:00"),
    ("every 30s", "UTC", "2026-05-09T12:00", "2026-05-09T12:00:30"),
    ("every 2d", "UTC", "2026-05-09T12:00", "2026-05-11T12:00"),
])
def test_next_run(schedule, tz, after, expected_utc):
    assert next_run(schedule, tz, utc(after)).astimezone(UTC) == utc(expected_utc)


def test_next_run_is_in_the_configured_zone():
    at = next_run("30 1 * * *", LONDON, utc("2026-03-28T12:00"))
    assert (at.hour, at.minute, at.utcoffset()) == (2, 30, timedelta(hours=1))


@pytest.mark.parametrize(("schedule", "last", "now", "overdue"), [
    ("0 7 * * *", None, "2026-05-09T12:00", True),  # never ran
    ("0 7 * * *", "2026-05-09T06:00", "2026-05-09T05:59", False),  # 07:00 BST = 06:00 UTC
    ("0 7 * * *", "2026-05-08T06:00", "2026-05-09T06:00", True),
    ("0 7 * * *", "2026-05-08T06:30", "2026-05-09T05:00", False),
    ("every 6h", "2026-05-09T06:00", "2026-05-09T11:59", False),
    ("every 6h", "2026-05-09T06:00", "2026-05-09T12:00", True),
])
def test_is_overdue(schedule, last, now, overdue):
    assert is_overdue(schedule, LONDON, utc(last) if last else None, utc(now)) is overdue


@pytest.mark.parametrize(("text", "reason"), [
    ("0 7 * *", "is not a schedule: use 5 cron fields"),
    ("61 7 * * *", "the minute field has 61, outside 0–59"),
    ("0 7 * * funday", "the day of week field has 'funday', which is not a number"),
    ("0 7 30 2 *", "never happens"),
    ("0 9-7 * * *", "runs backwards"),
    ("*/0 * * * *", "step '0'"),
    ("every 0h", "must repeat at least every 1h"),
    ("every day", "is not a schedule"),
])
def test_bad_schedules_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_schedule(text)


@pytest.mark.parametrize(("text", "calendar", "cron"), [
    ("0 7 * * *", ["*-*-* 07:00:00 Europe/London"], "0 7 * * *"),
    ("30 1 * * 1-5", ["Mon,Tue,Wed,Thu,Fri *-*-* 01:30:00 Europe/London"], "30 1 * * 1-5"),
    ("every 6h", ["*-*-* 00/6:00:00 Europe/London"], "0 */6 * * *"),
    ("every 15m", ["*-*-* *:00/15:00 Europe/London"], "*/15 * * * *"),
])
def test_timer_translations(text, calendar, cron):
    assert systemd_calendar(text, LONDON) == calendar
    assert cron_line(text)[0] == cron


def test_bad_schedule_in_config_exits_2_naming_the_key(home):
    config = home / "config.toml"
    config.write_text('[[profile]]\nname = "Joanna Whitfield"\nschedule = "0 25 * * *"\n')
    for command in ("daemon", "status"):
        result = cli("--config", str(config), command)
        assert result.returncode == 2
        assert result.stderr.strip() == (
            f"repwatch: {config}: the profile “Joanna Whitfield”: schedule '0 25 * * *' is not a valid cron schedule "
            "(the hour field has 25, outside 0–23)."
        )


def test_schedule_command_prints_ready_timers(home):
    config = home / "config.toml"
    config.write_text('[repwatch]\ntimezone = "Europe/London"\n'
                      '[[profile]]\nname = "Joanna Whitfield"\nschedule = "30 1 * * 1-5"\n')
    systemd = cli("--config", str(config), "schedule", "--systemd")
    assert systemd.returncode == 0, systemd.stderr
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 01:30:00 Europe/London" in systemd.stdout
    assert "Persistent=true" in systemd.stdout
    database = home / "data" / "repwatch" / "repwatch.db"  # the default, pinned: a timer's HOME may differ
    assert f" --config {config} --db {database} run" in systemd.stdout
    exec_line = next(line for line in systemd.stdout.splitlines() if line.startswith("ExecStart="))
    assert exec_line.removeprefix("ExecStart=").split()[0].startswith("/")  # an absolute executable

    cron = cli("--config", str(config), "schedule", "--cron")
    assert cron.returncode == 0
    assert any(line.startswith("30 1 * * 1-5 /") for line in cron.stdout.splitlines())
    assert f"--config {config} --db {database} --quiet run" in cron.stdout

    launchd = cli("--config", str(config), "schedule", "--launchd")
    import plistlib

    plist = plistlib.loads(launchd.stdout.encode())
    assert plist["ProgramArguments"][-5:] == ["--config", str(config), "--db", str(database), "run"]
    assert {"Weekday": 1, "Hour": 1, "Minute": 30} in plist["StartCalendarInterval"]
    assert len(plist["StartCalendarInterval"]) == 5

    windows = cli("--config", str(config), "schedule", "--windows")
    assert "/SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 01:30" in windows.stdout
    assert f"--db {database}" in windows.stdout

    none = cli("--config", str(config), "schedule")
    assert none.returncode == 2
    assert none.stderr.strip() == ("repwatch: Choose a kind of timer: --systemd (Linux), --launchd (macOS), "
                                   "--cron, or --windows.")


def test_a_run_under_another_home_names_the_older_database_instead_of_starting_an_empty_one(home):
    """The duplicate digest of the report: a timed run with another XDG_DATA_HOME made a second,
    empty database and sent everything again as new."""
    config = home / "config.toml"
    config.write_text('[[profile]]\nname = "Joanna Whitfield"\n[providers.searxng]\nbase_url = "http://127.0.0.1:9"\n')
    first = home / "data" / "repwatch" / "repwatch.db"  # where the config's default put it
    made = cli("--config", str(config), "run")
    assert made.returncode == 3 and first.exists(), made.stderr  # the search failed; the database is there
    failed = made.stderr.strip().splitlines()  # each cause once, with how many searches it stopped
    assert len(failed) == 1 and failed[0].startswith("repwatch: SearXNG could not be reached"), failed
    assert " searches). " in failed[0] and failed[0].endswith("says what to change.")  # with the fix
    elsewhere = home / "other-data"
    moved = elsewhere / "repwatch" / "repwatch.db"
    run = cli("--config", str(config), "run", env={"XDG_DATA_HOME": str(elsewhere)})
    assert run.returncode == 2, run.stderr
    said = run.stderr.strip()
    assert f"There is no database at {moved}, but there is an older one at {first}" in said
    assert f'database = "{first}"' in said and "--new-database" in said
    assert not moved.exists()  # nothing started there
    daemon = cli("--config", str(config), "daemon", env={"XDG_DATA_HOME": str(elsewhere)})
    assert daemon.returncode == 2 and "older one" in daemon.stderr and not moved.exists()

    afresh = cli("--config", str(config), "run", "--new-database", env={"XDG_DATA_HOME": str(elsewhere)})
    assert "older one" not in afresh.stderr and moved.exists()


def test_the_stores_times_have_one_reader_and_an_unreadable_one_is_none():
    """The plan, the accounts watch and the exposure tracker each had their own copy of this reader
    (taking an unreadable time as never) while doctor's raised; now all read through one."""
    from repwatch.pipeline import plan
    from repwatch.pipeline.accounts import check
    from repwatch.schedule import parse_time

    assert parse_time("2026-12-07T07:00:00") == datetime(2026, 12, 7, 7, tzinfo=UTC)  # stored naive = UTC
    assert parse_time("2026-12-07T08:00:00+01:00") == datetime(2026, 12, 7, 7, tzinfo=UTC)
    assert parse_time("6 Dec, 7am") is None and parse_time("") is None and parse_time(None) is None
    never = datetime.min.replace(tzinfo=UTC)
    assert plan._when("6 Dec, 7am") == check._when(None) == never
