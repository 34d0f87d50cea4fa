"""The shape of the code: no import cycles, and the layers import one way (pyproject's import contract)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import cycle between repwatch's modules, each as the path that closes it."""
    modules = sorted(m for m in graph.modules if m.startswith("repwatch"))
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i.startswith("repwatch"))
             for m in modules}
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in edges[module]:
            if state.get(target) == 1:
                found.append(path[path.index(target):] + [module, target] if target in path else [module, target])
            elif target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module, [])
    return found


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("repwatch")
    assert _cycles(graph) == []


def test_the_layers_import_one_way() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert "Contracts: 1 kept, 0 broken." in done.stdout, done.stdout[-3000:]
    assert done.returncode == 0
