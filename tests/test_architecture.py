"""The package's layers, checked over its import graph (read with ``ast``, nothing imported).

Layers are the subpackages (``vault_sync.notes``, ``vault_sync.dav``, ...) and the
top-level modules (``vault_sync.errors``, ``vault_sync.state``, ...); the rules below say
which layer may import which. Besides them:

* no import cycle between modules (strongly connected components of the module-level
  imports; an ``if TYPE_CHECKING:`` import is not a cycle, and an import of names from a
  package is an edge to its ``__init__``, so re-exports count);
* no import of a vault_sync module inside a function, except in the ``cli`` package,
  which imports command implementations lazily to start fast. A deferred import hides a
  dependency (and usually a cycle) from readers and from this test.

A failure lists every offending edge with the rule it breaks. The checker itself is tested
on small made-up graphs at the end, so a rule cannot silently stop working.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "vault_sync"

Kind = Literal["module", "function", "type"]  # where the import statement sits


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module, "vault_sync.notes.model"
    target: str  # the imported module, "vault_sync.notes.when"
    line: int
    kind: Kind

    def __str__(self) -> str:
        where = {"module": "", "function": " (inside a function)", "type": " (TYPE_CHECKING)"}
        return f"{self.source} -> {self.target} (line {self.line}){where[self.kind]}"


@dataclass(frozen=True)
class Rule:
    """Modules of layer ``layer`` may import (``allow``) or may not import (``deny``) ..."""

    name: str
    layer: str
    allow: frozenset[str] | None = None  # only these layers (its own is always allowed)
    deny: frozenset[str] = frozenset()
    runtime_only: bool = False  # TYPE_CHECKING imports are exempt

    def breaks(self, edge: Edge) -> bool:
        if layer_of(edge.source) != self.layer or (self.runtime_only and edge.kind == "type"):
            return False
        target = layer_of(edge.target)
        if target == self.layer:
            return False
        if self.allow is not None and target not in self.allow:
            return True
        return target in self.deny


def _set(*layers: str) -> frozenset[str]:
    return frozenset(layers)


RULES: tuple[Rule, ...] = (
    Rule(
        "the pure core (notes) reads bytes into typed notes: it may use only i18n and errors",
        "notes",
        allow=_set("i18n", "errors"),
    ),
    Rule(
        "the pure core (render) turns typed notes into bytes: "
        "it may use only notes, i18n and errors",
        "render",
        allow=_set("notes", "i18n", "errors"),
    ),
    Rule(
        "i18n is plain data and rendering: no vault_sync module at run time",
        "i18n",
        allow=_set(),
        runtime_only=True,
    ),
    Rule("errors may import only i18n", "errors", allow=_set("i18n")),
    Rule(
        "dav (the WebDAV client) knows nothing of build, sync, daemon or cli",
        "dav",
        deny=_set("build", "sync", "daemon", "cli"),
    ),
    Rule(
        "build knows nothing of publishing (sync, dav), the daemon or the cli",
        "build",
        deny=_set("sync", "dav", "daemon", "cli"),
    ),
    Rule("sync knows nothing of the daemon or the cli", "sync", deny=_set("daemon", "cli")),
    Rule("daemon knows nothing of the cli", "daemon", deny=_set("cli")),
)

# Layers allowed to import vault_sync modules inside functions.
LAZY_IMPORTS_ALLOWED = _set("cli")


def layer_of(module: str) -> str:
    """``vault_sync.notes.model`` -> ``notes``; ``vault_sync.errors`` -> ``errors``;
    the package itself -> ``vault_sync``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


# --- reading the graph ------------------------------------------------------------------


def module_files(root: Path = ROOT / PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, kind: Kind = "module") -> Iterator[tuple[ast.stmt, Kind]]:
    """Every import statement with where it sits: module level (class bodies and
    ``try``/``if`` blocks included, they run at import), a function, ``if TYPE_CHECKING``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, kind
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _imports(node, "function")
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), "type")
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), kind)
        else:
            yield from _imports(node, kind)


def _targets(node: ast.stmt, module: str, is_package: bool, known: Iterable[str]) -> list[str]:
    """The vault_sync modules one import statement loads, as named in it."""
    modules = set(known)
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        assert isinstance(node, ast.ImportFrom)
        base = node.module or ""
        if node.level:  # relative: resolved against the importing module's package
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        # ``from pkg import name``: the submodule if there is one, else pkg's __init__
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
            for alias in node.names
        ]
    targets = []
    for name in names:
        while name and name not in modules:  # "vault_sync.x.Name" -> "vault_sync.x"
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] == PACKAGE and name not in targets:
            targets.append(name)
    return targets


def import_graph(files: Mapping[str, Path]) -> list[Edge]:
    edges = []
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node, kind in _imports(tree):
            for target in _targets(node, module, is_package, files):
                if target != module:
                    edges.append(Edge(module, target, node.lineno, kind))
    return edges


# --- the checks -------------------------------------------------------------------------


def cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative), over
    the module-level imports (TYPE_CHECKING ones never run; imports inside functions are
    reported on their own)."""
    graph: dict[str, list[str]] = {}
    for edge in edges:
        if edge.kind == "module":
            graph.setdefault(edge.source, []).append(edge.target)
            graph.setdefault(edge.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def violations(edges: Sequence[Edge], rules: Sequence[Rule] = RULES) -> list[str]:
    """One line per broken rule and edge; empty when the graph keeps every rule."""
    problems = [f"{edge}: {rule.name}" for edge in edges for rule in rules if rule.breaks(edge)]
    problems += [
        f"{edge}: import vault_sync modules at the top of the module "
        f"(only {', '.join(sorted(LAZY_IMPORTS_ALLOWED))} may import lazily)"
        for edge in edges
        if edge.kind == "function" and layer_of(edge.source) not in LAZY_IMPORTS_ALLOWED
    ]
    for component in cycles(edges):
        members = set(component)
        inside = [
            str(e)
            for e in edges
            if e.kind == "module" and e.source in members and e.target in members
        ]
        problems.append(
            f"import cycle between {', '.join(component)}: " + "; ".join(sorted(inside))
        )
    return problems


# --- the package ------------------------------------------------------------------------


def test_the_import_graph_keeps_the_layers() -> None:
    edges = import_graph(module_files())
    assert len(edges) > 100  # the graph was read, not an empty walk
    problems = violations(edges)
    assert not problems, "the import graph breaks its rules:\n" + "\n".join(problems)


def test_every_layer_named_in_a_rule_exists() -> None:
    layers = {layer_of(module) for module in module_files()}
    named = set(LAZY_IMPORTS_ALLOWED)
    for rule in RULES:
        named |= {rule.layer, *rule.deny, *(rule.allow or ())}
    assert named <= layers, named - layers


def test_the_pure_core_loads_no_io_library() -> None:
    """Checking notes and rendering feeds is pure: importing them must not load HTTP,
    file watching or a database (which would also slow every worker's start)."""
    script = (
        "import sys\n"
        "import vault_sync.notes.check, vault_sync.render.feeds\n"
        "heavy = ('requests', 'urllib3', 'watchdog', 'sqlite3', '_sqlite3')\n"
        "print(' '.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [], f"the pure core imports {loaded}"


# --- the checker on made-up graphs --------------------------------------------------------


def _edge(source: str, target: str, kind: Kind = "module") -> Edge:
    return Edge(f"vault_sync.{source}", f"vault_sync.{target}", 1, kind)


GOOD = [
    _edge("render.feeds", "notes.model"),
    _edge("render.feeds", "i18n"),
    _edge("notes.check", "errors"),
    _edge("errors", "i18n"),
    _edge("i18n", "i18n.notes"),
    _edge("i18n", "notes.model", "type"),
    _edge("sync.publish", "dav.client"),
    _edge("sync.publish", "build.engine"),
    _edge("daemon.loop", "sync.publish"),
    _edge("cli", "daemon.loop", "function"),
    _edge("cli", "importer", "type"),
    _edge("notes.model", "notes.when", "type"),
    _edge("notes.when", "notes.model", "module"),
]


def test_the_checker_accepts_a_graph_that_keeps_the_rules() -> None:
    assert violations(GOOD) == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (_edge("notes.when", "render.dates"), "the pure core (notes)"),
        (_edge("notes.check", "state"), "the pure core (notes)"),
        (_edge("notes.check", "build.engine", "type"), "the pure core (notes)"),
        (_edge("render.feeds", "config"), "the pure core (render)"),
        (Edge("vault_sync.render.ical", "vault_sync", 1, "module"), "the pure core (render)"),
        (_edge("i18n", "notes.model"), "i18n is plain data"),
        (_edge("errors", "notes.model"), "errors may import only i18n"),
        (_edge("dav.client", "sync.plan"), "dav (the WebDAV client)"),
        (_edge("build.engine", "dav.client"), "build knows nothing"),
        (_edge("sync.publish", "daemon.loop", "type"), "sync knows nothing"),
        (_edge("daemon.loop", "cli"), "daemon knows nothing of the cli"),
        (_edge("sync.publish", "dav.client", "function"), "at the top of the module"),
        (_edge("errors", "i18n", "function"), "at the top of the module"),
        (_edge("notes.model", "notes.when"), "import cycle between vault_sync.notes.model"),
    ],
)
def test_the_checker_reports_a_bad_edge_and_the_rule_it_breaks(bad: Edge, message: str) -> None:
    problems = violations([*GOOD, bad])
    assert len(problems) == 1, problems
    assert problems[0].startswith(str(bad) if "cycle" not in message else "import cycle")
    assert message in problems[0]


def test_the_checker_finds_a_long_cycle_and_names_its_edges() -> None:
    ring = [
        _edge("sync.plan", "sync.folder"),
        _edge("sync.folder", "sync.publish"),
        _edge("sync.publish", "sync.plan"),
        _edge("sync.publish", "dav.client"),  # hangs off the ring, not part of it
    ]
    members = ["vault_sync.sync.folder", "vault_sync.sync.plan", "vault_sync.sync.publish"]
    assert cycles(ring) == [members]
    (problem,) = violations(ring)
    assert "vault_sync.sync.publish -> vault_sync.sync.plan (line 1)" in problem
    assert "dav.client" not in problem
    type_only = [*ring[:2], _edge("sync.publish", "sync.plan", "type")]
    assert cycles(type_only) == []


def test_imports_are_read_with_where_they_sit(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    (package / "dav").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "errors.py").write_text("")
    (package / "dav" / "__init__.py").write_text("from .client import Client\n")
    (package / "dav" / "client.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import requests\n"
        "from vault_sync.errors import Problem\n"
        "from vault_sync import errors\n"
        "from . import pool\n"
        "if TYPE_CHECKING:\n"
        "    from vault_sync.dav import Client\n"
        "def f():\n"
        "    import vault_sync.dav.pool\n"
    )
    (package / "dav" / "pool.py").write_text("from ..dav import Client\n")
    edges = {(e.source, e.target, e.kind) for e in import_graph(module_files(package))}
    assert edges == {
        ("vault_sync.dav", "vault_sync.dav.client", "module"),
        ("vault_sync.dav.client", "vault_sync.errors", "module"),
        ("vault_sync.dav.client", "vault_sync.dav.pool", "module"),
        ("vault_sync.dav.client", "vault_sync.dav", "type"),
        ("vault_sync.dav.client", "vault_sync.dav.pool", "function"),
        ("vault_sync.dav.pool", "vault_sync.dav", "module"),
    }
