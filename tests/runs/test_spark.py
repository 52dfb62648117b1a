"""Spark in local mode and the local engine give the same event records on the same input."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyads.runs.batch import run_local_batch
from dyads.runs.records import unflatten

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
        reason="needs pyspark (the spark extra) and Java 17+",
    ),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from dyads.runs.spark import spark_session

    session = spark_session("local[2]", app_name="dyads-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _records(path: Path) -> list[dict[str, Any]]:
    rows = pq.read_table(path).to_pylist()
    return sorted((unflatten(r) for r in rows), key=lambda r: (r["article_id"], r["id"]))


def _rows(path: Path) -> list[dict[str, Any]]:
    return sorted(pq.read_table(path).to_pylist(), key=lambda r: (r["article_id"], r["id"]))


def test_spark_and_local_write_the_same_events_from_jsonl(
    spark: Any, articles_jsonl: Path, tmp_path: Path
) -> None:
    from dyads.runs.spark import run_spark_batch

    local = run_local_batch(str(articles_jsonl), str(tmp_path / "local"))
    report = run_spark_batch(
        str(articles_jsonl), str(tmp_path / "spark"), session=spark, partitions=2
    )
    assert report.events == local.events > 0
    assert _rows(tmp_path / "spark") == _rows(tmp_path / "local")
    assert _records(tmp_path / "spark") == _records(tmp_path / "local")


def test_spark_reads_parquet_articles(
    spark: Any, article_records: list[dict[str, Any]], tmp_path: Path
) -> None:
    from dyads.runs.spark import run_spark_batch

    table = pa.Table.from_pylist(
        [
            {"id": a.get("id"), "text": a["text"], "published": a.get("published")}
            for a in article_records
        ]
    )
    pq.write_table(table, tmp_path / "articles.parquet")
    local = run_local_batch(str(tmp_path / "articles.parquet"), str(tmp_path / "local"))
    run_spark_batch(str(tmp_path / "articles.parquet"), str(tmp_path / "spark"), session=spark)
    assert _records(tmp_path / "spark") == _records(tmp_path / "local")
    assert local.articles == len(article_records)
