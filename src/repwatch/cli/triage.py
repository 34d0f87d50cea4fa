from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli.context import AppContext, console, echo, json_option, pass_app, print_json

if TYPE_CHECKING:
    from repwatch.adapters.store import Store

note_option = click.option("--note", help="A note kept with the mention's timeline, e.g. what you did.")


def _open(app: AppContext) -> Store:
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
    from repwatch.app.lookup import get

    store = _open(app)
    mention = get(store, mention_id)
    sightings = store.sightings(mention.id)
    events = store.events(mention.id)
    if as_json:
        print_json({**mention.to_json(), "sightings": sightings, "timeline": events})
        return
    zone = app.timezone()  # a wrong zone is said before anything is printed
    from rich.markup import escape

    out = console()
    out.print(f"[bold]#{mention.id} {escape(mention.title or mention.url)}[/bold]")
    out.print(escape(mention.url), highlight=False)
    from repwatch.pipeline.labels import (
        ABOUT_WORDS,
        STATUS_WORDS,
        event_name,
        flag_name,
        packaged_guide,
        platform_label,
        tone_to_say,
        tone_words,
    )
    from repwatch.platforms import service_name
    from repwatch.timefmt import format_local, zone_place

    words = packaged_guide()

    def at(iso: str) -> str:
        return format_local(iso, zone, "day")

    where = " · ".join(escape(x) for x in (platform_label(words, mention.platform), mention.domain) if x)
    out.print(f"{where} · [bold]{STATUS_WORDS.get(mention.status, mention.status)}[/bold] · "
              f"{ABOUT_WORDS.get(mention.about, mention.about)}", highlight=False)
    for reason in mention.about_reasons[:3]:
        out.print(f"  {escape(reason)}", highlight=False)
    said = tone_words(mention.tone)
    if said != "neutral" and tone_to_say(mention) is None:  # a friendly tone on a flagged page says nothing true
        said = "not counted on a flagged page"
    out.print(f"Tone near your name: {said} ({mention.tone:+.2f})", highlight=False)
    if mention.snippet:
        out.print(escape(mention.snippet))
    for flag in mention.flags:
        out.print(f"[red]! {escape(flag_name(words, flag.code))}[/red]: {escape(flag.reason)}")
    from repwatch.app.lifecycle import account_of_mention

    account = account_of_mention(mention)
    out.print()
    out.print(f"Not you? repwatch dismiss {mention.id}"
              + (f" (add --account to hide every page of {escape(account.shown)})" if account else ""),
              highlight=False, soft_wrap=True)
    if account:
        out.print(f"Yours? repwatch mine {mention.id}", highlight=False, soft_wrap=True)
    out.print(f"Worried? repwatch concern {mention.id}", highlight=False, soft_wrap=True)
    out.print(f"\n[bold]Found by[/bold] (times are {zone_place(zone)} time)")
    for s in sightings:
        when = at(s["seen_at"]) if (s.get("times") or 1) == 1 else \
            f"{at(s['first_seen_at'])} to {at(s['seen_at'])}, {s['times']} times"
        out.print(f"  {when}  {escape(service_name(s['provider']))}, number {s['rank']} for {escape(s['query'])}")
    if mention.evidence:
        out.print("\n[bold]Evidence[/bold]")
        for e in mention.evidence:
            out.print(f"  {at(e.captured_at)}  sha256 {e.sha256[:16]}…  {escape(e.path)}")
    out.print("\n[bold]Timeline[/bold]")
    for event in events:
        out.print(f"  {at(event['at'])}  {escape(event_name(words, event['event']))}"
                  + (f": {escape(event['note'])}" if event["note"] else ""))


def _done(app: AppContext, text: str) -> None:
    if not app.quiet:
        echo(text)


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@click.option("--domain", is_flag=True, help="Also stop every page on that site, now and in later runs "
              "(not for sites where many people publish: use --account there).")
@click.option("--account", is_flag=True, help="Also hide every page and post of that one account, now and later.")
@note_option
@pass_app
def dismiss(app: AppContext, mention_id: int, domain: bool, account: bool, note: str | None) -> None:
    """Not me: hide this mention from digests for good.

    \b
    Example:
        repwatch dismiss 42 --note "a different Joanna Whitfield"
        repwatch dismiss 42 --account
    """
    from repwatch.app.lifecycle import decide, dismiss_account, dismiss_domain
    from repwatch.errors import UsageError

    if domain and account:
        raise UsageError("Choose --domain (the whole site) or --account (one account), not both.")
    store = _open(app)
    if account:
        _, who, ids = dismiss_account(store, mention_id, note)
        from repwatch.platforms import label

        _done(app, f"Dismissed {len(ids)} mention(s) of the {label(who.platform)} account {who.shown}; "
                   f"repwatch will leave its pages out from now on (undo: repwatch unblock {who.platform}:{who.shown}).")
    elif domain:
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
    """Undo dismiss, concern, resolve, mine or confirm: the mention is open again.

    A site or account blocked with the dismissal stays blocked; it says so, and how to lift it.

    \b
    Example:
        repwatch reopen 42
    """
    from repwatch.app.lifecycle import undo

    mention, said = undo(_open(app), mention_id, note)
    _done(app, " ".join([f"Reopened mention {mention_id} (now {mention.status}).", *said]))


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@note_option
@pass_app
def mine(app: AppContext, mention_id: int, note: str | None) -> None:
    """This account is mine: never flag it, or its posts, again (`reopen ID` undoes it).

    \b
    Example:
        repwatch mine 42
    """
    from repwatch.app.lifecycle import get, is_mine
    from repwatch.app.lifecycle import mine as do_mine
    from repwatch.platforms import label

    store = _open(app)
    if is_mine(store, get(store, mention_id)):
        _, account, _ = do_mine(store, mention_id, note)
        _done(app, f"The {label(account.platform)} account {account.shown} is already one of yours: nothing "
                   f"more to do. Undo: repwatch reopen {mention_id}")
        return
    _, account, cleared = do_mine(store, mention_id, note)
    more = f" {len(cleared)} mention(s) of it are no longer flagged." if cleared else ""
    _done(app, f"The {label(account.platform)} account {account.shown} is now one of yours: repwatch will not flag it "
               f"or its posts again.{more} Undo: repwatch reopen {mention_id}")


@click.command()
@click.argument("mention_id", metavar="ID", type=int)
@note_option
@pass_app
def confirm(app: AppContext, mention_id: int, note: str | None) -> None:
    """It's me: this page is about you, whatever repwatch judged (`reopen ID` undoes it).

    \b
    Example:
        repwatch confirm 42
    """
    from repwatch.app.lifecycle import confirm as do_confirm

    do_confirm(_open(app), mention_id, note)
    _done(app, f"Mention {mention_id} is now counted as about you. Undo: repwatch reopen {mention_id}")


@click.command()
@json_option
@pass_app
def namesakes(app: AppContext, as_json: bool) -> None:
    """Other people with your name, learned each time you said "not me", and their pages set aside.

    \b
    Example:
        repwatch namesakes
    """
    from repwatch.app.lifecycle import namesakes as list_namesakes

    store = _open(app)
    config = app.config(required=False, secrets=False)
    rows = list_namesakes(store, list(config.profile) if config is not None else [])
    if as_json:
        print_json(rows)
        return
    if not rows:
        _done(app, 'No namesakes yet: when you say "not me" to a page about someone else with your name '
                   "(repwatch dismiss ID), repwatch remembers them and sets their later pages aside.")
        return
    for row in rows:
        said = row["said_at"][:10]
        pages = ", ".join(f"#{i}" for i in row["pages"]) or "none yet"
        tells = "; ".join(filter(None, [row["account"], ", ".join(row["roles"]), ", ".join(row["places"]),
                                        ", ".join(row["organisations"]),
                                        f"aged {row['age']}" if row["age"] is not None else ""]))
        click.echo(f"{row['summary'][:1].upper()}{row['summary'][1:]} ({row['profile']}): not you, said on {said} "
                   f"about #{row['mention_id']}")
        if tells:
            click.echo(f"  told apart by: {tells}")
        click.echo(f"  pages set aside since: {pages}")
    _done(app, f"Forget one with: repwatch reopen {rows[0]['mention_id']}")


@click.command()
@json_option
@pass_app
def blocked(app: AppContext, as_json: bool) -> None:
    """What is hidden as a whole: sites (dismiss --domain) and accounts (dismiss --account).

    \b
    Example:
        repwatch blocked
    """
    from repwatch.app.lookup import blocked as list_blocked

    rows = list_blocked(_open(app))
    if as_json:
        print_json(rows)
        return
    if not rows:
        _done(app, "Nothing is blocked: no site or account is hidden as a whole.")
        return
    for row in rows:
        kind = "site" if row["type"] == "site" else "account"
        note = f"  ({row['note']})" if row["note"] else ""
        click.echo(f"{row['since'][:16].replace('T', ' ')}  {kind:7}  {row['what']}  for {row['profile']}{note}")
    _done(app, "Lift one with: repwatch unblock " + rows[0]["what"])


@click.command()
@click.argument("target", metavar="SITE|ACCOUNT")
@pass_app
def unblock(app: AppContext, target: str) -> None:
    """Lift a block made by dismiss --domain or --account; pages found after this come back.

    \b
    Example:
        repwatch unblock example.com
        repwatch unblock bluesky:jo-whitfield.bsky.social
    """
    from repwatch.app.lifecycle import unblock as do_unblock

    what, profiles = do_unblock(_open(app), target)
    _done(app, f"Unblocked {what} for {', '.join(profiles)}: new pages from it will be shown again. "
               "Mentions dismissed with it stay dismissed; `repwatch reopen ID` brings one back.")


COMMANDS = [show, dismiss, concern, resolve, reopen, mine, confirm, namesakes, blocked, unblock]
