from __future__ import annotations

import click

from repwatch.cli.context import AppContext, echo, json_option, pass_app, print_json


@click.command()
@click.option("--profile", "profile_name", help="Run only this profile (by name).")
@click.option("--dry-run", is_flag=True, help="Search and report, but store nothing and send nothing.")
@click.option("--no-email", is_flag=True, help="Store what is found but send no digest; it waits for the next run.")
@json_option
@pass_app
def run(app: AppContext, profile_name: str | None, dry_run: bool, no_email: bool, as_json: bool) -> None:
    """One sweep: search, store, compare with earlier runs, and send the digest.

    \b
    Example:
        repwatch run --profile "Joanna Whitfield"
    """
    import json
    import time

    from repwatch.errors import ConfigError
    from repwatch.pipeline.runner import run_profile

    config = app.config()
    profiles = config.get_profile(profile_name)
    if not profiles:
        raise ConfigError(f"{config.path} has no [[profile]] section: add one with at least a name.")
    # One run at a time per database (shared with `repwatch daemon`); a dry run writes nothing.
    from repwatch.adapters.lock import DatabaseLock

    lock = DatabaseLock(app.db_path or config.database_path(), tz=config.repwatch.timezone)
    if not dry_run:
        lock.acquire()  # LockHeld: exit 4, naming the process that holds it
        if lock.recovered_message():
            app.say(f"Note: {lock.recovered_message()}")
    logged = False
    if config.repwatch.log_file and not dry_run:
        from repwatch.app.daemon import configure_logging

        # `run` from cron or a timer keeps the same log the daemon does; its own output stays as it is
        logged = configure_logging(config, lock.database, stderr=False) is not None
    try:
        store = app.store(config)
        worst = 0
        for profile in profiles:
            started = time.monotonic()
            report = run_profile(
                config, profile, store, dry_run=dry_run, no_email=no_email,
                progress=app.interactive() and not as_json,
            )
            if logged:
                from repwatch.app.daemon import log_report

                log_report(profile.name, report, time.monotonic() - started)
            worst = max(worst, report.exit_code)
            _problems(app, report)
            if as_json:
                if len(profiles) == 1:
                    print_json(report.to_json())
                else:
                    echo(json.dumps(report.to_json(), ensure_ascii=False))
            elif not app.quiet:
                _summary(report)
    finally:
        lock.release()
    raise SystemExit(worst)


def _problems(app: AppContext, report) -> None:  # type: ignore[no-untyped-def]
    """Failures go to stderr whatever the output format; notes only when not --quiet."""
    for note in report.notes:
        app.say(f"Note: {note}")
    for failure in report.failures:
        echo(f"repwatch: {failure.error}", err=True)
    if report.digest_status == "failed":
        echo(f"repwatch: {report.digest_detail}", err=True)


def _summary(report) -> None:  # type: ignore[no-untyped-def]
    new = len(report.new_mentions)
    echo(
        f"{report.profile}: {report.calls} searches, {report.results} results, "
        f"{new} new {'mention' if new == 1 else 'mentions'}; digest {report.digest_status}"
        + (f" ({report.digest_detail})" if report.digest_status != "failed" else "")
        + "."
    )


COMMANDS = [run]
