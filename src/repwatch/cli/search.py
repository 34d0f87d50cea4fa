from __future__ import annotations

import click

from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, print_json

KIND_CHOICE = click.Choice(["web", "news", "images", "posts", "accounts"])


@click.command()
@click.argument("name")
@click.option("--location", "-l", "locations", multiple=True, help="A place to search with the name (repeatable).")
@click.option("--org", "orgs", multiple=True, help="An organisation, e.g. your school (repeatable).")
@click.option("--provider", "-p", "providers", multiple=True, help="Use only this provider (repeatable).")
@click.option("--kind", "-k", "kinds", multiple=True, type=KIND_CHOICE, help="Only this kind of result (repeatable).")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True, help="Most results to show.")
@json_option
@click.option("--save", is_flag=True, help="Store what was found in the database.")
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
    """Search for NAME now. Needs no config file and no API key.

    \b
    Example:
        repwatch search "Joanna Whitfield" --location Liverpool
    """
    from repwatch.pipeline.runner import search_now

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
    if as_json:
        print_json([r.to_json() for r in outcome.results])
    else:
        _table(outcome.results)
    for note in outcome.notes:
        app.say(f"Note: {note}")
    for failure in outcome.failures:
        echo(f"repwatch: {failure.error}", err=True)
    if outcome.failures:
        raise SystemExit(1)


def _table(results: list) -> None:  # type: ignore[type-arg]
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not results:
        out.print("No results.")
        return
    table = Table(show_lines=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("Result", overflow="fold")
    table.add_column("Where", overflow="fold")
    table.add_column("Found by", overflow="fold")
    for number, result in enumerate(results, 1):
        cell = Text(result.title or result.url, style="bold")
        cell.append("\n" + result.url, style="dim")
        table.add_row(str(number), cell, f"{result.platform}\n{result.domain}", f"{result.provider} ({result.kind})")
    out.print(table)


COMMANDS = [search]
