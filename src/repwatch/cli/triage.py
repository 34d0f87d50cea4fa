from __future__ import annotations

import click

from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, print_json

note_option = click.option("--note", help="A note kept with the mention's timeline, e.g. what you did.")


def _open(app: AppContext):  # type: ignore[no-untyped-def]
    return app.open_store()


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@json_option
@pass_app
def show(app: AppContext, mention_id: int, as_json: bool) -> None:
    """Everything about one mention: where it was found, why it was flagged, what happened since.

    \b
    Example:
        repwatch show 42
    """
    from repwatch.app.lifecycle import get

    store = _open(app)
    mention = get(store, mention_id)
    sightings = store.sightings(mention.id)
    events = store.events(mention.id)
    if as_json:
        print_json({**mention.to_json(), "sightings": sightings, "timeline": events})
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]#{mention.id} {escape(mention.title or mention.url)}[/bold]")
    out.print(escape(mention.url), highlight=False)
    out.print(f"{mention.platform} · {mention.domain} · {mention.kind} · status: [bold]{mention.status}[/bold]"
              f" · about you: {mention.score:.0%}")
    if mention.snippet:
        out.print(escape(mention.snippet))
    for flag in mention.flags:
        out.print(f"[red]! {flag.code}[/red]: {escape(flag.reason)}")
    out.print("\n[bold]Found by[/bold]")
    for s in sightings:
        out.print(f"  {s['seen_at'][:16]}  {s['provider']} ({s['kind']}) #{s['rank']}: {escape(s['query'])}")
    if mention.evidence:
        out.print("\n[bold]Evidence[/bold]")
        for e in mention.evidence:
            out.print(f"  {e.captured_at[:16]}  sha256 {e.sha256[:16]}…  {escape(e.path)}")
    out.print("\n[bold]Timeline[/bold]")
    for e in events:
        out.print(f"  {e['at'][:16]}  {e['event']}" + (f": {escape(e['note'])}" if e["note"] else ""))


def _done(app: AppContext, text: str) -> None:
    if not app.quiet:
        echo(text)


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@click.option("--domain", is_flag=True, help="Also stop every page on that site, now and in later runs.")
@note_option
@pass_app
def dismiss(app: AppContext, mention_id: int, domain: bool, note: str | None) -> None:
    """Not me: hide this mention from digests for good.

    \b
    Example:
        repwatch dismiss 42 --note "a different Joanna Whitfield"
    """
    from repwatch.app.lifecycle import decide, dismiss_domain

    store = _open(app)
    if domain:
        mention, ids = dismiss_domain(store, mention_id, note)
        _done(app, f"Dismissed {len(ids)} mention(s) on {mention.domain}; "
                   f"repwatch will leave that site out for {mention.profile} from now on.")
    else:
        decide(store, mention_id, "dismissed", note)
        _done(app, f"Dismissed mention {mention_id}; it will not be in a digest again.")


def _status_command(name: str, status: str, summary: str, example: str, said: str) -> click.Command:
    @click.command(name=name, help=f"{summary}\n\n\b\nExample:\n    {example}")
    @click.argument("mention_id", metavar="ID", type=int)
    @note_option
    @pass_app
    def command(app: AppContext, mention_id: int, note: str | None) -> None:
        from repwatch.app.lifecycle import decide

        decide(_open(app), mention_id, status, note)
        _done(app, said.format(id=mention_id))

    return command


concern = _status_command(
    "concern", "concern", "Mark a mention as a concern you are acting on (evidence, school, report).",
    'repwatch concern 42 --note "told the DSL"', "Marked mention {id} as a concern.",
)
resolve = _status_command(
    "resolve", "resolved", "Mark a mention as resolved; if it is found again it comes back flagged.",
    'repwatch resolve 42 --note "the site removed it"', "Marked mention {id} as resolved.",
)


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@note_option
@pass_app
def reopen(app: AppContext, mention_id: int, note: str | None) -> None:
    """Undo dismiss, concern or resolve.

    \b
    Example:
        repwatch reopen 42
    """
    from repwatch.app.lifecycle import reopen as do_reopen

    mention = do_reopen(_open(app), mention_id, note)
    _done(app, f"Reopened mention {mention_id} (now {mention.status}).")


COMMANDS = [show, dismiss, concern, resolve, reopen]
