"""The read commands answered without click (repwatch.cli.quick) print what click's commands print.

Each command line runs in a fresh process as a user starts it, through `python -m repwatch`
(repwatch.cli.start, which answers it without click when it can), and through the click group alone:
in this process (`tests.conftest.cli`), or in a process of its own for `--help`, which click lays out
to the terminal. stdout, stderr and the exit code must be the same, and a line answered without click
loads none.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from repwatch.cli.quick import HELP_PROGRAMS, read, stored_help
from tests.conftest import cli

# one test process runs them all, so the store above is made once, not once in each process
pytestmark = pytest.mark.xdist_group("quick")

CLICK_ALONE = "import sys\nfrom repwatch.cli import main\nmain(sys.argv[1:], prog_name='repwatch')"
START = ("import sys\nfrom repwatch.cli import start\nsys.argv[0] = 'repwatch'\ntry:\n    start()\nfinally:\n"
         "    print('click loaded' if 'click' in sys.modules else 'no click', file=sys.__stderr__)")


def ran(code: str, args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    return done.stdout, done.stderr, done.returncode


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from repwatch.adapters.store import Store
    from tests.web_support import seed

    folder = tmp_path_factory.mktemp("quick")
    db = folder / "repwatch.db"
    ids = seed(db, extra=3)
    store = Store(db)
    store.block_domain("Joanna Whitfield", "forum.example.net", "hostile forum", ids["hostile"])
    config = folder / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\ntimezone = "Europe/London"\n\n'
                      '[[profile]]\nname = "Joanna Whitfield"\nlocations = ["Liverpool"]\n', encoding="utf-8")
    (folder / "empty.db").touch()
    env = {**os.environ, "REPWATCH_CONFIG": str(config), "HOME": str(folder), "XDG_CONFIG_HOME": str(folder),
           "COLUMNS": "100", "ID": str(ids["impersonation"]), "FOLDER": str(folder)}
    # one namesake taught, so that `namesakes` has a person to list
    assert cli("-q", "dismiss", str(ids["namesake"]), env=env).returncode == 0
    return env


ANSWERED = [  # answered without click
    ["mentions"], ["mentions", "--json"], ["mentions", "--limit", "2"], ["mentions", "--limit=2", "--json"],
    ["mentions", "--search", "Whitfield", "--json"], ["mentions", "--status", "new", "--flagged", "--all"],
    ["mentions", "--search", "nothing-like-it"], ["show", "ID"], ["show", "ID", "--json"], ["show", "--json", "ID"],
    ["show", "999999"], ["blocked"], ["blocked", "--json"], ["-q", "blocked"], ["photos"], ["photos", "--json"],
    ["photos", "--profile", "Someone Else"], ["evidence", "--verify"], ["--db", "FOLDER/repwatch.db", "show", "ID"],
    ["--config", "FOLDER/missing.toml", "mentions"],
    ["status"], ["status", "--json"], ["namesakes"], ["namesakes", "--json"], ["-q", "namesakes"],
    ["exposure"], ["exposure", "--json"], ["exposure", "--profile", "Joanna Whitfield"], ["accounts"],
    ["accounts", "--json"], ["accounts", "--profile=Joanna Whitfield"], ["accounts", "--profile", "Someone Else"],
    ["--db", "FOLDER/repwatch.db", "status"], ["--config", "FOLDER/missing.toml", "accounts"],
    ["--help"], ["-h"], ["search", "--help"], ["mentions", "--help"], ["plan", "-h"], ["status", "--help"],
]
CLICKS = [  # left to click: mistakes, what quick does not read
    ["nothing", "--help"], ["--help", "mentions"], ["-q", "--help"], ["mentions", "--json", "--help"],
    ["--version"], ["mentions", "--limit", "-1"], ["mentions", "--limit", "x"],
    ["mentions", "--status", "NEW"], ["mentions", "--since", "2026-11-01"], ["mentions", "--json", "--json"],
    ["show"], ["show", "x"], ["show", "1", "2"], ["--db", "FOLDER", "mentions"], ["-v", "blocked"],
    ["evidence"], ["evidence", "ID", "--verify"], ["mentions", "--search", "-x"], ["blocked", "--", "x"],
    ["status", "x"], ["accounts", "--profile"], ["exposure", "--json", "--json"], ["namesakes", "--all"],
    ["plan"],
]


def _steady(out: str) -> str:
    """The output without what is read from the clock: `status --json` gives an overdue run's next time
    as this second."""
    return re.sub(r'"next_run": "[^"]*"', '"next_run": "(now)"', out)


def _args(args: list[str], env: dict[str, str]) -> list[str]:
    return [env["ID"] if a == "ID" else a.replace("FOLDER", env["FOLDER"]) for a in args]


@pytest.mark.parametrize("args", ANSWERED + CLICKS, ids=[" ".join(a) for a in ANSWERED + CLICKS])
def test_a_read_command_prints_the_same_with_or_without_click(stored: dict[str, str], args: list[str]) -> None:
    args = _args(args, stored)
    out, err, code = ran(START, args, stored)
    loaded = err.rsplit("\n", 2)[-2]
    err = err[: -len(loaded) - 1]
    if {"--help", "-h"} & set(args):  # click's help lays itself out to the terminal: a process of its own
        alone_out, alone_err, alone_code = ran(CLICK_ALONE, args, stored)
    else:  # click's own command, in this process (a fresh process each time cost 13 CPU s in all)
        done = cli(*args, env=stored)
        alone_out, alone_err, alone_code = done.stdout, done.stderr, done.returncode
    assert (_steady(out), err, code) == (_steady(alone_out), alone_err, alone_code)
    assert loaded == ("no click" if args in [_args(a, stored) for a in ANSWERED] else "click loaded")


def test_shell_completion_is_left_to_click(stored: dict[str, str]) -> None:
    env = {**stored, "_REPWATCH_COMPLETE": "bash_complete", "COMP_WORDS": "repwatch ment", "COMP_CWORD": "1"}
    out, err, code = ran(START, ["mentions"], env)
    assert "click loaded" in err and "mentions" in out and "Joanna" not in out


def test_only_plain_command_lines_are_read_without_click() -> None:
    assert read(["--db", "x.db", "mentions", "--limit=5", "--json"]) == (
        {"db_path": Path("x.db")}, "mentions", {"limit": 5, "as_json": True})
    assert read(["show", "0012"]) == ({}, "show", {"mention_id": 12})
    for line in (["mentions", "--limit", "+5"], ["mentions", "--limit", "1_0"], ["show", "١٢"], ["mentions", "-"],
                 ["mentions", "--limit"], ["mentions", "--json=1"], ["--db", "", "blocked"], ["photos", "--profile"],
                 ["mentions", "--db", "x.db"], [], ["-q"], ["evidence", "12"], ["mention"]):
        assert read(line) is None, line


def test_every_word_read_without_click_is_the_click_commands_own() -> None:
    """quick's tables name only options the click commands declare, for the same parameter and of the
    same kind (a flag, a value, the argument), so that a renamed or removed option cannot go on being
    answered without click."""
    import click

    from repwatch.cli import main
    from repwatch.cli.quick import COMMANDS, GLOBAL_FLAGS, GLOBAL_VALUES

    def declared(command: click.Command) -> dict[str, tuple[str, bool]]:
        return {opt: (p.name or "", bool(getattr(p, "is_flag", False))) for p in command.params
                if isinstance(p, click.Option) for opt in p.opts}

    group = declared(main)
    assert all(group[o] == (name, False) for o, (name, _) in GLOBAL_VALUES.items())
    assert all(group[o] == (name, True) for o, name in GLOBAL_FLAGS.items())
    ctx = click.Context(main)
    for name, (values, flags, argument) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None, name
        own = declared(command)
        assert all(own.get(o) == (p, False) for o, (p, _) in values.items()), name
        assert all(own.get(o) == (p, True) for o, p in flags.items()), name
        if argument:
            assert [p.name for p in command.params if isinstance(p, click.Argument)] == [argument[0]], name


@pytest.mark.parametrize("program", HELP_PROGRAMS)
def test_the_stored_help_is_clicks_own(program: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`repwatch --help` and every `repwatch COMMAND --help` printed without click (data/help.txt) are
    what click prints, in a terminal 80 columns wide or wider, under each name repwatch is started
    by; narrower, or under another name, click prints its own. `python -m tests.commands_doc
    --write` writes them again after a change to a command."""
    import click

    from repwatch.cli import main

    def live(args: list[str]) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main.main(args, prog_name=program, standalone_mode=False)
        return out.getvalue()

    root = click.Context(main, info_name=program)
    for columns in ("80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        for command in [[], *([name] for name in main.list_commands(root))]:
            for asked in ("--help", "-h"):
                stored = stored_help([*command, asked], program)
                assert stored is not None and stored + "\n" == live([*command, asked]), (program, command, columns)
    monkeypatch.setenv("COLUMNS", "79")
    assert stored_help(["search", "--help"], program) is None
    monkeypatch.setenv("COLUMNS", "120")
    assert stored_help(["search", "--help"], "rw") is None and stored_help(["searches", "--help"], program) is None
