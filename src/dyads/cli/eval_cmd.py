"""`dyads eval [PATH]`: score the system on the gold sets found under PATH."""

from __future__ import annotations

import json
from typing import Any

import click

from dyads.cli.common import ExitStatus, out, report_error, warn
from dyads.cli.llm_options import extractor_options, llm_options
from dyads.cli.llm_options import start as llm_start
from dyads.errors import DyadsError
from dyads.eval import SET_NAMES, render_table
from dyads.eval.costs import cost_lines, evaluate_with_costs
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline


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
@llm_options
def command(
    path: str | None,
    sets: tuple[str, ...],
    extractor: str | None,
    as_json: bool,
    limit: int | None,
    llm: dict[str, Any],
) -> None:
    """Score extraction against gold data in PATH (default ../shared/eval).

    Reports event type and dyad P/R/F1 and actor code recall (plover-gsr), quad-class
    accuracy and source/target span F1 (conflibert), and actor mention P/R/F1 (re3d).
    """
    pipeline = Pipeline(extractor=extractor or DEFAULT_EXTRACTOR,
                        extractor_options=extractor_options(extractor, llm))  # fmt: skip
    if pipeline.extractor_name.startswith("llm/"):
        llm_start(pipeline)
    try:
        report = evaluate_with_costs(path, sets=sets, limit=limit, pipeline=pipeline)
    except DyadsError as err:
        report_error(err)
        raise SystemExit(int(ExitStatus.ERROR)) from None
    if as_json:
        out.file.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_table(report))
        out.print(f"gold: {report.path}", style="dim")
        for line in cost_lines(report):
            out.print(line, markup=False, highlight=False)
    for name in report.missing:
        warn(f"warning: gold set {name!r} not found under {report.path}")
