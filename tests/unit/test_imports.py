"""The package's import graph has no circles, and ``import aiomastodon`` stays light.

Every ``import`` counts: at module level, under ``TYPE_CHECKING``, and inside functions
(a deferred import hides a circle; it does not remove it). Importing a submodule
imports its packages first, so a module's import of its own package is not a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import aiomastodon

PACKAGE = Path(aiomastodon.__file__).parent

# Status holds a Quote that holds a Status: the two entity pages refer to each other's
# types, which msgspec resolves when first decoding (the generator imports at the bottom).
ALLOWED = {frozenset({"aiomastodon.entities.quote", "aiomastodon.entities.status"})}


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                parts = target.split(".")
                for end in range(2, len(parts) + 1):  # a.b.c imports a.b first
                    prefix = ".".join(parts[:end])
                    if prefix in modules and prefix != name and not name.startswith(prefix + "."):
                        graph[name].add(prefix)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    circles = [c for c in _circles(_graph()) if frozenset(c) not in ALLOWED]
    assert circles == []


def test_the_checker_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [{"a", "b", "c"}]


def test_import_aiomastodon_loads_no_endpoint_module_and_no_aiohttp() -> None:
    code = (
        "import sys, aiomastodon\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('aiomastodon.api.')"
        " or m == 'aiohttp' or m.startswith('aiomastodon.streaming'))\n"
        "print(loaded)\n"
        "client = aiomastodon.Client('https://example.social')\n"
        "client.statuses\n"
        "print('aiomastodon.api.statuses' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["[]", "True"]


def test_every_module_imports_in_a_fresh_interpreter() -> None:
    # One interpreter per subpackage entry point: an import order no other test uses.
    names = sorted(name for name in _modules() if not name.endswith(".__main__"))
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for first in ("aiomastodon.errors", "aiomastodon.auth", "aiomastodon.cli"):
        order = [first, *(name for name in names if name != first)]
        subprocess.run([sys.executable, "-c", code, *order], timeout=120, check=True)
