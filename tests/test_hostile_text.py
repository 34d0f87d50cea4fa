"""Hostile text from providers and pages (issue 15, items 2, 6 and the second half of 17).

The person being watched writes the titles, snippets and addresses repwatch stores and shows: broken
UTF-16 must not stop a run, and control characters must not reach the terminal or a header.
"""

from __future__ import annotations

import json

import pytest
from werkzeug import Request, Response

from tests.conftest import FIXTURES, cli
from tests.test_backbone import write_config

SEARXNG = json.loads((FIXTURES / "backbone" / "searxng.json").read_text())
ESC_TITLE = "Joanna Whitfield \x1b]0;owned\x07\x1b[2J\x1b]52;c;ZWNobyBoaQ==\x07 \u202eLiverpool\u061c"


def serve(httpserver, results: list[dict]) -> str:
    """SearXNG and DuckDuckGo on loopback; SearXNG answers ``results`` as raw JSON text."""
    body = json.dumps({**SEARXNG, "results": results})

    def searxng(request: Request) -> Response:
        if request.args.get("pageno", "1") != "1":
            return Response('{"results": []}', content_type="application/json")
        return Response(body, content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(searxng)
    httpserver.expect_request("/html/", method="POST").respond_with_data(
        "<html><body><div class='results'></div></body></html>", content_type="text/html")
    return httpserver.url_for("").rstrip("/")


def test_lone_surrogate_in_a_result_is_stored_and_mailed_not_a_crash(home, httpserver, smtp):
    # JavaScript back ends cut emoji in half: "\ud83d" is valid JSON but not encodable text
    results = [{"url": "https://forum.example.net/t/joanna-whitfield-\ud83d", "engine": "bing",
                "title": "Joanna Whitfield Liverpool teacher \ud83d", "content": "Ms Joanna Whitfield \udc4d said",
                "publishedDate": None}]
    config = write_config(home / "config.toml", serve(httpserver, results), smtp.port)
    done = cli("--config", str(config), "run")
    assert done.returncode == 0, done.stderr
    assert "something went wrong" not in done.stderr
    listed = cli("--config", str(config), "mentions", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    titles = [m["title"] for m in json.loads(listed.stdout)]
    assert "Joanna Whitfield Liverpool teacher \ufffd" in titles
    assert len(smtp.messages) == 1
    assert "Joanna Whitfield Liverpool teacher \ufffd" in smtp.messages[0].get_body(("plain",)).get_content()


def _no_controls(text: str) -> None:
    for bad in ("\x1b", "\x07", "\u202e", "\u061c", "\x9b"):
        assert bad not in text, (bad, text)


def test_escape_sequences_from_the_web_never_reach_the_terminal(home, httpserver):
    results = [{"url": "https://forum.example.net/t/jw?x=\x1b[2J", "engine": "bing", "title": ESC_TITLE,
                "content": "snippet \x9b31m red", "publishedDate": None}]
    config = write_config(home / "config.toml", serve(httpserver, results), None)
    searched = cli("--config", str(config), "search", "Joanna Whitfield", "-p", "searxng", "--save")
    assert searched.returncode == 0, searched.stderr
    _no_controls(searched.stdout + searched.stderr)
    assert "Joanna Whitfield" in searched.stdout
    as_json = cli("--config", str(config), "search", "Joanna Whitfield", "-p", "searxng", "--json")
    _no_controls(as_json.stdout)
    mentions = cli("--config", str(config), "mentions", "--all")
    assert mentions.returncode == 0, mentions.stderr
    _no_controls(mentions.stdout)
    assert "Joanna Whitfield" in mentions.stdout
    shown = cli("--config", str(config), "show", "1")
    assert shown.returncode == 0, shown.stderr
    _no_controls(shown.stdout)
    listed = cli("--config", str(config), "mentions", "--all", "--json")
    _no_controls(listed.stdout)


def test_terminal_cleaner_catches_text_already_stored(home, tmp_path):
    """A database written by an older repwatch may hold raw controls: the output layer still cleans."""
    from repwatch.adapters.store import Store
    from repwatch.models import Result

    store = Store(tmp_path / "old.db")
    result = Result(url="https://example.org/a", title="x", snippet="", provider="searxng", kind="web",
                    query='"Joanna Whitfield"', rank=1, canonical_url="https://example.org/a", domain="example.org")
    store.record_run("Joanna Whitfield", started_at="2026-01-01T00:00:00+00:00", results=[result], calls=[],
                     failures=[], queries=1)
    store.db.execute("UPDATE mentions SET title = ?, snippet = ?", [ESC_TITLE, "\x1b[31mred"])
    store.block_domain("Joanna Whitfield", "forum.example.net", "\x1b[2J\u202eJoanna Whitfield's hostile forum", 1)
    store.close()
    for args in (("mentions", "--all"), ("show", "1"), ("mentions", "--all", "--json"), ("show", "1", "--json"),
                 ("blocked",), ("blocked", "--json")):
        done = cli("--db", str(tmp_path / "old.db"), *args)
        assert done.returncode == 0, done.stderr
        _no_controls(done.stdout)
        assert "Joanna Whitfield" in done.stdout


def test_duckduckgo_title_with_an_escape_entity_is_cleaned(home, httpserver):
    page = (FIXTURES / "backbone" / "duckduckgo.html").read_text()
    page = page.replace(">Year 4 trip to the Museum", ">&#27;]0;pwned&#7;&#27;[2J Year 4 trip to the Museum")
    httpserver.expect_request("/html/", method="POST").respond_with_data(page, content_type="text/html")
    config = home / "config.toml"
    config.write_text(f'[providers.duckduckgo]\nbase_url = "{httpserver.url_for("").rstrip("/")}"\n'
                      "rate_per_second = 50\n")
    done = cli("--config", str(config), "search", "Joanna Whitfield", "-p", "duckduckgo")
    assert done.returncode == 0, done.stderr
    _no_controls(done.stdout)
    assert "pwned" in done.stdout  # the text stays readable; only the escape character is gone


@pytest.mark.parametrize("text, shown", [
    ("Joanna\u061c Whitfield", "Joanna Whitfield"),
    ("Joanna \U000e0069\U000e0067\U000e006eWhitfield", "Joanna Whitfield"),
    ("a\x1b[2Jb", "a [2Jb"),
    ("flag \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f ok",
     "flag \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f ok"),
    ("half \ud83d emoji", "half \ufffd emoji"),
])
def test_one_line_removes_invisible_and_tag_characters(text, shown):
    from repwatch.pipeline.digest import one_line

    assert one_line(text, 200) == shown


def test_digest_subject_has_no_hidden_characters():
    from repwatch.pipeline.deliver import build_message
    from repwatch.pipeline.digest import Digest

    digest = Digest("Joanna\u061c Whitfield\U000e0041\u202e", [], [], [], generated_at="now")
    message = build_message(digest, sender="a@example.org", to=["b@example.org"])
    assert str(message["Subject"]) == "repwatch: nothing new about Joanna Whitfield"


def test_provider_text_is_cleaned_once_for_every_provider():
    """Every provider builds its Results through the same door: the cleaner runs there."""
    from repwatch.models import Result

    r = Result(url="https://example.org/\ud83d", title="a\x1bb\u202e", snippet="s\u061c\udc00", provider="p",
               kind="web", query="q", rank=1, source="\x1b[31mBBC")
    assert r.url == "https://example.org/\ufffd"
    assert (r.title, r.snippet, r.source) == ("a b", "s \ufffd", "[31mBBC")
