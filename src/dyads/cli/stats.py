"""`dyads stats`: what the store holds: counts by type, top actors and dyads, date range."""

from __future__ import annotations

import json
from typing import Any

import click

from dyads.cli.common import examples, output_console, output_option
from dyads.cli.events import db_option, filter_options, make_filter, open_existing
from dyads.query.summary import stats


@click.command(
    "stats",
    epilog=examples(
        "dyads stats --db events.duckdb",
        "dyads stats --actor China --top 5",
        "dyads stats --format json -o stats.json",
    ),
)
@db_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@output_option
def command(db: str | None, top: int, fmt: str, output: str | None, **filters: Any) -> None:
    """Counts of stored articles, stories and events (filters apply to the events)."""
    with open_existing(db) as store:
        numbers = stats(store, make_filter(filters, store), top=top)
    with output_console(output) as out:
        if fmt == "json":
            out.file.write(json.dumps(numbers, ensure_ascii=False, indent=2) + "\n")
            return
        out.print(
            f"[bold]{numbers['articles']}[/bold] articles in {numbers['stories']} stories; "
            f"[bold]{numbers['events']}[/bold] event mentions, {numbers['story_events']} events "
            f"once per story; dates {numbers['first_date'] or '-'} … {numbers['last_date'] or '-'}"
        )
        from rich.table import Table  # here: JSON output never needs rich

        types = Table("type", "mentions", title="Events by type")
        for name, count in numbers["by_type"].items():
            types.add_row(name, str(count))
        actors = Table("actor", "mentions", title="Top actors")
        for row in numbers["top_actors"]:
            actors.add_row(row["actor"], str(row["events"]))
        dyads = Table("source", "target", "mentions", title="Top dyads")
        for row in numbers["top_dyads"]:
            dyads.add_row(row["source"], row["target"], str(row["events"]))
        for table in (types, actors, dyads):
            out.print(table)
