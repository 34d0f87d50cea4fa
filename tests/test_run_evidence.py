"""A flagged mention found by `repwatch run` has its evidence saved without the user doing anything."""

from __future__ import annotations

import hashlib
import json

from werkzeug import Response

from tests.conftest import cli
from tests.test_backbone import write_config

PAGE = """<!doctype html><html><head><title>Local parents group</title></head><body>
<p>Joanna Whitfield from St Aidan's in Liverpool is a disgrace and a bully, everyone should complain.</p>
</body></html>"""


def test_run_saves_evidence_of_a_flagged_page_and_the_report_holds_it(home, httpserver, smtp):
    post = httpserver.url_for("/groups/parents/post/77")
    answer = {
        "query": "", "number_of_results": 1,
        "results": [{
            "url": post,
            "title": "Joanna Whitfield is a disgrace - Liverpool parents group",
            "content": "Joanna Whitfield from St Aidan's in Liverpool is a disgrace and a bully, everyone "
                       "should complain.",
            "engine": "bing", "engines": ["bing"], "positions": [1], "score": 1.0, "category": "general",
        }],
    }
    httpserver.expect_request("/search").respond_with_json(answer)
    httpserver.expect_request("/groups/parents/post/77").respond_with_response(
        Response(PAGE, content_type="text/html; charset=utf-8"))
    httpserver.expect_request("/html/").respond_with_data("<html><body><div id='links' class='results'></div></body></html>", content_type="text/html")
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port, capture="flagged")
    env = {"REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1"}  # the "web page" lives on loopback in this test

    result = cli("--config", str(config), "run", env=env)
    assert result.returncode == 0, result.stderr

    [mention] = json.loads(cli("--config", str(config), "mentions", "--json", env=env).stdout)
    assert [f["code"] for f in mention["flags"]] == ["negative"]
    assert mention["evidence"], "the flagged page was not captured"
    for item in mention["evidence"]:
        saved = home / item["path"]
        assert saved.is_file() and hashlib.sha256(saved.read_bytes()).hexdigest() == item["sha256"]
    page = next(home / e["path"] for e in mention["evidence"] if e["path"].endswith(".html"))
    assert "is a disgrace and a bully" in page.read_text()

    text = smtp.messages[-1].get_body(("plain",)).get_content()
    assert "Evidence saved" in text and str(home / "evidence") in text
    assert f"repwatch report {mention['id']}" in text

    out = home / "report.html"
    report = cli("--config", str(config), "report", str(mention["id"]), "--out", str(out), env=env)
    assert report.returncode == 0, report.stderr
    html = out.read_text()
    for item in mention["evidence"]:
        assert item["sha256"] in html
    assert "Joanna Whitfield is a disgrace" in html

    assert cli("--config", str(config), "evidence", "--verify", env=env).returncode == 0
