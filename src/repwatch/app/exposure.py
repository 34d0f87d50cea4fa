"""Where her home is listed: the listings and their tracks, recording a removal request, and her letter.

repwatch drafts the request; she sends it. Nothing here sends anything on her behalf.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from repwatch.adapters.store import Store
from repwatch.errors import UsageError
from repwatch.models import now
from repwatch.paths import write_atomically

if TYPE_CHECKING:
    from repwatch.config import Config, Profile
    from repwatch.pipeline.exposure.sites import ExposureSite
    from repwatch.readconfig import Keys

LETTERS = "letters"  # beside the database: the drafted letters, readable by her alone


@dataclass
class Asked:
    """A removal request recorded: the listing as it is now, her letter and where it was saved."""

    row: dict[str, Any]  # the listing as `exposure --json` shows it, after the change
    letter: str  # "" where the site takes no letter (a public register's own application, a phone company)
    path: Path | None
    said: str


@dataclass(frozen=True)
class ExposureKeys:
    """What `repwatch exposure` reads of the config (see ``exposure_keys``), shaped as ``Config`` is
    where it reads it."""

    keys: Keys
    enabled: bool

    @property
    def repwatch(self) -> Any:
        return SimpleNamespace(database=self.keys.database, timezone=self.keys.timezone)

    @property
    def exposure(self) -> Any:
        return SimpleNamespace(enabled=self.enabled)

    def database_path(self) -> Path:
        return self.keys.database_path()

    def get_profile(self, name: str | None) -> list[Any]:
        from repwatch.readconfig import pick_profiles  # lazy: with the config's keys

        return pick_profiles(self.keys.profile, name, self.keys.path)


def exposure_keys(path: Path | None) -> ExposureKeys | None:
    """The keys `repwatch exposure` reads: the database, her time zone (the same sentence as the full
    check when it is wrong), her profiles' names and ``[exposure] enabled``, without validating the
    rest of the file (as ``repwatch.readconfig`` does for the other read commands). None: one of them
    uses ``${VAR}`` or is not plainly right: load the whole config, whose check words it."""
    from repwatch.readconfig import read_keys  # lazy: as the other read commands read theirs

    keys = read_keys(path, required=True, profiles=True)
    if keys is None or keys.path is None:
        return None
    keys.zone()
    data = keys.document
    section = (data or {}).get("exposure", {})
    enabled = section.get("enabled", True) if isinstance(section, dict) else None
    return ExposureKeys(keys, enabled) if isinstance(enabled, bool) else None


def rows(config: Config | ExposureKeys, store: Store, profile: str | None = None) -> list[dict[str, Any]]:
    chosen = config.get_profile(profile)[0] if profile else None
    name = chosen.name if chosen else None
    if not store.listings(name):  # none found (most people): nothing to word, no track or advice to load
        return []
    from repwatch.pipeline.exposure.advice import listing_rows  # lazy: with the first listing

    return listing_rows(config.repwatch.timezone, store, name)


def _listing(store: Store, mention_id: int) -> dict[str, Any]:
    row = store.listing_of_mention(mention_id)
    if row is None:
        raise UsageError(f"#{mention_id} is not a listing of your home on a people-search site "
                         "(`repwatch exposure` lists them, with their numbers).")
    return row


def _profile(config: Config, name: str) -> Profile | None:
    return next((p for p in config.profile if p.name.casefold() == name.casefold()), None)


def letter(config: Config, store: Store, mention_id: int, at: datetime | None = None) -> str:
    """Her request letter for one listing: UK GDPR article 17, and PECR regulation 18 where the site is
    a directory; her name, address and email filled in from her config."""
    from repwatch.pipeline.digest import new_environment  # lazy: jinja2, for the letter alone
    from repwatch.pipeline.exposure.sites import table  # lazy: the sites' models
    from repwatch.timefmt import day_month_year, local  # lazy: a letter's date (`exposure` lists without it)

    row = _listing(store, mention_id)
    site: ExposureSite | None = table().by_key().get(row["site"])
    if site is not None and not site.takes_letter:
        raise UsageError(f"{site.name} does not take an erasure letter: {site.removal_proof}")
    profile = _profile(config, row["profile"])
    when = local(at or datetime.now(UTC), config.repwatch.timezone).date()
    to = (site.removal_email if site and site.removal_email else
          f"the data protection or privacy contact of {site.name if site else row['site']}")
    return new_environment().get_template("exposure_letter.txt").render(
        to=to, site=site.name if site else row["site"], directory=bool(site and site.directory),
        url=row["url"], reason=row["reason"] or "", name=profile.name if profile else row["profile"],
        address=config.exposure.address.strip(), phone=", ".join(config.exposure.phones),
        email=config.email.to[0] if config.email and config.email.to else "", date=day_month_year(when),
    )


def _save(store: Store, mention_id: int, text: str) -> Path:
    """Beside the database, readable by her alone: it holds her address."""
    folder = store.path.parent / LETTERS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"removal-request-{mention_id}.txt"
    write_atomically(path, text)
    return path


def asked(config: Config, store: Store, mention_id: int, note: str | None = None, *, extended: bool = False,
          at: datetime | None = None) -> Asked:
    """She has sent (or is sending) the request: the track moves to ``asked`` and the ICO's month starts
    today; ``extended`` records that the site said it needs up to two more months. Asking again (after
    the site asked for proof of who she is, or after the listing came back) starts the month again."""
    from repwatch.pipeline.exposure import track  # lazy: what `exposure`'s listing loads only with a listing
    from repwatch.pipeline.exposure.advice import listing_rows  # lazy: as above
    row = _listing(store, mention_id)
    stamp = (at.isoformat(timespec="seconds") if at else now())
    if extended:
        if row["state"] not in (track.ASKED, track.NOT_REMOVED) or not row["asked_at"]:
            raise UsageError(f"#{mention_id} has no request to extend: record the request first with "
                             f"`repwatch asked {mention_id}`.")
        due_at = track.due(row["asked_at"], extended=True)
        store.set_listing_state(row["id"], track.ASKED, note or "the site said it needs up to two more months",
                                at=stamp, due_at=due_at, extended=1)
        said = f"Recorded: the site has up to two more months, until {due_at[:10]}."
    else:
        due_at = track.due(stamp)
        store.set_listing_state(row["id"], track.ASKED, note, at=stamp, asked_at=stamp, due_at=due_at, extended=0)
        said = f"Recorded your request to remove #{mention_id}. The site must answer by {due_at[:10]}."
    profile = _profile(config, row["profile"])
    shown = next(r for r in listing_rows(config.repwatch.timezone, store, profile.name if profile else None)
                 if r["listing_id"] == row["id"])
    if not shown["letter"]:
        return Asked(shown, "", None, said)
    text = letter(config, store, mention_id, at)
    return Asked(shown, text, _save(store, mention_id, text), said)
