"""How long `repwatch --help` takes to start, against a bare `python -c pass`.

Goal: under 50 ms more than bare Python (urlwatch takes about 100 ms more). It also checks that
--help imports no HTTP, database or template code.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

import repwatch

RUNS = 15


def timed(args: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    # pip compiles an installed package's bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE)
    # would otherwise recompile repwatch's modules on every start and measure that instead
    compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)
    bare = timed([sys.executable, "-c", "pass"])
    helped = timed([sys.executable, "-m", "repwatch", "--help"])
    heavy = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "repwatch", "--help"], capture_output=True, text=True
    ).stderr
    loaded = [m for m in ("httpx", "sqlite_utils", "jinja2", "pydantic", "rich", "apscheduler", "bs4")
              if f" {m}\n" in heavy or f" {m}." in heavy]
    print(f"python -c pass:      {bare * 1000:6.1f} ms")
    print(f"repwatch --help:     {helped * 1000:6.1f} ms")
    print(f"extra:               {(helped - bare) * 1000:6.1f} ms (goal < 50 ms)")
    print(f"ratio:               {helped / bare:6.2f}x")
    print(f"heavy modules loaded by --help: {', '.join(loaded) or 'none'}")
    reads()


def reads() -> None:
    """Every read command against a store of 1,000 mentions, each as extra time over bare Python."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import cached

    db = str(cached(1000))
    bare = timed([sys.executable, "-c", "pass"])
    print("read commands on a store of 1,000 mentions (goal: each <= +50 ms over bare Python):")
    for args in (["--help"], ["search", "--help"], ["mentions", "--json"], ["mentions", "--search", "school", "--json"],
                 ["show", "1"], ["show", "1", "--json"], ["blocked"], ["plan", "--help"]):
        took = timed([sys.executable, "-m", "repwatch", "--db", db, *args])
        print(f"  repwatch {' '.join(args):38} +{(took - bare) * 1000:5.0f} ms ({took / bare:.2f}x bare Python)")


if __name__ == "__main__":
    main()
