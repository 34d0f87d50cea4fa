"""Every time on the review page is in the profile's configured zone, written as the digest writes it,
even when the computer running `repwatch serve` is set to another zone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape

import httpx
import pytest

from repwatch.adapters.store import Store
from repwatch.app import lifecycle
from tests.conftest import free_port
from tests.test_web_serve import wait_for_port
from tests.web_support import open_page, seed, write_config

# 23:30 UTC on 24 November: 08:30 on 25 November in Tokyo, 18:30 on 24 November in New York
STORED = "2026-11-24T23:30:00+00:00"
CAPTURED = "2026-11-24T23:01:00+00:00"
IN_TOKYO = "25 November 2026 at 08:30"
CAPTURED_IN_TOKYO = "25 November 2026 at 08:01"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def served_in_tokyo(tmp_path, home):
    db = tmp_path / "site" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    store = Store(db)
    lifecycle.dismiss_domain(store, ids["plain"], "a different Jo")
    lifecycle.decide(store, ids["hostile"], "concern", "told my head teacher")
    with store.atomic():  # every stored time at one known instant
        for table, column in (("mentions", "first_seen"), ("mentions", "last_seen"), ("events", "at"),
                              ("sightings", "seen_at"), ("blocked_domains", "at"), ("runs", "started_at")):
            store.db.execute(f"UPDATE {table} SET {column} = ?", [STORED])
        store.db.execute("UPDATE evidence SET captured_at = ?", [CAPTURED])
    store.close()
    config = write_config(tmp_path / "config.toml", db)
    config.write_text(config.read_text().replace("[repwatch]\n", '[repwatch]\ntimezone = "Asia/Tokyo"\n'))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "repwatch", "--config", str(config), "serve", "--no-scheduler", "--no-browser",
         "--port", str(port)],
        env={**os.environ, "TZ": "America/New_York"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        yield open_page(httpx.Client(base_url=f"http://127.0.0.1:{port}"), db), ids
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_every_page_shows_times_in_the_configured_zone(served_in_tokyo):
    browser, ids = served_in_tokyo
    pages = {name: text_of(browser.get(path).text) for name, path in (
        ("list", "/"), ("mention", f"/mentions/{ids['impersonation']}"), ("hostile", f"/mentions/{ids['hostile']}"),
        ("blocked", "/blocked"), ("report", "/report"), ("status", "/status"))}

    assert "#1 · Instagram · found 25 Nov 2026" in pages["list"]
    assert f"found {IN_TOKYO} · last seen {IN_TOKYO}" in pages["mention"]
    assert f"Page as fetched , saved {CAPTURED_IN_TOKYO}" in pages["mention"]
    assert f"{IN_TOKYO}: searching" in pages["mention"]  # how it was found
    assert f"{IN_TOKYO} Marked as a worry — told my head teacher" in pages["hostile"]  # the timeline
    assert f"since {IN_TOKYO}" in pages["blocked"]
    assert "found 25 Nov 2026" in pages["report"]
    assert f"Last search {IN_TOKYO}" in pages["status"]
    for name, text in pages.items():
        assert "Times are in the Tokyo time zone." in text, name
        assert "24 Nov" not in text and "18:30" not in text, f"{name} shows New York time: {text}"
