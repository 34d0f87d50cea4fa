"""A provider that only ever says "slow down", or never finishes (issue 15, item 12): the run ends,
the digest goes out, and the searches left over wait for the next run."""

from __future__ import annotations

import json
import time

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import cli
from tests.test_backbone import write_config

EMPTY_DDG = "<html><body><div id='links' class='results'><div class='no-results'>No results.</div></div></body></html>"


def _config(home, base: str, port: int, extra: str = ""):  # type: ignore[no-untyped-def]
    config = write_config(home / "config.toml", base, port)
    text = config.read_text().replace("max_queries = 3", "max_queries = 12")
    text = text.replace("[repwatch]\n", f"[repwatch]\n{extra}")
    config.write_text(text)
    return config


def test_a_429_storm_ends_that_provider_kind_instead_of_serialising_the_run(home, httpserver, smtp):
    httpserver.expect_request("/search").respond_with_data("slow down", status=429, headers={"Retry-After": "0"})
    httpserver.expect_request("/html/", method="POST").respond_with_data(EMPTY_DDG, content_type="text/html")
    config = _config(home, httpserver.url_for("").rstrip("/"), smtp.port)
    done = cli("--config", str(config), "run", "--json")
    report = json.loads(done.stdout)
    asked = sum(1 for request, _ in httpserver.log if request.path == "/search")
    # 12 queries × 4 tries would be 48 requests, each after a Retry-After pause; the storm ends it
    # after 6 in a row (plus the few already in flight)
    assert asked <= 14, asked
    assert any("kept asking repwatch to slow down" in f["error"] for f in report["failures"])
    assert done.returncode == 1
    assert len(smtp.messages) == 1  # the digest still went out, naming the failure
    assert "slow down" in smtp.messages[0].get_body(("plain",)).get_content()


def test_a_run_stops_searching_at_max_run_minutes(home, httpserver, smtp):
    def slow(_request: Request) -> Response:
        time.sleep(1.0)
        return Response('{"results": []}', content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(slow)
    fast = HTTPServer(host="127.0.0.1", port=0)  # DuckDuckGo answers at once, from its own server
    fast.expect_request("/html/", method="POST").respond_with_data(EMPTY_DDG, content_type="text/html")
    fast.start()
    try:
        config = _config(home, httpserver.url_for("").rstrip("/"), smtp.port, extra="max_run_minutes = 0.03\n")
        text = config.read_text().replace("rate_per_second = 50\n", "rate_per_second = 1\n", 1)
        text = text.replace(f'[providers.duckduckgo]\nbase_url = "{httpserver.url_for("").rstrip("/")}"',
                            f'[providers.duckduckgo]\nbase_url = "{fast.url_for("").rstrip("/")}"')
        config.write_text(text)
        done = cli("--config", str(config), "run", "--json")
    finally:
        fast.stop()
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    limited = [f for f in report["failures"] if "run's time limit" in f["error"]]
    assert limited, report["failures"]
    assert "max_run_minutes in [repwatch]" in limited[0]["error"]
    assert len(smtp.messages) == 1
    time.sleep(1.2)  # let the one-threaded server finish the answer it was giving


def test_search_stops_a_429_storm_and_keeps_max_run_minutes(home, httpserver):
    httpserver.expect_request("/search").respond_with_data("slow down", status=429, headers={"Retry-After": "0"})
    config = home / "config.toml"
    config.write_text(f'[repwatch]\nmax_run_minutes = 5\n\n[providers.searxng]\n'
                      f'base_url = "{httpserver.url_for("").rstrip("/")}"\nrate_per_second = 50\n')
    done = cli("--config", str(config), "search", "Joanna Whitfield", "-l", "Liverpool", "--org", "St Aidan's",
                   "-p", "searxng", "-k", "web")
    assert done.returncode == 3
    assert "slow down" in done.stderr
    # several queries × 4 tries each would be dozens; the storm ends the kind after 6 in a row
    assert sum(1 for request, _ in httpserver.log if request.path == "/search") <= 10
