"""The digest a teacher acts on: what it says, in what order, with which links; and what the web cannot do to it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from html.parser import HTMLParser
from pathlib import Path

import pytest

from repwatch.adapters.store import Store
from repwatch.errors import ConfigError
from repwatch.models import CallFailure, Flag, Mention, Result
from repwatch.pipeline.deliver import build_message
from repwatch.pipeline.digest import (
    Digest,
    display_url,
    guide,
    next_run_text,
    privacy_reminder_due,
    render_html,
    render_text,
)
from tests.conftest import FIXTURES, cli

MENTIONS = json.loads((FIXTURES / "digest" / "mentions.json").read_text(encoding="utf-8"))


def mentions() -> list[Mention]:
    return [Mention(**{**item, "flags": [Flag(**f) for f in item["flags"]]}) for item in MENTIONS]


def full_digest(**extra) -> Digest:
    return Digest(
        "Joanna Whitfield",
        mentions(),
        [CallFailure("brave", '"Jo Whitfield" Liverpool', "brave rejected the API key (HTTP 401).")],
        generated_at="24 November 2026 at 07:00",
        next_run="Tuesday 25 November at 07:00",
        skipped_queries=['"Jo Whitfield"', '"J Whitfield" Liverpool'],
        privacy_platforms=["facebook", "instagram"],
        **extra,
    )


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)
            if name.startswith("on") or (name in ("src", "background") and value):
                raise AssertionError(f"{tag} has {name}={value!r}: no handlers or remote resources in an email")


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_subject_counts_and_order_most_serious_first():
    digest = full_digest()
    # a search service failed: the subject says so after the counts
    assert digest.subject == ("repwatch: 8 new mentions of Joanna Whitfield (5 need attention); "
                              "could not search Brave Search")
    assert [m.id for m in digest.attention] == [43, 42, 44, 45, 46]  # safeguarding, impersonation, photo, personal info, back again
    text = render_text(digest)
    # needs attention first, in full; the other new ones after, one line each, by platform
    assert text.index("NEEDS ATTENTION") < text.index("#43 ms whitfield") < text.index("#42 Joanna Whitfield")
    assert text.index("#46 Rate my teacher") < text.index("OTHER NEW MENTIONS") < text.index("#48 St Aidan")
    others = text[text.index("OTHER NEW MENTIONS"):]
    assert others.index("· News") < others.index("· School website") < others.index("· X (Twitter)")
    # each mention: title, link, snippet, dates, why it was found and why it was flagged
    block = text[text.index("#43 ms whitfield"):text.index("#42 Joanna Whitfield")]
    for expected in ("https://www.tiktok.com/@year6leavers/video/7301", "Pupils filming in class", "found 24 Nov 2026",
                     "Found by searching \"Ms Whitfield\" St Aidan's Primary School on Serper (Google results)",
                     "! Safeguarding: Mentions pupils", "! Negative: Derogatory words",
                     "repwatch dismiss 43", "repwatch concern 43"):
        assert expected in block, expected
    # each of the mention's lines stands on its own, indented under it: "Found by" was once flush left,
    # run into the next line
    assert "\n  Found by searching \"Ms Whitfield\" St Aidan's Primary School on Serper (Google results).\n" in block
    assert "\n  Tone near your name:" in block or "\n  Not you? repwatch dismiss 43" in block
    assert "* #41 Year 4 trip to the Museum of Liverpool | St Aidan's Primary School · School website · found 24 Nov 2026\n" in text


def test_every_flag_has_its_advice_once_with_the_sites_own_link():
    extra = Mention(**{**MENTIONS[1], "id": 49, "url": "https://www.facebook.com/jo.whitfield.77",
                       "flags": [Flag("impersonation", "Another account in your name.")]})
    digest = full_digest()
    digest.mentions.append(extra)
    text, html = render_text(digest), render_html(digest)
    expected_links = {
        "safeguarding": ["https://support.tiktok.com/en/safety-hc/report-a-problem", "https://www.iwf.org.uk/report",
                         "https://www.gov.uk/government/publications/sharing-nudes-and-semi-nudes-advice-for-"
                         "education-settings-working-with-children-and-young-people"],
        "impersonation": ["https://www.facebook.com/help/contact/169486816475808"],
        "negative": ["https://support.tiktok.com/en/safety-hc/report-a-problem"],
        "photo": ["https://help.instagram.com/contact/497253480400030"],
        "personal_info": ["https://www.ukphonebook.com/privacy", "https://support.google.com/websearch/answer/12719076"],
        "reappeared": [],
    }
    hrefs = parse(html).hrefs
    for code, links in expected_links.items():
        title = guide()["flags"][code]["title"]
        assert text.count(title) == 1, f"{code}: advice once per digest, not once per mention"
        assert html.count(f'id="advice-{code}"') == 1
        for link in links:
            assert link in text and link in hrefs, (code, link)
    # the two impersonation mentions share one section and one Facebook link
    assert "Impersonation: an account may be pretending to be you (for #42, #49)" in text
    assert "Facebook (#42, #49)" in text
    # the safeguarding line comes first of all, in both parts
    assert text.index("TELL YOUR DESIGNATED SAFEGUARDING LEAD NOW") < text.index("NEEDS ATTENTION")
    assert html.index("Tell your Designated Safeguarding Lead now.") < html.index("<h1")
    # helplines: the current POSH number, never the guide's out-of-date one; Report Harmful Content
    for part in (text, html):
        assert "0344 381 4772" in part and "0844" not in part
        assert "helpline@saferinternet.org.uk" in part and "https://reportharmfulcontent.com" in part
        for step in ("Evidence", "Tell your school", "Find the source(s)", "Seek further help"):
            assert step in part


def test_unverified_links_are_never_shown_as_links():
    negative = Mention(**{**MENTIONS[1], "id": 50, "flags": [Flag("negative", "Unkind words.")]})
    text = render_text(Digest("Joanna Whitfield", [negative]))
    # facts.md marks Facebook's harassment page U: the digest gives the in-app route instead
    assert "181495968648557" not in text
    assert "Facebook (#50): Use the Report option in the menu" in text
    # likewise the UK Safer Internet Centre safety-tools page in the privacy reminder (U)
    assert "saferinternet.org.uk/safety-tools" not in render_text(full_digest())


def test_text_part_carries_every_link_of_the_html_part():
    digest = full_digest()
    text, html = render_text(digest), render_html(digest)
    hrefs = [h for h in parse(html).hrefs if not h.startswith("#")]
    assert len(hrefs) > 20
    for href in hrefs:
        target = href.removeprefix("mailto:")
        assert target in text, href


def test_failures_skipped_queries_privacy_reminder_and_next_run_are_shown():
    text, html = render_text(full_digest()), render_html(full_digest())
    for part in (text, html):
        assert "brave rejected the API key (HTTP 401)." in part
        assert "&#34;Jo Whitfield&#34;" in part or '"Jo Whitfield"' in part
        assert "The next search is due Tuesday 25 November at 07:00." in part
    assert "SEARCHES LEFT FOR A LATER RUN" in text
    assert "MONTHLY CHECK: YOUR PRIVACY SETTINGS" in text
    assert "- Facebook: https://www.facebook.com/settings?tab=privacy" in text
    assert "- Instagram: In the app: your profile" in text
    assert "MONTHLY CHECK" not in render_text(Digest("Joanna Whitfield", mentions()))


def test_all_clear_digest():
    digest = Digest("Joanna Whitfield", [], next_run="Tuesday 25 November at 07:00")
    assert digest.subject == "repwatch: nothing new about Joanna Whitfield"
    text, html = render_text(digest), render_html(digest)
    assert "All clear: nothing new about Joanna Whitfield." in text and "All clear" in html
    assert "NEEDS ATTENTION" not in text and "0344 381 4772" in text
    assert "The next search is due Tuesday 25 November at 07:00." in text


def test_nothing_flagged_says_so_at_a_glance():
    calm = [m for m in mentions() if not m.flags]
    digest = Digest("Joanna Whitfield", calm)
    assert digest.subject == "repwatch: 3 new mentions of Joanna Whitfield"
    assert "Nothing needs your attention. 3 new mentions below" in render_text(digest)


HOSTILE_TITLE = "<script>alert('owned')</script>\r\nBcc: victim@example.org\u202egnp.exe " + "A" * 10_000


def hostile() -> list[Mention]:
    base = {k: v for k, v in MENTIONS[0].items() if k != "flags"}
    return [
        Mention(**{**base, "id": 60, "url": "javascript:alert(document.cookie)", "title": "Click me",
                   "snippet": "<img src=https://tracker.example/x.gif onerror=alert(1)>",
                   "flags": [Flag("negative", "<b>reason</b>\r\nwith a line break")]}),
        Mention(**{**base, "id": 61, "url": "https://example.org/" + "x" * 5000, "title": HOSTILE_TITLE,
                   "snippet": "\u202eevil\u202c snippet " + "B" * 10_000, "queries": ["q\r\nX-Evil: 1"]}),
        Mention(**{**base, "id": 62, "url": "https://xn--pple-43d.com/login", "title": "Apple login",
                   "snippet": "", "domain": "xn--pple-43d.com"}),
        Mention(**{**base, "id": 63, "url": "https://еxample.com/\u202eexe.pdf", "title": "spoof"}),
    ]


def test_hostile_web_text_arrives_harmless():
    digest = Digest("Joanna\r\nWhitfield\u202e", hostile())
    html, text = render_html(digest), render_text(digest)
    links = parse(html)  # raises on any on* handler or src= (remote image)
    assert links.scripts == 0
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert all(h.startswith(("https://", "mailto:", "#")) for h in links.hrefs)
    assert not any(h.lower().startswith("javascript") for h in links.hrefs)
    assert "(not a web address)" in html and "(not a web address)" in text
    for part in (html, text):
        assert "\u202e" not in part and "\u202c" not in part and "\r" not in part
        assert "A" * 250 not in part and "B" * 450 not in part  # cut, with an ellipsis
        assert "Bcc: victim" not in part.split("\n")[0]
    assert "AAAA…" in text
    # link text shows the real domain: punycode for look-alike letters, never the title
    assert display_url("https://xn--pple-43d.com/login") == "xn--pple-43d.com/login"
    assert display_url("https://еxample.com/a") == "xn--xample-2of.com/a"
    assert ">xn--pple-43d.com/login</a>" in html
    assert len(display_url("https://example.org/" + "x" * 5000)) <= 70


def test_headers_are_single_lines_with_message_id_and_date():
    digest = Digest("Joanna\r\nBcc: victim@example.org\u202e Whitfield", hostile())
    message = build_message(digest, sender="repwatch <alerts@example.org>", to=["jo@example.org"])
    raw = bytes(message)
    parsed = message_from_bytes(raw, policy=email_policy.default)
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["Subject"] and "\u202e" not in parsed["Subject"]
    assert parsed["Subject"].startswith("repwatch: 4 new mentions of Joanna Bcc: victim@example.org Whitfield")
    assert re.fullmatch(r"<[^<>@\s]+@example\.org>", parsed["Message-ID"])
    assert parsed["Date"]
    assert parsed.get_content_type() == "multipart/alternative"
    assert {p.get_content_type() for p in parsed.iter_parts()} == {"text/plain", "text/html"}


def test_html_is_inlined_600px_dark_mode_and_self_contained():
    html = render_html(full_digest())
    assert 'style="' in html and "max-width: 600px" in html
    assert "prefers-color-scheme: dark" in html and 'name="color-scheme" content="light dark"' in html
    assert "<!--[if mso]>" in html  # a fixed 600px table for Outlook's Word engine
    assert not re.search(r"""(src|url\()\s*=?\s*["']?(https?:)?//""", html)  # no remote images or fonts


def test_a_schools_own_guide_replaces_the_wording(tmp_path):
    own = tmp_path / "school-guide.toml"
    own.write_text(
        '[meta]\nname = "St Aidan\'s staff online safety policy"\n'
        '[flags.safeguarding]\nurgent = "Ring Mrs Patel (DSL) on extension 204 now."\n'
        'steps = ["Ring Mrs Patel on extension 204.", "Fill in a CPOMS entry."]\n'
        '[helplines.posh]\nphone = "0344 381 4772"\n'
    )
    digest = full_digest(guide_path=str(own))
    text = render_text(digest)
    assert ">>> RING MRS PATEL (DSL) ON EXTENSION 204 NOW. <<<" in text
    assert "2. Fill in a CPOMS entry." in text
    assert "Advice from St Aidan's staff online safety policy." in text
    # what the school's file leaves out falls back to the packaged guide
    assert "https://www.facebook.com/help/contact/169486816475808" in text

    broken = tmp_path / "broken.toml"
    broken.write_text("[flags.safeguarding]\nsteps = 'not a list'\n")
    with pytest.raises(ConfigError, match=r"broken\.toml \(repwatch\.guide\): flags\.safeguarding\.steps"):
        render_text(full_digest(guide_path=str(broken)))
    with pytest.raises(ConfigError, match="could not be read"):
        render_text(full_digest(guide_path=str(tmp_path / "missing.toml")))


def test_next_run_text():
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert next_run_text("0 7 * * *", "Europe/London", now) == "Wednesday 25 November at 07:00"
    assert next_run_text("every 6h", "Europe/London", now) == "Tuesday 24 November at 16:00"
    assert next_run_text("not a schedule", None, now) is None
    # cron's weekday 0 is Sunday (APScheduler's from_crontab would say Monday)
    assert next_run_text("0 7 * * 0", "Europe/London", now) == "Sunday 29 November at 07:00"


def _store_with_mentions(path: Path, profile: str = "Joanna Whitfield") -> tuple[Store, list[int]]:
    store = Store(path)
    results = []
    for item in MENTIONS:
        results.append(Result(url=item["url"], title=item["title"], snippet=item["snippet"], provider=item["providers"][0],
                              kind=item["kind"], query=item["queries"][0], rank=1, published=item["published"],
                              canonical_url=item["canonical_url"], domain=item["domain"], platform=item["platform"]))
    _, ids, _ = store.record_run(profile, started_at="2026-11-24T07:00:00+00:00", results=results, calls=[],
                                 failures=[], queries=1)
    for new_id, item in zip(ids, MENTIONS, strict=True):
        store.update_triage(new_id, score=0.9, reasons=[], flags=[Flag(**f) for f in item["flags"]])
    return store, ids


def test_privacy_reminder_once_a_month(tmp_path):
    store, ids = _store_with_mentions(tmp_path / "r.db")
    november = datetime(2026, 11, 24, 12, tzinfo=UTC)
    assert privacy_reminder_due(store, "Joanna Whitfield", "Europe/London", november)
    digest_id = store.open_digest("Joanna Whitfield", None, ids[:1], all_clear=False)
    # a digest that failed does not count: the reminder rides in the next one
    store.digest_failed(digest_id, "down")
    assert privacy_reminder_due(store, "Joanna Whitfield", "Europe/London", november)
    store.digest_delivered(digest_id, status="sent", subject="s", message_id="<m@x>")
    assert not privacy_reminder_due(store, "Joanna Whitfield", "Europe/London", datetime.now(UTC))
    assert privacy_reminder_due(store, "Joanna Whitfield", "Europe/London", datetime.now(UTC) + timedelta(days=40))
    assert privacy_reminder_due(store, "Someone Else", "Europe/London", datetime.now(UTC))


def _config(path: Path, db: Path, *, platforms: str = '["facebook", "tiktok"]') -> Path:
    path.write_text(f'[repwatch]\ndatabase = "{db}"\n\n[[profile]]\nname = "Joanna Whitfield"\n'
                    f'platforms = {platforms}\nschedule = "0 7 * * *"\n')
    return path


def test_digest_preview_writes_what_the_next_run_would_send(home):
    db = home / "repwatch.db"
    store, ids = _store_with_mentions(db)
    store.close()
    config = _config(home / "config.toml", db)
    out = home / "preview.html"
    result = cli("--config", str(config), "digest", "--preview", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    html = out.read_text()
    assert "Preview." in html and "Nothing was sent." in html
    assert "Tell your Designated Safeguarding Lead now." in html
    assert "https://www.facebook.com/settings?tab=privacy" in html  # first digest of the month: the reminder
    assert "The next search is due" in html
    # a preview changes nothing: the mentions still wait for the real digest
    again = Store(db)
    assert {m.id for m in again.undelivered("Joanna Whitfield")} == set(ids)
    assert again.db.execute("SELECT count(*) FROM digests").fetchone()[0] == 0

    default = cli("--config", str(config), "digest", "--preview", "--profile", "joanna whitfield")
    assert default.returncode == 0, default.stderr
    written = Path(default.stdout.strip())
    assert written.parent == home / "outbox" and written.name.startswith("preview-joanna-whitfield-")
    assert written.read_text().count("Joanna Whitfield | Facebook") == 1


def test_digest_without_preview_or_with_a_bad_profile_is_a_usage_error(home):
    config = _config(home / "config.toml", home / "repwatch.db")
    bare = cli("--config", str(config), "digest")
    assert bare.returncode == 2
    assert bare.stderr.strip() == (
        "repwatch: `repwatch digest` only previews: run `repwatch digest --preview` (a run sends the real digest)."
    )
    missing = cli("--config", str(config), "digest", "--preview", "--profile", "Nobody")
    assert missing.returncode == 2 and "There is no profile named 'Nobody'" in missing.stderr
    assert "Traceback" not in missing.stderr


SCHOOL_GUIDE = """
[[steps]]
title = "Tell your school"
text = "Email our DSL at dsl@staidans.example.sch.uk, or use https://staidans.example.sch.uk/concern?who=staff&how=form."

[helplines.posh]
phone = "0344 381 4772"
note = "More at www.saferinternet.org.uk/helpline. Odd: https://bad.example/\\"><script>alert(1)</script>"

[platforms.web]
how = "Use the form at https://reports.example.org/form."
"""


def test_urls_in_our_own_notes_are_links_and_web_text_never_is(tmp_path):
    """The guide's notes and repwatch's own notes get real, escaped links; a page's title, snippet or a
    site's error message keeps its addresses as plain text, so the web cannot put a link in the email."""
    own = tmp_path / "school-guide.toml"
    own.write_text(SCHOOL_GUIDE, encoding="utf-8")
    phish = "Click https://phish.example.net/login to see what they said about Ms Whitfield"
    web = [Mention(**{**MENTIONS[0], "flags": [Flag("negative", "hostile words near your name")], "id": 70,
                      "platform": "web", "domain": "forum.example.net", "url": "https://forum.example.net/t/1",
                      "title": phish, "snippet": "see www.phish.example.net/more"})]
    digest = Digest(
        "Joanna Whitfield", web,
        [CallFailure("serpapi", '"Jo Whitfield"', "serpapi could not run the search: go to https://evil.example/x")],
        notes=["Facebook cannot be checked without logging in: check it yourself for accounts in your name: "
               "https://www.facebook.com/search/people/?q=Joanna%20Whitfield"],
        guide_path=str(own),
        review_hint="To answer on a web page, run repwatch serve, then open http://127.0.0.1:8377/ there.",
    )
    html = render_html(digest)
    links = parse(html)  # raises on any handler or remote resource
    hrefs = links.hrefs
    for linked in ("mailto:dsl@staidans.example.sch.uk", "https://staidans.example.sch.uk/concern?who=staff&how=form",
                   "https://reports.example.org/form", "https://www.facebook.com/search/people/?q=Joanna%20Whitfield",
                   "http://127.0.0.1:8377/"):
        assert linked in hrefs, linked
    assert any(h.endswith("www.saferinternet.org.uk/helpline") for h in hrefs)
    assert ">https://reports.example.org/form</a>." in html  # the full stop stays outside the link
    assert links.scripts == 0 and ">https://bad.example/\"&gt;&lt;script&gt;alert(1)" in html  # escaped
    assert not any("phish" in h or "evil.example" in h for h in hrefs)
    assert "Click https://phish.example.net/login to see" in html  # shown, as plain text
    assert "go to https://evil.example/x" in html
