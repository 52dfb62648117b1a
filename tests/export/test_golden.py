"""Every output format of one hand-built store, byte for byte against reviewed files in
tests/golden/: the flat row, the record, the GDELT table and the API's event list may change
only with a reviewed diff. DYADS_UPDATE_GOLDEN=1 rewrites the files (then read the diff)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.export import export_events
from dyads.store.duckdb import DuckDBStore
from dyads.store.rows import BatchItem

from .test_exports import _doc

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "events.duckdb"
    store = DuckDBStore(path)
    docs = [
        _doc("a1", "Wire", "a1", "https://wire.example/1"),
        _doc("a2", "Paper", "a1", "https://paper.example/2"),
        _doc("a3", "Gazette", "a3", "https://gazette.example/3"),
    ]
    store.write_batch([BatchItem(doc) for doc in docs], extractor="rules/1", data_version="test=1")
    # The one value that changes from run to run (GDELT's DATEADDED reads it).
    store.execute("UPDATE articles SET ingested_at = '2024-03-05T06:07:08+00:00'")
    store.close()
    return path


def check(name: str, got: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("DYADS_UPDATE_GOLDEN"):
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{name} differs from tests/golden/{name}"


@pytest.mark.parametrize("format", ["jsonl", "csv", "gdelt"])
def test_exports_match_the_golden_files(db: Path, tmp_path: Path, format: str) -> None:
    store = DuckDBStore(db)
    try:
        export_events(store, tmp_path / "out", format=format)
    finally:
        store.close()
    check(f"export.{format}", (tmp_path / "out").read_bytes())


def test_api_event_lists_match_the_golden_file(db: Path) -> None:
    # A tokenless server answers loopback Host names only (DNS rebinding).
    with TestClient(create_app(db, cache=0), base_url="http://127.0.0.1") as client:
        events = client.get("/api/events", params={"limit": 100}).content
        series = client.get("/api/series/events", params={"a": "RUS", "b": "UKR"}).content
    check("api-events.json", events + b"\n" + series + b"\n")
