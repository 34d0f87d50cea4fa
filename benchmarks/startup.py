"""How long each read command takes to start and answer, against a bare `python -c pass`, in one run.

    python benchmarks/startup.py [--runs 15]

Goal: every read command within 50 ms of bare Python (urlwatch's `--help` takes about 100 ms more).
Each command runs as a user types it, in a fresh process, against a store of 1,000 generated mentions
(and an empty one for `mentions --json`), with a config file naming one profile and the database.
Printed for each: the median wall-clock time over bare Python's, as extra milliseconds and as a
ratio, and the same for the process's CPU time (user + system), which the machine's load changes
less than the wall clock. The runs are interleaved (bare Python, then each command, round after
round), so a change of load during the run weighs on all alike. It also checks that `--help` imports
no HTTP, database or template code.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
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
    runs = parser.parse_args().runs
    # pip compiles an installed package's bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE)
    # would otherwise recompile repwatch's modules on every start and measure that instead
    compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)
    db = cached(1000)
    tmp = Path(tempfile.mkdtemp(prefix="repwatch-startup-"))
    empty = tmp / "empty.db"
    subprocess.run([sys.executable, "-m", "repwatch", "--db", str(empty), "mentions"], check=True, capture_output=True)
    config = tmp / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\n\n[[profile]]\nname = "{PROFILE}"\nlocations = ["Liverpool"]\n')
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "XDG_DATA_HOME": str(tmp),
           "REPWATCH_CONFIG": str(config)}
    rw = [sys.executable, "-m", "repwatch"]
    commands = {
        "--help": [*rw, "--help"],
        "search --help": [*rw, "search", "--help"],
        "mentions --json (empty database)": [*rw, "--db", str(empty), "mentions", "--json"],
        "mentions --json": [*rw, "mentions", "--json", "--limit", "20"],
        "mentions --search school --json": [*rw, "mentions", "--search", "school", "--json", "--limit", "20"],
        "show 1": [*rw, "show", "1"],
        "show 1 --json": [*rw, "show", "1", "--json"],
        "status": [*rw, "status"],
        "namesakes": [*rw, "namesakes"],
        "blocked": [*rw, "blocked"],
        "plan --help": [*rw, "plan", "--help"],
    }
    bare = [sys.executable, "-c", "pass"]
    for args in (bare, *commands.values()):  # warm the file cache, and fail early on a broken command
        once(args, env)
    load = os.getloadavg()[0]
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ["bare", *commands]}
    for _ in range(runs):
        samples["bare"].append(once(bare, env))
        for name, args in commands.items():
            samples[name].append(once(args, env))
    wall0 = statistics.median(w for w, _ in samples["bare"])
    cpu0 = statistics.median(c for _, c in samples["bare"])
    print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {runs}, "
          f"interleaved; bare Python: {wall0 * 1000:.0f} ms wall, {cpu0 * 1000:.0f} ms CPU")
    print("| command | wall over bare Python | ratio | CPU over bare Python | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name in commands:
        wall = statistics.median(w for w, _ in samples[name])
        cpu = statistics.median(c for _, c in samples[name])
        print(f"| `repwatch {name}` | +{(wall - wall0) * 1000:.0f} ms | {wall / wall0:.2f}x | "
              f"+{(cpu - cpu0) * 1000:.0f} ms | {cpu / cpu0:.2f}x |")
    print("goal: each <= +50 ms over bare Python")
    heavy = subprocess.run([*rw, "--help"], capture_output=True, text=True, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}
                           ).stderr
    loaded = [m for m in HEAVY if f" {m}\n" in heavy or f" {m}." in heavy]
    print(f"heavy modules loaded by --help: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
