"""The issue's "done when", on loopback fakes of people-search sites: found → asked (the letter) →
removed → reappeared in the digest; and a site that times out, hides behind a login or a robot check,
echoes any name or changes its shape never marks anything removed, and is said once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repwatch.adapters.store import Store
from tests.conftest import cli, serve_searxng
from tests.exposure_fakes import fake_listings, site_entry, write_table  # noqa: F401 - fixture

NAME = "Joanna Whitfield"
ADDRESS = "12 Heol Las, Ammanford SA18 2AB"
LONG_AGO = "2026-01-01T00:00:00+00:00"


def setup(home: Path, httpserver, entries: list[str], search_results=()) -> tuple[Path, dict[str, str], Path]:  # type: ignore[no-untyped-def]
    serve_searxng(httpserver, list(search_results))
    table = write_table(home / "exposure.toml", entries)
    db = home / "data" / "repwatch.db"
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{db}"

[[profile]]
name = "{NAME}"
locations = ["Ammanford"]
schedule = "0 7 * * *"

[providers.searxng]
base_url = "{httpserver.url_for("").rstrip("/")}"
rate_per_second = 50

[evidence]
capture = "none"

[exposure]
address = "{ADDRESS}"
rate_per_second = 50
timeout_s = 1
""")
    env = {"REPWATCH_EXPOSURE_TABLE": str(table), "REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1"}
    return config, env, db


def run(config: Path, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    result = cli("--config", str(config), "run", "--json", env=env)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def listings(config: Path, env: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    result = cli("--config", str(config), "exposure", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def look_again_now(db: Path, *sites: str) -> None:
    """The sites' last look was long ago: the next run is due to look (the budget's clock, moved on)."""
    store = Store(db)
    for key in sites:
        store.record_exposure_check(NAME, key, "listed", "", store.exposure_checks(NAME).get(key, {}).get("reported"),
                                    at=LONG_AGO)
    store.close()


def latest_digest(db: Path) -> str:
    files = sorted((db.parent / "outbox").glob("*.html"))
    assert files, "no digest was written"
    return files[-1].read_text(encoding="utf-8")


def test_found_asked_removed_reappeared_and_a_timeout_removes_nothing(home, httpserver, fake_listings):  # noqa: F811
    fake_listings.add("b2", NAME, "Ammanford", ADDRESS)
    fake_listings.add("a1", NAME, "Liverpool", "3 Bold Street, Liverpool L1 4DS")  # a namesake
    config, env, db = setup(home, httpserver, [site_entry(fake_listings.base, "finder")])

    run(config, env)
    found = listings(config, env)
    assert [(r["site"], r["state"], r["url"]) for r in found] == [
        ("Fake Finder", "found", f"{fake_listings.base}/finder/people/joanna-whitfield/b2/")]
    mention_id = found[0]["id"]
    assert found[0]["reason"] == "your name with Ammanford"
    assert "Ask for it to be removed" in found[0]["next"] and f"repwatch asked {mention_id}" in found[0]["next"]
    shown = json.loads(cli("--config", str(config), "show", str(mention_id), "--json", env=env).stdout)
    assert shown["kind"] == "listing" and "personal_info" in [f["code"] for f in shown["flags"]]
    digest = latest_digest(db)
    assert "Where your home is listed" in digest and f"#{mention_id} Fake Finder" in digest
    assert "take yourself out of the open register" in digest  # the first digest of the year carries it

    asked = cli("--config", str(config), "asked", str(mention_id), "--note", "sent by their form", env=env)
    assert asked.returncode == 0, asked.stderr
    assert "Article 17 of the UK General Data Protection Regulation" in asked.stdout
    assert "regulation 18 of the Privacy and Electronic Communications" in asked.stdout  # a directory
    assert f"Name: {NAME}" in asked.stdout and f"Address: {ADDRESS}" in asked.stdout
    assert f"{fake_listings.base}/finder/people/joanna-whitfield/b2/" in asked.stdout
    assert "repwatch never sends it for you" in asked.stdout
    letter = db.parent / "letters" / f"removal-request-{mention_id}.txt"
    assert "Article 17" in letter.read_text() and (letter.stat().st_mode & 0o077) == 0
    assert listings(config, env)[0]["state"] == "asked"

    # the site times out: nothing is marked removed, and that is said once
    fake_listings.slow.add("finder")
    look_again_now(db, "finder")
    run(config, env)
    assert listings(config, env)[0]["state"] == "asked"
    digest = latest_digest(db)
    assert "take yourself out of the open register" not in digest  # once a year, not every digest
    assert "Asked to remove" in digest and "The site must answer by" in digest
    assert "Fake Finder could not be read" in digest and "Nothing there was marked removed" in digest
    look_again_now(db, "finder")
    run(config, env)
    assert listings(config, env)[0]["state"] == "asked"
    assert "Fake Finder could not be read" not in latest_digest(db)  # said once, not every run
    fake_listings.slow.clear()

    # the site took it down: its listing answers 404 and its search has nobody in Ammanford
    del fake_listings.people["b2"]
    look_again_now(db, "finder")
    run(config, env)
    after = listings(config, env)[0]
    assert after["state"] == "removed" and after["removed_at"]
    assert [t["state"] for t in after["track"]] == ["found", "asked", "removed"]

    # and it is back
    fake_listings.add("b2", NAME, "Ammanford", ADDRESS)
    look_again_now(db, "finder")
    run(config, env)
    back = listings(config, env)[0]
    assert back["state"] == "reappeared" and "It is back: ask again" in back["next"]
    digest = latest_digest(db)
    assert "Back again" in digest
    shown = json.loads(cli("--config", str(config), "show", str(mention_id), "--json", env=env).stdout)
    assert "reappeared" in [f["code"] for f in shown["flags"]]
    assert shown["status"] == "notified"  # it came back as new, and this digest carried it
    assert "lists you again after it was removed" in digest  # the mention itself, with its reappeared flag


@pytest.mark.parametrize(("fake", "said"), [
    ("echo", "seems to list anyone searched for"),
    ("walled", "asked to log in"),
    ("robot", "robot check"),
    ("redesign", "does not read the way repwatch expects"),
])
def test_a_site_that_cannot_answer_is_reported_once_and_finds_nothing(home, httpserver, fake_listings, fake, said):  # noqa: F811
    fake_listings.add("b2", NAME, "Ammanford", ADDRESS)
    config, env, db = setup(home, httpserver, [site_entry(fake_listings.base, fake)])
    run(config, env)
    assert listings(config, env) == []
    assert said in latest_digest(db)
    look_again_now(db, fake)
    run(config, env)
    assert said not in latest_digest(db)


def test_a_listing_behind_a_new_login_wall_stays_up(home, httpserver, fake_listings):  # noqa: F811
    """The listing was found; later its page asks for a login: that is not "removed"."""
    fake_listings.add("b2", NAME, "Ammanford", ADDRESS)
    config, env, db = setup(home, httpserver, [site_entry(fake_listings.base, "finder")])
    run(config, env)
    mention_id = listings(config, env)[0]["id"]
    assert cli("--config", str(config), "asked", str(mention_id), env=env).returncode == 0
    fake_listings.walled.add("finder")
    del fake_listings.people["b2"]
    look_again_now(db, "finder")
    run(config, env)
    row = listings(config, env)[0]
    assert row["state"] == "asked" and row["last_outcome"] == "login_wall"
    assert "asked to log in" in latest_digest(db)


def test_found_through_a_search_service(home, httpserver, fake_listings):  # noqa: F811
    """A site searched only through the search services: its result is a listing when it shows her."""
    url = f"{httpserver.url_for('').rstrip('/')}/finder/people/joanna-whitfield/b2/"
    config, env, _db = setup(
        home, httpserver,
        [site_entry(fake_listings.base, "finder", search_url=None, site_query=True)],
        [(url, "Joanna Whitfield - Ammanford | FakeFinder", "Joanna Whitfield, Ammanford, Carmarthenshire. Age 35-39"),
         (url.replace("b2", "a1"), "Joanna Whitfield - Liverpool | FakeFinder", "Joanna Whitfield, Liverpool")],
    )
    run(config, env)
    assert [(r["state"], r["url"]) for r in listings(config, env)] == [("found", url)]
    assert '"Joanna Whitfield" site:localhost Ammanford' in httpserver_queries(httpserver)


def httpserver_queries(httpserver) -> list[str]:  # type: ignore[no-untyped-def]
    return [request.args.get("q", "") for request, _ in httpserver.log if request.path == "/search"]


def test_self_check_lists_the_sites_out_of_date(home, httpserver, fake_listings):  # noqa: F811
    base = fake_listings.base
    entries = [site_entry(base, "finder"), site_entry(base, "echo"), site_entry(base, "robot"),
               site_entry(base, "broken", search_url=None), site_entry(base, "officers", search_url=None,
                                                                       removal_url=None)]
    config, env, _db = setup(home, httpserver, entries)
    result = cli("--config", str(config), "exposure", "--self-check", "--json", env=env)
    assert result.returncode == 1, result.stderr
    reports = {r["site"]: r for r in json.loads(result.stdout)}
    assert reports["Fake Finder"]["status"] == "ok"
    assert "answers every name" in reports["Fake Echo"]["detail"] and reports["Fake Echo"]["status"] == "broken"
    assert "robot check" in reports["Fake Robot"]["detail"]
    assert "removal page" in reports["Fake Broken"]["detail"] and reports["Fake Broken"]["status"] == "broken"
    assert reports["Fake Officers"]["status"] == "untested"
    text = cli("--config", str(config), "exposure", "--self-check", env=env)
    assert "BROKEN  Fake Echo" in text.stdout and "3 of 5 sites are out of date" in text.stdout


def test_asked_on_a_page_that_is_not_a_listing_is_one_sentence(home, httpserver, fake_listings):  # noqa: F811
    config, env, _db = setup(home, httpserver, [site_entry(fake_listings.base, "finder")])
    before = " ".join(cli("--config", str(config), "plan", env=env).stdout.split())
    assert "People-search sites looked at next run, for where your home is listed: Fake Finder (of 1" in before
    run(config, env)
    after = cli("--config", str(config), "plan", env=env).stdout
    assert "listed: none (of 1: each is looked at every month" in " ".join(after.split())
    result = cli("--config", str(config), "asked", "999", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == ("repwatch: #999 is not a listing of your home on a people-search site "
                                     "(`repwatch exposure` lists them, with their numbers).")
