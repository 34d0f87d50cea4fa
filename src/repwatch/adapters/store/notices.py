"""The store's reads for what the user is told: urgent pushes, errors of a run, digests delivered.
Mixed into :class:`repwatch.adapters.store.Store`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from repwatch.adapters.store.rows import Connected
from repwatch.models import now


class NoticeTables(Connected):
    """Reads and writes of ``pushes``, and summary reads of ``calls`` and ``digests``."""

    if TYPE_CHECKING:  # provided by Store
        def add_event(self, mention_id: int, event: str, note: str | None = None, *,
                      at: str | None = None) -> None: ...

    # --- urgent pushes -------------------------------------------------------------------------
    def pushed(self, mention_ids: list[int]) -> set[int]:
        """Which of these mentions an urgent push has already reached."""
        found: set[int] = set()
        for start in range(0, len(mention_ids), 500):
            chunk = mention_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(int(r[0]) for r in self.conn.execute(
                f"SELECT mention_id FROM pushes WHERE status = 'sent' AND mention_id IN ({marks})", chunk
            ).fetchall())
        return found

    def record_push(self, mention_id: int, status: str) -> None:
        """An urgent push was sent (``sent``) or failed (``failed``), with its event, in one transaction."""
        with self.atomic():
            self.conn.execute(
                "INSERT INTO pushes(mention_id, at, status) VALUES (?, ?, ?) "
                "ON CONFLICT(mention_id) DO UPDATE SET at = excluded.at, status = excluded.status",
                [mention_id, now(), status],
            )
            self.add_event(mention_id, "pushed" if status == "sent" else "push_failed")

    # --- runs, calls, digests ------------------------------------------------------------------
    def run_errors(self, run_id: int) -> list[dict[str, Any]]:
        """The first error of each provider that failed in a run, in the order they happened."""
        errors: dict[str, dict[str, Any]] = {}
        for call in self.rows(
            "SELECT provider, error_code, error FROM calls WHERE run_id = ? AND status = 'error' ORDER BY id", [run_id]
        ):
            first = errors.get(call["provider"])
            if first is None:
                errors[call["provider"]] = {"provider": call["provider"], "error": call["error"],
                                            "code": call["error_code"] or "error", "count": 1}
            else:
                first["count"] += 1
        return list(errors.values())

    def failed_digest_errors(self, profile: str) -> list[str]:
        """Why each digest not delivered since the last one that was failed, newest first, each once."""
        rows = self.rows(
            "SELECT error FROM digests WHERE profile = ? AND status = 'failed' AND id > "
            "coalesce((SELECT max(id) FROM digests WHERE profile = ? AND status IN ('sent', 'written')), 0) "
            "ORDER BY id DESC", [profile, profile])
        return list(dict.fromkeys(str(r["error"] or "") for r in rows if r["error"]))

    def failed_digests(self, profile: str) -> int:
        """Digests whose send failed and no later digest has delivered since."""
        row = self.conn.execute(
            "SELECT count(*) FROM digests WHERE profile = ? AND status = 'failed' AND id > "
            "coalesce((SELECT max(id) FROM digests WHERE profile = ? AND status IN ('sent', 'written')), 0)",
            [profile, profile],
        ).fetchone()
        return int(row[0])

    def delivered_digests_since(self, profile: str, since: str) -> int:
        """Digests delivered (sent, or written to the outbox) since a time."""
        row = self.conn.execute(
            "SELECT count(*) FROM digests WHERE profile = ? AND status IN ('sent', 'written') AND sent_at >= ?",
            [profile, since],
        ).fetchone()
        return int(row[0])

    def was_notified(self, mention_id: int) -> bool:
        """Has a delivered digest ever carried this mention (whatever its status is now)?"""
        row = self.conn.execute("SELECT notified_at FROM mentions WHERE id = ?", [mention_id]).fetchone()
        return bool(row and row[0])
