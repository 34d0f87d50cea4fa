"""The built-in accounts table as checked against WhatsMyName, sherlock and maigret in 2026-12, run
against loopback fakes that answer each site's real way (its API's JSON, its page, its redirect),
and the two controls every run makes: a made-up name must be missing, the known account found."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from repwatch.pipeline.accounts.candidates import Candidate
from repwatch.pipeline.accounts.check import all_pairs, control_account, run_checks, schedule_checks
from repwatch.pipeline.accounts.sites import Site, _table, parse_sites
from tests.accounts_fakes import fake_sites, sites_doc  # noqa: F401 - fixture
from tests.conftest import cli

BUILTIN = "repwatch's data file data/accounts_sites.json"


def builtin() -> dict[str, Site]:
    return {s.name: s for s in _table(None)}


# --- the table itself ----------------------------------------------------------------------------
def test_every_entry_is_dated_with_the_upstream_commits_it_was_checked_against():
    for site in builtin().values():
        assert site.checked == "2026-12-07", site.name
        assert "WhatsMyName e62338e" in (site.checked_against or ""), site.name
        assert "sherlock 4e2a4f6" in (site.checked_against or "") and "maigret 149acb1" in (site.checked_against or "")


def test_every_known_account_passes_its_own_sites_username_rule():
    # Facebook's pattern used to refuse "adam", one of its own known accounts
    for site in builtin().values():
        for known in site.known:
            assert site.username(known) is not None, (site.name, known)
    assert builtin()["Facebook"].username("zuck") == "zuck"


def test_every_checked_site_has_a_known_account_or_says_why_it_cannot():
    for site in builtin().values():
        if site.login_required:
            continue
        assert control_account(site) or site.unverifiable, site.name
    assert builtin()["Mastodon (mstdn.social)"].known == ("MagicLike",)
    assert "no public list names a known account" in (builtin()["Mastodon (mastodon.scot)"].unverifiable or "")


def test_upstream_flags_are_kept_with_their_reason():
    table = builtin()
    for name in ("Facebook", "Reddit", "Pornhub", "xHamster", "FanCentro", "Threads", "Instagram", "Fansly"):
        assert table[name].unreliable, name
    assert "ip_reputation" in (table["Reddit"].unreliable or "")
    assert table["Fansly"].protection == ("cloudfront",)
    assert table["Bluesky"].unreliable is None


def test_provenance_notes_no_longer_credit_sherlock_with_rules_it_does_not_have():
    table = builtin()
    for name in ("Snapchat", "Telegram"):
        assert "repwatch's own" in (table[name].source or "") and "not sherlock's" in (table[name].source or "")


def test_threads_keeps_dots_and_discord_is_lower_case():
    table = builtin()
    assert table["Threads"].username("joanna.whitfield") == "joanna.whitfield"
    assert table["Discord"].username("MsWhitfieldTeach") == "mswhitfieldteach"
    pairs = all_pairs([Candidate("joanna.whitfield", "your name"), Candidate("MsWhitfieldTeach", "a handle")],
                      [table["Threads"], table["Discord"]])
    assert {(p.site.name, p.username) for p in pairs} == {
        ("Threads", "joanna.whitfield"), ("Threads", "MsWhitfieldTeach"), ("Discord", "joanna.whitfield"),
        ("Discord", "mswhitfieldteach")}


def test_the_sites_pupils_use_are_in_the_table():
    table = builtin()
    for name in ("Tumblr", "Quizlet", "Scratch", "Wattpad", "Tellonym"):
        assert name in table and table[name].known and table[name].source, name
    assert table["Roblox"].uri_check == "https://users.roblox.com/v1/usernames/users"


# --- the real answer shapes, on loopback -----------------------------------------------------------
def compact(data: object) -> str:
    """JSON as these APIs send it: no spaces after the separators (the rules' strings depend on it)."""
    return json.dumps(data, separators=(",", ":"))


class RealSites:
    """Each site's answer as its upstream rule describes it: who exists is in ``people`` (lower case)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.people = {"joanna.whitfield", "joannawhitfield", "mswhitfieldteach", "zuck", "bluewolfekiller",
                       "leetpawn", "griffpatch", "luumia", "rita426", "newadult", "jane", "magiclike", "test",
                       "john.miniolic"}
        self.threads_wall = False  # Threads sends every logged-out visitor to sign in
        self.bodies: list[str] = []

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def handle(self, request: Request) -> Response:
        host, _, path = request.path.lstrip("/").partition("/")
        js = "application/json"
        if host == "www.threads.com":
            name = path.removeprefix("@")
            if self.threads_wall:
                return Response("", 302, {"Location": f"https://www.threads.com/login/?next=%2F%40{name}"})
            if name.lower() in self.people:
                return Response(f'<html><script>{{"user":{{"username":"{name}","full_name":"Jo"}}}}</script></html>',
                                content_type="text/html")
            return Response("", 302, {"Location": "https://www.threads.com/"})
        if host == "users.roblox.com":
            self.bodies.append(request.get_data(as_text=True))
            asked = json.loads(request.get_data())["usernames"][0]
            data = [{"requestedUsername": asked, "hasVerifiedBadge": False, "id": 2211, "name": asked,
                     "displayName": "Jo W"}] if asked.lower() in self.people else []
            return Response(compact({"data": data}), content_type=js)
        if host == "discord.com":
            asked = json.loads(request.get_data())["username"]
            self.bodies.append(asked)
            if asked != asked.lower():
                return Response(compact({"message": "Invalid Form Body", "code": 50035}), 400, content_type=js)
            return Response(compact({"taken": asked in self.people}), content_type=js)
        if host == "api.scratch.mit.edu":
            name = path.split("/")[2]
            msg = "username exists" if name.lower() in self.people else "valid username"
            return Response(compact({"username": name, "msg": msg}), content_type=js)
        if host == "www.tumblr.com":
            if path.lower() in self.people:
                return Response(f'<script>{{"queryKey":["user-info","{path}"]}}</script>', content_type="text/html")
            return Response('<script>{"status":404,"message":"Not Found"}</script>', 404, content_type="text/html")
        if host == "api.tellonym.me":
            name = path.split("/")[-1]
            if name.lower() in self.people:
                return Response(compact({"id": 99, "username": name, "displayName": "Jane"}), content_type=js)
            return Response(compact({"err": {"code": "NOT_FOUND", "msg": "Not found"}}), 404, content_type=js)
        if host == "www.facebook.com":
            if path.strip("/").lower() in self.people:
                return Response('<html>"__isProfile":"User"</html>', content_type="text/html")
            return Response("<html><title>Facebook</title></html>", content_type="text/html")
        return Response("no such fake", 500)


@pytest.fixture
def real_sites() -> Iterator[RealSites]:
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    fakes = RealSites(server)
    server.expect_request(re.compile(r"^/.*")).respond_with_handler(fakes.handle)
    yield fakes
    server.clear()
    server.stop()


def on_loopback(names: list[str], base: str) -> list[Site]:
    """The built-in rules of these sites, each pointed at the fake: https://host/… → base/host/…"""
    doc = json.loads((Path(__file__).parents[1] / "src/repwatch/data/accounts_sites.json").read_text())
    chosen = [s for s in doc["sites"] if s["name"] in names]
    for entry in chosen:
        entry["uri_check"] = entry["uri_check"].replace("https://", f"{base}/")
    return parse_sites(json.dumps({"sites": chosen}), "sites.json")


def test_the_fixed_rules_find_who_exists_in_each_sites_real_answer(real_sites):
    sites = on_loopback(["Threads", "Roblox", "Discord", "Scratch", "Tumblr", "Tellonym", "Facebook"], real_sites.base)
    pairs = all_pairs([Candidate("joanna.whitfield", "your name"), Candidate("JoannaWhitfield", "your name"),
                       Candidate("nobody.like.her", "a test")], sites)
    outcome = run_checks(pairs, rate_per_second=100, timeout_s=10)
    assert outcome.notes == []
    found = sorted((f.site.name, f.username) for f in outcome.found)
    assert ("Threads", "joanna.whitfield") in found  # the dot is kept
    assert ("Roblox", "JoannaWhitfield") in found and ("Discord", "joannawhitfield") in found
    assert ("Facebook", "joanna.whitfield") in found
    roblox = next(f for f in outcome.found if f.site.name == "Roblox")
    assert roblox.display_name == "Jo W"  # the users endpoint gives the display name triage reads
    rows = {(r["site"], r["username"]): r["outcome"] for r in outcome.rows}
    assert rows[("Threads", "nobody.like.her")] == "missing"
    assert all(body == body.lower() for body in real_sites.bodies if not body.startswith("{"))


def test_a_sign_in_wall_is_never_no_such_account(real_sites):
    real_sites.threads_wall = True
    sites = on_loopback(["Threads", "Scratch"], real_sites.base)
    outcome = run_checks(all_pairs([Candidate("joanna.whitfield", "your name")], sites), rate_per_second=100,
                         timeout_s=10)
    assert not any(r["site"] == "Threads" and r["outcome"] == "missing" for r in outcome.rows)
    assert outcome.notes == ["Threads sent repwatch to a sign-in page (HTTP 302) instead of saying whether an account "
                             "exists; it was left out of this run."]
    assert outcome.failed.keys() == {"Threads"}


# --- both controls every run ----------------------------------------------------------------------
def nobody_doc(base: str) -> dict[str, object]:
    doc = sites_doc(base)
    doc["sites"] = [s for s in doc["sites"] if s["name"] in ("Fakegram", "FakeTok")]  # type: ignore[index,union-attr]
    doc["sites"].append({"name": "Nobodyhome", "uri_check": f"{base}/nobody/{{account}}", "platform": "web",  # type: ignore[union-attr]
                         "e_code": 200, "e_string": "", "m_code": 404, "m_string": "", "known": ["knownperson"]})
    return doc


def test_a_site_that_says_missing_for_everyone_is_dropped_with_one_line(fake_sites):  # noqa: F811
    sites = parse_sites(json.dumps(nobody_doc(fake_sites.base)), "sites.json")
    pairs = all_pairs([Candidate("mswhitfield", "a"), Candidate("joannawhitfield", "b")], sites)
    outcome = run_checks(pairs, rate_per_second=100, timeout_s=10)
    assert outcome.notes == ["Nobodyhome said it had no account named knownperson, an account that is there, so its "
                             "answers were not used this run (it may be showing a sign-in or error page)."]
    assert outcome.unreliable == ["Nobodyhome"]
    assert {r["outcome"] for r in outcome.rows if r["site"] == "Nobodyhome"} == {"unreliable"}
    assert sorted((f.site.name, f.username) for f in outcome.found) == [("FakeTok", "joannawhitfield"),
                                                                       ("Fakegram", "mswhitfield")]
    # the site was asked about its two controls only, never about her usernames
    assert len([h for h in fake_sites.hits if h.startswith("nobody/")]) == 2
    assert outcome.checks == 2 + 2 + 2 + 2 + 2  # two controls per site, and the two usernames on each good site


def test_the_budget_pays_for_both_controls():
    sites = parse_sites(json.dumps(nobody_doc("http://127.0.0.1:9")), "sites.json")
    pairs = all_pairs([Candidate("mswhitfield", "a")], sites)
    chosen, waiting = schedule_checks(pairs, max_checks=6, last_checked={})
    assert len(chosen) == 2 and len(waiting) == 1  # 3 checks a site: two controls and the username


def test_self_check_says_which_site_fails_which_control_and_why(home, fake_sites):  # noqa: F811
    doc = nobody_doc(fake_sites.base)
    doc["sites"].append({"name": "Unknowable", "uri_check": f"{fake_sites.base}/status/{{account}}",  # type: ignore[union-attr]
                         "e_code": 200, "e_string": "", "m_code": 404, "m_string": "",
                         "unverifiable": "nobody lists an account there"})
    (home / "sites.json").write_text(json.dumps(doc))
    config = home / "config.toml"
    config.write_text(f'[accounts]\nplatforms = []\nsites_file = "{home / "sites.json"}"\nrate_per_second = 50\n')
    result = cli("--config", str(config), "accounts", "--self-check")
    assert result.returncode == 1
    lines = " ".join(result.stdout.split())
    assert "BROKEN Nobodyhome: the known account knownperson was not found (HTTP 404, where the rule expects 200)" in lines
    assert "untested Unknowable: unverifiable: nobody lists an account there; a made-up name was not found" in lines
    assert "ok Fakegram: knownperson found, a made-up name not found" in lines
    assert "1 of 4 rules are broken." in lines


# --- a user's sites_file, hostile (issue 30, items 9 and 12) -------------------------------------------
def one_site(**extra: object) -> dict[str, object]:
    entry: dict[str, object] = {"name": "Mine", "uri_check": "https://mine.example/{account}", "e_code": 200,
                                "e_string": "", "m_code": 404, "m_string": ""}
    entry.update(extra)
    return entry


@pytest.mark.parametrize(("text", "message"), [
    (json.dumps({"sites": [one_site(regex_check="^(a|aa)+$")]}),
     r"sites\.json: site 1 \('Mine'\): regex_check takes too long to check a username \(it backtracks"),
    (json.dumps({"sites": [one_site(regex_check="[a-z" + "x" * 600 + "]")]}),
     r"site 1 \('Mine'\): regex_check is longer than 500 characters"),
    (json.dumps({"sites": [one_site(regex_check="^(unclosed$")]}),
     r"site 1 \('Mine'\): regex_check is not a valid regular expression"),
    ("[" * 200_000 + "]" * 200_000, r"sites\.json is nested too deeply to be a sites file"),
    (json.dumps({"sites": [one_site(headers={"a": [[[[[[[[["deep"]]]]]]]]]})]}),
     r"sites\.json is nested more than 8 levels deep"),
    (json.dumps({"sites": [one_site(e_string="x" * 6000)]}), r"site 1 \('Mine'\): e_string is longer than 5,000"),
    (json.dumps({"sites": [one_site(name=f"S{i}") for i in range(10_001)]}), r"has 10,001 sites; at most 10,000"),
])
def test_a_hostile_sites_file_is_one_sentence_naming_the_file(tmp_path, text, message):
    from repwatch.errors import ConfigError
    from repwatch.pipeline.accounts.sites import load_sites_file

    path = tmp_path / "sites.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_sites_file(path)


def test_a_pattern_that_backtracks_at_run_time_is_no_match_not_a_hang(monkeypatch):
    from repwatch.pipeline.accounts import sites as sites_module

    monkeypatch.setattr(sites_module, "REGEX_TIMEOUT_S", 0.01)
    site = Site(name="Mine", uri_check="https://mine.example/{account}", e_code=200, e_string="", m_code=404,
                m_string="", regex_check="^(a|aa)+$")
    assert site.username("a" * 80 + "b") is None  # would take longer than the age of the universe
    assert site.username("aaaa") == "aaaa"


def test_a_lone_surrogate_in_a_sites_file_does_not_stop_the_digest(home, fake_sites, httpserver, smtp):  # noqa: F811
    from tests.test_accounts_e2e import empty_search, example_profile_config

    doc = sites_doc(fake_sites.base)
    for entry in doc["sites"]:  # type: ignore[union-attr]
        if entry["name"] == "AlwaysThere":  # type: ignore[index]
            entry["name"] = "Always\ud800There\u202e"  # type: ignore[index]
    (home / "sites.json").write_text(json.dumps(doc))  # json.dumps writes the lone surrogate as \ud800
    assert "\\ud800" in (home / "sites.json").read_text()
    config = example_profile_config(home, home / "sites.json", empty_search(httpserver), smtp.port)
    run = cli("--config", str(config), "run")
    assert run.returncode == 0, run.stderr
    assert len(smtp.messages) == 1
    body = smtp.messages[0].get_body(("plain",)).get_content()
    assert "Always\ufffdThere said it had an account named" in " ".join(body.split())
