"""One registry for every swappable part: extractors, their stages, stores.

Names carry a version ("rules/1"). Built-ins register exactly as a third-party plugin would:
through the entry point groups ``dyads.<kind>`` or through :func:`register`. The built-ins
are listed in one place, :data:`BUILTINS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from dyads.errors import RegistryError

# kind -> name -> "module:attribute"; imported lazily so that `dyads --help` stays fast.
BUILTINS: dict[str, dict[str, str]] = {
    "extractors": {
        "rules/1": "dyads.events.rules:RulesExtractor",
        "hybrid/1": "dyads.events.gate:HybridExtractor",
        "llm/1": "dyads.events.llm.stage:LLMExtractor",
    },
    # The steps extractors are made of (docs/architecture.md): each a factory taking the
    # extractor's options (dictionary, pattern_files, codebook ...) as keywords.
    "stages": {
        "rules.triggers/1": "dyads.events.rules:TriggerStage",
        "rules.roles/1": "dyads.events.rules:RoleStage",
        "rules.salience/1": "dyads.events.rules:SalienceStage",
        "rules.incidents/1": "dyads.events.incidents:IncidentStage",
        "rules.context/1": "dyads.events.resolve:ArticleContextStage",
        "modality/1": "dyads.events.mood:ModalityStage",
        "event-type/1": "dyads.events.shared:EventTypeStage",
        "claims/1": "dyads.events.shared:ClaimsStage",
        "when-where/1": "dyads.events.shared:WhenWhereStage",
        "assemble/1": "dyads.events.shared:AssembleStage",
        "gate/1": "dyads.events.gate:GateStage",
        "types/1": "dyads.events.type_scorer:TypeStage",
        "llm.propose/1": "dyads.events.llm.stage:ProposeStage",
        "llm.verify/1": "dyads.events.llm.stage:VerifyStage",
    },
    "stores": {
        "duckdb": "dyads.store.duckdb:DuckDBStore",
        "postgresql": "dyads.store.postgres:PostgresStore",
    },
}

_registered: dict[str, dict[str, Callable[..., Any]]] = {}


def register(kind: str, name: str, factory: Callable[..., Any]) -> None:
    _registered.setdefault(kind, {})[name] = factory


def _entry_points(kind: str) -> Any:
    # importlib.metadata costs ~40 ms to import: only asked when a name is not built in
    from importlib.metadata import entry_points

    return entry_points(group=f"dyads.{kind}")


def names(kind: str) -> list[str]:
    found = set(BUILTINS.get(kind, {})) | set(_registered.get(kind, {}))
    found |= {ep.name for ep in _entry_points(kind)}
    return sorted(found)


def get(kind: str, name: str) -> Callable[..., Any]:
    if name in _registered.get(kind, {}):
        return _registered[kind][name]
    target = BUILTINS.get(kind, {}).get(name)
    if target is None:
        for ep in _entry_points(kind):
            if ep.name == name:
                factory: Callable[..., Any] = ep.load()
                return factory
        known = ", ".join(names(kind)) or "none"
        raise RegistryError(f"no {kind[:-1]} named {name!r} (known: {known})")
    module, _, attr = target.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    return factory
