from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli import lists
from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, print_json

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Config, Profile


@click.command()
@click.option("--profile", "profile_name", help="Only this profile (by name).")
@click.option("--self-check", "self_check", is_flag=True,
              help="Test every people-search site's search and removal pages online; list the broken ones.")
@json_option
@pass_app
def exposure(app: AppContext, profile_name: str | None, self_check: bool, as_json: bool) -> None:
    """Where your home address is listed: each listing, its removal track and dates, and what to do next.

    \b
    Examples:
        repwatch exposure
        repwatch exposure --self-check
    """
    if self_check:
        _self_check(app, as_json)
        return
    lists.exposure(app, profile_name, as_json)


@click.command()
@click.argument("mention_id", type=int, metavar="ID")
@click.option("--note", help="A note kept with the request (when and how you sent it).")
@click.option("--extended", is_flag=True, help="The site said it needs up to two more months: move the date it must answer by.")
@click.option("--letter-only", is_flag=True, help="Print the drafted letter without recording anything.")
@json_option
@pass_app
def asked(app: AppContext, mention_id: int, note: str | None, extended: bool, letter_only: bool, as_json: bool) -> None:
    """Record that you asked a people-search site to remove your listing, and draft your letter.

    repwatch never sends it: send it yourself (its form, or email), then keep the date.

    \b
    Examples:
        repwatch asked 12
        repwatch asked 12 --note "sent by email to privacy@…"
        repwatch asked 12 --extended
    """
    from repwatch.app import exposure as service

    config = app.config(secrets=False)
    store = app.store(config)
    if letter_only:
        echo(service.letter(config, store, mention_id))
        return
    done = service.asked(config, store, mention_id, " ".join((note or "").split())[:2000] or None, extended=extended)
    if as_json:
        print_json({**done.row, "letter": done.letter or None, "letter_path": str(done.path) if done.path else None})
        return
    if done.letter:
        echo(done.letter)
        echo("")
    echo(done.said)
    if done.path is not None:
        echo(f"Your letter is saved in {done.path}. Send it yourself: repwatch never sends it for you.")
    if done.row["next"]:
        echo(done.row["next"])


def show_due(config: Config, profile: Profile, store: Store | None) -> None:
    """For `repwatch plan`: the people-search sites the next run looks at, on their own clock."""
    from rich.markup import escape

    from repwatch.pipeline.exposure.watch import plan_exposure

    planned = plan_exposure(config, profile, store)
    if planned is None or not planned.sites:
        return
    every = {"weekly": "every week", "fortnightly": "every two weeks", "monthly": "every month",
             "quarterly": "every three months"}[config.exposure.recheck]
    due = ", ".join(s.name for s in planned.due) or "none"
    console().print(f"People-search sites looked at next run, for where your home is listed: {escape(due)} "
                    f"(of {len(planned.sites)}: each is looked at {every}, and every week while you wait for a site "
                    "to remove a listing).", highlight=False)


def _self_check(app: AppContext, as_json: bool) -> None:
    from repwatch.pipeline.exposure.check import self_check
    from repwatch.pipeline.exposure.sites import select

    config = app.config(required=False, secrets=False)
    reports = self_check(select(config.exposure.sites), rate_per_second=config.exposure.rate_per_second,
                         timeout_s=config.exposure.timeout_s, max_in_flight=config.repwatch.max_in_flight)
    broken = [r for r in reports if r.status == "broken"]
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        from rich.markup import escape

        out = console()
        for report in reports:
            mark = {"ok": "[green]ok[/green]", "broken": "[red]BROKEN[/red]", "untested": "[yellow]untested[/yellow]"}
            out.print(f"{mark[report.status]}  {escape(report.site)}: {escape(report.detail)}", highlight=False)
        tested = len(reports) - sum(r.status == "untested" for r in reports)
        out.print(f"{len(broken)} of {len(reports)} sites are out of date in the table." if broken
                  else f"All {tested} tested sites answer as the table says.")
    if broken:
        raise click.exceptions.Exit(1)


COMMANDS = [exposure, asked]
