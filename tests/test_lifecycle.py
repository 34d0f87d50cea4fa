"""The user's decisions about mentions, through the CLI, against a real database."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import cli
from tests.test_backbone import providers, write_config  # noqa: F401  (fixture)


def _ids(config) -> dict[str, int]:
    items = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    return {m["canonical_url"].split("/")[2]: m["id"] for m in items}


def test_dismiss_resolve_reappear_reopen(home, providers, smtp):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    ids = _ids(config)

    gone = cli("--config", str(config), "dismiss", str(ids["forum.example.net"]), "--note", "not me")
    assert gone.returncode == 0
    assert gone.stdout == f"Dismissed mention {ids['forum.example.net']}; it will not be in a digest again.\n"

    done = cli("--config", str(config), "resolve", str(ids["facebook.com"]), "--note", "reported to Facebook")
    assert done.returncode == 0

    again = cli("--config", str(config), "run")
    assert again.returncode == 0, again.stderr
    latest = smtp.messages[-1]
    assert latest["Subject"] == "repwatch: 1 new mention of Joanna Whitfield (1 needs attention)"
    text = latest.get_body(("plain",)).get_content()
    assert "You marked this resolved on " in text and "and it has been found again." in text
    assert "forum.example.net" not in text  # dismissed never comes back

    shown = json.loads(cli("--config", str(config), "show", str(ids["facebook.com"]), "--json").stdout)
    assert shown["status"] == "notified"
    assert [f["code"] for f in shown["flags"]] == ["unconfirmed_account", "reappeared"]
    events = [(e["event"], e["note"]) for e in shown["timeline"]]
    assert ("resolved", "reported to Facebook") in events and ("reappeared", None) in events

    concern = cli("--config", str(config), "concern", str(ids["facebook.com"]))
    assert concern.returncode == 0
    reopened = cli("--config", str(config), "reopen", str(ids["facebook.com"]))
    assert reopened.stdout == f"Reopened mention {ids['facebook.com']} (now notified).\n"

    flagged = json.loads(cli("--config", str(config), "mentions", "--flagged", "--json").stdout)
    assert [m["id"] for m in flagged] == [ids["facebook.com"]]
    dismissed = json.loads(cli("--config", str(config), "mentions", "--status", "dismissed", "--json").stdout)
    assert [m["id"] for m in dismissed] == [ids["forum.example.net"]]


def test_dismiss_domain_stops_the_site(home, providers, smtp):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    ids = _ids(config)
    school = ids["staidans-liverpool.sch.uk"]
    before = json.loads(cli("--config", str(config), "show", str(school), "--json").stdout)
    result = cli("--config", str(config), "dismiss", str(school), "--domain")
    assert result.returncode == 0
    assert "on staidans-liverpool.sch.uk" in result.stdout

    assert cli("--config", str(config), "run").returncode == 0
    after = json.loads(cli("--config", str(config), "show", str(school), "--json").stdout)
    assert after["status"] == "dismissed"
    assert after["sightings"] == before["sightings"]  # the site's results are no longer taken in
    assert "staidans" not in smtp.messages[-1].get_body(("plain",)).get_content()


def test_search_finds_words_in_titles_and_snippets(home, providers, smtp):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    found = json.loads(cli("--config", str(config), "mentions", "--search", "museum", "--json").stdout)
    assert [m["domain"] for m in found] == ["staidans-liverpool.sch.uk"]
    odd = cli("--config", str(config), "mentions", "--search", 'Joanna "Whitfield', "--json")
    assert odd.returncode == 0


def test_reading_mentions_needs_only_the_database_setting(home, providers, smtp):  # noqa: F811
    """A slip elsewhere in the config does not stop her reading and answering what is stored; the
    run still names it. Reading the config this way loads no pydantic, which alone takes longer than
    the command may (100 ms)."""
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    text = config.read_text()
    config.write_text(text + "\n[providers.searxng_typo]\nbase_url = \"http://127.0.0.1:9\"\n")
    found = cli("--config", str(config), "mentions", "--search", "museum", "--json")
    assert found.returncode == 0, found.stderr
    assert [m["domain"] for m in json.loads(found.stdout)] == ["staidans-liverpool.sch.uk"]
    broken = cli("--config", str(config), "run")
    assert broken.returncode == 2 and "searxng_typo" in broken.stderr
    loaded = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "repwatch", "--config", str(config), "mentions", "--json"],
        capture_output=True, text=True, check=True,
    ).stderr
    assert " pydantic\n" not in loaded and " sqlite_utils\n" not in loaded


def test_unknown_id_is_a_clear_error(home, providers, smtp):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    result = cli("--config", str(config), "dismiss", "999")
    assert result.returncode == 2
    assert result.stderr == f"repwatch: There is no mention with ID 999 in {home / 'repwatch.db'} (see `repwatch mentions`).\n"


def test_plan_json_lists_every_query_with_its_reason(home, providers):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), None)
    result = cli("--config", str(config), "plan", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert set(rows[0]) == {"query", "provider", "kind", "reason", "next_run"}
    assert rows[0]["query"] == '"Joanna Whitfield" Liverpool'
    queries = list(dict.fromkeys(r["query"] for r in rows))
    assert queries[:3] == ['"Joanna Whitfield" Liverpool', "\"Joanna Whitfield\" St Aidan's Primary School",
                           '"Joanna Whitfield"']
    assert sum(1 for q in queries if any(r["next_run"] for r in rows if r["query"] == q)) == 3  # max_queries
    text = cli("--config", str(config), "plan")
    assert "Liverpool" in text.stdout and "max_queries = 3" in text.stdout
