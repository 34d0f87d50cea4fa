"""A search starts light: what it loads before its first request is what a search needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# one test process runs them all, so the store below is made once, not once in each process
pytestmark = pytest.mark.xdist_group("startup-imports")


def loaded_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_search_path_loads_no_http_library_of_requests_and_no_digest():
    modules = loaded_by("import repwatch.cli.search, repwatch.pipeline.search, repwatch.pipeline.urls")
    assert "repwatch.pipeline.search" in modules
    heavy = {"requests", "tldextract", "filelock", "repwatch.pipeline.digest", "itsdangerous", "jinja2",
             "Stemmer", "snowballstemmer", "sqlite_utils"} & modules
    assert not heavy, f"the search path loads {sorted(heavy)}"


def test_the_stemmer_loads_when_a_word_is_first_stemmed_and_knows_english():
    modules = loaded_by("from repwatch.pipeline.triage.concepts import stem\n"
                        "assert stem('filming') == stem('filmed') == 'film', stem('filming')")
    assert "Stemmer" in modules


def test_registered_domains_come_from_the_bundled_list_without_requests():
    modules = loaded_by("from repwatch.pipeline.urls import registered_domain\n"
                        "assert registered_domain('https://news.bbc.co.uk/x') == 'bbc.co.uk'")
    assert "requests" not in modules and "publicsuffixlist" in modules


HEAVY = {"pydantic", "pydantic_core", "repwatch.config", "repwatch.pipeline.triage", "httpx", "jinja2",
         "sqlite_utils", "w3lib", "requests", "PIL"}
TABLES = {"rich"}  # only `exposure` with listings (a table), `plan` and `search` print through rich


def loaded_running(*args: str, env: dict[str, str]) -> set[str]:
    """The modules loaded once `repwatch ARGS` has run, in a fresh process as a user starts it."""
    code = ("import sys\nfrom repwatch.cli import start\n"
            f"sys.argv = ['repwatch', *{list(args)!r}]\ntry:\n    start()\nexcept SystemExit as done:\n"
            "    assert not done.code, done.code\n"  # a module still deferred (cli.quick.DEFERRED) is not loaded
            "print('\\n'.join(k for k, v in sys.modules.items() if v is not None\n"
            "                 and (k == '__main__' or vars(v).get('__spec__') is not None)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from tests.web_support import seed

    folder = tmp_path_factory.mktemp("startup")
    db = folder / "repwatch.db"
    ids = seed(db)
    config = folder / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\ntimezone = "Europe/London"\n\n'
                      '[[profile]]\nname = "Joanna Whitfield"\nlocations = ["Liverpool"]\n', encoding="utf-8")
    return {**os.environ, "REPWATCH_CONFIG": str(config), "HOME": str(folder), "XDG_CONFIG_HOME": str(folder),
            "REPWATCH_ID": str(ids["hostile"])}


# Beyond HEAVY: what one command had loaded for nothing and must not again. A command that only
# reads takes the store alone (no lifecycle: its platform table, handles and addresses), and with
# REPWATCH_CONFIG set no platformdirs (which loads tempfile); `evidence --verify` re-hashes files
# without the browser, the page fetch or the HTML sanitiser, and reads only the database's key.
STORE_ONLY = {"repwatch.app.lifecycle", "repwatch.handles", "repwatch.platforms", "platformdirs", "tempfile"}
CHECKING = {"repwatch.pipeline.evidence", "repwatch.adapters.browser", "repwatch.adapters.pagefetch", "bs4"}
NO_LISTING = {"repwatch.pipeline.exposure", "repwatch.schedule"}  # `exposure` with none: no track, advice or dates
# answered by repwatch.cli.quick, without loading click or any command's definition, nor the modules
# `inspect` loads, nor `ipaddress` (see quick.DEFERRED)
QUICK = {"click", "inspect", "ast", "dis", "tokenize", "ipaddress"}

READ = [  # (the command, what it may load of TABLES, what else it must not load)
    (["--help"], set(), QUICK),  # click's help as it prints it, stored (data/help.txt)
    (["search", "--help"], set(), QUICK),
    (["plan", "--help"], set(), QUICK),
    (["status", "--help"], set(), QUICK),
    (["mentions", "--json"], set(), STORE_ONLY | QUICK),
    (["mentions", "--search", "hostile", "--json"], set(), STORE_ONLY | QUICK),
    (["mentions"], set(), QUICK),  # blocks of wrapped lines (cli/terminal.py), no rich
    (["show", "ID", "--json"], set(), STORE_ONLY | QUICK),
    (["show", "ID"], set(), QUICK),
    (["blocked"], set(), STORE_ONLY | QUICK),
    (["blocked", "--json"], set(), STORE_ONLY | QUICK),
    (["photos"], set(), QUICK),  # no known photo: one sentence
    (["evidence", "--verify"], set(), CHECKING | STORE_ONLY | QUICK),
    (["status"], set(), QUICK),
    (["status", "--json"], set(), QUICK),
    (["namesakes"], set(), QUICK),  # none taught yet: no profile and no page to read
    (["exposure"], set(), QUICK | NO_LISTING),  # no listing: one sentence
    (["exposure", "--json"], set(), QUICK | NO_LISTING),
    # a failed check logs, in a run; her handles' parser and the address shapes are for handles she lists
    (["accounts"], set(), QUICK | {"logging", "repwatch.handles", "repwatch.pipeline.urls"}),
    (["accounts", "--json"], set(), QUICK | {"logging", "repwatch.handles", "repwatch.pipeline.urls"}),
]


@pytest.mark.parametrize(("args", "allowed", "unneeded"), READ, ids=[" ".join(a) for a, _, _ in READ])
def test_a_read_command_loads_only_what_it_needs(stored: dict[str, str], args: list[str], allowed: set[str],
                                                 unneeded: set[str]) -> None:
    """Start-up is held here without a clock (the figures are benchmarks/startup.py's): a read command
    loads no pydantic (its config keys are read by repwatch.readconfig, the data files it reads are
    the ones checked at build), no triage, no HTTP, template or sqlite-utils code."""
    args = [stored["REPWATCH_ID"] if a == "ID" else a for a in args]
    modules = loaded_running(*args, env=stored)
    never = HEAVY | unneeded
    heavy = {m for m in modules if m.split(".")[0] in never or any(m == h or m.startswith(h + ".") for h in never)}
    assert not heavy, f"`repwatch {' '.join(args)}` loads {sorted(heavy)[:8]}"
    tables = {m.split(".")[0] for m in modules} & (TABLES - allowed)
    assert not tables, f"`repwatch {' '.join(args)}` loads {sorted(tables)}"


def test_a_module_deferred_by_a_read_command_is_the_whole_module_on_first_use() -> None:
    """The stand-in a quick read command puts in place of ``inspect`` loads it on the first name asked
    for, and is then the real module: a dataclass without a docstring gets its signature, pydantic
    (which the full config check loads) validates, and ``from inspect import`` works; an address in
    square brackets is read with ``ipaddress`` as before."""
    code = ("import sys\nfrom repwatch.cli.quick import _defer_loading\n_defer_loading()\n"
            "from urllib.parse import urlsplit\n"
            "assert urlsplit('http://[::1]:8080/x').hostname == '::1'\n"
            "try:\n    urlsplit('http://[::1x]/')\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError\n"
            "from dataclasses import dataclass\n"
            "assert 'ast' not in sys.modules and 'tokenize' not in sys.modules\n"
            "@dataclass\nclass A:\n    x: int\n    y: str = ''\n"
            "assert A.__doc__ == 'A(x: int, y: str = \\'\\')', A.__doc__\n"
            "import inspect\nfrom inspect import signature\n"
            "assert str(signature(A)) == \"(x: int, y: str = '') -> None\"\n"
            "assert inspect.isclass(A) and vars(inspect)['Parameter'] is sys.modules['inspect'].Parameter\n"
            "assert not hasattr(inspect, 'no_such_name') and sys.modules['inspect'].signature is signature\n"
            "from pydantic import BaseModel\nclass M(BaseModel):\n    n: int\nassert M(n='3').n == 3\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_the_accounts_list_loads_no_checking_or_judging_code(stored: dict[str, str]) -> None:
    """`repwatch accounts` lists the usernames, the sites and the last checks: it makes no check (no
    HTTP client, no page reader) and judges nothing (no triage)."""
    modules = loaded_running("accounts", env=stored)
    heavy = {m for m in modules if m.split(".")[0] in {"httpx", "httpcore", "bs4", "html5lib", "soupsieve", "jinja2",
                                                       "sqlite_utils", "asyncio"}
             or m.startswith("repwatch.pipeline.triage") or m == "repwatch.pipeline.accounts.check"}
    assert not heavy, f"`repwatch accounts` loads {sorted(heavy)[:8]}"


@pytest.mark.parametrize("width", [5, 13, 14, 20, 21, 22, 38, 39, 40, 41, 60, 79, 80, 81, 82, 83, 84, 120])
def test_the_one_sentence_answers_wrap_at_her_width_as_rich_did(width: int, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`exposure` with no listing and `photos` with no known photo print their sentence without rich,
    wrapped at the terminal's width where rich's console wrapped it (less the spaces rich left at a
    line's end); a word longer than the line is folded, every line within the width."""
    from repwatch.cli.context import console
    from repwatch.cli.lists import NONE_FOUND
    from repwatch.cli.reads import NO_PHOTOS
    from repwatch.cli.terminal import say

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("TERM", raising=False)
    for sentence in (NONE_FOUND, NO_PHOTOS):
        console().print(sentence, highlight=False, markup=False)
        by_rich = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
        say(sentence)
        lines = capsys.readouterr().out.splitlines()
        assert all(len(line) <= width for line in lines), lines
        if width >= max(len(word) for word in sentence.split()):
            assert lines == by_rich
        assert "".join(lines).replace(" ", "") == sentence.replace(" ", "")


def test_the_listings_fit_a_phone_and_keep_what_the_tables_showed(stored: dict[str, str]) -> None:
    """`mentions`, `show` and `accounts` print blocks of lines (no rich table): at a phone's 40 columns
    and at 80 every line fits, no word is broken, and each mention keeps its number, title, address,
    flags, place, first-seen date and status."""
    for columns in ("40", "80"):
        env = {k: v for k, v in stored.items() if k != "REPWATCH_ACCOUNTS_TABLE"}  # the built-in sites table
        env["COLUMNS"] = columns
        listed, _ = printed_running("mentions", env=env)
        shown, _ = printed_running("show", stored["REPWATCH_ID"], env=env)
        accounts, _ = printed_running("accounts", env=env)
        for text in (listed, shown, accounts):
            too_long = [line for line in text.splitlines() if len(line) > int(columns) and "://" not in line]
            assert not too_long, too_long
        rows = json.loads(printed_running("mentions", "--json", env=env)[0])
        flat = " ".join(listed.split())
        for row in rows:
            assert f"#{row['id']} " in listed
            assert " ".join(row["title"].split()) in flat
            for flag in row["flags"]:
                assert flag["reason"] in flat
        assert "first seen" in flat and " · " in flat
        assert "Usernames checked for Joanna Whitfield, in order" in " ".join(accounts.split())
        assert "Sites (times are London time)" in accounts


def printed_running(*args: str, env: dict[str, str]) -> tuple[str, set[str]]:
    """What `repwatch ARGS` prints, and the modules it loaded, in a fresh process."""
    code = ("import contextlib, io, sys\nfrom repwatch.cli import main\nout = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n    try:\n"
            f"        main({list(args)!r}, prog_name='repwatch')\n    except SystemExit as done:\n"
            "        assert not done.code, done.code\n"
            "print(out.getvalue(), end='')\n"
            "print('\\n'.join(k for k, v in sys.modules.items() if v is not None), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout, set(done.stderr.split())


def test_namesakes_are_listed_again_without_triage_until_her_profile_changes(tmp_path) -> None:
    """`namesakes` reads each "not me" page with triage once and keeps what tells that person apart:
    listed again, the same words come from the store, with no triage and no config models; an edit
    to her profile (or another repwatch) has them read again."""
    from tests.web_support import seed

    db = tmp_path / "repwatch.db"
    ids = seed(db)
    config = tmp_path / "config.toml"
    profile = '[[profile]]\nname = "Joanna Whitfield"\nlocations = ["Liverpool"]\n'
    config.write_text(f'[repwatch]\ndatabase = "{db}"\n\n{profile}', encoding="utf-8")
    env = {**os.environ, "REPWATCH_CONFIG": str(config), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    loaded_running("dismiss", str(ids["namesake"]), env=env)
    light = {"pydantic", "repwatch.config", "repwatch.pipeline.triage"}

    first, modules = printed_running("namesakes", env=env)
    assert "repwatch.pipeline.triage" in modules and "Accountant" in first.title()
    again, modules = printed_running("namesakes", env=env)
    assert again == first and not light & modules, sorted(light & modules)
    as_json, modules = printed_running("namesakes", "--json", env=env)
    assert json.loads(as_json)[0]["mention_id"] == ids["namesake"] and not light & modules

    config.write_text(f'[repwatch]\ndatabase = "{db}"\n\n{profile}organisations = ["St Mary\'s"]\n', encoding="utf-8")
    edited, modules = printed_running("namesakes", env=env)
    assert "repwatch.pipeline.triage" in modules and edited == first
    assert not light & printed_running("namesakes", env=env)[1]


def test_the_stamped_toml_files_are_read_from_their_json_twins_with_the_same_values(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """data/checked.twins holds each stamped TOML file as parsed (the same values, of the same types),
    and is what a read command reads them from while the file is the one stamped; an edited file is
    read from itself (and checked by its model, as before)."""
    import tomllib

    from repwatch import datafiles
    from repwatch.pipeline.labels import _guide_model

    assert datafiles.source(datafiles.TWINS) == datafiles.twins_text(), (
        "data/checked.twins is stale: run `python -m tests.commands_doc --write`")
    toml = [name for name in datafiles.STAMPED if name.endswith(".toml")]
    assert "guide.toml" in toml
    for name in toml:
        text = datafiles.source(name)
        assert json.dumps(datafiles.twin(name, datafiles.digest(text))) == json.dumps(tomllib.loads(text)), name
        assert datafiles.twin(name, "00000000 0") is None, name  # another text's stamp

    real_loads, real_source = tomllib.loads, datafiles.source
    parsed: list[str] = []
    monkeypatch.setattr(datafiles.tomllib, "loads", lambda text: parsed.append(text) or real_loads(text))
    guide = datafiles.packaged_data("guide.toml", _guide_model)
    assert not parsed and guide == real_loads(real_source("guide.toml"))
    edited = real_source("guide.toml") + "\n# edited after installing\n"
    monkeypatch.setattr(datafiles, "source", lambda name: edited if name == "guide.toml" else real_source(name))
    assert datafiles.packaged_data("guide.toml", _guide_model) == guide and parsed == [edited]


def test_the_packaged_sites_table_is_read_without_trying_its_patterns_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in sites table is stamped only once every rule's regex_check passed its trials
    (tests/commands_doc.py), so `repwatch accounts` reads it without trying them again (25 patterns,
    each against long names under a timeout); a table edited since is tried as before."""
    from repwatch import datafiles
    from repwatch.errors import ConfigError
    from repwatch.pipeline.accounts import sites

    real, real_check = datafiles.source, sites._check_regex
    tried: list[str] = []
    monkeypatch.setattr(sites, "_check_regex", lambda pattern, where: tried.append(pattern) or real_check(pattern, where))
    table = json.loads(real(sites.TABLE))
    assert datafiles.packaged_stamped(sites.TABLE, sites.table_model)[1]
    assert any(s.get("regex_check") for s in table["sites"])
    assert sites._table.__wrapped__(None) and tried == []  # as stamped: read, its patterns not tried
    table["sites"][0]["regex_check"] = "^(a|aa)+$"  # backtracks without end on a long name
    monkeypatch.setattr(datafiles, "source", lambda name: json.dumps(table) if name == sites.TABLE else real(name))
    assert not datafiles.packaged_stamped(sites.TABLE, sites.table_model)[1]
    with pytest.raises(ConfigError, match="regex_check takes too long"):
        sites._table.__wrapped__(None)
    assert "^(a|aa)+$" in tried


def test_evidence_verify_with_nothing_kept_hashes_nothing_and_reads_no_key(tmp_path) -> None:  # noqa: ANN001
    """`evidence --verify` on a store that kept no evidence says so without loading hashlib (OpenSSL),
    the key file's code or hmac; with evidence kept, it re-hashes each file (tests/test_evidence.py)."""
    from repwatch.adapters.store import Store

    db = tmp_path / "repwatch.db"
    Store(db).close()
    config = tmp_path / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\n', encoding="utf-8")
    env = {**os.environ, "REPWATCH_CONFIG": str(config), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    modules = loaded_running("evidence", "--verify", env=env)
    assert "repwatch.pipeline.evidence_check" in modules
    assert not {"hashlib", "_hashlib", "hmac", "repwatch.adapters.tokens"} & modules, sorted(
        {"hashlib", "_hashlib", "hmac", "repwatch.adapters.tokens"} & modules)
