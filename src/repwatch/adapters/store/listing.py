"""Listing mentions a page at a time: the review list, the report builder and the command line.

A store that has run daily for five years holds hundreds of thousands of mentions, so nothing here
reads them all. Each section of the review list ("needs attention", "new", "is it you?", "set aside",
"answered") has partial indexes holding only its own rows, ordered by id (ids grow with first_seen),
so a page is a short walk down one index, after the last row shown (keyset paging, never OFFSET),
and a section's count is a scan of that index alone. Mixed into :class:`repwatch.adapters.store.Store`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from repwatch.adapters.store.rows import Connected
from repwatch.models import FLAG_ORDER, RELEVANT, Mention

OPEN_SQL = "status IN ('new', 'notified')"
ABOUT_SQL = "coalesce(about_told, about)"  # what she said (`confirm`) over what triage judged
SHOWN_SQL = f"score >= {RELEVANT!r}"
# each section's condition, written once: a partial index is used only when a query repeats its
# WHERE term exactly, so the migration and the queries share these strings. Only pages about her
# need attention or are new; a page with only her name asks "is it you?"; other people's are set aside.
SECTION_SQL = {
    "attention": f"(status = 'concern' OR ({OPEN_SQL} AND flags != '[]' AND {ABOUT_SQL} = 'you' AND {SHOWN_SQL}))",
    "new": f"({OPEN_SQL} AND flags = '[]' AND {ABOUT_SQL} = 'you' AND {SHOWN_SQL})",
    "unsure": f"({OPEN_SQL} AND {ABOUT_SQL} = 'unsure' AND {SHOWN_SQL})",
    "unlikely": f"({OPEN_SQL} AND ({ABOUT_SQL} NOT IN ('you', 'unsure') OR score < {RELEVANT!r}))",
    "rest": "(status NOT IN ('new', 'notified', 'concern'))",
}
# the sections as migration 11 made them, before mentions had `about` (its indexes are made again later)
_FIRST_SECTION_SQL = {
    "attention": f"(status = 'concern' OR ({OPEN_SQL} AND flags != '[]'))",
    "new": f"({OPEN_SQL} AND flags = '[]' AND score >= {RELEVANT!r})",
    "unlikely": f"({OPEN_SQL} AND flags = '[]' AND score < {RELEVANT!r})",
    "rest": "(status NOT IN ('new', 'notified', 'concern'))",
}
SECTIONS = tuple(SECTION_SQL)
# the pages set aside as someone else's (what she said over what triage judged), each profile's in id
# order: a partial index (migration 20), so the namesakes listing reads only these, never every page
ASIDE_SQL = f"{ABOUT_SQL} = 'someone_else'"
ASIDE_INDEX = f"CREATE INDEX IF NOT EXISTS mentions_aside ON mentions(profile, id) WHERE {ASIDE_SQL};"
NAMESAKE_SAID = " you said is not you"  # what triage's reason for a page set aside as a namesake's says
ASIDE_PAGES_SQL = (f"SELECT id, about_reasons FROM mentions WHERE profile = ? AND {ASIDE_SQL} "
                   "AND instr(about_reasons, ?) > 0 ORDER BY id DESC")
COUNT_CAP = 1000  # a filtered count stops here ("more than 1,000"): counting every match is a full scan
INDEX_COUNT_CAP = 10_000  # a section's own index is counted up to here: "more than 10,000" is enough to know
FIRST_BATCH = 25  # rows a streamed listing reads before its first are printed; later batches grow (x4)


def severity_index(*, drop: bool = False) -> str:
    """The migration's SQL: "needs attention" in its page order (most serious flag first, worries
    after, newest first), so its first page is read in order instead of sorting all its rows.
    ``drop``: made again for the section as it is now (the first one predates `about`)."""
    bare = severity_sql(FLAG_ORDER).replace("m.flags", "flags")
    cond = SECTION_SQL["attention"] if drop else _FIRST_SECTION_SQL["attention"]
    lead = "DROP INDEX IF EXISTS mentions_attention_rank;\n" if drop else ""
    return (f"{lead}CREATE INDEX IF NOT EXISTS mentions_attention_rank ON mentions({bare}, status = 'concern', id DESC) "
            f"WHERE {cond}")


def section_indexes(*, drop: bool = False) -> str:
    """The migrations' SQL: per section, one index in id order and one per profile in id order.
    ``drop``: the sections as they are now, in place of the first ones (migration 11's)."""
    if not drop:
        sections = _FIRST_SECTION_SQL
        lead = ""
    else:
        sections = SECTION_SQL
        lead = "".join(f"DROP INDEX IF EXISTS mentions_{name};\nDROP INDEX IF EXISTS mentions_{name}_profile;\n"
                       for name in _FIRST_SECTION_SQL)
    return lead + "\n".join(
        f"CREATE INDEX IF NOT EXISTS mentions_{name} ON mentions(id) WHERE {cond};\n"
        f"CREATE INDEX IF NOT EXISTS mentions_{name}_profile ON mentions(profile, id) WHERE {cond};"
        for name, cond in sections.items()
    )


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to; empty means everything."""

    profile: str | None = None
    status: str | None = None
    flag: str | None = None
    platform: str | None = None
    search: str | None = None

    @property
    def indexed(self) -> bool:
        """Can a count be answered from a section's index alone (so exactly, however many)?"""
        return not (self.status or self.flag or self.platform or self.search)


@dataclass
class Page:
    """One page of a listing, and the cursor that reads the next."""

    mentions: list[Mention]
    after: str | None  # the cursor for the next page; None: this was the last


_FTS_BITS = re.compile(r'\s+|(".*?")')


def fts_words(text: str) -> str:
    """The user's search as an FTS5 query that matches every word (a "quoted phrase" kept whole).

    Each word is quoted, so what FTS5 would read as syntax (``-``, ``:``, ``*``, ``AND``, ``NEAR``)
    is searched as text and never makes the query fail. sqlite-utils' ``quote_fts`` does the
    same; this copy spares a read-only search its 50 ms import.
    """
    if text.count('"') % 2:
        text += '"'
    bits = [bit for bit in _FTS_BITS.split(text) if bit and bit != '""']
    return " ".join(bit if bit.startswith('"') else f'"{bit}"' for bit in bits)


def severity_sql(flag_order: Sequence[str]) -> str:
    """The rank of a mention's most serious flag (0 first), as the digest orders them, in SQL.

    Flags are stored as ``json.dumps`` writes them, so each code appears as ``"code": "…"``.
    """
    whens = " ".join(f"WHEN instr(m.flags, '\"code\": \"{code}\"') THEN {rank}"
                     for rank, code in enumerate(flag_order) if code.replace("_", "").isalnum())
    return f"(CASE WHEN m.flags = '[]' THEN {len(flag_order) + 1} {whens} ELSE {len(flag_order)} END)"


class ListingTables(Connected):
    """Keyset-paged reads of ``mentions`` by section, with counts."""

    if TYPE_CHECKING:  # provided by Store
        def _hydrate(self, rows: list[dict[str, Any]]) -> list[Mention]: ...
        mentions: Callable[..., list[Mention]]

    def _where(self, section: str, filters: Filters, fts: bool, mine: Collection[int] = (),
               mine_open: bool = False) -> tuple[list[str], list[Any], str]:
        """The conditions for a section. Pages a "mine" answer covers are answered whatever their
        status (unless a worry): they leave the open sections, and ``mine_open`` asks for exactly
        those the answered section adds to its own index's rows."""
        cond = SECTION_SQL[section]
        where = [cond.replace("status", "m.status").replace("flags", "m.flags").replace("score", "m.score")]
        params: list[Any] = []
        marks = ", ".join("?" for _ in mine)
        if mine_open:
            where = [f"m.id IN ({marks}) AND m.status IN ('new', 'notified')"]
            params.extend(mine)
        elif mine and section == "attention":
            where.append(f"(m.status = 'concern' OR m.id NOT IN ({marks}))")
            params.extend(mine)
        elif mine and section != "rest":
            where.append(f"m.id NOT IN ({marks})")
            params.extend(mine)
        index = "mentions_attention_rank" if section == "attention" else f"mentions_{section}"
        if filters.profile:
            where.append("m.profile = ?")
            params.append(filters.profile)
            index = f"mentions_{section}_profile"
        if filters.status:
            where.append("m.status = ?")
            params.append(filters.status)
        if filters.flag:
            where.append("instr(m.flags, ?) > 0")
            params.append(f'"code": "{filters.flag}"')
        if filters.platform:
            where.append("m.platform = ?")
            params.append(filters.platform)
        return where, params, ("" if fts or mine_open else f" INDEXED BY {index}")

    def _from(self, section: str, filters: Filters, mine: Collection[int] = (),
              mine_open: bool = False) -> tuple[str, list[str], list[Any]]:
        """The FROM clause and conditions, walking whichever is smaller: with a search, the word's
        hits (the full-text index hands rowids newest first and stops at the page's end) or, when the
        section holds fewer rows than the word has hits, the section's own index, asking the
        full-text index about each row (a common word in a small section)."""
        words = fts_words(filters.search or "") if filters.search else ""
        by_section = bool(words) and not mine_open and self._section_smaller(section, filters, words)
        where, params, hint = self._where(section, filters, bool(words) and not by_section, mine, mine_open)
        if words and by_section:
            where.append("EXISTS (SELECT 1 FROM mentions_fts f WHERE f.mentions_fts MATCH ? AND f.rowid = m.id)")
            return f"mentions m{hint}", where, [*params, words]
        if words:
            return "mentions_fts f CROSS JOIN mentions m ON m.id = f.rowid", \
                ["mentions_fts MATCH ?", *where], [words, *params]
        return f"mentions m{hint}", where, params

    def _section_smaller(self, section: str, filters: Filters, words: str) -> bool:
        """Does the section (for this profile) hold fewer rows than the words have hits? Both are
        counted from an index, the section's only up to the number of hits; the answer is kept for
        the next pages and counts (it only chooses a plan: a stale one is still right, if slower)."""
        key = (section, filters.profile, words)
        plans: dict[tuple[Any, ...], Any] = self.__dict__.setdefault("_plans", {})
        if key not in plans:
            if len(plans) > 64:
                plans.clear()
            if ("hits", words) not in plans:
                plans["hits", words] = int(self.conn.execute(
                    "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH ?", [words]).fetchone()[0])
            hits = int(plans["hits", words])
            where, params, hint = self._where(section, Filters(profile=filters.profile), False)
            size = int(self.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM mentions m{hint} WHERE "
                                         f"{' AND '.join(where)} LIMIT ?)", [*params, hits]).fetchone()[0])
            plans[key] = size < hits
        return bool(plans[key])

    def page_of_mentions(
        self, section: str, filters: Filters = Filters(), *, after: str | None = None, limit: int = 50,
        flag_order: Sequence[str] = FLAG_ORDER, mine: Collection[int] = (),
    ) -> Page:
        """One page of a section, newest first (needs attention: most serious first), after a cursor.

        ``mine``: the mentions a "mine" answer covers, which count as answered (a handful: the
        answered section merges them into its page)."""
        if filters.search is not None and not filters.search.strip('" '):
            return Page([], None)
        rows = self._page_rows(section, filters, after, limit, flag_order, mine, False)
        if section == "rest" and mine:
            rows = sorted(rows + self._page_rows(section, filters, after, limit, flag_order, mine, True),
                          key=lambda r: -r["id"])[: limit + 1]
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = None
        if more and rows:
            last_row = rows[-1]
            cursor = (f"{last_row['severity_rank']}.{int(last_row['status'] == 'concern')}.{last_row['id']}"
                      if section == "attention" else str(last_row["id"]))
        for row in rows:
            row.pop("severity_rank", None)
        return Page(self._hydrate(rows), cursor)

    def _page_rows(self, section: str, filters: Filters, after: str | None, limit: int,
                   flag_order: Sequence[str], mine: Collection[int], mine_open: bool) -> list[dict[str, Any]]:
        source, where, params = self._from(section, filters, mine, mine_open)
        if section == "attention":
            severity = severity_sql(flag_order)
            order = f"{severity}, m.status = 'concern', m.id DESC"
            if after:
                rank, concern, last = _cursor(after, 3)
                where.append(f"({severity}, m.status = 'concern', -m.id) > (?, ?, ?)")
                params += [rank, concern, -last]
            columns = f"m.*, {severity} AS severity_rank"
        else:
            order = "f.rowid DESC" if source.startswith("mentions_fts") else "m.id DESC"
            if after:
                (last,) = _cursor(after, 1)
                where.append("m.id < ?")
                params.append(last)
            columns = "m.*"
        sql = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"
        return self.rows(sql, [*params, limit + 1])

    def count_mentions(self, section: str, filters: Filters = Filters(), *, cap: int = COUNT_CAP,
                       mine: Collection[int] = ()) -> tuple[int, bool]:
        """How many mentions a section holds: (count, exact). With only a profile to narrow it, it is
        read from the section's index alone, up to 10,000; with other filters it stops at ``cap``."""
        if filters.search is not None and not filters.search.strip('" '):
            return 0, True
        count, exact = self._count(section, filters, cap, mine, False)
        if section == "rest" and mine:
            extra, extra_exact = self._count(section, filters, cap, mine, True)
            count, exact = count + extra, exact and extra_exact
        return count, exact

    def _count(self, section: str, filters: Filters, cap: int, mine: Collection[int],
               mine_open: bool) -> tuple[int, bool]:
        source, where, params = self._from(section, filters, mine, mine_open)
        inner = f"SELECT 1 FROM {source} WHERE {' AND '.join(where)}"
        if filters.indexed:
            cap = INDEX_COUNT_CAP
        found = int(self.conn.execute(f"SELECT count(*) FROM ({inner} LIMIT ?)", [*params, cap + 1]).fetchone()[0])
        return min(found, cap), found <= cap

    def iter_mentions(self, *, batch: int = 500, **query: Any) -> Iterator[Mention]:
        """Every mention ``mentions()`` would return, newest first, read a batch at a time so that
        memory stays flat however many there are (what the command line streams). The first batch is
        small (the first rows are out before a whole batch is read), the later ones up to ``batch``."""
        before: int | None = None
        size = min(batch, FIRST_BATCH)
        while True:
            rows = self.mentions(**query, before=before, limit=size)
            yield from rows
            if len(rows) < size:
                return
            before = rows[-1].id
            size = min(batch, size * 4)


def _cursor(text: str, parts: int) -> list[int]:
    """A cursor from the page's link; anything malformed starts from the top (it is only a page link)."""
    try:
        values = [int(x) for x in text.split(".")]
    except ValueError:
        values = []
    if len(values) != parts:
        return [-(2**62)] * (parts - 1) + [2**62] if parts > 1 else [2**62]
    return values
