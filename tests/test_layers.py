"""Imports point down the flow: ingest -> nlp -> actors -> events -> store -> query -> ...

A stage imports only the core modules and the stages before it, so that, say, the event
coder never depends on the database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dyads"
CORE = {"model", "errors", "registry", "limits", "config"}
FLOW = ["ingest", "nlp", "actors", "events", "pipeline", "store", "query", "export", "api"]
# The dashboard is served by the API app and reuses its routes: one stage, two packages.
SAME_STAGE = {"web": "api"}
# Application-level packages may import any stage; nothing imports them.
APPS = {"cli", "runs", "eval", "demo", "checks", "bench", "__init__", "__main__"}


def stage_of(module: str) -> str:
    name = module.split(".")[1] if module.count(".") else module
    return SAME_STAGE.get(name, name)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dyads."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dyads."))
    return found


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_the_flow(path: Path) -> None:
    here = stage_of("dyads." + path.relative_to(SRC).parts[0].removesuffix(".py"))
    for module in imports_of(path):
        there = stage_of(module)
        if there in CORE or there == here:
            continue
        assert here not in CORE, f"core module {here} imports {module}"
        if here in APPS:
            continue
        assert there not in APPS, f"{here} imports the application module {module}"
        assert FLOW.index(there) < FLOW.index(here), f"{here} imports {module}, later in the flow"
