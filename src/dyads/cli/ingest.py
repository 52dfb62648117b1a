"""`dyads ingest`: read paths, URLs and feeds into the event store, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dyads.cli.common import (
    ExitStatus,
    actors_option,
    check_date,
    err_console,
    examples,
    model_option,
    out,
    patterns_option,
    warn,
)
from dyads.cli.events import db_option
from dyads.cli.llm_options import coding_pipeline, export_to_env, llm_options
from dyads.cli.llm_options import finish as llm_finish
from dyads.ingest.tables import DEFAULT_TEXT_COLUMN
from dyads.pipeline import DEFAULT_EXTRACTOR
from dyads.runs.ingest import DEFAULT_BATCH
from dyads.store import default_db

if TYPE_CHECKING:
    from dyads.runs.ingest import IngestReport

MAX_SHOWN_ERRORS = 10


@click.command(
    "ingest",
    epilog=examples(
        "dyads ingest corpus/ --db events.duckdb",
        "dyads ingest feeds.xml https://example.org/news.html",
        "dyads ingest news.jsonl --workers 2",
        "dyads ingest news.jsonl --workers 1   # one process, no worker pool",
    ),
)
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--text-column",
    default=DEFAULT_TEXT_COLUMN,
    show_default=True,
    help="CSV column that holds the article text.",
)
@click.option(
    "--published",
    callback=check_date,
    help="Publication date (YYYY-MM-DD) for inputs that don't carry one.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Articles per transaction.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow fetching URLs on private, loopback or link-local addresses.",
)
@click.option(
    "--respect-robots",
    is_flag=True,
    help="Fetch only pages that each site's robots.txt allows.",
)
@click.option(
    "--no-fetch-links",
    is_flag=True,
    help="Code feed items from the feed's own text; don't fetch their pages.",
)
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@actors_option
@click.option(
    "--workers",
    callback=lambda _ctx, _param, value: _check_workers(value),
    default="auto",
    show_default=True,
    help="Processes that code articles while this one writes: a number, or auto (every core "
    "when the local input is 2 MB or more, else one).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary line.")
@patterns_option
@model_option
@llm_options
def command(
    inputs: tuple[str, ...],
    db: str | None,
    text_column: str,
    published: str | None,
    batch_size: int,
    allow_private: bool,
    respect_robots: bool,
    no_fetch_links: bool,
    extractor: str,
    actor_files: tuple[str, ...],
    workers: int | None,
    quiet: bool,
    pattern_files: tuple[str, ...],
    model_file: str | None,
    llm: dict[str, Any],
) -> None:
    """Store articles, mentions and events from INPUTS: files, folders (recursively), .jsonl,
    .csv, HTML pages, RSS/Atom feeds and http(s) URLs. Rerunning adds only what is new."""
    from dyads.runs.ingest import ingest
    from dyads.runs.parallel import auto_workers, coding_pool

    if workers is None:
        # A language model codes over the network, with its own concurrency: one process.
        workers = 1 if extractor.startswith("llm/") else auto_workers(inputs)
    if workers > 1:
        export_to_env(llm)  # the coding processes read the LLM settings from it
    pipeline = coding_pipeline(
        extractor=extractor,
        llm=llm,
        actor_files=actor_files,
        pattern_files=pattern_files,
        model_file=model_file,
    )
    show = not quiet and err_console.is_terminal
    with (
        coding_pool(pipeline, workers=workers, batch_size=batch_size) as pool,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console.console,
            disable=not show,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("starting", total=None)

        def update(report: IngestReport) -> None:
            bar.update(
                task,
                description=(
                    f"{report.read} articles ({report.added} new), {report.events} events, "
                    f"{report.failed} failed, {report.rate:.1f} articles/s"
                ),
            )

        report = ingest(
            list(inputs),
            store=db or default_db(),
            pipeline=pipeline,
            batch_size=batch_size,
            published=published,
            text_column=text_column,
            allow_private=allow_private,
            respect_robots=respect_robots,
            fetch_links=not no_fetch_links,
            progress=update,
            on_article=update if show else None,
            pool=pool,
        )
    for message in report.warnings[:MAX_SHOWN_ERRORS]:
        warn(f"warning: {message}")
    for message in report.errors[:MAX_SHOWN_ERRORS]:
        warn(f"error: {message}")
    if report.failed > MAX_SHOWN_ERRORS:
        warn(f"... and {report.failed - MAX_SHOWN_ERRORS} more errors")
    out.print(report.line(), markup=False, highlight=False)
    llm_finish(pipeline, pool)
    if report.failed:
        raise SystemExit(int(ExitStatus.ERROR))


def _check_workers(value: str) -> int | None:
    """``auto`` (None: decided from the input) or a number of processes, at least 1."""
    if value.strip().lower() == "auto":
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise click.BadParameter(f"{value!r} is not auto or a number of processes (1 or more)")
    return number
