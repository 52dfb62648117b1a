"""The API through the real app, over a store built by the real ingest from test articles
(tests/query/corpus.jsonl, written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.api.store_access import Limits
from dyads.runs.ingest import ingest

CORPUS = Path(__file__).resolve().parents[1] / "query" / "corpus.jsonl"
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    report = ingest([str(CORPUS)], store=path)
    assert report.failed == 0, report.errors
    return path


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[TestClient]:
    app = create_app(api_db, limits=Limits(max_page=100, max_text=2000, max_body=10_000))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def guarded(client: TestClient) -> Iterator[TestClient]:
    """The same store behind a token (sharing the open store of ``client``)."""
    app = create_app(client.app.state.access.store, token=TOKEN)  # type: ignore[attr-defined]
    with TestClient(app) as test_client:
        yield test_client
