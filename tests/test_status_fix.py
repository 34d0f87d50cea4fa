"""Fixing a fault needs no terminal: the status page gives each failure's reason and its fix, "send it
again" for a digest that was not delivered, and "search now"; a mistyped SearXNG address is named as
such; a refused email login names the command that puts the right password in."""

from __future__ import annotations

import re
import time
import warnings

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from repwatch.models import CallFailure
from tests.conftest import cli, email_section, free_port
from tests.web_support import open_page, seed, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REFUSED = ("The mail server 127.0.0.1:2525 refused the login for jo@example.org: the password is wrong, or the "
           "service wants an app password. Put in the right one with `repwatch init --set-secret smtp-password`.")


def call(provider: str, code: str, error: str, query: str) -> dict:
    return {"provider": provider, "kind": "web", "query": query, "at": "2026-11-25T07:00:01+00:00",
            "status": "error", "error_code": code, "error": error, "latency_ms": 5, "result_count": 0}


@pytest.fixture
def site(tmp_path, smtp):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    seed(db)
    store = Store(db)
    missing = "SearXNG answered \u201cnot found\u201d (HTTP 404 from http://127.0.0.1:8888/searxng/search): the address may be wrong."
    calls = [call("searxng", "not_found", missing, f'"Joanna Whitfield" {q}') for q in ("Liverpool", "teacher", "school")]
    calls.append(call("brave", "auth", "Brave Search rejected the key or login (HTTP 401 from https://api.search.brave.com/res/v1/web/search).", '"Joanna Whitfield"'))
    failures = [CallFailure(c["provider"], c["query"], c["error"], c["error_code"]) for c in calls]
    run_id, _, _ = store.record_run("Joanna Whitfield", started_at="2026-11-25T07:00:00+00:00", results=[],
                                    calls=calls, failures=failures, queries=4)
    digest = store.open_digest("Joanna Whitfield", run_id, [], all_clear=False)
    store.digest_failed(digest, REFUSED)
    store.close()
    config = write_config(tmp_path / "config.toml", db)
    config.write_text(config.read_text() + f"""
[providers.searxng]
base_url = "http://127.0.0.1:{free_port()}"

{email_section(smtp.port)}
""")
    return open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db), db


def test_the_status_page_gives_each_failure_its_reason_and_fix(site):
    client, _ = site
    page = client.get("/status").text
    assert "answered \u201cnot found\u201d (HTTP 404" in page and "(3 searches)" in page
    assert "Check the address: base_url in [providers.searxng]" in page  # not "wait, then switch it off"
    assert "repwatch init --set-secret brave-api-key" in page
    assert "refused the login for jo@example.org" in page
    assert page.count("repwatch init --set-secret smtp-password") >= 1
    assert ">Send it again</button>" in page and ">Search now</button>" in page


def test_send_again_delivers_the_digest_that_failed(site, smtp):
    client, db = site
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/status").text).group(1)
    page = client.post("/status/send", data={"csrf": token, "index": "0"}).text
    assert "Sent:" in page
    assert len(smtp.messages) == 1 and "Joanna Whitfield" in smtp.messages[0]["Subject"]
    assert "Digests not delivered" not in page and ">Send it again</button>" not in page
    again = client.post("/status/send", data={"csrf": token, "index": "0"}).text
    assert "Nothing is waiting to be sent" in again and len(smtp.messages) == 1


def test_search_now_runs_a_search_from_the_page(site):
    client, db = site
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/status").text).group(1)
    before = Store(db)
    first = before.last_run("Joanna Whitfield")["id"]
    before.close()
    page = client.post("/status/search", data={"csrf": token, "index": "0"}).text
    assert "Searching for Joanna Whitfield now" in page
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        store = Store(db)
        last = store.last_run("Joanna Whitfield")
        store.close()
        if last["id"] != first and last.get("finished_at"):
            break
        time.sleep(0.3)
    assert last["id"] != first, "no search ran"


def test_a_mistyped_searxng_address_says_check_the_address(home, httpserver):
    httpserver.expect_request("/searxng/search").respond_with_data("Not Found", status=404)
    config = home / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{home / "repwatch.db"}"\n[[profile]]\nname = "Joanna Whitfield"\n'
                      f'[providers.searxng]\nbase_url = "{httpserver.url_for("/searxng")}"\n')
    doctor = cli("--config", str(config), "doctor")
    line = next(x for x in doctor.stdout.splitlines() if "search service SearXNG" in x)
    assert "not found" in line and "Check the address" in line, doctor.stdout
    assert "set enabled = false" not in line


def test_a_broken_config_file_is_named_as_the_cause_on_the_profile_form(tmp_path):
    from repwatch.web.app import create_app

    db = tmp_path / "repwatch.db"
    seed(db)
    config = write_config(tmp_path / "config.toml", db)
    client = open_page(TestClient(create_app(load(config), db), base_url="http://127.0.0.1:8377"), db)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/profile").text).group(1)
    config.write_text(config.read_text().replace('locations = ["Liverpool"]', 'locations = ["Liverpool"'))
    page = client.post("/profile", data={"csrf": token, "index": "0", "nicknames": "Jo"}).text
    assert re.search(r"has been changed and now cannot be read \(line \d+ has a mistake", page), page[page.find("Not saved"):][:300]
    assert "That profile is not in the config file" not in page
