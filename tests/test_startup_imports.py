"""A search starts light: what it loads before its first request is what a search needs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


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
TABLES = {"rich"}  # a command printing a table or styled text needs it; one printing JSON or lines does not


def loaded_running(*args: str, env: dict[str, str]) -> set[str]:
    """The modules loaded once `repwatch ARGS` has run, in a fresh process as a user starts it."""
    code = ("import sys\nfrom repwatch.cli import start\n"
            f"sys.argv = ['repwatch', *{list(args)!r}]\ntry:\n    start()\nexcept SystemExit as done:\n"
            "    assert not done.code, done.code\n"
            "print('\\n'.join(k for k, v in sys.modules.items() if v is not None), file=sys.stderr)")
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
QUICK = {"click"}  # answered by repwatch.cli.quick, without loading click or any command's definition

READ = [  # (the command, what it may load of TABLES, what else it must not load)
    (["--help"], set(), set()),
    (["search", "--help"], set(), set()),
    (["plan", "--help"], set(), set()),
    (["status", "--help"], set(), set()),
    (["mentions", "--json"], set(), STORE_ONLY | QUICK),
    (["mentions", "--search", "hostile", "--json"], set(), STORE_ONLY | QUICK),
    (["mentions"], TABLES, QUICK),
    (["show", "ID", "--json"], set(), STORE_ONLY | QUICK),
    (["show", "ID"], TABLES, QUICK),
    (["blocked"], set(), STORE_ONLY | QUICK),
    (["blocked", "--json"], set(), STORE_ONLY | QUICK),
    (["photos"], TABLES, QUICK),
    (["evidence", "--verify"], set(), CHECKING | STORE_ONLY | QUICK),
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
