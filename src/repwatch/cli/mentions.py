from __future__ import annotations

import click

from repwatch.cli.context import AppContext, console, json_option, pass_app, print_json

STATUS_CHOICE = click.Choice(["new", "notified", "dismissed", "concern", "resolved"])


@click.command()
@click.option("--status", type=STATUS_CHOICE, help="Only mentions with this status.")
@click.option("--flagged", is_flag=True, help="Only mentions with a risk flag.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only mentions first seen on or after this date (YYYY-MM-DD).")
@click.option("--search", "text", help="Only mentions whose title, snippet or address holds this text.")
@click.option("--all", "include_all", is_flag=True, help="Include mentions judged not to be about you.")
@json_option
@pass_app
def mentions(app: AppContext, status, flagged, since, text, include_all, as_json) -> None:  # type: ignore[no-untyped-def]
    """List stored mentions, newest first.

    \b
    Example:
        repwatch mentions --flagged
    """
    store = app.open_store()
    rows = store.mentions(
        status=status, flagged=flagged, since=since.date().isoformat() if since else None,
        search=text, include_all=include_all, min_score=_threshold(),
    )
    if as_json:
        print_json([m.to_json() for m in rows])
        return
    if not rows:
        console().print("No mentions stored yet." if not any((status, flagged, since, text)) else "No mentions match.")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("ID", justify="right")
    table.add_column("Mention", overflow="fold")
    table.add_column("Where")
    table.add_column("First seen")
    table.add_column("Status")
    for m in rows:
        cell = Text(m.title or m.url, style="bold")
        cell.append("\n" + m.url, style="dim")
        for flag in m.flags:
            cell.append(f"\n! {flag.code}: {flag.reason}", style="red")
        table.add_row(str(m.id), cell, f"{m.platform}\n{m.domain}", m.first_seen[:10], m.status)
    console().print(table)


def _threshold() -> float:
    from repwatch.models import RELEVANT

    return RELEVANT


COMMANDS = [mentions]
