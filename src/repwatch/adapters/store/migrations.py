"""The store's schema, one numbered step at a time: ``PRAGMA user_version`` says how many have run.

Append a step to ``MIGRATIONS``; never change or reorder one that has shipped, since databases made
by any earlier repwatch open in a later one by running the steps they have not had yet. A step is an
SQL script or a function given the sqlite-utils database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from repwatch.adapters.store.exposure import MIGRATION as EXPOSURE_MIGRATION
from repwatch.adapters.store.listing import ASIDE_INDEX, section_indexes, severity_index
from repwatch.adapters.store.sightings import compact_sightings

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["MIGRATIONS"]


def _fts(db: sqlite_utils.Database) -> None:
    db.table("mentions").enable_fts(["title", "snippet", "url"], create_triggers=True, tokenize="porter")


MIGRATIONS: list[str | Callable[[sqlite_utils.Database], None]] = [
    # 1: the first schema
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,             -- ok | partial | failed | dry_run
        queries INTEGER DEFAULT 0,
        calls INTEGER DEFAULT 0,
        failures INTEGER DEFAULT 0,
        results INTEGER DEFAULT 0,
        new_mentions INTEGER DEFAULT 0,
        digest_status TEXT,
        detail TEXT
    );
    CREATE INDEX runs_profile ON runs(profile, started_at);
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        provider TEXT NOT NULL,
        kind TEXT NOT NULL,
        query TEXT NOT NULL,
        at TEXT NOT NULL,
        status TEXT NOT NULL,             -- ok | error
        error_code TEXT,
        error TEXT,
        latency_ms INTEGER,
        result_count INTEGER DEFAULT 0
    );
    CREATE INDEX calls_provider_at ON calls(provider, at);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        canonical_url TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT,
        snippet TEXT,
        kind TEXT,
        platform TEXT,
        domain TEXT,
        published TEXT,
        thumbnail TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        score REAL DEFAULT 1.0,
        reasons TEXT DEFAULT '[]',        -- JSON: why it is (or is not) about this person
        flags TEXT DEFAULT '[]',          -- JSON: [{code, reason}]
        notified_at TEXT,
        UNIQUE(profile, canonical_url)
    );
    CREATE INDEX mentions_status ON mentions(profile, status);
    CREATE TABLE sightings (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        mention_id INTEGER REFERENCES mentions(id),
        provider TEXT NOT NULL,
        kind TEXT NOT NULL,
        query TEXT NOT NULL,
        rank INTEGER,
        url TEXT NOT NULL,
        title TEXT,
        snippet TEXT,
        seen_at TEXT NOT NULL
    );
    CREATE INDEX sightings_mention ON sightings(mention_id);
    CREATE TABLE digests (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,             -- pending | sent | written | failed
        subject TEXT,
        message_id TEXT,
        sent_at TEXT,
        error TEXT,
        path TEXT,
        all_clear INTEGER DEFAULT 0
    );
    CREATE TABLE digest_mentions (
        digest_id INTEGER REFERENCES digests(id),
        mention_id INTEGER REFERENCES mentions(id),
        PRIMARY KEY (digest_id, mention_id)
    );
    CREATE TABLE query_log (
        profile TEXT NOT NULL,
        query TEXT NOT NULL,
        provider TEXT NOT NULL,
        kind TEXT NOT NULL,
        last_run_id INTEGER,
        last_run_at TEXT,
        PRIMARY KEY (profile, query, provider, kind)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER REFERENCES mentions(id),
        at TEXT NOT NULL,
        event TEXT NOT NULL,              -- found | notified | captured | dismissed | concern | ...
        note TEXT
    );
    CREATE INDEX events_mention ON events(mention_id);
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        mention_id INTEGER REFERENCES mentions(id),
        captured_at TEXT NOT NULL,
        kind TEXT NOT NULL,               -- page | screenshot | result
        url TEXT,
        final_url TEXT,
        http_status INTEGER,
        outcome TEXT,                     -- ok | error | login_wall | timeout | too_large ...
        sha256 TEXT,
        path TEXT,
        size INTEGER,
        detail TEXT
    );
    CREATE INDEX evidence_mention ON evidence(mention_id);
    CREATE TABLE blocked_domains (
        profile TEXT NOT NULL,
        domain TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (profile, domain)
    );
    CREATE TABLE pushes (
        mention_id INTEGER PRIMARY KEY REFERENCES mentions(id),
        at TEXT NOT NULL,
        status TEXT NOT NULL
    );
    """,
    # 2: full-text search over mentions, kept up to date by triggers
    _fts,
    # 3: HTTP requests per call (pages and retries), which is what providers' quotas count
    "ALTER TABLE calls ADD COLUMN requests INTEGER DEFAULT 1",
    # 4: re-index a mention only when an indexed column changes, not on every last_seen or status
    """
    DROP TRIGGER IF EXISTS mentions_au;
    CREATE TRIGGER mentions_au AFTER UPDATE OF title, snippet, url ON mentions BEGIN
      INSERT INTO mentions_fts (mentions_fts, rowid, title, snippet, url)
        VALUES ('delete', old.rowid, old.title, old.snippet, old.url);
      INSERT INTO mentions_fts (rowid, title, snippet, url) VALUES (new.rowid, new.title, new.snippet, new.url);
    END
    """,
    # 5: merge full-text segments in larger batches: at a million mentions, the default (4) spends
    # half of a big run's ingest merging the index
    "INSERT INTO mentions_fts (mentions_fts, rank) VALUES ('automerge', 8)",
    # accounts watch: the last check of each username on each site (rotation, `repwatch accounts`)
    """
    CREATE TABLE IF NOT EXISTS account_checks (
        profile TEXT NOT NULL,
        username TEXT NOT NULL,
        site TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        outcome TEXT NOT NULL,            -- found | missing | unreliable | failed | reminded
        url TEXT,
        display_name TEXT,
        bio TEXT,
        detail TEXT,
        PRIMARY KEY (profile, username, site)
    );
    """,
    # one-click links from the digest that were used (each works once)
    """
    CREATE TABLE IF NOT EXISTS used_tokens (
        nonce TEXT PRIMARY KEY,
        mention_id INTEGER,
        action TEXT NOT NULL,
        at TEXT NOT NULL
    )
    """,
    # 8: who the user is: accounts they said are theirs (`mine`), accounts they hid (`dismiss
    # --account`), and each mention's tone (-1 hostile … 1 warm)
    """
    CREATE TABLE own_accounts (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,             -- as the platform compares it (lower case, suffix off)
        instance TEXT,                    -- a Mastodon server
        url TEXT,
        mention_id INTEGER REFERENCES mentions(id),
        at TEXT NOT NULL,
        note TEXT,
        restore TEXT DEFAULT '{}',        -- JSON: mention id -> the flags it had, for `reopen`
        UNIQUE(profile, platform, handle, instance)
    );
    CREATE TABLE blocked_accounts (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,
        instance TEXT,
        url TEXT,
        mention_id INTEGER REFERENCES mentions(id),
        at TEXT NOT NULL,
        note TEXT,
        UNIQUE(profile, platform, handle, instance)
    );
    ALTER TABLE blocked_domains ADD COLUMN mention_id INTEGER;
    ALTER TABLE mentions ADD COLUMN tone REAL DEFAULT 0;
    """,
    # 9: index new mentions for full-text search in one statement per run, not by a row trigger:
    # FTS5 flushes its pending terms at every statement savepoint, so the trigger wrote one tiny
    # index segment per mention (a 10,000-mention run spent 250 ms of its second on it)
    "DROP TRIGGER IF EXISTS mentions_ai",
    # exposure: each listing of her home on a people-search site, its removal track, each site's last check
    EXPOSURE_MIGRATION,
    # 11: the review list's sections, each a partial index in id order (and per profile), so a page
    # of a five-year store is a short index walk and a section's count reads only its own rows
    section_indexes(),
    # 12: a page seen again is one sighting row with when it was first and last seen, how many runs
    # saw it and which (ranges of run ids), not a new row per run (175 KB a run that found nothing new)
    lambda db: compact_sightings(db.conn),
    # answering by email: digests are found by their Message-ID, and each reply is read once
    """
    CREATE INDEX IF NOT EXISTS digests_message_id ON digests(message_id);
    CREATE TABLE IF NOT EXISTS replies (
        message_id TEXT PRIMARY KEY,      -- the reply's own Message-ID
        profile TEXT,
        digest_id INTEGER REFERENCES digests(id),
        at TEXT NOT NULL,
        outcome TEXT NOT NULL,            -- applied | refused
        detail TEXT
    );
    """,
    # 14: each capture's seal (an HMAC with web.key) on its result row, so `evidence --verify` notices
    # files, rows, record and timeline event rewritten together
    "ALTER TABLE evidence ADD COLUMN seal TEXT",
    # 15: "needs attention" in its page order (most serious first), so its first page is read, not sorted
    severity_index(),
    # 16: her known photos as perceptual hashes only (never the picture; digest is the file's sha256,
    # to rehash it only when it changes), and the pictures found that look like one of them
    """
    CREATE TABLE known_photos (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        file TEXT NOT NULL,               -- the name she knows it by: me.jpg
        source TEXT NOT NULL,             -- config | upload
        digest TEXT NOT NULL,
        kind TEXT NOT NULL,
        hashes TEXT NOT NULL,             -- JSON list of hex hashes
        added_at TEXT NOT NULL,
        UNIQUE(profile, file)
    );
    CREATE TABLE photo_matches (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        photo_id INTEGER NOT NULL REFERENCES known_photos(id),
        image_url TEXT NOT NULL,
        page_url TEXT NOT NULL,           -- the result's canonical address
        distance INTEGER NOT NULL,
        kind TEXT NOT NULL,               -- image | avatar | preview
        found_at TEXT NOT NULL,
        last_seen TEXT,
        UNIQUE(photo_id, image_url, page_url)
    );
    """,
    # is it about her: the judgement (you | unsure | someone_else) with its reasons, what she said
    # herself (`confirm`: about_told = 'you'), and the namesakes she taught repwatch with "not me"
    """
    ALTER TABLE mentions ADD COLUMN about TEXT DEFAULT 'you';
    ALTER TABLE mentions ADD COLUMN about_reasons TEXT DEFAULT '[]';
    ALTER TABLE mentions ADD COLUMN about_told TEXT;
    ALTER TABLE mentions ADD COLUMN told_at TEXT;
    ALTER TABLE mentions ADD COLUMN score_before REAL;
    CREATE TABLE namesakes (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        mention_id INTEGER NOT NULL UNIQUE REFERENCES mentions(id),
        at TEXT NOT NULL
    );
    """,
    # the review list's sections tell her pages from other people's: a page about someone else
    # with her name, or with only her name, never needs her attention (section indexes made again)
    section_indexes(drop=True) + "\n" + severity_index(drop=True) + ";",
    # what tells each namesake apart, as `repwatch namesakes` last read it from the page with triage,
    # with what it was read from (her profile, the page, the code): listed again without triage.
    # Empty for the namesakes of an older store: the first listing reads them and keeps them.
    "ALTER TABLE namesakes ADD COLUMN marks TEXT;",
    # 20: the pages set aside as someone else's, per profile: the namesakes listing finds each
    # namesake's pages among these alone (it read every page of hers: all 100,000 of a five-year store)
    ASIDE_INDEX,
]
