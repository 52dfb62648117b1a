"""`dyads recode`: re-run extraction over stored articles and report what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from dyads.cli.common import (
    actors_option,
    err_console,
    examples,
    model_option,
    output_console,
    output_option,
    patterns_option,
)
from dyads.cli.events import db_option, open_existing
from dyads.cli.llm_options import coding_pipeline, llm_options
from dyads.cli.llm_options import finish as llm_finish
from dyads.pipeline import DEFAULT_EXTRACTOR

if TYPE_CHECKING:
    from dyads.runs.recode import RecodeReport


@click.command(
    "recode",
    epilog=examples(
        "dyads recode --db events.duckdb --dry-run",
        "dyads recode --actors my-actors.yaml -o changes.txt",
    ),
)
@db_option
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@actors_option
@click.option("--dry-run", is_flag=True, help="Report the changes without writing them.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line.")
@patterns_option
@model_option
@output_option
@llm_options
def command(
    db: str | None,
    extractor: str,
    actor_files: tuple[str, ...],
    dry_run: bool,
    quiet: bool,
    pattern_files: tuple[str, ...],
    model_file: str | None,
    output: str | None,
    llm: dict[str, Any],
) -> None:
    """Re-code every stored article with the current dictionaries and patterns."""
    from dyads.runs.recode import recode

    pipeline = coding_pipeline(
        extractor=extractor,
        llm=llm,
        actor_files=actor_files,
        pattern_files=pattern_files,
        model_file=model_file,
    )
    show = not quiet and err_console.is_terminal

    def progress(report: RecodeReport, total: int) -> None:
        if show:
            err_console.print(f"re-coded {report.articles}/{total} articles", end="\r")

    with open_existing(db) as store:
        report = recode(store, pipeline=pipeline, dry_run=dry_run, progress=progress)
    with output_console(output) as out:
        out.print(report.line())
        llm_finish(pipeline)
        if quiet or not report.by_type:
            return
        table = Table("change", "type", "events", title="Changes by event type")
        for (change, type_), count in sorted(report.by_type.items()):
            table.add_row(change, type_, str(count))
        out.print(table)
        for example in report.examples[:5]:
            fields = ", ".join(example.get("fields", [])) or "-"
            out.print(
                f"{example['change']} {example['type']} ({fields}): {example['evidence']}",
                markup=False,
            )
