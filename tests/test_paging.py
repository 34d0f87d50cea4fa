"""Paged lists: the review list and the report builder show a page at a time, with counts and a
"Show more" link that walks every mention once, filtered by person, answer, flag, site and words."""

from __future__ import annotations

import re
import warnings
from html import unescape

import pytest

from repwatch.adapters.store import Store
from repwatch.config import load
from tests.web_support import open_page, result, seed, verdict, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXTRA = 130  # plain new mentions: more than one section page (100) and the overview (25)


@pytest.fixture
def site(tmp_path):
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db, extra=EXTRA)
    store = Store(db)
    flagged = [result(f"https://board.example.net/t/{i}", f"Thread {i} about Mr Harris", "hostile words")
               for i in range(30)]
    _, harris, _ = store.record_run(
        "Tom Harris", started_at="2026-11-25T07:00:00+00:00", results=flagged, calls=[], failures=[],
        queries=1, verdicts={r.canonical_url: verdict(("negative", "hostile words near your name")) for r in flagged})
    store.set_status(ids["extra0"], "dismissed")
    store.close()
    config_path = write_config(tmp_path / "config.toml", db)
    with config_path.open("a") as f:
        f.write('\n[[profile]]\nname = "Tom Harris"\nlocations = ["Leeds"]\n')
    client = open_page(TestClient(create_app(load(config_path), db), base_url="http://127.0.0.1:8377"), db)
    return client, ids, harris


def shown_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<li class="card row[^"]*" id="m(\d+)"', html)]


def section_count(html: str, heading: str) -> str:
    return re.search(rf'>{heading} <span class="count">\(([^)]*)\)</span>', html).group(1)


def walk(client, url: str) -> list[int]:
    """Follow "Show more", then "Next page", to the end; every id shown, in order."""
    seen: list[int] = []
    while url:
        html = client.get(url).text
        seen += shown_ids(html)
        link = re.search(r'<p class="more"><a href="([^"]+)">(?:Next page|Show more)', html)
        url = unescape(link.group(1)) if link else ""
    return seen


def test_the_first_page_is_short_but_counts_everything(site):
    client, ids, harris = site
    html = client.get("/").text
    assert section_count(html, "New") == str(EXTRA)  # 129 extra left new, plus "Our staff"
    assert section_count(html, "Needs your attention") == str(2 + len(harris))
    assert section_count(html, "Answered") == "1"
    assert len(shown_ids(html)) == 25 + 25 + 1 + 1  # attention and new cut at 25; someone else, answered
    assert "Show more of “New”" in html and "Show more of “Needs your attention”" in html
    # the most serious first: impersonation before the hostile threads
    assert shown_ids(html)[0] == ids["impersonation"]


def test_show_more_walks_each_mention_once_newest_first(site):
    client, ids, _harris = site
    expected = sorted([ids["plain"], *(ids[f"extra{i}"] for i in range(1, EXTRA))], reverse=True)
    first = client.get("/").text
    assert [i for i in shown_ids(first) if i in expected] == expected[:25]
    start = unescape(re.search(r'<a href="([^"]+section=new[^"]+)"', first).group(1))
    assert walk(client, start) == expected[25:]  # "Show more" goes on from the 26th
    assert walk(client, "/?section=new") == expected  # a section from its start, 100 a page
    page = client.get(start).text
    assert "Back to the whole list" in page and "Next page" in page


def test_filters_narrow_the_sections_and_their_counts(site):
    client, ids, harris = site
    harris_page = client.get("/?profile=Tom+Harris").text
    assert len(shown_ids(harris_page)) == 25 and set(shown_ids(harris_page)) <= set(harris)
    assert section_count(harris_page, "Needs your attention") == str(len(harris))
    assert "Story 3 mentioning" not in harris_page
    assert set(walk(client, "/?profile=Tom+Harris")) == set(harris)

    impersonation = client.get("/?flag=impersonation").text
    assert shown_ids(impersonation) == [ids["impersonation"]]
    assert section_count(impersonation, "Needs your attention") == "1"

    words = client.get("/?q=%22number+7%22").text
    assert shown_ids(words) == [ids["extra7"]]
    dismissed = client.get("/?status=dismissed").text
    assert shown_ids(dismissed) == [ids["extra0"]]
    linkedin = client.get("/?platform=linkedin").text
    assert shown_ids(linkedin) == [ids["namesake"]]
    common = client.get("/?q=Whitfield").text  # in every page of hers: the small section is walked instead
    assert section_count(common, "Needs your attention") == "2" and section_count(common, "New") == str(EXTRA)
    assert shown_ids(common)[:2] == [ids["impersonation"], ids["hostile"]]
    rare_in_big = client.get("/?q=ordinary").text  # only in "new": its hits are walked
    assert section_count(rare_in_big, "New") == str(EXTRA - 1) and "Needs your attention" not in rare_in_big
    nothing = client.get("/?q=zebra").text
    assert "Nothing to show with these filters" in nothing


def test_a_broken_cursor_starts_from_the_top(site):
    client, _ids, _harris = site
    page = client.get("/?section=new&after=banana").text
    assert len(shown_ids(page)) == 100


def test_the_report_builder_is_paged_and_filtered(site):
    client, ids, harris = site
    builder = client.get("/report").text
    ticks = re.findall(r'name="id" value="(\d+)"', builder)
    assert len(ticks) == 25 + 25 + 1 + 1
    assert "Show more of “New”" in builder
    assert f'value="{ids["impersonation"]}" checked' in builder
    found = client.get("/report?q=accountant").text
    assert re.findall(r'name="id" value="(\d+)"', found) == [str(ids["namesake"])]
    harris_only = client.get("/report?profile=Tom+Harris&section=attention").text
    assert sorted(int(x) for x in re.findall(r'name="id" value="(\d+)"', harris_only)) == sorted(harris)
