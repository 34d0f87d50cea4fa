"""Her known photos as hashes (never the pictures) and the pictures found that look like them.
Mixed into :class:`repwatch.adapters.store.Store`."""

from __future__ import annotations

from typing import Any

from repwatch.adapters.store.rows import Connected
from repwatch.models import now


class PhotoTables(Connected):
    """Reads and writes of ``known_photos`` and ``photo_matches``."""

    def known_photos(self, profile: str) -> list[dict[str, Any]]:
        return self.rows("SELECT id, profile, file, source, digest, kind, hashes, added_at FROM known_photos "
                         "WHERE profile = ? ORDER BY id", [profile])

    def put_known_photo(self, profile: str, file: str, source: str, digest: str, kind: str, hashes: str) -> int:
        """Store one photo's hashes (a photo already kept under this name is replaced); its id."""
        with self.atomic():
            self.conn.execute(
                "INSERT INTO known_photos(profile, file, source, digest, kind, hashes, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(profile, file) DO UPDATE SET source = excluded.source, "
                "digest = excluded.digest, kind = excluded.kind, hashes = excluded.hashes, "
                "added_at = CASE WHEN known_photos.digest = excluded.digest THEN known_photos.added_at "
                "ELSE excluded.added_at END",
                [profile, file, source, digest, kind, hashes, now()],
            )
            row = self.conn.execute("SELECT id FROM known_photos WHERE profile = ? AND file = ?",
                                    [profile, file]).fetchone()
        return int(row[0])

    def forget_known_photos(self, profile: str, source: str, keep: list[str]) -> None:
        """Drop the photos from ``source`` ('config') that are no longer named there, with their matches."""
        marks = ", ".join("?" for _ in keep) or "''"
        with self.atomic():
            ids = [r[0] for r in self.conn.execute(
                f"SELECT id FROM known_photos WHERE profile = ? AND source = ? AND file NOT IN ({marks})",
                [profile, source, *keep]).fetchall()]
            for photo_id in ids:
                self.conn.execute("DELETE FROM photo_matches WHERE photo_id = ?", [photo_id])
                self.conn.execute("DELETE FROM known_photos WHERE id = ?", [photo_id])

    def forget_uploaded_photo(self, profile: str, file: str) -> None:
        """Forget one uploaded photo's hashes, with its matches (a photo from the config goes with its line)."""
        with self.atomic():
            for (photo_id,) in self.conn.execute(
                    "SELECT id FROM known_photos WHERE profile = ? AND file = ? AND source = 'upload'",
                    [profile, file]).fetchall():
                self.conn.execute("DELETE FROM photo_matches WHERE photo_id = ?", [photo_id])
                self.conn.execute("DELETE FROM known_photos WHERE id = ?", [photo_id])

    def record_photo_match(self, profile: str, photo_id: int, image_url: str, page_url: str, distance: int,
                           where: str) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO photo_matches(profile, photo_id, image_url, page_url, distance, kind, found_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(photo_id, image_url, page_url) DO UPDATE SET "
                "distance = excluded.distance, last_seen = excluded.found_at",
                [profile, photo_id, image_url, page_url, distance, where, now()],
            )

    def photo_matches(self, profile: str) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT m.photo_id, p.file, m.image_url, m.page_url, m.distance, m.kind, m.found_at, m.last_seen, "
            "(SELECT id FROM mentions WHERE canonical_url = m.page_url OR url = m.page_url LIMIT 1) AS mention_id "
            "FROM photo_matches m JOIN known_photos p ON p.id = m.photo_id WHERE m.profile = ? ORDER BY m.id",
            [profile])
