"""`repwatch search "Name"` judges what it found: an "about you?" column, flags with their reasons,
what needs attention first, and how many were left out by --limit."""

from __future__ import annotations

import json

from tests.conftest import cli


def hit(n: int, url: str, title: str, content: str) -> dict:
    return {"url": url, "title": title, "content": content, "engine": "bing", "engines": ["bing"],
            "positions": [n], "score": 1.0, "category": "general"}


FILLER = [hit(n, f"https://www.example-news-{n}.co.uk/story", f"Local story {n}",
              "Joanna Whitfield attended the meeting.") for n in range(1, 31)]
IMPOSTOR = hit(31, "https://www.instagram.com/ms.whitfield.teach/", "Ms Whitfield (@ms.whitfield.teach)",
               "Primary teacher at St Aidan's, Liverpool.")
CONFIG = """
[[profile]]
name = "Joanna Whitfield"
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
handles = ["@MsWhitfieldTeach"]

[providers.searxng]
base_url = "{url}"
kinds = ["web"]
rate_per_second = 100
"""


def setup(home, httpserver):  # type: ignore[no-untyped-def]
    """Each search (query) answers with its own pages; the last query's answer holds the impostor,
    last, so in the plan's order it would come last of all."""
    from itertools import count

    from werkzeug import Response

    served = count()

    def handler(request):  # type: ignore[no-untyped-def]
        if request.args.get("pageno", "1") != "1":
            return Response(json.dumps({"query": "", "results": []}), content_type="application/json")
        n = next(served)
        page = FILLER[(n * 3) % 30:(n * 3) % 30 + 3] + ([IMPOSTOR] if n == 2 else [])
        return Response(json.dumps({"query": "", "results": page}), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(handler)
    config = home / "config.toml"
    config.write_text(CONFIG.format(url=httpserver.url_for("").rstrip("/")))
    return config


def test_search_puts_the_impostor_first_and_says_what_was_left_out(home, httpserver):
    config = setup(home, httpserver)
    result = cli("--config", str(config), "search", "Joanna Whitfield", "--limit", "5", "--provider", "searxng",
                     env={"COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "About you?" in out
    first_row = out.split("│ 1 ", 1)[1].split("│ 2 ", 1)[0]
    assert "! Impersonation:" in first_row and "ms.whitfield.teach" in first_row
    assert "much like your handle" in " ".join(first_row.split())  # the flag's reason
    shown = [line for line in out.splitlines() if "shown; --limit to see more." in line]
    assert shown and shown[0].startswith("5 of "), out
    assert int(shown[0].split()[2]) > 5


def test_search_json_items_carry_score_tone_and_flags(home, httpserver):
    config = setup(home, httpserver)
    result = cli("--config", str(config), "search", "Joanna Whitfield", "--limit", "5", "--provider", "searxng",
                     "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 5
    assert items[0]["url"] == "https://www.instagram.com/ms.whitfield.teach/"
    assert [f["code"] for f in items[0]["flags"]] == ["impersonation"]
    for item in items:
        assert 0 <= item["score"] <= 1 and -1 <= item["tone"] <= 1 and isinstance(item["flags"], list)
