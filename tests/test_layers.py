"""Imports point down the flow and form no cycle.

The flow: ingest -> nlp -> actors -> events -> pipeline -> store -> query -> export -> runs ->
api (with web), and the applications (cli, eval, bench, ...) on top. A layer imports only the
core modules and the layers before it, so that, say, the event coder never depends on the
database, and the runs (ingest, recode, batch) are the one place where the pipeline meets the
store.

What counts as an import, deliberately:

- ``import dyads.a.b`` (with or without ``as``) depends on ``dyads.a.b``;
- ``from dyads.a import b`` depends on the package ``dyads.a`` (its namespace is read, so its
  ``__init__`` must have run: this is the form that breaks, or silently leans on a fallback,
  when the package is still initialising) and on ``dyads.a.b`` too when ``b`` is a module;
  ``from dyads import x`` is the same rule one level up, and relative imports are resolved first;
- imports inside functions and under ``if TYPE_CHECKING:`` count like the others: a lazy or
  type-only import still ties the two modules together, and hiding a cycle there is how cycles
  come back;
- not counted: the implicit run of parent packages (every ``import dyads.a.b`` runs
  ``dyads/__init__`` and ``dyads/a/__init__`` first): counting it would make every package
  that re-exports its own modules a cycle. Imports by computed name (``importlib``) are not
  seen; the CLI loads its command modules that way, and they sit at the top anyway.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
CORE = {"model", "errors", "registry", "limits", "config", "version"}
FLOW = [
    "ingest",
    "nlp",
    "actors",
    "events",
    "pipeline",
    "store",
    "query",
    "export",
    "runs",
    "api",
]
# The dashboard is served by the API app and reuses its routes: one stage, two packages.
SAME_STAGE = {"web": "api"}
# Application-level modules may import any stage; nothing below them imports them. "dyads"
# is the package itself: the public facade (extract, Pipeline, ...), for users, not for layers.
APPS = {"cli", "eval", "demo", "checks", "bench", "__main__", "dyads"}

Graph = dict[str, dict[str, int]]  # module -> {imported module: first line}


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root``, by dotted name (packages by their own)."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, known: dict[str, Path], package: str) -> dict[str, int]:
    top = package.split(".")[0]
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        if name in known and name != module:
            out.setdefault(name, line)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == top:
                    add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != top:
                continue
            add(base, node.lineno)
            for alias in node.names:
                add(f"{base}.{alias.name}", node.lineno)
    return out


def import_graph(root: Path, package: str = "dyads") -> Graph:
    known = module_files(root, package)
    return {name: _imports(name, path, known, package) for name, path in known.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def describe(graph: Graph, group: list[str]) -> str:
    """One shortest loop through the group's first module, with the line of each import."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if nxt not in members:
                continue
            if nxt == start:
                loop = [node]
                while loop[-1] != start:
                    loop.append(came_from[loop[-1]])
                loop.reverse()
                pairs = zip(loop, [*loop[1:], start], strict=True)
                steps = [f"{a} (line {graph[a][b]})" for a, b in pairs]
                return " -> ".join([*steps, start])
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return ", ".join(group)


def stage_of(module: str) -> str:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else parts[0]
    return SAME_STAGE.get(name, name)


def upward_imports(graph: Graph, module: str) -> list[str]:
    """What ``module`` imports against the flow, one line each."""
    here = stage_of(module)
    wrong: list[str] = []
    for target, line in sorted(graph[module].items()):
        there = stage_of(target)
        if there in CORE or there == here:
            continue
        if here in CORE:
            wrong.append(f"line {line}: core module {module} imports {target}")
        elif here in APPS:
            continue
        elif there in APPS:
            wrong.append(f"line {line}: {module} imports the application module {target}")
        elif here not in FLOW or there not in FLOW:
            wrong.append(f"line {line}: {module} -> {target}: a stage test_layers doesn't know")
        elif FLOW.index(there) > FLOW.index(here):
            wrong.append(f"line {line}: {module} imports {target}, later in the flow")
    return wrong


GRAPH = import_graph(SRC)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down_the_flow(module: str) -> None:
    wrong = upward_imports(GRAPH, module)
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    found = [g for g in cycles(GRAPH) if not all(m.startswith("dyads.events.") for m in g)]
    loops = [describe(GRAPH, g) for g in found]
    assert not loops, "import cycles:\n" + "\n".join(loops)


# The engine <-> obligation / salience cycle (the Draft type) belongs to the rewrite of
# events/ into stages on the `pipeline` branch (wt-pipeline); when that branch is merged this
# passes, and strict=True makes the lead drop the mark instead of forgetting it.
def test_no_import_cycles_in_events() -> None:
    found = [g for g in cycles(GRAPH) if any(m.startswith("dyads.events.") for m in g)]
    loops = [describe(GRAPH, g) for g in found]
    assert not loops, "import cycles:\n" + "\n".join(loops)


# --- the checker itself, on small packages written here -------------------------------------


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _cycles_of(tmp_path: Path, files: dict[str, str]) -> list[list[str]]:
    return cycles(import_graph(_package(tmp_path, files), "pkg"))


def test_a_cycle_of_plain_module_imports_is_found(tmp_path: Path) -> None:
    # The ingest readers' shape: a -> b -> c -> a, with an innocent d beside them.
    found = _cycles_of(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import x\n",
            "pkg/b.py": "import pkg.c\n",
            "pkg/c.py": "from pkg.a import y\n",
            "pkg/d.py": "from pkg.a import y\n",
        },
    )
    assert found == [["pkg.a", "pkg.b", "pkg.c"]]


def test_from_a_package_import_a_module_depends_on_the_package(tmp_path: Path) -> None:
    # store <-> store.base and dyads <-> pipeline: the package's __init__ imports a module
    # that reads a name back from the package it is part of.
    files = {
        "pkg/__init__.py": "from pkg.pipeline import run\n",
        "pkg/registry.py": "",
        "pkg/pipeline.py": "from pkg import registry\n",
        "pkg/store/__init__.py": "from pkg.store.base import Store\n",
        "pkg/store/schema.py": "",
        "pkg/store/base.py": "from pkg.store import schema\n",
    }
    found = _cycles_of(tmp_path, files)
    assert found == [["pkg", "pkg.pipeline"], ["pkg.store", "pkg.store.base"]]


def test_the_module_forms_of_the_same_imports_make_no_cycle(tmp_path: Path) -> None:
    # The fixes: name the module itself; running the parent packages first is not counted.
    files = {
        "pkg/__init__.py": "from pkg.pipeline import run\n",
        "pkg/registry.py": "",
        "pkg/pipeline.py": "import pkg.registry as registry\nfrom pkg.registry import get\n",
        "pkg/store/__init__.py": "from pkg.store.base import Store\n",
        "pkg/store/schema.py": "",
        "pkg/store/base.py": "from pkg.store.schema import TABLES\n",
    }
    graph = import_graph(_package(tmp_path, files), "pkg")
    assert cycles(graph) == []
    assert graph["pkg.pipeline"] == {"pkg.registry": 1}


def test_imports_in_functions_and_type_checking_blocks_count(tmp_path: Path) -> None:
    # api <-> web views (a lazy import in the app factory) and the events engine's Draft type.
    files = {
        "pkg/__init__.py": "",
        "pkg/api/__init__.py": "",
        "pkg/api/app.py": "def create():\n    from pkg.web.views import router\n",
        "pkg/api/routes.py": "",
        "pkg/web/__init__.py": "",
        "pkg/web/views.py": "from pkg.api.app import create\n",
        "pkg/engine.py": "from pkg.salience import settle\n",
        "pkg/salience.py": "import typing\nif typing.TYPE_CHECKING:\n    import pkg.engine\n",
    }
    found = _cycles_of(tmp_path, files)
    assert found == [["pkg.api.app", "pkg.web.views"], ["pkg.engine", "pkg.salience"]]


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    # eval's shape: the package __init__ imports sets, and sets reads a module off the package.
    files = {
        "pkg/__init__.py": "",
        "pkg/eval/__init__.py": "from .sets import SETS\n",
        "pkg/eval/readers.py": "",
        "pkg/eval/sets.py": "from . import readers\n",
    }
    graph = import_graph(_package(tmp_path, files), "pkg")
    assert cycles(graph) == [["pkg.eval", "pkg.eval.sets"]]
    assert "pkg.eval.sets (line 1)" in describe(graph, ["pkg.eval", "pkg.eval.sets"])


def test_upward_imports_are_reported_with_their_line(tmp_path: Path) -> None:
    files = {
        "dyads/__init__.py": "",
        "dyads/model.py": "",
        "dyads/events/__init__.py": "",
        "dyads/events/engine.py": "import dyads.model\n\ndef f():\n    import dyads.store.base\n",
        "dyads/store/__init__.py": "",
        "dyads/store/base.py": "from dyads import model\nfrom dyads.cli import main\n",
        "dyads/cli/__init__.py": "import dyads.store.base\n",
    }
    graph = import_graph(_package(tmp_path, files))
    assert upward_imports(graph, "dyads.events.engine") == [
        "line 4: dyads.events.engine imports dyads.store.base, later in the flow"
    ]
    assert upward_imports(graph, "dyads.store.base") == [
        "line 1: dyads.store.base imports the application module dyads",
        "line 2: dyads.store.base imports the application module dyads.cli",
    ]
    assert upward_imports(graph, "dyads.cli") == []
