"""The README's first command: ingest the bundled demo corpus, summarise, serve the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.query.summary import summary
from dyads.runs.ingest import IngestReport, ingest
from dyads.store import open_store

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "demo"
DEMO_DB = "demo.duckdb"


@dataclass
class DemoResult:
    db: Path
    report: IngestReport
    summary: dict[str, Any]


def find_corpus(path: str | Path | None = None) -> Path:
    for candidate in (path, Path.cwd() / "examples" / "demo", DEMO_CORPUS):
        if candidate is not None and Path(candidate).exists():
            return Path(candidate)
    raise InputError("examples/demo", "the demo corpus is missing; run from the project folder")


def run_demo(
    corpus: str | Path | None = None,
    *,
    db: str | Path = DEMO_DB,
    fresh: bool = True,
    progress: Callable[[IngestReport], None] | None = None,
) -> DemoResult:
    """Ingest the demo corpus into a DuckDB file (new each time unless ``fresh=False``)."""
    path = Path(db)
    if fresh:
        for stale in (path, path.with_name(path.name + ".wal")):
            stale.unlink(missing_ok=True)
    store = open_store(path)
    try:
        found = find_corpus(corpus)
        # The corpus folder also holds its SOURCE.md note, which is not an article.
        inputs = sorted(found.glob("*.jsonl")) if found.is_dir() else [found]
        report = ingest([str(p) for p in inputs], store=store, progress=progress)
        return DemoResult(db=path, report=report, summary=summary(store, top=8))
    finally:
        store.close()
