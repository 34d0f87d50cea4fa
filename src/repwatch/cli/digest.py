"""``repwatch digest --preview``: the digest the next run would send, written to a file, sent nowhere."""

from __future__ import annotations

from pathlib import Path

import click

from repwatch.cli.context import AppContext, echo, pass_app


@click.command()
@click.option("--preview", is_flag=True, help="Render the digest the next run would send, without sending it.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML here (default: a new file in the outbox folder beside the database).")
@click.option("--profile", "profile_name", help="Only this profile (by name).")
@pass_app
def digest(app: AppContext, preview: bool, out: Path | None, profile_name: str | None) -> None:
    """Show the digest the next run would send: the mentions not yet in a delivered digest.

    Writes the HTML to a file and prints its path; opens nothing and sends nothing.

    \b
    Example:
        repwatch digest --preview --out digest.html
    """
    from datetime import UTC, datetime

    from repwatch.errors import UsageError
    from repwatch.paths import outbox_dir
    from repwatch.pipeline.digest import render_html
    from repwatch.pipeline.runner import build_digest

    if not preview:
        raise UsageError(
            "`repwatch digest` only previews: run `repwatch digest --preview` (a run sends the real digest)."
        )
    config = app.config(secrets=False)
    profiles = config.require_profiles(profile_name)
    if out is not None and len(profiles) > 1:
        raise UsageError(
            f"--out writes one file, but {config.path} has {len(profiles)} profiles: add --profile NAME."
        )
    store = app.store(config)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for profile in profiles:
        mentions = store.undelivered(profile.name)
        never_ran = not mentions and store.last_run(profile.name) is None
        built = build_digest(profile, mentions, [], [], config=config, store=store, preview=True,
                             never_ran=never_ran)
        html = render_html(built)
        if out is not None:
            target = out.expanduser()
        else:
            slug = "-".join("".join(c if c.isalnum() else " " for c in profile.name.lower()).split()) or "profile"
            target = outbox_dir(store.path) / f"preview-{slug}-{stamp}.html"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"The preview could not be written to {target} ({exc.strerror or exc}).") from exc
        echo(str(target))
        app.say(f"{profile.name}: {built.subject}")


COMMANDS = [digest]
