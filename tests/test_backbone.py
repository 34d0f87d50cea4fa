"""End to end: config → providers on loopback → SQLite → diff → digest → a real SMTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug import Request, Response

from tests.conftest import FIXTURES, cli, email_section, run_cli

SEARXNG = (FIXTURES / "backbone" / "searxng.json").read_text()
DDG = (FIXTURES / "backbone" / "duckduckgo.html").read_text()
EMPTY_DDG = "<html><body><div id='links' class='results'><div class='no-results'>No results.</div></div></body></html>"


@pytest.fixture
def providers(httpserver):
    def searxng(request: Request) -> Response:
        if request.args.get("pageno", "1") != "1":
            return Response(json.dumps({"query": "", "results": []}), content_type="application/json")
        return Response(SEARXNG, content_type="application/json")

    def ddg(request: Request) -> Response:
        page = DDG if not request.form.get("s") else EMPTY_DDG
        return Response(page, content_type="text/html; charset=UTF-8")

    httpserver.expect_request("/search", method="GET").respond_with_handler(searxng)
    httpserver.expect_request("/html/", method="POST").respond_with_handler(ddg)
    return httpserver


def write_config(path: Path, base_url: str, smtp_port: int | None, *, extra: str = "",
                 capture: str = "none") -> Path:
    """A config for the loopback providers; evidence capture is off unless a test asks for it, so no
    test ever fetches the (real, outside) addresses the fixtures name."""
    email = email_section(smtp_port) if smtp_port else ""
    path.write_text(f"""
[repwatch]
database = "{path.parent / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
max_queries = 3

[providers.searxng]
base_url = "{base_url}"
kinds = ["web"]
rate_per_second = 50

[providers.duckduckgo]
base_url = "{base_url}"
rate_per_second = 50

[evidence]
capture = "{capture}"
{email}{extra}""")
    return path


def test_run_emails_new_mentions_then_all_clear(home, providers, smtp):
    """As a user runs it, in a process of its own; the tests below run the command in-process."""
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)

    first = run_cli("--config", str(config), "run")
    assert first.returncode == 0, first.stderr
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    # the Facebook profile page in the name is not one of the user's handles: it needs attention
    assert message["Subject"] == "repwatch: 3 new mentions of Joanna Whitfield (1 needs attention)"
    assert message["Message-ID"] and message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # the same school page from two providers, with and without utm_* and a slash, is one mention
    assert text.count("staidans-liverpool.sch.uk/news/year-4-trip") == 1
    assert 'href="https://www.facebook.com/joanna.whitfield.5682?fbclid=IwAR0xyz"' in html
    assert "https://forum.example.net/t/joanna-whitfield-liverpool" in text
    # hostile text from the web arrives escaped, never as markup
    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "javascript:" not in html
    # the guide's steps, with the current POSH number (not the guide's out-of-date 0844 one)
    for step in ("Evidence", "Tell your school", "Find the source(s)", "Seek further help"):
        assert step in text and step in html
    assert "0344 381 4772" in text and "0844" not in text

    second = run_cli("--config", str(config), "run", "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["new_mentions"] == [] and report["digest"]["status"] == "sent"
    assert len(smtp.messages) == 2
    assert smtp.messages[1]["Subject"] == "repwatch: nothing new about Joanna Whitfield"
    assert "forum.example.net" not in smtp.messages[1].get_body(("plain",)).get_content()


def test_failed_send_rides_in_the_next_digest_exactly_once(home, providers, smtp):
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    smtp.stop()

    down = cli("--config", str(config), "run", "--json")
    assert down.returncode == 1
    assert "did not accept the digest" in down.stderr or "could not be reached" in down.stderr
    assert "Traceback" not in down.stderr
    report = json.loads(down.stdout)
    assert report["digest"]["status"] == "failed" and len(report["new_mentions"]) == 3

    smtp.start()
    back = cli("--config", str(config), "run")
    assert back.returncode == 0, back.stderr
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Subject"] == "repwatch: 3 new mentions of Joanna Whitfield (1 needs attention)"

    again = cli("--config", str(config), "run")
    assert again.returncode == 0
    assert [m["Subject"] for m in smtp.messages] == [
        "repwatch: 3 new mentions of Joanna Whitfield (1 needs attention)",
        "repwatch: nothing new about Joanna Whitfield",
    ]


def test_without_email_the_digest_goes_to_the_outbox(home, providers):
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), None)
    result = cli("--config", str(config), "run")
    assert result.returncode == 0, result.stderr
    outbox = home / "outbox"
    html = sorted(outbox.glob("*.html"))
    assert len(html) == 1 and len(list(outbox.glob("*.eml"))) == 1
    assert str(html[0]) in result.stdout
    assert "Year 4 trip" in html[0].read_text()


def test_mentions_json_lists_what_runs_stored(home, providers, smtp):
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    listed = cli("--config", str(config), "mentions", "--json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert {m["canonical_url"] for m in items} == {
        "https://staidans-liverpool.sch.uk/news/year-4-trip",
        "https://facebook.com/joanna.whitfield.5682",
        "https://forum.example.net/t/joanna-whitfield-liverpool",
    }
    school = next(m for m in items if "staidans" in m["canonical_url"])
    assert set(school["providers"]) == {"searxng", "duckduckgo"}
    assert school["status"] == "notified" and school["domain"] == "staidans-liverpool.sch.uk"
    facebook = next(m for m in items if "facebook" in m["canonical_url"])
    assert facebook["kind"] == "account" and facebook["platform"] == "facebook"
    assert [f["code"] for f in facebook["flags"]] == ["unconfirmed_account"]  # an account in her name, no sign
    assert "joanna.whitfield.5682" in facebook["flags"][0]["reason"]
    assert school["flags"] == [] and school["score"] >= 0.5
    assert set(school) >= {"id", "profile", "url", "title", "snippet", "kind", "platform", "first_seen",
                           "last_seen", "score", "flags", "queries", "evidence"}


def test_search_json_against_configured_providers(home, providers):
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), None)
    result = cli("--config", str(config), "search", "Joanna Whitfield", "--location", "Liverpool", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 3
    first = items[0]
    assert set(first) == {"url", "canonical_url", "title", "snippet", "provider", "kind", "platform",
                          "domain", "published", "query", "rank",
                          "score", "tone", "about_you", "about", "about_reasons", "reasons", "flags"}  # the search judges what it found
    by_url = {i["canonical_url"]: i for i in items}
    assert by_url["https://facebook.com/joanna.whitfield.5682"]["platform"] == "facebook"
    school = by_url["https://staidans-liverpool.sch.uk/news/year-4-trip"]
    assert school["query"] == '"Joanna Whitfield" Liverpool'
    assert not (home / "repwatch.db").exists()  # search stores nothing without --save


def test_search_with_no_network_says_so_and_exits_3(home):
    # an address nothing listens on stands in for "no network"
    from tests.conftest import free_port

    cfg = home / "c.toml"
    cfg.write_text(f'[providers.duckduckgo]\nbase_url = "http://127.0.0.1:{free_port()}"\n')
    result = cli("--config", str(cfg), "search", "Joanna Whitfield")
    assert result.returncode == 3
    assert result.stderr == "repwatch: Could not reach any search provider (duckduckgo): is this computer online?\n"
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_keeps_a_log_when_asked(home, providers, smtp):
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    config.write_text(config.read_text().replace("[repwatch]\n", "[repwatch]\nlog_file = true\n", 1))
    result = cli("--config", str(config), "run")
    assert result.returncode == 0, result.stderr
    log = (home / "repwatch.log").read_text()
    assert "Joanna Whitfield: run 1 ok in " in log and "3 new mentions; digest sent." in log
    assert "repwatch.log" not in result.stderr  # the terminal output is unchanged


def test_a_digest_interrupted_mid_send_is_repeated_with_a_warning(home, providers, smtp):
    """The mail server took the digest, then repwatch stopped before recording it: the database
    still says pending. The next digest carries those mentions again and says why."""
    import sqlite3

    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    db = sqlite3.connect(home / "repwatch.db")  # beside the config, as write_config puts it
    with db:  # what the database holds if the process died between the server's 250 and the commit
        db.execute("UPDATE digests SET status = 'pending', sent_at = NULL")
        db.execute("UPDATE mentions SET status = 'new', notified_at = NULL")
    db.close()

    again = cli("--config", str(config), "run")
    assert again.returncode == 0, again.stderr
    assert [m["Subject"] for m in smtp.messages] == [
        "repwatch: 3 new mentions of Joanna Whitfield (1 needs attention)",
    ] * 2
    text = smtp.messages[1].get_body(("plain",)).get_content()
    assert "repwatch stopped while sending the digest of " in text
    assert "some of the mentions below repeat it; nothing was lost." in text

    third = cli("--config", str(config), "run")  # the interrupted digest is closed: no warning again
    assert third.returncode == 0
    assert smtp.messages[2]["Subject"] == "repwatch: nothing new about Joanna Whitfield"
    assert "repwatch stopped while sending" not in smtp.messages[2].get_body(("plain",)).get_content()
