"""A digest every mailbox shows whole, that never says "all clear" when it could not look, and that
puts only pages about her under "needs attention" (issues 25 and 26, the contract's Wave 3 additions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from repwatch.models import CallFailure, Flag, Mention
from repwatch.pipeline.deliver import build_message
from repwatch.pipeline.digest import HTML_BUDGET, Digest, render_html, render_text, review_links
from tests.conftest import cli
from tests.test_backbone import write_config

NAME = "Rhian Davies"
FLAGS = [("safeguarding", "Pupils talk about following you home."), ("impersonation", "An account pretends to be you."),
         ("negative", "Hostile words near your name."), ("personal_info", "Your home address is on the page."),
         ("photo", "Looks like your photo me.jpg.")]
PLATFORMS = [("facebook", "facebook.com"), ("tiktok", "tiktok.com"), ("x", "x.com"), ("web", "forum.example.net"),
             ("news", "news.example.co.uk"), ("instagram", "instagram.com")]


def many(count: int, *, flagged: int, unsure: int, elsewhere: int, long: bool = False) -> list[Mention]:
    """The largest first run: ``count`` new pages, long web text in each, the first ``flagged`` about her
    and flagged, then ``unsure`` with only her name, ``elsewhere`` about namesakes, the rest hers, unflagged."""
    out = []
    for i in range(count):
        platform, domain = PLATFORMS[i % len(PLATFORMS)]
        mid = 1000 + i
        about = "you"
        flags: list[Flag] = []
        if i < flagged:
            code, reason = FLAGS[i % len(FLAGS)]
            flags = [Flag(code, reason)]
        elif i < flagged + unsure:
            about = "unsure"
            if i % 4 == 3:
                flags = [Flag("negative", "Hostile words near the name.")]
        elif i < flagged + unsure + elsewhere:
            about = "someone_else"
        filler = " lorem ipsum dolor" * (40 if long else 4)
        out.append(Mention(
            id=mid, profile=NAME, canonical_url=f"https://{domain}/p/{mid}", url=f"https://{domain}/p/{mid}?ref=" + "x" * (300 if long else 10),
            title=f"Rhian Davies page {mid}" + filler, snippet="Ms Davies of Ysgol Aman" + filler * 3,
            kind="account" if platform in ("facebook", "tiktok", "instagram") else "web", platform=platform,
            domain=domain, first_seen="2026-12-07T07:00:00+00:00", last_seen="2026-12-07T07:00:00+00:00",
            flags=flags, queries=[f'"{NAME}" Ammanford'], providers=["searxng"], about=about,
            about_reasons=["names your school"] if about == "you" else [],
        ))
    return out


def digest_for(mentions: list[Mention], tmp_path: Path, **extra) -> Digest:
    class Config:
        serve = None

    links, hint = review_links(Config(), tmp_path / "repwatch.db", mentions, replies=True)
    return Digest(NAME, mentions, links=links, review_hint=hint, review_url="http://127.0.0.1:8377", replies=True,
                  generated_at="7 December 2026 at 07:00", next_run="Tuesday 8 December at 07:00", **extra)


ALWAYS = ("What to do", "If you find something harmful", "0344 381 4772", "helpline@saferinternet.org.uk",
          "reportharmfulcontent.com", "Sent by repwatch", "If anyone is in immediate danger, call 999")


@pytest.mark.parametrize("flagged,long", [(60, False), (500, True)])
def test_the_largest_first_run_fits_under_90_kb_with_the_steps_and_helplines_whole(tmp_path, flagged, long):
    mentions = many(500, flagged=flagged, unsure=150 if flagged < 500 else 0, elsewhere=50 if flagged < 500 else 0,
                    long=long)
    digest = digest_for(mentions, tmp_path)
    message = build_message(digest, sender="repwatch <alerts@example.org>", to=["rhian@example.org"])
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert len(html.encode("utf-8")) < HTML_BUDGET
    for part in (html, text):
        for words in ALWAYS:
            assert words.lower() in part.lower(), words
        # every guide step, and a site's own report link for the flags found
        for step in ("Evidence", "Tell your school", "Find the source(s)", "Seek further help"):
            assert step in part, step
        assert "more on your review page" in part
    assert "https://www.facebook.com/help/contact/" in html or "facebook.com/help" in html
    # needs attention comes first and in full for the most serious; what did not fit is counted, not lost
    attention = digest.attention
    assert digest.attention_full and attention[0].flags[0].code == "safeguarding"
    assert f"#{attention[0].id}" in html and "Ms Davies of Ysgol Aman" in html
    shown = len(digest.attention_full) + len(digest.rows(digest.attention_rows))
    assert shown + digest.left_out(digest.attention_rows) == len(attention)
    assert len(text.encode("utf-8")) < 2 * HTML_BUDGET


def test_a_small_digest_is_shown_whole(tmp_path):
    mentions = many(20, flagged=4, unsure=3, elsewhere=2)
    digest = digest_for(mentions, tmp_path)
    html = render_html(digest)
    assert digest.full_limit is None and digest.row_limit is None
    assert "more on your review page" not in html
    for m in digest.yours + digest.unsure:
        assert f"#{m.id}" in html


def test_only_pages_about_her_need_attention_and_namesakes_are_only_counted(tmp_path):
    mentions = many(12, flagged=3, unsure=4, elsewhere=3)
    digest = digest_for(mentions, tmp_path)
    html, text = render_html(digest), render_text(digest)
    assert digest.subject == f"repwatch: 5 new mentions of {NAME} (3 need attention), 4 more with your name"
    attention_html = html[html.index("Needs attention</h2>"):html.index("What to do</h2>")]
    for m in mentions:
        if m.about == "you" and m.flags:
            assert f"#{m.id}" in attention_html
        else:
            assert f"#{m.id}</" not in attention_html
    same = html[html.index("Same name: is it you?"):]
    unsure = [m for m in mentions if m.about == "unsure"]
    for m in unsure:
        assert f"#{m.id}" in same
        assert digest.links[m.id]["dismiss"] in same  # "Not me", one click
    flagged_unsure = next(m for m in unsure if m.flags)
    row = same[same.index(f"#{flagged_unsure.id}"):]
    assert row.index("Negative") < row.index("</li>")  # flags still shown, one line
    # pages about other people: one line of count, and a link to them on the review page
    assert "3 pages about other people named Rhian Davies were set aside" in html
    assert 'href="http://127.0.0.1:8377/?about=someone_else"' in html
    for m in mentions[7:10]:
        assert f"#{m.id}" not in html and f"#{m.id}" not in text
    assert "SAME NAME: IS IT YOU?" in text and "http://127.0.0.1:8377/?about=someone_else" in text


def test_only_namesakes_is_nothing_new_about_her(tmp_path):
    mentions = [m for m in many(6, flagged=0, unsure=0, elsewhere=6)]
    digest = digest_for(mentions, tmp_path)
    assert digest.subject == f"repwatch: nothing new about {NAME}"
    assert "6 pages about other people named Rhian Davies were set aside" in render_text(digest)


def test_a_failed_search_is_never_all_clear_and_failures_are_grouped_with_the_fix():
    failures = [CallFailure("searxng", f'"{NAME}" query {i}', "SearXNG had a server error (HTTP 503 from "
                            "http://127.0.0.1:9/search).", "transient") for i in range(12)]
    failures += [CallFailure("brave", f'"{NAME}" q{i}', "Brave Search rejected the key or login (HTTP 401 from "
                             "https://api.search.brave.com/res/v1/web/search).", "auth") for i in range(3)]
    digest = Digest(NAME, [], failures, next_run="Tuesday 8 December at 07:00")
    assert not digest.all_clear
    assert digest.subject == f"repwatch: could not search SearXNG and Brave Search for {NAME} today"
    text, html = render_text(digest), render_html(digest)
    first = [line for line in text.splitlines()[2:] if line.strip()][0]
    assert first.startswith(f"NOT ALL CLEAR: repwatch could not search SearXNG and Brave Search for {NAME} today")
    for part in (text, html):
        assert "All clear" not in part and "all clear: nothing new" not in part.lower()
        assert part.count("HTTP 503") == 1 and part.count("HTTP 401") == 1  # one line per service and cause
        assert "(12 searches)" in part and "(3 searches)" in part
        assert "repwatch init --set-secret" in part  # the fix for a refused key
    body = html[html.index("<body"):]
    assert body.index("Not all clear") < body.index("What could not be searched")
    # with nothing failing, the same empty run is all clear
    assert Digest(NAME, []).subject == f"repwatch: nothing new about {NAME}"


def test_links_on_this_computer_say_where_they_work_and_that_replying_works_anywhere(tmp_path):
    mentions = many(3, flagged=1, unsure=1, elsewhere=0)
    digest = digest_for(mentions, tmp_path)
    text, html = render_text(digest), render_html(digest)
    for part in (text, html):
        assert ("The buttons in this email open your review page on the computer that runs repwatch, and work "
                "only there, while repwatch serve is running. Replying to this email works from anywhere") in part
        assert "reply to this email" in part.lower() and "not me 12 14" in part.replace("&nbsp;", " ")
    # near the top: before the first mention
    assert html.index("Answer from anywhere") < html.index("Needs attention")

    class Public:
        class serve:  # noqa: N801 - a stand-in for the [serve] section
            @staticmethod
            def url() -> str:
                return "https://repwatch.example.org"

    links, hint = review_links(Public(), tmp_path / "repwatch.db", mentions, replies=True)
    assert hint is None and links[mentions[0].id]["dismiss"].startswith("https://repwatch.example.org/a/")


def _run_with_searxng(home, httpserver, smtp, base_url: str) -> tuple[str, str]:
    config = write_config(home / "config.toml", base_url, smtp.port)
    # DuckDuckGo answers nothing, so SearXNG decides: the run must not call that all clear
    httpserver.expect_request("/html/", method="POST").respond_with_data(
        "<html><body><div id='links' class='results'><div class='no-results'>No results.</div></div></body></html>",
        content_type="text/html")
    config.write_text(config.read_text().replace(f'[providers.duckduckgo]\nbase_url = "{base_url}"',
                                                 f'[providers.duckduckgo]\nbase_url = "{httpserver.url_for("").rstrip("/")}"'))
    result = cli("--config", str(config), "run")
    assert result.returncode in (0, 1), result.stderr  # 1: some searches failed
    message = smtp.messages[-1]
    return message["Subject"], message.get_body(("plain",)).get_content()


def test_searxng_answering_503_is_named_in_the_subject_and_first_line(home, httpserver, smtp, monkeypatch):
    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)  # its retries, without waiting 1, 2, 4 s
    httpserver.expect_request("/search").respond_with_data("busy", status=503)
    subject, text = _run_with_searxng(home, httpserver, smtp, httpserver.url_for("").rstrip("/"))
    assert subject == "repwatch: could not search SearXNG for Joanna Whitfield today"
    first = [line for line in text.splitlines()[2:] if line.strip()][0]
    assert first.startswith("NOT ALL CLEAR: repwatch could not search SearXNG for Joanna Whitfield today")
    assert "All clear" not in text
    assert text.count("HTTP 503") == 1 and "searches): SearXNG had a server error (HTTP 503" in text


def test_a_mistyped_searxng_address_is_named_with_the_fix(home, httpserver, smtp):
    from tests.conftest import free_port

    subject, text = _run_with_searxng(home, httpserver, smtp, f"http://127.0.0.1:{free_port()}")
    assert subject == "repwatch: could not search SearXNG for Joanna Whitfield today"
    assert "All clear" not in text
    line = next(line for line in text.splitlines() if line.startswith("- SearXNG ("))
    assert "could not be reached" in line
    assert "the service's address in your config file is right" in text


def test_when_every_search_failed_the_digest_never_says_some_worked(home, httpserver, smtp, monkeypatch):
    """Both services down: no search was answered, so nothing may sound like a partial all-clear."""
    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)  # its retries, without waiting 1, 2, 4 s
    httpserver.expect_request("/search").respond_with_data("busy", status=503)
    httpserver.expect_request("/html/", method="POST").respond_with_data("busy", status=503)
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port)
    result = cli("--config", str(config), "run")
    assert result.returncode == 3, result.stderr  # no search worked
    message = smtp.messages[-1]
    services = ("SearXNG and DuckDuckGo", "DuckDuckGo and SearXNG")  # in the order they failed
    assert message["Subject"] in [f"repwatch: could not search {s} for Joanna Whitfield today" for s in services]
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    first = [line for line in text.splitlines()[2:] if line.strip()][0]
    assert first.startswith(tuple(f"NOT ALL CLEAR: repwatch could not search {s} for" for s in services))
    for part in (text, html):
        assert "No search could be made this time" in part
        assert "did work" not in part and "All clear" not in part and "nothing new about" not in part.lower()
        assert "repwatch dismiss" not in part and "Run the dismiss command" not in part  # nothing to answer


def test_a_section_with_no_room_for_its_rows_says_all_are_on_the_page_not_and_more(tmp_path):
    """A full digest once printed "Same name: is it you?" and then "and 2 more on your review page" under
    no rows at all."""
    mentions = many(20, flagged=4, unsure=3, elsewhere=0)
    digest = digest_for(mentions, tmp_path, row_limit=0)
    text, html = render_text(digest), render_html(digest)
    for part in (text, html):
        assert "All 3 are on your review page" in part
        assert "and 3 more" not in part
    digest.row_limit = 1
    assert "and 2 more on your review page" in render_text(digest)
