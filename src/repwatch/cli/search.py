from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, print_json

if TYPE_CHECKING:
    from repwatch.pipeline.search import Judged

KIND_CHOICE = click.Choice(["web", "news", "images", "posts", "accounts"])


@click.command()
@click.argument("name")
@click.option("--location", "-l", "locations", multiple=True, help="A place to search with the name (repeatable).")
@click.option("--org", "orgs", multiple=True, help="An organisation, e.g. your school (repeatable).")
@click.option("--provider", "-p", "providers", multiple=True, help="Use only this search service, by its name in the config file: duckduckgo, searxng, brave … (repeatable).")
@click.option("--kind", "-k", "kinds", multiple=True, type=KIND_CHOICE, help="Only this kind of result (repeatable).")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True, help="Most results each search service returns, and most shown.")
@json_option
@click.option("--save", is_flag=True, help="Store what was found in the database, as a run for a profile named NAME.")
@pass_app
def search(
    app: AppContext,
    name: str,
    locations: tuple[str, ...],
    orgs: tuple[str, ...],
    providers: tuple[str, ...],
    kinds: tuple[str, ...],
    limit: int,
    as_json: bool,
    save: bool,
) -> None:
    """Search for NAME now. Needs no config file and no API key; with a config file, its search
    services and keys are used.

    \b
    Example:
        repwatch search "Joanna Whitfield" --location Liverpool
    """
    from repwatch.adapters import http

    http.preload()  # the certificates load in a thread (OpenSSL lets go of the GIL) while the rest imports
    from repwatch.pipeline.search import search_now

    config = app.config(required=False)
    outcome = search_now(
        config, name, locations=locations, organisations=orgs, providers=providers, kinds=kinds,
        limit=limit, progress=app.interactive() and not as_json,
    )
    if save:
        from repwatch.adapters.store import now

        store = app.store(config)
        run_id, new_ids, _ = store.record_run(
            " ".join(name.split()), started_at=now(), results=outcome.results, calls=outcome.calls,
            failures=outcome.failures, queries=len({c["query"] for c in outcome.calls}),
        )
        app.say(f"Saved {len(outcome.results)} results ({len(new_ids)} new) to {store.path}.")
    shown = outcome.judged[:limit]
    if as_json:
        print_json([j.to_json() for j in shown])
    else:
        _table(shown)
        if outcome.found > len(shown):
            echo(f"{len(shown)} of {outcome.found} shown; --limit to see more.")
    for note in outcome.notes:
        app.say(f"Note: {note}")
    from repwatch.cli.run import failure_lines

    for line in failure_lines(outcome.failures):
        echo(line, err=True)
    if outcome.failures:
        raise SystemExit(1)


def _about(judged: Judged) -> str:
    """The "about you?" column in words: yes, not sure, or someone else, with the first reason."""
    word = {"you": "yes", "unsure": "not sure", "someone_else": "someone else"}.get(judged.about, judged.about)
    why = f"\n{judged.about_reasons[0]}" if judged.about_reasons else ""
    return f"{word}{why}"


def _table(judged: list[Judged]) -> None:
    """What needs attention first; each flag with its reason, so an impersonating account on row 1
    says so on row 1."""
    from rich.table import Table
    from rich.text import Text

    from repwatch.pipeline.labels import flag_name, packaged_guide, platform_label
    from repwatch.platforms import service_name

    words = packaged_guide()
    out = console()
    if not judged:
        out.print("Nothing found.")
        return
    table = Table(show_lines=True, expand=False)
    table.add_column("#", justify="right")
    table.add_column("About you?", overflow="fold")
    table.add_column("Page", overflow="fold")
    table.add_column("Where", overflow="fold")
    for number, item in enumerate(judged, 1):
        result = item.result
        cell = Text()
        for flag in item.flags if item.about != "someone_else" else []:  # someone else's page: no alarm
            cell.append(f"! {flag_name(words, flag.code)}: ", style="bold red")
            cell.append(flag.reason + "\n", style="red")
        cell.append(result.title or result.url, style="bold")
        cell.append("\n" + result.url, style="dim")
        if not item.flags and item.reasons:
            cell.append("\n" + item.reasons[0], style="italic")
        table.add_row(str(number), _about(item), cell,
                      f"{platform_label(words, result.platform)}\n{result.domain}\nfound by {service_name(result.provider)}")
    out.print(table)


COMMANDS = [search]
