"""How long each read command takes to start and answer, against a bare `python -c pass`, in one run.

    python benchmarks/startup.py [--runs 15] [--also NAME=SRC]

Goal: every read command within 50 ms of bare Python (urlwatch's `--help` takes about 100 ms more).
Each command runs as a user types it, in a fresh process, against a store of 1,000 generated mentions
(and an empty one for `mentions --json`), with a config file naming one profile, her time zone and the
database, found where a user's is (the user config folder).
Printed for each: the median wall-clock time over bare Python's, as extra milliseconds and as a
ratio, and the same for the process's CPU time (user + system), which the machine's load changes
less than the wall clock. The runs are interleaved (bare Python, then each command, round after
round), so a change of load during the run weighs on all alike. ``--also NAME=SRC`` times repwatch
from another source tree in the same rounds (the code before a change: ``git archive OLD src | tar -x``).
It also checks that `--help` imports no HTTP, database or template code.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import repwatch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import PROFILE, cached  # noqa: E402

HEAVY = ("httpx", "sqlite_utils", "jinja2", "pydantic", "rich", "apscheduler", "bs4")


def once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--also", help="NAME=SRC: another source tree, timed in the same rounds")
    parser.add_argument("--only", help="a comma-separated list of the commands to time (as printed), e.g. 'show 1,status'")
    parser.add_argument("--instructions", action="store_true",
                        help="count each command's instructions once under valgrind instead of timing it")
    options = parser.parse_args()
    runs = options.runs
    trees = {"": None}
    if options.also:
        name, source = options.also.split("=", 1)
        compileall.compile_dir(source, quiet=1)
        trees[name] = source
    # pip compiles an installed package's bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE)
    # would otherwise recompile repwatch's modules on every start and measure that instead
    compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="repwatch-startup-"))
    base = {k: v for k, v in os.environ.items() if k != "REPWATCH_CONFIG"}
    envs = {tree: _home(tmp / (tree or "now"), cached(1000) if source is None else _store_of(source), base, source)
            for tree, source in trees.items()}
    env = envs[""]
    empty = Path(env["HOME"]) / "empty.db"  # each tree its own, in its own schema ("--db" is the same path)
    rw = [sys.executable, "-m", "repwatch"]
    commands = {
        "--help": [*rw, "--help"],
        "search --help": [*rw, "search", "--help"],
        "mentions --json (empty database)": [*rw, "--db", str(empty), "mentions", "--json"],
        "mentions --json": [*rw, "mentions", "--json", "--limit", "20"],
        "mentions --search school --json": [*rw, "mentions", "--search", "school", "--json", "--limit", "20"],
        "mentions": [*rw, "mentions", "--limit", "20"],
        "show 1": [*rw, "show", "1"],
        "show 1 --json": [*rw, "show", "1", "--json"],
        "status": [*rw, "status"],
        "namesakes": [*rw, "namesakes"],
        "blocked": [*rw, "blocked"],
        "plan --help": [*rw, "plan", "--help"],
        "photos": [*rw, "photos"],
        "accounts": [*rw, "accounts"],
        "exposure": [*rw, "exposure"],
        "evidence --verify": [*rw, "evidence", "--verify"],
    }
    if options.only:
        commands = {name: commands[name] for name in options.only.split(",")}
    bare = [sys.executable, "-c", "pass"]
    timed = {f"{name} ({tree})" if tree else name: (_own_empty(args, empty, envs[tree]), envs[tree])
             for name, args in commands.items() for tree in trees}
    for args, its_env in [(bare, env), *timed.values()]:  # warm the file cache; fail early on a broken command
        once(args, its_env)
    if options.instructions:
        _count_instructions(bare, env, timed)
        return
    load = os.getloadavg()[0]
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ["bare", *timed]}
    for _ in range(runs):
        samples["bare"].append(once(bare, env))
        for name, (args, its_env) in timed.items():
            samples[name].append(once(args, its_env))
    wall0 = statistics.median(w for w, _ in samples["bare"])
    cpu0 = statistics.median(c for _, c in samples["bare"])
    print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {runs}, "
          f"interleaved; bare Python: {wall0 * 1000:.0f} ms wall, {cpu0 * 1000:.0f} ms CPU")
    print("| command | wall over bare Python | ratio | CPU over bare Python | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name in timed:
        wall = statistics.median(w for w, _ in samples[name])
        cpu = statistics.median(c for _, c in samples[name])
        print(f"| `repwatch {name}` | +{(wall - wall0) * 1000:.0f} ms | {wall / wall0:.2f}x | "
              f"+{(cpu - cpu0) * 1000:.0f} ms | {cpu / cpu0:.2f}x |")
    print("goal: each <= +50 ms over bare Python")
    heavy = subprocess.run([*rw, "--help"], capture_output=True, text=True, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}
                           ).stderr
    loaded = [m for m in HEAVY if f" {m}\n" in heavy or f" {m}." in heavy]
    print(f"heavy modules loaded by --help: {', '.join(loaded) or 'none'}")


def instructions(args: list[str], env: dict[str, str]) -> int:
    """The instructions one run of ``args`` executes (valgrind's cachegrind, no cache simulation)."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *args],
                          capture_output=True, text=True, env={**env, "PYTHONHASHSEED": "0"}, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))  # type: ignore[union-attr]


def _count_instructions(bare: list[str], env: dict[str, str], timed: dict[str, tuple[list[str], dict[str, str]]]) -> None:
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        base = pool.submit(instructions, bare, env)
        counts = {name: pool.submit(instructions, args, its_env) for name, (args, its_env) in timed.items()}
        zero = base.result()
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (it does not change the counts); "
              f"bare Python: {zero / 1e6:.1f} M instructions")
        print("| command | instructions over bare Python | ratio |")
        print("| --- | --- | --- |")
        for name, count in counts.items():
            print(f"| `repwatch {name}` | +{(count.result() - zero) / 1e6:.1f} M | {count.result() / zero:.2f}x |")


def _store_of(source: str) -> Path:
    """The generated store as the code in ``source`` makes it (in its own schema: a store migrated by
    later code cannot be opened by earlier code)."""
    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nfrom generate import cached\nprint(cached(1000))")
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).resolve().parent)], check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": source})
    return Path(done.stdout.strip().splitlines()[-1])


def _home(folder: Path, db: Path, base: dict[str, str], source: str | None) -> dict[str, str]:
    """A user's folders for one tree: her config (found where a user's is: the user config folder, no
    variable) naming that tree's store, and an empty store made by that tree's code."""
    config = folder / "repwatch" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[repwatch]\ndatabase = "{db}"\ntimezone = "Europe/London"\n\n[[profile]]\n'
                      f'name = "{PROFILE}"\nlocations = ["Liverpool"]\n')
    env = {**base, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    if source is not None:
        env["PYTHONPATH"] = source
    subprocess.run([sys.executable, "-c", "import sys\nfrom repwatch.adapters.store import Store\nStore(sys.argv[1])",
                    str(folder / "empty.db")], check=True, capture_output=True, env=env)  # a read makes none
    return env


def _own_empty(args: list[str], empty: Path, env: dict[str, str]) -> list[str]:
    """``args`` with the empty store made by the tree ``env`` runs."""
    return [str(Path(env["HOME"]) / "empty.db") if a == str(empty) else a for a in args]


if __name__ == "__main__":
    main()
