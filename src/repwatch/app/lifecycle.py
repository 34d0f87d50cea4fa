"""What the user decides about a mention: not me, a concern, resolved, or reopened.

new → notified → dismissed | concern | resolved; reopen puts a mention back where it was before the
decision. A dismissed mention never comes back in a digest; a resolved one that is found again comes
back flagged ``reappeared`` (see runner).
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from repwatch import __version__
from repwatch.adapters.store import Store
from repwatch.app.lookup import blocked as blocked
from repwatch.app.lookup import get as get
from repwatch.errors import UsageError
from repwatch.handles import Account, account_of, normal, parse_handle, site_of
from repwatch.models import Mention
from repwatch.pipeline.urls import canonical_url, shape_of
from repwatch.platforms import is_social, label, shared_host

if TYPE_CHECKING:
    from repwatch.config import Profile

# `get` and `blocked` live in repwatch.app.lookup (a command that only reads loads that alone); named here too.
IDENTITY_FLAGS = ("impersonation", "unconfirmed_account")


def decide(store: Store, mention_id: int, status: str, note: str | None = None) -> Mention:
    """Set a mention's status. "Not me" (dismissed) also teaches repwatch a namesake: whoever this page
    is about has her name, and what tells them apart sets their later pages aside."""
    mention = get(store, mention_id)
    store.set_status(mention.id, status, note)
    if status == "dismissed":
        store.add_namesake(mention.profile, mention.id)
    return get(store, mention_id)


def confirm(store: Store, mention_id: int, note: str | None = None) -> Mention:
    """"This is about me": the page is hers (`about` = you) whatever triage judged; `reopen` undoes it."""
    mention = get(store, mention_id)
    if mention.status == "dismissed":
        raise UsageError(f"#{mention_id} is marked as not about you: undo that first (Undo on the page, or "
                         f"`repwatch reopen {mention_id}`).")
    if mention.about == "you":
        raise UsageError(f"Mention {mention_id} is already counted as about you.")
    store.tell_about(mention.id, "you", note)
    return get(store, mention_id)


def dismiss_domain(store: Store, mention_id: int, note: str | None = None) -> tuple[Mention, list[int]]:
    """Not me, for a whole site; refused where many people publish, which would hide them all."""
    mention = get(store, mention_id)
    if not mention.domain:
        raise UsageError(f"Mention {mention_id} has no site to stop: dismiss it without --domain.")
    host = urlsplit(canonical_url(mention.url or mention.canonical_url)).hostname or mention.domain
    shared = shared_host(host) or shared_host(mention.domain)
    if shared:
        instead = (f"hide that one account instead (on the page, hide \u201cevery page of this account\u201d; or "
                   f"`repwatch dismiss {mention_id} --account`)" if account_of_mention(mention)
                   else f"answer Not me on this page instead (`repwatch dismiss {mention_id}`)")
        raise UsageError(
            f"{mention.domain} is a site where many people publish ({shared}), so repwatch will not hide all of it: "
            f"that would hide anyone there pretending to be you too; {instead}."
        )
    ids = store.block_domain(mention.profile, mention.domain, note, mention_id=mention.id)
    if mention.id not in ids:
        store.set_status(mention.id, "dismissed", note)
        ids.append(mention.id)
    return get(store, mention_id), ids


def reopen(store: Store, mention_id: int, note: str | None = None) -> Mention:
    """Undo dismiss, concern, resolve or mine (see `undo`, which also says what stays as it was)."""
    return undo(store, mention_id, note)[0]


def undo(store: Store, mention_id: int, note: str | None = None) -> tuple[Mention, list[str]]:
    """Undo the last decision about a mention, and say in words what changed and what did not.

    A site or account block made with a dismissal stays: lifting it is its own decision
    (`repwatch unblock`), since it hides other pages too.
    """
    mention = get(store, mention_id)
    said: list[str] = []
    if store.told_about(mention.id):
        store.tell_about(mention.id, None, note)
        said.append("It is no longer counted as about you: repwatch's own judgement of it stands again.")
        if mention.status in ("new", "notified"):
            return get(store, mention_id), said
    unmined = store.remove_own_account(mention.id, note)
    if unmined:
        shown = Account(unmined["platform"], unmined["handle"], unmined["instance"]).shown
        said.append(f"The {label(unmined['platform'])} account {shown} is no longer counted as yours.")
    if mention.status in ("new", "notified"):
        if unmined:
            return get(store, mention_id), said
        raise UsageError(f"Mention {mention_id} is already open ({mention.status}).")
    store.set_status(mention.id, "notified" if store.was_notified(mention.id) else "new", note)
    store.add_event(mention.id, "reopened", note)
    if store.forget_namesake(mention.id):
        said.append("repwatch has forgotten the namesake it learned from this page: later pages like it are "
                    "judged afresh.")
    return get(store, mention_id), said + reopen_notes(store, mention_id)


def reopen_notes(store: Store, mention_id: int) -> list[str]:
    """What `reopen` leaves as it was, in words: a block made when this mention was dismissed."""
    block = store.block_of(mention_id)
    if block is None:
        return []
    if block["what"] == "site":
        return [f"The block on {block['domain']} stays: its other pages are still hidden. "
                f"Lift it with `repwatch unblock {block['domain']}`."]
    shown = Account(block["platform"], block["handle"], block["instance"] or None).shown
    return [f"The block on the {label(block['platform'])} account {shown} stays: its other pages are "
            f"still hidden. Lift it with `repwatch unblock {block['platform']}:{shown}`."]


def namesakes(store: Store, profiles: list[Profile], written: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Her namesakes (each learned from a "not me"), with what tells them apart and the pages set aside
    as theirs. A profile no longer in the config is read from its name alone. With ``written`` (each
    profile's [[profile]] table as the config file has it, by name), what is read is kept for
    ``kept_namesakes``."""
    from repwatch.config import Profile  # lazy: pydantic's models; `show` and `blocked` need none
    from repwatch.pipeline.person import person_of  # lazy: as above
    from repwatch.pipeline.triage import namesake_marks  # lazy: triage's tables; `show` needs none
    from repwatch.pipeline.triage.namesakes import as_json  # lazy: as above

    known = {p.name: p for p in profiles}
    names = list(dict.fromkeys([*known, *(r["profile"] for r in store.namesake_profiles())]))
    out: list[dict[str, Any]] = []
    code = _code_stamp() if written is not None else ""
    for name in names:
        me = person_of(known.get(name) or Profile(name=name), store)
        marks = namesake_marks(me)
        if not marks:
            continue
        rows = [as_json(mark) for mark in marks]
        if written is not None:
            for row, taught in zip(rows, store.namesakes(name), strict=True):
                key = _marks_key(code, written.get(name, {"name": name}), taught)
                if key is not None:
                    store.keep_namesake_marks(taught["mention_id"], json.dumps({"key": key, "row": row}))
        out += _with_pages(store, name, rows)
    return out


def kept_namesakes(store: Store, written: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """What ``namesakes`` says, from the marks it kept, without triage or the config's models; None when
    one was never read, or was read from another profile, page or repwatch than now (``namesakes``
    reads them again then). ``written``: each profile's [[profile]] table as the file has it, by name."""
    names = list(dict.fromkeys([*written, *(r["profile"] for r in store.namesake_profiles())]))
    kept = store.kept_namesake_marks()
    code = _code_stamp()
    out: list[dict[str, Any]] = []
    for name in names:
        rows = []
        for taught in store.namesakes(name):
            held = json.loads(kept.get(taught["mention_id"]) or "null")
            key = _marks_key(code, written.get(name, {"name": name}), taught)
            if not isinstance(held, dict) or key is None or held.get("key") != key:
                return None
            rows.append(held["row"])
        out += _with_pages(store, name, rows)
    return out


def listed_namesakes(store: Store, written: Mapping[str, Any] | None,
                     profiles: Callable[[], list[Profile]]) -> list[dict[str, Any]]:
    """The namesakes as `repwatch namesakes` and the review page list them: from the marks kept in the
    store while they hold, else read again with triage from ``profiles()`` (called only then) and kept."""
    rows = kept_namesakes(store, written) if written is not None else None
    return rows if rows is not None else namesakes(store, profiles(), written)


def written_profiles(path: Path | None) -> dict[str, Any] | None:
    """Each profile's [[profile]] table as the config file has it, by name ({} without a file), read
    without the config's models; None when a name uses ``${VAR}``."""
    from repwatch.readconfig import read_keys  # lazy: the config's keys, as the read commands read

    keys = read_keys(path, profiles=True)
    if keys is None:
        return None
    if keys.path is None:
        return {}
    data = keys.document
    entries = (data or {}).get("profile", [])
    return {p.name: entry for p, entry in zip(keys.profile, entries, strict=True)}


def _with_pages(store: Store, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each namesake's row with the pages set aside as theirs since (triage's reason names them)."""
    if not rows:
        return []
    said = [f"{row['summary']} you said is not you" for row in rows]
    pages = store.namesake_pages(name, said)  # the pages set aside alone, by their index
    return [{"profile": name, **row, "pages": pages[text]} for row, text in zip(rows, said, strict=True)]


def _marks_key(code: str, profile: Mapping[str, Any], taught: Mapping[str, Any]) -> str | None:
    """What a namesake's marks were read from: her profile as written, the page, and repwatch's code;
    None for a profile that takes a value from ``${VAR}`` (the file alone does not say what it was)."""
    text = json.dumps([code, profile, dict(taught)], sort_keys=True, ensure_ascii=False, default=str)
    return None if "${" in json.dumps(profile, default=str) else f"{zlib.crc32(text.encode()):08x}"


def _code_stamp() -> str:
    """repwatch's version, and the size and time of each file of triage and of the data it reads: marks
    read by other code are read again (an upgrade, or an edited checkout)."""
    root = Path(__file__).resolve().parent.parent
    files = []
    for folder in (root / "pipeline" / "triage", root / "data", root / "pipeline"):
        with os.scandir(folder) as entries:
            files += [(e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()]
    return f"{__version__} {zlib.crc32(json.dumps(sorted(files)).encode()):08x}"


# --- who it is: the user's own accounts, and accounts or sites they hid ----------------------------


def account_of_mention(mention: Mention) -> Account | None:
    """The account a mention is (an account page) or was written by (a post); None for other pages."""
    shape = shape_of(mention.url or mention.canonical_url, mention.kind or "web")
    if shape.kind not in ("account", "post") or not is_social(shape.platform):
        return _watched_account(mention)
    host = urlsplit(canonical_url(mention.url or mention.canonical_url)).hostname or ""
    return account_of(shape.platform, shape.handle, host)


def _watched_account(mention: Mention) -> Account | None:
    """An account the accounts watch found on a site whose addresses repwatch cannot read (Twitch,
    Roblox, a site from a sites_file): its platform is the site's, its name the username checked."""
    if mention.kind != "account" or not mention.platform or len(mention.queries) != 1:
        return None
    username = mention.queries[0]
    if not re.fullmatch(r"[\w.\-]{1,64}", username):  # a search, not a username
        return None
    return Account(mention.platform, normal(username, mention.platform), site_of(mention.url or mention.canonical_url))


ANSWER_NAMES = {"mine": "This account is mine", "dismiss --account": "every page of this account"}


def _need_account(mention: Mention, command: str) -> Account:
    account = account_of_mention(mention)
    if account is None:
        what = {"web": "a web page", "news": "a news article", "image": "a picture"}.get(mention.kind, "a page")
        if mention.kind in ("account", "post"):
            what = f"{_a(mention.kind)} whose account repwatch cannot tell from its address"
        raise UsageError(
            f"#{mention.id} is {what}, not an account or a post by one, so “{ANSWER_NAMES.get(command, command)}” "
            f"cannot be used on it; answer Not me or Worried instead (`repwatch dismiss {mention.id}` or "
            f"`repwatch concern {mention.id}`)."
        )
    return account


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _row(account: Account, mention: Mention) -> dict[str, Any]:
    return {"platform": account.platform, "handle": account.name, "instance": account.instance,
            "url": mention.url, "shown": f"{label(account.platform)} account {account.shown}"}


def _same_account(store: Store, profile: str, account: Account, statuses: tuple[str, ...] | None = None) -> list[Mention]:
    """Every stored mention of this profile that is this account's page or post."""
    found = []
    for m in store.mentions(profile=profile, include_all=True):
        if m.platform != account.platform or (statuses and m.status not in statuses):
            continue
        other = account_of_mention(m)
        if other is not None and other.name == account.name and (
            not account.instance or not other.instance or other.instance == account.instance
        ):
            found.append(m)
    return found


def mine(store: Store, mention_id: int, note: str | None = None) -> tuple[Mention, Account, list[int]]:
    """"This account is mine": it joins the profile's own accounts (kept in the database), its
    pages and posts lose the impersonation and unconfirmed-account flags now, and triage never
    raises them for it again. Returns the mention, the account and every mention it cleared.
    Saying it again is harmless: see `is_mine` to tell the two apart."""
    mention = get(store, mention_id)
    account = _need_account(mention, "mine")
    if store.own_account_of(mention.profile, account.platform, account.name, account.instance or ""):
        return mention, account, []  # said twice (a double tap, an old link): already done, nothing to do
    mentions = _same_account(store, mention.profile, account)
    restore = {m.id: m.flags for m in mentions if any(f.code in IDENTITY_FLAGS for f in m.flags)}
    store.add_own_account(mention.profile, _row(account, mention), mention_id=mention.id, note=note, restore=restore)
    return get(store, mention_id), account, sorted(restore)


def dismiss_account(store: Store, mention_id: int, note: str | None = None) -> tuple[Mention, Account, list[int]]:
    """Not me, for a whole account: every page and post of this one account is hidden, now and later."""
    mention = get(store, mention_id)
    account = _need_account(mention, "dismiss --account")
    ids = [m.id for m in _same_account(store, mention.profile, account, ("new", "notified"))]
    if mention.id not in ids:
        ids.append(mention.id)
    store.block_account(mention.profile, _row(account, mention), ids, mention_id=mention.id, note=note)
    return get(store, mention_id), account, ids


def unblock(store: Store, target: str, profile: str | None = None) -> tuple[str, list[str]]:
    """Lift a site or account block, written as `repwatch blocked` lists it (a site such as
    example.com, or an account such as bluesky:jo.bsky.social or its address), for one profile or
    all; returns what was lifted, as a person reads it, and the profiles it was lifted for."""
    target = target.strip()
    if not target:
        raise UsageError("Say which site or account to unblock, as `repwatch blocked` lists it.")
    for row in store.blocked_accounts():  # exactly as `repwatch blocked` (and the page) shows it
        shown = Account(row["platform"], row["handle"], row["instance"] or None)
        if target.lower() == f"{row['platform']}:{shown.shown}".lower():
            names = store.unblock_account(row["platform"], row["handle"], row["instance"] or None, profile)
            if names:
                return f"the {label(row['platform'])} account {shown.shown}", names
    domain = target.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
    if "/" not in domain and ":" not in domain and "@" not in domain:
        names = store.unblock_domain(domain, profile)
        if names:
            return domain, names
    try:
        handle = parse_handle(target)
    except ValueError as exc:
        raise UsageError(f"Nothing called {target!r} is blocked, and it {exc} (see `repwatch blocked`).") from None
    if handle.platform is None:
        raise UsageError(f"Nothing called {target!r} is blocked (see `repwatch blocked`).")
    name = normal(handle.name, handle.platform)
    names = store.unblock_account(handle.platform, name, handle.instance, profile)
    if not names:
        raise UsageError(f"Nothing called {target!r} is blocked (see `repwatch blocked`).")
    return f"the {label(handle.platform)} account {Account(handle.platform, name, handle.instance).shown}", names


def is_mine(store: Store, mention: Mention) -> bool:
    """Whether this mention's account is already one of the profile's own (a "mine" answer)."""
    account = account_of_mention(mention)
    return account is not None and store.own_account_of(mention.profile, account.platform, account.name,
                                                         account.instance or "")


def own_accounts(store: Store, profiles: list[Any]) -> list[dict[str, Any]]:
    """Her own accounts, as the review page lists them: those in the config's `handles` (undone by
    taking them out of the profile) and those she answered "mine" to (undone on their mention)."""
    out: list[dict[str, Any]] = []
    for index, profile in enumerate(profiles):
        for written in getattr(profile, "handles", []) or []:
            try:
                handle = parse_handle(written)
            except ValueError:
                handle = None
            where = (f"on {label(handle.platform)}" if handle is not None and handle.platform
                     else "on any site")
            out.append({"source": "config", "profile": profile.name, "index": index, "written": written,
                        "shown": written, "where": where})
        for row in store.own_accounts(profile.name):
            account = Account(row["platform"], row["handle"], row["instance"] or None)
            out.append({"source": "mine", "profile": profile.name, "index": index, "shown": account.shown,
                        "where": f"on {label(row['platform'])}", "url": row["url"], "at": row["at"],
                        "note": row["note"], "mention_id": row["mention_id"]})
    return out


def answer(store: Store, mention_id: int, action: str, note: str | None, scope: str = "page") -> str:
    """One answer, as the page, a one-click link and a reply to the digest give it: a sentence saying what
    happened. One place, so that "mine" twice is harmless wherever it is said."""
    if action == "dismiss":
        if scope == "site":
            _, ids = dismiss_domain(store, mention_id, note)
            return f"Every page on that site is hidden ({len(ids)} now)."
        if scope == "account":
            _, account, ids = dismiss_account(store, mention_id, note)
            return f"Every page of the account {account.shown} is hidden ({len(ids)} now)."
        decide(store, mention_id, "dismissed", note)
        return "Marked as not about you."
    if action == "mine":
        if is_mine(store, get(store, mention_id)):
            owned = account_of_mention(get(store, mention_id))
            shown = owned.shown if owned else ""
            return f"The account {shown} is already counted as yours: nothing more to do."
        _, account, _cleared = mine(store, mention_id, note)
        return f"The account {account.shown} is now counted as yours: it will not be flagged again."
    if action == "concern":
        decide(store, mention_id, "concern", note)
        return "Marked as a worry: it stays on your list."
    if action == "resolve":
        decide(store, mention_id, "resolved", note)
        return "Marked resolved."
    if action == "reopen":
        _, said = undo(store, mention_id, note)
        return " ".join(["Reopened.", *said])
    if action == "confirm":
        confirm(store, mention_id, note)
        return "Counted as about you."
    raise ValueError(action)
