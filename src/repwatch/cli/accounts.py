from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import click

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
    from repwatch.app.accounts import accounts_config
    from repwatch.pipeline.accounts.watch import accounts_rows

    # the keys it reads, shaped as Config's and Profile's (None: the whole config's check words a mistake)
    config = cast("Config", accounts_config(app.config_path) or app.config())
    profiles = config.require_profiles(profile_name)
    database = app.db_path or config.database_path()
    store = app.store(config) if database.exists() else None
    rows = []
    for profile in profiles:
        profile_rows = accounts_rows(config, profile, store)
        rows.extend(profile_rows)
        if not as_json:
            _show(profile.name, profile_rows, config)
    if as_json:
        print_json(rows)


def _show(name: str, rows: list[dict[str, Any]], config: Config) -> None:
    from rich.markup import escape
    from rich.table import Table

    from repwatch.timefmt import format_local, zone_place

    out = console()
    if not config.accounts.enabled:
        out.print("The accounts watch is off ([accounts] enabled = false): runs do not check these usernames.", markup=False)
    checked = [r for r in rows if r["username"] is not None]
    for table in _usernames_tables(checked, f"Usernames checked for {escape(name)}, in order", config.accounts.enabled):
        out.print(table)
    sites: dict[str, list[dict[str, Any]]] = {}
    for row in checked:
        sites.setdefault(row["site"], []).append(row)
    table = Table(title="Sites", caption=f"Times are {zone_place(config.repwatch.timezone)} time.")
    table.add_column("Site")
    table.add_column("Checked")
    table.add_column("Found")
    table.add_column("Last check")
    table.add_column("Rule dated", style="dim")
    for site, group in sites.items():
        done = [r for r in group if r["last_checked"]]
        found = [r["username"] for r in group if r["result"] == "found" and r["judged"] != "no_sign"]
        similar = sum(r["result"] == "found" and r["judged"] == "no_sign" for r in group)
        unreliable = any(r["result"] == "unreliable" for r in group)
        last = max((r["last_checked"] for r in done), default=None)
        shown = escape(", ".join(found)) if found else ("[yellow]unreliable last time[/yellow]" if unreliable else "none")
        if similar:
            shown += f" [dim](and {similar} not about you)[/dim]"
        table.add_row(escape(site), f"{len(done)} of {len(group)}", shown,
                      format_local(last, config.repwatch.timezone, "short") if last else "never",
                      escape(group[0]["rule_checked"] or "-"))
    out.print(table)
    found_rows = [r for r in checked if r["result"] == "found"]
    for row in found_rows:
        if row["judged"] != "no_sign":
            said = _JUDGED.get(row["judged"] or "")
            out.print(f"Found: {_account(row)}" + (f" ({said})" if said else ""), highlight=False)
    strangers = [r for r in found_rows if r["judged"] == "no_sign"]
    if strangers:
        out.print()
        out.print("[bold]Accounts with similar names that show no sign of being about you[/bold]")
        out.print("Many people have usernames like these. Nothing on these pages gives your name, school, town, work "
                  "or handle, so repwatch does not ask you about them. Each is looked at again when it is next "
                  "checked, and you are asked if that changes.", highlight=False)
        for row in strangers:
            out.print(f"  {_account(row)}", highlight=False)
    for row in rows:
        if row["result"] == "check_yourself":
            link = f": {escape(row['url'])}" if row["url"] else ""
            out.print(f"Check yourself: {escape(row['site'])} needs a login{link}", highlight=False)


_JUDGED = {
    "impersonation": "it may be pretending to be you: see your digest",
    "unconfirmed_account": "your digest asked whether it is yours",
    "own": "yours",
    "hidden": "you said it is not you",
}


def _account(row: dict[str, Any]) -> str:
    """"jwhitfield on Instagram (Jack Whitfield): https://…", escaped for the terminal."""
    from rich.markup import escape

    label = f" ({escape(row['display_name'])})" if row["display_name"] else ""
    return f"{escape(row['username'])} on {escape(row['site'])}{label}: {escape(row['url'] or '')}"


def _usernames_tables(rows: list[dict[str, Any]], title: str, enabled: bool) -> list[Any]:
    """One line per username: why it is checked, and on how many sites next run. The forms many people
    share come in a table of their own, which says once why an account found under one is mostly not hers."""
    from rich.markup import escape
    from rich.table import Table

    usernames: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        usernames.setdefault(row["username"], []).append(row)
    strong = Table(title=title)
    weak = Table(title="Then usernames many people share",
                 caption="An account found under one of these is usually someone else's: you are told about it only "
                         "when its page gives your name, school, town, work or handle.")
    for table in (strong, weak):
        table.add_column("#", justify="right", style="dim")
        table.add_column("Username", overflow="fold")
        table.add_column("Why")
        table.add_column("Next run")
    for number, (username, group) in enumerate(usernames.items(), start=1):
        sent = sum(r["next_run"] for r in group)
        when = f"{sent} of {len(group)} sites" if sent else ("[yellow]later[/yellow]" if enabled else "off")
        table = weak if group[0]["weak_form"] else strong
        table.add_row(str(number), escape(username), escape(group[0]["reason"]), when)
    return [t for t in (strong, weak) if t.row_count]


def show_candidates(config: Config, profile: Profile, store: Store | None) -> None:
    """For `repwatch plan`: the usernames the accounts watch checks, with why, and how many next run."""
    from rich.markup import escape

    from repwatch.pipeline.accounts.watch import accounts_rows

    rows = [r for r in accounts_rows(config, profile, store) if r["username"] is not None]
    title = f"Usernames checked for accounts in {escape(profile.name)}'s name, in order"
    for table in _usernames_tables(rows, title, True):
        console().print(table)
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
