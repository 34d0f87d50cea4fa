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


def test_every_top_level_module_has_a_layer() -> None:
    """A module left out of the contract would be free to import anything."""
    import tomllib

    layers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {part.strip().strip("()") for layer in layers for part in layer.split(":")}
    src = ROOT / "src" / "repwatch"
    children = {f"repwatch.{p.stem}" for p in src.glob("*.py") if p.stem not in ("__init__", "__main__")}
    children |= {f"repwatch.{p.parent.name}" for p in src.glob("*/__init__.py")}
    assert sorted(children - named) == []


def test_all_sql_is_behind_the_store() -> None:
    import re

    raw = re.compile(r"\.db\.(execute|query|executescript|conn)\b|\.db\[|\bsqlite3\.connect\(")
    outside = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "src" / "repwatch").rglob("*.py")
        if "adapters/store" not in path.as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line)
    ]
    assert outside == []


def test_library_modules_import_at_the_top() -> None:
    """Outside cli/, an import inside a function says why (`# lazy: …`): the graph stays visible."""
    import ast

    hidden = []
    for path in (ROOT / "src" / "repwatch").rglob("*.py"):
        if "cli" in path.relative_to(ROOT / "src" / "repwatch").parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        text = "\n".join(lines[inner.lineno - 1:inner.end_lineno])
                        if "# lazy:" not in text:
                            hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    """mypy checks all of src/; a silenced line names the one error it silences and the reason, so
    that it is never a blanket ignore (mypy's warn_unused_ignores removes the stale ones)."""
    import re

    ignore = re.compile(r"#\s*type:\s*ignore(?P<code>\[[a-z-]+(?:,\s*[a-z-]+)*\])?(?P<rest>.*)$")
    bare = []
    for path in (ROOT / "src" / "repwatch").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = ignore.search(line)
            if found and not (found["code"] and re.match(r"\s*#\s*\S", found["rest"])):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bare == []


LONGEST = 80  # lines from `def` to the function's last line


def long_functions(root: Path) -> list[str]:
    """Functions under ``root`` over LONGEST lines whose docstring does not say "Long because"."""
    import ast

    long = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST and "Long because" not in (ast.get_docstring(node) or ""):
                    long.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    return long


def test_no_function_is_over_80_lines_without_saying_why() -> None:
    """A function longer than a screen does several things: split it, or its docstring says why not
    ("Long because …")."""
    assert long_functions(ROOT / "src" / "repwatch") == []


def test_the_length_rule_names_a_long_function_unless_it_says_why(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LONGEST))
    (tmp_path / "m.py").write_text(
        f"def long():\n    \"\"\"Does one thing.\"\"\"\n{body}\n\n\n"
        f"async def excused():\n    \"\"\"Long because it is one table.\"\"\"\n{body}\n\n\n"
        "def short():\n    return 1\n", encoding="utf-8")
    assert long_functions(tmp_path) == [f"m.py:1 long ({LONGEST + 2} lines)"]


def test_pyproject_lists_each_dependency_once() -> None:
    """tomlkit was listed three times among the dependencies (each with its own reason and bound, which
    had begun to differ): every package is named once across the dependencies and the extras."""
    import re
    import tomllib
    from collections import Counter

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lists = [project["dependencies"], *project.get("optional-dependencies", {}).values()]
    names = Counter(re.split(r"[\s\[<>=!~;@]", requirement, maxsplit=1)[0].lower().replace("_", "-")
                    for requirement in (r for listed in lists for r in listed))
    assert names["tomlkit"] == 1 and names["apprise"] == 1
    assert [name for name, count in names.items() if count > 1] == []


def test_mypy_is_strict_over_the_whole_of_src() -> None:
    """cli/ was checked with the strict flags off (its commands' options untyped); no module of
    repwatch may turn one of them off again."""
    import tomllib

    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = ("check_untyped_defs", "disallow_untyped_defs", "disallow_incomplete_defs", "disallow_untyped_calls",
              "disallow_any_generics", "warn_return_any", "extra_checks")
    assert [flag for flag in strict if mypy.get(flag) is not True] == []
    loosened = [override["module"] for override in mypy.get("overrides", [])
                if any(str(module).startswith("repwatch") for module in override["module"])
                and any(override.get(flag) is False for flag in strict)]
    assert loosened == []
