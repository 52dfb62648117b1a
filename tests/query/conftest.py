"""A small store built the real way: articles written for these tests (corpus.jsonl) ingested
by the real pipeline into a DuckDB file, and into PostgreSQL where ``DYADS_TEST_POSTGRES`` names a
server (the analyses' SQL must run on both). The story it tells: France accuses Russia most
weeks; Russia and Iran cooperate now and then, then four times in the week of 2024-10-14 (one
article also syndicated); one hedged and one negated event; one hostile article."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.runs.ingest import ingest
from dyads.store import SQLStore, open_store

CORPUS = Path(__file__).with_name("corpus.jsonl")


@pytest.fixture(scope="session")
def analysis_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analysis") / "events.duckdb"
    report = ingest([str(CORPUS)], store=path)
    assert report.failed == 0, report.errors
    return path


@pytest.fixture(
    scope="session", params=["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def analysis_store(request: pytest.FixtureRequest, analysis_db: Path) -> Iterator[SQLStore]:
    if request.param == "duckdb":
        store = open_store(analysis_db)
        yield store
        store.close()
        return
    url = os.environ.get("DYADS_TEST_POSTGRES")
    if not url:
        pytest.skip("DYADS_TEST_POSTGRES is not set")
    from dyads.store.postgres import PostgresStore

    schema = f"t_{uuid.uuid4().hex[:16]}"
    store = PostgresStore(url, schema=schema)
    report = ingest([str(CORPUS)], store=store)
    assert report.failed == 0, report.errors
    yield store
    store.close()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
