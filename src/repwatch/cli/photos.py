from __future__ import annotations

import click

from repwatch.cli import reads
from repwatch.cli.context import AppContext, json_option, pass_app


@click.command()
@click.option("--profile", "profile_name", help="Only this profile (by name).")
@json_option
@pass_app
def photos(app: AppContext, profile_name: str | None, as_json: bool) -> None:
    """Your known photos (only their fingerprints are kept) and the pictures found that look like them.

    \b
    Examples:
        repwatch photos
        repwatch photos --json
    """
    reads.photos(app, profile_name, as_json)


COMMANDS = [photos]
