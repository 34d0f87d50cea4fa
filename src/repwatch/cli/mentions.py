from __future__ import annotations

from datetime import datetime

import click

from repwatch.cli import reads
from repwatch.cli.context import AppContext, json_option, pass_app
from repwatch.cli.reads import DEFAULT_LIMIT

STATUS_CHOICE = click.Choice(list(reads.STATUSES))


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
    reads.mentions(app, status, flagged, since, text, include_all, limit, as_json)


COMMANDS = [mentions]
