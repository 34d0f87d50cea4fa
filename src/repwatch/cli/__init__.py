"""The command line. Thin: parse, call one function, print.

Every RepwatchError becomes one sentence on stderr and the contract's exit code here, in
``RepwatchGroup.invoke``; a traceback only with --verbose. Command modules import only click at
the top, so ``repwatch --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from repwatch import __version__
from repwatch.cli.context import AppContext, echo


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
        from repwatch.errors import RepwatchError

        try:
            return super().invoke(ctx)
        except RepwatchError as exc:
            app = ctx.find_object(AppContext)
            if app is not None and app.verbose:
                _traceback()
            echo(f"repwatch: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            echo("repwatch: stopped.", err=True)
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C at a prompt
        except Exception as exc:  # a bug: still one sentence, the details only with --verbose
            app = ctx.find_object(AppContext)
            if type(exc).__module__ == "sqlite3":  # a full disk, a read-only or damaged database
                from repwatch.errors import StoreError

                if app is not None and app.verbose:
                    _traceback()
                problem = StoreError.from_sqlite(exc, app.db_path if app is not None else None)
                echo(f"repwatch: {problem.message}", err=True)
                ctx.exit(problem.exit_code)
            if app is not None and app.verbose:
                _traceback()
            echo(
                f"repwatch: something went wrong that repwatch did not expect ({exc.__class__.__name__}); "
                "what was already stored is safe. Run it again with --verbose to see the details.",
                err=True,
            )
            ctx.exit(1)


def _traceback() -> None:
    """The traceback --verbose asks for, with passwords, keys and known secrets taken out."""
    import traceback

    from repwatch.text import redact

    echo(redact(traceback.format_exc()), err=True, nl=False)


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
