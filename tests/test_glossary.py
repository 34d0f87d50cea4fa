"""Every page and email a teacher sees holds none of the words docs/glossary.md rules out."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from repwatch.config import load
from tests.test_digest import full_digest
from tests.web_support import open_page, seed, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"


def never() -> list[str]:
    block = re.search(r"```never\n(.*?)```", GLOSSARY.read_text(encoding="utf-8"), re.S)
    assert block, "docs/glossary.md has no ```never block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def words_of(html: str) -> str:
    """What a person reads: the text and the attributes a screen reader says, not the markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    said = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + said


def test_no_page_or_email_says_a_word_the_glossary_rules_out(tmp_path):
    from repwatch.app import status
    from repwatch.app.doctor import sample_digest
    from repwatch.pipeline.digest import render_html, render_text
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    config_path = write_config(tmp_path / "config.toml", db)
    config_path.write_text(config_path.read_text().replace("[[profile]]", '[repwatch]\ntimezone = "Etc/UTC"\n\n[[profile]]', 1)
                           if "[repwatch]" not in config_path.read_text() else
                           config_path.read_text().replace("[repwatch]\n", '[repwatch]\ntimezone = "Etc/UTC"\n', 1))
    config = load(config_path)
    client = open_page(TestClient(create_app(config, db), base_url="http://127.0.0.1:8377"), db)
    seen: dict[str, str] = {}
    paths = ["/", "/report", "/status", "/profile", "/accounts", "/blocked", "/exposure", "/a/sample", "/a/forged",
             f"/report?id={ids['impersonation']}&id={ids['hostile']}&format=html"]
    paths += [f"/mentions/{i}" for i in ids.values()]
    for path in paths:
        seen[path] = words_of(client.get(path).text)
    digest = full_digest(timezone="Etc/UTC")
    seen["digest text"] = render_text(digest)
    seen["digest html"] = words_of(render_html(digest))
    sample = sample_digest("Joanna Whitfield", "Etc/UTC", config=config, database=db)
    seen["sample text"] = render_text(sample)
    seen["status"] = status.render(status.collect(config, db))
    found = [f"{where}: {word!r}" for where, text in seen.items() for word in never() if word in text]
    assert found == [], "\n".join(found)
    assert "UTC (Greenwich)" in seen["/"] and "UTC (Greenwich)" in seen["digest text"]


# --- the terminal: the messages of the common mistakes, and doctor ---------------------------------
CODE = re.compile(r"`[^`]*`")  # a command in code type stays a command (`repwatch daemon`)
PROGRAMMERS = re.compile(r"\bproviders?\b(?!\.)|\bNone\b|\bnull\b|\bextra_forbidden\b|\bexception\b", re.I)


def said_wrongly(text: str) -> list[str]:
    """The right-hand column's words in a command's output; commands in code type are commands."""
    plain = CODE.sub("`…`", text)
    found = [word for word in never() if word in plain]
    found += [m.group(0) for m in PROGRAMMERS.finditer(re.sub(r"\[providers\.[^\]]*\]", "", plain))]
    return found


def test_the_commands_say_the_common_mistakes_in_a_teachers_words(home, httpserver, monkeypatch):
    from tests.conftest import cli

    monkeypatch.delenv("REPWATCH_TEST_UNSET_SMTP", raising=False)
    config = home / "config.toml"
    outputs: dict[str, tuple[str, str]] = {}

    def run(name: str, text: str | None, *args: str, code: int) -> str:
        if text is not None:
            config.write_text(text, encoding="utf-8")
        result = cli("--config", str(config), *args, env={"PYTHONIOENCODING": "utf-8"})
        assert result.returncode == code, (name, result.returncode, result.stdout, result.stderr)
        outputs[name] = (result.stdout + result.stderr, result.stderr)
        return result.stderr

    head = f'[repwatch]\ndatabase = "{home / "repwatch.db"}"\ntimezone = "Etc/UTC"\n\n'
    me = '[[profile]]\nname = "Joanna Whitfield"\n'
    (home / "missing.toml").unlink(missing_ok=True)
    assert "does not exist" in cli("--config", str(home / "missing.toml"), "run").stderr
    said = run("a line ends too early", head + '[[profile]]\nname = "Jo\n', "run", code=2)
    assert "line 6 has a mistake: the line ends too early" in said
    said = run("a misspelt setting", head + me + 'schedul = "0 7 * * *"\n', "run", code=2)
    assert "schedul is not a setting repwatch knows (did you mean schedule?)" in said
    said = run("a handle with a space", head + me + 'handles = ["MsWhitfield", "jo whitfield"]\n', "run", code=2)
    assert "the profile \u201cJoanna Whitfield\u201d: handles (the 2nd one)" in said
    said = run("a photo that is not there", head + me + 'photos = ["me.jpg"]\n', "plan", code=2)
    assert "the profile \u201cJoanna Whitfield\u201d: photos: the photo" in said
    said = run("a password not set", head + me + '[email]\nto = ["jo@example.org"]\nfrom = "jo@example.org"\n'
               'smtp_host = "127.0.0.1"\nsecurity = "none"\nusername = "jo@example.org"\n'
               'password = "${REPWATCH_TEST_UNSET_SMTP}"\n', "run", code=2)
    assert "Run `repwatch init --set-secret smtp-password`" in said
    said = run("no such profile", head + me, "run", "--profile", "Jo Bloggs", code=2)
    assert "There is no profile named 'Jo Bloggs'" in said
    run("no such mention", None, "dismiss", "999", code=2)

    # SearXNG answering 503 to a run, then status and doctor about it
    monkeypatch.setattr("repwatch.pipeline.sweep.BACKOFF_BASE_S", 0.01)  # its retries, without waiting 1, 2, 4 s
    httpserver.expect_request("/search").respond_with_data("busy", status=503)
    searxng = f'\n[providers.searxng]\nbase_url = "{httpserver.url_for("").rstrip("/")}"\nkinds = ["web"]\n' \
              'rate_per_second = 50\n[providers.duckduckgo]\nenabled = false\n[providers.google_news]\nenabled = false\n'
    said = run("a run with SearXNG down", head + me + 'max_queries = 2\n' + searxng, "run", code=3)
    assert "SearXNG had a server error (HTTP 503" in said
    assert said.count("HTTP 503") == 1 and "repwatch tries these searches again next run" in said
    assert "\u201cRun the checks\u201d on the status page (or `repwatch doctor`)" in said  # a button, not only a command
    status = run("status after it", None, "status", code=0)
    status = outputs["status after it"][0]
    assert "every search failed" in status and "SearXNG: SearXNG had a server error" in status
    assert "What to do:" in status and "UTC (Greenwich)" in status and "every day at 07:00" in status
    doctor = run("doctor with SearXNG down", None, "doctor", code=1)
    doctor = outputs["doctor with SearXNG down"][0]
    assert "\u2716 search service SearXNG: the test search failed: SearXNG had a server error" in doctor

    found = [f"{name}: {word!r}" for name, (text, _) in outputs.items() for word in said_wrongly(text)]
    assert found == [], "\n".join(found) + "\n\n" + "\n\n".join(f"{n}:\n{t}" for n, (t, _) in outputs.items())


def test_doctor_names_a_refused_email_login_with_the_command_not_the_setting(home, monkeypatch):
    from tests.conftest import cli
    from tests.test_doctor import AuthSMTP

    server = AuthSMTP().start()
    try:
        monkeypatch.setenv("REPWATCH_TEST_SMTP", "not-the-password")
        config = home / "config.toml"
        config.write_text(f'[repwatch]\ndatabase = "{home / "repwatch.db"}"\n\n[[profile]]\nname = "Joanna Whitfield"\n'
                          '[providers.duckduckgo]\nenabled = false\n[providers.google_news]\nenabled = false\n'
                          '[providers.bluesky]\nenabled = false\n[providers.mastodon]\nenabled = false\n'
                          f'[email]\nto = ["jo@example.org"]\nfrom = "jo@example.org"\nsmtp_host = "127.0.0.1"\n'
                          f'smtp_port = {server.port}\nsecurity = "none"\nusername = "jo@example.org"\n'
                          'password = "${REPWATCH_TEST_SMTP}"\ntimeout_s = 10\n', encoding="utf-8")
        result = cli("--config", str(config), "doctor", env={"PYTHONIOENCODING": "utf-8"})
        monkeypatch.setenv("REPWATCH_TEST_SMTP", server.password.decode())
        good = cli("--config", str(config), "doctor", env={"PYTHONIOENCODING": "utf-8"})
    finally:
        server.stop()
    email = next(line for line in result.stdout.splitlines() if line.startswith("\u2716 email"))
    assert "Put in the right one with `repwatch init --set-secret smtp-password`" in email
    assert "email.password" not in email and "[email]" not in email
    ok = next(line for line in good.stdout.splitlines() if line.startswith("\u2714 email"))
    assert "(not encrypted, which repwatch allows only on this computer)" in ok
    for text in (result.stdout, good.stdout):
        assert said_wrongly(text) == [], text
