"""The command line's click group: every command, its global options, and how a failure ends.

Every RepwatchError becomes one sentence on stderr and the contract's exit code here, in
``RepwatchGroup.invoke`` (through ``context.failure``); a traceback only with --verbose. Command
modules import only click at the top, so ``repwatch --help`` stays fast. ``repwatch`` starts in
``repwatch.cli.start``, which answers a few read commands without loading click (``cli.quick``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from repwatch import __version__
from repwatch.cli.context import AppContext, failure


class RepwatchGroup(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        finally:
            import gc

            # The command is done and nothing it made needs collecting: spare the exit a full
            # collector pass over every object the imports created (tens of milliseconds).
            gc.freeze()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C at a prompt
        except (Exception, KeyboardInterrupt) as exc:  # one sentence and the contract's exit code
            ctx.exit(failure(exc, ctx.find_object(AppContext)))


@click.group(cls=RepwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file. Default: $REPWATCH_CONFIG, else config.toml in your user config folder.",
)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help="Database file (overrides the config).")
@click.option("-v", "--verbose", is_flag=True, help="Say more; show tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Say only what went wrong.")
@click.version_option(__version__, prog_name="repwatch")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, db_path: Path | None, verbose: bool, quiet: bool) -> None:
    """Search for yourself, again and again, and hear about what is new.

    \b
    Example:
        repwatch search "Joanna Whitfield" --location Liverpool
    """
    ctx.obj = AppContext(config_path=config_path, db_path=db_path, verbose=verbose, quiet=quiet)
    if verbose:
        import logging

        from repwatch.text import redact_logging

        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
        for handler in logging.getLogger().handlers:  # httpx logs every request's address, keys included
            redact_logging(handler)


from repwatch.cli import (  # noqa: E402
    accounts,
    digest,
    evidence,
    exposure,
    mentions,
    monitor,
    photos,
    plan,
    run,
    search,
    serve,
    setup,
    triage,
)

for module in (search, plan, run, mentions, triage, digest, evidence, monitor, serve, setup, accounts, exposure, photos):
    for command in module.COMMANDS:
        main.add_command(command)
