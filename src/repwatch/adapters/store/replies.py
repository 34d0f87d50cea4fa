"""The store's side of answering by email: the digests a reply may answer, and the replies read.
Mixed into :class:`repwatch.adapters.store.Store`."""

from __future__ import annotations

from typing import Any

from repwatch.adapters.store.rows import Connected
from repwatch.models import now


class ReplyTables(Connected):
    """Reads of ``digests`` by Message-ID, and writes of ``replies`` (each reply read once)."""

    def sent_digests(self, message_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The delivered digests among these Message-IDs: id, profile, subject, sent_at."""
        found: dict[str, dict[str, Any]] = {}
        ids = list(dict.fromkeys(message_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.rows(
                f"SELECT id, profile, subject, message_id, sent_at FROM digests WHERE status = 'sent' "
                f"AND message_id IN ({marks})", chunk,
            ):
                found[row["message_id"]] = dict(row)
        return found

    def digest_mention_ids(self, digest_id: int) -> set[int]:
        return {int(r[0]) for r in self.conn.execute(
            "SELECT mention_id FROM digest_mentions WHERE digest_id = ?", [digest_id]).fetchall()}

    def replies_read(self, message_ids: list[str]) -> set[str]:
        """Which of these replies were read before (applied or refused): none is read twice."""
        seen: set[str] = set()
        ids = list(dict.fromkeys(message_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            seen.update(r[0] for r in self.conn.execute(
                f"SELECT message_id FROM replies WHERE message_id IN ({marks})", chunk).fetchall())
        return seen

    def record_reply(self, message_id: str, *, outcome: str, detail: str, profile: str | None = None,
                     digest_id: int | None = None) -> bool:
        """Keep a reply as read (``applied`` or ``refused``); False when another reading kept it first."""
        with self.atomic():
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO replies(message_id, profile, digest_id, at, outcome, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)", [message_id, profile, digest_id, now(), outcome, detail[:2000]],
            )
        return cursor.rowcount == 1

    def replies(self, profile: str | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE profile = ?", [profile]) if profile else ("", [])
        return [dict(r) for r in self.rows(f"SELECT * FROM replies {where} ORDER BY at", args)]
