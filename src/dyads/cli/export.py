"""`dyads export`: write stored events as JSON Lines, CSV, Parquet or GDELT 2.0 rows."""

from __future__ import annotations

from typing import Any

import click

from dyads.cli.common import warn
from dyads.cli.events import db_option, filter_options, make_filter, open_existing
from dyads.export import FORMATS, export_events


@click.command("export")
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
