"""A flagged page built to make the safe copy's parse the attack: the run still sends its digest,
and `evidence ID` stays bounded in memory (the parse runs in a child with its own limits).

Each such parse is stopped when it has used its CPU seconds: these tests give it 1
($REPWATCH_EVIDENCE_PARSE_CPU), not the default 20, which each would otherwise spend in full; the
default is checked against what docs/evidence.md promises, without being waited out.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from werkzeug import Response

from repwatch.adapters.store import Store
from repwatch.pipeline.evidence import sanitise
from tests.conftest import cli
from tests.test_backbone import write_config

ROOT = Path(__file__).resolve().parents[1]
SHORT = {"REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1", sanitise.PARSE_CPU_ENV: "1"}
# 400,000 unclosed <div>s: 2,949 bytes on the wire
DIVS = gzip.compress(b"<div>" * 400_000, 9)
# ten million NULs: under 10 KB on the wire
NULS = gzip.compress(b"\0" * 10_000_000, 9)
TITLE = "Joanna Whitfield is a disgrace - Liverpool parents group"
SNIPPET = "Joanna Whitfield from St Aidan's in Liverpool is a disgrace and a bully, everyone should complain."


def _serve(httpserver, body: bytes) -> str:
    post = httpserver.url_for("/groups/parents/post/77")
    httpserver.expect_request("/search").respond_with_json({
        "query": "", "number_of_results": 1,
        "results": [{"url": post, "title": TITLE, "content": SNIPPET, "engine": "bing", "engines": ["bing"],
                     "positions": [1], "score": 1.0, "category": "general"}],
    })
    httpserver.expect_request("/groups/parents/post/77").respond_with_response(
        Response(body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    httpserver.expect_request("/html/").respond_with_data(
        "<html><body><div id='links' class='results'></div></body></html>", content_type="text/html")
    return post


def test_a_page_of_400000_divs_does_not_stop_the_digest(home, httpserver, smtp):
    assert len(DIVS) == 2949
    _serve(httpserver, DIVS)
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port, capture="flagged")
    env = SHORT

    result = cli("--config", str(config), "run", env=env)

    assert result.returncode == 0, result.stderr
    [message] = smtp.messages
    assert "disgrace" in message.get_body(("plain",)).get_content()
    [mention] = json.loads(cli("--config", str(config), "mentions", "--json", env=env).stdout)
    store = Store(home / "repwatch.db")
    kinds = {e["kind"]: e for e in store.evidence_rows(mention["id"])}
    store.close()
    assert kinds["page"]["outcome"] == "ok"  # the page itself is kept, hashed
    assert kinds["screenshot"]["outcome"] == "failed"
    assert "would take more than repwatch allows" in kinds["screenshot"]["detail"]
    # the next run is not refused: the lock was let go
    again = cli("--config", str(config), "run", env=env)
    assert again.returncode == 0, again.stderr


def test_evidence_of_a_page_of_nuls_stays_bounded_in_memory(home, httpserver):
    _serve(httpserver, NULS)
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), None, capture="none")
    assert cli("--config", str(config), "run", "--no-email", env=SHORT).returncode == 0
    [mention] = json.loads(cli("--config", str(config), "mentions", "--json", env=SHORT).stdout)
    env = {**os.environ, **SHORT, "COLUMNS": "120"}

    # `repwatch evidence ID` under a parent that reports the largest resident size of everything
    # it waited for (the command, the parse, Chromium), in KB
    parent = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
    proc = subprocess.run([sys.executable, "-c", parent, sys.executable, "-m", "repwatch", "--config", str(config),
                           "evidence", str(mention["id"])], env=env, capture_output=True, text=True, timeout=300)
    out, err = proc.stdout, proc.stderr
    rss_mb = int(err.strip().splitlines()[-1]) / 1024

    assert proc.returncode == 0, err
    assert "screenshot  none: the page is built so that making a safe copy" in out
    assert rss_mb < 1300, f"evidence took {rss_mb:.0f} MB"


def test_the_parse_budget_is_what_the_docs_promise_and_can_only_be_shortened(monkeypatch):
    sentence = (f"more than {sanitise.PARSE_WALL_S:.0f} seconds or {sanitise.PARSE_MEMORY_BYTES >> 30} GB "
                "to make its safe copy")
    assert sentence in (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    monkeypatch.delenv(sanitise.PARSE_CPU_ENV, raising=False)
    assert sanitise.parse_cpu_s() == sanitise.PARSE_CPU_S == 20
    for given, used in (("2", 2), (" 20 ", 20), ("21", 20), ("0", 20), ("-1", 20), ("1.5", 20), ("lots", 20)):
        monkeypatch.setenv(sanitise.PARSE_CPU_ENV, given)
        assert sanitise.parse_cpu_s() == used, given


def test_chromium_over_its_memory_budget_is_stopped():
    import pytest

    from repwatch.adapters.browser import Browser, BrowserError, find_chromium

    executable, _ = find_chromium()
    assert executable
    with pytest.raises(BrowserError, match="needed more than 1 MB of memory"), \
            Browser(executable, memory=1 << 20) as browser:
        browser.screenshot("<p>" + "words " * 100_000 + "</p>")
