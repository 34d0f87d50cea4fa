"""Where the suite's CPU goes, per test file: an opt-in pytest plugin, not loaded by default.

    pytest -p tests.cpu_probe                  # each test process writes .pytest_cache/cpu-probe/PID.jsonl
    python -m tests.cpu_probe                  # then: CPU seconds per file, and each process's start-up

Each test's CPU is ``getrusage`` of the test process (its threads: in-process servers, the page in a
thread) plus that of the children it waited for during the test (`repwatch` processes, pexpect, a
module's Chromium when it is closed, in the module's last test). Not counted: processes that
leave on their own (Dovecot's master) and what runs outside the test processes. With ``-n 0`` it
times one file without xdist; a figure taken while the machine is busy runs high (CPU time grows
when more processes than cores share them), so compare before and after at the same load.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

FOLDER = Path(os.environ.get("REPWATCH_CPU_PROBE", ".pytest_cache/cpu-probe"))


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class _Probe:
    def __init__(self) -> None:
        FOLDER.mkdir(parents=True, exist_ok=True)
        self.out = (FOLDER / f"{os.getpid()}.jsonl").open("a", encoding="utf-8")

    def write(self, **row: object) -> None:
        self.out.write(json.dumps(row) + "\n")
        self.out.flush()


_probe: _Probe | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _probe
    _probe = _Probe()


def pytest_collection_finish(session: pytest.Session) -> None:
    own, children = _cpu()
    if _probe is not None:
        _probe.write(event="collected", own=own, children=children, at=time.time())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    own, children, started = *_cpu(), time.time()
    yield
    own_after, children_after = _cpu()
    nodeid = item.nodeid
    if nodeid.rfind("@") > nodeid.rfind("]"):  # a group's test: its id without xdist's "@group"
        nodeid = nodeid.rpartition("@")[0]
    if _probe is not None:
        _probe.write(test=nodeid, own=own_after - own,
                     children=children_after - children, wall=time.time() - started, at=started)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    own, children = _cpu()
    if _probe is not None:
        _probe.write(event="finishing", own=own, children=children, at=time.time())


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    own, children = _cpu()
    if _probe is not None:
        _probe.write(event="unconfigured", own=own, children=children, at=time.time())


def summary(folder: Path = FOLDER, top: int = 40) -> str:
    """CPU seconds per file (own, children, sum) and wall seconds summed over its tests, the costliest first."""
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    starts = []
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("event") == "collected":
                starts.append(row["own"])
            elif "test" in row:
                entry = files[str(row["test"]).split("::")[0]]
                entry[0] += row["own"]
                entry[1] += row["children"]
                entry[2] += row["wall"]
                entry[3] += 1
    lines = [f"{'file':48} {'own':>6} {'child':>6} {'CPU':>6} {'wall':>7} tests"]
    ordered = sorted(files.items(), key=lambda item: -(item[1][0] + item[1][1]))
    for name, (own, children, wall, count) in ordered[:top]:
        lines.append(f"{name:48} {own:6.1f} {children:6.1f} {own + children:6.1f} {wall:7.1f} {count:5d}")
    own = sum(entry[0] for entry in files.values())
    children = sum(entry[1] for entry in files.values())
    lines.append(f"{'all ' + str(sum(int(e[3]) for e in files.values())) + ' tests':48} {own:6.1f} {children:6.1f} "
                 f"{own + children:6.1f}")
    lines.append(f"each test process's start-up and collection: {', '.join(f'{s:.1f}' for s in starts)} CPU s")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER))
