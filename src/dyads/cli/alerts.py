"""`dyads alerts`: dyads whose activity departs from their own baseline, with the evidence."""

from __future__ import annotations

import json
from typing import Any

import click

from dyads.cli.common import examples, output_console, output_option
from dyads.cli.events import db_option, open_existing
from dyads.cli.series import make_scope, scope_options
from dyads.query.alerts import GROUPINGS, METHODS, find_alerts
from dyads.query.intervals import INTERVALS


@click.command(
    "alerts",
    epilog=examples(
        "dyads alerts --db events.duckdb",
        "dyads alerts --interval month --by quad --since 2024-01",
        "dyads alerts --method poisson --threshold 0.01 --format json -o alerts.jsonl",
    ),
)
@db_option
@scope_options
@click.option("--interval", type=click.Choice(tuple(INTERVALS)), default="week", show_default=True)
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    default="type",
    show_default=True,
    help="Count per PLOVER type or per quad class.",
)
@click.option("--method", type=click.Choice(METHODS), default="zscore", show_default=True)
@click.option(
    "--threshold",
    type=click.FloatRange(min=0, min_open=True),
    help="z-score (default 3) or Poisson p-value (default 0.001).",
)
@click.option(
    "--window",
    type=click.IntRange(1, 520),
    default=8,
    show_default=True,
    help="Baseline periods before the one checked.",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Events a period needs to be reported.",
)
@click.option(
    "--evidence",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Evidence events listed per alert.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@output_option
def command(
    db: str | None,
    interval: str,
    by: str,
    method: str,
    threshold: float | None,
    window: int,
    min_count: int,
    evidence: int,
    fmt: str,
    output: str | None,
    **options: Any,
) -> None:
    """Spikes in the periods from --since to --until (default: the last period with events)."""
    with open_existing(db) as store:
        found = find_alerts(
            store,
            scope=make_scope(options),
            interval=interval,
            by=by,
            method=method,
            threshold=threshold,
            window=window,
            min_count=min_count,
            evidence=evidence,
        )
    with output_console(output) as out:
        if fmt == "json":
            for alert in found:
                out.file.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
            return
        # Styled only on a terminal; a file or a pipe gets the same lines written directly,
        # which spares the command rich's import (about a tenth of its run on a large store).
        styled = out.is_terminal
        if not found:
            out.file.write("No dyad departs from its baseline.\n")
        for alert in found:
            if styled:
                out.print(f"[bold]{alert.reason}[/bold]", highlight=False)
            else:
                out.file.write(f"{alert.reason}\n")
            for event in alert.evidence:
                out.file.write(
                    f"  {event['date']} {event['type']} [{event['article_id']}]"
                    f" {event['evidence']}\n"
                )
