"""`dyads series A B`: events between two actors per day, week or month, with the indexes.

Also the options the analysis commands share (dates, types, hedged/negated, per story).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from dyads.cli.common import examples, grid, output_console, output_option
from dyads.cli.events import db_option, open_existing, resolve_key, since_option, until_option
from dyads.query.intervals import INTERVALS
from dyads.query.scope import Scope
from dyads.query.series import dyad_series

F = TypeVar("F", bound=Callable[..., Any])


def scope_options(func: F) -> F:
    options = [
        since_option("From this date (2024, 2024-10, 2024-10-20)."),
        until_option("To this date, inclusive."),
        click.option("--type", "types", multiple=True, help="PLOVER event type; may repeat."),
        click.option("--include-hedged", is_flag=True, help="Count hedged events too."),
        click.option("--include-negated", is_flag=True, help="Count negated events too."),
        click.option(
            "--mentions",
            is_flag=True,
            help="Count every article's mention, not each story's event once.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_scope(options: dict[str, Any]) -> Scope:
    return Scope(
        since=options.get("since"),
        until=options.get("until"),
        types=tuple(t.upper() for t in options.get("types") or ()),
        include_hedged=bool(options.get("include_hedged")),
        include_negated=bool(options.get("include_negated")),
        per_story=not options.get("mentions"),
    )


SERIES_HEADERS = (
    "period",
    "events",
    "verb. coop",
    "mat. coop",
    "verb. confl",
    "mat. confl",
    "Goldstein idx",
    "count idx",
)


def _cell(value: object) -> str:
    return "—" if value is None else str(value)


@click.command(
    "series",
    epilog=examples(
        "dyads series Russia Ukraine",
        "dyads series rus irn --interval month --format csv -o rus-irn.csv",
        "dyads series USA CHN --directed --since 2024",
    ),
)
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--interval", type=click.Choice(tuple(INTERVALS)), default="week", show_default=True)
@click.option("--directed", is_flag=True, help="Only A acting on B (default: both ways).")
@scope_options
@click.option("--all-periods", is_flag=True, help="Show periods without events too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@output_option
def command(
    a: str,
    b: str,
    db: str | None,
    interval: str,
    directed: bool,
    all_periods: bool,
    fmt: str,
    output: str | None,
    **options: Any,
) -> None:
    """Events between actors A and B (ids, codes or names, in any case) over time, by quad
    class, with the Goldstein-weighted and count-based cooperation–conflict indexes."""
    with open_existing(db) as store:
        key_a, key_b = resolve_key(a, "A", store), resolve_key(b, "B", store)
        series = dyad_series(
            store, key_a, key_b, interval=interval, directed=directed, scope=make_scope(options)
        )
    data = series.to_dict()
    points = data["points"] if all_periods else [p for p in data["points"] if p["total"]]
    with output_console(output) as out:
        if fmt == "json":
            out.file.write(json.dumps(data | {"points": points}, ensure_ascii=False) + "\n")
            return
        if fmt == "csv":
            writer = csv.DictWriter(out.file, fieldnames=list(data["totals"]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(points)
            return
        arrow = "→" if directed else "–"
        rows = [
            (
                p["period"],
                str(p["total"]),
                str(p["verbal_cooperation"]),
                str(p["material_cooperation"]),
                str(p["verbal_conflict"]),
                str(p["material_conflict"]),
                _cell(p["goldstein_index"]),
                _cell(p["count_index"]),
            )
            for p in [*points, data["totals"]]
        ]
        out.file.write(grid(f"{key_a} {arrow} {key_b} per {interval}", SERIES_HEADERS, rows))
        out.file.flush()
