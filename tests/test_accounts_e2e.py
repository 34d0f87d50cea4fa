"""The issue's "done when": the README's example profile, a sites file of loopback fakes, one run,
and the digest shows exactly the three accounts, judged as a teacher needs them judged."""

from __future__ import annotations

import json
from pathlib import Path

from tests.accounts_fakes import fake_sites, write_sites  # noqa: F401 - fixture
from tests.conftest import cli, email_section


def example_profile_config(home: Path, sites_file: Path, search_url: str, smtp_port: int, extra: str = "") -> Path:
    """README's example profile, with the handles qualified by platform (as issue 18 says)."""
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"

[[profile]]
name = "Joanna Whitfield"
variants = ["Joanna Brown"]
nicknames = ["Jo"]
honorifics = ["Ms", "Mrs"]
handles = ["instagram:MsWhitfieldTeach", "facebook:MsWhitfieldTeach"]
locations = ["Liverpool"]
organisations = ["St Aidan's Primary School"]
platforms = ["facebook", "instagram"]
exclude = ["realtor"]
exclude_domains = ["whitfieldrealty.com"]
max_queries = 2

[providers.searxng]
base_url = "{search_url}"
kinds = ["web"]
rate_per_second = 50

[accounts]
platforms = []
sites_file = "{sites_file}"
max_checks = 1000
rate_per_second = 50

[evidence]
capture = "none"

{email_section(smtp_port)}
{extra}""")
    return config


def empty_search(httpserver):  # type: ignore[no-untyped-def]
    httpserver.expect_request("/search").respond_with_json({"query": "", "results": []})
    return httpserver.url_for("").rstrip("/")


def test_done_when_the_digest_shows_the_three_accounts_and_nothing_else(home, fake_sites, httpserver, smtp):  # noqa: F811
    sites = write_sites(home / "sites.json", fake_sites.base)
    config = example_profile_config(home, sites, empty_search(httpserver), smtp.port)

    run = cli("--config", str(config), "run", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert len(report["new_mentions"]) == 3

    message = smtp.messages[0]
    assert message["Subject"] == "repwatch: 3 new mentions of Joanna Whitfield (3 need attention)"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()

    # the fake whose bio claims her school: impersonation, with the site's impersonation form
    assert "! Impersonation: The Fakegram account mswhitfield names your school, St Aidan's Primary School" in text
    assert "https://help.instagram.com/contact/636276399721841" in text
    # her name run together, with nothing that pretends: "is it yours?"
    assert "! Unconfirmed account: An account in your name on FakeTok: joannawhitfield" in text
    assert "Is it yours?" in text
    # her own Instagram/Facebook handle, taken on a site she has not listed: "is it yours?"
    assert "! Unconfirmed account: An account in your name on FakeX: MsWhitfieldTeach" in text
    # the site that finds everyone is dropped, said once; the blocking site is said once
    assert text.count("AlwaysThere said it had an account named") == 1
    assert text.count("Blocky answered in a way its rule does not describe (HTTP 403)") == 1
    assert "AlwaysThere" not in "".join(line for line in text.splitlines() if line.startswith("* #"))
    # nothing else: three mentions, each of them an account on the right site
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    assert sorted((m["platform"], m["kind"], [f["code"] for f in m["flags"]]) for m in mentions) == [
        ("instagram", "account", ["impersonation"]),
        ("tiktok", "account", ["unconfirmed_account"]),
        ("x", "account", ["unconfirmed_account"]),
    ]
    # web text is escaped in the HTML part: the display name's "<3 &" never becomes markup
    assert "Joanna Whitfield &lt;3 &amp;" in html
    assert "<i>" not in html
    # her own handle was never checked where it is hers
    assert "status/MsWhitfieldTeach" not in fake_sites.hits and "status/mswhitfieldteach" not in fake_sites.hits

    # diffed like everything else: the next run finds the same accounts and reports nothing new
    again = cli("--config", str(config), "run", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["new_mentions"] == []
    assert smtp.messages[1]["Subject"] == "repwatch: nothing new about Joanna Whitfield"


def test_a_flagged_account_has_its_page_saved_as_evidence(home, fake_sites, httpserver, smtp):  # noqa: F811
    sites = write_sites(home / "sites.json", fake_sites.base)
    config = example_profile_config(home, sites, empty_search(httpserver), smtp.port)
    text = config.read_text().replace('capture = "none"', 'capture = "flagged"\nchromium_path = "/nonexistent/chromium"')
    config.write_text(text)
    run = cli("--config", str(config), "run", env={"REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1"})
    assert run.returncode == 0, run.stderr
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    fake = next(m for m in mentions if m["url"].endswith("/status/mswhitfield"))
    assert fake["evidence"] and len(fake["evidence"][0]["sha256"]) == 64
    body = smtp.messages[0].get_body(("plain",)).get_content()
    assert "Found by searching mswhitfield on Fakegram." in body


def test_mine_on_a_found_account_stops_the_question_and_its_checks_there(home, fake_sites, httpserver, smtp):  # noqa: F811
    sites = write_sites(home / "sites.json", fake_sites.base)
    config = example_profile_config(home, sites, empty_search(httpserver), smtp.port)
    assert cli("--config", str(config), "run").returncode == 0
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    tok = next(m for m in mentions if m["url"].endswith("/message/joannawhitfield"))
    x = next(m for m in mentions if m["url"].endswith("/redirect/MsWhitfieldTeach"))

    mine = cli("--config", str(config), "mine", str(tok["id"]))
    assert mine.returncode == 0, mine.stderr
    hidden = cli("--config", str(config), "dismiss", str(x["id"]), "--account")
    assert hidden.returncode == 0, hidden.stderr
    shown = json.loads(cli("--config", str(config), "show", str(tok["id"]), "--json").stdout)
    assert [f["code"] for f in shown["flags"]] == []

    fake_sites.hits.clear()
    again = cli("--config", str(config), "run", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["new_mentions"] == []
    assert "message/joannawhitfield" not in fake_sites.hits  # hers on that site: not asked again
    assert "redirect/joannawhitfield" in fake_sites.hits  # but someone could take it elsewhere
