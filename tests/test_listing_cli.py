"""`repwatch mentions` streams: a JSON array or a table, newest first, cut at --limit with a word."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import cli
from tests.web_support import seed


@pytest.fixture
def database(tmp_path):
    db = tmp_path / "repwatch.db"
    ids = seed(db, extra=250)  # 253 about her, and one namesake judged not about her
    return db, ids


def test_json_is_one_array_cut_at_the_default_with_a_word(database):
    db, ids = database
    done = cli("--db", str(db), "mentions", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 200
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    assert rows[0]["id"] == ids["extra249"]
    assert done.stdout.rstrip("\n") == json.dumps(rows, indent=2, ensure_ascii=False)  # as print_json writes it
    assert "Showing the newest 200 mentions; there are more." in done.stderr and "--limit 0" in done.stderr


def test_limit_zero_gives_every_one_and_no_word(database):
    db, ids = database
    done = cli("--db", str(db), "mentions", "--json", "--limit", "0")
    rows = json.loads(done.stdout)
    assert len(rows) == 253 and ids["namesake"] not in {r["id"] for r in rows}
    assert [r["id"] for r in rows] == sorted({r["id"] for r in rows}, reverse=True)  # read in batches: none twice
    assert done.stderr == ""
    found = json.loads(cli("--db", str(db), "mentions", "--search", "ordinary", "--json", "--limit", "0").stdout)
    assert [r["id"] for r in found] == sorted({r["id"] for r in found}, reverse=True) and len(found) == 250
    everything = json.loads(cli("--db", str(db), "mentions", "--json", "--all", "--limit", "0").stdout)
    assert len(everything) == 254
    exact = cli("--db", str(db), "mentions", "--json", "--limit", "253")
    assert len(json.loads(exact.stdout)) == 253 and exact.stderr == ""  # nothing was cut: no word


def test_table_and_search_take_the_limit(database):
    db, ids = database
    table = cli("--db", str(db), "mentions", "--limit", "3")
    assert re.findall(r"^#(\d+) ", table.stdout, re.MULTILINE) == [str(ids[f"extra{i}"]) for i in (249, 248, 247)]
    assert "Showing the newest 3 mentions" in table.stderr
    found = json.loads(cli("--db", str(db), "mentions", "--search", "ordinary", "--json", "--limit", "4").stdout)
    assert [r["id"] for r in found] == [ids[f"extra{i}"] for i in (249, 248, 247, 246)]
    one = json.loads(cli("--db", str(db), "mentions", "--search", '"number 17."', "--json").stdout)
    assert [r["id"] for r in one] == [ids["extra17"]]
    none = cli("--db", str(db), "mentions", "--search", "zebra", "--json")
    assert none.stdout.strip() == "[]" and none.returncode == 0


@pytest.mark.parametrize("args", [["mentions", "--limit", "0"], ["mentions", "--json", "--limit", "0"]])
def test_a_reader_that_stops_early_ends_it_quietly(database, args):
    """`repwatch mentions | head -3`: the listing stops where the reader did, with no complaint."""
    import os
    import subprocess
    import sys

    db, _ = database
    env = {**os.environ, "COLUMNS": "80"}
    with subprocess.Popen([sys.executable, "-m", "repwatch", "--db", str(db), *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # as `head -1` does once it has its line
        complaint = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert first.strip()
    assert complaint == ""
    assert code == 141
