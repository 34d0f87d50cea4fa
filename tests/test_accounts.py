"""The accounts watch, part by part: candidates, the sites file, the budget, each rule type on loopback
fakes, sites that misbehave, reading a found account, the judgement, and the commands."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from repwatch.config import Profile
from repwatch.errors import ConfigError
from repwatch.pipeline.accounts import check as checking
from repwatch.pipeline.accounts.candidates import Candidate, candidates, own_handles, school_word
from repwatch.pipeline.accounts.check import (
    FoundAccount,
    all_pairs,
    read_profile,
    run_checks,
    schedule_checks,
    self_check,
)
from repwatch.pipeline.accounts.judge import judge
from repwatch.pipeline.accounts.sites import Site, builtin_sites, load_sites_file, parse_sites, select_sites
from tests.accounts_fakes import fake_sites, sites_doc, write_sites  # noqa: F401 - fixture
from tests.conftest import cli

JO = Profile(
    name="Joanna Whitfield", nicknames=["Jo"], honorifics=["Ms", "Mrs"], variants=["Joanna Brown"],
    handles=["instagram:MsWhitfieldTeach", "facebook:MsWhitfieldTeach"], locations=["Liverpool"],
    organisations=["St Aidan's Primary School"], platforms=["facebook", "instagram"],
)


# --- candidates ----------------------------------------------------------------------------------
def test_candidates_come_in_order_each_with_a_reason():
    found = candidates(JO, ["ICT"])
    names = [c.username for c in found]
    # most telling first: how pupils name her, her own handle taken elsewhere, her whole name, her school
    assert names[:5] == ["mswhitfield", "mrswhitfield", "MsWhitfieldTeach", "joannawhitfield", "mswhitfieldstaidans"]
    # forms many people share come last, marked weak
    assert [c.username for c in found if c.weak] == ["jowhitfield", "jo.whitfield", "jo_whitfield", "jwhitfield",
                                                      "j_whitfield"]
    assert names[-5:] == [c.username for c in found if c.weak]
    for expected in ("jowhitfield", "jo.whitfield", "jo_whitfield", "joanna_whitfield", "mrs_whitfield",
                     "jwhitfield", "whitfieldteacher", "mswhitfieldict", "mswhitfieldstaidans", "joannabrown"):
        assert expected in names
    assert len(names) == len({n.casefold() for n in names})
    assert all(c.reason for c in found)
    by_name = {c.username: c for c in found}
    assert "pupils" in by_name["mswhitfield"].reason
    assert by_name["mswhitfieldict"].reason == "your name with your subject, ICT (mswhitfieldict)"
    # her own handle, qualified: checked everywhere but where it is hers
    assert by_name["MsWhitfieldTeach"].own_on == {"instagram", "facebook"}
    assert "your own handle on Instagram" in by_name["MsWhitfieldTeach"].reason


def test_a_bare_handle_is_hers_everywhere_and_never_checked():
    profile = Profile(name="Joanna Whitfield", honorifics=["Ms"], handles=["@MsWhitfield"])
    names = [c.username.casefold() for c in candidates(profile)]
    assert "mswhitfield" not in names
    assert "joannawhitfield" in names


def test_handles_as_profile_addresses_and_mastodon_forms_are_qualified():
    profile = Profile(name="Jo Whitfield", handles=["https://www.tiktok.com/@jo.whit", "@jw@mastodon.online", "x:jwteach"])
    assert {(h.handle, h.platform) for h in own_handles(profile)} == {
        ("jo.whit", "tiktok"), ("jw", "mastodon"), ("jwteach", "x")}


def test_an_account_marked_mine_is_not_checked_where_it_is_hers_and_is_checked_elsewhere():
    from repwatch.pipeline.accounts.candidates import OwnHandle

    profile = Profile(name="Joanna Whitfield", honorifics=["Ms"])
    found = {c.username: c for c in candidates(profile, mine=[OwnHandle("mswhitfield", "tiktok")])}
    assert found["mswhitfield"].own_on == {"tiktok"}


def test_school_word_keeps_what_pupils_would_type():
    assert school_word("St Aidan's Primary School") == "staidans"
    assert school_word("Hillside Academy") == "hillside"
    assert school_word("The Primary School") == ""


# --- the sites file ------------------------------------------------------------------------------
def test_the_builtin_table_is_dated_and_covers_the_platforms_pupils_use(monkeypatch):
    monkeypatch.delenv("REPWATCH_ACCOUNTS_TABLE")
    table = builtin_sites()
    platforms = {s.platform for s in table}
    for needed in ("instagram", "tiktok", "snapchat", "x", "facebook", "youtube", "threads", "bluesky", "mastodon",
                   "reddit", "pinterest", "twitch", "roblox", "telegram", "linktree", "adult"):
        assert needed in platforms
    assert all(s.checked and s.source for s in table)
    manual = [s for s in table if s.login_required]
    assert {s.name for s in manual} >= {"LinkedIn", "OnlyFans"}
    assert all(s.check_yourself for s in manual)
    assert all(s.known for s in table if not s.login_required and s.name != "Mastodon (mastodonapp.uk)"
               and s.platform != "mastodon")


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", r"sites\.json is not valid JSON \(.* at line 1, column 2\)"),
    ('{"sites": {}}', r'should hold \{"sites": \[\.\.\.\]\}'),
    ('{"sites": [{"name": "A", "uri_check": "https://a.example/{account}", "e_code": 200, "e_string": "",'
     ' "m_code": 404, "m_string": ""}, {"name": "B", "e_code": 200}]}',
     r"sites\.json: site 2 \('B'\) has no uri_check"),
    ('{"sites": [{"name": "C", "uri_check": "https://c.example/user", "e_code": 200, "e_string": "",'
     ' "m_code": 404, "m_string": ""}]}', r"site 1 \('C'\): uri_check has no \{account\}"),
    ('{"sites": [{"name": "D", "uri_check": "https://d.example/{account}", "e_code": "200", "e_string": "",'
     ' "m_code": 404, "m_string": ""}]}', r"site 1 \('D'\): e_code should be an HTTP status code"),
    ('{"sites": [{"name": "E", "uri_check": "javascript:alert(1)//{account}", "e_code": 200, "e_string": "",'
     ' "m_code": 404, "m_string": ""}]}', r"site 1 \('E'\): uri_check should be an http"),
])
def test_a_bad_sites_file_is_a_config_error_naming_the_file_and_the_site(tmp_path, text, message):
    path = tmp_path / "sites.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_sites_file(path)


def test_platforms_choose_from_the_table_and_an_unknown_one_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("REPWATCH_ACCOUNTS_TABLE")
    chosen = select_sites(["instagram", "Mastodon (mastodon.social)"], None)
    assert [s.name for s in chosen] == ["Instagram", "Mastodon (mastodon.social)"]
    with pytest.raises(ConfigError, match="accounts.platforms names 'myspace'"):
        select_sites(["myspace"], None)
    extra = write_sites(tmp_path / "sites.json", "http://127.0.0.1:9")
    assert [s.name for s in select_sites([], str(extra))][:2] == ["Fakegram", "FakeTok"]


def test_a_config_with_a_broken_sites_file_fails_before_anything_is_sent(home, httpserver):
    (home / "sites.json").write_text('{"sites": [{"name": "X"}]}')
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"
[[profile]]
name = "Joanna Whitfield"
[providers.searxng]
base_url = "{httpserver.url_for('').rstrip('/')}"
[accounts]
sites_file = "sites.json"
""")
    result = cli("--config", str(config), "run")
    assert result.returncode == 2
    assert result.stderr.strip() == f"repwatch: {home / 'sites.json'}: site 1 ('X') has no uri_check (the address to check a username at)."
    assert httpserver.log == []


# --- the budget ----------------------------------------------------------------------------------
def _site(name: str) -> Site:
    return Site(name=name, uri_check=f"https://{name}.example/{{account}}", e_code=200, e_string="", m_code=404,
                m_string="")


def test_the_budget_counts_each_sites_probe_and_rotation_reaches_every_check():
    cands = [Candidate(f"user{i}", "why") for i in range(10)]
    sites = [_site("a"), _site("b"), _site("c")]
    pairs = all_pairs(cands, sites)
    assert len(pairs) == 30
    history: dict[tuple[str, str], str] = {}
    seen: set[tuple[str, str]] = set()
    for run in range(8):
        chosen, waiting = schedule_checks(pairs, max_checks=12, last_checked=history)
        assert len(chosen) + len({p.site.key for p in chosen}) <= 12  # never more than the budget
        assert chosen[0].username == "user0"  # the top of the list goes every run
        assert len(chosen) + len(waiting) == 30
        for p in chosen:
            history[(p.username, p.site.key)] = f"2026-11-{run + 1:02d}T07:00:00+00:00"
            seen.add((p.username, p.site.key))
    assert len(seen) == 30


def test_nothing_is_checked_with_no_budget():
    pairs = all_pairs([Candidate("jo", "why"), Candidate("mswhitfield", "why")], [_site("a")])
    assert schedule_checks(pairs, max_checks=0, last_checked={}) == ([], pairs)


def test_her_own_account_is_not_checked_in_another_spelling_the_site_takes_for_it():
    dotless = Site(name="f", uri_check="https://f.example/{account}", e_code=200, e_string="", m_code=404,
                   m_string="", platform="facebook", strip_bad_char=".")
    other = _site("o")
    cands = [Candidate("jowhitfield", "hers", frozenset({"facebook"})), Candidate("jo.whitfield", "w")]
    assert [(p.site.name, p.username) for p in all_pairs(cands, [dotless, other])] == [
        ("o", "jowhitfield"), ("o", "jo.whitfield")]


def test_a_site_that_cannot_have_the_name_is_not_asked():
    strict = Site(name="s", uri_check="https://s.example/{account}", e_code=200, e_string="", m_code=404,
                  m_string="", regex_check="^[a-z0-9_]{1,15}$", strip_bad_char=".")
    pairs = all_pairs([Candidate("jowhitfield", "first"), Candidate("jo.whitfield", "w"),
                       Candidate("mswhitfieldstaidans", "w")], [strict])
    assert [(p.username, p.candidate.reason) for p in pairs] == [("jowhitfield", "first")]  # asked once


# --- each rule type, on loopback -----------------------------------------------------------------
def _pairs_for(base: str, names: list[str], **kw: bool) -> list[checking.Pair]:
    sites = parse_sites(json.dumps(sites_doc(base, **kw)), "sites.json")
    return all_pairs([Candidate(n, f"because {n}") for n in names], sites)


def test_each_rule_type_finds_who_exists_and_misbehaving_sites_are_said_once(fake_sites, monkeypatch):  # noqa: F811
    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)
    fake_sites.delay = 6.0  # far longer than the timeout, which is generous for a busy test machine
    pairs = _pairs_for(fake_sites.base, ["mswhitfield", "joannawhitfield", "MsWhitfieldTeach", "nobodyhere"],
                       slow=True)
    outcome = run_checks(pairs, rate_per_second=50, timeout_s=1.5)
    found = sorted((f.site.name, f.username, f.display_name, f.bio) for f in outcome.found)
    assert found == [
        ("FakeTok", "joannawhitfield", 'Joanna Whitfield <3 & "friends"', "Coffee, books & long walks"),
        ("FakeX", "MsWhitfieldTeach", "MsWhitfieldTeach", ""),
        ("Fakegram", "mswhitfield", "Ms Whitfield", "Teacher at St Aidan's Primary School \U0001f34e"),
    ]
    results = {(r["site"], r["username"]): r["outcome"] for r in outcome.rows}
    assert results[("Fakegram", "nobodyhere")] == "missing"  # status code rule: 404
    assert results[("FakeTok", "nobodyhere")] == "missing"  # message rule: 200 with the missing text
    assert results[("FakeX", "nobodyhere")] == "missing"  # redirect rule: 302 to a sign-in page
    assert {results[("AlwaysThere", n)] for n in ("mswhitfield", "nobodyhere")} == {"unreliable"}
    notes = "\n".join(outcome.notes)
    assert notes.count("AlwaysThere said it had an account named") == 1
    assert notes.count("Blocky answered in a way its rule does not describe (HTTP 403)") == 1
    assert notes.count("Slowpoke could not be checked this run: Slowpoke did not answer within 1.5 s") == 1
    assert len(outcome.notes) == 3
    # a site that ended for the run is asked nothing more: one probe (and its retries), no usernames
    assert [h for h in fake_sites.hits if h.startswith("blocked/")] == [fake_sites.hits[
        next(i for i, h in enumerate(fake_sites.hits) if h.startswith("blocked/"))]]
    assert not any(h.startswith("slow/") and h.endswith("nobodyhere") for h in fake_sites.hits)


def test_a_rate_limited_site_is_retried_like_a_provider(monkeypatch):
    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "0"})])
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.path)
        nxt = next(answers, None)
        if nxt is not None:
            return nxt
        return Response("ok", status=200) if request.path.endswith("/jo_whitfield") else Response("", status=404)

    with HTTPServer(host="127.0.0.1") as server:
        server.expect_request(re.compile("^/u/.*")).respond_with_handler(handler)
        site = Site(name="Limited", uri_check=server.url_for("/u/{account}"), e_code=200, e_string="ok",
                    m_code=404, m_string="")
        outcome = run_checks(all_pairs([Candidate("jo_whitfield", "w")], [site]), rate_per_second=50)
    assert [f.username for f in outcome.found] == ["jo_whitfield"]
    assert outcome.notes == []
    assert len(seen) == 3  # the probe (asked twice: once rate-limited) and the username


def test_offline_is_one_note_for_every_site():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    pairs = _pairs_for(f"http://127.0.0.1:{port}", ["mswhitfield", "jowhitfield"])
    outcome = run_checks(pairs, rate_per_second=50, timeout_s=2)
    assert outcome.found == []
    assert outcome.notes == [
        "The accounts watch could not reach any of the 5 sites it checks: is this computer online? "
        "They will be checked on the next run."]


# --- reading a found account ---------------------------------------------------------------------
def test_reading_a_profile_keeps_text_only_and_caps_it():
    page = ('<html><head><title>ignored</title><meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;Ms W">'
            '<meta name="description" content="' + "x" * 5000 + '"></head><script>evil()</script></html>')
    name, bio = read_profile(page, "text/html")
    assert "<" not in name and name.endswith("Ms W")
    assert len(bio) == 1000
    name, bio = read_profile(json.dumps({"data": {"display_name": "Jo\u202eW\x1b[2J", "note": "<p>Hi <a href='x'>there</a></p>"}}))
    assert (name, bio) == ("Jo W [2J", "Hi there")  # no direction override, no terminal escape
    assert read_profile("not a page") == ("", "")
    assert read_profile("{broken json") == ("", "")


# --- the judgement -------------------------------------------------------------------------------
def _found(username: str, display: str = "", bio: str = "", platform: str = "tiktok", *,
           uri: str = "https://fakesite.example/u/{account}") -> FoundAccount:
    site = Site(name="TikTok", uri_check=uri, e_code=200, e_string="", m_code=404, m_string="", platform=platform)
    return FoundAccount(site, Candidate(username, "your name run together"), username, site.profile_url(username),
                        display, bio)


def test_a_strangers_own_account_with_her_name_and_another_life_is_someone_else() -> None:
    _result, verdict = judge(_found("joannawhitfield", "Joanna Whitfield", "Yoga teacher, guitar lessons"), JO)
    assert verdict.about == "someone_else" and verdict.flags == [] and not verdict.about_me
    assert verdict.about_reasons == ["a yoga teacher; you teach"]


# a site whose addresses triage does not know: judged here, by the site's platform and the username
@pytest.mark.parametrize(("found", "code", "reason"), [
    (_found("mswhitfield", "Ms Whitfield", "Teacher at St Aidan's"), "impersonation", "names your school"),
    (_found("joannawhitfield", "Joanna", "Living in Liverpool"), "impersonation", "names your town, Liverpool"),
    (_found("jowhitfield", "Jo", "Year 6 teacher, DM me"), "impersonation", "says it is a teacher"),
    # named like her handle, or a second account where she has one: nothing of hers claimed, so asked about
    (_found("mswhitfieldteach1"), "unconfirmed_account", "Is it yours?"),
    (_found("joannawhitfield", platform="instagram"), "unconfirmed_account", "Is it yours?"),
    (_found("joannawhitfield", "Joanna Whitfield", "Coffee and books"), "unconfirmed_account", "Is it yours?"),
    (_found("MsWhitfieldTeach", "MsWhitfieldTeach"), "unconfirmed_account", "Is it yours?"),
])
def test_a_found_account_is_impersonation_only_with_a_sign_of_it(found, code, reason):
    result, verdict = judge(found, JO)
    assert result.kind == "account" and result.provider == "TikTok"
    assert verdict.about_me
    codes = [f.code for f in verdict.flags]
    assert code in codes and ({"impersonation", "unconfirmed_account"} - {code}).isdisjoint(codes)
    assert reason in next(f.reason for f in verdict.flags if f.code == code)


# a site triage knows: its judgement, from the address, the display name and the bio, stands
@pytest.mark.parametrize(("found", "code", "reason"), [
    (_found("mswhitfield", "Ms Whitfield", "Teacher at St Aidan's", uri="https://www.tiktok.com/@{account}"),
     "impersonation", "it names your school, St Aidan's Primary School"),
    (_found("joannawhitfield", "Joanna Whitfield", "Coffee and books", uri="https://www.tiktok.com/@{account}"),
     "unconfirmed_account", "Is it yours?"),
])
def test_triage_judges_accounts_on_sites_it_knows(found, code, reason):
    _result, verdict = judge(found, JO)
    flags = {f.code: f.reason for f in verdict.flags}
    assert code in flags and reason in flags[code]
    assert verdict.reasons[0].startswith(f"An account named {found.username} exists on TikTok")


def _weak(username: str, display: str = "", bio: str = "", platform: str = "tiktok", *,
          uri: str = "https://fakesite.example/u/{account}") -> FoundAccount:
    found = _found(username, display, bio, platform, uri=uri)
    found.candidate = Candidate(username, "your initial and surname", weak=True)
    return found


# a common form (an initial and surname): mostly strangers' accounts, asked about only when the page points to her
@pytest.mark.parametrize("found", [
    _weak("jwhitfield", "Jack Whitfield", "Plumber in Leeds. Dad of 3."),
    _weak("jwhitfield", "jwhitfield"),  # a display name that only repeats the username says nothing
    _weak("jwhitfield"),  # nothing readable at all
    _weak("jwhitfield", "J Whitfield", "DM for bookings"),  # offers contact, but nothing says it is her
    _weak("jwhitfield", "JW Photography", "Weddings", platform="instagram"),  # where she has an account
    _weak("jwhitfield", "Jack Whitfield", "Plumber", platform="instagram", uri="https://www.instagram.com/{account}/"),
    _weak("jo_whitfield", "James Whitfield", "nudes for sale", uri="https://www.tiktok.com/@{account}"),
    _weak("jwhitfield", "Jack Whitfield", "Guitar lessons, Leeds. Yoga teacher too"),  # teaching, but not a school's
])
def test_a_strangers_account_under_a_common_form_is_not_about_her(found):
    _result, verdict = judge(found, JO)
    assert not verdict.about_me and not verdict.drop and not verdict.own
    assert verdict.flags == []
    assert "nothing on this account's page points to you" in verdict.reasons[-1]


@pytest.mark.parametrize(("found", "code", "reason"), [
    (_weak("jwhitfield", "Joanna Whitfield", "Mum of two, books and coffee"), "unconfirmed_account", "Is it yours?"),
    (_weak("jowhitfield", "Jo Whitfield"), "unconfirmed_account", "Is it yours?"),
    (_weak("jwhitfield", "Joanna Brown"), "unconfirmed_account", "Is it yours?"),  # another name she has used
    (_weak("jwhitfield", "J W", "the real Ms Whitfield"), "unconfirmed_account", "Is it yours?"),
    (_weak("jwhitfield", "J W", "also @MsWhitfieldTeach"), "unconfirmed_account", "Is it yours?"),
    (_weak("jwhitfield", "Joanna Whitfield", "St Aidan's Primary School"), "impersonation", "names your school"),
    (_weak("jwhitfield", "J Whitfield", "Official account. St Aidan's Primary"), "impersonation", "names your school"),
    (_weak("jwhitfield", "J Whitfield", "Year 6 teacher"), "impersonation", "says it is a teacher"),
    (_weak("jwhitfield", "Jack", "Liverpool born and bred"), "impersonation", "names your town, Liverpool"),
    (_weak("jwhitfield", "Joanna Whitfield", platform="instagram"), "unconfirmed_account", "Is it yours?"),
    (_weak("jwhitfield", "Joanna Whitfield", "Coffee", uri="https://www.tiktok.com/@{account}"),
     "unconfirmed_account", "Is it yours?"),
])
def test_an_account_under_a_common_form_whose_page_points_to_her_is_judged_as_before(found, code, reason):
    _result, verdict = judge(found, JO)
    assert verdict.about_me
    flags = {f.code: f.reason for f in verdict.flags}
    assert code in flags and reason in flags[code]
    assert ({"impersonation", "unconfirmed_account"} - {code}).isdisjoint(flags)
    assert "Its page points to you" in verdict.reasons[0]


def test_her_own_handle_is_weak_where_it_is_a_common_form():
    from repwatch.pipeline.accounts.candidates import OwnHandle

    found = {c.username: c for c in candidates(JO, mine=[OwnHandle("jwhitfield", "tiktok")])}
    assert found["jwhitfield"].weak and found["jwhitfield"].own_on == {"tiktok"}
    assert not found["MsWhitfieldTeach"].weak


def test_an_account_marked_mine_or_hidden_is_never_flagged():
    from repwatch.handles import Handle
    from repwatch.pipeline.triage import Accounts

    found = _found("joannawhitfield", "Joanna Whitfield", "Teacher at St Aidan's", platform="twitch",
                   uri="https://twitchtracker.com/{account}")
    _r, verdict = judge(found, JO, accounts=Accounts(own=(Handle("joannawhitfield", "twitch"),)))
    assert verdict.own and verdict.flags == []
    _r, verdict = judge(found, JO, accounts=Accounts(blocked=(Handle("joannawhitfield", "twitch"),)))
    assert verdict.drop
    other = _found("jo_whitfield", platform="twitch", uri="https://twitchtracker.com/{account}")
    _r, verdict = judge(other, JO, accounts=Accounts(own=(Handle("joannawhitfield", "twitch", written="twitch:joannawhitfield"),)))
    assert [f.code for f in verdict.flags] == ["unconfirmed_account"]  # a second account claims nothing of hers


def test_a_dismissed_account_is_dropped():
    found = _found("mswhitfield", "Ms Whitfield", "Teacher at St Aidan's")
    _result, verdict = judge(found, JO, dismissed_urls=[found.url])
    assert verdict.drop


# --- the commands --------------------------------------------------------------------------------
def _config(home: Path, sites: Path, search_url: str, extra: str = "") -> Path:
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"
[[profile]]
name = "Joanna Whitfield"
honorifics = ["Ms"]
handles = ["instagram:MsWhitfieldTeach"]
organisations = ["St Aidan's Primary School"]
max_queries = 1
[providers.searxng]
base_url = "{search_url}"
kinds = ["web"]
[accounts]
platforms = []
sites_file = "{sites}"
rate_per_second = 50
{extra}
[evidence]
capture = "none"
""")
    return config


def test_accounts_lists_usernames_sites_and_what_was_found(home, fake_sites, httpserver):  # noqa: F811
    httpserver.expect_request("/search").respond_with_json({"query": "", "results": []})
    config = _config(home, write_sites(home / "sites.json", fake_sites.base), httpserver.url_for("").rstrip("/"),
                     "max_checks = 10")
    before = json.loads(cli("--config", str(config), "accounts", "--json").stdout)
    assert {r["result"] for r in before} == {"not checked yet"}
    assert sum(r["next_run"] for r in before) + len({r["site"] for r in before if r["next_run"]}) <= 10
    plan = cli("--config", str(config), "plan")
    assert plan.returncode == 0, plan.stderr
    assert "Usernames checked for accounts in Joanna Whitfield's name" in plan.stdout
    assert "mswhitfield" in plan.stdout and "as pupils write it" in plan.stdout
    plan_text = " ".join(plan.stdout.split())
    assert plan_text.index("Usernames checked for accounts in") < plan_text.index(
        "Then usernames many people share") < plan_text.index("jwhitfield")
    assert "you are told about it only when its page gives your name, school, town, work or handle" in plan_text

    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    after = json.loads(cli("--config", str(config), "accounts", "--json").stdout)
    found = [r for r in after if r["result"] == "found"]
    assert ("mswhitfield", "Fakegram", "Ms Whitfield") in [(r["username"], r["site"], r["display_name"]) for r in found]
    assert f"{fake_sites.base}/status/mswhitfield" in [r["url"] for r in found]
    shown = cli("--config", str(config), "accounts")
    assert shown.returncode == 0, shown.stderr
    assert "Found: mswhitfield on Fakegram (Ms Whitfield)" in shown.stdout
    assert "unreliable last time" in shown.stdout  # AlwaysThere


def test_self_check_lists_the_broken_rules(home, fake_sites):  # noqa: F811
    doc = sites_doc(fake_sites.base)
    for entry in doc["sites"]:
        entry["known"] = {"Fakegram": ["mswhitfield"], "FakeTok": ["nobody_at_all"], "FakeX": ["MsWhitfieldTeach"],
                          "AlwaysThere": ["anyone"], "Blocky": ["anyone"]}[entry["name"]]
    (home / "sites.json").write_text(json.dumps(doc))
    config = home / "config.toml"
    config.write_text(f'[accounts]\nplatforms = []\nsites_file = "{home / "sites.json"}"\nrate_per_second = 50\n')
    result = cli("--config", str(config), "accounts", "--self-check", "--json")
    assert result.returncode == 1, result.stderr
    reports = {r["site"]: r for r in json.loads(result.stdout)}
    assert reports["Fakegram"]["status"] == "ok"
    assert reports["FakeX"]["status"] == "ok"
    assert reports["FakeTok"]["status"] == "broken"
    assert "the known account nobody_at_all was not found" in reports["FakeTok"]["detail"]
    assert "the rule finds anyone" in reports["AlwaysThere"]["detail"]
    assert "HTTP 403, where the rule expects 200" in reports["Blocky"]["detail"]


def test_self_check_without_the_internet_reports_not_crashes(home):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    site = {"name": "Gone", "uri_check": f"http://127.0.0.1:{port}/{{account}}", "e_code": 200, "e_string": "",
            "m_code": 404, "m_string": "", "known": ["someone"]}
    (home / "sites.json").write_text(json.dumps({"sites": [site]}))
    config = home / "config.toml"
    config.write_text(f'[accounts]\nplatforms = []\nsites_file = "{home / "sites.json"}"\n')
    reports = self_check(select_sites([], str(home / "sites.json")))
    assert reports[0].status == "broken" and "could not be reached" in reports[0].detail


def test_a_bug_in_the_accounts_watch_costs_the_run_nothing_else(monkeypatch):
    from repwatch.config import Config
    from repwatch.pipeline.accounts import watch

    def broken(*_a, **_k):
        raise KeyError("bug")

    monkeypatch.setattr(watch, "run_checks", broken)
    plan = watch.AccountsPlan([], [], [], [])
    outcome = watch.check(Config(), plan)
    assert outcome.notes == ["The accounts watch stopped unexpectedly (KeyError); it will try again on the next run."]


def test_a_site_that_needs_a_login_is_named_once_a_month_with_a_search_link(tmp_path, monkeypatch):
    from repwatch.adapters.store import Store
    from repwatch.config import Config
    from repwatch.pipeline.accounts import watch
    from repwatch.pipeline.accounts.check import AccountsOutcome

    table = tmp_path / "table.json"
    table.write_text(json.dumps({"sites": [
        {"name": "LinkedIn", "uri_check": "https://www.linkedin.com/in/{account}", "e_code": 200, "e_string": "",
         "m_code": 404, "m_string": "", "platform": "linkedin", "login_required": True,
         "check_yourself": "https://www.linkedin.com/search/results/people/?keywords={name}"}]}))
    monkeypatch.setenv("REPWATCH_ACCOUNTS_TABLE", str(table))
    store = Store(tmp_path / "db.sqlite")
    config = Config()
    plan = watch.plan_accounts(config, JO, store)
    assert plan.chosen == [] and [s.name for s in plan.manual] == ["LinkedIn"]
    first = watch.finish(config, JO, store, plan, AccountsOutcome())
    assert first.notes == ["LinkedIn cannot be checked without logging in: check it yourself for accounts in your "
                           "name: https://www.linkedin.com/search/results/people/?keywords=Joanna%20Whitfield"]
    watch.record(store, JO, first)
    assert watch.finish(config, JO, store, plan, AccountsOutcome()).notes == []  # not again this month


def test_hostile_profile_text_is_shown_as_text_in_the_terminal(home, httpserver):
    httpserver.expect_request("/search").respond_with_json({"query": "", "results": []})

    def profile(request: Request) -> Response:
        if request.path.endswith("/mswhitfield"):
            return Response(json.dumps({"displayName": "[red]Ms[/red] \x1b[31mWhitfield", "description": "[link=x]hi"}),
                            content_type="application/json")
        return Response("{}", status=404, content_type="application/json")

    httpserver.expect_request(re.compile("^/u/.*")).respond_with_handler(profile)
    sites = home / "sites.json"
    sites.write_text(json.dumps({"sites": [{"name": "Hostile[bold]", "uri_check": httpserver.url_for("/u/{account}"),
                                            "e_code": 200, "e_string": "displayName", "m_code": 404, "m_string": ""}]}))
    config = _config(home, sites, httpserver.url_for("").rstrip("/"))
    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    shown = cli("--config", str(config), "accounts")
    assert shown.returncode == 0, shown.stderr
    assert "Found: mswhitfield on Hostile[bold] ([red]Ms[/red] [31mWhitfield)" in shown.stdout
    assert "\x1b" not in shown.stdout


def test_doctor_names_a_broken_sites_file(home, httpserver):
    httpserver.expect_request("/search").respond_with_json({"query": "", "results": []})
    sites = home / "sites.json"
    sites.write_text('{"sites": [{"name": "A", "uri_check": "https://a.example/user", "e_code": 200, "m_code": 404}]}')
    config = _config(home, sites, httpserver.url_for("").rstrip("/"))
    result = cli("--config", str(config), "doctor", "--json")
    assert result.returncode == 1
    check = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "accounts")
    assert check["status"] == "fail"
    assert check["detail"] == f"{sites}: site 1 ('A'): uri_check has no {{account}}, where the username goes"


def test_a_second_account_where_she_has_one_is_asked_about_not_alarmed() -> None:
    """A namesake may have an account anywhere: a second account in her name claims nothing of hers
    (no school, role, town or picture), so it asks "is it yours?" (issue 23, fourth round)."""
    from repwatch.handles import Handle  # lazy: as the tests above, which build handles by hand
    from repwatch.pipeline.triage import Accounts  # lazy: as the tests above

    site = Site(name="Instagram", uri_check="https://fakesite.example/u/{account}", e_code=200, e_string="", m_code=404,
                m_string="", platform="fakegram")
    found = FoundAccount(site, Candidate("jo_whitfield", "your name run together"), "jo_whitfield",
                         site.profile_url("jo_whitfield"), "", "")
    _r, verdict = judge(found, JO, accounts=Accounts(own=(Handle("joannawhitfield", "fakegram", written="fakegram:joannawhitfield"),)))
    assert [f.code for f in verdict.flags] == ["unconfirmed_account"]
    assert verdict.flags[-1].reason == "An account in your name on Instagram: jo_whitfield. Is it yours?"


def test_a_watch_turned_off_is_named_by_the_setting_that_turns_it_on(home):  # noqa: ANN001
    """The sentence names the section as she would write it in her config: rich took "[accounts]"
    and "[exposure]" for its own markup and printed "( enabled = false)"."""
    config = home / "config.toml"
    config.write_text(f"""
[repwatch]
database = "{home / 'repwatch.db'}"
[[profile]]
name = "Joanna Whitfield"
[accounts]
enabled = false
[exposure]
enabled = false
""")
    accounts = cli("--config", str(config), "accounts")
    assert accounts.returncode == 0, accounts.stderr
    assert "The accounts watch is off ([accounts] enabled = false)" in " ".join(accounts.stdout.split())
    exposure = cli("--config", str(config), "exposure")
    assert exposure.returncode == 0, exposure.stderr
    assert "The exposure watch is off ([exposure] enabled = false)" in " ".join(exposure.stdout.split())
