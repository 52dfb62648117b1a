from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from dyads.pipeline import Pipeline
from dyads.runs.batch import read_articles, run_local_batch
from dyads.runs.records import COLUMNS, event_rows, unflatten


def test_rows_give_back_the_event_records(pipeline: Pipeline, articles_jsonl: Path) -> None:
    docs = [pipeline(a) for a in read_articles(str(articles_jsonl)) if not isinstance(a, Exception)]
    records = [e.to_dict(d.text) for d in docs for e in d.events]
    assert records, "the test articles should yield events"
    rows = event_rows(docs)
    assert all(set(row) == set(COLUMNS) for row in rows)
    assert [unflatten(row) for row in rows] == records


def test_local_batch_writes_parquet_of_every_event(
    pipeline: Pipeline, articles_jsonl: Path, tmp_path: Path
) -> None:
    report = run_local_batch(str(articles_jsonl), str(tmp_path / "out"))
    assert report.articles == 5 and report.failed == 1
    table = pq.read_table(tmp_path / "out")
    assert table.num_rows == report.events > 0
    assert table.column_names == list(COLUMNS)
    again = run_local_batch(str(tmp_path / "out"), str(tmp_path / "x"), fmt="jsonl")
    assert again.articles == 0  # a folder without JSONL files has nothing to read
