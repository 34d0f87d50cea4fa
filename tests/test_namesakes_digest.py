"""Issue 23's "done when", end to end, in the digest she reads: the README's example profile
(config.example.toml), a run against a world of namesakes whose pages carry what would be flagged on
her own (a teacher's misconduct hearing, a people-search listing, a stranger's profile in her name),
and one page of hers that needs attention. The emailed digest (aiosmtpd on loopback) puts none of the
namesakes in "needs attention" or "is it you?"; "not me" on the namesake teacher sets aside a later
report of that case told in other words, and none of her pages.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from werkzeug import Request, Response

from tests.conftest import cli, email_section
from tests.test_namesakes import example_config

NAMESAKES = [  # (url, title, snippet): another Joanna Whitfield each, with something that raises a flag
    ("https://www.gov.example.uk/teacher-misconduct/joanna-whitfield", "Teacher misconduct: Ms Joanna Whitfield",
     "Ms Joanna Whitfield, formerly a geography teacher at a secondary school in Carlisle, altered pupils' "
     "coursework marks and is prohibited from teaching."),
    ("https://www.192.com/atoz/people/whitfield/joanna/carlisle/", "Joanna Whitfield in Carlisle - 192.com",
     "Joanna M Whitfield, Carlisle CA2. Age guide: 60-64. Landline 01228 52xxxx. View full address."),
    ("https://uk.linkedin.com/in/joanna-whitfield-estimator", "Joanna Whitfield - Senior Estimator - Kier Group | LinkedIn",
     "Leeds, England · Estimating · 300 connections"),
]
HERS = [  # a parent's complaint naming her school: needs attention
    ("https://www.facebook.com/groups/liverpoolparentsnet/posts/77120", "Liverpool Parents Network | Facebook",
     "Ms Whitfield at St Aidan's Primary School has ignored three emails about my son's reading. Fuming."),
]
LATER = [  # the second run: the same namesake's case in other words, and a new page of hers
    ("https://www.news.example.co.uk/education/banned-teacher-appeal", "Banned teacher loses appeal",
     "Joanna Whitfield, 41, said the prohibition over altered coursework marks had ended her career."),
    ("https://www.staidans.example.sch.uk/news/poetry-prize", "Poetry prize | St Aidan's Primary School",
     "Ms Whitfield's Year 4 class won the city's poetry prize for their poems about the Mersey."),
]


@pytest.fixture
def world(httpserver):  # type: ignore[no-untyped-def]
    """SearXNG on loopback, in its JSON format; after ``world.later = True`` with the second run's pages."""
    httpserver.later = False

    def searxng(request: Request) -> Response:
        found = [] if request.args.get("pageno", "1") != "1" else NAMESAKES + HERS + (LATER if httpserver.later else [])
        body = {"query": "", "results": [{"url": u, "title": t, "content": c} for u, t, c in found]}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/search", method="GET").respond_with_handler(searxng)
    return httpserver


def _ids(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "repwatch.db") as db:
        return dict(db.execute("SELECT url, id FROM mentions").fetchall())


def _sections(text: str) -> dict[str, str]:
    """The digest's plain text cut at its upper-case headings ("NEEDS ATTENTION", "SAME NAME: IS IT YOU?")."""
    out: dict[str, str] = {}
    heading = "top"
    for line in text.splitlines():
        if line.isupper() and len(line) > 6 and not line.startswith(("-", "=")):
            heading = line.strip()
            continue
        out[heading] = out.get(heading, "") + line + "\n"
    return out


def test_no_namesake_needs_attention_and_not_me_sets_aside_only_that_person(home, world, smtp) -> None:  # noqa: ANN001
    config = example_config(home, world.url_for("").rstrip("/"), duckduckgo=False, email=email_section(smtp.port))
    first = cli("--config", str(config), "run")
    assert first.returncode == 0, first.stderr
    [digest] = smtp.messages
    ids = _ids(home)
    assert digest["Subject"] == "repwatch: 1 new mention of Joanna Whitfield (1 needs attention)"
    text = digest.get_body(("plain",)).get_content()
    parts = _sections(text)
    attention = parts["NEEDS ATTENTION"]
    assert f"#{ids[HERS[0][0]]}" in attention and "ignored three emails" in attention
    for url, title, snippet in NAMESAKES:
        assert f"#{ids[url]} " not in text and f"#{ids[url]}," not in text, (url, text)
        assert snippet[:40] not in text and title not in text
    assert "SAME NAME: IS IT YOU?" not in parts
    assert "3 pages about other people named Joanna Whitfield were set aside" in " ".join(text.split())

    raised = {url: {f["code"] for f in json.loads(cli("--config", str(config), "show", str(ids[url]), "--json").stdout)["flags"]}
              for url, _, _ in NAMESAKES[:2]}
    assert raised == {NAMESAKES[0][0]: {"negative"}, NAMESAKES[1][0]: {"personal_info"}}  # raised, never shown as hers

    teacher = ids[NAMESAKES[0][0]]
    said = cli("--config", str(config), "dismiss", str(teacher))
    assert said.returncode == 0, said.stderr

    world.later = True
    second = cli("--config", str(config), "run")
    assert second.returncode == 0, second.stderr
    assert len(smtp.messages) == 2
    ids = _ids(home)
    again, poetry = ids[LATER[0][0]], ids[LATER[1][0]]
    text = smtp.messages[1].get_body(("plain",)).get_content()
    assert smtp.messages[1]["Subject"] == "repwatch: 1 new mention of Joanna Whitfield"
    assert f"#{poetry} Poetry prize | St Aidan's Primary School" in text
    assert f"#{again}" not in text and "Banned teacher loses appeal" not in text
    assert "1 page about another person named Joanna Whitfield was set aside" in " ".join(text.split())
    shown = json.loads(cli("--config", str(config), "show", str(again), "--json").stdout)
    assert shown["about"] == "someone_else"
    assert shown["about_reasons"][0].startswith("the person in Carlisle you said is not you, ")
    hers = json.loads(cli("--config", str(config), "show", str(ids[HERS[0][0]]), "--json").stdout)
    assert hers["about"] == "you"
