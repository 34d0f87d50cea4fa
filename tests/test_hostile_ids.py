"""Ids and numbers too large for the database, from the review page and the command line: each is
"not found" in words (with the page's security headers), never a bare 500 or an OverflowError."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import cli
from tests.test_web_sessions import csrf_of, make, serving
from tests.web_support import open_page

HUGE = "9" * 30
JUST_OVER = str(2**63)


def test_huge_ids_on_the_page_are_not_found_in_words(tmp_path):
    config, db, ids = make(tmp_path, password=None)
    with serving(config, db) as url, httpx.Client(base_url=url) as browser:
        open_page(browser, db)
        csrf = csrf_of(browser.get("/").text)
        for number in (HUGE, JUST_OVER):
            answers = [
                browser.get(f"/mentions/{number}"),
                browser.get(f"/mentions/{ids['impersonation']}/evidence/{number}"),
                browser.get(f"/mentions/{number}/evidence/1"),
                browser.post(f"/mentions/{number}/concern", data={"csrf": csrf}),
                browser.post(f"/mentions/{number}/dismiss", data={"csrf": csrf, "scope": "account"}),
                browser.post("/report", data={"csrf": csrf, "id": [number], "format": "html"}),
                browser.get(f"/report?id={number}"),
            ]
            for answer in answers:
                assert 400 <= answer.status_code < 500, (answer.request.url, answer.status_code, answer.text[:200])
                assert answer.headers["x-content-type-options"] == "nosniff"
                assert answer.headers["content-security-policy"]
                assert "There is no mention" in answer.text or "not there" in answer.text, answer.text[:300]


@pytest.mark.parametrize("command", [["show"], ["dismiss"], ["concern"], ["resolve"], ["reopen"], ["mine"],
                                     ["evidence"], ["report"], ["dismiss", "--account"]])
def test_huge_ids_on_the_command_line_are_one_sentence(tmp_path, command):
    config, _db, _ = make(tmp_path, password=None)
    done = cli("--config", str(config), *command, HUGE)
    assert done.returncode == 2, done.stderr
    assert "no mention with ID" in done.stderr
    assert "went wrong" not in done.stderr and "Traceback" not in done.stderr
