"""`repwatch serve`: the review page and the scheduler in one process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli.context import AppContext, echo, pass_app

if TYPE_CHECKING:
    from repwatch.config import Config

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MIN_PASSWORD = 10


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", help="The address to listen on. Default: [serve] host, else 127.0.0.1 (this computer only).")
@click.option("--port", type=click.IntRange(1, 65535), help="The port. Default: [serve] port, else 8377.")
@click.option("--no-scheduler", is_flag=True, help="Serve the page only; do not run the searches on schedule.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in a web browser.")
@click.option("--set-password", is_flag=True,
              help="Choose the page's password (needed to listen on any address but this computer's).")
@click.option("--address", "show_address", is_flag=True,
              help="Print the address that opens the page (with its key, when it has no password) and stop.")
@pass_app
def serve(app: AppContext, host: str | None, port: int | None, no_scheduler: bool, no_browser: bool,
          set_password: bool, show_address: bool) -> None:
    """Open the review page: see what is new, answer each finding, build the report for your school.

    It also runs every profile on its schedule, as `repwatch daemon` does (unless --no-scheduler).
    By default only you can open it, on this computer (127.0.0.1): it opens in your browser, and prints
    its address, which holds a key that only your account can read (`--address` prints it again). To
    open it from elsewhere, set a password first with `repwatch serve --set-password`, then
    `--host 0.0.0.0`; put it behind HTTPS.

    \b
    Examples:
        repwatch serve
        repwatch serve --no-scheduler --port 8400
        repwatch serve --set-password
        repwatch serve --address
    """
    from repwatch.errors import UsageError

    config = app.config()
    if set_password:
        _set_password(config)
        return
    settings = config.serve
    host = host or (settings.host if settings else "127.0.0.1")
    port = port or (settings.port if settings else 8377)
    if not is_loopback(host) and not (settings and settings.password_hash):
        raise UsageError(
            f"repwatch serve will not listen on {host}, where other computers could open it, without a "
            "password: run `repwatch serve --set-password` first, or leave out --host to use this computer only."
        )
    database = app.database_for(config)
    from repwatch.app.run import refuse_a_second_database
    from repwatch.web.server import Server, page_address

    if show_address:
        echo(page_address(config, database, host, port))
        return

    if app.db_path is None:  # --db names it outright
        refuse_a_second_database(config, database)

    raise SystemExit(Server(config, database, host=host, port=port, scheduler=not no_scheduler,
                            browser=not no_browser, verbose=app.verbose, quiet=app.quiet).run())


def _set_password(config: Config) -> None:
    from repwatch.errors import UsageError
    from repwatch.web.security import hash_password
    from repwatch.web.settings import write_password_hash

    if config.path is None or not config.path.exists():
        raise UsageError("There is no config file to keep the password's hash in: run `repwatch init` first.")
    password = click.prompt("New password for the review page", hide_input=True,
                            confirmation_prompt="The same password again", err=True)
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"That password is too short: use at least {MIN_PASSWORD} characters (a few words work well).")
    write_password_hash(config.path, hash_password(password))
    echo(f"Saved. {config.path} keeps only a hash of it, never the password.", err=True)


COMMANDS = [serve]
