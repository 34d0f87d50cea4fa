"""Where her home is listed: reading people-search pages (saved in the sites' real shapes), the
removal track and the ICO's clock, the budget, and the table itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from repwatch.adapters.pagefetch import Fetched
from repwatch.errors import ConfigError
from repwatch.pipeline.exposure import track
from repwatch.pipeline.exposure.read import (
    CAPTCHA,
    FAIL,
    GONE,
    LISTED,
    LOGIN_WALL,
    NO_RESULTS,
    NOT_LISTED,
    UNEXPECTED,
    Her,
    her_from,
    read_listing,
    read_search,
    shows_her,
)
from repwatch.pipeline.exposure.sites import ExposureSite, _load, parse_table
from repwatch.pipeline.plan import exposure_due, exposure_queries
from tests.exposure_fakes import page, site_entry, write_table

BASE = "https://fakefinder.example"
HER = Her(("Joanna Whitfield",), ("Ammanford",), "12 Heol Las, Ammanford SA18 2AB", ("07700900123",))


def site(**extra: object) -> ExposureSite:
    fields = {
        "key": "finder", "name": "FakeFinder", "domain": "fakefinder.example", "kind": "people_search",
        "search_url": f"{BASE}/search?name={{name}}&town={{town}}", "listing_url": "^" + re.escape(f"{BASE}/people/"),
        "no_results": ["We couldn't find any results"], "removal_how": "form", "search_status": "V",
        "removal_status": "V", "checked": "2026-12-07", "source": "test",
    }
    fields.update(extra)
    return ExposureSite.model_validate(fields)


def fetched(body: str, status: int = 200, url: str = f"{BASE}/search?name=x", outcome: str = "ok") -> Fetched:
    return Fetched(url, outcome, f"HTTP {status}", final_url=url, status=status, body=body.encode())


def results_page(*people: tuple[str, str, str]) -> str:
    cards = "\n".join(page("card.html", slug="p", id=i, name=n, town=t, county="Carmarthenshire", age="35-39")
                      for i, n, t in people)
    return page("results.html", query="Joanna Whitfield", town="Ammanford", count=len(people), cards=cards)


# --- does a page show her? -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "why"), [
    ("Joanna Whitfield, Ammanford, Carmarthenshire", "your name with Ammanford"),
    ("WHITFIELD, Joanna Mary · Ammanford", "your name with Ammanford"),
    ("Joanna Mary Whitfield lives in Ammanford", "your name with Ammanford"),
    ("J. Whitfield, SA18 2AB", "your home address (its postcode)"),
    ("Occupants of 12 Heol Las: 2", "your home address"),
    ("Call +44 7700 900123", "your phone number"),
])
def test_a_page_shows_her_by_name_and_town_address_or_phone(text, why):
    assert shows_her(text, HER) == why


@pytest.mark.parametrize("text", [
    "Joanna Whitfield, Liverpool",  # a namesake elsewhere
    "Joanna Whitfieldson, Ammanford",
    "Ammanford town council news",
    "Call 01269 555 000",
])
def test_her_name_alone_or_her_town_alone_is_not_her(text):
    assert shows_her(text, HER) is None


def test_her_facts_come_from_the_profile_and_the_exposure_section():
    profile = SimpleNamespace(name="Joanna Whitfield", variants=["Joanna Brown", "Jo"], locations=["Ammanford"])
    her = her_from(profile, "12 Heol Las, Ammanford SA18 2AB", ["+44 (0)7700 900123"])
    assert her.names == ("Joanna Whitfield", "Joanna Brown")
    assert her.postcode == "sa182ab" and her.first_line == "12 Heol Las"


# --- reading a site's search page, in its real shape ------------------------------------------
def test_a_results_page_gives_her_listing_and_not_her_namesakes():
    body = results_page(("a1", "Joanna Whitfield", "Liverpool"), ("b2", "Joanna Whitfield", "Ammanford"))
    reading = read_search(site(), fetched(body), HER)
    assert reading.outcome == LISTED
    assert [x.url for x in reading.listings] == [f"{BASE}/people/p/b2/"]
    assert reading.listings[0].reason == "your name with Ammanford"
    assert reading.cards == 4  # two people, each linked twice: the name and "View details"


def test_only_namesakes_is_a_clean_not_listed():
    reading = read_search(site(), fetched(results_page(("a1", "Joanna Whitfield", "Liverpool"))), HER)
    assert reading.outcome == NOT_LISTED and reading.clean


def test_the_sites_own_no_results_page_is_clean():
    body = page("none.html", query="Joanna Whitfield", town="Ammanford")
    assert read_search(site(), fetched(body), HER).outcome == NO_RESULTS


@pytest.mark.parametrize(("body", "status", "outcome", "want"), [
    ("login.html", 200, "ok", LOGIN_WALL),
    ("captcha.html", 403, "login_wall", CAPTCHA),
    ("captcha.html", 200, "ok", CAPTCHA),
    ("redesign.html", 200, "ok", UNEXPECTED),
    ("", 0, "timeout", FAIL),
    ("", 0, "unreachable", FAIL),
    ("", 503, "http_error", FAIL),
])
def test_a_page_that_cannot_answer_is_never_clean(body, status, outcome, want):
    text = page(body) if body else ""
    for reading in (read_search(site(), fetched(text, status, outcome=outcome), HER),
                    read_listing(site(), fetched(text, status, f"{BASE}/people/p/b2/", outcome), HER)):
        assert reading.outcome == want
        assert not reading.clean


def test_a_listing_page_still_up_gone_or_moved():
    listing = page("listing.html", name="Joanna Whitfield", town="Ammanford",
                   address="12 Heol Las, Ammanford SA18 2AB", age="35-39")
    url = f"{BASE}/people/p/b2/"
    assert read_listing(site(), fetched(listing, url=url), HER).outcome == LISTED
    assert read_listing(site(), fetched(page("gone.html"), 404, url, "gone"), HER).outcome == GONE
    moved = fetched(page("none.html", query="", town=""), url=f"{BASE}/search")
    assert read_listing(site(), moved, HER).outcome == GONE  # the site's own "no results" words
    home = fetched("<html><title>FakeFinder</title><a href='/people'>People</a></html>", url=f"{BASE}/")
    assert read_listing(site(), home, HER).outcome == UNEXPECTED  # sent home: not an answer


def test_companies_house_officer_search_shape():
    officers = site(key="companies_house", name="Companies House",
                    search_url=f"{BASE}/search/officers?q={{name}}",
                    listing_url="^" + re.escape(f"{BASE}/officers/") + "[^/]+/appointments",
                    no_results=["No results found"])
    card = page("officer_card.html", id="Xa1", surname_upper="WHITFIELD", given="Joanna Mary",
                address="Correspondence address: 12 Heol Las, Ammanford, SA18 2AB")
    body = page("officers.html", query="Joanna Whitfield", count=1, cards=card)
    reading = read_search(officers, fetched(body, url=f"{BASE}/search/officers?q=x"), HER)
    assert reading.outcome == LISTED
    assert reading.listings[0].url == f"{BASE}/officers/Xa1/appointments"
    empty = page("officers.html", query="Joanna Whitfield", count=0,
                 cards='<li class="no-results"><p>No results found</p></li>')
    assert read_search(officers, fetched(empty), HER).outcome == NO_RESULTS


# --- the track and the ICO's clock -------------------------------------------------------------
@pytest.mark.parametrize(("asked", "extended", "due"), [
    ("2026-12-07T09:00:00+00:00", False, "2027-01-07"),
    ("2027-01-31T09:00:00+00:00", False, "2027-02-28"),  # no 31 February: the month's last day
    ("2027-10-31T09:00:00+00:00", True, "2028-01-31"),  # one month, and two more
    ("2027-11-30T09:00:00+00:00", True, "2028-02-29"),
])
def test_the_month_the_law_allows_and_its_extension(asked, extended, due):
    assert track.due(asked, extended)[:10] == due


def test_the_track_moves_only_on_a_clean_answer():
    now = datetime(2027, 1, 10, tzinfo=UTC)
    due = "2027-01-07T09:00:00+00:00"
    assert track.after_check("found", None, None, now) is None  # a timeout, a login wall: nothing moves
    assert track.after_check("asked", None, due, now) is None
    assert track.after_check("asked", False, due, now) == "removed"
    assert track.after_check("asked", True, "2027-02-07T09:00:00+00:00", now) is None  # still within the month
    assert track.after_check("asked", True, due, now) == "not_removed"
    assert track.after_check("removed", True, None, now) == "reappeared"
    assert track.after_check("removed", False, None, now) is None
    assert track.after_check("not_removed", False, due, now) == "removed"


# --- the budget ----------------------------------------------------------------------------------
def test_sites_are_looked_at_monthly_and_weekly_while_a_request_is_open():
    a, b = site(key="a"), site(key="b")
    now = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    last = {"a": "2026-11-25T07:00:00+00:00", "b": "2026-11-25T07:00:00+00:00"}
    assert exposure_due([a, b], last_checked=last, now=now) == []
    assert exposure_due([a, b], last_checked=last, open_requests={"b"}, now=now) == [b]
    assert exposure_due([a, b], last_checked={}, now=now) == [a, b]  # never looked at
    assert exposure_due([a, b], last_checked={"a": "2026-11-07T07:01:00+00:00"}, now=now) == [a, b]


def test_only_her_name_and_town_go_to_the_search_services():
    profile = SimpleNamespace(name="Joanna Whitfield", locations=["Ammanford"])
    queries = exposure_queries(profile, [site(), site(key="quiet", site_query=False)])
    assert [q.text for q in queries] == ['"Joanna Whitfield" site:fakefinder.example Ammanford']


# --- the table -----------------------------------------------------------------------------------
def test_the_built_in_table_is_dated_and_sourced_and_marks_what_is_unverified():
    tab = _load(None)
    keys = {s.key for s in tab.site}
    assert {"192com", "ukphonebook", "companies_house", "findmypast"} <= keys
    for entry in tab.site:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.checked) and entry.source
    assert next(s for s in tab.site if s.key == "192com").removal_status == "U"
    assert "not retrospective" in tab.open_register.old_editions


def test_a_broken_table_is_one_sentence_naming_the_site_and_key(tmp_path):
    path = write_table(tmp_path / "t.toml", [site_entry("https://x.example", "finder", listing_url="([")])
    with pytest.raises(ConfigError) as caught:
        parse_table(path.read_text(), path)
    assert "site 1 ('Fake Finder'), listing_url" in caught.value.message
    assert "not a valid regular expression" in caught.value.message
    path = write_table(tmp_path / "t.toml", [site_entry("https://x.example", "finder", checked="last week")])
    with pytest.raises(ConfigError, match="checked"):
        parse_table(path.read_text(), path)


def test_a_misspelt_key_in_the_table_is_an_error(tmp_path):
    path = write_table(tmp_path / "t.toml", [site_entry("https://x.example", "finder", removal_tekes="a week")])
    with pytest.raises(ConfigError, match="removal_tekes"):
        parse_table(path.read_text(), path)


def test_a_server_error_is_retried_on_the_sites_lane_and_never_clean(httpserver, monkeypatch):
    """A 503 is retried with the sweep's backoff; one that lasts ends as "could not be read", never "gone"."""
    from werkzeug import Response

    from repwatch.pipeline.exposure.check import look

    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)  # its retries, without waiting 1, 2, 4 s
    monkeypatch.setenv("REPWATCH_EVIDENCE_ALLOW_PRIVATE", "1")
    base = httpserver.url_for("").rstrip("/")
    answers = iter([Response("busy", status=503), Response(page("gone.html"), status=404)])
    httpserver.expect_request("/flaky/people/p/b2/").respond_with_handler(lambda _request: next(answers))
    httpserver.expect_request("/down/people/p/b2/").respond_with_data("busy", status=503)
    flaky = site(key="flaky", search_url=None, listing_url="^" + re.escape(f"{base}/flaky/people/"))
    down = site(key="down", search_url=None, listing_url="^" + re.escape(f"{base}/down/people/"))
    looks = look([(flaky, [(1, f"{base}/flaky/people/p/b2/")], True), (down, [(2, f"{base}/down/people/p/b2/")], True)],
                 HER, rate_per_second=50, timeout_s=5)
    assert looks[0].listings[1].outcome == GONE and looks[0].requests == 1  # one look, two requests on its lane
    assert looks[1].listings[2].outcome == FAIL and "server error (HTTP 503)" in looks[1].listings[2].detail
