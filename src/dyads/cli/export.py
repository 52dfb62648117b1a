"""`dyads export`: write stored events as JSON Lines, CSV, Parquet or GDELT 2.0 rows."""

from __future__ import annotations

from typing import Any

import click

from dyads.cli.common import examples, warn
from dyads.cli.events import db_option, filter_options, make_filter, open_existing
from dyads.export import FORMATS, export_events


@click.command(
    "export",
    epilog=examples(
        "dyads export --db events.duckdb -o events.jsonl",
        "dyads export --format gdelt --since 2024-10 -o events.gdelt",
        "dyads export --format parquet --actor Iran -o iran.parquet",
    ),
)
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="gdelt: the 61 tab-separated columns of the GDELT 2.0 event table.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write; - for standard output (not for parquet).",
)
def command(db: str | None, fmt: str, output: str, **filters: Any) -> None:
    """Write the events that match the filters to a file or standard output."""
    with open_existing(db) as store:
        count = export_events(store, output, format=fmt, where=make_filter(filters, store))
    if output != "-":
        warn(f"{count} rows written to {output}")
