"""Commands: evidence (capture one mention now, or --verify every stored file) and report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from repwatch.cli import reads
from repwatch.cli.context import AppContext, echo, pass_app

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.errors import UsageError


def _unknown(store: Store, mention_id: int) -> UsageError:
    from repwatch.errors import UsageError

    return UsageError(
        f"There is no mention with ID {mention_id} in {store.path}; `repwatch mentions --all` lists them."
    )


@click.command()
@click.argument("mention_id", type=int, required=False, metavar="[ID]")
@click.option("--verify", is_flag=True, help="Re-hash every stored evidence file and check each against its capture's record; exit 1 on any problem.")
@pass_app
def evidence(app: AppContext, mention_id: int | None, verify: bool) -> None:
    """Save the page of mention ID now: snapshot, SHA-256, time, and a screenshot if Chromium is found.

    \b
    Examples:
        repwatch evidence 12
        repwatch evidence --verify
    """
    from repwatch.errors import UsageError

    if verify == (mention_id is not None):
        raise UsageError("Give either a mention ID (`repwatch evidence 12`) or --verify, not both or neither.")
    if verify:
        reads.verify_evidence(app)
        return
    config = app.config(required=False, secrets=False)
    store = app.store(config)
    from repwatch.pipeline import evidence as ev

    assert mention_id is not None
    if store.mention(mention_id) is None:
        raise _unknown(store, mention_id)
    outcome = ev.capture(store, mention_id, config=config)
    root = store.path.parent
    echo(f"Mention #{mention_id}: {outcome.url}")
    from repwatch.timefmt import format_local

    echo(f"  captured {format_local(outcome.captured_at, config.repwatch.timezone, 'stamp')} "
         f"({outcome.captured_at} UTC)")
    page_line = f"  page        {outcome.outcome}: {outcome.detail}"
    if outcome.final_url and outcome.final_url != outcome.url:
        page_line += f" (ended at {outcome.final_url})"
    echo(page_line)
    for label, saved in (("page", outcome.page), ("screenshot", outcome.screenshot), ("record", outcome.result)):
        if saved is not None:
            echo(f"  {label:<11} sha256 {saved.sha256}  {saved.size:,} bytes  {root / saved.relpath}")
    if outcome.screenshot is None and outcome.screenshot_note:
        echo(f"  screenshot  none: {outcome.screenshot_note}")
    if not outcome.ok:
        echo(f"repwatch: {outcome.sentence()}", err=True)
        raise SystemExit(1)


@click.command()
@click.argument("mention_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report (default: repwatch-report-DATE.html, or .zip, here).")
@click.option("--zip", "as_zip", is_flag=True, help="Bundle the report, the evidence files and a manifest in one zip.")
@pass_app
def report(app: AppContext, mention_ids: tuple[int, ...], out: Path | None, as_zip: bool) -> None:
    """Write an incident report for your school from mentions ID... and their evidence.

    \b
    Examples:
        repwatch report 12 15
        repwatch report 12 --zip --out for-school.zip
    """
    from repwatch.app.report import write_report

    config = app.config(required=False, secrets=False)
    store = app.store(config)
    for mention_id in mention_ids:
        if store.mention(mention_id) is None:
            raise _unknown(store, mention_id)
    written = write_report(store, list(dict.fromkeys(mention_ids)), out=out, as_zip=as_zip, config=config)
    for note in written.notes:
        app.say(f"Note: {note}")
    echo(str(written.path))


COMMANDS = [evidence, report]
