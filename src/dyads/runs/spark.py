"""Batch extraction on Apache Spark: JSONL or Parquet articles in, Parquet events out
(partitioned by event date), and optionally the same rows into PostgreSQL through Spark's
JDBC writer, so that a team's cluster fills the shared database.

Spark moves Arrow batches of input rows to Python workers (``mapInArrow``); each worker loads
the pipeline once and codes its batches with the same parsing and the same row layout as the
local engine, so both write the same records. Runs on any master: ``local[*]`` on one
machine, or a cluster through ``spark-submit`` (see docs/spark.md).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from dyads.errors import DyadsError, InputError
from dyads.model import Extraction
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline
from dyads.runs.batch import BatchReport, input_format, parse_json_line, record_article
from dyads.runs.parallel import PipelineSpec
from dyads.runs.records import event_rows, events_batch, spark_ddl

DEFAULT_MASTER = "local[*]"
# The PostgreSQL JDBC driver: Debian's libpostgresql-jdbc-java puts it here; $DYADS_JDBC_JAR
# names another. It is put on the classpath of a session Dyads starts (never downloaded);
# under spark-submit, pass it with --jars.
JDBC_JAR_ENV = "DYADS_JDBC_JAR"
DEFAULT_JDBC_JAR = "/usr/share/java/postgresql.jar"
DEFAULT_JDBC_TABLE = "batch_events"
# The Parquet output is split into one folder per event date (date=2024-10-20/).
PARTITION_COLUMN = "date"
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$")
# Rows per Arrow batch sent to a Python worker: small enough to keep worker memory flat.
ARROW_BATCH_ROWS = 1000

# One pipeline per Python worker process (Spark reuses workers across tasks).
_pipelines: dict[PipelineSpec, Pipeline] = {}


def _pipeline(spec: PipelineSpec) -> Pipeline:
    if spec not in _pipelines:
        _pipelines[spec] = spec.build()
    return _pipelines[spec]


def code_arrow_batches(batches: Iterator[Any], spec: PipelineSpec, fmt: str) -> Iterator[Any]:
    """The ``mapInArrow`` function: Arrow batches of input rows to batches of event rows."""
    pipeline = _pipeline(spec)
    for batch in batches:
        docs: list[Extraction] = []
        for record in batch.to_pylist():
            if fmt == "jsonl":
                line = record.get("value") or ""
                if not line.strip():
                    continue
                article = parse_json_line(line, "spark")
            else:
                article = record_article(record, "spark")
            if isinstance(article, InputError):
                continue
            try:
                docs.append(pipeline(article))
            except Exception:  # as in the local engine: a broken article is skipped
                continue
        yield events_batch(event_rows(docs))


def jdbc_jar() -> str | None:
    """The PostgreSQL JDBC driver jar on this machine, if there is one."""
    path = os.environ.get(JDBC_JAR_ENV) or DEFAULT_JDBC_JAR
    return path if os.path.isfile(path) else None


def jdbc_target(url: str) -> tuple[str, dict[str, str]]:
    """``postgresql://user:secret@host:5432/db?sslmode=require`` as Spark's JDBC URL and
    connection properties (the user and password kept out of the URL)."""
    from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
        raise InputError("--db", f"{url!r} is not a postgresql://host/database URL")
    database = parts.path.lstrip("/")
    if not database:
        raise InputError("--db", f"{url!r} names no database (postgresql://host/database)")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port else ""
    query = urlencode(parse_qsl(parts.query))
    jdbc = f"jdbc:postgresql://{host}{port}/{database}" + (f"?{query}" if query else "")
    properties = {"driver": "org.postgresql.Driver"}
    if parts.username:
        properties["user"] = unquote(parts.username)
    if parts.password:
        properties["password"] = unquote(parts.password)
    return jdbc, properties


def spark_session(master: str = DEFAULT_MASTER, *, app_name: str = "dyads-batch") -> Any:
    """A Spark session; in local mode the Python workers use this interpreter (and dyads).
    The PostgreSQL JDBC driver goes on its classpath where the machine has it."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DyadsError(
            "the Spark engine needs pyspark: pip install 'dyads[spark]' (and Java 17+)"
        ) from None
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    # Under spark-submit (which starts the driver with a gateway) its --master decides: a
    # master set here would silently override the cluster's.
    if "PYSPARK_GATEWAY_PORT" in os.environ:
        master = ""
    if master:
        builder = builder.master(master)
    if master.startswith("local"):
        # A machine whose hostname does not resolve (containers, CI) still runs local mode.
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    jar = jdbc_jar()
    if jar is not None:
        builder = builder.config("spark.jars", jar)
    return (
        builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def run_spark_batch(
    input: str,
    output: str,
    *,
    master: str = DEFAULT_MASTER,
    extractor: str = DEFAULT_EXTRACTOR,
    actor_files: Sequence[str] = (),
    pattern_files: Sequence[str] = (),
    fmt: str = "auto",
    partitions: int | None = None,
    overwrite: bool = False,
    session: Any = None,
    db: str | None = None,
    table: str = DEFAULT_JDBC_TABLE,
) -> BatchReport:
    """Code ``input`` (JSONL or Parquet: file, folder or glob) on Spark into Parquet ``output``,
    one folder per event date; with ``db`` (a ``postgresql://`` URL) the same rows are also
    appended to ``table`` there (replaced with ``overwrite``) through Spark's JDBC writer.

    ``session`` reuses a running SparkSession (``master`` is then ignored); otherwise one is
    started and stopped again.
    """
    started = time.monotonic()
    target = jdbc_target(db) if db else None
    if target is not None and not _TABLE_NAME.match(table):
        raise InputError("--table", f"{table!r} is not a table name such as batch_events")
    # A glob or a remote path (s3://, gs://, abfss://) cannot be inspected here: say jsonl
    # unless the name says parquet.
    if fmt == "auto" and ("://" in input or any(c in input for c in "*?[")):
        fmt = "parquet" if input.rstrip("/").lower().endswith(".parquet") else "jsonl"
    fmt = input_format(input, fmt)
    spark = session or spark_session(master)
    try:
        frame = spark.read.text(input) if fmt == "jsonl" else spark.read.parquet(input)
        if partitions:
            frame = frame.repartition(partitions)
        # The files are read on the workers: on a cluster, give paths every node can read.
        spec = PipelineSpec(
            extractor,
            tuple(str(p) for p in actor_files),
            "events",
            tuple(str(p) for p in pattern_files),
        )

        def code(batches: Iterator[Any]) -> Iterator[Any]:
            return code_arrow_batches(batches, spec, fmt)

        events = frame.mapInArrow(code, spark_ddl())
        mode = "overwrite" if overwrite else "errorifexists"
        events.write.mode(mode).partitionBy(PARTITION_COLUMN).parquet(output)
        # Read with the rows' own schema: Spark would make the date folders a DATE column.
        written = spark.read.schema(spark_ddl()).parquet(output)
        count = written.count()
        if target is not None:
            # From the Parquet just written: the articles are coded once, not once per output.
            url, properties = target
            writer = written.select(*events.columns).write
            if overwrite:  # keep the table (its grants, its indexes), replace its rows
                writer = writer.mode("overwrite").option("truncate", "true")
            else:
                writer = writer.mode("append")
            writer.jdbc(url, table, properties=properties)
    finally:
        if session is None:
            spark.stop()
    return BatchReport(
        engine="spark", output=output, events=int(count), elapsed=time.monotonic() - started
    )
