"""benchmarks/places.py: the share of stored events with a place, on a corpus written here."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from dyads.bench import benchmarks_dir


def _places_bench() -> ModuleType:
    folder = benchmarks_dir()
    sys.path.insert(0, str(folder))  # it imports its sibling corpora.py
    try:
        spec = importlib.util.spec_from_file_location("bench_places", folder / "places.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


def test_counts_events_with_a_place_among_those_naming_one(tmp_path: Path) -> None:
    texts = ["Russian forces shelled a depot near Kharkiv.", "Rebels ambushed a convoy at dawn."]
    articles = [{"id": f"p{i}", "published": "2022-04-02", "text": t} for i, t in enumerate(texts)]
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    figures = _places_bench().measure([str(path)], tmp_path / "two.duckdb", sample=5)
    assert figures["events"] == 2
    assert figures["with_place"] == 1
    assert (figures["naming_with_place"], figures["events_naming_place"]) == (1, 1)
    assert figures["resolved_by"] == {"locative": 1}
    assert [s["place"] for s in figures["sample"]] == ["Kharkiv"]
