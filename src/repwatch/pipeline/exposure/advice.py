"""What each listing's track means to her, and what to do next: the same words in the digest, on the
review page and in `repwatch exposure`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from repwatch.pipeline.exposure import track
from repwatch.schedule import parse_time
from repwatch.timefmt import day_month_year, local

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.config import Config, Profile
    from repwatch.pipeline.exposure.sites import ExposureSite

REGISTER = "open_register"
REGISTER_EVERY_DAYS = 365
RECENT_DAYS = 31  # a removal is shown this long after it happened

STATE_WORDS = {
    track.FOUND: "Found",
    track.ASKED: "Asked to remove",
    track.REMOVED: "Removed",
    track.NOT_REMOVED: "Not removed in time",
    track.REAPPEARED: "Back again",
}


def _day(value: str | None, timezone: str | None = None) -> str:
    if not value:
        return ""
    try:
        return day_month_year(local(value, timezone).date())
    except (ValueError, TypeError):
        return value[:10]


def how_to_ask(site: ExposureSite) -> str:
    """How to ask this site, in a sentence; what the table has not verified is said as "check"."""
    where = site.removal_url or (f"email {site.removal_email}" if site.removal_email else "")
    if site.removal_how == "provider":
        said = site.removal_proof
    elif site.removal_how == "companies_house":
        said = site.removal_proof + (f" How: {site.removal_url}" if site.removal_url else "")
    elif site.removal_verified:
        said = f"Use its {'form' if site.removal_how == 'form' else site.removal_how}" + (f": {where}." if where else ".")
    else:
        said = ("repwatch could not check how this site takes requests: look for a link about removing your "
                "details or privacy at the foot of its pages" + (f" (its privacy notice: {where})" if where else "")
                + ", or send your letter to its data protection contact.")
    if site.action_required:
        said += " It needs you to fill in its form or prove who you are yourself: repwatch cannot ask for you."
    return said


def next_step(row: dict[str, Any], site: ExposureSite | None, mention_id: int | None, ico_url: str,
              timezone: str | None = None, at: datetime | None = None) -> str:
    """What to do next for one listing, in plain words."""
    at = at or datetime.now(UTC)
    state = row["state"]
    if state in (track.FOUND, track.REAPPEARED):
        how = how_to_ask(site) if site else "Ask the site to remove it."
        again = "It is back: ask again. " if state == track.REAPPEARED else "Ask for it to be removed. "
        letter = site is None or site.takes_letter
        record = (f"Then record it: repwatch asked {mention_id} (or the button on your review page) "
                  + ("drafts your letter and starts the month the site has to answer." if letter
                     else "and repwatch keeps looking until it is gone.")) if mention_id else \
            "Then record it on your review page."
        return f"{again}{how} {record}"
    if state == track.ASKED:
        due = _day(row["due_at"], timezone)
        if track.overdue(state, row["due_at"], at):
            return (f"The site's month is over ({due}); repwatch will say at its next look whether the listing is "
                    "still up.")
        return (f"Asked on {_day(row['asked_at'], timezone)}. The site must answer by {due}. repwatch looks every "
                "week until then. If the site asks for proof of who you are, the month starts when it gets it: "
                f"record that with repwatch asked {mention_id or 'ID'} again.")
    if state == track.NOT_REMOVED:
        return (f"Still up after the time the law allows (asked {_day(row['asked_at'], timezone)}, due "
                f"{_day(row['due_at'], timezone)}). Keep your letter and the date you sent it, and complain to the "
                f"Information Commissioner's Office: {ico_url}")
    if state == track.REMOVED:
        return f"Removed on {_day(row['removed_at'], timezone)}. repwatch keeps looking, and tells you if it comes back."
    return ""


def listing_rows(zone: str | None, store: Store, profile: str | None = None,
                 at: datetime | None = None) -> list[dict[str, Any]]:
    """Every listing (of one profile, by name, or all) with its track, dates and next step, times in her
    time zone ``zone``: what `exposure --json`, the page and the digest read."""
    out: list[dict[str, Any]] = []
    for row in store.listings(profile):
        from repwatch.pipeline.exposure.sites import table  # lazy: pydantic, once there is a listing

        tab = table()
        site = tab.by_key().get(row["site"])
        mention_id = row["mention_id"]
        mention = store.mention(mention_id) if mention_id else None
        if mention is not None and mention.status == "dismissed":
            continue  # she said it is not her: a namesake's listing
        out.append({
            "id": mention_id,
            "listing_id": row["id"],
            "profile": row["profile"],
            "site": site.name if site else row["site"],
            "site_key": row["site"],
            "url": row["url"],
            "state": row["state"],
            "state_words": STATE_WORDS.get(row["state"], row["state"]),
            "reason": row["reason"],
            "found_at": row["found_at"],
            "asked_at": row["asked_at"],
            "due_at": row["due_at"],
            "extended": bool(row["extended"]),
            "removed_at": row["removed_at"],
            "last_checked": row["last_checked"],
            "last_outcome": row["last_outcome"],
            "action_required": bool(site and site.action_required and row["state"] in (track.FOUND, track.REAPPEARED)),
            "directory": bool(site and site.directory),
            "letter": bool(site is None or site.takes_letter),
            "removal_status": site.removal_status if site else "U",
            "next": next_step(row, site, mention_id, tab.ico.complaint_url, zone, at),
            "track": store.listing_track(row["id"]),
        })
    return out


def register_due(store: Store, profile: str, at: datetime | None = None) -> bool:
    """Once a year, the open register opt-out rides in a digest."""
    last = parse_time(store.reminded_at(profile, REGISTER))
    return last is None or (at or datetime.now(UTC)) - last >= timedelta(days=REGISTER_EVERY_DAYS)


def digest_block(config: Config, profile: Profile, store: Store, at: datetime | None = None) -> dict[str, Any] | None:
    """The digest's exposure block: listings still up or just removed, each with what to do next, and
    the yearly open register reminder. None when there is nothing to say."""
    if not config.exposure.enabled:
        return None
    at = at or datetime.now(UTC)
    recent = at - timedelta(days=RECENT_DAYS)
    from repwatch.config import Serve  # lazy: pydantic's models; `repwatch exposure` reads no config model
    from repwatch.pipeline.exposure.sites import table  # lazy: as in ``listing_rows``

    rows = [r for r in listing_rows(config.repwatch.timezone, store, profile.name, at)
            if r["state"] != track.REMOVED or (parse_time(r["removed_at"]) or at) >= recent]
    order = {track.REAPPEARED: 0, track.NOT_REMOVED: 1, track.FOUND: 2, track.ASKED: 3, track.REMOVED: 4}
    rows.sort(key=lambda r: (order.get(r["state"], 9), r["listing_id"]))
    due = register_due(store, profile.name, at)
    if not rows and not due:
        return None
    tab = table()
    serve = config.serve or Serve()
    return {"listings": rows[:20], "more": max(0, len(rows) - 20), "register": tab.open_register if due else None,
            "ico": tab.ico, "page": f"{serve.url()}/exposure"}
