"""The store's evidence tables: capture rows, the attempts that count towards retrying, and the
listing that ``evidence --verify`` re-hashes. Mixed into :class:`repwatch.adapters.store.Store`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from repwatch.adapters.store.rows import Connected, inserted


class EvidenceTables(Connected):
    """Reads and writes of ``evidence`` (and the ``captured`` event that goes with a capture)."""

    if TYPE_CHECKING:  # provided by Store
        def add_event(self, mention_id: int, event: str, note: str | None = None, *,
                      at: str | None = None) -> None: ...

    def begin_capture(self, mention_id: int, captured_at: str, url: str) -> int:
        """Record a capture attempt before anything is fetched, and return its row id.

        A page that kills the process (out of memory, say) then still counts as an attempt, so it
        is not fetched again on every run for ever; :meth:`finish_capture` fills the row in.
        """
        with self.atomic():
            return inserted(self.db.table("evidence"), {
                "mention_id": mention_id, "captured_at": captured_at, "kind": "page", "url": url,
                "outcome": "started", "detail": "the capture started but did not finish",
            })

    def finish_capture(self, mention_id: int, captured_at: str, rows: list[dict[str, Any]],
                       summary: str, *, attempt_id: int | None = None) -> None:
        """Write one capture's rows and its ``captured`` event in one transaction.

        The ``page`` row, if ``attempt_id`` names the row :meth:`begin_capture` made, replaces it.
        """
        with self.atomic():
            for row in rows:
                if attempt_id is not None and row.get("kind") == "page":
                    self.db.table("evidence").update(attempt_id, row)
                    attempt_id = None
                else:
                    self.db.table("evidence").insert(row)
            self.add_event(mention_id, "captured", summary, at=captured_at)

    def fail_capture(self, attempt_id: int, detail: str) -> None:
        """A capture that could not be stored (disk full, say): its attempt row says why."""
        with self.atomic():
            self.db.table("evidence").update(attempt_id, {"outcome": "error", "detail": detail})

    def evidence_rows(self, mention_id: int) -> list[dict[str, Any]]:
        """Every evidence row of one mention, oldest first."""
        return list(self.rows("SELECT * FROM evidence WHERE mention_id = ? ORDER BY id", [mention_id]))

    def evidence_files(self) -> list[dict[str, Any]]:
        """Every evidence row that names a stored file (its hash and path), oldest first."""
        return list(self.rows(
            "SELECT * FROM evidence WHERE sha256 IS NOT NULL ORDER BY id"
        ))

    def evidence_file_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM evidence WHERE sha256 IS NOT NULL").fetchone()[0])

    def pending_capture_ids(self, profile: str | None, *, done: Iterable[str], max_attempts: int) -> list[int]:
        """Flagged mentions (not dismissed, not set aside as someone else's) with no page row whose
        outcome is in ``done`` and fewer than ``max_attempts`` page rows (attempts) so far."""
        where = ("m.flags != '[]' AND m.status != 'dismissed' "
                 "AND coalesce(m.about_told, m.about, 'you') != 'someone_else'")
        params: list[Any] = []
        if profile is not None:
            where += " AND m.profile = ?"
            params.append(profile)
        outcomes = sorted(done)
        marks = ", ".join("?" for _ in outcomes)
        return [
            int(r[0])
            for r in self.conn.execute(
                f"SELECT m.id FROM mentions m WHERE {where} "
                "AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.mention_id = m.id AND e.kind = 'page' "
                f"AND e.outcome IN ({marks})) "
                "AND (SELECT count(*) FROM evidence e WHERE e.mention_id = m.id AND e.kind = 'page') < ? "
                "ORDER BY m.id",
                [*params, *outcomes, max_attempts],
            ).fetchall()
        ]

    def captured_events(self) -> list[dict[str, Any]]:
        """Every ``captured`` event: what ``evidence --verify`` compares the rows against, to notice
        evidence rows deleted after the capture."""
        return list(self.rows(
            "SELECT mention_id, at, note FROM events WHERE event = 'captured' ORDER BY id"
        ))

