"""`dyads check-data`: validate every data file and say what is wrong, one line each."""

from __future__ import annotations

import click
from rich.table import Table

from dyads.checks import check_data
from dyads.cli.common import ExitStatus, examples, output_console, output_option, warn


@click.command(
    "check-data",
    epilog=examples(
        "dyads check-data",
        "dyads check-data --actors my-actors.yaml",
    ),
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True),
    help="Also check this actor file (YAML); may repeat.",
)
@output_option
def command(actor_files: tuple[str, ...], output: str | None) -> None:
    """Validate actor dictionaries, PLOVER/CAMEO tables, event patterns and word lists."""
    report = check_data(actor_files=actor_files)
    with output_console(output) as out:
        table = Table("data", "entries", title="Dyads data")
        for name, count in sorted(report.counts.items()):
            table.add_row(name, f"{count:,}")
        out.print(table)
        if report.ok:
            out.print("[green]all data files valid[/green]")
    for problem in report.problems:
        warn(f"problem: {problem}")
    if not report.ok:
        warn(f"{len(report.problems)} problem(s) found")
        raise SystemExit(int(ExitStatus.ERROR))
