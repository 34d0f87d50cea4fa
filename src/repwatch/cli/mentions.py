from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from itertools import islice
from typing import TYPE_CHECKING

import click

from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, stream_json

if TYPE_CHECKING:
    from repwatch.models import Mention

STATUS_CHOICE = click.Choice(["new", "notified", "dismissed", "concern", "resolved"])
DEFAULT_LIMIT = 200
TABLE_ROWS = 100  # the table is printed this many rows at a time, so the first rows come at once


@click.command()
@click.option("--status", type=STATUS_CHOICE, help="Only mentions with this status.")
@click.option("--flagged", is_flag=True, help="Only mentions with a risk flag.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only mentions first seen on or after this date (YYYY-MM-DD).")
@click.option("--search", "text", help="Only mentions whose title, snippet or address holds this text.")
@click.option("--all", "include_all", is_flag=True, help="Include mentions judged not to be about you.")
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
              help="Show at most this many, newest first (0: all of them).")
@json_option
@pass_app
def mentions(app: AppContext, status: str | None, flagged: bool, since: datetime | None, text: str | None,
             include_all: bool, limit: int, as_json: bool) -> None:
    """List stored mentions, newest first.

    \b
    Example:
        repwatch mentions --flagged
    """
    store = app.open_store()
    found = store.iter_mentions(
        status=status, flagged=flagged, since=since.date().isoformat() if since else None,
        search=text, include_all=include_all, min_score=_threshold(), batch=min(limit or 500, 500),
    )
    rows = islice(found, limit + 1) if limit else found
    shown, more = 0, False

    def counted() -> Iterator[Mention]:
        nonlocal shown, more
        for m in rows:
            if limit and shown == limit:
                more = True  # the one past the limit: there are more than were shown
                return
            shown += 1
            yield m

    if as_json:
        stream_json(m.to_json() for m in counted())
    else:
        _table(counted(), app.timezone())
        if not shown:
            console().print("No mentions stored yet." if not any((status, flagged, since, text)) else "No mentions match.")
    if more:
        echo(f"Showing the newest {limit} mentions; there are more. Add --limit {limit * 5} to see more, or "
             "--limit 0 for all of them.", err=True)


def _table(rows: Iterable[Mention], zone: str | tzinfo | None = None) -> None:
    """Print the table a screenful at a time: the first rows show at once, and memory stays flat."""
    from rich.table import Table
    from rich.text import Text

    def new_table() -> Table:
        table = Table()
        table.add_column("ID", justify="right")
        table.add_column("Mention", overflow="fold")
        table.add_column("Where")
        table.add_column("First seen")
        table.add_column("Status")
        return table

    from repwatch.pipeline.labels import STATUS_WORDS, flag_name, packaged_guide, platform_label
    from repwatch.timefmt import format_local

    words = packaged_guide()
    table, count = new_table(), 0
    for m in rows:
        cell = Text(m.title or m.url, style="bold")
        cell.append("\n" + m.url, style="dim")
        for flag in m.flags:
            cell.append(f"\n! {flag_name(words, flag.code)}: {flag.reason}", style="red")
        table.add_row(str(m.id), cell, f"{platform_label(words, m.platform)}\n{m.domain}", format_local(m.first_seen, zone, "date"),
                      STATUS_WORDS.get(m.status, m.status))
        count += 1
        if count % TABLE_ROWS == 0:
            console().print(table)
            table = new_table()
    if count % TABLE_ROWS:
        console().print(table)


def _threshold() -> float:
    from repwatch.models import RELEVANT

    return RELEVANT


COMMANDS = [mentions]
