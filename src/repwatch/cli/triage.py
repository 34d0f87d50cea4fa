from __future__ import annotations

from typing import TYPE_CHECKING

import click

from repwatch.cli import lists, reads
from repwatch.cli.context import AppContext, json_option, pass_app

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
    reads.show(app, mention_id, as_json)

_done = reads.done


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
    lists.namesakes(app, as_json)


@click.command()
@json_option
@pass_app
def blocked(app: AppContext, as_json: bool) -> None:
    """What is hidden as a whole: sites (dismiss --domain) and accounts (dismiss --account).

    \b
    Example:
        repwatch blocked
    """
    reads.blocked(app, as_json)

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
