"""What keeps a long ingest's memory flat: no pinned key indexes in DuckDB, a smaller DuckDB
cache while ingesting, and only the dedup window's signatures read back on a resume."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dyads.errors import StoreError
from dyads.model import Extraction
from dyads.pipeline import Pipeline
from dyads.runs.ingest import IngestReport, ingest
from dyads.store import SQLStore
from dyads.store.duckdb import INGEST_MEMORY_ENV, DuckDBStore
from dyads.store.rows import BatchItem, Rows, add_item
from dyads.store.schema import ARTICLES_V1, SCHEMA_VERSION, TABLES

TEXT = "China accused Russia of closing the border. France and Germany agreed to help Ukraine."
EVENTS = [{"type": "ACCUSE", "source": "CHN", "target": "RUS", "trigger": "accused"}]
KEYED = ("articles", "ingest_state", "article_minhash")


def _write(store: SQLStore, doc: Extraction, key: str) -> int:
    item = BatchItem(doc, b"\x02" * 16, (key,))
    return store.write_batch([item], extractor="rules/1", data_version="test=1")


def _write_v4(store: SQLStore, doc: Extraction, key: str) -> None:
    """Write as a version-4 Dyads did: the articles table had no ``body`` yet."""
    rows = Rows()
    add_item(
        rows,
        BatchItem(doc, b"\x02" * 16, (key,)),
        ingested_at="2024-10-20T00:00:00Z",
        extractor="rules/1",
        data_version="test=1",
    )
    with store.transaction():
        for table, values in rows.tables.items():
            columns = ARTICLES_V1 if table == "articles" else TABLES[table]
            names = ", ".join(name for name, _ in columns)
            marks = ", ".join("?" * len(columns))
            for row in values:
                store.execute(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", row[: len(columns)]
                )


def _primary_keys(store: DuckDBStore) -> set[str]:
    rows = store.fetch(
        "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    )
    return {r[0] for r in rows}


def _memory_limit(store: DuckDBStore) -> str:
    return str(store.fetch("SELECT current_setting('memory_limit')")[0][0])


def test_a_keyed_duckdb_database_loses_its_keys_and_keeps_its_rows(
    tmp_path: Path, doc_maker: Callable[..., Extraction]
) -> None:
    db = tmp_path / "old.duckdb"
    old = DuckDBStore(db, upgrade=False)
    assert old.migrate(target=4) == [1, 2, 3, 4]
    assert set(KEYED) <= _primary_keys(old)  # as version 4 made them
    doc = doc_maker(TEXT, events=EVENTS, article_id="p1")
    _write_v4(old, doc, "url:https://p.example/p1")
    old.close()

    with DuckDBStore(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert not set(KEYED) & _primary_keys(store)
        assert store.article_ids() == ["p1"]
        assert list(store.signatures()) == [("p1", "p1", b"\x02" * 16)]
        assert store.done_keys(["url:https://p.example/p1"]) == {"url:https://p.example/p1"}
        assert store.fetch("SELECT COUNT(*) FROM story_events") == [(1,)]
        # Without the keys, the writer's own checks still keep a second write from adding rows.
        assert _write(store, doc, "url:https://p.example/p1") == 0
        assert (store.count("articles"), store.count("ingest_state")) == (1, 1)
        assert store.count("article_minhash") == 1


def test_a_fresh_duckdb_store_has_no_key_indexes(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "fresh.duckdb") as store:
        assert not set(KEYED) & _primary_keys(store)


def test_the_last_signatures_come_back_in_ingest_order(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    for n in range(4):
        _write(store, doc_maker(f"{TEXT} Report {n}.", article_id=f"a{n}"), f"url:{n}")
    everything = [row[0] for row in store.signatures()]
    assert everything == ["a0", "a1", "a2", "a3"]
    assert [row[0] for row in store.signatures(recent=2)] == ["a2", "a3"]
    assert list(store.signatures(recent=0)) == []


def test_ingest_caps_duckdb_memory_and_then_restores_it(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(INGEST_MEMORY_ENV, "48MB")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"{TEXT} Talks resumed on day {n}.", encoding="utf-8")
    with DuckDBStore(tmp_path / "events.duckdb") as store:
        before = _memory_limit(store)
        during: list[str] = []

        def progress(_report: IngestReport) -> None:
            during.append(_memory_limit(store))

        report = ingest([str(folder)], store=store, pipeline=pipeline, progress=progress)
        assert report.added == 3
        assert during and set(during) == {_memory_limit_of("48MB")}
        assert _memory_limit(store) == before


def test_no_cap_while_another_store_of_the_file_is_open_in_this_process(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit is the database's: an API serving the file while this process ingests into it
    # would have its queries starved by the writer's cap.
    monkeypatch.setenv(INGEST_MEMORY_ENV, "48MB")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with DuckDBStore(tmp_path / "events.duckdb") as reader:
        before = _memory_limit(reader)
        during: list[str] = []
        with DuckDBStore(tmp_path / "events.duckdb") as writer:

            def progress(_report: IngestReport) -> None:
                during.append(_memory_limit(reader))

            ingest([str(tmp_path / "a.txt")], store=writer, pipeline=pipeline, progress=progress)
        assert during and set(during) == {before}
    # Alone again, a writer caps as before.
    with DuckDBStore(tmp_path / "events.duckdb") as writer, writer.bulk_writes():
        assert _memory_limit(writer) == _memory_limit_of("48MB")


def test_a_malformed_ingest_memory_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(INGEST_MEMORY_ENV, "64MB'; DROP TABLE articles; --")
    with DuckDBStore(tmp_path / "events.duckdb") as store:
        with pytest.raises(StoreError, match=INGEST_MEMORY_ENV), store.bulk_writes():
            pass
        assert store.count("articles") == 0


def _memory_limit_of(size: str) -> str:
    """How DuckDB reports a limit of ``size`` back."""
    import duckdb

    with duckdb.connect(config={"memory_limit": size}) as con:
        row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


def test_the_writer_remembers_twice_the_near_duplicate_window() -> None:
    from dyads.ingest.dedup import DEFAULT_WINDOW
    from dyads.store.duckdb import RECENT_STORIES

    assert RECENT_STORIES == 2 * DEFAULT_WINDOW
