from __future__ import annotations

import click

from repwatch.cli.context import AppContext, console, json_option, pass_app, print_json


@click.command()
@click.option("--profile", "profile_name", help="Show only this profile's plan (by name).")
@json_option
@pass_app
def plan(app: AppContext, profile_name: str | None, as_json: bool) -> None:
    """Every search of the plan, in order, with why, and whether the next run sends it.

    \b
    Example:
        repwatch plan --profile "Joanna Whitfield"
    """
    from repwatch.pipeline.plan import plan_rows, render_plan_table

    config = app.config(secrets=False)
    profiles = config.require_profiles(profile_name)
    store = app.existing_store(config)
    rows = []
    for profile in profiles:
        profile_rows = plan_rows(config, profile, store)
        if as_json:
            rows.extend(profile_rows)
            continue
        table = render_plan_table(profile_rows)
        table.title = f"Searches for {profile.name}, in order"
        console().print(table)
        sent = len({r["query"] for r in profile_rows if r["next_run"]})
        total = len({r["query"] for r in profile_rows if r["provider"]})
        console().print(
            f"The next run sends {sent} of these {total} searches "
            f"(max_queries = {profile.max_queries}); the others take turns in later runs."
            if sent < total else f"The next run sends all {total} searches."
        )
        if config.accounts.enabled:
            from repwatch.cli.accounts import show_candidates

            show_candidates(config, profile, store)
        if config.exposure.enabled:
            from repwatch.cli.exposure import show_due

            show_due(config, profile, store)
    if as_json:
        print_json(rows)


COMMANDS = [plan]
