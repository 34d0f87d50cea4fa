"""The digest says "saved" only for a saved page; pages that could not be saved have their own
labelled section in plain words (no errno), and a page that fails again is only counted."""

from __future__ import annotations

from tests.conftest import cli, free_port
from tests.test_backbone import write_config

SNIPPET = "Joanna Whitfield from St Aidan's in Liverpool is a disgrace and a bully, everyone should complain."


def test_unsaved_pages_are_said_once_in_their_own_section(home, httpserver, smtp):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there: every capture fails
    answer = {"query": "", "number_of_results": 3, "results": [
        {"url": f"{dead}/groups/parents/post/{n}", "title": f"Joanna Whitfield is a disgrace - post {n}",
         "content": SNIPPET, "engine": "bing", "engines": ["bing"], "positions": [n], "score": 1.0,
         "category": "general"} for n in (1, 2, 3)]}
    httpserver.expect_request("/search").respond_with_json(answer)
    httpserver.expect_request("/html/").respond_with_data("<html><body><div id=\"links\"></div></body></html>", content_type="text/html")
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port, capture="flagged")
    env = {"REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1"}

    first = cli("--config", str(config), "run", env=env)
    assert first.returncode == 0, first.stderr
    message = smtp.messages[-1]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Evidence saved" not in text and "Evidence saved" not in html
    assert text.count("Not saved yet: take your own screenshot now, with the web address and the date.") == 3
    assert html.count("Not saved yet: take your own screenshot now, with the web address and the date.") == 3
    section = text.split("PAGES THAT COULD NOT BE SAVED", 1)[1]
    assert section.count("): the site could not be reached.") == 3, section
    assert "All connection attempts" not in section  # the library's words, not hers
    assert "- Mention #1 (" in section
    assert "Pages that could not be saved</h2>" in html
    for body in (text, html):
        assert "Errno" not in body and "ConnectError" not in body
    # not mixed in with the searches left for later
    assert "could not be saved" not in text.split("PAGES THAT COULD NOT BE SAVED", 1)[0]

    second = cli("--config", str(config), "run", env=env)
    assert second.returncode == 0, second.stderr
    text = smtp.messages[-1].get_body(("plain",)).get_content()
    html = smtp.messages[-1].get_body(("html",)).get_content()
    assert "the site could not be reached" not in text  # said once, on the first run
    assert "3 pages from earlier runs still could not be saved" in text
    assert "3 pages from earlier runs still could not be saved" in html
