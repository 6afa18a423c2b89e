"""The code's shape: dependencies go one way (API and CLI → search → index), without cycles; files stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Where each subpackage of ``tongwen`` lives in a checkout.
PACKAGES = {"tongwen.index": ROOT / "index", "tongwen.search": ROOT / "search", "tongwen.api": ROOT / "api",
            "tongwen": ROOT / "tongwen"}
# What each layer may import from the others (a layer always may import itself).
ALLOWED = {
    "tongwen": {"tongwen.index", "tongwen.search", "tongwen.api"},  # the CLI and the library, at the top
    "tongwen.api": {"tongwen.index", "tongwen.search"},
    "tongwen.search": {"tongwen.index"},
    "tongwen.index": set(),
}
# Configuration at the package top (where the index lives by default), which every layer may read: it imports no
# other module of the package.
CONFIGURATION = {"tongwen.paths"}
MAX_SEARCH_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package, *parts))
            if package == "tongwen" or not name.startswith("tongwen.") or name not in found:
                found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every tongwen module ``name`` imports, at module level or inside a function."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _layer(module: str) -> str:
    for package in ("tongwen.index", "tongwen.search", "tongwen.api"):
        if module == package or module.startswith(package + "."):
            return package
    return "tongwen"


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_modules_are_found_where_the_packages_live(graph):
    assert {"tongwen.cli", "tongwen.search.searcher", "tongwen.index.store", "tongwen.api.app"} <= set(graph)


def test_dependencies_go_one_way_from_the_api_and_cli_through_search_to_index(graph):
    wrong = sorted((a, b) for a, targets in graph.items() for b in targets
                   if _layer(b) != _layer(a) and _layer(b) not in ALLOWED[_layer(a)] and b not in CONFIGURATION)
    assert wrong == []
    assert all(graph[module] <= {"tongwen"} for module in CONFIGURATION)


def test_no_module_imports_itself_back_through_others(graph):
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_file_of_the_search_package_is_over_400_lines():
    long = {p.name: n for p in (ROOT / "search").glob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_SEARCH_LINES}
    assert long == {}


def test_the_readme_diagram_names_every_module_and_no_other():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## How it works")
    diagram = text[text.index("```", start): text.index("```", text.index("```", start) + 3)]
    missing = sorted(f"{folder.name}/{path.relative_to(folder).as_posix()}"
                     for folder in (ROOT / "index", ROOT / "search", ROOT / "api", ROOT / "tongwen")
                     for path in folder.rglob("*.py")
                     if path.stem not in ("__init__", "__main__") and path.name not in diagram)
    assert missing == []
    modules = {path.name for folder in ("index", "search", "api", "tongwen") for path in (ROOT / folder).rglob("*.py")}
    assert sorted(set(re.findall(r"[a-z_]+\.py", diagram)) - modules) == []


def _rebound(path: Path) -> list[str]:
    """The names a module binds more than once at its top level (``X = …`` twice)."""
    bound: dict[str, int] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else [])
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                    bound[name.id] = bound.get(name.id, 0) + 1
    return sorted(name for name, times in bound.items() if times > 1)


def test_no_module_binds_a_top_level_name_twice():
    # A pattern defined again lower down a long module silently replaces the first for every rule above that reads
    # it by name (a headline rule's number pattern once shadowed the wrap rule's).
    rebound = {str(path.relative_to(ROOT)): names for path in _modules().values() if (names := _rebound(path))}
    assert rebound == {}
