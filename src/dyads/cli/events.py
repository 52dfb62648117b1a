"""`dyads events`: the stored events that match filters, as a table, JSON Lines or CSV.

Also the options every store command shares (``--db`` and the event filters).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dyads.cli.common import ExitStatus, examples, fail, output_console, output_option, table, warn
from dyads.errors import StoreError
from dyads.export import csv_safe
from dyads.query.filters import EVENT_COLUMNS, EventFilter, is_date_prefix, select_events
from dyads.store import SQLStore, default_db, open_store

if TYPE_CHECKING:
    from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        default=None,
        metavar="PATH|URL",
        help="DuckDB file or postgresql:// URL [default: $DYADS_DB or ./dyads.duckdb].",
    )(func)


def open_existing(db: str | None) -> SQLStore:
    """Open a store that must already exist (reading commands don't create empty ones)."""
    target = db or default_db()
    if not target.startswith(("postgresql://", "postgres://")) and not Path(target).exists():
        fail(f"error: {target}: no such database; run `dyads ingest ... --db {target}` first")
    try:
        return open_store(target)
    except StoreError as err:
        fail(f"error: {err}")


def check_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--since``/``--until``: a real date or its prefix, refused before anything is opened."""
    if value is not None and not is_date_prefix(value):
        # One line naming the option, as for every bad input (click's own form takes three).
        fail(
            f"error: --{param.name}: {value!r} is not a date like 2024-10-20, 2024-10 or 2024",
            ExitStatus.USAGE,
        )
    return value


def since_option(help_text: str) -> Callable[[F], F]:
    return click.option("--since", callback=check_date, help=help_text)


def until_option(help_text: str) -> Callable[[F], F]:
    return click.option("--until", callback=check_date, help=help_text)


ACTOR_HELP = "an id, code or any name, in any case (RUS, rus, Russia)"


def filter_options(func: F) -> F:
    options = [
        click.option(
            "--actor", multiple=True, help=f"Actor in any role: {ACTOR_HELP}; may repeat."
        ),
        click.option(
            "--source", multiple=True, help="Source actor (id, code or name); may repeat."
        ),
        click.option(
            "--target", multiple=True, help="Target actor (id, code or name); may repeat."
        ),
        click.option("--type", "types", multiple=True, help="PLOVER event type; may repeat."),
        since_option("Events on or after this date (2024, 2024-10, 2024-10-20)."),
        until_option("Events on or before this date."),
        click.option("--hedged/--no-hedged", default=None, help="Only hedged, or only firm."),
        click.option("--negated/--no-negated", default=None, help="Only negated, or only not."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_key(value: str, option: str, store: SQLStore | None) -> str:
    """The store key for an actor the user typed, warning on stderr when it matched nothing
    (with the closest names) or more than one actor."""
    from dyads.query.actors import resolve_actor

    found = resolve_actor(value, store=store)
    message = found.warning(option)
    if message:
        warn(message)
    return found.key or value


def make_filter(options: dict[str, Any], store: SQLStore | None = None) -> EventFilter:
    def keys(role: str) -> tuple[str, ...]:
        return tuple(resolve_key(v, f"--{role}", store) for v in options.get(role) or ())

    return EventFilter(
        actor=keys("actor"),
        source=keys("source"),
        target=keys("target"),
        types=tuple(options.get("types") or ()),
        since=options.get("since"),
        until=options.get("until"),
        hedged=options.get("hedged"),
        negated=options.get("negated"),
    )


def _flags(row: dict[str, Any]) -> str:
    return ",".join(f for f in ("hedged", "negated", "hypothetical", "quoted") if row.get(f))


def events_table(rows: list[dict[str, Any]]) -> Table:
    columns = [("date", "key"), ("type", "key"), ("source", "ids"), ("target", "ids")]
    columns += [("flags", "ids"), ("evidence", "text"), ("outlet", "text")]
    cells = []
    for row in rows:
        evidence = str(row.get("evidence_text") or "")
        cells.append(
            (
                row.get("date") or "",
                row["type"],
                (row.get("source_ids") or "").replace(";", ", "),
                (row.get("target_ids") or "").replace(";", ", "),
                _flags(row).replace(",", ", "),
                evidence if len(evidence) <= 100 else evidence[:99] + "…",
                row.get("outlet") or "",
            )
        )
    return table("Events", columns, cells)


@click.command(
    "events",
    epilog=examples(
        "dyads events --db events.duckdb --actor Russia",
        "dyads events --source rus --type ASSAULT --since 2024-01 --format csv -o assaults.csv",
        "dyads events --target UKR --no-hedged --limit 20",
    ),
)
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many events.")
@output_option
def command(
    db: str | None, fmt: str, limit: int | None, output: str | None, **filters: Any
) -> None:
    """List stored events that match the filters, oldest first."""
    with open_existing(db) as store:
        where = make_filter(filters, store)
        with output_console(output) as out:
            if fmt == "jsonl":
                from dyads.query.filters import select_records

                for record in select_records(store, where, limit=limit):
                    out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif fmt == "csv":
                writer = csv.DictWriter(out.file, fieldnames=EVENT_COLUMNS, lineterminator="\n")
                writer.writeheader()
                for row in select_events(store, where, limit=limit):
                    writer.writerow(csv_safe(row))
            else:
                rows = list(select_events(store, where, limit=limit or 100))
                out.print(events_table(rows))
                out.print(
                    f"{len(rows)} events"
                    + (" (first 100; use --limit)" if limit is None and len(rows) == 100 else "")
                )
