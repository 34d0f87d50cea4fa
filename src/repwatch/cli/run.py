from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from repwatch.cli.context import AppContext, echo, json_option, pass_app, print_json

if TYPE_CHECKING:
    from repwatch.config import Profile
    from repwatch.pipeline.runner import RunReport


@click.command()
@click.option("--profile", "profile_name", help="Run only this profile (by name).")
@click.option("--dry-run", is_flag=True, help="Search and report, but store nothing and send nothing.")
@click.option("--no-email", is_flag=True, help="Store what is found but send no digest; it waits for the next run.")
@click.option("--new-database", is_flag=True,
              help="Start an empty database here even though an older one exists elsewhere (repwatch refuses otherwise, and says where).")
@json_option
@pass_app
def run(app: AppContext, profile_name: str | None, dry_run: bool, no_email: bool, new_database: bool,
        as_json: bool) -> None:
    """One sweep: search, store, compare with earlier runs, and send the digest.

    \b
    Example:
        repwatch run --profile "Joanna Whitfield"
    """
    import json

    from repwatch.app.run import run_locked

    config = app.config()
    profiles = config.require_profiles(profile_name)

    def show(profile: Profile, report: RunReport, seconds: float) -> None:
        _problems(app, report)
        if as_json:
            if len(profiles) == 1:
                print_json(report.to_json())
            else:
                echo(json.dumps(report.to_json(), ensure_ascii=False))
        elif not app.quiet:
            _summary(report)

    worst = run_locked(
        config, profiles, app.database_for(config), dry_run=dry_run, no_email=no_email,
        progress=app.interactive() and not as_json, log_to_file=True,
        on_note=lambda note: app.say(f"Note: {note}"), on_report=show, new_database=new_database or app.db_path is not None,
    )
    raise SystemExit(worst)


def _problems(app: AppContext, report: RunReport) -> None:
    """Failures go to stderr whatever the output format; notes only when not --quiet."""
    for note in report.notes:
        app.say(f"Note: {note}")
    for line in failure_lines(report.failures):
        echo(line, err=True)
    if report.digest_status == "failed":
        echo(f"repwatch: {report.digest_detail}", err=True)


def failure_lines(failures: list[Any]) -> list[str]:
    """One line per service and cause, however many searches it stopped, with what to do."""
    from repwatch.pipeline.digest import failure_fix

    counts: dict[tuple[str, str], list[Any]] = {}
    for failure in failures:
        counts.setdefault((failure.provider, failure.error), [failure, 0])[1] += 1
    lines = []
    for first, count in counts.values():
        error = first.error.rstrip(".") + (f" ({count} searches)." if count > 1 else ".")
        lines.append(f"repwatch: {error} {failure_fix(first.provider, first.code)}")
    return lines


def _summary(report: RunReport) -> None:
    """One line with one meaning per number: searches (queries sent), calls (requests to the
    providers, what quotas count), results, new mentions (what the digest counts)."""
    echo(f"{report.profile}: {counts_line(report.queries, report.calls, report.results)}, "
               f"{new_line(len(report.new_mentions), report.not_about_you, len(report.unsure))}; digest {report.digest_status}"
               + (f" ({report.digest_detail})" if report.digest_status != "failed" else "") + ".")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def counts_line(queries: int, calls: int, results: int | None = None) -> str:
    text = f"{_n(queries, 'search', 'searches')} ({_n(calls, 'call', 'calls')} to the search services)"
    return text if results is None else f"{text}, {_n(results, 'result', 'results')}"


def new_line(new: int, not_about_you: int = 0, unsure: int = 0) -> str:
    text = f"{new} new {'mention' if new == 1 else 'mentions'}"
    if unsure:
        text += f" ({unsure} with your name and nothing to say whether it is you)"
    if not_about_you:
        text += f" (and {not_about_you} new {'page' if not_about_you == 1 else 'pages'} judged not about you)"
    return text


COMMANDS = [run]
