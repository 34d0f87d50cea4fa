"""The SQLite store: runs, provider calls, sightings, mentions, digests (an outbox), and more.

One file, WAL mode, schema versioned by ``PRAGMA user_version`` with numbered migrations
(``store/migrations.py``), so a database made by any earlier repwatch opens in a later one. A run's writes happen in one
transaction: a crash mid-run leaves the last good state.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from repwatch.adapters.store.evidence import EvidenceTables
from repwatch.adapters.store.exposure import ExposureTables
from repwatch.adapters.store.listing import ASIDE_PAGES_SQL, NAMESAKE_SAID, ListingTables, fts_words
from repwatch.adapters.store.migrations import MIGRATIONS
from repwatch.adapters.store.notices import NoticeTables
from repwatch.adapters.store.photos import PhotoTables
from repwatch.adapters.store.replies import ReplyTables
from repwatch.adapters.store.rows import inserted
from repwatch.adapters.store.sightings import extend_runs
from repwatch.errors import StoreError
from repwatch.models import ABOUT_YOU, CallFailure, Evidence, Flag, Mention, Result, now
from repwatch.models import RELEVANT as THRESHOLD
from repwatch.paths import private_file, private_folder

__all__ = ["MIGRATIONS", "STATUSES", "Store", "now"]

STATUSES = ("new", "notified", "dismissed", "concern", "resolved")


def _statements(script: str) -> Iterator[str]:
    """SQL statements one by one, trigger bodies (with their inner semicolons) kept whole."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""


def _flags_json(flags: list[Flag]) -> str:
    return json.dumps([{"code": f.code, "reason": f.reason} for f in flags])


def _triage_columns(verdict: Any) -> tuple[float, str, str, float, str, str]:
    """(score, reasons, flags, tone, about, about_reasons) columns for a new mention; no verdict means
    "about you", unflagged."""
    if verdict is None:
        return 1.0, "[]", "[]", 0.0, "you", "[]"
    return (verdict.score, json.dumps(verdict.reasons), _flags_json(verdict.flags), float(getattr(verdict, "tone", 0.0)),
            str(getattr(verdict, "about", "you")), json.dumps(list(getattr(verdict, "about_reasons", []))))


def _about(row: Mapping[str, Any]) -> str:
    """What she said (`confirm`) stands over what triage judged."""
    return str(row.get("about_told") or row.get("about") or "you")


def _about_reasons(row: Mapping[str, Any]) -> list[str]:
    reasons = [str(r) for r in json.loads(row.get("about_reasons") or "[]")]
    if row.get("about_told") == "you":
        from repwatch.timefmt import short_day  # lazy: the zone library only where an answer is shown

        when = f", {short_day(row['told_at'])}" if row.get("told_at") else ""
        reasons = [f"You said this is about you{when}."] + reasons
    return reasons


def _best(rank: int | None, other: int | None) -> int | None:
    """The better (lower) of two places in the results, either possibly unknown."""
    return other if rank is None else rank if other is None else min(rank, other)


def requests_sent(calls: list[dict[str, Any]]) -> int:
    """HTTP requests a sweep's call rows sent (a call that pages sends several; a skipped one none),
    counted the way ``calls_since`` counts them against a quota."""
    return sum(1 if c.get("requests") is None else int(c["requests"]) for c in calls if c.get("status") != "skipped")


class Store(EvidenceTables, NoticeTables, ExposureTables, ListingTables, ReplyTables, PhotoTables):
    """All reads and writes of the database go through here (and only here: no SQL elsewhere).

    Table groups with their own module are mixed in: evidence (``store/evidence.py``), pushes and
    the summaries `status` reads (``store/notices.py``); files beside the database are in
    ``store/files.py``.
    """

    def __init__(self, path: Path, *, busy_timeout_s: float = 30.0) -> None:
        """``busy_timeout_s``: how long a write waits for another program's write to finish (a
        command waits long; the review page answers sooner, in words)."""
        self.path = Path(path)
        try:
            private_folder(self.path.parent)
            self.conn = sqlite3.connect(str(self.path), timeout=busy_timeout_s, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            for suffix in ("", "-wal", "-shm"):  # SQLite gives its journal the database file's mode
                private_file(self.path.with_name(self.path.name + suffix))
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            # WAL with synchronous=NORMAL never corrupts; a power cut may lose only the last commit
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA cache_size=-65536")  # 64 MB of page cache for large stores
            self.conn.execute("PRAGMA recursive_triggers=on")  # as sqlite-utils sets it
            self.migrate()
        except sqlite3.DatabaseError as exc:
            if "unable to open" in str(exc).lower() and not os.access(self.path.parent, os.W_OK):
                raise StoreError(f"The database {self.path} could not be opened: its folder is read-only for your "
                                 "user. Make it writable, then try again; nothing stored was lost.") from exc
            if any(word in str(exc).lower() for word in ("full", "i/o", "readonly", "read-only", "locked", "busy")):
                raise StoreError.from_sqlite(exc, self.path) from exc
            raise StoreError(f"The database {self.path} could not be opened ({exc}).") from exc
        except OSError as exc:
            raise StoreError(f"The database folder {self.path.parent} could not be created ({exc.strerror}).") from exc

    # --- schema ----------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"The database {self.path} was made by a newer repwatch (schema {current}); upgrade repwatch."
            )
        for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.atomic():
                if callable(step):
                    step(self.db)
                else:
                    for statement in _statements(step):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.conn.close()

    # --- runs and calls --------------------------------------------------------------------
    def record_run(
        self,
        profile: str,
        *,
        started_at: str,
        results: list[Result],
        calls: list[dict[str, Any]],
        failures: list[CallFailure],
        queries: int,
        verdicts: Mapping[str, Any] | None = None,
    ) -> tuple[int, list[int], list[int]]:
        """Store one sweep in one transaction; returns (run id, new mention ids, seen mention ids).

        ``verdicts`` (canonical URL → triage verdict with score, reasons, flags) are written with the
        new mentions, so a crash can never leave a flagged page stored without its flags.
        """
        if not calls:
            status = "ok"
        elif len(failures) == len(calls):
            status = "failed"
        elif failures:
            status = "partial"
        else:
            status = "ok"
        with self.atomic():
            run_id = inserted(self.db.table("runs"), {
                    "profile": profile,
                    "started_at": started_at,
                    "status": status,
                    "queries": queries,
                    "calls": requests_sent(calls),  # what quotas count: HTTP requests, every page
                    "failures": len(failures),
                "results": len(results),
            })
            for call in calls:
                self.db.table("calls").insert({**call, "run_id": run_id})
                self.conn.execute(
                    "INSERT INTO query_log(profile, query, provider, kind, last_run_id, last_run_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(profile, query, provider, kind) DO UPDATE SET "
                    "last_run_id = excluded.last_run_id, last_run_at = excluded.last_run_at",
                    [profile, call["query"], call["provider"], call["kind"], run_id, call["at"]],
                )
            new_ids, seen_ids = self._ingest(profile, run_id, results, verdicts or {})
            self.db.table("runs").update(
                run_id, {"new_mentions": len(new_ids), "finished_at": now()}
            )
        return int(run_id), new_ids, seen_ids

    def _ingest(
        self, profile: str, run_id: int, results: list[Result], verdicts: Mapping[str, Any]
    ) -> tuple[list[int], list[int]]:
        """Diff a run's results against what the profile has seen: new pages become mentions, known
        ones get their last_seen moved on, and every result is kept as a sighting (compactly: ``_sight``).

        Plain batched SQL, not per-row helpers: a large run (20,000 results) must take well under a
        second against a store of a million mentions.
        """
        at = now()
        conn = self.conn
        known = self._ids_for(profile, {r.canonical_url for r in results})
        last_id = conn.execute("SELECT coalesce(max(id), 0) FROM mentions").fetchone()[0]
        seen_ids: list[int] = []
        firsts: dict[str, Result] = {}
        for result in results:
            if result.canonical_url not in known:
                firsts.setdefault(result.canonical_url, result)
        conn.executemany(
            "INSERT INTO mentions (profile, canonical_url, url, title, snippet, kind, platform, domain, "
            "published, thumbnail, first_seen, last_seen, status, score, reasons, flags, tone, about, about_reasons) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)",
            [(profile, r.canonical_url, r.url, r.title, r.snippet, r.kind, r.platform, r.domain, r.published,
              r.thumbnail, at, at, *_triage_columns(verdicts.get(key))) for key, r in firsts.items()],
        )
        # new rows take ids above the old maximum (no AUTOINCREMENT, no row is ever given a lower id)
        conn.execute(
            "INSERT INTO mentions_fts (rowid, title, snippet, url) "
            "SELECT id, title, snippet, url FROM mentions WHERE id > ?", [last_id],
        )
        created = self._ids_for(profile, set(firsts))
        known.update(created)
        new_ids = [created[key] for key in firsts]
        fresh = set(new_ids)
        events = [(created[key], at, "found", f"{r.provider}: {r.query}") for key, r in firsts.items()]
        for result in results:
            mention_id = known[result.canonical_url]
            if mention_id not in fresh:
                seen_ids.append(mention_id)
        seen_ids = list(dict.fromkeys(seen_ids))
        conn.executemany("UPDATE mentions SET last_seen = ? WHERE id = ?", [(at, i) for i in sorted(seen_ids)])
        conn.executemany("INSERT INTO events (mention_id, at, event, note) VALUES (?, ?, ?, ?)", events)
        self._sight(profile, run_id, at, results, known, seen_ids)
        return new_ids, seen_ids

    def _sight(self, profile: str, run_id: int, at: str, results: list[Result], known: Mapping[str, int],
               seen_ids: list[int]) -> None:
        """Keep each result as a sighting, compactly: a page shown again as before (same search,
        address, title and snippet) moves its row's last seen on and adds this run to its runs; only
        something new or changed adds a row."""
        conn = self.conn
        previous = conn.execute("SELECT max(id) FROM runs WHERE profile = ? AND id < ?", [profile, run_id]).fetchone()[0]
        existing: dict[tuple[Any, ...], list[Any]] = {}
        ordered = sorted(seen_ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in conn.execute(
                "SELECT mention_id, provider, kind, query, url, title, snippet, id, rank, run_id, runs, times "
                f"FROM sightings WHERE mention_id IN ({marks}) ORDER BY id", chunk,
            ):
                existing[tuple(row[:7])] = list(row[7:])
        inserts: dict[tuple[Any, ...], list[Any]] = {}
        updates: dict[int, list[Any]] = {}
        for result in results:
            key = (known[result.canonical_url], result.provider, result.kind, result.query, result.url,
                   result.title, result.snippet)
            if key in inserts:  # twice in one run: one sighting, its best place
                row = inserts[key]
                row[2] = _best(row[2], result.rank)
                continue
            found = existing.get(key)
            if found is None:
                inserts[key] = [run_id, key[0], result.rank, at, at, run_id, str(run_id)]
                continue
            sighting_id, rank, last_run, runs, times = found
            if sighting_id in updates:
                updates[sighting_id][0] = _best(updates[sighting_id][0], result.rank)
            elif last_run != run_id:
                updates[sighting_id] = [_best(rank, result.rank), run_id, at, times + 1,
                                        extend_runs(runs, last_run, previous, run_id), sighting_id]
        conn.executemany(
            "INSERT INTO sightings (run_id, mention_id, provider, kind, query, rank, url, title, snippet, seen_at, "
            "first_seen_at, first_run_id, runs, times) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            [(row[0], key[0], key[1], key[2], key[3], row[2], key[4], key[5], key[6], row[3], row[4], row[5],
              row[6]) for key, row in inserts.items()],
        )
        conn.executemany(
            "UPDATE sightings SET rank = ?, run_id = ?, seen_at = ?, times = ?, runs = ? WHERE id = ?",
            [tuple(row) for _, row in sorted(updates.items())],
        )

    def _ids_for(self, profile: str, keys: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        keys_list = sorted(keys)  # index order: neighbouring keys share B-tree pages
        for start in range(0, len(keys_list), 500):
            chunk = keys_list[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for mention_id, key in self.conn.execute(
                f"SELECT id, canonical_url FROM mentions WHERE profile = ? AND canonical_url IN ({marks})",
                [profile, *chunk],
            ):
                found[key] = mention_id
        return found

    def set_run_new_mentions(self, run_id: int, count: int) -> None:
        """How many of the run's new pages are mentions of the person (what the digest counts)."""
        with self.atomic():
            self.db.table("runs").update(run_id, {"new_mentions": count})

    def set_run_digest(self, run_id: int, status: str, detail: str | None = None) -> None:
        with self.atomic():
            self.db.table("runs").update(run_id, {"digest_status": status, "detail": detail})

    def last_run(self, profile: str) -> dict[str, Any] | None:
        rows = list(
            self.rows(
                "SELECT * FROM runs WHERE profile = ? ORDER BY started_at DESC, id DESC LIMIT 1", [profile]
            )
        )
        return rows[0] if rows else None

    def calls_since(self, provider: str, since: str) -> int:
        """HTTP requests sent to a provider since a time: what its monthly quota counts.

        Calls the sweep skipped (after the provider rejected the key, say) were never sent.
        """
        return int(
            self.conn.execute(
                "SELECT coalesce(sum(coalesce(requests, 1)), 0) FROM calls "
                "WHERE provider = ? AND at >= ? AND status != 'skipped'",
                [provider, since],
            ).fetchone()[0]
        )

    def query_log(self, profile: str) -> dict[tuple[str, str, str], str]:
        """When each (query, provider, kind) last ran for this profile: the plan's rotation reads it."""
        return {
            (r["query"], r["provider"], r["kind"]): r["last_run_at"]
            for r in self.rows("SELECT * FROM query_log WHERE profile = ?", [profile])
        }

    # --- mentions --------------------------------------------------------------------------
    def update_triage(self, mention_id: int, *, score: float, reasons: list[str], flags: list[Flag],
                      tone: float | None = None, about: str | None = None,
                      about_reasons: list[str] | None = None) -> None:
        self.conn.execute(
            "UPDATE mentions SET score = ?, reasons = ?, flags = ?, tone = coalesce(?, tone), "
            "about = coalesce(?, about), about_reasons = coalesce(?, about_reasons) WHERE id = ?",
            [score, json.dumps(reasons), _flags_json(flags), tone, about,
             None if about_reasons is None else json.dumps(about_reasons), mention_id],
        )

    # --- is it about her: what she said, and the namesakes she taught -----------------------
    def tell_about(self, mention_id: int, about: str | None, note: str | None = None) -> None:
        """She said this page is about her (`confirm`, about = 'you'): it is shown as hers, its score at
        least ABOUT_YOU; None takes it back (`reopen`), with the score it had."""
        with self.atomic():
            if about:
                self.conn.execute(
                    "UPDATE mentions SET about_told = ?, told_at = ?, score_before = score, "
                    "score = max(score, ?) WHERE id = ?", [about, now(), ABOUT_YOU, mention_id])
            else:
                self.conn.execute(
                    "UPDATE mentions SET about_told = NULL, told_at = NULL, score = coalesce(score_before, score), "
                    "score_before = NULL WHERE id = ?", [mention_id])
            self.add_event(mention_id, "confirmed" if about else "unconfirmed", note)

    def told_about(self, mention_id: int) -> str | None:
        row = self.conn.execute("SELECT about_told FROM mentions WHERE id = ?", [mention_id]).fetchone()
        return row[0] if row else None

    def confirmed_urls(self, profile: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT canonical_url FROM mentions WHERE profile = ? AND about_told = 'you'", [profile])]

    def add_namesake(self, profile: str, mention_id: int) -> None:
        """"Not me" on this page: the person it is about is a namesake of the profile."""
        self.conn.execute("INSERT OR IGNORE INTO namesakes(profile, mention_id, at) VALUES (?, ?, ?)",
                          [profile, mention_id, now()])

    def forget_namesake(self, mention_id: int) -> bool:
        """`reopen` on the page that taught a namesake: it is forgotten. True if there was one."""
        return self.conn.execute("DELETE FROM namesakes WHERE mention_id = ?", [mention_id]).rowcount > 0

    def kept_namesake_marks(self) -> dict[int, str]:
        """What `repwatch namesakes` kept of each namesake (JSON), by the id of the page that taught it."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT mention_id, marks FROM namesakes WHERE marks IS NOT NULL")}

    def keep_namesake_marks(self, mention_id: int, marks: str) -> None:
        self.conn.execute("UPDATE namesakes SET marks = ? WHERE mention_id = ?", [marks, mention_id])

    def namesake_profiles(self) -> list[dict[str, Any]]:
        return list(self.rows("SELECT DISTINCT profile FROM namesakes ORDER BY profile"))

    def namesakes(self, profile: str | None = None) -> list[dict[str, Any]]:
        """Each namesake with the page that taught it (as Namesake's fields), oldest first."""
        sql = ("SELECT n.mention_id, n.at, m.url, m.title, m.snippet, m.kind FROM namesakes n "
               "JOIN mentions m ON m.id = n.mention_id")
        params: list[Any] = []
        if profile is not None:
            sql += " WHERE n.profile = ?"
            params.append(profile)
        return [{**r, "title": r["title"] or "", "snippet": r["snippet"] or "", "kind": r["kind"] or "web"}
                for r in self.rows(sql + " ORDER BY n.at, n.id", params)]

    def namesake_pages(self, profile: str, said: Iterable[str]) -> dict[str, list[int]]:
        """For each of ``said`` (a namesake's "the solicitor in Leeds you said is not you"), the ids of
        the profile's pages set aside with a reason that starts so, newest first. Read through the
        set-aside pages' own index (``mentions_aside``), and only those whose reasons name a namesake."""
        pages: dict[str, list[int]] = {text: [] for text in said}
        for mention_id, reasons in self.conn.execute(ASIDE_PAGES_SQL, [profile, NAMESAKE_SAID]):
            given = [str(r) for r in json.loads(reasons or "[]")]
            for text, ids in pages.items():
                if any(r.startswith(text) for r in given):
                    ids.append(mention_id)
        return pages

    def mark_reappeared(self, mention_id: int, flags: list[Flag]) -> None:
        """A resolved page found again: open it as new, with its flags (reappeared among them). She
        acted on it, so it is about her."""
        with self.atomic():
            self.conn.execute(
                "UPDATE mentions SET flags = ?, status = 'new', about = 'you', about_reasons = ? WHERE id = ?",
                [_flags_json(flags), json.dumps(["you marked it resolved before"]), mention_id],
            )
            self.add_event(mention_id, "reappeared")

    def mention(self, mention_id: int) -> Mention | None:
        rows = self.mentions(ids=[mention_id], include_all=True)
        return rows[0] if rows else None

    def mentions(
        self,
        *,
        profile: str | None = None,
        ids: Iterable[int] | None = None,
        status: str | None = None,
        flagged: bool = False,
        since: str | None = None,
        min_score: float | None = None,
        include_all: bool = False,
        search: str | None = None,
        limit: int | None = None,
        before: int | None = None,
    ) -> list[Mention]:
        """Mentions newest first (by id: ids grow with first_seen); ``before`` and ``limit`` page
        through them (``iter_mentions`` streams them all a batch at a time)."""
        where: list[str] = []
        params: list[Any] = []
        if profile is not None:
            where.append("m.profile = ?")
            params.append(profile)
        if ids is not None:
            id_list = list(ids)
            if not id_list:
                return []
            where.append(f"m.id IN ({', '.join('?' for _ in id_list)})")
            params.extend(id_list)
        if status is not None:
            where.append("m.status = ?")
            params.append(status)
        if flagged:
            where.append("m.flags != '[]'")
        if since is not None:
            where.append("m.first_seen >= ?")
            params.append(since)
        if min_score is not None and not include_all:
            where.append("m.score >= ?")
            params.append(min_score)
        if before is not None:
            where.append("m.id < ?")
            params.append(before)
        sql = "SELECT m.* FROM mentions m"
        if search:
            words = fts_words(search)
            if not words:  # only quotes or spaces: nothing to look for
                return []
            # driven by the full-text index, which hands its rowids newest first: the first rows of
            # a word found 400,000 times come at once, without collecting the other matches
            sql = "SELECT m.* FROM mentions_fts f CROSS JOIN mentions m ON m.id = f.rowid"
            where.insert(0, "mentions_fts MATCH ?")
            params.insert(0, words)
            if before is not None:
                where.append("f.rowid < ?")
                params.append(before)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY f.rowid DESC" if search else " ORDER BY m.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = list(self.rows(sql, params))
        return self._hydrate(rows)

    def _hydrate(self, rows: list[dict[str, Any]]) -> list[Mention]:
        if not rows:
            return []
        if len(rows) > 500:
            return [m for start in range(0, len(rows), 500) for m in self._hydrate(rows[start : start + 500])]
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" for _ in ids)
        providers: dict[int, list[str]] = {}
        queries: dict[int, list[str]] = {}
        for s in self.rows(
            f"SELECT DISTINCT mention_id, provider, query FROM sightings WHERE mention_id IN ({marks}) "
            "ORDER BY id",
            ids,
        ):
            if s["provider"] not in providers.setdefault(s["mention_id"], []):
                providers[s["mention_id"]].append(s["provider"])
            if s["query"] not in queries.setdefault(s["mention_id"], []):
                queries[s["mention_id"]].append(s["query"])
        evidence: dict[int, list[Evidence]] = {}
        for e in self.rows(
            f"SELECT mention_id, captured_at, sha256, path, kind, outcome FROM evidence WHERE mention_id IN ({marks}) "
            "AND sha256 IS NOT NULL ORDER BY id",
            ids,
        ):
            evidence.setdefault(e["mention_id"], []).append(
                Evidence(e["captured_at"], e["sha256"], e["path"], e["kind"], e["outcome"]))
        return [
            Mention(
                id=r["id"],
                profile=r["profile"],
                canonical_url=r["canonical_url"],
                url=r["url"],
                title=r["title"] or "",
                snippet=r["snippet"] or "",
                kind=r["kind"] or "web",
                platform=r["platform"] or "web",
                domain=r["domain"] or "",
                first_seen=r["first_seen"],
                last_seen=r["last_seen"],
                status=r["status"],
                score=r["score"] if r["score"] is not None else 1.0,
                tone=float(r.get("tone") or 0.0),
                published=r["published"],
                flags=[Flag(**f) for f in json.loads(r["flags"] or "[]")],
                providers=providers.get(r["id"], []),
                queries=queries.get(r["id"], []),
                evidence=evidence.get(r["id"], []),
                about=_about(r),
                about_reasons=_about_reasons(r),
            )
            for r in rows
        ]

    def set_status(self, mention_id: int, status: str, note: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        with self.atomic():
            self.conn.execute("UPDATE mentions SET status = ? WHERE id = ?", [status, mention_id])
            self.add_event(mention_id, status, note)

    def events(self, mention_id: int) -> list[dict[str, Any]]:
        return list(self.rows("SELECT at, event, note FROM events WHERE mention_id = ? ORDER BY at, id", [mention_id]))

    def sightings(self, mention_id: int) -> list[dict[str, Any]]:
        """How the page was found: one row per search that showed it (and per change of what it showed),
        with when first and last (``first_seen_at``, ``seen_at``), how many runs (``times``) and which
        (``runs``: ranges of run ids, "3-40,45": every run of the profile from 3 to 40, and 45)."""
        return list(
            self.rows(
                "SELECT provider, kind, query, rank, url, title, snippet, seen_at, run_id, "
                "coalesce(first_seen_at, seen_at) AS first_seen_at, coalesce(first_run_id, run_id) AS first_run_id, "
                "times, coalesce(runs, run_id) AS runs FROM sightings WHERE mention_id = ? ORDER BY id",
                [mention_id],
            )
        )

    def block_domain(self, profile: str, domain: str, note: str | None = None, mention_id: int | None = None) -> list[int]:
        """Stop a site for this profile: its mentions are dismissed now, and later results dropped."""
        at = now()
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO blocked_domains(profile, domain, at, note, mention_id) VALUES (?, ?, ?, ?, ?)",
                [profile, domain, at, note, mention_id],
            )
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM mentions WHERE profile = ? AND domain = ? AND status IN ('new', 'notified')",
                    [profile, domain],
                ).fetchall()
            ]
            for mention_id in ids:
                self.conn.execute("UPDATE mentions SET status = 'dismissed' WHERE id = ?", [mention_id])
                self.add_event(mention_id, "dismissed", f"every page on {domain} dismissed", at=at)
        return ids

    def token_used(self, nonce: str) -> bool:
        return self.conn.execute("SELECT 1 FROM used_tokens WHERE nonce = ?", [nonce]).fetchone() is not None

    def use_token(self, nonce: str, mention_id: int, action: str) -> bool:
        """Spend a one-click link: True the first time, False if it was used before."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO used_tokens(nonce, mention_id, action, at) VALUES (?, ?, ?, ?)",
            [nonce, mention_id, action, now()],
        )
        return cursor.rowcount == 1

    # --- accounts: the user's own, and those they hid ---------------------------------------
    def add_own_account(
        self, profile: str, account: Mapping[str, Any], *, mention_id: int | None, note: str | None,
        restore: Mapping[int, list[Flag]],
    ) -> None:
        """"This account is mine": kept with the flags it cleared, so `reopen` can put them back."""
        at = now()
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO own_accounts(profile, platform, handle, instance, url, mention_id, at, note, "
                "restore) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [profile, account["platform"], account["handle"], account.get("instance") or "", account.get("url"),
                 mention_id, at, note,
                 json.dumps({str(k): [{"code": f.code, "reason": f.reason} for f in v] for k, v in restore.items()})],
            )
            for cleared_id in restore:
                self.conn.execute(
                    "UPDATE mentions SET flags = ? WHERE id = ?",
                    [_flags_json([f for f in restore[cleared_id] if f.code not in ("impersonation", "unconfirmed_account")]),
                     cleared_id],
                )
            if mention_id is not None:
                self.add_event(mention_id, "mine", note, at=at)

    def own_account_of(self, profile: str, platform: str, handle: str, instance: str) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM own_accounts WHERE profile = ? AND platform = ? AND handle = ? AND (instance = ? OR instance = '')",
            [profile, platform, handle, instance],
        ).fetchone() is not None

    def own_accounts(self, profile: str) -> list[dict[str, Any]]:
        return list(self.rows(
            "SELECT platform, handle, instance, url, mention_id, at, note FROM own_accounts WHERE profile = ? ORDER BY id",
            [profile],
        ))

    def own_account_mention_ids(self) -> dict[int, int]:
        """Every mention a "mine" answer covers (the one it was given on, and those whose flags it
        cleared), each with the mention the answer was given on (where it is undone)."""
        out: dict[int, int] = {}
        for mention_id, restore in self.conn.execute("SELECT mention_id, restore FROM own_accounts"):
            if mention_id is None:
                continue
            out[int(mention_id)] = int(mention_id)
            for cleared in json.loads(restore or "{}"):
                out.setdefault(int(cleared), int(mention_id))
        return out

    def remove_own_account(self, mention_id: int, note: str | None = None) -> dict[str, Any] | None:
        """Undo `mine` made from this mention: the account is no longer the user's, its flags come back."""
        row = self.conn.execute(
            "SELECT id, platform, handle, instance, restore FROM own_accounts WHERE mention_id = ?", [mention_id]
        ).fetchone()
        if row is None:
            return None
        with self.atomic():
            self.conn.execute("DELETE FROM own_accounts WHERE id = ?", [row[0]])
            for cleared_id, flags in json.loads(row[4] or "{}").items():
                self.conn.execute("UPDATE mentions SET flags = ? WHERE id = ?", [json.dumps(flags), int(cleared_id)])
            self.add_event(mention_id, "not mine", note)
        return {"platform": row[1], "handle": row[2], "instance": row[3] or None}

    def block_account(
        self, profile: str, account: Mapping[str, Any], mention_ids: list[int], *, mention_id: int, note: str | None
    ) -> None:
        """Hide every page of one account or author: these mentions now, later results in triage."""
        at = now()
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO blocked_accounts(profile, platform, handle, instance, url, mention_id, at, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [profile, account["platform"], account["handle"], account.get("instance") or "", account.get("url"),
                 mention_id, at, note],
            )
            for one in mention_ids:
                self.conn.execute("UPDATE mentions SET status = 'dismissed' WHERE id = ?", [one])
                self.add_event(one, "dismissed", note if one == mention_id else f"every page of {account['shown']} dismissed", at=at)

    def blocked_accounts(self, profile: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT profile, platform, handle, instance, url, mention_id, at, note FROM blocked_accounts"
        return list(self.rows(sql + (" WHERE profile = ?" if profile else "") + " ORDER BY at, id",
                                  [profile] if profile else []))

    def blocked_sites(self, profile: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT profile, domain, at, note, mention_id FROM blocked_domains"
        return list(self.rows(sql + (" WHERE profile = ?" if profile else "") + " ORDER BY at, domain",
                                  [profile] if profile else []))

    def unblock_domain(self, domain: str, profile: str | None = None) -> list[str]:
        """Lift a site block; returns the profiles it was lifted for."""
        where, params = "domain = ?", [domain]
        if profile:
            where, params = where + " AND profile = ?", [domain, profile]
        with self.atomic():
            names = [r[0] for r in self.conn.execute(f"SELECT profile FROM blocked_domains WHERE {where}", params)]
            self.conn.execute(f"DELETE FROM blocked_domains WHERE {where}", params)
        return names

    def unblock_account(self, platform: str, handle: str, instance: str | None, profile: str | None = None) -> list[str]:
        where = "platform = ? AND handle = ?"
        params: list[Any] = [platform, handle]
        if instance:
            where += " AND instance = ?"
            params.append(instance)
        if profile:
            where += " AND profile = ?"
            params.append(profile)
        with self.atomic():
            names = [r[0] for r in self.conn.execute(f"SELECT profile FROM blocked_accounts WHERE {where}", params)]
            self.conn.execute(f"DELETE FROM blocked_accounts WHERE {where}", params)
        return names

    def block_of(self, mention_id: int) -> dict[str, Any] | None:
        """The site or account block this mention's dismissal made, if it made one."""
        for table, what in (("blocked_accounts", "account"), ("blocked_domains", "site")):
            rows = list(self.rows(f"SELECT * FROM {table} WHERE mention_id = ?", [mention_id]))
            if rows:
                return {"what": what, **rows[0]}
        return None

    def blocked_domains(self, profile: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT domain FROM blocked_domains WHERE profile = ?", [profile])]

    def dismissed_urls(self, profile: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT canonical_url FROM mentions WHERE profile = ? AND status = 'dismissed'", [profile]
            )
        ]

    def add_event(self, mention_id: int, event: str, note: str | None = None, *, at: str | None = None) -> None:
        self.db.table("events").insert({"mention_id": mention_id, "at": at or now(), "event": event, "note": note})

    # --- digests: an outbox ----------------------------------------------------------------
    def undelivered(self, profile: str) -> list[Mention]:
        """Mentions no delivered digest has carried yet: this run's new ones and any a failed send left.

        Pages about other people with her name (`someone_else`) ride along to be counted in one line
        ("3 pages about other people named … were set aside"), never shown; other mentions judged not
        worth showing (score under triage.THRESHOLD: "Ms W" alone) stay out. A flag the user must see
        (reappeared) brings one back in whatever its score.
        """

        return [
            m for m in self.mentions(profile=profile, status="new", include_all=True)
            if m.score >= THRESHOLD or m.about == "someone_else" or any(f.code == "reappeared" for f in m.flags)
        ]

    def open_digest(self, profile: str, run_id: int | None, mention_ids: list[int], *, all_clear: bool) -> int:
        with self.atomic():
            digest_id = inserted(self.db.table("digests"), {
                    "profile": profile,
                    "run_id": run_id,
                    "created_at": now(),
                    "status": "pending",
                "all_clear": int(all_clear),
            })
            for mention_id in mention_ids:
                self.db.table("digest_mentions").insert({"digest_id": digest_id, "mention_id": mention_id})
        return int(digest_id)

    def digest_delivered(
        self, digest_id: int, *, status: str, subject: str, message_id: str | None, path: str | None = None
    ) -> None:
        """The server accepted it (or it was written to the outbox): only now are its mentions notified."""
        at = now()
        with self.atomic():
            self.db.table("digests").update(
                digest_id,
                {"status": status, "subject": subject, "message_id": message_id, "sent_at": at, "path": path},
            )
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT mention_id FROM digest_mentions WHERE digest_id = ?", [digest_id]
                ).fetchall()
            ]
            for mention_id in ids:
                self.conn.execute(
                    "UPDATE mentions SET status = 'notified', notified_at = ? WHERE id = ? AND status = 'new'",
                    [at, mention_id],
                )
                self.add_event(mention_id, "notified", f"digest {digest_id}", at=at)

    def digest_failed(self, digest_id: int, error: str) -> None:
        with self.atomic():
            self.db.table("digests").update(digest_id, {"status": "failed", "error": error})

    def close_interrupted_digests(self, profile: str) -> list[str]:
        """Digests a run opened but never finished (the process stopped while sending): mark them
        failed and return when each was started. Runs hold the run lock, so none is still going."""
        rows = self.conn.execute(
            "SELECT id, created_at FROM digests WHERE profile = ? AND status = 'pending' ORDER BY id", [profile]
        ).fetchall()
        for digest_id, _ in rows:
            self.digest_failed(digest_id, "repwatch stopped before the mail server's answer was recorded")
        return [created_at for _, created_at in rows]

    def digest_unconfirmed(self, digest_id: int, error: str) -> None:
        """The server took the message but never confirmed it: it may have arrived (see runner)."""
        with self.atomic():
            self.db.table("digests").update(digest_id, {"status": "unconfirmed", "error": error})

    def close_unconfirmed_digests(self, profile: str) -> list[str]:
        """Unconfirmed digests become failed; returns when each was started, for the next digest's note."""
        rows = self.conn.execute(
            "SELECT id, created_at FROM digests WHERE profile = ? AND status = 'unconfirmed' ORDER BY id", [profile]
        ).fetchall()
        with self.atomic():
            for digest_id, _ in rows:
                self.db.table("digests").update(digest_id, {"status": "failed"})
        return [created_at for _, created_at in rows]

    def pending_digests(self, profile: str | None = None) -> int:
        """How many mentions wait for a digest (for `status`)."""

        sql = "SELECT count(*) FROM mentions m WHERE m.status = 'new' AND m.score >= ?"
        params: list[Any] = [THRESHOLD]
        if profile:
            sql += " AND m.profile = ?"
            params.append(profile)
        return int(self.conn.execute(sql, params).fetchone()[0])

    # --- accounts watch ----------------------------------------------------------------------
    def record_account_checks(self, profile: str, rows: list[dict[str, Any]]) -> None:
        """Keep the latest check of each (username, site): what rotation and `repwatch accounts` read."""
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO account_checks (profile, username, site, checked_at, outcome, url, display_name, bio, "
                "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(profile, username, site) DO UPDATE SET "
                "checked_at = excluded.checked_at, outcome = excluded.outcome, url = excluded.url, "
                "display_name = excluded.display_name, bio = excluded.bio, detail = excluded.detail",
                [(profile, r["username"], r["site"], r.get("checked_at") or now(), r["outcome"], r.get("url"),
                  r.get("display_name"), r.get("bio"), r.get("detail")) for r in rows],
            )

    def account_checks(self, profile: str) -> list[dict[str, Any]]:
        return list(self.rows(
            "SELECT * FROM account_checks WHERE profile = ? ORDER BY site, username", [profile]
        ))

    def account_check_log(self, profile: str) -> dict[tuple[str, str], str]:
        """When each (username, site) was last checked: the accounts watch's rotation reads it."""
        return {(r["username"].casefold(), r["site"].casefold()): r["checked_at"] for r in self.account_checks(profile)}
