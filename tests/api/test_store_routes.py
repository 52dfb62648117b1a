"""The served file's write sessions: one writer, readers beside it, abandoned sessions undone.

A real uvicorn on a free port, a real DuckDB file, and :class:`RemoteStore` as the CLI uses it.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dyads.api.store_routes as store_routes
from dyads.api import create_app
from dyads.errors import StoreError
from dyads.store.duckdb import DuckDBStore
from dyads.store.remote import RemoteStore
from dyads.store.served import Served, decode_row, encode_row

TOKEN = "a-run-token-for-these-tests-" + "z" * 20


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    import uvicorn

    db = tmp_path / "sessions.duckdb"
    DuckDBStore(db).close()  # created and migrated
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(db, store_token=TOKEN)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield db, f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


def remote(db: Path, url: str) -> RemoteStore:
    return RemoteStore(str(db), Served(url, os.getpid(), TOKEN, str(db)))


def health(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "api/health", timeout=30) as answer:
        found: dict[str, Any] = json.load(answer)
    return found


def insert_article(store: RemoteStore, article_id: str) -> None:
    store.execute(
        "INSERT INTO articles (id, text, content_hash, story_id, ingested_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (article_id, "Some text.", "hash-" + article_id, article_id, "2025-01-01T00:00:00Z"),
    )


def test_reads_go_on_beside_an_open_write_and_see_it_once_committed(
    served: tuple[Path, str],
) -> None:
    db, url = served
    store = remote(db, url)
    before = health(url)
    with store.transaction():
        insert_article(store, "x-1")
        assert store.count("articles") == 1  # the writer sees its own batch
        during = health(url)  # the dashboard's reads answer meanwhile, on the last commit
        assert during["articles"] == 0 and during["generation"] == before["generation"]
    after = health(url)
    assert after["articles"] == 1 and after["generation"] > before["generation"]


def test_a_failed_batch_is_rolled_back_whole(served: tuple[Path, str]) -> None:
    db, url = served
    store = remote(db, url)
    with pytest.raises(StoreError), store.transaction():
        insert_article(store, "x-2")
        store.execute("INSERT INTO no_such_table VALUES (1)")
    assert store.count("articles") == 0
    with store.transaction():  # and the write lock is free again
        insert_article(store, "x-3")
    assert store.article_ids() == ["x-3"]


def test_an_abandoned_session_is_rolled_back_and_the_next_writer_gets_in(
    served: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, url = served
    monkeypatch.setattr(store_routes, "IDLE_S", 0.5)
    dead = remote(db, url)
    held = dead.transaction()
    held.__enter__()  # a client killed in the middle of its batch: it never ends it
    insert_article(dead, "x-4")
    alive = remote(db, url)
    with alive.transaction():  # waits until the dead session has been idle IDLE_S
        insert_article(alive, "x-5")
    assert alive.article_ids() == ["x-5"]
    with pytest.raises(StoreError, match="transaction is over"):
        insert_article(dead, "x-6")
    assert held is not None


def test_values_travel_with_their_types(served: tuple[Path, str]) -> None:
    db, url = served
    store = remote(db, url)
    row = store.fetch(
        "SELECT ?::BLOB, ?, ?::DOUBLE, ?::BOOLEAN, NULL, DATE '2025-01-02', [1, 2]",
        (b"\x00\xff", "é ✓", 1.5, True),
    )[0]
    assert row[:5] == (b"\x00\xff", "é ✓", 1.5, True, None)
    assert str(row[5]) == "2025-01-02" and row[6] == [1, 2]
    assert decode_row(json.loads(json.dumps(encode_row(row)))) == row
    streamed = list(store.stream("SELECT range FROM range(12000)", size=1000))
    assert len(streamed) == 12000 and streamed[-1] == (11999,)
