"""`dyads eval [PATH]`: score the system on the gold sets found under PATH."""

from __future__ import annotations

import json

import click

from dyads.cli.common import ExitStatus, out, report_error, warn
from dyads.errors import DyadsError
from dyads.eval import SET_NAMES, evaluate, render_table


@click.command("eval")
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Choice(SET_NAMES),
    help="Score only this gold set; may repeat. Default: every set found.",
)
@click.option("--extractor", default=None, help="Extractor to score (default: rules/1).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score only the first N items of each gold file (a quick check).",
)
def command(
    path: str | None,
    sets: tuple[str, ...],
    extractor: str | None,
    as_json: bool,
    limit: int | None,
) -> None:
    """Score extraction against gold data in PATH (default ../shared/eval).

    Reports event type and dyad P/R/F1 and actor code recall (plover-gsr), quad-class
    accuracy and source/target span F1 (conflibert), and actor mention P/R/F1 (re3d).
    """
    try:
        report = evaluate(path, sets=sets, extractor=extractor, limit=limit)
    except DyadsError as err:
        report_error(err)
        raise SystemExit(int(ExitStatus.ERROR)) from None
    if as_json:
        out.file.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_table(report))
        out.print(f"gold: {report.path}", style="dim")
    for name in report.missing:
        warn(f"warning: gold set {name!r} not found under {report.path}")
