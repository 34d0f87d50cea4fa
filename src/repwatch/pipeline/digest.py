"""The digest email: what is new about the person, and what to do about it, in HTML and plain text.

The words and links of the advice live in one data file, ``data/guide.toml``; a school or local
authority can point ``[repwatch] guide`` at its own copy. This module decides what goes in which
order (the most serious first), and makes every piece of web text safe to show: no markup, no
control or direction-override characters, no ``javascript:`` links, nothing too long.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from repwatch.adapters.providers import key_services, provider_table
from repwatch.adapters.tokens import ONE_CLICK, secret_key, sign
from repwatch.config import Serve
from repwatch.datafiles import checked
from repwatch.errors import ConfigError, RepwatchError
from repwatch.models import CallFailure, Mention
from repwatch.pipeline.flags import flag_rank, mention_rank
from repwatch.pipeline.guidefile import GuideFile
from repwatch.pipeline.labels import packaged_guide, platform_label, tone_to_say
from repwatch.platforms import service_name
from repwatch.schedule import month_start, next_run
from repwatch.text import clean
from repwatch.timefmt import day_month_year, format_local, zone_place

if TYPE_CHECKING:
    from jinja2 import Environment

    from repwatch.adapters.store import Store

# C0/C1 controls, zero-width and bidi marks, embeddings, overrides and isolates, line/paragraph separators
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]")
TITLE_MAX = 200
SNIPPET_MAX = 400
URL_SHOWN_MAX = 70
SHOWN_STATUSES = frozenset({"V", "C"})  # link statuses shown as links; "U" never is


HTML_BUDGET = 90_000  # bytes of HTML: Gmail clips a message at about 102 KB, and the steps are at the end
_ROW_TITLE_MAX = 90

# Per failure code: what she can do about it, in her words (the service's own message says what happened).
FAILURE_FIX = {
    "transient": "This is usually the service's own problem and passes; repwatch tries these searches again next run. "
                 "If it lasts more than a day, “Run the checks” on the status page (or `repwatch doctor`) tests the service.",
    "network": "Check that this computer is online and that the service's address in your config file is right; "
               "“Run the checks” on the status page (or `repwatch doctor`) tests it and says what to change.",
    "certificate": "Ask whoever runs this network for its certificate, or run repwatch on another network.",
    "auth": "The key or password was refused: copy it again with `repwatch init --set-secret` "
            "(“Run the checks” on the status page, or `repwatch doctor`, says which one).",
    "quota": "The free searches for this month are used up; repwatch searches there again when they renew. "
             "Another search service (`repwatch init`) keeps you covered meanwhile.",
    "rate_limited": "The service asked repwatch to slow down; it tries again next run.",
    "blocked": "The service is turning away automated searches from this network; a search service with a key "
               f"({key_services()}) avoids this.",
    "error": "Check the service's address in your config file (“Run the checks” on the status page, or "
             "`repwatch doctor`, tests it).",
    "time_limit": "The run reached its time limit; these searches go first next run.",
}
_FAILURE_FIX_OTHER = ("Press “Run the checks” on the status page (or run `repwatch doctor`); if it keeps failing, "
                      "switch that service off in your config file.")
ADDRESS_FIX = ("Check the address: base_url in [providers.{code}] in your config file should be the address you "
               "open {service} at, such as http://localhost:8888, with nothing after it (or run `repwatch init` again).")


def failure_fix(provider: str, code: str) -> str:
    """What to do about one search service's failure, in words: the digest, `run` and `status` say it."""
    if code == "not_found":
        return ADDRESS_FIX.format(service=service_name(provider), code=provider)
    service = provider_table().get(provider)
    if code == "auth" and service is not None and service.key is not None:
        return (f"Put in the right key with `repwatch init --set-secret {service.key.short}` (copy it again, "
                "with no spaces).")
    return FAILURE_FIX.get(code, _FAILURE_FIX_OTHER)


@dataclass
class Digest:
    profile: str
    mentions: list[Mention]
    failures: list[CallFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    generated_at: str = ""
    next_run: str | None = None
    sample: bool = False
    skipped_queries: list[str] = field(default_factory=list)
    privacy_platforms: list[str] = field(default_factory=list)  # non-empty: carry the monthly reminder
    guide_path: str | None = None  # a school's own guide file; None: the packaged one
    evidence_dir: str | None = None  # where saved copies of flagged pages are kept
    preview: bool = False
    never_ran: bool = False  # a preview before the first search: empty because nothing was searched yet
    nothing_searched: bool = False  # every search of this run failed: no search answered at all
    capture_problems: list[str] = field(default_factory=list)  # pages this run could not save, first time
    capture_still: int = 0  # pages that failed on an earlier run too: only counted
    links: dict[int, dict[str, str]] = field(default_factory=dict)  # review-page links per mention id
    review_hint: str | None = None  # links to this computer's review page: where they open
    timezone: str | None = None  # [repwatch] timezone: the days of the mentions' dates; None: the computer's
    review_url: str | None = None  # the review page's address, for what the digest only counts
    replies: bool = False  # [email.replies] is on: she can answer by replying
    full_limit: int | None = None  # mentions needing attention shown in full (the rest as rows); None: all
    row_limit: int | None = None  # one-line rows shown per section; None: all
    exposure: dict[str, Any] | None = None  # where her home is listed: exposure.advice.digest_block

    @property
    def yours(self) -> list[Mention]:
        """Pages about her (``about`` = you): the only ones in "needs attention" and the new mentions."""
        return [m for m in self.mentions if m.about not in ("unsure", "someone_else")]

    @property
    def unsure(self) -> list[Mention]:
        """Pages with her name and nothing either way: one line each, "is it you?", flagged ones first."""
        return sorted((m for m in self.mentions if m.about == "unsure"), key=lambda m: (mention_rank(m), m.id))

    @property
    def set_aside(self) -> list[Mention]:
        """Pages about other people with her name: only counted, with a link to them on the review page."""
        return [m for m in self.mentions if m.about == "someone_else"]

    @property
    def nothing_new(self) -> bool:
        return not self.yours and not self.unsure

    @property
    def all_clear(self) -> bool:
        """Nothing new, and every search that was due was answered: the only "all clear" there is."""
        return self.nothing_new and not self.failures

    @property
    def unsearched(self) -> list[str]:
        """The search services that could not be searched this run, as people know them, in order."""
        return list(dict.fromkeys(service_name(f.provider) for f in self.failures))

    @property
    def unsearched_text(self) -> str:
        names = [one_line(n, 40) for n in self.unsearched]
        if len(names) > 3:
            names = [*names[:2], f"{len(names) - 2} other services"]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def failure_groups(self) -> list[dict[str, Any]]:
        """One line per service and cause: the service's words for the first, how many searches, the fix."""
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        for f in self.failures:
            key = (f.provider, f.code)
            if key not in groups:
                groups[key] = {"service": service_name(f.provider), "error": f.error, "count": 0,
                               "fix": failure_fix(f.provider, f.code)}
            groups[key]["count"] += 1
        return list(groups.values())

    @property
    def attention(self) -> list[Mention]:
        """Flagged mentions about her, most serious first (safeguarding, impersonation, negative, ...)."""
        flagged = [m for m in self.yours if m.flags]
        return sorted(flagged, key=lambda m: (mention_rank(m), m.id))

    @property
    def attention_full(self) -> list[Mention]:
        return self.attention if self.full_limit is None else self.attention[: self.full_limit]

    @property
    def attention_rows(self) -> list[Mention]:
        """Needing attention but past what fits in full: one line each (the guide's steps still cover them)."""
        return [] if self.full_limit is None else self.attention[self.full_limit:]

    @property
    def others(self) -> list[Mention]:
        return [m for m in self.yours if not m.flags]

    def rows(self, mentions: list[Mention]) -> list[Mention]:
        """As many of these one-line rows as the email has room for (the rest are on the review page)."""
        return mentions if self.row_limit is None else mentions[: self.row_limit]

    def left_out(self, mentions: list[Mention]) -> int:
        return len(mentions) - len(self.rows(mentions))

    def left_out_said(self, mentions: list[Mention]) -> str:
        """"and 3 more on your review page" after the rows shown; when there was room for none, not
        "and": the section would say "and 2 more" under no rows at all."""
        n = self.left_out(mentions)
        if self.rows(mentions):
            return f"and {n} more on your review page"
        return {1: "It is", 2: "Both are"}.get(n, f"All {n} are") + " on your review page"

    @property
    def flag_codes(self) -> list[str]:
        """Every flag code of the mentions needing attention, once, most serious first."""
        codes = {f.code for m in self.attention for f in m.flags}
        return sorted(codes, key=lambda c: (flag_rank(c), c))

    @property
    def subject(self) -> str:
        name = one_line(self.profile, 80)
        prefix = "[SAMPLE] " if self.sample else ""
        if self.nothing_new and self.never_ran:
            return f"{prefix}repwatch: no search for {name} yet"
        if self.nothing_new and self.failures:
            return one_line(f"{prefix}repwatch: could not search {self.unsearched_text} for {name} today", 200)
        if self.nothing_new:
            return f"{prefix}repwatch: nothing new about {name}"
        count = len(self.yours)
        unsure = len(self.unsure)
        if count:
            noun = "mention" if count == 1 else "mentions"
            subject = f"{prefix}repwatch: {count} new {noun} of {name}"
            attention = len(self.attention)
            if attention:
                subject += f" ({attention} {'needs' if attention == 1 else 'need'} attention)"
            if unsure:
                subject += f", {unsure} more with your name"
        else:
            subject = (f"{prefix}repwatch: {unsure} new {'page' if unsure == 1 else 'pages'} with the name {name}: "
                       f"{'is it' if unsure == 1 else 'are they'} you?")
        if self.failures:
            subject += f"; could not search {self.unsearched_text}"
        return one_line(subject, 200)


# --- making web text safe ------------------------------------------------------------------
def one_line(text: Any, limit: int) -> str:
    """Text fit for a header or a heading: no line breaks, no control, direction-override, invisible
    or tag characters (the one cleaner, ``repwatch.text.clean``)."""
    return clean(text or "", limit)


def safe_href(url: str) -> str:
    """Only http(s) links go into an email; anything else (javascript:, data:) becomes inert."""
    url = (url or "").strip()
    if _CONTROL.search(url) or any(c.isspace() for c in url):
        return "#"
    return url if re.match(r"^https?://[^/\s]", url, re.IGNORECASE) else "#"


def display_url(url: str, limit: int = URL_SHOWN_MAX) -> str:
    """What a link's text shows: the real host (punycode for look-alike letters) and the path, cut short."""
    href = safe_href(url)
    if href == "#":
        return "(not a web address)"
    parts = urlsplit(href)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = host.encode("ascii", "backslashreplace").decode("ascii")
    rest = parts.path if parts.path not in ("", "/") else ""
    if parts.query:
        rest += "?" + parts.query
    return one_line(host + rest, limit)


def nice_date(value: str | None, timezone: str | None = None) -> str:
    """'2026-10-14T09:30:00' → '14 Oct 2026', the day it was in the user's zone (stored times are UTC:
    found at 23:30 UTC is the next morning in Tokyo); a bare date stays that date; unreadable → ''."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) > 10:
            return format_local(text, timezone, "date")
    except ValueError:
        pass  # a time repwatch cannot read: its day, if that part can be read
    try:
        return day_month_year(datetime.fromisoformat(text[:10]).date(), short=True)
    except ValueError:
        return ""


# --- the guide file ------------------------------------------------------------------------
def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def guide(path: str | None = None) -> dict[str, Any]:
    """The packaged guide, or a school's own file laid over it (what the file leaves out falls back)."""
    base = packaged_guide()
    if not path:
        return base

    file = Path(path).expanduser()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"The guide file {file} (repwatch.guide) could not be read ({exc.strerror or exc})."
        ) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"The guide file {file} (repwatch.guide) is not valid TOML: {exc}.") from exc
    merged = _merge(base, data)
    checked(GuideFile, merged, f"The guide file {file} (repwatch.guide)")  # the packaged part fits already
    return merged


def usable(link: Any) -> dict[str, str] | None:
    """A link the digest may show as a link: a V or C status (or none given), and http(s)."""
    if not isinstance(link, dict):
        return None
    if str(link.get("status", "V")).upper() not in SHOWN_STATUSES:
        return None
    href = safe_href(str(link.get("url", "")))
    if href == "#":
        return None
    return {"label": one_line(link.get("label") or display_url(href), 200), "url": href, "shown": display_url(href)}


def platform_entry(g: dict[str, Any], platform: str) -> dict[str, Any]:
    platforms = g.get("platforms") or {}
    return platforms.get(platform) or platforms.get("web") or {}


def where_to_report(g: dict[str, Any], mention: Mention, which: str) -> dict[str, Any]:
    """The site's own route for one flag: a checked link when there is one, else plain instructions."""
    entry = platform_entry(g, mention.platform)
    order = [which, "report"] if which != "report" else ["report"]
    if which == "privacy":
        order = ["personal", "report"]  # a page with personal details: the site's own removal route
    link = None
    for key in order:
        candidate = entry.get(key)
        if isinstance(candidate, dict) and candidate.get("domain") and candidate["domain"] != mention.domain:
            continue
        link = usable(candidate)
        if link:
            break
    return {
        "platform": mention.platform,
        "label": platform_label(g, mention.platform),
        "link": link,
        "how": None if link else one_line(entry.get("how") or "", 300) or None,
    }


def advice_sections(digest: Digest, g: dict[str, Any]) -> list[dict[str, Any]]:
    """One section per flag code in the digest, most serious first, with where to report each mention."""
    flags = g.get("flags") or {}
    sections = []
    for code in digest.flag_codes:
        spec = flags.get(code) or flags.get("other") or {}
        mentions = [m for m in digest.attention if any(f.code == code for f in m.flags)]
        which = spec.get("platform_link", "report")
        routes: list[dict[str, Any]] = []
        seen: dict[tuple[str, str | None], dict[str, Any]] = {}
        for mention in mentions:
            route = where_to_report(g, mention, which)
            key = (route["label"], route["link"]["url"] if route["link"] else route["how"])
            if key in seen:
                seen[key]["ids"].append(mention.id)
            else:
                route["ids"] = [mention.id]
                seen[key] = route
                routes.append(route)
        sections.append(
            {
                "code": code,
                "anchor": "advice-" + re.sub(r"[^a-z0-9_]", "", code.lower()),
                "title": one_line(spec.get("title") or code.replace("_", " ").capitalize(), 200),
                "urgent": one_line(spec.get("urgent") or "", 300),
                "steps": [one_line(s, 600) for s in spec.get("steps", [])],
                "routes": routes,
                "links": [link for link in (usable(x) for x in spec.get("links", [])) if link],
                "ids": [m.id for m in mentions],
            }
        )
    return sections


def evidence_advice(g: dict[str, Any], codes: list[str] | set[str]) -> dict[str, str]:
    """What to save for a page with these flags, from the guide's one place for it (``[evidence]``
    and each flag's ``evidence``): save everything; the one exception (a nude or sexual image of
    anyone under 18) is said only where a flag has it. The digest, the review page and the report
    all take their words from here, so they never disagree."""
    general = g.get("evidence") or {}
    flags = g.get("flags") or {}
    ordered = sorted(dict.fromkeys(codes), key=flag_rank)
    save = next((flags[c]["evidence"] for c in ordered if isinstance(flags.get(c), dict) and flags[c].get("evidence")),
                general.get("save") or "")
    exception = next((flags[c]["evidence_except"] for c in ordered
                      if isinstance(flags.get(c), dict) and flags[c].get("evidence_except")), "")
    return {"save": one_line(str(save), 400), "exception": one_line(str(exception), 600),
            "unsaved": one_line(str(general.get("unsaved") or ""), 300)}


def privacy_items(g: dict[str, Any], platforms: list[str]) -> list[dict[str, Any]]:
    items = []
    for code in dict.fromkeys(p.strip().lower() for p in platforms if p.strip()):
        entry = (g.get("platforms") or {}).get(code, {})
        link = usable(entry.get("privacy"))
        how = None if link else one_line(entry.get("privacy_how") or "Open its Settings, then Privacy.", 300)
        items.append({"label": platform_label(g, code), "link": link, "how": how})
    return items


# --- when: the next run, and the monthly reminder ------------------------------------------
def next_run_text(schedule: str, timezone: str | None = None, now: datetime | None = None) -> str | None:
    """When a run on this schedule is next due, as a person reads it ('Tuesday 25 November at 07:00')."""

    try:
        when = next_run(schedule, timezone, now or datetime.now(UTC))
    except Exception:  # noqa: BLE001 - the footer is a courtesy; never fail a digest over it
        return None
    return format_local(when, timezone, "weekday")


def privacy_reminder_due(store: Store, profile: str, timezone: str | None = None,
                         now: datetime | None = None) -> bool:
    """The monthly privacy reminder rides in the first digest delivered in each calendar month.

    Read from the store's digests (only delivered ones count), so a failed send passes the
    reminder on to the next digest, and a preview changes nothing.
    """

    since = month_start(timezone, now)
    return store.delivered_digests_since(profile, since) == 0


# --- rendering -----------------------------------------------------------------------------
def new_environment() -> Environment:
    """Jinja2 as every repwatch page and email uses it: autoescape always on, safe links, one-line text.

    The digest and the review page each add their own filters to a fresh one.
    """
    from jinja2 import (  # lazy: only drawing a digest or a page needs the templates; `search` uses this module
        Environment,
        PackageLoader,
        StrictUndefined,
        select_autoescape,
    )

    env = Environment(
        loader=PackageLoader("repwatch", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["one_line"] = one_line
    env.filters["safe_href"] = safe_href
    env.filters["display_url"] = display_url
    env.filters["provider"] = service_name
    env.filters["tone_said"] = tone_to_say
    env.filters["by_severity"] = lambda flags: sorted(flags, key=lambda f: flag_rank(f.code))
    return env


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import pass_context  # lazy: as above

    env = new_environment()
    env.filters["nice_date"] = pass_context(lambda ctx, value: nice_date(value, ctx.get("zone")))
    return env


def _context(digest: Digest) -> dict[str, Any]:
    g = guide(digest.guide_path)
    sections = advice_sections(digest, g)
    anchors = {s["code"]: s for s in sections}
    others = sorted(digest.others, key=lambda m: (platform_label(g, m.platform).casefold(), m.id))
    return {
        "d": digest,
        "zone": digest.timezone,
        "zone_name": zone_place(digest.timezone),
        "guide": g,
        "sections": sections,
        "anchors": anchors,
        "others": others,
        "unsure": digest.unsure,
        "can_confirm": "confirm" in ONE_CLICK,
        "privacy": privacy_items(g, digest.privacy_platforms),
        "privacy_more": usable((g.get("privacy_reminder") or {}).get("more")),
        "safeguarding": "safeguarding" in digest.flag_codes,
        "urgent_line": one_line(((g.get("flags") or {}).get("safeguarding") or {}).get("urgent") or "", 200),
        "label": lambda code: platform_label(g, code),
        "evidence_advice": lambda m: evidence_advice(g, [f.code for f in m.flags]),
        "title_max": TITLE_MAX,
        "row_title_max": _ROW_TITLE_MAX,
        "snippet_max": SNIPPET_MAX,
    }


def render_text(digest: Digest) -> str:
    # the text part is not HTML: nothing to escape, but still no control characters from the web
    fit(digest)
    return _environment().get_template("digest.txt").render(**_context(digest))


def _html(digest: Digest) -> str:
    import css_inline  # lazy: only the HTML digest needs it

    html = _environment().get_template("digest.html.j2").render(**_context(digest))
    # keep the <style> block too: its dark-mode @media rules cannot be inlined
    return css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False).inline(html)


def render_html(digest: Digest) -> str:
    fit(digest)
    return _html(digest)


def fit(digest: Digest, budget: int = HTML_BUDGET) -> None:
    """Choose how much is shown in full so that the HTML stays under ``budget`` bytes whatever was found.

    Mail readers cut long messages (Gmail at about 102 KB, behind "[Message clipped]"), and what is
    cut is the end: the guide's steps and the helplines. So the steps, the helplines and the footer
    always stay; what gives way is, first, the one-line rows past what fits (the review page has
    them all, and the digest says how many more there are), then full cards needing attention past
    what fits, which become one-line rows too. Sets ``full_limit`` and ``row_limit`` once.
    """
    if digest.full_limit is not None or digest.row_limit is not None:
        return

    def size() -> int:
        return len(_html(digest).encode("utf-8"))

    total = size()
    if total < budget:
        return
    digest.row_limit = 0
    base = size()
    if base >= budget and digest.attention:
        digest.full_limit = 0
        bare = size()
        each = max((base - bare) / len(digest.attention), 1.0)
        digest.full_limit = max(0, min(len(digest.attention), int((budget - bare) / each)))
        while digest.full_limit > 0 and size() >= budget:
            digest.full_limit -= 1
    # the most rows per section that fit: a binary search (each try is one render)
    low, high = 0, max(len(digest.others), len(digest.unsure), len(digest.attention_rows))
    while low < high:
        middle = (low + high + 1) // 2
        digest.row_limit = middle
        if size() < budget:
            low = middle
        else:
            high = middle - 1
    digest.row_limit = low


def review_base(config: Any) -> str:
    """The review page's address as emails write it: ``[serve] public_url``, else this computer's own."""
    serve = getattr(config, "serve", None) or Serve()
    return serve.url()


def is_this_computer(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def review_links(config: Any, database: Path | None, mentions: list[Mention], *,
                 replies: bool = False) -> tuple[dict[int, dict[str, str]], str | None]:
    """Per mention: its page on the review page and signed one-click answers (not me, worried, mine
    for accounts, "it's me" for a page that may be someone else's), at ``[serve] public_url``, else
    this computer's own address (the contract's default), so every digest can be answered without a
    terminal. An address on this computer opens only there, while `repwatch serve` runs: the digest
    then says so, in the hint, and that replying works anywhere when it does."""
    if database is None:
        return {}, None
    base = review_base(config)
    try:
        key = secret_key(database)
    except RepwatchError as exc:  # a damaged key: the digest still goes out, without one-click links
        return {}, exc.message
    links: dict[int, dict[str, str]] = {}
    for mention in mentions:
        if mention.about == "someone_else":
            continue  # only counted, with one link to them all
        entry = {"page": f"{base}/mentions/{mention.id}",
                 "dismiss": f"{base}/a/{sign(key, mention.id, 'dismiss')}"}
        if mention.about == "unsure":
            if "confirm" in ONE_CLICK:
                entry["confirm"] = f"{base}/a/{sign(key, mention.id, 'confirm')}"
        else:
            entry["concern"] = f"{base}/a/{sign(key, mention.id, 'concern')}"
            if mention.kind == "account":
                entry["mine"] = f"{base}/a/{sign(key, mention.id, 'mine')}"
        links[mention.id] = entry
    if not is_this_computer(base):
        return links, None
    hint = ("The buttons in this email open your review page on the computer that runs repwatch, and work only "
            "there, while repwatch serve is running.")
    if replies:
        hint += " Replying to this email works from anywhere, your phone too."
    else:
        hint += (" To answer from your phone too, turn on answering by email: run repwatch init again and say "
                 "yes to reading replies.")
    return links, hint


def guide_path_of(config: Any) -> str | None:
    """The school's guide file from ``[repwatch] guide``, relative to the config file's folder."""
    value = getattr(getattr(config, "repwatch", None), "guide", None)
    if not value:
        return None
    path = Path(str(value)).expanduser()
    if not path.is_absolute() and getattr(config, "path", None) is not None:
        path = Path(config.path).parent / path
    return str(path)
