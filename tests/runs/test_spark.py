"""Spark in local mode and the local engine give the same event records on the same input."""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from dyads.runs.batch import run_local_batch
from dyads.runs.records import COLUMNS, unflatten

NULL_DATE = "__HIVE_DEFAULT_PARTITION__"  # Spark's folder for rows without a date

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


def _table(path: Path) -> pa.Table:
    """The rows of a local (one folder) or Spark (one folder per date) Parquet output, with the
    columns of the event schema (the date read back from the folder names)."""
    partitioning = ds.HivePartitioning(pa.schema([("date", pa.string())]), null_fallback=NULL_DATE)
    return ds.dataset(path, partitioning=partitioning).to_table().select(COLUMNS)


def _records(path: Path) -> list[dict[str, Any]]:
    rows = _table(path).to_pylist()
    return sorted((unflatten(r) for r in rows), key=lambda r: (r["article_id"], r["id"]))


def _rows(path: Path) -> list[dict[str, Any]]:
    return sorted(_table(path).to_pylist(), key=lambda r: (r["article_id"], r["id"]))


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
    # One folder per event date.
    dates = {row["date"] for row in _rows(tmp_path / "local")}
    folders = {p.name for p in (tmp_path / "spark").iterdir() if p.is_dir()}
    assert folders == {f"date={d}" if d else f"date={NULL_DATE}" for d in dates}
    assert len(folders) > 1


def test_spark_writes_parquet_and_postgresql_as_the_local_engine_writes_parquet(
    spark: Any, articles_jsonl: Path, tmp_path: Path
) -> None:
    from dyads.runs.spark import jdbc_jar, run_spark_batch

    url = os.environ.get("DYADS_TEST_POSTGRES")
    if not url:
        pytest.skip("DYADS_TEST_POSTGRES is not set")
    if jdbc_jar() is None:
        pytest.skip("no PostgreSQL JDBC driver (Debian: libpostgresql-jdbc-java)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        local = run_local_batch(str(articles_jsonl), str(tmp_path / "local"))
        report = run_spark_batch(
            str(articles_jsonl),
            str(tmp_path / "spark"),
            session=spark,
            db=url,
            table=f"{schema}.batch_events",
        )
        assert report.events == local.events > 0
        with psycopg.connect(url) as conn:
            cursor = conn.execute(f"SELECT * FROM {schema}.batch_events")
            names = [column.name for column in cursor.description or ()]
            stored = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        assert set(names) == set(COLUMNS)
        expected = _rows(tmp_path / "local")
        assert sorted(stored, key=lambda r: (r["article_id"], r["id"])) == expected
        assert _rows(tmp_path / "spark") == expected
        # Again with overwrite: the table's rows are replaced, not added to.
        run_spark_batch(
            str(articles_jsonl),
            str(tmp_path / "spark"),
            session=spark,
            db=url,
            table=f"{schema}.batch_events",
            overwrite=True,
        )
        with psycopg.connect(url) as conn:
            again = conn.execute(f"SELECT COUNT(*) FROM {schema}.batch_events").fetchone()
        assert again == (len(expected),)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://host/db", "not a postgresql://host/database URL"),
        ("postgresql:///db", "not a postgresql://host/database URL"),
        ("postgresql://host", "names no database"),
    ],
)
def test_a_bad_database_url_is_refused_before_spark_starts(url: str, problem: str) -> None:
    from dyads.errors import InputError
    from dyads.runs.spark import jdbc_target

    with pytest.raises(InputError, match=problem):
        jdbc_target(url)


def test_the_jdbc_url_keeps_the_password_out() -> None:
    from dyads.runs.spark import jdbc_target

    url, properties = jdbc_target("postgresql://me:s%40cret@db.example:6543/news?sslmode=require")
    assert url == "jdbc:postgresql://db.example:6543/news?sslmode=require"
    assert properties == {"driver": "org.postgresql.Driver", "user": "me", "password": "s@cret"}


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
