"""A small store built the real way: articles written for these tests (corpus.jsonl) ingested
by the real pipeline into a DuckDB file. The story it tells: France accuses Russia most
weeks; Russia and Iran cooperate now and then, then four times in the week of 2024-10-14 (one
article also syndicated); one hedged and one negated event; one hostile article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.store import SQLStore, open_store
from dyads.store.ingest import ingest

CORPUS = Path(__file__).with_name("corpus.jsonl")


@pytest.fixture(scope="session")
def analysis_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analysis") / "events.duckdb"
    report = ingest([str(CORPUS)], store=path)
    assert report.failed == 0, report.errors
    return path


@pytest.fixture(scope="session")
def analysis_store(analysis_db: Path) -> Iterator[SQLStore]:
    store = open_store(analysis_db)
    yield store
    store.close()
