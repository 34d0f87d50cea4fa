"""The read commands' work, without click: `mentions`, `show`, `blocked`, `photos` and `evidence
--verify`. Their click commands (cli/mentions.py, triage.py, photos.py, evidence.py) parse and call
these; so does ``repwatch.cli.quick``, which answers the plain ways of writing them without loading
click. What they print is theirs alone, so the two ways print the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from itertools import islice
from typing import TYPE_CHECKING, Any

from repwatch.cli.context import AppContext, echo, print_json, stream_json, write

if TYPE_CHECKING:
    from repwatch.models import Mention

STATUSES = ("new", "notified", "dismissed", "concern", "resolved")  # what `mentions --status` takes
DEFAULT_LIMIT = 200


def done(app: AppContext, text: str) -> None:
    """The closing hint on stdout, unless --quiet."""
    if not app.quiet:
        echo(text)


def mentions(app: AppContext, status: str | None = None, flagged: bool = False, since: datetime | None = None,
             text: str | None = None, include_all: bool = False, limit: int = DEFAULT_LIMIT,
             as_json: bool = False) -> None:
    """`repwatch mentions`: stored mentions, newest first, streamed (see ``--limit``). With no store
    yet, what an empty one lists (and none is made)."""
    store = app.read_store()
    found: Iterable[Mention] = () if store is None else store.iter_mentions(
        status=status, flagged=flagged, since=since.date().isoformat() if since else None,
        search=text, include_all=include_all, min_score=_threshold(), batch=min(limit or 500, 500),
    )
    rows = islice(found, limit + 1) if limit else found
    shown, more = 0, False

    def counted() -> Iterator[Mention]:
        nonlocal shown, more
        for m in rows:
            if limit and shown == limit:
                more = True  # the one past the limit: there are more than were shown
                return
            shown += 1
            yield m

    if as_json:
        stream_json(m.to_json() for m in counted())
    else:
        _listing(counted(), app.timezone())
        if not shown:
            echo("No mentions stored yet." if not any((status, flagged, since, text)) else "No mentions match.")
    if more:
        echo(f"Showing the newest {limit} mentions; there are more. Add --limit {limit * 5} to see more, or "
             "--limit 0 for all of them.", err=True)


def _listing(rows: Iterable[Mention], zone: str | tzinfo | None = None) -> None:
    """Each mention as a block of wrapped lines, printed as it is read (the first show at once,
    memory stays flat): its number and title, its address, its flags, then where it is, when it was
    first seen and its status. Blocks, not a table: a five-column table breaks words and cuts the
    status on a phone's terminal (docs/speed.md)."""
    from repwatch.cli.terminal import say
    from repwatch.pipeline.labels import STATUS_WORDS, flag_name, packaged_guide, platform_label
    from repwatch.timefmt import format_local

    words = packaged_guide()
    for count, m in enumerate(rows):
        if count:
            write("")
        say(f"#{m.id} {m.title or m.url}", "bold", hanging="  ")
        say(m.url, "dim", indent="  ")
        for flag in m.flags:
            say(f"! {flag_name(words, flag.code)}: {flag.reason}", "red", indent="  ", hanging="    ")
        where = " · ".join(x for x in (platform_label(words, m.platform), m.domain) if x)
        say(f"{where} · first seen {format_local(m.first_seen, zone, 'date')} · {STATUS_WORDS.get(m.status, m.status)}",
            indent="  ")


def _threshold() -> float:
    from repwatch.models import RELEVANT

    return RELEVANT


def show(app: AppContext, mention_id: int, as_json: bool = False) -> None:
    """`repwatch show ID`: everything about one mention."""
    from repwatch.app.lookup import get

    store = app.read_store()
    if store is None:
        raise app.no_database(f"no mention with ID {mention_id}")
    mention = get(store, mention_id)
    sightings = store.sightings(mention.id)
    events = store.events(mention.id)
    if as_json:
        print_json({**mention.to_json(), "sightings": sightings, "timeline": events})
        return
    zone = app.timezone()  # a wrong zone is said before anything is printed
    from repwatch.cli.terminal import say
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

    say(f"#{mention.id} {mention.title or mention.url}", "bold")
    say(mention.url)
    where = " · ".join(x for x in (platform_label(words, mention.platform), mention.domain) if x)
    say(f"{where} · {STATUS_WORDS.get(mention.status, mention.status)} · {ABOUT_WORDS.get(mention.about, mention.about)}")
    for reason in mention.about_reasons[:3]:
        say(reason, indent="  ", hanging="    ")
    said = tone_words(mention.tone)
    if said != "neutral" and tone_to_say(mention) is None:  # a friendly tone on a flagged page says nothing true
        said = "not counted on a flagged page"
    say(f"Tone near your name: {said} ({mention.tone:+.2f})")
    if mention.snippet:
        say(mention.snippet)
    for flag in mention.flags:
        say(f"! {flag_name(words, flag.code)}: {flag.reason}", "red", hanging="  ")
    from repwatch.app.lifecycle import account_of_mention

    account = account_of_mention(mention)
    write("")
    # the commands to type stay whole on one line, however narrow the terminal
    echo(f"Not you? repwatch dismiss {mention.id}"
         + (f" (add --account to hide every page of {account.shown})" if account else ""))
    if account:
        echo(f"Yours? repwatch mine {mention.id}")
    echo(f"Worried? repwatch concern {mention.id}")
    write("")
    say(f"Found by (times are {zone_place(zone)} time)", "bold")
    for s in sightings:
        when = at(s["seen_at"]) if (s.get("times") or 1) == 1 else \
            f"{at(s['first_seen_at'])} to {at(s['seen_at'])}, {s['times']} times"
        say(f"{when}  {service_name(s['provider'])}, number {s['rank']} for {s['query']}", indent="  ", hanging="    ")
    if mention.evidence:
        write("")
        say("Evidence", "bold")
        for e in mention.evidence:
            say(f"{at(e.captured_at)}  sha256 {e.sha256[:16]}…  {e.path}", indent="  ", hanging="    ")
    write("")
    say("Timeline", "bold")
    for event in events:
        say(f"{at(event['at'])}  {event_name(words, event['event'])}" + (f": {event['note']}" if event["note"] else ""),
            indent="  ", hanging="    ")


def blocked(app: AppContext, as_json: bool = False) -> None:
    """`repwatch blocked`: the sites and accounts hidden as a whole."""
    from repwatch.app.lookup import blocked as list_blocked

    store = app.read_store()
    rows = list_blocked(store) if store is not None else []
    if as_json:
        print_json(rows)
        return
    if not rows:
        done(app, "Nothing is blocked: no site or account is hidden as a whole.")
        return
    for row in rows:
        kind = "site" if row["type"] == "site" else "account"
        note = f"  ({row['note']})" if row["note"] else ""
        echo(f"{row['since'][:16].replace('T', ' ')}  {kind:7}  {row['what']}  for {row['profile']}{note}")
    done(app, "Lift one with: repwatch unblock " + rows[0]["what"])


def photos(app: AppContext, profile_name: str | None = None, as_json: bool = False) -> None:
    """`repwatch photos`: her known photos and the pictures found that look like them."""
    from repwatch.adapters.store import Store

    config = app.keys(photos=True, required=True)
    profiles = config.require_profiles(profile_name)
    database = app.database_for(config)
    store = Store(database) if database.exists() else None
    rows = []
    for profile in profiles:
        kept = {r["file"]: r for r in store.known_photos(profile.name)} if store else {}
        matches = store.photo_matches(profile.name) if store else []
        named = [p.name for p in profile.photo_paths(config.path.parent if config.path else None)]
        for file in dict.fromkeys([*named, *kept]):
            row = kept.get(file)
            rows.append({
                "profile": profile.name,
                "file": file,
                "source": row["source"] if row else "config",
                "added": row["added_at"] if row else None,
                "hash_kind": row["kind"] if row else None,
                "matches": [{"image_url": m["image_url"], "page_url": m["page_url"], "kind": m["kind"],
                             "distance": m["distance"], "found_at": m["found_at"], "mention_id": m["mention_id"]}
                            for m in matches if m["file"] == file],
            })
    if as_json:
        print_json(rows)
        return
    _photo_lines(rows)


NO_PHOTOS = ("No known photos. Add yours to your profile (photos = [\"~/Pictures/me.jpg\"]) or upload one on the "
             "review page: repwatch keeps only a fingerprint of each, never the picture.")


def _photo_lines(rows: list[dict[str, Any]]) -> None:
    from repwatch.cli.terminal import say

    if not rows:
        say(NO_PHOTOS)
        return
    kinds = {"avatar": "an account's picture", "image": "an image result", "preview": "a page's preview picture"}
    for row in rows:
        added = (row["added"] or "not read yet: the next run reads it")[:16].replace("T", " ")
        source = " (uploaded on the review page)" if row["source"] == "upload" else ""
        kind = f", kept as {row['hash_kind']} fingerprints" if row["hash_kind"] else ""
        say(f"{row['file']}{source}: added {added}{kind}", hanging="  ")
        if not row["matches"]:
            say("no picture found that looks like it", indent="  ")
        for match in row["matches"]:
            number = f" (#{match['mention_id']})" if match["mention_id"] else ""
            say(f"looks like it: {kinds.get(match['kind'], 'a picture')} on {match['page_url']}{number}, "
                f"found {match['found_at'][:10]}", indent="  ", hanging="    ")


def verify_evidence(app: AppContext) -> None:
    """`repwatch evidence --verify`: every stored evidence file re-hashed and checked."""
    from repwatch.pipeline.evidence_check import unsealed_count, verify

    store = app.read_store()
    if store is None:
        raise app.no_database("no evidence to check")
    count = store.evidence_file_count()
    problems = verify(store)
    for problem in problems:
        echo(f"repwatch: {problem.sentence()}", err=True)
    if problems:
        echo(f"{len(problems)} evidence problem(s) found among {count} files; each is named above.")
        raise SystemExit(1)
    echo(f"All {count} evidence files match the SHA-256 recorded when they were captured.")
    unsealed = unsealed_count(store)
    if unsealed:
        echo(f"Note: {unsealed} capture(s) carry no seal (made by an earlier version of repwatch, or their seal "
             "was removed), so only their hashes were checked.")
