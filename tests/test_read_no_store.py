"""A command that only reads never makes a store: with none yet, it says so or lists nothing, and
leaves the folders as they were (before, `evidence --verify` with no config made an empty database
at the default place, ~/.local/share/repwatch/repwatch.db)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLICK_ALONE = "import sys\nfrom repwatch.cli import main\nmain(sys.argv[1:], prog_name='repwatch')"
START = "import sys\nfrom repwatch.cli import start\nsys.argv[0] = 'repwatch'\nstart()"


def _home(tmp_path: Path) -> dict[str, str]:
    """A user with no config and no store: HOME and every XDG folder inside ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPWATCH_", "XDG_"))}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    return {**env, "COLUMNS": "100"}


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


NO_DATABASE = ("repwatch: There is no database yet at {db}, so there is {nothing}: repwatch makes it on its first "
               "run (`repwatch run`). If yours is elsewhere, name it with --db or with database under [repwatch] in "
               "your config file.\n")

READS = [  # (the command, its exit code, what it prints on stdout, and on stderr)
    (["evidence", "--verify"], 2, "", NO_DATABASE.format(db="{db}", nothing="no evidence to check")),
    (["show", "7"], 2, "", NO_DATABASE.format(db="{db}", nothing="no mention with ID 7")),
    (["show", "7", "--json"], 2, "", NO_DATABASE.format(db="{db}", nothing="no mention with ID 7")),
    (["mentions"], 0, "No mentions stored yet.\n", ""),
    (["mentions", "--json"], 0, "[]\n", ""),
    (["mentions", "--search", "school", "--json"], 0, "[]\n", ""),
    (["blocked"], 0, "Nothing is blocked: no site or account is hidden as a whole.\n", ""),
    (["blocked", "--json"], 0, "[]\n", ""),
    (["namesakes", "--json"], 0, "[]\n", ""),
]


@pytest.mark.parametrize("code", [START, CLICK_ALONE], ids=["as started", "through click"])
@pytest.mark.parametrize(("args", "exit_code", "out", "err"), READS, ids=[" ".join(r[0]) for r in READS])
def test_a_read_command_with_no_store_makes_none(tmp_path: Path, code: str, args: list[str], exit_code: int,
                                                 out: str | None, err: str) -> None:
    env = _home(tmp_path)
    db = tmp_path / "xdg_data_home" / "repwatch" / "repwatch.db"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert (done.returncode, done.stderr) == (exit_code, err.format(db=db))
    if out is not None:
        assert done.stdout == out
    assert _files(tmp_path) == [], "a read command made files"


def test_a_database_named_with_db_is_not_made_either(tmp_path: Path) -> None:
    env = _home(tmp_path)
    db = tmp_path / "elsewhere" / "mine.db"
    done = subprocess.run([sys.executable, "-m", "repwatch", "--db", str(db), "evidence", "--verify"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, NO_DATABASE.format(db=db, nothing="no evidence to check"))
    assert _files(tmp_path) == []
