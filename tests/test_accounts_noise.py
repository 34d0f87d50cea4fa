"""Short, common username forms ("jwhitfield", "jo_whitfield") exist on many sites and mostly belong to
strangers. A found one is worth a question only when its page points to her; otherwise it is kept as
checked, listed calmly by `repwatch accounts`, and never put in the digest. What the teacher sees is
asserted: the digest's text and the terminal."""

from __future__ import annotations

import json

from tests.accounts_fakes import fake_sites, write_sites  # noqa: F401 - fixture
from tests.conftest import cli
from tests.test_accounts_e2e import empty_search, example_profile_config

# strangers under the common forms of Joanna Whitfield's name, on every kind of fake site
STRANGERS = {
    # Fakegram is "instagram", where she has an account: once that alone made any such account impersonation
    ("status", "jwhitfield"): ("Jack Whitfield", "Plumber in Leeds. Dad of 3."),
    ("status", "jo.whitfield"): ("JW Photography", "Weddings & portraits across Yorkshire. DM for bookings"),
    ("message", "jwhitfield"): ("James Whitfield", "Dad, runner, rugby fan"),
    ("message", "jowhitfield"): ("Jordan Whitfield", "gaming | football"),
    ("redirect", "j_whitfield"): ("j_whitfield", ""),  # nothing but the username
}
CALM = "Accounts with similar names that show no sign of being about you"


def _digest(smtp, index: int = 0) -> str:  # type: ignore[no-untyped-def]
    return smtp.messages[index].get_body(("plain",)).get_content().replace("\r\n", "\n")


def _run(config) -> dict:  # type: ignore[no-untyped-def,type-arg]
    run = cli("--config", str(config), "run", "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_strangers_under_common_forms_are_never_asked_about(home, fake_sites, httpserver, smtp):  # noqa: F811
    fake_sites.people.update(STRANGERS)
    config = example_profile_config(home, write_sites(home / "sites.json", fake_sites.base),
                                    empty_search(httpserver), smtp.port)
    report = _run(config)
    assert len(report["new_mentions"]) == 3  # the issue's three accounts, and none of the strangers'

    text = _digest(smtp)
    assert smtp.messages[0]["Subject"] == "repwatch: 3 new mentions of Joanna Whitfield (3 need attention)"
    for username, (display, _bio) in [(k[1], v) for k, v in STRANGERS.items()]:
        assert f"/{username}" not in text
        assert display == username or display not in text
    assert text.count("Is it yours?") == 2  # FakeTok's joannawhitfield and FakeX's MsWhitfieldTeach
    assert text.count("! Impersonation:") == 1  # Fakegram's mswhitfield, who names her school
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    assert len(mentions) == 3  # not stored as mentions either: nothing to dismiss

    shown = cli("--config", str(config), "accounts")
    assert shown.returncode == 0, shown.stderr
    out = " ".join(shown.stdout.split())  # the terminal wraps long lines
    calm = out[out.index(CALM):]
    for line in (
        f"jwhitfield on Fakegram (Jack Whitfield): {fake_sites.base}/status/jwhitfield",
        f"jo.whitfield on Fakegram (JW Photography): {fake_sites.base}/status/jo.whitfield",
        f"jwhitfield on FakeTok (James Whitfield): {fake_sites.base}/message/jwhitfield",
        f"jowhitfield on FakeTok (Jordan Whitfield): {fake_sites.base}/message/jowhitfield",
        f"j_whitfield on FakeX (j_whitfield): {fake_sites.base}/redirect/j_whitfield",
    ):
        assert line in calm
        assert f"Found: {line}" not in out
    assert "repwatch does not ask you about them" in calm
    assert (f"Found: mswhitfield on Fakegram (Ms Whitfield): {fake_sites.base}/status/mswhitfield (it may be "
            "pretending to be you: see your digest)") in out
    assert f"{fake_sites.base}/message/joannawhitfield (your digest asked whether it is yours)" in out
    assert "Found: jwhitfield" not in out

    rows = json.loads(cli("--config", str(config), "accounts", "--json").stdout)
    stranger = next(r for r in rows if r["username"] == "jwhitfield" and r["site"] == "Fakegram")
    assert stranger["result"] == "found"  # as before: the check found an account
    assert (stranger["about_you"], stranger["judged"], stranger["weak_form"]) == (False, "no_sign", True)
    assert stranger["url"] == f"{fake_sites.base}/status/jwhitfield" and stranger["display_name"] == "Jack Whitfield"
    fake = next(r for r in rows if r["username"] == "mswhitfield" and r["site"] == "Fakegram")
    assert (fake["about_you"], fake["judged"], fake["weak_form"]) == (True, "impersonation", False)
    asked = next(r for r in rows if r["username"] == "joannawhitfield" and r["site"] == "FakeTok")
    assert asked["judged"] == "unconfirmed_account"
    missing = next(r for r in rows if r["username"] == "jwhitfield" and r["site"] == "FakeX")
    assert (missing["result"], missing["about_you"], missing["judged"]) == ("missing", None, None)

    # run after run: checked again, still not asked about
    again = _run(config)
    assert again["new_mentions"] == []
    assert smtp.messages[1]["Subject"] == "repwatch: nothing new about Joanna Whitfield"
    assert "jwhitfield" not in _digest(smtp, 1)

    # looked at again at each check: once the page gives her name, she is asked, once
    fake_sites.people[("message", "jwhitfield")] = ("Joanna Whitfield", "Dad, runner, rugby fan")
    assert len(_run(config)["new_mentions"]) == 1
    assert "! Unconfirmed account: An account in your name on FakeTok: jwhitfield (Joanna Whitfield). Is it yours?" \
        in _digest(smtp, 2)
    assert _run(config)["new_mentions"] == []


def test_a_common_form_whose_page_gives_her_name_is_asked_about(home, fake_sites, httpserver, smtp):  # noqa: F811
    fake_sites.people.update(STRANGERS)
    fake_sites.people[("message", "jwhitfield")] = ("Joanna Whitfield", "Mum of two. Books, coffee and long walks")
    fake_sites.people[("redirect", "jowhitfield")] = ("Jo Whitfield", "")
    config = example_profile_config(home, write_sites(home / "sites.json", fake_sites.base),
                                    empty_search(httpserver), smtp.port)
    report = _run(config)
    assert len(report["new_mentions"]) == 5

    text = _digest(smtp)
    assert "! Unconfirmed account: An account in your name on FakeTok: jwhitfield (Joanna Whitfield). Is it yours?" in text
    assert "! Unconfirmed account: An account in your name on FakeX: jowhitfield (Jo Whitfield). Is it yours?" in text
    assert "Jack Whitfield" not in text and "Jordan Whitfield" not in text  # the strangers stay out
    shown = " ".join(cli("--config", str(config), "accounts").stdout.split())
    assert f"Found: jwhitfield on FakeTok (Joanna Whitfield): {fake_sites.base}/message/jwhitfield" in shown
    assert f"jwhitfield on Fakegram (Jack Whitfield): {fake_sites.base}/status/jwhitfield" in shown[shown.index(CALM):]

    # answered once, never asked again: not mine, so she dismisses it; the next runs check it and stay quiet
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    jw = next(m for m in mentions if m["url"].endswith("/message/jwhitfield"))
    assert cli("--config", str(config), "dismiss", str(jw["id"])).returncode == 0
    fake_sites.hits.clear()
    assert _run(config)["new_mentions"] == []
    assert "message/jwhitfield" in fake_sites.hits  # checked again, and dropped
    assert "jwhitfield" not in _digest(smtp, 1)
    rows = json.loads(cli("--config", str(config), "accounts", "--json").stdout)
    dismissed = next(r for r in rows if r["username"] == "jwhitfield" and r["site"] == "FakeTok")
    assert (dismissed["judged"], dismissed["about_you"]) == ("hidden", False)
    shown = " ".join(cli("--config", str(config), "accounts").stdout.split())
    assert f"Found: jwhitfield on FakeTok (Joanna Whitfield): {fake_sites.base}/message/jwhitfield (you said it is not you)" \
        in shown[:shown.index(CALM)]
    assert next(r for r in rows if r["username"] == "jowhitfield" and r["site"] == "FakeX")["judged"] == \
        "unconfirmed_account"  # not answered: not asked again either
    assert "jowhitfield" not in _digest(smtp, 1)


def test_a_common_form_naming_her_school_as_official_is_impersonation(home, fake_sites, httpserver, smtp):  # noqa: F811
    fake_sites.people.update(STRANGERS)
    fake_sites.people[("message", "jwhitfield")] = ("J Whitfield", "Official account. St Aidan's Primary, Year 6")
    config = example_profile_config(home, write_sites(home / "sites.json", fake_sites.base),
                                    empty_search(httpserver), smtp.port)
    assert len(_run(config)["new_mentions"]) == 4
    text = _digest(smtp)
    assert smtp.messages[0]["Subject"] == "repwatch: 4 new mentions of Joanna Whitfield (4 need attention)"
    assert ("! Impersonation: The FakeTok account jwhitfield names your school, St Aidan's Primary School, "
            "in its profile.") in text
    assert "Jack Whitfield" not in text
    rows = json.loads(cli("--config", str(config), "accounts", "--json").stdout)
    row = next(r for r in rows if r["username"] == "jwhitfield" and r["site"] == "FakeTok")
    assert (row["about_you"], row["judged"]) == (True, "impersonation")


def test_an_account_asked_about_is_not_asked_again_when_her_handle_is_written_in_other_capitals(
        home, fake_sites, httpserver, smtp):  # noqa: F811
    config = example_profile_config(home, write_sites(home / "sites.json", fake_sites.base),
                                    empty_search(httpserver), smtp.port)
    _run(config)
    assert "! Unconfirmed account: An account in your name on FakeX: MsWhitfieldTeach" in _digest(smtp)
    config.write_text(config.read_text().replace("instagram:MsWhitfieldTeach", "instagram:mswhitfieldteach"))
    fake_sites.hits.clear()
    assert _run(config)["new_mentions"] == []
    assert "redirect/mswhitfieldteach" in fake_sites.hits  # checked as now written, and known
    assert "Is it yours?" not in _digest(smtp, 1)


def test_a_search_that_finds_a_strangers_account_is_not_a_question_either(home, fake_sites, httpserver, smtp):  # noqa: F811
    from tests.conftest import serve_searxng

    # a search engine's line about a stranger's TikTok account: alone, triage would ask "is it yours?"
    serve_searxng(httpserver, [("https://www.tiktok.com/@jo_whitfield", "Jordan Whitfield (@jo_whitfield) | TikTok",
                                "gaming | football")])
    fake_sites.people = {("message", "jo_whitfield"): ("Jordan Whitfield", "gaming | football | Leeds")}
    doc = {"sites": [{"name": "TikTok", "uri_check": f"{fake_sites.base}/message/{{account}}",
                      "uri_pretty": "https://www.tiktok.com/@{account}", "platform": "tiktok", "e_code": 200,
                      "e_string": '"displayName"', "m_code": 200, "m_string": "Sorry, nobody by that name"}]}
    (home / "sites.json").write_text(json.dumps(doc))
    config = example_profile_config(home, home / "sites.json", httpserver.url_for("").rstrip("/"), smtp.port)
    report = _run(config)
    assert report["new_mentions"] == []
    text = _digest(smtp)
    assert smtp.messages[0]["Subject"] == "repwatch: nothing new about Joanna Whitfield"
    assert "jo_whitfield" not in text
    mentions = json.loads(cli("--config", str(config), "mentions", "--all", "--json").stdout)
    assert [(m["url"], m["flags"]) for m in mentions] == [("https://www.tiktok.com/@jo_whitfield", [])]
    shown = " ".join(cli("--config", str(config), "accounts").stdout.split())
    assert "jo_whitfield on TikTok (Jordan Whitfield): https://www.tiktok.com/@jo_whitfield" in shown[shown.index(CALM):]
