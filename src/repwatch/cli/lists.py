"""The read commands that list what the watches keep, without click: `status`, `namesakes`,
`exposure` and `accounts` (their listings; `--self-check` goes online and is click's). Their click
commands (cli/monitor.py, triage.py, exposure.py, accounts.py) parse and call these; so does
``repwatch.cli.quick``, which answers their plain forms without loading click (see cli/reads.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from repwatch.cli.context import AppContext, console, echo, print_json, write
from repwatch.cli.reads import done

if TYPE_CHECKING:
    from repwatch.config import Config


def status(app: AppContext, as_json: bool = False) -> None:
    """`repwatch status`: per profile, the last and next run, failures, digests waiting; provider use."""
    from repwatch.app.status import collect, render, status_keys

    config = status_keys(app.config_path) or app.config(secrets=False)  # None: the full check says what is wrong
    data = collect(config, app.database_for(config))
    if as_json:
        print_json(data)
    else:
        echo(render(data))


def namesakes(app: AppContext, as_json: bool = False) -> None:
    """`repwatch namesakes`: the people she said "not me" to, and their pages set aside."""
    from repwatch.app.lifecycle import listed_namesakes, written_profiles

    def profiles() -> list[Any]:  # the whole config, only when the kept marks do not hold
        config = app.config(required=False, secrets=False)
        return list(config.profile) if config is not None else []

    store = app.read_store()
    rows: list[dict[str, Any]] = []
    if store is not None and store.namesake_profiles():  # none taught yet: nothing to read her profiles or the pages with
        rows = listed_namesakes(store, written_profiles(app.config_path), profiles)
    if as_json:
        print_json(rows)
        return
    if not rows:
        done(app, 'No namesakes yet: when you say "not me" to a page about someone else with your name '
                  "(repwatch dismiss ID), repwatch remembers them and sets their later pages aside.")
        return
    for row in rows:
        said = row["said_at"][:10]
        pages = ", ".join(f"#{i}" for i in row["pages"]) or "none yet"
        tells = "; ".join(filter(None, [row["account"], ", ".join(row["roles"]), ", ".join(row["places"]),
                                        ", ".join(row["organisations"]),
                                        f"aged {row['age']}" if row["age"] is not None else ""]))
        echo(f"{row['summary'][:1].upper()}{row['summary'][1:]} ({row['profile']}): not you, said on {said} "
             f"about #{row['mention_id']}")
        if tells:
            echo(f"  told apart by: {tells}")
        echo(f"  pages set aside since: {pages}")
    done(app, f"Forget one with: repwatch reopen {rows[0]['mention_id']}")


NONE_FOUND = "No listing of your home has been found on the people-search sites repwatch looks at."


def exposure(app: AppContext, profile_name: str | None = None, as_json: bool = False) -> None:
    """`repwatch exposure`: where her home address is listed, each listing's removal track and dates."""
    from repwatch.app.exposure import exposure_keys, rows

    config = exposure_keys(app.config_path) or app.config(secrets=False)  # None: the full check says what is wrong
    store = app.existing_store(config)
    listings = rows(config, store, profile_name) if store is not None else []
    if as_json:
        print_json(listings)
        return
    if not listings:
        from repwatch.cli.terminal import say

        if not config.exposure.enabled:
            say("The exposure watch is off ([exposure] enabled = false): runs do not look at people-search sites.")
        say(NONE_FOUND)
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    if not config.exposure.enabled:
        out.print("The exposure watch is off ([exposure] enabled = false): runs do not look at people-search sites.", markup=False)
    table = Table(title="Where your home is listed")
    table.add_column("ID", justify="right")
    table.add_column("Site and page", overflow="fold")
    table.add_column("Track")
    table.add_column("Dates")
    for row in listings:
        dates = f"found {row['found_at'][:10]}"
        if row["asked_at"]:
            dates += f"\nasked {row['asked_at'][:10]}\ndue {(row['due_at'] or '')[:10]}"
        if row["removed_at"]:
            dates += f"\nremoved {row['removed_at'][:10]}"
        state = row["state_words"] + ("\n[yellow]needs your own form or ID[/yellow]" if row["action_required"] else "")
        table.add_row(str(row["id"] or "-"), f"[bold]{escape(row['site'])}[/bold]\n{escape(row['url'])}", state, dates)
    out.print(table)
    for row in listings:
        if row["next"]:
            out.print(f"#{row['id']} {escape(row['site'])}: {escape(row['next'])}", highlight=False)


def accounts(app: AppContext, profile_name: str | None = None, as_json: bool = False) -> None:
    """`repwatch accounts`: the usernames in her name, the sites they are checked on, what was found."""
    from repwatch.app.accounts import accounts_config
    from repwatch.pipeline.accounts.watch import accounts_rows

    # the keys it reads, shaped as Config's and Profile's (None: the whole config's check words a mistake)
    config = cast("Config", accounts_config(app.config_path) or app.config())
    profiles = config.require_profiles(profile_name)
    store = app.existing_store(config)
    rows = []
    for profile in profiles:
        profile_rows = accounts_rows(config, profile, store)
        rows.extend(profile_rows)
        if not as_json:
            _show(profile.name, profile_rows, config)
    if as_json:
        print_json(rows)


def _show(name: str, rows: list[dict[str, Any]], config: Config) -> None:
    """One profile's usernames, sites and what was found, as lines that wrap at any width (no rich:
    see cli/terminal.py)."""
    from repwatch.cli.terminal import columns, say
    from repwatch.timefmt import format_local, zone_place

    if not config.accounts.enabled:
        say("The accounts watch is off ([accounts] enabled = false): runs do not check these usernames.")
    checked = [r for r in rows if r["username"] is not None]
    print_usernames(checked, f"Usernames checked for {name}, in order", config.accounts.enabled)
    sites: dict[str, list[dict[str, Any]]] = {}
    for row in checked:
        sites.setdefault(row["site"], []).append(row)
    listed = []
    for site, group in sites.items():
        done = [r for r in group if r["last_checked"]]
        found = [r["username"] for r in group if r["result"] == "found" and r["judged"] != "no_sign"]
        similar = sum(r["result"] == "found" and r["judged"] == "no_sign" for r in group)
        unreliable = any(r["result"] == "unreliable" for r in group)
        last = max((r["last_checked"] for r in done), default=None)
        shown = ", ".join(found) if found else ("unreliable last time" if unreliable else "none")
        if similar:
            shown += f" (and {similar} not about you)"
        listed.append((site, f"{len(done)} of {len(group)}", shown,
                       format_local(last, config.repwatch.timezone, "short") if last else "never",
                       group[0]["rule_checked"] or "-"))
    if listed:
        if checked:
            write("")
        say(f"Sites (times are {zone_place(config.repwatch.timezone)} time)", "bold")
        columns(("Site", "Checked", "Found", "Last check", "Rule dated"), listed)
    else:
        say("No usernames are checked: there is no site to check them on ([accounts] platforms and sites_file).")
    found_rows = [r for r in checked if r["result"] == "found"]
    for row in found_rows:
        if row["judged"] != "no_sign":
            said = _JUDGED.get(row["judged"] or "")
            say(f"Found: {_account(row)}" + (f" ({said})" if said else ""), hanging="  ")
    strangers = [r for r in found_rows if r["judged"] == "no_sign"]
    if strangers:
        write("")
        say("Accounts with similar names that show no sign of being about you", "bold")
        say("Many people have usernames like these. Nothing on these pages gives your name, school, town, work "
            "or handle, so repwatch does not ask you about them. Each is looked at again when it is next "
            "checked, and you are asked if that changes.")
        for row in strangers:
            say(_account(row), indent="  ", hanging="    ")
    for row in rows:
        if row["result"] == "check_yourself":
            link = f": {row['url']}" if row["url"] else ""
            say(f"Check yourself: {row['site']} needs a login{link}", hanging="  ")


_JUDGED = {
    "impersonation": "it may be pretending to be you: see your digest",
    "unconfirmed_account": "your digest asked whether it is yours",
    "own": "yours",
    "hidden": "you said it is not you",
}


def _account(row: dict[str, Any]) -> str:
    """"jwhitfield on Instagram (Jack Whitfield): https://…" (cleaned for the terminal where it is printed)."""
    label = f" ({row['display_name']})" if row["display_name"] else ""
    return f"{row['username']} on {row['site']}{label}: {row['url'] or ''}"


def print_usernames(rows: list[dict[str, Any]], title: str, enabled: bool) -> None:
    """One line per username: why it is checked, and on how many sites next run. The forms many people
    share come in a list of their own, which says once why an account found under one is mostly not hers."""
    from repwatch.cli.terminal import say

    usernames: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        usernames.setdefault(row["username"], []).append(row)
    strong: list[tuple[int, str, dict[str, Any], str]] = []
    weak: list[tuple[int, str, dict[str, Any], str]] = []
    for number, (username, group) in enumerate(usernames.items(), start=1):
        sent = sum(r["next_run"] for r in group)
        when = f"{sent} of {len(group)} sites" if sent else ("later" if enabled else "off")
        (weak if group[0]["weak_form"] else strong).append((number, username, group[0], when))
    for heading, listed in ((title, strong), ("Then usernames many people share", weak)):
        if not listed:
            continue
        say(heading, "bold")
        pad = len(str(listed[-1][0])) + 2
        for number, username, row, when in listed:
            say(f"{number}. ".rjust(pad) + f"{username}: {row['reason']}; next run: {when}", hanging=" " * pad)
        if listed is weak:
            say("An account found under one of these is usually someone else's: you are told about it only "
                "when its page gives your name, school, town, work or handle.", "dim")
