from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli import lists
from repwatch.cli.context import AppContext, console, json_option, pass_app, print_json

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Config, Profile


@click.command()
@click.option("--profile", "profile_name", help="Only this profile (by name).")
@click.option("--self-check", "self_check", is_flag=True,
              help="Test every site's rule online with a known account and a made-up name; list the broken ones.")
@json_option
@pass_app
def accounts(app: AppContext, profile_name: str | None, self_check: bool, as_json: bool) -> None:
    """The accounts watch: usernames in your name, the sites they are checked on, and what was found.

    \b
    Examples:
        repwatch accounts
        repwatch accounts --self-check
    """
    if self_check:
        _self_check(app, as_json)
        return
    lists.accounts(app, profile_name, as_json)


def show_candidates(config: Config, profile: Profile, store: Store | None) -> None:
    """For `repwatch plan`: the usernames the accounts watch checks, with why, and how many next run."""
    from repwatch.pipeline.accounts.watch import accounts_rows

    rows = [r for r in accounts_rows(config, profile, store) if r["username"] is not None]
    lists.print_usernames(rows, f"Usernames checked for accounts in {profile.name}'s name, in order", True)
    checks = sum(r["next_run"] for r in rows)
    console().print(f"The next run makes {checks} of these {len(rows)} checks (accounts.max_checks = "
                    f"{config.accounts.max_checks}, two controls per site included); the rest take turns."
                    if checks < len(rows) else f"The next run makes all {len(rows)} checks.")


def _self_check(app: AppContext, as_json: bool) -> None:
    from repwatch.errors import ConfigError
    from repwatch.pipeline.accounts.check import self_check
    from repwatch.pipeline.accounts.watch import sites_for

    config = app.config(required=False)
    sites = sites_for(config)
    if not sites:
        raise ConfigError("There are no sites to check: [accounts] platforms = [] and no sites_file.")
    reports = self_check(sites, rate_per_second=config.accounts.rate_per_second, timeout_s=config.accounts.timeout_s,
                         max_in_flight=config.repwatch.max_in_flight)
    broken = [r for r in reports if r.status == "broken"]
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        from rich.markup import escape

        out = console()
        for report in reports:
            mark = {"ok": "[green]ok[/green]", "broken": "[red]BROKEN[/red]", "untested": "[yellow]untested[/yellow]"}
            out.print(f"{mark[report.status]}  {escape(report.site)}: {escape(report.detail)}", highlight=False)
        out.print(f"{len(broken)} of {len(reports)} rules are broken." if broken
                  else f"All {len(reports) - sum(r.status == 'untested' for r in reports)} tested rules work.")
    if broken:
        raise click.exceptions.Exit(1)


COMMANDS = [accounts]
