"""Batch extraction on Apache Spark: JSONL or Parquet articles in, Parquet events out.

Spark moves Arrow batches of input rows to Python workers (``mapInArrow``); each worker loads
the pipeline once and codes its batches with the same parsing and the same row layout as the
local engine, so both write the same records. Runs on any master: ``local[*]`` on one
machine, or a cluster through ``spark-submit`` (see docs/spark.md).
"""

from __future__ import annotations

import os
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


def spark_session(master: str = DEFAULT_MASTER, *, app_name: str = "dyads-batch") -> Any:
    """A Spark session; in local mode the Python workers use this interpreter (and dyads)."""
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
) -> BatchReport:
    """Code ``input`` (JSONL or Parquet: file, folder or glob) on Spark into Parquet ``output``.

    ``session`` reuses a running SparkSession (``master`` is then ignored); otherwise one is
    started and stopped again.
    """
    started = time.monotonic()
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
        events.write.mode("overwrite" if overwrite else "errorifexists").parquet(output)
        count = spark.read.parquet(output).count()
    finally:
        if session is None:
            spark.stop()
    return BatchReport(
        engine="spark", output=output, events=int(count), elapsed=time.monotonic() - started
    )
