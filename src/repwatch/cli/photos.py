from __future__ import annotations

from typing import Any

import click

from repwatch.cli.context import AppContext, console, json_option, pass_app, print_json


@click.command()
@click.option("--profile", "profile_name", help="Only this profile (by name).")
@json_option
@pass_app
def photos(app: AppContext, profile_name: str | None, as_json: bool) -> None:
    """Your known photos (only their fingerprints are kept) and the pictures found that look like them.

    \b
    Examples:
        repwatch photos
        repwatch photos --json
    """
    from repwatch.adapters.store import Store

    config = app.keys(photos=True, required=True)
    profiles = config.require_profiles(profile_name)
    database = app.db_path or config.database_path()
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
    _show(rows)


def _show(rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape

    out = console()
    if not rows:
        out.print("No known photos. Add yours to your profile (photos = [\"~/Pictures/me.jpg\"]) or upload one on the "
                  "review page: repwatch keeps only a fingerprint of each, never the picture.", highlight=False)
        return
    kinds = {"avatar": "an account's picture", "image": "an image result", "preview": "a page's preview picture"}
    for row in rows:
        added = (row["added"] or "not read yet: the next run reads it")[:16].replace("T", " ")
        source = " (uploaded on the review page)" if row["source"] == "upload" else ""
        kind = f", kept as {escape(row['hash_kind'])} fingerprints" if row["hash_kind"] else ""
        out.print(f"[bold]{escape(row['file'])}[/bold]{source}: added {escape(added)}{kind}", highlight=False)
        if not row["matches"]:
            out.print("  no picture found that looks like it", highlight=False)
        for match in row["matches"]:
            number = f" (#{match['mention_id']})" if match["mention_id"] else ""
            out.print(f"  looks like it: {kinds.get(match['kind'], 'a picture')} on {escape(match['page_url'])}{number}, "
                      f"found {escape(match['found_at'][:10])}", highlight=False)


COMMANDS = [photos]
