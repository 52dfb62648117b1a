"""`dyads batch INPUT OUTPUT`: code a corpus into Parquet events, locally or on Spark."""

from __future__ import annotations

from typing import Any

import click

from dyads.cli.common import (
    ExitStatus,
    actors_option,
    examples,
    fail,
    out,
    patterns_option,
    warn,
)
from dyads.cli.llm_options import export_to_env, extractor_options, llm_options
from dyads.errors import DyadsError
from dyads.pipeline import DEFAULT_EXTRACTOR


@click.command(
    "batch",
    epilog=examples(
        "dyads batch news.jsonl events.parquet",
        "dyads batch corpus/ out/ --engine spark",
        "dyads batch news.jsonl events/ --engine spark --db postgresql://dyads@db.example/news",
        "dyads batch news.jsonl out/ --extractor llm/1 --llm-url http://127.0.0.1:8080/v1 "
        "--llm-model smollm2 --llm-price-in 0.1 --llm-price-out 0.4",
    ),
)
@click.argument("input_path", metavar="INPUT")
@click.argument("output", metavar="OUTPUT")
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: processes on this machine; spark: mapInArrow on a Spark cluster.",
)
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="Spark master URL (spark engine only; under spark-submit, its --master is used).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "parquet"]),
    default="auto",
    show_default=True,
    help="Input format.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes (local engine only).",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="Repartition the input first (spark engine only).",
)
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@actors_option
@patterns_option
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT (and the --db table's rows).")
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help="Also write the events into this PostgreSQL database (spark engine only, JDBC).",
)
@click.option(
    "--table",
    default="batch_events",
    show_default=True,
    help="The table --db writes into (schema.table allowed); rows are appended.",
)
@llm_options
def command(
    input_path: str,
    output: str,
    engine: str,
    master: str,
    fmt: str,
    workers: int,
    partitions: int | None,
    extractor: str,
    actor_files: tuple[str, ...],
    pattern_files: tuple[str, ...],
    overwrite: bool,
    db: str | None,
    table: str,
    llm: dict[str, Any],
) -> None:
    """Code INPUT (JSONL or Parquet articles: a file or folder) into Parquet events at OUTPUT.

    Both engines write the same columns: the event record flattened, nested values as JSON
    (see docs/spark.md); Spark writes one folder per event date, and with --db the same rows
    into PostgreSQL through its JDBC writer.
    """
    if db and engine != "spark":
        fail("error: --db: only the spark engine writes to a database here", ExitStatus.USAGE)
    if extractor_options(extractor, llm):
        export_to_env(llm)  # the worker processes and Spark executors inherit it
    try:
        if engine == "spark":
            from dyads.runs.spark import run_spark_batch

            report = run_spark_batch(
                input_path,
                output,
                master=master,
                extractor=extractor,
                actor_files=actor_files,
                pattern_files=pattern_files,
                fmt=fmt,
                partitions=partitions,
                overwrite=overwrite,
                db=db,
                table=table,
            )
        else:
            from dyads.runs.batch import run_local_batch

            report = run_local_batch(
                input_path,
                output,
                fmt=fmt,
                extractor=extractor,
                actor_files=actor_files,
                pattern_files=pattern_files,
                workers=workers,
                overwrite=overwrite,
            )
    except DyadsError as err:
        fail(f"error: {err}", ExitStatus.ERROR)
    out.print(report.line(), highlight=False)
    costs = getattr(report, "llm", None)  # the Spark engine keeps no run report
    if costs is not None:
        warn(costs.line())  # on stderr, as `ingest` and `extract` print it
