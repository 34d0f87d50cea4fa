"""The review page's routes through an ASGI client, against a real SQLite database and config file."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import pytest

from repwatch.adapters import tokens
from repwatch.adapters.store import Store
from repwatch.config import load
from tests.conftest import cli
from tests.web_support import open_page, seed, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def site(tmp_path):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    config_path = write_config(tmp_path / "config.toml", db)
    app = create_app(load(config_path), db)
    client = open_page(TestClient(app, base_url="http://127.0.0.1:8377"), db)
    return client, ids, db, config_path


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def status_of(db, mention_id: int) -> str:
    store = Store(db)
    try:
        return store.mention(mention_id).status
    finally:
        store.close()


def test_list_puts_what_needs_attention_first(site):
    client, ids, _, _ = site
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    attention = text.index("Needs your attention")
    new = text.index(">New <")
    rest = text.index("Set aside: other people with your name")
    assert attention < new < rest
    assert attention < text.index("Ms Whitfield (@mswhitfield_teach)") < new  # impersonation
    assert new < text.index("Our staff - St Mary&#39;s") < rest  # plain, new
    assert rest < text.index("Jo Whitfield - Accountant - Leeds")  # judged not about her
    assert f'href="/mentions/{ids["impersonation"]}"' in text


def test_filters_and_full_text_search(site):
    client, ids, _, _ = site
    flagged = client.get("/?flag=impersonation").text
    assert "mswhitfield_teach" in flagged and "Our staff" not in flagged
    found = client.get("/?q=accountant").text
    assert "Accountant - Leeds" in found and "mswhitfield_teach" not in found
    by_site = client.get("/?platform=linkedin").text
    assert "Accountant - Leeds" in by_site and "Our staff" not in by_site
    odd = client.get('/?q="unbalanced AND (').text  # a search the index cannot parse is not a crash
    assert "What repwatch found" in odd


def test_mention_page_has_one_form_per_action_with_csrf(site):
    client, ids, _, _ = site
    page = client.get(f"/mentions/{ids['impersonation']}").text
    assert "claims your school and offers photos of pupils" in page
    assert "Why it was flagged" in page and "Evidence" in page and "Timeline" in page
    assert "What to do" in page and "impersonation form" in page  # the report's advice for the flag
    forms = re.findall(r'<form method="post" action="([^"]+)"(.*?)</form>', page, re.S)
    actions = [a.rsplit("/", 1)[1] for a, _ in forms if a.startswith("/mentions/")]
    assert {"dismiss", "concern", "resolve"} <= set(actions)
    for _action, body in forms:
        assert 'name="csrf"' in body
    assert "searching <span class=\"query\">&#34;Jo Whitfield&#34; Liverpool</span> on SearXNG" in page
    assert re.search(r"Fingerprint \(SHA-256\):</span> <span class=\"hash\">[0-9a-f]{64}", page) and "unchanged since it was saved" in page


def test_answer_moves_the_mention_and_is_in_its_timeline(site):
    client, ids, db, _ = site
    mention = ids["plain"]
    token = csrf_of(client.get(f"/mentions/{mention}").text)
    done = client.post(f"/mentions/{mention}/concern", data={"csrf": token, "note": "told the head"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/mentions/{mention}"
    assert status_of(db, mention) == "concern"
    page = client.get(f"/mentions/{mention}").text
    assert "Marked as a worry: it stays on your list." in page  # said once, after the redirect
    assert "told the head" in page
    listing = client.get("/").text
    assert listing.index("Needs your attention") < listing.index("Our staff") < listing.index(">New <") \
        if ">New <" in listing else listing.index("Our staff") > listing.index("Needs your attention")

    back = client.post(f"/mentions/{mention}/reopen", data={"csrf": token}, follow_redirects=False)
    assert back.status_code == 303 and status_of(db, mention) == "new"
    gone = client.post(f"/mentions/{mention}/dismiss", data={"csrf": token, "back": "/?flag=negative"},
                       follow_redirects=False)
    assert gone.headers["location"] == f"/?flag=negative#m{mention}" and status_of(db, mention) == "dismissed"


def test_dismiss_a_whole_site(site):
    client, ids, db, _ = site
    token = csrf_of(client.get("/").text)
    client.post(f"/mentions/{ids['hostile']}/dismiss", data={"csrf": token, "scope": "site"})
    assert status_of(db, ids["hostile"]) == "dismissed"
    assert "forum.example.net" in client.get("/blocked").text


def test_an_answer_that_cannot_be_done_is_one_sentence(site):
    client, ids, _, _ = site
    token = csrf_of(client.get("/").text)
    page = client.post(f"/mentions/{ids['plain']}/reopen", data={"csrf": token})
    assert page.status_code == 400 and "is already open" in page.text
    assert client.post("/mentions/99999/concern", data={"csrf": token}).status_code == 400
    assert client.post(f"/mentions/{ids['plain']}/explode", data={"csrf": token}).status_code == 404
    assert client.get("/mentions/99999").status_code == 404


def test_report_as_html_pdf_and_zip(site):
    client, ids, _, _ = site
    builder = client.get("/report").text
    assert f'name="id" value="{ids["impersonation"]}" checked' in builder
    html = client.get(f"/report?id={ids['impersonation']}&id={ids['hostile']}")
    assert html.status_code == 200 and "Incident report" in html.text
    assert "script-src" not in html.headers["content-security-policy"]
    assert "default-src 'none'" in html.headers["content-security-policy"]
    bundle = client.get(f"/report?id={ids['impersonation']}&format=zip")
    assert bundle.headers["content-type"] == "application/zip"
    assert "attachment" in bundle.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "report.html" in names and "manifest.json" in names and any(n.startswith("evidence/") for n in names)
    assert client.get("/report?id=banana").status_code == 400
    assert client.get("/report?id=424242").status_code == 404


def test_status_page_says_whether_it_runs(site):
    client, _, _, _ = site
    page = client.get("/status").text
    assert "Nothing is running the schedule now" in page
    assert "Joanna Whitfield" in page and "Last search" in page


def test_profile_form_writes_the_config_and_keeps_comments(site):
    client, _, _, config_path = site
    page = client.get("/profile").text
    token = csrf_of(page)
    saved = client.post("/profile", data={"csrf": token, "index": "0", "nicknames": "Jo\nJojo\n\n",
                                          "locations": "Liverpool\nWirral", "exclude": "accountant"})
    assert saved.status_code == 200 and "Saved." in saved.text
    text = config_path.read_text()
    assert "# my repwatch settings" in text and "# my full name" in text
    config = load(config_path)
    assert config.profile[0].nicknames == ["Jo", "Jojo"]
    assert config.profile[0].locations == ["Liverpool", "Wirral"]
    assert config.profile[0].exclude == ["accountant"]


def test_profile_form_refuses_what_the_loader_refuses(site):
    client, _, _, config_path = site
    before = config_path.read_text()
    token = csrf_of(client.get("/profile").text)
    page = client.post("/profile", data={"csrf": token, "index": "0", "nicknames": "x" * 300})
    assert "Not saved" in page.text and "longer than 200 characters" in page.text
    assert config_path.read_text() == before


def one_click(db, mention_id: int, action: str) -> str:
    return "/a/" + tokens.sign(tokens.secret_key(db), mention_id, action)


def test_one_click_link_confirms_then_acts_once(site):
    client, ids, db, _ = site
    link = one_click(db, ids["plain"], "dismiss")
    shown = client.get(link)
    assert shown.status_code == 200 and "Nothing has changed yet" in shown.text
    assert status_of(db, ids["plain"]) == "new"  # a GET (a mail scanner) changes nothing
    done = client.post(link, data={"csrf": csrf_of(shown.text)}, follow_redirects=False)
    assert done.status_code == 303 and status_of(db, ids["plain"]) == "dismissed"
    again = client.get(link)
    assert again.status_code == 410 and "already used" in again.text
    replay = client.post(link, data={"csrf": csrf_of(shown.text)})
    assert replay.status_code == 410 and "already used" in replay.text


def test_forged_and_expired_links_get_a_plain_page(site):
    client, ids, db, _ = site
    link = one_click(db, ids["plain"], "concern")
    forged = client.get(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))
    assert forged.status_code == 400 and "does not work" in forged.text
    other_key = "/a/" + tokens.sign("k" * 64, ids["plain"], "concern")
    assert client.get(other_key).status_code == 400
    raw = link.removeprefix("/a/")
    with pytest.raises(tokens.TokenError) as expired:
        tokens.read(tokens.secret_key(db), raw, max_age_s=-1)
    assert expired.value.reason == "expired"


def test_one_click_link_expires_after_30_days(site, monkeypatch):
    client, ids, db, _ = site
    import time as time_module

    link = one_click(db, ids["plain"], "concern")
    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + 31 * 24 * 3600)
    page = client.get(link)
    assert page.status_code == 410 and "expired" in page.text
    assert status_of(db, ids["plain"]) == "new"


def test_token_names_one_action_on_one_mention(tmp_path):
    key = tokens.secret_key(tmp_path / "x.db")
    assert (tmp_path / "web.key").stat().st_mode & 0o777 == 0o600
    assert tokens.secret_key(tmp_path / "x.db") == key  # kept, not remade
    token = tokens.read(key, tokens.sign(key, 7, "mine"))
    assert (token.mention_id, token.action) == (7, "mine")
    with pytest.raises(ValueError):
        tokens.sign(key, 7, "resolve")


def test_evidence_is_never_html_in_this_origin(site):
    client, ids, _, _ = site
    page = client.get(f"/mentions/{ids['impersonation']}").text
    links = sorted(set(re.findall(r'href="(/mentions/\d+/evidence/\d+)"', page)))
    assert len(links) == 2
    served = [client.get(link) for link in links]
    for response in served:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("sandbox")
        assert not response.headers["content-type"].startswith("text/html")
    kinds = {r.headers["content-type"] for r in served}
    assert kinds == {"text/plain; charset=utf-8", "image/png"}
    download = client.get(links[0] + "?download=1")
    assert "attachment" in download.headers["content-disposition"]


def test_digest_links_to_the_page_and_signs_answers(site):
    from repwatch.pipeline.digest import Digest, render_html, render_text, review_links

    client, ids, db, _ = site
    config = load(write_config(db.parent / "with-serve.toml", db,
                               '[serve]\npublic_url = "https://watch.example.org"\n'))
    store = Store(db)
    mentions = store.mentions(ids=[ids["impersonation"], ids["plain"]], include_all=True)
    store.close()
    links, hint = review_links(config, db, mentions)
    assert hint is None
    digest = Digest("Joanna Whitfield", mentions, links=links)
    html, text = render_html(digest), render_text(digest)
    assert f'href="https://watch.example.org/mentions/{ids["plain"]}"' in html
    assert f"https://watch.example.org/mentions/{ids['plain']}" in text
    # the flagged account needing attention: mine, worried, not me; the plain page, one line, is answered
    # on its page (its number is the link) or by replying
    assert html.count("https://watch.example.org/a/") == 3
    assert "repwatch&nbsp;dismiss&nbsp;" not in html

    # no [serve] section: the contract's default address, this computer's own, and where it opens
    bare = load(write_config(db.parent / "bare.toml", db))
    links, hint = review_links(bare, db, mentions)
    digest = Digest("Joanna Whitfield", mentions, links=links, review_hint=hint)
    html, text = render_html(digest), render_text(digest)
    assert f'href="http://127.0.0.1:8377/mentions/{ids["plain"]}"' in html
    assert html.count("http://127.0.0.1:8377/a/") == 3
    assert ("The buttons in this email open your review page on the computer that runs repwatch, and work only "
            "there, while repwatch serve is running.") in text
    assert "Not you? repwatch dismiss" not in text and "Run the dismiss command" not in text
    assert "Answer with the links under each mention" in text and "Answer with the links under each mention" in html


def test_mine_and_not_me_for_an_account_and_unblock(site):
    client, ids, db, _ = site
    page = client.get(f"/mentions/{ids['impersonation']}").text
    token = csrf_of(page)
    assert f'action="/mentions/{ids["impersonation"]}/mine"' in page
    assert 'value="account"' in page and 'value="site"' not in page  # instagram is shared by many: no whole-site choice
    mine = client.post(f"/mentions/{ids['impersonation']}/mine", data={"csrf": token})
    assert "is now counted as yours" in mine.text and "mswhitfield_teach" in mine.text
    store = Store(db)
    assert [f.code for f in store.mention(ids["impersonation"]).flags] == []
    store.close()
    undone = client.post(f"/mentions/{ids['impersonation']}/reopen", data={"csrf": token})
    assert "no longer counted as yours" in undone.text

    hidden = client.post(f"/mentions/{ids['namesake']}/dismiss", data={"csrf": token, "scope": "account"})
    assert "Every page of the account" in hidden.text and status_of(db, ids["namesake"]) == "dismissed"
    blocked = client.get("/blocked").text
    assert "An account" in blocked and "linkedin:" in blocked
    target = re.search(r'name="target" value="([^"]+)"', blocked).group(1)
    lifted = client.post("/blocked", data={"csrf": csrf_of(blocked), "target": target})
    assert "is no longer blocked" in lifted.text and "Nothing is blocked." in lifted.text


def test_a_shared_site_cannot_be_hidden_whole(site):
    client, ids, db, _ = site
    token = csrf_of(client.get("/").text)
    refused = client.post(f"/mentions/{ids['impersonation']}/dismiss", data={"csrf": token, "scope": "site"})
    assert refused.status_code == 400 and "many people publish" in refused.text
    assert status_of(db, ids["impersonation"]) == "new"


def test_one_click_mine_from_the_digest(site):
    client, ids, db, _ = site
    link = one_click(db, ids["impersonation"], "mine")
    shown = client.get(link)
    assert "This account is mine?" in shown.text
    done = client.post(link, data={"csrf": csrf_of(shown.text)})
    assert "is now counted as yours" in done.text


def test_report_as_pdf(site):
    from repwatch.pipeline.evidence import find_chromium

    client, ids, _, _ = site
    assert client.get(f"/report?id={ids['impersonation']}&format=pdf").status_code == 405  # it starts a browser
    csrf = csrf_of(client.get("/report").text)
    pdf = client.post("/report", data={"csrf": csrf, "id": [str(ids["impersonation"])], "format": "pdf"})
    if find_chromium(None)[0]:
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
        assert "attachment" in pdf.headers["content-disposition"]
    else:
        assert pdf.status_code == 503 and "needs Chromium" in pdf.text


def test_tone_in_words(site):
    client, ids, _, _ = site
    assert "the words near your name sound hostile" in client.get(f"/mentions/{ids['hostile']}").text
    assert "the words near your name sound warm" in client.get(f"/mentions/{ids['plain']}").text
    assert "the words near your name sound" not in client.get(f"/mentions/{ids['namesake']}").text  # neutral: as the digest


def test_the_page_calls_a_tone_hostile_exactly_where_triage_raises_negative(site):
    """-0.47: past triage's line (`negative`), so the page must not call it merely "unfriendly"."""
    from repwatch.pipeline.digest import Digest, render_html
    from repwatch.pipeline.triage import HOSTILE
    from tests.web_support import result, verdict

    client, _, db, _ = site
    found = result("https://forum.example.net/t/456", "Jo Whitfield thread", "words about Jo Whitfield")
    store = Store(db)
    try:
        _, new_ids, _ = store.record_run("Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=[found],
                                         calls=[], failures=[], queries=1,
                                         verdicts={found.canonical_url: verdict(tone=-0.47)})
        mention = store.mention(new_ids[0])
    finally:
        store.close()
    assert mention.tone == -0.47 and mention.tone <= HOSTILE  # triage would flag it `negative`
    page = client.get(f"/mentions/{new_ids[0]}").text
    assert "the words near your name sound hostile" in page
    assert "Tone near your name: hostile." in render_html(Digest("Joanna Whitfield", [mention]))


def test_a_flagged_mention_is_never_called_warm(site):
    """A laughing emoji under pupils' video of her reads "warm" to a sentiment reader: on a flagged
    mention a friendly tone says nothing true, so neither the page nor the digest says it."""
    from repwatch.pipeline.digest import Digest, render_html, render_text
    from tests.web_support import result, verdict

    client, _, db, _ = site
    found = result("https://www.tiktok.com/@y6.lads/video/7300000000000000009",
                   "year 6 filming Ms Whitfield in class", "\U0001f602 #fyp", "tiktok", "photo")
    store = Store(db)
    try:
        _, new_ids, _ = store.record_run(
            "Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=[found], calls=[], failures=[],
            queries=1, verdicts={found.canonical_url: verdict(("safeguarding", "pupils filming you"), tone=0.7)})
        mention = store.mention(new_ids[0])
    finally:
        store.close()
    assert "the words near your name sound" not in client.get(f"/mentions/{new_ids[0]}").text
    digest = Digest("Joanna Whitfield", [mention])
    assert "Tone near your name" not in render_html(digest) and "Tone near your name" not in render_text(digest)
    shown = cli("--db", str(db), "show", str(mention.id)).stdout
    assert "Tone near your name: not counted on a flagged page (+0.70)" in shown


def test_the_pages_say_things_in_words_not_codes(site):
    from tests.web_support import result, verdict

    client, ids, db, _ = site
    found = result("https://www.tiktok.com/@jo.whitfield.teacher", "jo.whitfield.teacher on TikTok", "", "tiktok",
                   "account")
    store = Store(db)
    try:
        _, new_ids, _ = store.record_run(
            "Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=[found], calls=[], failures=[],
            queries=1, verdicts={found.canonical_url: verdict(("unconfirmed_account", "an account in your name"))})
        store.db.execute("UPDATE evidence SET outcome = 'login_wall' WHERE kind = 'page'")
    finally:
        store.close()
    account = new_ids[0]

    page = client.get(f"/mentions/{account}").text
    assert "<strong>An account in your name:</strong> an account in your name" in page  # the digest's words
    assert "If this account is yours, answer “This account is mine” below" in page
    assert "unconfirmed_account" not in page and "unconfirmed account" not in page.lower()
    for button in ("Hide it: not me", "Yes, it is mine", "Keep it: I am worried", "Mark it resolved"):
        assert f">{button}</button>" in page
    shown = client.get(f"/mentions/{ids['impersonation']}").text
    assert "(the site asked for a login, so what was saved may be its login page)" in shown
    assert "login_wall" not in shown and "login wall" not in shown

    listing = client.get("/").text
    assert f'aria-label="It is mine: #{account}">It is mine</button>' in listing
    assert f'aria-label="It is mine: #{ids["hostile"]}"' not in listing  # only for accounts asking "yours?"
    csrf = csrf_of(listing)
    client.post(f"/mentions/{account}/mine", data={"csrf": csrf, "back": "/"})
    assert f'"It is mine: #{account}"' not in client.get("/").text  # no longer asks: it is hers

    status = client.get("/status").text
    assert "searches run every day at 07:00" in status and "0 7 * * *" not in status
    assert "Last search" in status and ": finished, " in status
    assert ">DuckDuckGo<" in status and ">Google News<" in status and ">google_news<" not in status

    client.post(f"/mentions/{ids['namesake']}/dismiss", data={"csrf": csrf, "scope": "account"})
    blocked = client.get("/blocked").text
    assert "<h2 class=\"h3\">jo-whitfield-accountant on LinkedIn</h2>" in blocked and ">Unblock: show its pages again<" in blocked


def test_schedules_in_words():
    from repwatch.web.words import schedule_words

    assert [schedule_words(s) for s in ("0 7 * * *", "30 7,19 * * *", "0 7 * * 1-5", "0 18 * * 0", "every 6h",
                                        "every 1d", "*/15 * * * *")] == [
        "every day at 07:00", "every day at 07:30 and 19:30", "on weekdays at 07:00", "on Sundays at 18:00",
        "every 6 hours", "every day", "on the schedule “*/15 * * * *”"]


@pytest.mark.parametrize("school_guide", [False, True])
def test_flag_and_event_names_are_the_guides_on_the_page_in_the_report_and_the_push(tmp_path, school_guide):
    """One table: the page once said "Marked as a worry" where the report said "Marked as a concern", and a
    school's own guide renamed flags in the digest but not on the page."""
    from repwatch.app import report
    from repwatch.pipeline.notify import message_for
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    config_path = write_config(tmp_path / "config.toml", db)
    flag, event, posing = "Negative or upsetting", "Marked as a worry", "Impersonation"
    if school_guide:
        (tmp_path / "school-guide.toml").write_text(
            '[flags.negative]\ntitle = "Unkind words: something hurtful about you"\n'
            '[flags.impersonation]\ntitle = "Someone posing as you: an account that is not yours"\n'
            '[events]\nconcern = "Raised with the school"\n', encoding="utf-8")
        config_path.write_text(config_path.read_text().replace("[repwatch]\n", '[repwatch]\nguide = "school-guide.toml"\n'))
        flag, event, posing = "Unkind words", "Raised with the school", "Someone posing as you"
    config = load(config_path)
    client = open_page(TestClient(create_app(config, db), base_url="http://127.0.0.1:8377"), db)
    hostile = ids["hostile"]
    token = csrf_of(client.get(f"/mentions/{hostile}").text)
    client.post(f"/mentions/{hostile}/concern", data={"csrf": token})

    page = client.get(f"/mentions/{hostile}").text
    assert f'<span class="badge">{flag}</span>' in page and f"<strong>{flag}:</strong>" in page
    assert f"</span> {event}" in page  # the timeline
    assert f">{flag}</option>" in client.get("/").text  # the list's filter
    store = Store(db)
    try:
        html = report.render_html(report.build(store, [hostile], config=config))
        urgent = store.mention(ids["impersonation"])
    finally:
        store.close()
    assert f"<td>{event}</td>" in html
    from repwatch.pipeline.digest import guide, guide_path_of

    title, _ = message_for(urgent, guide(guide_path_of(config)))
    assert title == f"repwatch: {posing} on Instagram"


@pytest.mark.parametrize(("method", "path", "status", "heading"), [
    ("GET", "/no-such-page", 404, "Not found"),
    ("GET", "/static/no-such-file.css", 404, "Not found"),
    ("DELETE", "/status", 405, "That cannot be done here"),
    ("GET", "/mentions/99999", 404, "Not found"),
    ("GET", "/a/forged-token", 400, "This link does not work"),
    ("GET", "/report?id=1&format=doc", 400, "Unknown format"),
])
def test_every_error_is_a_page_in_the_sites_own_layout(site, method, path, status, heading):
    """One exception handler draws every error: Starlette's own 404 and 405 were plain text before."""
    client = site[0]
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{heading}</h1>" in response.text and 'href="/">' in response.text  # the page's own frame
    assert "content-security-policy" in response.headers


def test_routes_raise_errors_and_one_handler_draws_them():
    from pathlib import Path

    import repwatch.web.app as web

    source = Path(web.__file__).read_text(encoding="utf-8")
    assert source.count('"web/message.html.j2"') == 1  # only error_page draws the message page


def test_every_timeline_event_repwatch_writes_has_a_name_in_the_guide():
    """A code with no name would show as 'Push failed' on the page and 'push_failed' in the report."""
    from pathlib import Path

    import repwatch
    from repwatch.adapters.store import STATUSES
    from repwatch.pipeline.digest import guide

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(repwatch.__file__).parent.rglob("*.py"))
    written = set(re.findall(r'add_event\([^,]+, "([^"]+)"', source))
    written |= {"found", *STATUSES}  # record_run writes "found"; set_status writes the new status
    written |= {"pushed", "push_failed"}  # written through a conditional expression
    assert {"concern", "resolved", "dismissed", "mine", "reopened", "captured"} <= written
    assert written - set(guide()["events"]) == set()


def test_health_checks_are_named_in_words():
    from repwatch.web.words import check_name

    assert [check_name(n) for n in ("provider google_news", "provider searxng", "schedule (Joanna Whitfield)",
                                    "config", "lock", "chromium")] == [
        "Search service: Google News", "Search service: SearXNG", "Schedule (Joanna Whitfield)", "Your settings",
        "A search under way", "Screenshots"]
