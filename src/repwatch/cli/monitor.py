"""The scheduled monitor: `daemon`, `status`, `schedule`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from repwatch.cli import lists
from repwatch.cli.context import AppContext, echo, json_option, pass_app

if TYPE_CHECKING:
    from pathlib import Path

    from repwatch.config import Config


@click.command()
@pass_app
def daemon(app: AppContext) -> None:
    """Run every profile on its schedule, in the foreground, until stopped (Ctrl+C or SIGTERM).

    A profile that never ran, or missed its time while the computer was off or asleep, runs at once.
    Only one run at a time uses the database: a `repwatch run` started by hand while a run is under
    way stops at once, saying so (exit 4); try it again when that run finishes. After editing
    the config file, `kill -HUP PID` (or `systemctl reload`) makes the daemon read it again; if the
    file has a mistake, the daemon says so and carries on as it was.

    \b
    Example:
        repwatch daemon
    """
    from repwatch.app.daemon import Daemon
    from repwatch.app.run import configure_logging, refuse_a_second_database

    config = app.config()
    database = app.database_for(config)
    if app.db_path is None:  # --db names it outright
        refuse_a_second_database(config, database)
    configure_logging(config, database, verbose=app.verbose, quiet=app.quiet)
    raise SystemExit(Daemon(config, database).serve())


@click.command()
@json_option
@pass_app
def status(app: AppContext, as_json: bool) -> None:
    """Per profile: the last run, the next run, failures, digests waiting; provider use this month.

    \b
    Example:
        repwatch status
    """
    lists.status(app, as_json)


@click.command("schedule")
@click.option("--systemd", "kind", flag_value="systemd", help="A systemd user service and timer (Linux).")
@click.option("--cron", "kind", flag_value="cron", help="A crontab line (Linux, macOS, BSD).")
@click.option("--launchd", "kind", flag_value="launchd", help="A launchd agent plist (macOS).")
@click.option("--windows", "kind", flag_value="windows", help="A schtasks command for Task Scheduler (Windows).")
@pass_app
def schedule_command(app: AppContext, kind: str | None) -> None:
    """Print a ready timer that calls `repwatch run` on each profile's schedule.

    An alternative to leaving `repwatch daemon` running. Paths are absolute: the repwatch you are
    running now and your config file.

    \b
    Examples:
        repwatch schedule --systemd
        repwatch schedule --cron
        repwatch schedule --launchd > ~/Library/LaunchAgents/org.repwatch.run.plist
    """
    from repwatch.errors import UsageError

    if kind is None:
        raise UsageError(
            "Choose a kind of timer: --systemd (Linux), --launchd (macOS), --cron, or --windows."
        )
    config = app.config(secrets=False)
    config.require_profiles()
    if kind in ("cron", "launchd"):
        # their log goes beside the database; neither cron nor launchd makes a missing folder, and
        # before the first run there is none, so the first timed run would fail without a word
        import contextlib

        with contextlib.suppress(OSError):
            app.database_for(config).resolve().parent.mkdir(parents=True, exist_ok=True)
    echo(render_timer(app, config, kind), nl=False)
    for line in unset_secret_notes(config):
        app.say(line)


# --- secrets the timer must carry -------------------------------------------------------------
def secrets_file(config: Config) -> Path | None:
    """The owner-only secrets file a timer loads, when the config reads any secret from ${VAR}."""
    from repwatch.adapters.secrets import env_file_for

    return env_file_for(config.path) if config.secret_vars and config.path is not None else None


def unset_vars(config: Config) -> list[str]:
    """Variables the config's secrets use that the secrets file does not hold: the timer's
    environment would not have them (the terminal's environment is not the timer's)."""
    from repwatch.adapters.secrets import read_env_file

    path = secrets_file(config)
    held = read_env_file(path) if path is not None else {}
    return [var for var in config.secret_vars if var not in held]


def unset_secret_notes(config: Config) -> list[str]:
    from repwatch.app.wizard import secret_name_for

    missing = unset_vars(config)
    if not missing:
        return []
    commands = " and ".join(f"`repwatch init --set-secret {secret_name_for(config.secret_vars[v])}`"
                            for v in missing)
    return [f"repwatch: the timer will not have {', '.join(missing)}, which your config reads from the "
            f"environment: run {commands} to keep {'them' if len(missing) > 1 else 'it'} in "
            f"{secrets_file(config)} (which the timer loads), or set {'them' if len(missing) > 1 else 'it'} "
            "in the timer as its comments show."]


# --- the timers ---------------------------------------------------------------------------------
def repwatch_command() -> list[str]:
    """How to start this repwatch again from a timer: its executable, absolute."""
    import os
    import sys
    from pathlib import Path

    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name.lower() in ("repwatch", "repwatch.exe") and argv0.exists():
        return [str(argv0.resolve())]
    script = "repwatch.exe" if os.name == "nt" else "repwatch"
    for folder in (Path(sys.executable).parent, Path(sys.executable).parent / "Scripts"):
        if (folder / script).exists():
            return [str((folder / script).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "repwatch"]


def _groups(config: Config) -> list[tuple[str, str, list[str]]]:
    """(suffix, schedule, extra args): one timer for all profiles if they share a schedule, else one each."""
    import re

    schedules = {p.schedule for p in config.profile}
    if len(schedules) == 1:
        return [("", config.profile[0].schedule, [])]
    out = []
    for profile in config.profile:
        slug = re.sub(r"[^a-z0-9]+", "-", profile.name.lower()).strip("-")
        out.append((f"-{slug}", profile.schedule, ["--profile", profile.name]))
    return out


def _args(app: AppContext, config: Config, extra: list[str], *, quiet: bool = False) -> list[str]:
    # both pinned: a timer may run with another HOME or XDG_DATA_HOME, where the default would move
    database = app.database_for(config).expanduser().resolve()
    assert config.path is not None  # a timer is written only for a config read from its file
    args = [*repwatch_command(), "--config", str(config.path.resolve()), "--db", str(database)]
    if quiet:
        args.append("--quiet")
    return [*args, "run", *extra]


def render_timer(app: AppContext, config: Config, kind: str) -> str:
    """The timer text `repwatch schedule --KIND` prints: cron, systemd, launchd or windows."""
    writers = {"cron": _cron_timer, "systemd": _systemd_timer, "launchd": _launchd_timer}
    return writers.get(kind, _windows_timer)(app, config)


def _cron_timer(app: AppContext, config: Config) -> str:
    import shlex

    from repwatch import schedule as sch

    tz = config.repwatch.timezone
    database = app.database_for(config).resolve()
    out = ["# repwatch: add these lines with `crontab -e`. Check with `crontab -l`.",
           "# A computer that is off or asleep at the time misses that run (use systemd or launchd for catch-up)."]
    if tz:
        out.append(f"# cron uses the system time zone; cronie (Fedora, Arch) honours CRON_TZ={tz}, Debian's cron does not.")
        out.append(f"CRON_TZ={tz}")
    log = shlex.quote(str(database.parent / "cron.log"))
    for var in unset_vars(config):
        out.append(f"# {var}=…    (your config reads it from the environment; put its value here,")
        out.append("#              without the #, or keep it in the secrets file: see `repwatch doctor`)")
    for _suffix, text, extra in _groups(config):
        spec, note = sch.cron_line(text)
        if note:
            out.append(f"# {note}")
        out.append(f"{spec} {_cron_env(config)}{shlex.join(_args(app, config, extra, quiet=True))} >> {log} 2>&1")
    return "\n".join(out) + "\n"


def _systemd_timer(app: AppContext, config: Config) -> str:
    from repwatch import schedule as sch

    out: list[str] = []
    for suffix, text, extra in _groups(config):
        name = f"repwatch{suffix}"
        exec_start = " ".join(_systemd_quote(a) for a in _args(app, config, extra))
        calendars = sch.systemd_calendar(text, config.repwatch.timezone)
        if calendars:
            timing = [f"OnCalendar={c}" for c in calendars] + ["Persistent=true"]
        else:
            secs = int(parse_interval_seconds(text))
            timing = ["OnBootSec=5min", f"OnUnitActiveSec={secs}s"]
        out += [
            f"# ~/.config/systemd/user/{name}.service",
            "[Unit]",
            f"Description=repwatch: search for {'every profile' if not extra else extra[1]} and email what is new",
            "Wants=network-online.target",
            "After=network-online.target",
            "",
            "[Service]",
            "Type=oneshot",
            *_systemd_env(config),
            f"ExecStart={exec_start}",
            "",
            f"# ~/.config/systemd/user/{name}.timer",
            "[Unit]",
            f"Description=Run repwatch on its schedule ({text})",
            "",
            "[Timer]",
            *timing,
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
            "# Save the two parts above as those files, then:",
            "#   systemctl --user daemon-reload",
            f"#   systemctl --user enable --now {name}.timer",
            "#   loginctl enable-linger \"$USER\"    # keep it running when you are logged out",
            f"#   systemctl --user list-timers; journalctl --user -u {name}.service    # check it",
            "",
        ]
    return "\n".join(out)


def _launchd_timer(app: AppContext, config: Config) -> str:
    import plistlib

    from repwatch import schedule as sch

    tz = config.repwatch.timezone
    database = app.database_for(config).resolve()
    documents = []
    for suffix, text, extra in _groups(config):
        label = f"org.repwatch.run{suffix}"
        intervals, every = sch.launchd_intervals(text)
        plist: dict[str, Any] = {"Label": label, "ProgramArguments": _launchd_args(config, _args(app, config, extra))}
        missing = unset_vars(config)
        if missing:
            plist["EnvironmentVariables"] = {var: "…" for var in missing}
        if every is not None:
            plist["StartInterval"] = every
        else:
            plist["StartCalendarInterval"] = intervals
        plist["StandardOutPath"] = str(database.parent / "launchd.log")
        plist["StandardErrorPath"] = str(database.parent / "launchd.log")
        xml = plistlib.dumps(plist).decode()
        head, _, body = xml.partition("<plist")
        notes = [
            f" Save as ~/Library/LaunchAgents/{label}.plist, then:",
            f"   launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/{label}.plist",
            f"   launchctl print gui/$(id -u)/{label}    (check it)",
            " A run missed while the Mac slept starts when it wakes.",
        ]
        if tz:
            notes.append(f" launchd uses the Mac's time zone; the config says {tz}.")
        documents.append(head + "<!--\n" + "\n".join(notes) + "\n-->\n<plist" + body)
    return "\n".join(documents)


def _windows_timer(app: AppContext, config: Config) -> str:
    out = [":: repwatch: paste into a Command Prompt (cmd.exe). Check with: schtasks /Query /TN repwatch",
           ":: In Task Scheduler, Properties > Settings: tick \"Run task as soon as possible after a scheduled "
           "start is missed\"."]
    for suffix, text, extra in _groups(config):
        command = " ".join(_windows_quote(a) for a in _args(app, config, extra, quiet=True))
        when, note = windows_schedule(text)
        if note:
            out.append(f":: {note}")
        tr = command.replace('"', '\\"')
        out.append(f'schtasks /Create /F /TN "repwatch{suffix}" {when} /TR "{tr}"')
    return "\n".join(out) + "\n"


def _systemd_env(config: Config) -> list[str]:
    """The service's environment: the owner-only secrets file, and a line for each variable it lacks."""
    path = secrets_file(config)
    if path is None:
        return []
    lines = ["# Your passwords and keys, from the file only you can read:",
             f"EnvironmentFile=-{_systemd_quote(str(path))}"]
    for var in unset_vars(config):
        lines.append(f"# Environment={var}=…    (not in that file: put its value here, without the #)")
    return lines


def _cron_env(config: Config) -> str:
    """A prefix that loads the secrets file into the command's environment (cron starts with none)."""
    import shlex

    path = secrets_file(config)
    if path is None:
        return ""
    quoted = shlex.quote(str(path))
    return f"set -a; [ ! -r {quoted} ] || . {quoted}; set +a; "


def _launchd_args(config: Config, args: list[str]) -> list[str]:
    """launchd runs a program, not a shell line: /bin/sh loads the secrets file, then runs repwatch."""
    path = secrets_file(config)
    if path is None:
        return args
    import shlex

    quoted = shlex.quote(str(path))
    return ["/bin/sh", "-c", f'set -a; [ ! -r {quoted} ] || . {quoted}; set +a; exec "$0" "$@"', *args]


def parse_interval_seconds(text: str) -> float:
    from repwatch.schedule import parse_schedule

    sched = parse_schedule(text)
    return sched.interval.total_seconds() if sched.interval else 86400.0


def windows_schedule(text: str) -> tuple[str, str | None]:
    """schtasks /SC arguments for a schedule, and a note when it can only come close."""
    from repwatch.schedule import parse_cron, parse_schedule

    sched = parse_schedule(text)
    if sched.interval is not None:
        secs = int(sched.interval.total_seconds())
        if secs % 86400 == 0:
            return f"/SC DAILY /MO {secs // 86400} /ST 07:00", None
        if secs % 3600 == 0:
            return f"/SC HOURLY /MO {secs // 3600}", None
        if secs < 60:
            return "/SC MINUTE /MO 1", "Task Scheduler cannot run more often than once a minute"
        return f"/SC MINUTE /MO {secs // 60}", None
    c = sched.fields or parse_cron(sched.text)
    start = f"/ST {c.hours[0]:02d}:{c.minutes[0]:02d}"
    note = None
    if len(c.hours) > 1 or len(c.minutes) > 1 or c.day_restricted or len(c.months) < 12:
        note = (f"Task Scheduler cannot say {text!r} in one command; this runs daily at {start[4:]}. "
                "Add more triggers in Task Scheduler, or run `repwatch daemon` at logon instead.")
    if c.weekday_restricted and not c.day_restricted:
        days = ",".join(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")[d] for d in sorted(c.weekdays))
        return f"/SC WEEKLY /D {days} {start}", note
    return f"/SC DAILY {start}", note


def _systemd_quote(arg: str) -> str:
    if arg and all(ch not in arg for ch in " \t\"'\\$%;"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def _windows_quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg


COMMANDS = [daemon, status, schedule_command]
