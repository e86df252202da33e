"""Layers that point one way (docs/architecture.md, issue 17 §2).

- The top-level packages of ``src/umfrage`` import each other without cycles: the graph is read
  statically from the AST of every module, imports inside functions included (a lazy import is a
  dependency all the same).
- The pure packages (questionnaire, surveyfolder, analysis, reporting) never import Django, not
  even through another package: statically they reach only pure packages, and a fresh
  interpreter that imports every one of their modules has no ``django`` in ``sys.modules``.
- The CLI and the admin web are two front doors onto the same library: neither reaches the other,
  not even through a third package, and no library package reaches either (what both need lives
  in the library, e.g. ``umfrage.governance``). Every import statement counts, also those inside
  functions, methods and ``if TYPE_CHECKING`` blocks, and so do ``importlib.import_module`` and
  ``__import__`` with a literal name.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import umfrage

ROOT = Path(umfrage.__file__).parent
PURE = ("questionnaire", "surveyfolder", "analysis", "reporting")
# Top-level modules of plain Python that the pure packages may use: reading environment variables
# (envconf), writing German numbers and dates (formatting), a wave's public title (titles), a
# questionnaire's longer texts as HTML (prose) and the list of languages Umfrage speaks
# (languages, issue 21: questionnaire texts, the register and the reports share it), and handing
# memory back to the operating system between the large steps of an export (memory, issue 23).
PURE_MODULES = ("envconf", "formatting", "titles", "prose", "languages", "memory")


def _package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


FRONT_DOORS = ("cli", "web")


def _imported(path: Path) -> set[str]:
    """The ``umfrage.*`` modules ``path`` imports anywhere in its body, as dotted names."""
    module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module.removesuffix(".__init__")
        package = module
    else:
        package = module.rsplit(".", 1)[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def _dynamic(node: ast.Call) -> str | None:
    """The literal module name of ``importlib.import_module("…")`` or ``__import__("…")``."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports_in(source: str, package: str) -> set[str]:
    """The ``umfrage.*`` modules ``source`` (a module of ``package``) imports anywhere."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (dynamic := _dynamic(node)):
            found.add(dynamic)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            # ``from umfrage import cli`` imports the package ``umfrage.cli``.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("umfrage.")}


def package_graph() -> dict[str, set[str]]:
    """Top-level package (or plain module) of ``src/umfrage`` → those it imports."""
    top = {p.name.removesuffix(".py") for p in ROOT.iterdir() if not p.name.startswith("_")}
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = _package_of(path)
        graph[source]
        for name in _imported(path):
            target = name.split(".")[1]
            if target in top and target != source:
                graph[source].add(target)
    return dict(graph)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for other in graph.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check below cannot pass vacuously."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_function_level_imports() -> None:
    graph = package_graph()
    # Function-level imports only (cli/report.py imports the loaders inside the command).
    assert "loaders" in graph["cli"]
    assert {"analysis", "questionnaire"} <= graph["reporting"]


def test_the_packages_import_each_other_without_cycles() -> None:
    assert cycles(package_graph()) == []


def test_the_import_scan_sees_every_kind_of_import() -> None:
    """The front-door checks below cannot pass because the scan overlooks an import."""
    source = """
import umfrage.a
from umfrage import b
from ... import c
from ...d import thing
if TYPE_CHECKING:
    from umfrage.e import Type
def f():
    from umfrage.f import g
    class Inner:
        def method(self):
            import umfrage.h.i
try:
    import umfrage.j
except ImportError:
    pass
importlib.import_module("umfrage.k")
__import__("umfrage.l")
"""
    # Relative imports resolved from a module of the subpackage ``umfrage.z.sub``.
    found = {name.split(".")[1] for name in imports_in(source, "umfrage.z.sub")}
    assert found == set("abcdefhjkl")


@pytest.mark.parametrize(("door", "other"), [("cli", "web"), ("web", "cli")])
def test_a_front_door_never_reaches_the_other(door: str, other: str) -> None:
    graph = package_graph()
    assert door in graph and other in graph
    assert other not in reachable(graph, door), _paths(graph, door, other)


def test_no_library_package_reaches_a_front_door() -> None:
    graph = package_graph()
    for package in sorted(set(graph) - set(FRONT_DOORS)):
        reached = reachable(graph, package) & set(FRONT_DOORS)
        assert not reached, f"{package} reaches {sorted(reached)}"


def test_the_front_door_check_finds_a_door_reached_through_a_third_package() -> None:
    graph = {"cli": {"lib"}, "lib": {"web"}, "web": set()}
    assert "web" in reachable(graph, "cli")
    assert _paths(graph, "cli", "web") == ["cli → lib → web"]


def _paths(graph: dict[str, set[str]], start: str, goal: str) -> list[str]:
    """How ``start`` reaches ``goal`` (shortest chains), for the failure message."""
    found: list[str] = []
    todo = [[start]]
    seen = {start}
    while todo and not found:
        step = []
        for chain in todo:
            for other in sorted(graph.get(chain[-1], ())):
                if other == goal:
                    found.append(" → ".join([*chain, other]))
                elif other not in seen:
                    seen.add(other)
                    step.append([*chain, other])
        todo = step
    return found


@pytest.mark.parametrize("package", PURE)
def test_a_pure_package_reaches_only_pure_packages(package: str) -> None:
    reached = reachable(package_graph(), package)
    allowed = set(PURE) | set(PURE_MODULES)
    assert reached <= allowed, sorted(reached - allowed)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_pure_module_imports_nothing_else_of_umfrage_and_no_django(module: str) -> None:
    assert reachable(package_graph(), module) <= {module}
    code = f"import sys, umfrage.{module}; print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("package", PURE)
def test_a_pure_package_imports_no_django(package: str) -> None:
    imported = __import__(f"umfrage.{package}", fromlist=["__path__"])
    modules = [m.name for m in pkgutil.walk_packages(imported.__path__, f"umfrage.{package}.")]
    assert modules, package
    code = "import importlib, sys\n"
    for name in (f"umfrage.{package}", *modules):
        code += f"importlib.import_module({name!r})\n"
        code += f"if 'django' in sys.modules: print({name!r}); sys.exit()\n"
    code += "print('pure')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "pure", f"{done.stdout.strip()} imports Django"
