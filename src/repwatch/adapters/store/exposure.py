"""The store's exposure tables: each listing of her home, its removal track, and each site's last check.
Mixed into :class:`repwatch.adapters.store.Store`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from repwatch.adapters.store.rows import Connected, inserted
from repwatch.models import Flag, now

MIGRATION = """
CREATE TABLE IF NOT EXISTS exposure_listings (
    id INTEGER PRIMARY KEY,
    profile TEXT NOT NULL,
    mention_id INTEGER REFERENCES mentions(id),
    site TEXT NOT NULL,               -- the exposure table's key
    url TEXT NOT NULL,
    state TEXT NOT NULL,              -- found | asked | removed | not_removed | reappeared
    reason TEXT,                      -- what on it shows her: "your name with Ammanford"
    found_at TEXT NOT NULL,
    asked_at TEXT,
    due_at TEXT,                      -- the site's answer is due (one month after asked; three if extended)
    extended INTEGER DEFAULT 0,
    removed_at TEXT,
    last_checked TEXT,
    last_seen TEXT,
    last_outcome TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE(profile, url)
);
CREATE TABLE IF NOT EXISTS exposure_track (
    id INTEGER PRIMARY KEY,
    listing_id INTEGER REFERENCES exposure_listings(id),
    at TEXT NOT NULL,
    state TEXT NOT NULL,
    note TEXT
);
CREATE INDEX IF NOT EXISTS exposure_track_listing ON exposure_track(listing_id);
CREATE TABLE IF NOT EXISTS exposure_checks (
    profile TEXT NOT NULL,
    site TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    outcome TEXT NOT NULL,            -- listed | not_listed | no_results | login_wall | captcha | echo | unexpected | failed
    detail TEXT,
    reported TEXT,                    -- the problem last told to her, so each is said once
    PRIMARY KEY (profile, site)
);
CREATE TABLE IF NOT EXISTS exposure_reminders (
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,               -- open_register
    at TEXT NOT NULL,
    PRIMARY KEY (profile, kind)
);
"""


class ExposureTables(Connected):
    """Reads and writes of ``exposure_listings``, ``exposure_track``, ``exposure_checks`` and ``exposure_reminders``."""

    if TYPE_CHECKING:  # provided by Store
        def add_event(self, mention_id: int, event: str, note: str | None = None, *,
                      at: str | None = None) -> None: ...

    # --- listings and their tracks -------------------------------------------------------------
    def listings(self, profile: str | None = None) -> list[dict[str, Any]]:
        if profile is None:
            return self.rows("SELECT * FROM exposure_listings ORDER BY id")
        return self.rows("SELECT * FROM exposure_listings WHERE profile = ? ORDER BY id", [profile])

    def listing(self, listing_id: int) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM exposure_listings WHERE id = ?", [listing_id])
        return found[0] if found else None

    def listing_of_mention(self, mention_id: int) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM exposure_listings WHERE mention_id = ?", [mention_id])
        return found[0] if found else None

    def listing_at(self, profile: str, url: str) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM exposure_listings WHERE profile = ? AND url = ?", [profile, url])
        return found[0] if found else None

    def add_listing(self, profile: str, *, mention_id: int | None, site: str, url: str, reason: str,
                    at: str | None = None) -> int:
        """A listing first found: its track starts at ``found``."""
        at = at or now()
        with self.atomic():
            listing_id = inserted(self.db.table("exposure_listings"), {
                "profile": profile, "mention_id": mention_id, "site": site, "url": url, "state": "found",
                "reason": reason, "found_at": at, "last_checked": at, "last_seen": at, "last_outcome": "listed",
                "updated_at": at,
            })
            self.conn.execute("INSERT INTO exposure_track(listing_id, at, state, note) VALUES (?, ?, 'found', ?)",
                              [listing_id, at, reason])
        return int(listing_id)

    def set_listing_state(self, listing_id: int, state: str, note: str | None = None, *, at: str | None = None,
                          **columns: Any) -> None:
        """Move a listing along its track, with the step kept (and on its mention's timeline)."""
        at = at or now()
        with self.atomic():
            sets = {"state": state, "updated_at": at, **columns}
            assignments = ", ".join(f"{k} = ?" for k in sets)
            self.conn.execute(f"UPDATE exposure_listings SET {assignments} WHERE id = ?", [*sets.values(), listing_id])
            self.conn.execute("INSERT INTO exposure_track(listing_id, at, state, note) VALUES (?, ?, ?, ?)",
                              [listing_id, at, state, note])
            row = self.conn.execute("SELECT mention_id FROM exposure_listings WHERE id = ?", [listing_id]).fetchone()
            if row and row[0]:
                self.add_event(int(row[0]), f"listing_{state}", note, at=at)

    def listing_checked(self, listing_id: int, outcome: str, *, seen: bool, at: str | None = None) -> None:
        at = at or now()
        self.conn.execute(
            "UPDATE exposure_listings SET last_checked = ?, last_outcome = ?"
            + (", last_seen = ?" if seen else "") + " WHERE id = ?",
            [at, outcome, at, listing_id] if seen else [at, outcome, listing_id],
        )

    def listing_track(self, listing_id: int) -> list[dict[str, Any]]:
        return self.rows("SELECT at, state, note FROM exposure_track WHERE listing_id = ? ORDER BY id", [listing_id])

    def make_listing_mention(self, mention_id: int, flags: list[Flag]) -> None:
        """A page already stored (found by an ordinary search) is a listing of her home: say so."""
        self.conn.execute("UPDATE mentions SET kind = 'listing', flags = ? WHERE id = ?",
                          [json.dumps([{"code": f.code, "reason": f.reason} for f in flags]), mention_id])

    def mention_ids(self, profile: str, canonical_urls: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for start in range(0, len(canonical_urls), 500):
            chunk = canonical_urls[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for key, mention_id in self.conn.execute(
                f"SELECT canonical_url, id FROM mentions WHERE profile = ? AND canonical_url IN ({marks})",
                [profile, *chunk],
            ):
                out[key] = int(mention_id)
        return out

    # --- each site's last check -----------------------------------------------------------------
    def exposure_checks(self, profile: str) -> dict[str, dict[str, Any]]:
        return {r["site"]: r for r in self.rows("SELECT * FROM exposure_checks WHERE profile = ?", [profile])}

    def record_exposure_check(self, profile: str, site: str, outcome: str, detail: str,
                              reported: str | None, at: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO exposure_checks(profile, site, checked_at, outcome, detail, reported) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(profile, site) DO UPDATE SET checked_at = excluded.checked_at, outcome = excluded.outcome, "
            "detail = excluded.detail, reported = excluded.reported",
            [profile, site, at or now(), outcome, detail, reported],
        )

    # --- reminders ------------------------------------------------------------------------------
    def reminded_at(self, profile: str, kind: str) -> str | None:
        row = self.conn.execute("SELECT at FROM exposure_reminders WHERE profile = ? AND kind = ?",
                                [profile, kind]).fetchone()
        return str(row[0]) if row else None

    def set_reminded(self, profile: str, kind: str, at: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO exposure_reminders(profile, kind, at) VALUES (?, ?, ?) "
            "ON CONFLICT(profile, kind) DO UPDATE SET at = excluded.at", [profile, kind, at or now()],
        )
