"""The incident report: what the guide asks a teacher to take to school, in one printable file.

``repwatch report ID…`` gathers, for each chosen mention: when it was found and how, its
addresses, its flags and why, the screenshots (embedded as data: URIs, so the HTML file stands
alone), every evidence file with its SHA-256 and capture time (each re-checked as the report is
made), the timeline with the user's notes, and the guide's steps with each site's reporting links.
A PDF is printed beside it where Chromium is found. ``--zip`` bundles the report, the evidence
files and a manifest (SHA-256 of every file) for the school.

Everything that came from the web is escaped by jinja2's autoescape; links are http(s) only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repwatch.adapters.browser import Browser, BrowserError
from repwatch.adapters.store import Store
from repwatch.adapters.store.files import check, resolve
from repwatch.models import Mention
from repwatch.pipeline.digest import _environment, evidence_advice, guide_path_of, usable
from repwatch.pipeline.digest import guide as load_guide
from repwatch.pipeline.evidence import TimelineEntry, find_chromium, timeline
from repwatch.pipeline.labels import STATUS_WORDS, event_name, flag_name
from repwatch.schedule import resolve_tz, tz_name
from repwatch.timefmt import format_local, zone_place

MAX_EMBED_BYTES = 12 * 1024 * 1024  # a screenshot larger than this is listed, not embedded

# Where to report, per platform. Used unless data/guide.toml grows a [platforms.CODE] table.
# From shared/guide/facts.md (2026-11-24): most official URLs were seen only in third-party copies,
# so the report asks the reader to check that each page still opens.
REPORTING: dict[str, list[tuple[str, str]]] = {
    "facebook": [
        ("Report an impersonating (imposter) account", "https://www.facebook.com/help/contact/169486816475808"),
        ("Report abuse or harassment", "https://www.facebook.com/help/181495968648557"),
        ("Privacy settings", "https://www.facebook.com/settings?tab=privacy"),
    ],
    "instagram": [
        ("Report an impersonating account", "https://help.instagram.com/contact/636276399721841"),
        ("Report harassment or bullying", "https://help.instagram.com/contact/497253480400030"),
        ("Abuse and spam help", "https://help.instagram.com/165828726894770"),
    ],
    "x": [
        ("Report impersonation", "https://help.twitter.com/forms/impersonation"),
        ("Report abusive behaviour", "https://help.twitter.com/forms/abusiveuser"),
    ],
    "tiktok": [
        ("Report a user", "https://support.tiktok.com/en/safety-hc/report-a-problem/report-a-user"),
        ("Report a problem", "https://support.tiktok.com/en/safety-hc/report-a-problem"),
        ("Report a privacy violation", "https://www.tiktok.com/legal/report/privacy"),
    ],
    "youtube": [("Impersonation policy and reporting", "https://support.google.com/youtube/answer/2801947")],
    "linkedin": [
        ("Report a fake profile", "https://www.linkedin.com/help/linkedin/answer/a1339364"),
        ("Report impersonation", "https://www.linkedin.com/help/linkedin/ask/TS-NFPI"),
    ],
    "snapchat": [("In the app: press and hold the name, then Manage Friendship, then Report", "")],
    "bluesky": [("In the app: Report the post or account (choose “misleading” for impersonation)", "")],
    "mastodon": [("Report from the post or profile menu; it goes to that server’s moderators (rules at /about)", "")],
}
SEARCH_REMOVAL = [
    ("Google: results about you (contact details)", "https://support.google.com/websearch/answer/12719076"),
    ("Google: remove personal information (troubleshooter)", "https://support.google.com/websearch/troubleshooter/3111061"),
    ("Google: remove outdated content (page changed or deleted)", "https://search.google.com/search-console/remove-outdated-content"),
]
GENERAL = [  # Report Harmful Content and POSH come from guide.toml's helplines
    ("How to make a report (Childnet)", "https://www.childnet.com/resources/how-to-make-a-report"),
]
SAFEGUARDING_LINKS = [
    ("UKCIS: Sharing nudes and semi-nudes — advice for education settings",
     "https://www.gov.uk/government/publications/sharing-nudes-and-semi-nudes-advice-for-education-settings-working-with-children-and-young-people"),
    ("CEOP: online sexual abuse or grooming of a child", "https://www.ceop.police.uk/Safety-Centre/"),
    ("IWF: report child sexual abuse images", "https://www.iwf.org.uk/report"),
]
ADVICE = {
    "safeguarding": "Refer this to the Designated Safeguarding Lead at once; the DSL decides what happens next.",
    "impersonation": "Report the account to the site with its impersonation form; sites usually need the "
                     "person impersonated to report it, with ID. Tell your school.",
    "negative": "Do not reply or comment. Report it to the site, tell your school, and call POSH for advice.",
    "photo": "Find where the photo is posted and ask for it to be removed (or ask the friend whose account it "
             "is). Consider making your own accounts private.",
    "personal_info": "Ask the site to remove your details; ask Google to drop the result (links below). "
                     "People-search sites take opt-out requests; you can opt out of the open electoral register.",
    "reappeared": "This was resolved before and is online again: report it again, citing the earlier report "
                  "and this evidence.",
}
KIND_LABELS = {"page": "Page as fetched", "screenshot": "Screenshot", "result": "Search result and fetch record"}


@dataclass
class EvidenceFile:
    id: int
    kind: str
    captured_at: str
    outcome: str | None
    http_status: int | None
    url: str | None
    final_url: str | None
    sha256: str | None
    relpath: str | None
    path: Path | None
    size: int | None
    detail: str | None
    check: str  # matches | changed | missing | none (no file: a failed fetch)


@dataclass
class Item:
    mention: Mention
    sightings: list[dict[str, Any]]
    evidence: list[EvidenceFile]
    screenshots: list[dict[str, Any]]
    timeline: list[TimelineEntry]
    links: list[tuple[str, str]]
    advice: list[tuple[str, str]]

    @property
    def found_by(self) -> list[dict[str, Any]]:
        """The sightings summarised: one line per (provider, kind, search), however many runs saw it,
        so the report stays the same length run after run."""
        return summarise_sightings(self.sightings)


def summarise_sightings(sightings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for s in sightings:
        key = (s.get("provider"), s.get("kind"), s.get("query"))
        first_seen = s.get("first_seen_at") or s.get("seen_at")
        group = groups.setdefault(key, {"provider": key[0], "kind": key[1], "query": key[2], "times": 0,
                                        "first": first_seen, "last": s.get("seen_at"), "best": s.get("rank")})
        group["times"] += s.get("times") or 1  # a compact sighting counts every run that saw it
        seen = s.get("seen_at")
        if first_seen and (not group["first"] or first_seen < group["first"]):
            group["first"] = first_seen
        if seen and (not group["last"] or seen > group["last"]):
            group["last"] = seen
        rank = s.get("rank")
        if rank is not None and (group["best"] is None or rank < group["best"]):
            group["best"] = rank
    return list(groups.values())


@dataclass
class ReportData:
    people: list[str]
    generated_at: str  # ISO, UTC
    items: list[Item]
    steps: list[dict[str, str]]
    helplines: list[dict[str, str]]
    general_links: list[tuple[str, str]]
    timezone: str
    notes: list[str] = field(default_factory=list)
    events: dict[str, str] = field(default_factory=dict)  # timeline entries in words: the guide's [events]
    flag_names: dict[str, str] = field(default_factory=dict)  # flags in words: the guide's titles

    @property
    def place(self) -> str:
        """The time zone as a place: 'London', 'UTC (Greenwich)'."""
        return zone_place(self.timezone)

    @property
    def title(self) -> str:
        return "Incident report: online content about " + ", ".join(self.people)


@dataclass
class Written:
    path: Path  # the file to hand over: the zip, or the HTML
    html: Path | None
    pdf: Path | None
    notes: list[str] = field(default_factory=list)


def _zone(config: Any) -> Any:
    return resolve_tz(getattr(getattr(config, "repwatch", None), "timezone", None))


def _links(platform: str, flags: set[str], guide: dict[str, Any]) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    table = guide.get("platforms")
    entry = table.get(platform) if isinstance(table, dict) else None
    if isinstance(entry, dict):
        for value in entry.values():
            link = usable(value)  # unverified (status U) links are never shown as links
            if link is not None:
                links.append((link["label"], link["url"]))
    if not links:
        links = list(REPORTING.get(platform, []))
    if not links:
        links = [("The website's own contact or “report” page; if it will not act, its hosting provider's abuse "
                  "contact", "")]
    if flags & {"personal_info", "reappeared"} or platform not in REPORTING:
        links += SEARCH_REMOVAL
    if "safeguarding" in flags:
        links = SAFEGUARDING_LINKS + links
    return links


def _screenshot_uri(ev: EvidenceFile) -> str | None:
    if ev.kind != "screenshot" or ev.check != "matches" or ev.path is None or (ev.size or 0) > MAX_EMBED_BYTES:
        return None
    return "data:image/png;base64," + base64.b64encode(ev.path.read_bytes()).decode("ascii")


def build(store: Store, mention_ids: list[int], *, config: Any = None) -> ReportData:
    guide = load_guide(guide_path_of(config) if config is not None else None)
    items: list[Item] = []
    people: list[str] = []
    mention_ids = list(dict.fromkeys(mention_ids))  # each page once, however often it is named
    by_id = {m.id: m for m in store.mentions(ids=mention_ids, include_all=True)}
    for mention_id in mention_ids:
        mention = by_id.get(mention_id)
        if mention is None:
            raise KeyError(mention_id)
        if mention.profile not in people:
            people.append(mention.profile)
        files: list[EvidenceFile] = []
        for row in store.evidence_rows(mention_id):
            path = resolve(store.path, row["path"]) if row["path"] else None
            state, _actual = check(store.path, row["path"], row["sha256"])
            files.append(EvidenceFile(
                row["id"], row["kind"], row["captured_at"], row["outcome"], row["http_status"], row["url"],
                row["final_url"], row["sha256"], row["path"], path, row["size"], row["detail"], state,
            ))
        shots = [
            {"uri": uri, "captured_at": ev.captured_at, "sha256": ev.sha256, "id": ev.id}
            for ev in files if (uri := _screenshot_uri(ev))
        ]
        sightings = store.sightings(mention_id)
        codes = {f.code for f in mention.flags}
        advice = [(f.code, ADVICE[f.code]) for f in mention.flags if f.code in ADVICE]
        if mention.flags:
            saving = evidence_advice(guide, codes)
            advice.append(("evidence", " ".join(x for x in (saving["save"], saving["exception"]) if x)))
        items.append(Item(mention, sightings, files, shots, timeline(store, mention_id),
                          _links(mention.platform, codes, guide), advice))
    helplines = [
        {key: str(v.get(key) or "") for key in ("name", "phone", "email", "url", "hours", "note")}
        for v in guide.get("helplines", {}).values()
        if isinstance(v, dict)
    ]
    zone = _zone(config)
    return ReportData(
        people=people,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        items=items,
        steps=list(guide.get("steps", [])),
        helplines=helplines,
        general_links=GENERAL,
        timezone=tz_name(zone),
        events={code: event_name(guide, code) for code in guide.get("events") or {}},
        flag_names={code: flag_name(guide, code) for item in items for code in (f.code for f in item.mention.flags)},
    )


def _when(iso: str | None, zone: Any) -> str:
    """'25 Nov 2026, 09:14 GMT' in the user's time zone; the raw UTC stays in the evidence table."""
    if not iso:
        return ""
    try:
        return format_local(iso, zone, "stamp")
    except ValueError:
        return iso


def render_html(data: ReportData) -> str:
    try:
        zone: Any = resolve_tz(data.timezone)
    except Exception:  # noqa: BLE001 - a report is still readable with the system's zone
        zone = resolve_tz(None)
    env = _environment()
    template = env.get_template("report.html.j2")
    return template.render(
        r=data,
        when=lambda iso: _when(iso, zone),
        event_labels=data.events,
        kind_labels=KIND_LABELS,
        statuses=STATUS_WORDS,
        flag_names=data.flag_names,
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_report(
    store: Store,
    mention_ids: list[int],
    *,
    out: Path | None = None,
    as_zip: bool = False,
    config: Any = None,
    pdf: bool = True,
) -> Written:
    """Write the report (and a PDF where Chromium is found), or with as_zip one bundle for the school."""
    data = build(store, mention_ids, config=config)
    html = render_html(data).encode("utf-8")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    notes: list[str] = []
    pdf_bytes: bytes | None = None
    if pdf:
        executable, note = find_chromium(config)
        if executable:
            pdf_bytes, failure = print_pdf(executable, html)
            if failure:
                notes.append(failure)
        else:
            notes.append(note.replace("no screenshot was taken", "the report has no PDF copy"))
    if not as_zip:
        path = Path(out) if out else Path.cwd() / f"repwatch-report-{stamp}.html"
        path = path.expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html)
        pdf_path = None
        if pdf_bytes:
            pdf_path = path.with_suffix(".pdf")
            pdf_path.write_bytes(pdf_bytes)
        return Written(path, path, pdf_path, notes)

    path = Path(out).expanduser() if out else Path.cwd() / f"repwatch-report-{stamp}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": "repwatch incident bundle 1",
        "generated_at": data.generated_at,
        "people": data.people,
        "mentions": [
            {"id": i.mention.id, "profile": i.mention.profile, "url": i.mention.url,
             "first_seen": i.mention.first_seen, "flags": [f.code for f in i.mention.flags]}
            for i in data.items
        ],
        "files": [],
    }
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("report.html", html)
        manifest["files"].append({"path": "report.html", "kind": "report", "sha256": _sha(html), "size": len(html)})
        if pdf_bytes:
            bundle.writestr("report.pdf", pdf_bytes)
            manifest["files"].append(
                {"path": "report.pdf", "kind": "report", "sha256": _sha(pdf_bytes), "size": len(pdf_bytes)}
            )
        seen: set[str] = set()
        for item in data.items:
            for ev in item.evidence:
                if not ev.relpath or not ev.sha256:
                    continue
                entry = {
                    "path": ev.relpath, "kind": ev.kind, "mention_id": item.mention.id,
                    "captured_at": ev.captured_at, "url": ev.url, "final_url": ev.final_url,
                    "outcome": ev.outcome, "recorded_sha256": ev.sha256,
                }
                if ev.check == "missing" or ev.path is None:
                    manifest["files"].append({**entry, "sha256": None, "missing": True})
                    notes.append(f"Evidence file {ev.path} is missing, so it is not in the bundle.")
                    continue
                content = ev.path.read_bytes()
                actual = _sha(content)
                entry.update({"sha256": actual, "size": len(content), "matches_record": actual == ev.sha256})
                manifest["files"].append(entry)
                if ev.relpath not in seen:
                    bundle.writestr(ev.relpath, content)
                    seen.add(ev.relpath)
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    tmp.replace(path)
    return Written(path, None, None, notes)


def print_pdf(executable: str, html: bytes) -> tuple[bytes | None, str | None]:
    """The report printed to PDF by Chromium (sealed: the page can load nothing), or (None, why not)."""
    try:
        with Browser(executable) as browser:
            return browser.pdf(html), None
    except (BrowserError, OSError) as exc:
        return None, f"the PDF copy could not be printed ({exc})"


def render_png(executable: str, html: bytes | str, *, width: int = 1000) -> bytes:
    """The report as Chromium draws it (full page), for tests and previews."""
    with Browser(executable) as browser:
        png, _cut = browser.screenshot(html, width=width, max_height=40000)
    return png
