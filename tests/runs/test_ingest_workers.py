"""Ingest with a pool of two worker processes stores what a one-process ingest stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.runs.parallel import AUTO_MIN_BYTES, auto_workers, coding_pool
from dyads.store.schema import TABLES

# Stamped by the clock, so they differ between two runs.
_TIMES = {"ingested_at", "done_at"}


def _every_row(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value but the times, per table, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = {}
        for table, columns in TABLES.items():
            names = ", ".join(name for name, _ in columns if name not in _TIMES)
            found[table] = sorted(con.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)
        return found
    finally:
        con.close()


def _contents(db: Path) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall(),
            "events": con.execute(
                "SELECT article_id, id, type, source_ids, target_ids FROM events"
                " ORDER BY article_id, id"
            ).fetchall(),
        }
    finally:
        con.close()


def test_two_workers_store_what_one_process_stores(articles_jsonl: Path, tmp_path: Path) -> None:
    # The same articles twice under other ids: copies that must join the same stories.
    copies = tmp_path / "copies.jsonl"
    copies.write_text(
        articles_jsonl.read_text(encoding="utf-8").replace('"id": "a', '"id": "copy-a'),
        encoding="utf-8",
    )
    inputs = [str(articles_jsonl), str(copies)]
    one = ingest(inputs, store=tmp_path / "one.duckdb", batch_size=4)
    with coding_pool(Pipeline(), workers=2, batch_size=4) as pool:
        two = ingest(inputs, store=tmp_path / "two.duckdb", batch_size=4, pool=pool)
        again = ingest(inputs, store=tmp_path / "two.duckdb", batch_size=4, pool=pool)
    assert (two.read, two.added, two.failed, two.events) == (
        one.read,
        one.added,
        one.failed,
        one.events,
    )
    assert one.events > 0
    assert _contents(tmp_path / "two.duckdb") == _contents(tmp_path / "one.duckdb")
    # Rows built by the workers: the same values in every column, representative flags too.
    assert _every_row(tmp_path / "two.duckdb") == _every_row(tmp_path / "one.duckdb")
    assert again.added == 0


def test_workers_auto_uses_every_core_only_for_input_worth_it(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large"
    small.write_text('{"id": "a", "text": "Chile thanked Peru."}\n', encoding="utf-8")
    large.mkdir()
    (large / "part.jsonl").write_bytes(b" " * AUTO_MIN_BYTES)
    assert auto_workers([str(small)], cores=2) == 1
    assert auto_workers([str(large)], cores=2) == 2
    assert auto_workers([str(large)], cores=1) == 1
    assert auto_workers(["https://example.org/feed.xml", str(tmp_path / "missing")], cores=2) == 1
