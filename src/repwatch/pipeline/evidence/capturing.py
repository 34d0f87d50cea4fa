"""Capture: keep the proof the moment a page is found, because posts get deleted within hours.

The guide's first step for anything harmful is "Evidence: note down what happened and who is
involved. Screenshot or take a photo of anything relevant." repwatch sees the page first, so for
each flagged mention it keeps:

* the search result as found (every sighting: title, snippet, provider, query, rank, time) and the
  fetch's own record (URL asked for, redirects, final URL, status, headers), as one JSON file;
* the page as fetched (bounded in size and time), named by its SHA-256;
* where a Chromium is found, a full-page PNG of that saved snapshot, rendered with scripts OFF.

Files are kept by :mod:`repwatch.adapters.store.files`, rows in the store's ``evidence`` table, and
a ``captured`` event goes on the mention's timeline. A capture never raises: it returns a
:class:`CaptureOutcome` that says in one sentence what happened, and :func:`pending_captures`
lists flagged mentions still without a good capture, so the next run tries again.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from repwatch.adapters import tokens
from repwatch.adapters.browser import SCREENSHOT_MAX_HEIGHT, Browser, BrowserError, configured_path
from repwatch.adapters.browser import find_chromium as find_browser
from repwatch.adapters.pagefetch import DEADLINE_S, MAX_BYTES, TIMEOUT_S, Fetched, fetch
from repwatch.adapters.store import Store, now
from repwatch.adapters.store.files import Saved, extension_for, save_bytes
from repwatch.errors import RepwatchError
from repwatch.models import Mention
from repwatch.pipeline.evidence.sanitise import TOO_COSTLY, page_for_bounded
from repwatch.pipeline.evidence_check import seal_parts

MAX_ATTEMPTS = 3  # a flagged mention whose page failed this often is no longer retried
SUCCESS = frozenset({"ok", "too_large"})  # page outcomes that count as captured
SCREENSHOT_FAILED = ("the screenshot failed", TOO_COSTLY.split("{")[0])  # notes of a screenshot tried and failed


def find_chromium(config: Any = None) -> tuple[str | None, str]:
    """(path, note): the browser for screenshots; the note says why there is none."""
    path, note = find_browser(configured_path(config))
    return path, (f"{note}, so no screenshot was taken" if note else "")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:160]


# --- records -------------------------------------------------------------------------------------
@dataclass
class CaptureOutcome:
    """What one capture kept, and in one sentence what happened."""

    mention_id: int
    url: str
    captured_at: str
    outcome: str  # ok | too_large | login_wall | gone | http_error | redirect_loop | timeout | ...
    detail: str
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    page: Saved | None = None
    screenshot: Saved | None = None
    screenshot_note: str | None = None  # why there is no screenshot, or what went wrong with it
    result: Saved | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS

    def sentence(self) -> str:
        """One plain sentence for the digest and the command line."""
        where = f"The page of mention #{self.mention_id} ({self.url})"
        if self.ok:
            text = f"{where} was saved at {self.captured_at}"
            if self.outcome == "too_large":
                text += f", cut at {self.page.size if self.page else MAX_BYTES:,} bytes"
            return text + "."
        if self.outcome == "login_wall":
            return (
                f"{where} shows visitors a login page ({self.detail}), so repwatch kept the search result and "
                "what the site showed; take a screenshot yourself while logged in."
            )
        return f"{where} could not be saved: {plain_reason(self.detail)}. repwatch kept the search result and will try again."


_PLAIN_REASONS = (
    (re.compile(r"name or service not known|nodename nor servname|getaddrinfo failed|no address associated|"
                r"temporary failure in name resolution", re.I), "the site's name could not be found"),
    (re.compile(r"connection refused", re.I), "the site refused the connection"),
    (re.compile(r"all connection attempts failed|could not connect|connect(ion)? error", re.I),
     "the site could not be reached"),
    (re.compile(r"timed out|timeout", re.I), "the site did not answer in time"),
    (re.compile(r"network is unreachable|no route to host", re.I), "this computer could not reach the site"),
    (re.compile(r"connection reset|connection aborted|remote end closed|server disconnected", re.I),
     "the site dropped the connection"),
    (re.compile(r"certificate", re.I), "the site's security certificate could not be checked"),
)


def plain_reason(detail: str) -> str:
    """A capture failure in words a teacher reads: no errno, no library's exception text."""
    for pattern, words in _PLAIN_REASONS:
        if pattern.search(detail or ""):
            return words
    text = re.sub(r"\[Errno [-\d]+\]\s*", "", detail or "").strip().rstrip(".")
    text = re.sub(r"\(\s*\)", "", text).strip()
    return text or "the site could not be reached"


@dataclass
class TimelineEntry:
    at: str
    event: str
    note: str | None = None


def _screenshot(executable: str, fetched: Fetched, timeout: float) -> tuple[bytes | None, str | None]:
    """(png, note): a picture of the saved snapshot, never of the live page: the copy is rewritten
    so it can load nothing (:mod:`.sanitise`) and drawn sealed, scripts off (:mod:`repwatch.adapters.browser`)."""
    media = (fetched.content_type or "").split(";")[0].strip().lower()
    body = fetched.body or b""
    if not body:
        return None, "the page was empty, so there was nothing to take a screenshot of"
    page, why = page_for_bounded(body, media)
    if page is None:
        return None, why
    try:
        with Browser(executable, timeout=timeout) as browser:
            png, cut = browser.screenshot(page)
    except BrowserError as exc:
        return None, f"the screenshot failed: {exc}"
    except Exception as exc:  # never let the browser crash a run
        return None, f"the screenshot failed ({exc.__class__.__name__})"
    return png, (f"the screenshot was cut at {SCREENSHOT_MAX_HEIGHT:,} pixels" if cut else None)


# --- capturing -----------------------------------------------------------------------------------
SAFEGUARDING_NOTE = (
    "not kept, because this mention is flagged safeguarding and repwatch cannot tell whether a picture is a "
    "nude or sexual image of a child, which no one may copy (UKCIS guidance); take your own screenshot "
    "unless it is such an image, and tell the Designated Safeguarding Lead"
)


def withhold(mention: Mention, fetched: Fetched) -> str | None:
    """For a safeguarding flag, keep no pictures: drop an image or video body, take no screenshot."""
    if not any(f.code == "safeguarding" for f in mention.flags):
        return None
    media = (fetched.content_type or "").split(";")[0].strip().lower()
    if fetched.body is not None and media.startswith(("image/", "video/")):
        fetched.body = None
        fetched.detail += f"; the {media} file was {SAFEGUARDING_NOTE}"
    return f"the screenshot was {SAFEGUARDING_NOTE}"


def _gather(mention: Mention, config: Any, *, timeout: float, deadline: float, max_bytes: int,
            allow_private: bool | None, screenshot: bool) -> tuple[Fetched, bytes | None, str | None]:
    """The network and browser part of a capture: no store access, so it may run in a thread."""
    fetched = fetch(mention.url, timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                    allow_private=allow_private)
    png: bytes | None = None
    note = withhold(mention, fetched)
    if note:
        return fetched, None, note
    if screenshot and fetched.body is not None:
        executable, note = find_chromium(config)
        if executable:
            png, note = _screenshot(executable, fetched, max(timeout, 15.0))
    elif fetched.body is None:
        note = "no page was fetched, so there is no screenshot"
    return fetched, png, note


def _record(store: Store, mention: Mention, captured_at: str, fetched: Fetched,
            png: bytes | None, note: str | None, attempt_id: int | None = None) -> CaptureOutcome:
    """Write the files and the rows for one capture, in one transaction (the page row fills in the
    attempt recorded before the fetch)."""
    outcome = CaptureOutcome(
        mention.id, mention.url, captured_at, fetched.outcome, fetched.detail,
        final_url=fetched.final_url, http_status=fetched.status, content_type=fetched.content_type,
        screenshot_note=note,
    )
    if fetched.body is not None:
        outcome.page = save_bytes(store.path, fetched.body, extension_for(fetched.content_type))
    if png is not None:
        outcome.screenshot = save_bytes(store.path, png, "png")
    record = {
        "format": "repwatch evidence record 1",
        "captured_at": captured_at,
        "mention": {
            "id": mention.id, "profile": mention.profile, "url": mention.url,
            "canonical_url": mention.canonical_url, "title": mention.title, "snippet": mention.snippet,
            "kind": mention.kind, "platform": mention.platform, "domain": mention.domain,
            "published": mention.published, "first_seen": mention.first_seen,
            "flags": [{"code": f.code, "reason": f.reason} for f in mention.flags],
        },
        "search_results": store.sightings(mention.id),
        "fetch": {
            "url": fetched.url, "final_url": fetched.final_url, "outcome": fetched.outcome,
            "detail": fetched.detail, "http_status": fetched.status, "reason": fetched.reason,
            "redirects": fetched.redirects, "headers": fetched.headers, "elapsed_ms": fetched.elapsed_ms,
            "body_sha256": outcome.page.sha256 if outcome.page else None,
            "body_size": outcome.page.size if outcome.page else None,
        },
        "screenshot": {
            "sha256": outcome.screenshot.sha256 if outcome.screenshot else None,
            "rendered": "the saved snapshot, with scripts disabled" if outcome.screenshot else None,
            "note": note,
        },
    }
    outcome.result = save_bytes(
        store.path, json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8"), "json"
    )

    def row(kind: str, saved: Saved | None, result: str, detail: str | None) -> dict[str, Any]:
        return {
            "mention_id": mention.id, "captured_at": captured_at, "kind": kind, "url": mention.url,
            "final_url": fetched.final_url, "http_status": fetched.status, "outcome": result,
            "sha256": saved.sha256 if saved else None, "path": saved.relpath if saved else None,
            "size": saved.size if saved else None, "detail": detail,
        }

    sealed = row("result", outcome.result, "ok", "the search result as found, and the fetch record")
    sealed["seal"] = _seal(store, mention.id, captured_at, {"page": outcome.page, "screenshot": outcome.screenshot,
                                                           "result": outcome.result})
    rows = [
        sealed,
        row("page", outcome.page, fetched.outcome, fetched.detail),
    ]
    if outcome.screenshot is not None:
        rows.append(row("screenshot", outcome.screenshot, "ok", note or "the saved snapshot, scripts off"))
    elif note and fetched.body is not None:
        rows.append(row("screenshot", None, "failed" if note.startswith(SCREENSHOT_FAILED) else "skipped", note))
    kept = [name for name, saved in (("page", outcome.page), ("screenshot", outcome.screenshot),
                                      ("search record", outcome.result)) if saved]
    summary = f"{fetched.outcome}: {fetched.detail}; kept: {', '.join(kept)}"
    if outcome.page:
        summary += f" (page SHA-256 {outcome.page.sha256[:12]}…)"
    store.finish_capture(mention.id, captured_at, rows, summary, attempt_id=attempt_id)
    return outcome


def _seal(store: Store, mention_id: int, captured_at: str, saved: dict[str, Saved | None]) -> str | None:
    """The capture's seal, or None when the key cannot be had (the capture is kept all the same)."""
    try:
        key = tokens.secret_key(store.path)
    except RepwatchError:
        return None
    hashes = {kind: item.sha256 if item else None for kind, item in saved.items()}
    return tokens.seal(key, seal_parts(mention_id, captured_at, hashes))


def _failed(mention: Mention, captured_at: str, exc: BaseException, store: Store | None = None,
            attempt: int | None = None) -> CaptureOutcome:
    """The outcome of a capture that could not be stored; its attempt row says so, if it can."""
    outcome = CaptureOutcome(mention.id, mention.url, captured_at, "error",
                             f"repwatch could not store it ({exc.__class__.__name__}: {_short(exc)})")
    if store is not None and attempt is not None:
        with contextlib.suppress(Exception):
            store.fail_capture(attempt, outcome.detail)
    return outcome


def capture(
    store: Store,
    mention_id: int,
    *,
    config: Any = None,
    timeout: float = TIMEOUT_S,
    deadline: float = DEADLINE_S,
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
    screenshot: bool = True,
) -> CaptureOutcome:
    """Capture one mention now. Never raises for anything the web or the disk does: the outcome says.

    Raises KeyError only for a mention id the store does not hold (a usage error for the caller).
    """
    mention = store.mention(mention_id)
    if mention is None:
        raise KeyError(mention_id)
    captured_at = now()
    attempt: int | None = None
    try:
        # recorded before anything is fetched: a page that kills the process still counts as a try
        attempt = store.begin_capture(mention.id, captured_at, mention.url)
        fetched, png, note = _gather(mention, config, timeout=timeout, deadline=deadline,
                                     max_bytes=max_bytes, allow_private=allow_private, screenshot=screenshot)
        return _record(store, mention, captured_at, fetched, png, note, attempt)
    except Exception as exc:
        return _failed(mention, captured_at, exc, store, attempt)


def pending_captures(store: Store, profile: str | None = None) -> list[Mention]:
    """Flagged mentions (not dismissed) with no good page capture yet, and fewer than MAX_ATTEMPTS tries."""
    ids = store.pending_capture_ids(profile, done=SUCCESS, max_attempts=MAX_ATTEMPTS)
    return store.mentions(ids=ids, include_all=True) if ids else []


def capture_new(
    config: Any,
    store: Store,
    mentions: Iterable[Mention | int],
    *,
    profile: str | None = None,
    workers: int = 4,
    timeout: float = TIMEOUT_S,
    allow_private: bool | None = None,
    outcomes: list[CaptureOutcome] | None = None,
) -> list[str]:
    """For a run, after triage: capture per ``[evidence] capture`` (flagged | all | none) this run's
    new mentions, plus flagged ones still pending from earlier runs. Returns problem sentences;
    ``outcomes``, when given, receives each failed capture."""
    mode = getattr(getattr(config, "evidence", None), "capture", "flagged")
    if mode == "none":
        return []
    ids = [m if isinstance(m, int) else m.id for m in mentions]
    fresh = store.mentions(ids=ids, include_all=True) if ids else []
    # only pages shown as about her: another person's page set aside is not hers to keep proof of
    targets = [m for m in fresh if m.status != "dismissed" and m.shown and (mode == "all" or m.flags)]
    profiles: set[str | None] = {profile} if profile else {m.profile for m in fresh} or {None}
    chosen = {m.id for m in targets}
    for name in profiles:
        for m in pending_captures(store, name):
            if m.id not in chosen:
                targets.append(m)
                chosen.add(m.id)
    if not targets:
        return []
    # every attempt is recorded before anything is fetched: a page that kills the process (memory,
    # say) still counts as a try, so it is not fetched again on every run for ever
    problems: list[str] = []
    attempts: dict[int, tuple[str, int]] = {}
    for mention in list(targets):
        captured_at = now()
        try:
            attempts[mention.id] = (captured_at, store.begin_capture(mention.id, captured_at, mention.url))
        except Exception as exc:
            problems.append(_failed(mention, captured_at, exc).sentence())
            targets.remove(mention)
    # fetch in parallel (network only), then draw and store one at a time on this thread
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        fetches = list(pool.map(
            lambda m: (m, *attempts[m.id], _safe_fetch(m, timeout, allow_private)), targets
        ))
    executable, chromium_note = find_chromium(config)
    for mention, captured_at, attempt, fetched in fetches:
        try:
            png, note = None, withhold(mention, fetched)
            if fetched.body is not None and not note:
                if executable:
                    png, note = _screenshot(executable, fetched, max(timeout, 15.0))
                else:
                    note = chromium_note
            outcome = _record(store, mention, captured_at, fetched, png, note, attempt)
        except Exception as exc:
            outcome = _failed(mention, captured_at, exc, store, attempt)
        if not outcome.ok:
            problems.append(outcome.sentence())
            if outcomes is not None:
                outcomes.append(outcome)
    return problems


def _safe_fetch(mention: Mention, timeout: float, allow_private: bool | None) -> Fetched:
    try:
        return fetch(mention.url, timeout=timeout, allow_private=allow_private)
    except Exception as exc:
        return Fetched(mention.url, "error", f"the fetch failed unexpectedly ({exc.__class__.__name__})")


def evidence_rows(store: Store, mention_id: int) -> list[dict[str, Any]]:
    return store.evidence_rows(mention_id)


def timeline(store: Store, mention_id: int) -> list[TimelineEntry]:
    """Everything that happened to one mention, oldest first: found, notified, captured, marked
    concern / resolved / dismissed (with the user's --note), reopened, reappeared."""
    return [TimelineEntry(r["at"], r["event"], r["note"]) for r in store.events(mention_id)]
