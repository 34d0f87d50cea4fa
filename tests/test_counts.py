"""One meaning for each number: searches (queries sent), calls (requests to the providers), results,
and new mentions (what the digest carries) are the same in the terminal, the JSON, status and the email."""

from __future__ import annotations

import json
import re

from tests.conftest import cli
from tests.test_backbone import write_config


def result(url: str, title: str, content: str) -> dict:
    return {"url": url, "title": title, "content": content, "engine": "bing", "engines": ["bing"],
            "positions": [1], "score": 1.0, "category": "general"}


ANSWER = {"query": "", "number_of_results": 4, "results": [
    result("https://www.staidans-liverpool.sch.uk/news/trip", "Year 4 trip | St Aidan's Primary School",
           "Year 4 had a brilliant day in Liverpool with Ms Joanna Whitfield."),
    result("https://www.liverpoolecho.co.uk/news/fair", "School fair in Liverpool",
           "Teacher Joanna Whitfield of St Aidan's Primary School, Liverpool, organised the fair."),
    result("https://www.realestate.com.au/agent/joanna-whitfield-sydney", "Joanna Whitfield - Real estate agent, Sydney NSW",
           "Joanna Whitfield sells houses in Bondi, Sydney, New South Wales, Australia."),
    result("https://www.texasrealtors.com/joanna-whitfield", "Joanna Whitfield, Realtor - Houston, Texas",
           "Joanna Whitfield is a realtor in Houston, Texas, USA."),
]}


def test_every_count_means_the_same_everywhere(home, httpserver, smtp):
    httpserver.expect_request("/search").respond_with_json(ANSWER)
    httpserver.expect_request("/html/").respond_with_data("<html><body><div id=\"links\"></div></body></html>", content_type="text/html")
    config = write_config(home / "config.toml", httpserver.url_for("").rstrip("/"), smtp.port)
    run = cli("--config", str(config), "run")
    assert run.returncode == 0, run.stderr
    line = run.stdout.strip().splitlines()[-1]
    match = re.search(r"(\d+) searches \((\d+) calls to the search services\), (\d+) results, (\d+) new mentions", line)
    assert match, line
    searches, calls, results, new = map(int, match.groups())
    assert searches == 3  # max_queries = 3: a search is a query, whatever the providers and pages
    assert calls >= searches
    # the email counts the same new mentions as the terminal
    subject = smtp.messages[-1]["Subject"]
    assert f"{new} new mentions of Joanna Whitfield" in subject, (line, subject)
    assert "judged not about you" in line  # the two estate agents: stored, not counted as mentions
    # status says the same numbers with the same words
    status = json.loads(cli("--config", str(config), "status", "--json").stdout)
    last = status["profiles"][0]["last_run"]
    assert (last["queries"], last["calls"], last["new_mentions"]) == (searches, calls, new)
    used = sum(p["calls_this_month"] for p in status["providers"])
    assert used == calls  # the quota counts the same calls
    text = cli("--config", str(config), "status").stdout
    assert f"{searches} searches ({calls} calls to the search services)" in text and f"{new} new mentions" in text


def test_progress_time_left_comes_from_the_rate_limits():
    """40 calls split between a provider at 0.5 calls/s and one at 20: the slow one sets the time left."""
    from types import SimpleNamespace

    from repwatch.pipeline.sweep import SweepProgress

    slow = SimpleNamespace(name="duckduckgo", rate=0.5)
    fast = SimpleNamespace(name="brave", rate=20.0)
    calls = [SimpleNamespace(provider=slow) for _ in range(20)] + [SimpleNamespace(provider=fast) for _ in range(20)]
    with SweepProgress(calls) as bar:
        for call in calls[20:]:  # every fast call done: 50 % of the bar, but most of the time still to come
            bar.done(call)
        assert bar.bar.tasks[0].completed == 20
        assert bar._left() == "about 40 s left (rate limits)"
        for call in calls[:19]:
            bar.done(call)
        assert bar._left() == "about 2 s left (rate limits)"
