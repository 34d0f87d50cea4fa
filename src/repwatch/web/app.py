"""The review page: Starlette routes over the same app/ functions the command line uses.

Every rule lives in app/ (lifecycle for the answers, report for the incident report, status and
doctor for the health page, profile for the config file); this module only reads requests, checks
that they are allowed (login, CSRF, Host) and renders templates. Endpoints are plain functions, so
Starlette runs them in its thread pool; each thread keeps its own SQLite connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from repwatch import platforms
from repwatch.adapters import tokens
from repwatch.adapters.lock import DatabaseLock
from repwatch.adapters.store import Store
from repwatch.adapters.store.listing import SECTIONS, Filters, Page
from repwatch.app import doctor, lifecycle, report, run, status
from repwatch.app import exposure as exposure_service
from repwatch.app.report import ADVICE
from repwatch.config import Config
from repwatch.errors import ConfigError, RepwatchError
from repwatch.models import RELEVANT, Mention
from repwatch.pipeline.digest import evidence_advice, guide_path_of
from repwatch.pipeline.digest import guide as load_guide
from repwatch.pipeline.evidence import find_chromium, resolve, sha256_file, timeline
from repwatch.pipeline.exposure.advice import STATE_WORDS
from repwatch.pipeline.exposure.sites import table
from repwatch.pipeline.flags import FLAG_ORDER, mention_rank
from repwatch.pipeline.labels import ABOUT_WORDS, STATUS_WORDS, tone_to_say
from repwatch.web import profile as profile_edit
from repwatch.web import security, words
from repwatch.web.render import render

STATIC = Path(__file__).parent / "static"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
ACTIONS = ("dismiss", "mine", "concern", "resolve", "reopen", "confirm")
ACTION_WORDS = {
    "dismiss": ("Not me", "Not about you: it is hidden and never shown again, and repwatch learns who this other "
                "person with your name is, so their later pages are set aside too."),
    "confirm": ("It's me", "This page is about you: it is counted as yours, whatever repwatch thought."),
    "mine": ("This account is mine", "It is your own account: it is never flagged again."),
    "concern": ("Worried", "You want to act on it: it stays on your list, with its evidence, until resolved."),
    "resolve": ("Resolved", "It is dealt with. If it comes back online, repwatch tells you."),
    "reopen": ("Reopen", "Put it back on your list as it was before your answer."),
}
OPEN = ("new", "notified")


@dataclass
class Site:
    """What the page serves: one config, one database, and the names it may be reached by."""

    config: Config
    database: Path
    host: str = "127.0.0.1"
    port: int = 8377
    password_hash: str | None = None
    public_url: str = ""
    throttle: security.Throttle = field(default_factory=security.Throttle)
    logins: security.Logins = field(default_factory=security.Logins)
    key: str = ""
    page_key: str = ""  # without a password: the key in the address that opens the page (tokens.page_key)
    on_config_saved: Any = None  # with the scheduler in this process: make it read the config again

    @property
    def https(self) -> bool:
        return self.public_url.startswith("https://")

    def origins(self) -> tuple[str, ...]:
        """Where the page's own forms are posted from: this computer's names on this port, and the public address."""
        local = [f"http://{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")]
        if self.host not in ("0.0.0.0", "::", "", *LOOPBACK_NAMES):
            local.append(f"http://{self.host}:{self.port}")
        public = urlsplit(self.public_url)
        return (*local, f"{public.scheme}://{public.netloc}") if public.netloc else tuple(local)

    def allowed_hosts(self) -> list[str]:
        names = set(LOOPBACK_NAMES)
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(self.host)
        public = urlsplit(self.public_url).hostname
        if public:
            names.add(public)
        return sorted(names)


_local = threading.local()
PAGE_CACHE_MB = 8  # per worker thread's connection: a page reads a few index pages, not the store


def _store(site: Site) -> Store:
    """This thread's connection to the database (SQLite connections stay in their thread)."""
    stores: dict[Path, Store] = getattr(_local, "stores", None) or {}
    _local.stores = stores
    store = stores.get(site.database)
    if store is None:
        store = stores[site.database] = Store(site.database, busy_timeout_s=security.BUSY_TIMEOUT_S)
        store.limit_cache(PAGE_CACHE_MB)
    return store


# --- requests -----------------------------------------------------------------------------------
def _logged_in(site: Site, request: Request) -> bool:
    """A login this server made: with the password, or (without one) with the key in the page's address."""
    return request.session.get("user") == "owner" and site.logins.valid(request.session, site.password_hash)


def _right_key(site: Site, sent: Any) -> bool:
    return (not site.password_hash and bool(site.page_key) and isinstance(sent, str)
            and hmac.compare_digest(sent.encode("utf-8", "replace"), site.page_key.encode()))


def _open_with_key(site: Site, request: Request) -> Response:
    """The address `repwatch serve` printed (``…/?key=…``): the key becomes a login at once, and the
    browser goes on to the same address without it, so the key is not left in the address bar. It goes
    on from this page itself, not by a redirect: opened from a file or another site, a redirect would
    still count as that site's, and the browser would hold back the page's SameSite=Strict cookie."""
    request.session.clear()
    request.session["user"] = "owner"
    site.logins.start(request.session, None)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "key"]
    target = request.url.path + ("?" + urlencode(kept) if kept else "")
    if request.url.path == "/login":
        target = security.safe_path(request.query_params.get("next"))
    return _page(site, request, "web/opening.html.j2", title="Opening the review page: repwatch",
                 target=security.safe_path(target))


def _page(site: Site, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "repwatch")
    zone = site.config.repwatch.timezone
    html = render(
        template,
        request=request,
        csrf=security.csrf_token(request.session),
        login=bool(site.password_hash),
        path=request.url.path,
        flash=request.session.pop("flash", None),
        zone=zone,
        zone_name=words.zone_words(zone),
        guide=_guide(site),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def _guide(site: Site) -> dict[str, Any]:
    """The guide the digest uses, for its flag and event names; the packaged one if the school's cannot
    be read (the digest and `repwatch doctor` say why), so the page still opens."""
    try:
        return load_guide(guide_path_of(site.config))
    except ConfigError:
        return load_guide(None)


# --- errors: raised by any route, drawn in one place -------------------------------------------
HOME = ("/", "Open the review page")


class PageError(Exception):
    """What a route cannot do, as a page of its own: raised anywhere, drawn by ``error_page`` (as
    Starlette's and datasette's exception handlers do), so every error page looks and says alike."""

    def __init__(self, heading: str, text: str, status_code: int = 400,
                 link: tuple[str, str] | None = HOME) -> None:
        super().__init__(text)
        self.heading, self.text, self.status_code, self.link = heading, text, status_code, link


def not_found(text: str, link: tuple[str, str] | None = HOME) -> PageError:
    return PageError("Not found", text, 404, link)


HTTP_WORDS = {  # Starlette's own errors (no such address, a wrong method) in the page's words
    404: ("Not found", "There is no page at this address."),
    405: ("That cannot be done here", "This address does not take that kind of request."),
}


async def error_page(request: Request, exc: Exception) -> Response:
    """Every error page: a route's PageError, a RepwatchError no route caught, a busy, full or read-only
    database or disk, Starlette's 404 and 405 (anything else: ``security.Trouble``)."""
    site: Site = request.app.state.site
    link: tuple[str, str] | None = HOME
    if isinstance(exc, PageError):
        heading, text, status_code, link = exc.heading, exc.text, exc.status_code, exc.link
    elif isinstance(exc, RepwatchError | sqlite3.Error | OSError):  # a busy, full or read-only disk in words
        status_code, heading, text = security.trouble(exc)
    elif isinstance(exc, HTTPException):
        status_code = exc.status_code
        heading, text = HTTP_WORDS.get(status_code, ("That did not work", "The page could not answer that."))
    else:  # pragma: no cover - only the three kinds above are registered
        raise exc
    return _page(site, request, "web/message.html.j2", status_code, title=heading, heading=heading,
                 text=text, link=link)


def _login_redirect(request: Request) -> RedirectResponse:
    target = security.safe_path(request.url.path + (("?" + request.url.query) if request.url.query else ""))
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=200, max_part_size=64 * 1024)
    request.state.form_lists = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
    return {k: v for k, v in form.items() if isinstance(v, str)}


def guarded(site: Site, handler: Any, *, csrf: bool = True, upload: bool = False, signed: bool = False) -> Any:
    """Wrap an endpoint: the login (the password, or the key in the address), then the CSRF check on
    every POST. A ``signed`` route (a one-click link from the digest) carries its own signature, so
    without a password it needs no login: the link was emailed to her."""

    async def endpoint(request: Request) -> Response:
        key = request.query_params.get("key") if request.method == "GET" and not site.password_hash else None
        if key is not None and _right_key(site, key):
            return _open_with_key(site, request)
        if not _logged_in(site, request) and not (signed and not site.password_hash):
            if request.method == "POST":
                raise PageError("Please log in", "Log in first, then try again.", 403, link=("/login", "Log in"))
            if key is not None:  # a wrong or old key: said on the page that explains how to open it
                return await asyncio.to_thread(login_page, site, request, {})
            return _login_redirect(request)
        form: dict[str, str] = {}
        if request.method == "POST":
            form = await (profile_edit.read_upload(request) if upload else _form(request))
            if upload and getattr(request.state, "photo_error", None):  # not read, so nothing to act on
                raise PageError("That photo is too large", request.state.photo_error, 413,
                                link=("/profile", "Back to who to look for"))
            if csrf and not security.csrf_ok(request.session, form.get("csrf")):
                raise PageError(
                    "That form has expired",
                    "Nothing was changed: the form was old or did not come from this page. "
                    "Go back, reload the page and try again.", 403)
        return await asyncio.to_thread(handler, request, form)

    return endpoint


# --- the list -----------------------------------------------------------------------------------
def needs_attention(m: Mention, mine: Any = ()) -> bool:
    """Marked as a worry, or flagged, open, about her and not one of her own accounts: a page about
    someone else with her name never needs her attention."""
    if m.status == "concern":
        return True
    return bool(m.flags) and m.status in OPEN and m.id not in mine and m.about == "you"


def group_mentions(mentions: list[Mention], mine: Any = ()) -> list[tuple[str, str, list[Mention]]]:
    """Needs attention first (most serious first), then what else is new about her, then pages with her
    name and nothing either way (is it you?), then pages set aside as other people's, then what was
    answered (her own accounts, "mine", count as answered: their alarm is over)."""

    attention = [m for m in mentions if needs_attention(m, mine)]
    attention.sort(key=lambda m: (mention_rank(m), m.status == "concern", -m.id))
    seen = {m.id for m in attention}
    new = [m for m in mentions if m.id not in seen and m.status in OPEN and m.id not in mine and m.score >= RELEVANT
           and m.about == "you"]
    seen |= {m.id for m in new}
    unsure = [m for m in mentions if m.id not in seen and m.status in OPEN and m.id not in mine
              and m.about == "unsure" and m.score >= RELEVANT]
    seen |= {m.id for m in unsure}
    unlikely = [m for m in mentions if m.id not in seen and m.status in OPEN and m.id not in mine]
    seen |= {m.id for m in unlikely}
    answered = [m for m in mentions if m.id not in seen]
    return [
        ("attention", "Needs your attention", attention),
        ("new", "New", new),
        ("unsure", "Same name: is it you?", unsure),
        ("unlikely", "Set aside: other people with your name", unlikely),
        ("rest", "Answered", answered),
    ]


SECTION_HEADINGS = {
    "attention": "Needs your attention", "new": "New", "unsure": "Same name: is it you?",
    "unlikely": "Set aside: other people with your name", "rest": "Answered",
}
OVERVIEW_ROWS = 25  # per section on the first page: the page stays small however much is stored
PAGE_ROWS = 100  # one section's page, after "Show more"


@dataclass
class Listing:
    """A page of the list (or of the report builder): each section's rows, count and next-page link."""

    filters: dict[str, str]
    groups: list[tuple[str, str, list[Mention]]]
    counts: dict[str, str]
    more: dict[str, str]
    total: int
    section: str
    platforms: list[str]
    flags: list[str]
    top: str  # the first page with the same filters
    mine: dict[int, int]  # mentions a "mine" answer covers: answered, whatever their status


def _count_words(count: int, exact: bool) -> str:
    return f"{count:,}" if exact else f"more than {count:,}"


def listing(site: Site, request: Request, path: str) -> Listing:
    """Read the filters and the page from the address, and fetch only that page (keyset paging on
    the store's section indexes): the first page costs the same at a thousand mentions or a million."""
    q = request.query_params
    filters = {key: q.get(key, "").strip()[:200] for key in ("q", "flag", "status", "platform", "profile")}
    if filters["status"] not in STATUS_WORDS:
        filters["status"] = ""
    chosen = Filters(profile=filters["profile"] or None, status=filters["status"] or None,
                     flag=filters["flag"] or None, platform=filters["platform"] or None,
                     search=filters["q"] or None)
    section = q.get("section", "")
    sections = [section] if section in SECTIONS else list(SECTIONS)
    limit = PAGE_ROWS if section in SECTIONS else OVERVIEW_ROWS
    store = _store(site)
    kept = {k: v for k, v in filters.items() if v}
    mine = store.own_account_mention_ids()
    groups, counts, more, total = [], {}, {}, 0
    for key in sections:
        try:
            page = store.page_of_mentions(key, chosen, after=q.get("after") if section == key else None,
                                          limit=limit, flag_order=FLAG_ORDER, mine=mine)
            count, exact = store.count_mentions(key, chosen, mine=mine)
        except sqlite3.OperationalError:  # a search the index cannot read is "nothing found", not a crash
            page, count, exact = Page([], None), 0, True
        groups.append((key, SECTION_HEADINGS[key], page.mentions))
        counts[key] = _count_words(count, exact)
        total += count
        if page.after:
            more[key] = path + "?" + urlencode({**kept, "section": key, "after": page.after}) + f"#h-{key}"
    return Listing(filters=filters, groups=groups, counts=counts, more=more, total=total, mine=mine,
                   section=section if section in SECTIONS else "",
                   platforms=[*sorted(platforms.table()), "web"], flags=list(FLAG_ORDER),
                   top=path + ("?" + urlencode(kept) if kept else ""))


def list_page(site: Site, request: Request, _form: dict[str, str]) -> Response:
    found = listing(site, request, "/")
    here = request.url.path + (("?" + request.url.query) if request.url.query else "")
    said = request.session.pop("said", None)
    notice_for = said.get("id") if isinstance(said, dict) else None
    return _page(
        site, request, "web/list.html.j2", title="Review: repwatch", groups=found.groups, total=found.total,
        counts=found.counts, more=found.more, section=found.section, top=found.top,
        filters=found.filters, platforms=found.platforms, flags=found.flags, statuses=STATUS_WORDS,
        back=security.safe_path(here), profiles=[p.name for p in site.config.profile], mine_ids=found.mine,
        notice_for=notice_for, notice=said.get("text") if isinstance(said, dict) else None,
        focus_notice=False, focus_undo=False,
    )


# --- one mention --------------------------------------------------------------------------------
def _evidence(store: Store, mention_id: int) -> list[dict[str, Any]]:
    out = []
    for row in store.evidence_rows(mention_id):
        path = resolve(store, row["path"]) if row["path"] else None
        if path is None or not row["sha256"]:
            check = "none"
        elif not path.is_file():
            check = "missing"
        else:
            check = "matches" if sha256_file(path) == row["sha256"] else "changed"
        out.append({**row, "check": check, "file": path is not None and check != "missing"})
    return out


def mention_page(site: Site, request: Request, _form: dict[str, str]) -> Response:
    mention_id = request.path_params["id"]
    store = _store(site)
    mention = store.mention(mention_id)
    if mention is None:
        raise not_found(f"There is no mention with ID {mention_id}.")

    yours = mention.id in store.own_account_mention_ids()
    answered = mention.status not in OPEN and mention.status != "concern" or yours
    advice = list(dict.fromkeys(ADVICE.get(f.code) or words.PAGE_ADVICE.get(f.code) for f in mention.flags))
    advice = [a for a in advice if a] if not answered else []
    if mention.flags and not answered:
        saving = evidence_advice(load_guide(guide_path_of(site.config)), [f.code for f in mention.flags])
        advice.insert(0, " ".join(x for x in (saving["save"], saving["exception"]) if x))
    return _page(
        site, request, "web/mention.html.j2", title=f"#{mention.id}: repwatch", m=mention,
        sightings=store.sightings(mention.id), evidence=_evidence(store, mention.id),
        timeline=timeline(store, mention.id), actions=ACTION_WORDS, statuses=STATUS_WORDS,
        tone=tone_to_say(mention), is_open=mention.status in OPEN, abouts=ABOUT_WORDS,
        advice=advice, yours=yours, answered=answered,
        mine_from=store.own_account_mention_ids().get(mention.id) if yours else None,
    )




def action_post(site: Site, request: Request, form: dict[str, str]) -> Response:
    mention_id, action = request.path_params["id"], request.path_params["action"]
    if action not in ACTIONS:
        raise not_found("There is no such answer.")
    note = " ".join((form.get("note") or "").split())[:2000] or None
    store = _store(site)
    card = request.headers.get("HX-Request") == "true"
    try:
        said = lifecycle.answer(store, mention_id, action, note, form.get("scope", "page"))
    except RepwatchError as exc:
        if card and store.mention(mention_id) is not None:
            return _card(site, request, form, mention_id, exc.message, undo=False)
        raise PageError("That could not be done", exc.message,
                        link=(f"/mentions/{mention_id}", "Back to the mention")) from exc
    if card:  # the list answered in place: only this card changes, and keyboard focus stays on it
        return _card(site, request, form, mention_id, said, undo=action != "reopen")
    back = security.safe_path(form.get("back"), f"/mentions/{mention_id}")
    if urlsplit(back).path != "/":
        request.session["flash"] = said if back == f"/mentions/{mention_id}" else f"#{mention_id}: {said}"
        return RedirectResponse(back, status_code=303)
    request.session["said"] = {"id": mention_id, "text": said}  # shown on the card itself, not at the top
    return RedirectResponse(f"{back}#m{mention_id}", status_code=303)


def _card(site: Site, request: Request, form: dict[str, str], mention_id: int, said: str, *, undo: bool) -> Response:
    """One list card after an answer, for htmx to put in place of the old one, saying what was done."""
    store = _store(site)
    mention = store.mention(mention_id)
    html = render(
        "web/_row.html.j2", m=mention, csrf=security.csrf_token(request.session), statuses=STATUS_WORDS,
        back=security.safe_path(form.get("back"), "/"), profiles=[p.name for p in site.config.profile],
        mine_ids=store.own_account_mention_ids(), notice_for=mention_id, notice=said,
        focus_undo=undo, focus_notice=not undo, zone=site.config.repwatch.timezone,
    )
    return HTMLResponse(html)


def evidence_file(site: Site, request: Request, _form: dict[str, str]) -> Response:
    """An evidence file, so that nothing captured can run: PNGs as images, everything else as text
    or a download, always with a sandboxing CSP and nosniff, never as HTML in this origin."""

    mention_id, evidence_id = request.path_params["id"], request.path_params["eid"]
    store = _store(site)
    row = next((r for r in store.evidence_rows(mention_id) if r["id"] == evidence_id), None)
    path = resolve(store, row["path"]) if row and row["path"] else None
    if row is None or path is None or not path.is_file():
        raise not_found("That evidence file is not there.")
    data = path.read_bytes()
    name = f"repwatch-{mention_id}-{evidence_id}-{path.name}".replace('"', "")
    headers = {
        "Content-Security-Policy": security.EVIDENCE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    is_png = data[:8] == b"\x89PNG\r\n\x1a\n"
    if request.query_params.get("download") or not is_png and row["kind"] not in ("page", "result"):
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
        media = "image/png" if is_png else "application/octet-stream"
    elif is_png:
        media = "image/png"
    else:
        headers["Content-Disposition"] = f'inline; filename="{name}.txt"'
        media = "text/plain; charset=utf-8"
    return Response(data, media_type=media, headers=headers)


def namesakes_page(site: Site, request: Request, _form: dict[str, str]) -> Response:
    """Other people with her name, learned from her "not me", with what tells them apart."""
    store = _store(site)
    written = None
    if site.config.path is not None:
        with contextlib.suppress(ConfigError):  # the file changed under the page: read them again below
            written = lifecycle.written_profiles(site.config.path)
    rows = lifecycle.listed_namesakes(store, written, lambda: list(site.config.profile))
    return _page(site, request, "web/namesakes.html.j2", title="Namesakes: repwatch", rows=rows,
                 profiles=[p.name for p in site.config.profile])


# --- one-click links from the digest -------------------------------------------------------------
USED = ("This link was already used",
        "Each one-click link works once, and this one has been used. Nothing more was done.")


def _token(site: Site, request: Request) -> tokens.Token:
    raw = request.path_params["token"]
    if raw == "sample":  # the links of `repwatch test-email`'s sample digest
        raise PageError("This is a sample link",
                        "It came from the sample digest that repwatch test-email sends. In a real digest, "
                        "this link shows what it will do and a button that does it. Nothing was done.", 200)
    try:
        token = tokens.read(site.key, raw)
    except tokens.TokenError as exc:
        if exc.reason == "expired":
            raise PageError("This link has expired",
                            "One-click links in a digest work for 30 days. Open the review page to answer "
                            "there instead.", 410) from exc
        raise PageError("This link does not work",
                        "It is not a link repwatch made, or it was changed on the way. Nothing was done.") from exc
    if _store(site).token_used(token.nonce):
        raise PageError(*USED, 410, link=(f"/mentions/{token.mention_id}", "See the mention"))
    return token


def one_click_get(site: Site, request: Request, _form: dict[str, str]) -> Response:
    token = _token(site, request)
    mention = _store(site).mention(token.mention_id)
    if mention is None:
        raise not_found("That mention is no longer in the database.")
    words = {a: ACTION_WORDS[a] for a in ("dismiss", "mine", "concern", "confirm")}
    return _page(site, request, "web/confirm.html.j2", title="Confirm: repwatch", m=mention,
                 action=token.action, words=words[token.action], token=request.path_params["token"],
                 statuses=STATUS_WORDS)


def one_click_post(site: Site, request: Request, form: dict[str, str]) -> Response:
    token = _token(site, request)
    store = _store(site)
    if store.mention(token.mention_id) is None:
        raise not_found("That mention is no longer in the database.")
    note = " ".join((form.get("note") or "").split())[:2000] or None
    try:
        with store.atomic():  # the link is spent only if its answer is stored: one transaction
            if not store.use_token(token.nonce, token.mention_id, token.action):
                raise PageError(*USED, 410)
            said = lifecycle.answer(store, token.mention_id, token.action, note)
    except RepwatchError as exc:
        raise PageError("That could not be done", exc.message,
                        link=(f"/mentions/{token.mention_id}", "See the mention")) from exc
    if not _logged_in(site, request):  # a link from the digest, in a browser that has not opened the page
        raise PageError("Done", f"{said} You can undo it on your review page.", 200, link=None)
    request.session["flash"] = said
    return RedirectResponse(f"/mentions/{token.mention_id}", status_code=303)


# --- the report -------------------------------------------------------------------------------
def report_page(site: Site, request: Request, form: dict[str, str]) -> Response:
    posted = request.method == "POST"
    raw = request.state.form_lists.get("id", []) if posted else request.query_params.getlist("id")
    store = _store(site)
    if not raw:
        found = listing(site, request, "/report")
        return _page(site, request, "web/report.html.j2", title="Report for your school: repwatch",
                     groups=found.groups, counts=found.counts, more=found.more, section=found.section, top=found.top,
                     total=found.total, filters=found.filters, platforms=found.platforms, flags=found.flags,
                     statuses=STATUS_WORDS, profiles=[p.name for p in site.config.profile])
    try:
        ids = list(dict.fromkeys(int(x) for x in raw))[:500]
    except ValueError:
        raise PageError("That is not a report", "Each id must be a mention's number.",
                        link=("/report", "Build a report")) from None
    missing = [i for i in ids if store.mention(i) is None]
    if missing:
        raise not_found(f"There is no mention with ID {missing[0]}.", link=("/report", "Build a report"))
    fmt = form.get("format", "html") if posted else request.query_params.get("format", "html")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if fmt == "html":
        html = report.render_html(report.build(store, ids, config=site.config))
        return HTMLResponse(html, headers={"Content-Security-Policy": security.REPORT_CSP})
    if fmt == "pdf" and not posted:  # it starts a browser: only the page's own form may ask for it
        raise PageError("Make the PDF from the report page",
                        "A PDF is made when you press the button on the report page.", 405,
                        link=("/report", "Build a report"))
    if fmt == "pdf":
        executable, note = find_chromium(site.config)
        if not executable:
            raise PageError("No PDF on this computer",
                            "A PDF needs Chromium, which was not found here. Use the web page or the zip instead.",
                            503, link=("/report?" + urlencode([("id", i) for i in ids]), "Open the report"))
        page = report.render_html(report.build(store, ids, config=site.config)).encode("utf-8")
        pdf, failure = report.print_pdf(executable, page)
        if pdf is None:
            raise PageError("The PDF could not be made", failure or "", 500)
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="repwatch-report-{stamp}.pdf"'})
    if fmt == "zip":
        with tempfile.TemporaryDirectory(prefix="repwatch-web-") as tmp:
            written = report.write_report(store, ids, out=Path(tmp) / "report.zip", as_zip=True,
                                          config=site.config, pdf=False)
            data = written.path.read_bytes()
        return Response(data, media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="repwatch-report-{stamp}.zip"'})
    raise PageError("Unknown format", "The report comes as html, pdf or zip.", link=("/report", "Build a report"))


# --- status ----------------------------------------------------------------------------------
def status_page(site: Site, request: Request, _form: dict[str, str]) -> Response:
    data = status.collect(site.config, site.database)
    return _page(site, request, "web/status.html.j2", title="Is it working? repwatch", s=data)


def _profile_of(site: Site, form: dict[str, str]) -> Any:
    try:
        return site.config.profile[int(form.get("index", "0"))]
    except (ValueError, IndexError):
        return None


def send_again_post(site: Site, request: Request, form: dict[str, str]) -> Response:
    """"Send again": the digest that could not be sent, now, without a search."""
    profile = _profile_of(site, form)
    if profile is None:
        request.session["flash"] = "That profile is not in the config file any more: nothing was sent."
        return RedirectResponse("/status", status_code=303)
    try:
        state, detail = run.send_again(site.config, profile, site.database)
    except RepwatchError as exc:
        state, detail = "failed", exc.message
    if state in ("sent", "written"):
        request.session["flash"] = f"Sent: {detail}" if state == "sent" else f"Saved: {detail}"
    elif state == "skipped":
        request.session["flash"] = detail
    else:
        request.session["flash"] = f"It could not be sent again: {detail} {status.digest_fix(site.config, detail)}"
    return RedirectResponse("/status", status_code=303)


def search_now_post(site: Site, request: Request, form: dict[str, str]) -> Response:
    """"Search now": one run of this profile, started in the background; the page shows it running."""
    profile = _profile_of(site, form)
    if profile is None:
        request.session["flash"] = "That profile is not in the config file any more: nothing was started."
        return RedirectResponse("/status", status_code=303)
    if DatabaseLock(site.database).probe() is not None:
        request.session["flash"] = "A search is already running: its results will be here when it finishes."
        return RedirectResponse("/status", status_code=303)

    def search() -> None:
        try:
            run.run_locked(site.config, [profile], site.database, command="serve", log_to_file=True)
        except RepwatchError as exc:
            run.log.warning("%s: the search started from the page did not run: %s", profile.name, exc.message)
        except Exception:  # noqa: BLE001 - a crash in a background search must not take the page down
            run.log.exception("%s: the search started from the page crashed", profile.name)

    threading.Thread(target=search, name="repwatch-search-now", daemon=True).start()
    request.session["flash"] = (f"Searching for {profile.name} now. It takes a minute or two; reload this page to "
                                "see it finish, and the digest comes by email as usual.")
    return RedirectResponse("/status", status_code=303)


def checks_fragment(site: Site, request: Request, _form: dict[str, str]) -> Response:
    report = doctor.run_checks(site.config.path, site.database)
    html = render("web/checks.html.j2", checks=report.checks, ok=report.ok)
    return HTMLResponse(html)


# --- the profile (names, places, handles, excluded words) ---------------------------------------
def profile_page(site: Site, request: Request, form: dict[str, str], *, photo_message: str | None = None,
                 photo_error: str | None = None) -> Response:
    error = None
    saved = False
    if request.method == "POST" and photo_message is None and photo_error is None:
        try:
            site.config = profile_edit.save(site.config, int(form.get("index", "0")), form)
            saved = True
            if site.on_config_saved is not None:
                site.on_config_saved()
        except RepwatchError as exc:
            error = exc.message
        except ValueError:
            error = "That profile is not in the config file."
    return _page(site, request, "web/profile.html.j2", title="Who to look for: repwatch",
                 profiles=profile_edit.fields(site.config), error=error, saved=saved,
                 form=form if error else None, path_shown=str(site.config.path or ""),
                 photos=_known_photos(site), photo_message=photo_message,
                 photo_error=photo_error)


def _known_photos(site: Site) -> dict[str, list[dict[str, Any]]] | None:
    """Her photos as the profile page lists them; None when the database cannot be read now (the
    form for her name and places works without it)."""
    try:
        return profile_edit.known_photos(site.config, _store(site))
    except (RepwatchError, sqlite3.Error, OSError):
        return None


def photo_post(site: Site, request: Request, form: dict[str, str]) -> Response:
    """Add an uploaded photo (hashed in memory, only the hashes kept) or forget one."""
    message = error = None
    try:
        index = int(form.get("index", "0"))
        if form.get("forget"):
            profile_edit.forget_photo(site.config, _store(site), index, form["forget"])
            message = f"{form['forget']} is forgotten: its fingerprints and matches are deleted."
        elif getattr(request.state, "photo_error", None):
            error = request.state.photo_error
        else:
            name = profile_edit.add_photo(site.config, _store(site), index, getattr(request.state, "photo", None))
            message = (f"{name} was added. Only its fingerprints are kept; the photo itself was not saved. "
                       "The next search compares the pictures it finds with it.")
    except RepwatchError as exc:
        error = exc.message
    except ValueError:
        error = "That profile is not in the config file."
    return profile_page(site, request, form, photo_message=message, photo_error=error)


# --- her own accounts ------------------------------------------------------------------------------
def accounts_page(site: Site, request: Request, form: dict[str, str]) -> Response:
    """Her own accounts: the config's handles (taken out here) and those she said are hers ("mine",
    undone on their mention, which puts its flags back)."""
    store = _store(site)
    if request.method == "POST":
        written = (form.get("handle") or "").strip()
        try:
            index = int(form.get("index", "0"))
            profile = site.config.profile[index]
            if written not in profile.handles:
                raise ValueError(written)
            kept = [h for h in profile.handles if h != written]
            site.config = profile_edit.save(site.config, index, {"handles": "\n".join(kept)})
            if site.on_config_saved is not None:
                site.on_config_saved()
            request.session["flash"] = (f"{written} is no longer listed as yours. Add it again on "
                                        "\u201cWho to look for\u201d if that was a mistake.")
        except RepwatchError as exc:
            request.session["flash"] = exc.message
        except (ValueError, IndexError):
            request.session["flash"] = "That account is not in your settings (any more): nothing was changed."
        return RedirectResponse("/accounts", status_code=303)
    return _page(site, request, "web/accounts.html.j2", title="Your own accounts: repwatch",
                 rows=lifecycle.own_accounts(store, site.config.profile),
                 profiles=[p.name for p in site.config.profile])


# --- blocked sites and accounts -----------------------------------------------------------------
def blocked_page(site: Site, request: Request, form: dict[str, str]) -> Response:
    store = _store(site)
    if request.method == "POST":
        target = (form.get("target") or "").strip()[:500]
        try:
            lifted, _profiles = lifecycle.unblock(store, target, form.get("profile") or None)
            request.session["flash"] = f"{lifted} is no longer blocked: its pages can be found again."
        except RepwatchError as exc:
            request.session["flash"] = exc.message
        return RedirectResponse("/blocked", status_code=303)
    return _page(site, request, "web/blocked.html.j2", title="Blocked: repwatch", rows=lifecycle.blocked(store),
                 profiles=[p.name for p in site.config.profile])


# --- where her home is listed --------------------------------------------------------------------
EXPOSURE_BACK = ("/exposure", "Back to where your home is listed")
EXPOSURE_OUTCOMES = {
    "listed": "still listed", "gone": "gone", "not_listed": "not listed", "no_results": "no results",
    "login_wall": "a login page", "captcha": "a robot check", "echo": "it lists any name", "unexpected":
    "a page repwatch could not read", "failed": "could not be reached",
}


def exposure_page(site: Site, request: Request, _form: dict[str, str]) -> Response:
    store = _store(site)
    tab = table()
    return _page(site, request, "web/exposure.html.j2", title="Where your home is listed: repwatch",
                 rows=exposure_service.rows(site.config, store), enabled=site.config.exposure.enabled,
                 checked=sum(len(store.exposure_checks(p.name)) for p in site.config.profile),
                 states=STATE_WORDS, outcomes=EXPOSURE_OUTCOMES, register=tab.open_register, ico=tab.ico)


def exposure_asked(site: Site, request: Request, form: dict[str, str]) -> Response:
    mention_id = request.path_params["id"]
    note = " ".join((form.get("note") or "").split())[:2000] or None
    try:
        done = exposure_service.asked(site.config, _store(site), mention_id, note, extended=form.get("extended") == "1")
    except RepwatchError as exc:
        raise PageError("That could not be done", exc.message, 400, link=EXPOSURE_BACK) from exc
    request.session["flash"] = done.said
    if not done.letter:
        return RedirectResponse(f"/exposure#listing-{mention_id}", status_code=303)
    return RedirectResponse(f"/exposure/{mention_id}/letter", status_code=303)


def exposure_letter(site: Site, request: Request, _form: dict[str, str]) -> Response:
    mention_id = request.path_params["id"]
    store = _store(site)
    try:
        text = exposure_service.letter(site.config, store, mention_id)
    except RepwatchError as exc:
        raise not_found(exc.message, EXPOSURE_BACK) from exc
    row = store.listing_of_mention(mention_id) or {}
    name = next((r["site"] for r in exposure_service.rows(site.config, store) if r["id"] == mention_id), row.get("site", ""))
    return _page(site, request, "web/exposure_letter.html.j2", title="Your letter: repwatch", letter=text,
                 site_name=name, id=mention_id)


# --- login -----------------------------------------------------------------------------------
def login_page(site: Site, request: Request, form: dict[str, str]) -> Response:
    target = security.safe_path(form.get("next") or request.query_params.get("next"))
    if not site.password_hash:
        if _logged_in(site, request):
            return RedirectResponse(target, status_code=303)
        wrong = "key" in request.query_params  # a right one was taken before this page (guarded)
        return _page(site, request, "web/login.html.j2", 401 if wrong else 403, title="Open the review page: repwatch",
                     error="The key in that address is not right." if wrong else None, next=target, keyed=True)
    error = None
    status_code = 200
    if request.method == "POST":
        wait = site.throttle.begin()
        right = False
        if wait > 0:
            error = f"Too many wrong passwords: wait {int(wait) + 1} seconds, then try again."
            status_code = 429
        else:
            try:
                right = security.verify_password(form.get("password", ""), site.password_hash)
            finally:
                if right:
                    site.throttle.succeeded()
                else:
                    site.throttle.failed()
            if right:
                request.session.clear()
                request.session["user"] = "owner"
                site.logins.start(request.session, site.password_hash)
                security.csrf_token(request.session)
                return RedirectResponse(target, status_code=303)
            error = "That password is not right."
            status_code = 401
    return _page(site, request, "web/login.html.j2", status_code, title="Log in: repwatch", error=error,
                 next=target)


def logout(site: Site, request: Request, _form: dict[str, str]) -> Response:
    site.logins.end(request.session)
    request.session.clear()
    return RedirectResponse("/login" if site.password_hash else "/", status_code=303)


async def _login_endpoint(site: Site, request: Request) -> Response:
    if request.method == "GET" and _right_key(site, request.query_params.get("key")):
        return _open_with_key(site, request)
    form: dict[str, str] = {}
    if request.method == "POST":
        form = await _form(request)
        if not security.csrf_ok(request.session, form.get("csrf")):
            raise PageError("That form has expired", "Reload the page and try again.", 403, link=("/login", "Log in"))
    return await asyncio.to_thread(login_page, site, request, form)


# --- the application -----------------------------------------------------------------------------
def create_app(config: Config, database: Path, *, host: str = "127.0.0.1", port: int = 8377,
               on_config_saved: Any = None) -> Starlette:
    serve = config.serve
    site = Site(
        config=config, database=Path(database), host=host, port=port,
        password_hash=serve.password_hash if serve else None,
        public_url=serve.url() if serve else f"http://127.0.0.1:{port}",
        on_config_saved=on_config_saved,
    )
    site.key = tokens.secret_key(site.database)
    if not site.password_hash:
        site.page_key = tokens.page_key(site.database)
    Store(site.database).close()  # create or migrate it now, not inside the first request

    def g(handler: Any, **kw: Any) -> Any:
        return guarded(site, lambda request, form: handler(site, request, form), **kw)

    async def login(request: Request) -> Response:
        return await _login_endpoint(site, request)

    routes = [
        Route("/", g(list_page)),
        Route("/mentions/{id:int}", g(mention_page)),
        Route("/mentions/{id:int}/evidence/{eid:int}", g(evidence_file)),
        Route("/mentions/{id:int}/{action:str}", g(action_post), methods=["POST"]),
        Route("/a/{token:str}", g(one_click_get, signed=True)),
        Route("/a/{token:str}", g(one_click_post, signed=True), methods=["POST"]),
        Route("/report", g(report_page), methods=["GET", "POST"]),
        Route("/status", g(status_page)),
        Route("/status/checks", g(checks_fragment), methods=["POST"]),
        Route("/status/send", g(send_again_post), methods=["POST"]),
        Route("/status/search", g(search_now_post), methods=["POST"]),
        Route("/profile", g(profile_page), methods=["GET", "POST"]),
        Route("/profile/photos", g(photo_post, upload=True), methods=["POST"]),
        Route("/accounts", g(accounts_page), methods=["GET", "POST"]),
        Route("/blocked", g(blocked_page), methods=["GET", "POST"]),
        Route("/namesakes", g(namesakes_page)),
        Route("/exposure", g(exposure_page)),
        Route("/exposure/{id:int}/asked", g(exposure_asked), methods=["POST"]),
        Route("/exposure/{id:int}/letter", g(exposure_letter)),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", g(logout), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(security.SecurityHeaders, https=site.https),
        Middleware(security.Trouble),
        Middleware(TrustedHostMiddleware, allowed_hosts=site.allowed_hosts(), www_redirect=False),
        Middleware(security.SameOrigin, origins=site.origins()),
        Middleware(SessionMiddleware, secret_key=site.key, session_cookie=security.cookie_name(port, site.https),
                   same_site="strict", https_only=site.https, max_age=14 * 24 * 3600),
    ]
    handlers = {PageError: error_page, RepwatchError: error_page, HTTPException: error_page,
                sqlite3.Error: error_page, OSError: error_page}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.site = site
    return app
