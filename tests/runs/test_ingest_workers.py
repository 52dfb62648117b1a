"""Ingest with a pool of two worker processes stores what a one-process ingest stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.runs.parallel import coding_pool


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
    assert again.added == 0
