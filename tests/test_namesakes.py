"""Is it her? The README's example profile against a world of namesakes, on loopback: SearXNG (JSON) and
DuckDuckGo (HTML) answering in their own formats with pages about other Joanna Whitfields and a few
about her. None of the others is among the new mentions; "not me" on one of them sets that person's
later pages aside, and none of hers; `confirm`, `namesakes` and `reopen` do what they say.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from html import escape
from pathlib import Path
from urllib.parse import quote

import pytest
from werkzeug import Request, Response

from tests.conftest import cli

ROOT = Path(__file__).resolve().parent.parent

# (url, title, snippet): the first run's world
NAMESAKES = [
    ("https://www.leedssolicitors.example.co.uk/team/joanna-whitfield", "Joanna Whitfield - Solicitor | Leeds",
     "Joanna Whitfield is a family law solicitor at our Leeds office, specialising in divorce."),
    ("https://www.edp24.example.co.uk/news/norwich-nurse-award", "Norwich nurse wins award",
     "Joanna Whitfield, a nurse at the Norfolk and Norwich hospital, was named nurse of the year."),
    ("https://www.manchesterhigh.example.sch.uk/staff", "Our staff | Oakwood High School",
     "Mrs Joanna Whitfield, Head of Geography at Oakwood High School, Manchester."),
    ("https://www.funeral-notices.example.co.uk/notice/whitfield-joanna", "WHITFIELD Joanna",
     "Joanna Whitfield, aged 87, died peacefully at home in Southport."),
    ("https://www.zillow.example.com/profile/joanna-whitfield-fl", "Joanna Whitfield - Orlando, Florida",
     "Joanna Whitfield, insurance agent in Orlando, Florida. Call for a free quote."),
]
HERS = [
    ("https://www.staidans.example.sch.uk/news/year-4-trip", "Year 4 trip | St Aidan's Primary School",
     "Year 4 had a brilliant day at the Museum of Liverpool with Ms Whitfield."),
]
SAME_NAME_ONLY = [
    ("https://www.parkrun.example.org.uk/results/412", "parkrun results",
     "Joanna Whitfield finished in 31:20."),
]
# the second run: the solicitor again, and her on the same site as a namesake she said "not me" to
LATER = [
    ("https://www.yorkshirepost.example.co.uk/news/leeds-family-law", "Leeds family law firm expands",
     "Leeds solicitor Joanna Whitfield said the new office would help more families with divorce cases."),
    ("https://www.leedssolicitors.example.co.uk/news/charity-run", "Our charity run for St Aidan's Primary",
     "Thank you to Ms Whitfield of St Aidan's Primary School in Liverpool, who ran with our team."),
]


def _ddg_page(results: list[tuple[str, str, str]]) -> str:
    """A DuckDuckGo HTML results page, in its own markup."""
    rows = []
    for url, title, snippet in results:
        link = f"//duckduckgo.com/l/?uddg={quote(url, safe='')}&amp;rut=1"
        rows.append(
            f'<div class="result results_links results_links_deep web-result "><div class="links_main links_deep '
            f'result__body"><h2 class="result__title"><a rel="nofollow" class="result__a" href="{link}">'
            f'{escape(title)}</a></h2><a class="result__snippet" href="{link}">{escape(snippet)}</a></div></div>')
    return f"<html><body><div id='links' class='results'>{''.join(rows)}</div></body></html>"


@pytest.fixture
def world(httpserver):  # type: ignore[no-untyped-def]
    """SearXNG answers with the namesakes and her school's page, DuckDuckGo with the rest; after
    ``world.later = True`` both answer with the second run's pages as well."""
    httpserver.later = False

    def searxng(request: Request) -> Response:
        found = [] if request.args.get("pageno", "1") != "1" else NAMESAKES + HERS + (LATER[:1] if httpserver.later else [])
        body = {"query": "", "results": [{"url": u, "title": t, "content": c} for u, t, c in found]}
        return Response(json.dumps(body), content_type="application/json")

    def ddg(request: Request) -> Response:
        found = [] if request.form.get("s") else SAME_NAME_ONLY + (LATER[1:] if httpserver.later else [])
        return Response(_ddg_page(found), content_type="text/html; charset=UTF-8")

    httpserver.expect_request("/search", method="GET").respond_with_handler(searxng)
    httpserver.expect_request("/html/", method="POST").respond_with_handler(ddg)
    return httpserver


def example_config(home: Path, base_url: str, *, duckduckgo: bool = True, email: str = "") -> Path:
    """config.example.toml's profile as the README gives it, with loopback providers (SearXNG, and
    DuckDuckGo unless ``duckduckgo`` is false) and ``email``, an [email] section, if given."""
    example = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    profile = example["profile"][0]
    lines = [f"{key} = {json.dumps(value)}" for key, value in profile.items()]
    second = f'\n[providers.duckduckgo]\nbase_url = "{base_url}"\nrate_per_second = 50\n' if duckduckgo else ""
    path = home / "config.toml"
    path.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"

[[profile]]
{chr(10).join(lines)}

[providers.searxng]
base_url = "{base_url}"
kinds = ["web"]
rate_per_second = 50
{second}
[accounts]
enabled = false

[evidence]
capture = "none"
{email}""")
    return path


def _run(config: Path) -> dict:  # type: ignore[type-arg]
    done = cli("--config", str(config), "run", "--json", "--no-email")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _stored(home: Path) -> dict[str, tuple[int, str, list[str]]]:
    with sqlite3.connect(home / "repwatch.db") as db:
        rows = db.execute("SELECT id, url, about, about_reasons FROM mentions").fetchall()
    return {url: (i, about, json.loads(reasons)) for i, url, about, reasons in rows}


def test_namesakes_stay_out_and_not_me_teaches(home, world) -> None:  # noqa: ANN001
    config = example_config(home, world.url_for("").rstrip("/"))
    first = _run(config)

    stored = _stored(home)
    by_url = {p["url"]: p for p in first["new_pages"]}
    for url, _title, _snippet in NAMESAKES:
        assert stored[url][1] == "someone_else", (url, stored[url])
        assert by_url[url]["about"] == "someone_else"
        assert stored[url][0] not in first["new_mentions"]  # not among the new mentions, nor asked about
        assert stored[url][0] not in first["new_unsure"]
    assert stored[HERS[0][0]][1] == "you" and stored[HERS[0][0]][0] in first["new_mentions"]
    assert stored[SAME_NAME_ONLY[0][0]][1] == "unsure"
    assert first["new_unsure"] == [stored[SAME_NAME_ONLY[0][0]][0]]
    assert first["new_not_about_you"] == len(NAMESAKES)
    # the reasons a teacher reads
    assert stored[NAMESAKES[0][0]][2][0] == "a solicitor in Leeds; you teach in Liverpool"
    assert stored[NAMESAKES[2][0]][2][0] == "at another school, Oakwood High School; yours is St Aidan's Primary School"
    assert stored[NAMESAKES[3][0]][2][0] == "aged 87, an age a serving teacher cannot be"
    assert stored[HERS[0][0]][2][0] == "names your school, St Aidan's Primary School"

    none = cli("--config", str(config), "namesakes")
    assert none.returncode == 0 and none.stdout.startswith("No namesakes yet:")

    solicitor = stored[NAMESAKES[0][0]][0]
    said = cli("--config", str(config), "dismiss", str(solicitor))
    assert said.returncode == 0, said.stderr

    world.later = True
    second = _run(config)
    stored = _stored(home)
    again, hers = LATER[0][0], LATER[1][0]
    assert stored[again][1] == "someone_else"
    day = f"{int(__import__('datetime').date.today().strftime('%d'))} {__import__('datetime').date.today().strftime('%b')}"
    assert stored[again][2] == [f"the solicitor in Leeds you said is not you, {day}"]
    assert stored[again][0] not in second["new_mentions"]
    # her page on the namesake's own site, in the namesake's city, is still hers
    assert stored[hers][1] == "you" and stored[hers][0] in second["new_mentions"]

    listed = cli("--config", str(config), "namesakes", "--json")
    assert listed.returncode == 0, listed.stderr
    [namesake] = json.loads(listed.stdout)
    assert namesake["summary"] == "the solicitor in Leeds" and namesake["mention_id"] == solicitor
    assert namesake["pages"] == [stored[again][0]]
    assert "liverpool" not in namesake["places"] and not {"st", "aidan's"} & set(namesake["words"])
    assert cli("--config", str(config), "namesakes", "--json").stdout == listed.stdout  # from what it kept
    with sqlite3.connect(home / "repwatch.db") as db:
        assert db.execute("SELECT count(*) FROM namesakes WHERE marks IS NOT NULL").fetchone() == (1,)

    forgot = cli("--config", str(config), "reopen", str(solicitor))
    assert forgot.returncode == 0 and "forgotten the namesake" in forgot.stdout
    assert cli("--config", str(config), "namesakes", "--json").stdout.strip() == "[]"


def test_confirm_makes_a_page_hers_and_reopen_undoes_it(home, world) -> None:  # noqa: ANN001
    config = example_config(home, world.url_for("").rstrip("/"))
    _run(config)
    stored = _stored(home)
    parkrun, school = stored[SAME_NAME_ONLY[0][0]][0], stored[HERS[0][0]][0]

    done = cli("--config", str(config), "confirm", str(parkrun))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Mention {parkrun} is now counted as about you. Undo: repwatch reopen {parkrun}"
    shown = json.loads(cli("--config", str(config), "show", str(parkrun), "--json").stdout)
    assert shown["about"] == "you" and shown["about_reasons"][0].startswith("You said this is about you")

    twice = cli("--config", str(config), "confirm", str(school))
    assert twice.returncode == 2
    assert twice.stderr.strip() == f"repwatch: Mention {school} is already counted as about you."

    back = cli("--config", str(config), "reopen", str(parkrun))
    assert back.returncode == 0, back.stderr
    shown = json.loads(cli("--config", str(config), "show", str(parkrun), "--json").stdout)
    assert shown["about"] == "unsure"
    listed = json.loads(cli("--config", str(config), "mentions", "--json").stdout)
    assert {m["id"]: m["about"] for m in listed}[school] == "you"


def test_the_namesakes_page_reads_what_it_kept_and_does_not_judge_again(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The review page's Namesakes lists what tells each namesake apart. Read once with triage, it is
    kept, as `repwatch namesakes` keeps it: later views read the kept marks, not every page again."""
    import httpx

    import repwatch.pipeline.triage as triage
    from tests.conftest import free_port
    from tests.web_support import Served, open_page, seed, write_config

    db = tmp_path / "repwatch.db"
    ids = seed(db)
    config = write_config(tmp_path / "config.toml", db)
    assert cli("--config", str(config), "dismiss", str(ids["namesake"])).returncode == 0
    served = Served(config, free_port())
    try:
        with httpx.Client() as client:
            open_page(client, db, served.url, "/namesakes")
            first = client.get(f"{served.url}/namesakes")
            assert first.status_code == 200 and "Accountant" in first.text

            def judged_again(*_args: object) -> None:
                raise AssertionError("the namesakes were judged again")

            monkeypatch.setattr(triage, "namesake_marks", judged_again)
            second = client.get(f"{served.url}/namesakes")
        assert second.status_code == 200 and second.text.count("Accountant") == first.text.count("Accountant")
    finally:
        served.stop()
