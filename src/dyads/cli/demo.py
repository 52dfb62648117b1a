"""`dyads demo`: the README's first command, over the bundled demo corpus."""

from __future__ import annotations

import click
from rich.table import Table

from dyads.cli.common import examples, fail, out, table
from dyads.demo import DEMO_DB, check_port, run_demo
from dyads.errors import InputError


@click.command(
    "demo",
    epilog=examples(
        "dyads demo",
        "dyads demo --no-serve",
        "dyads demo --port 8001",
    ),
)
@click.option("--corpus", type=click.Path(exists=True), help="Another folder or file to use.")
@click.option("--db", default=DEMO_DB, show_default=True, help="DuckDB file to (re)create.")
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Start the dashboard on the demo database at the end.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--rebuild", is_flag=True, help="Build the database again even when the corpus is unchanged."
)
def command(corpus: str | None, db: str, serve: bool, port: int, rebuild: bool) -> None:
    """Ingest the bundled demo corpus, summarise it, and start the dashboard."""
    try:
        if serve:  # before anything is built or replaced
            check_port(port)
        result = run_demo(corpus, db=db, rebuild=rebuild)
    except InputError as err:
        fail(f"error: {err}")
    s = result.summary
    if result.report is None:
        out.print(f"[bold]{result.db}: corpus and data unchanged, reused[/bold] (--rebuild: anew)")
    else:
        out.print(f"[bold]{result.report.line()}[/bold]")
    out.print(
        f"{s['articles']} articles in {s['stories']} stories; {s['events']} events "
        f"({s['event_mentions']} event mentions) in [cyan]{result.db}[/cyan]"
    )
    types = Table("type", "events", title="Events by type (once per story)")
    for name, count in s["events_by_type"].items():
        types.add_row(name, str(count))
    out.print(types)
    dyads = table(
        "Top dyads",
        [
            ("type", "key"),
            ("source", "key"),
            ("target", "key"),
            ("events", "key"),
            ("example evidence", "text"),
        ],
        [
            (
                row["type"],
                row["source"],
                row["target"],
                str(row["events"]),
                (row["example"] or "")[:140],
            )
            for row in s["top_dyads"]
        ],
    )
    out.print(dyads)
    if not serve:
        out.print(f"Dashboard: dyads serve --db {result.db}")
        return
    from dyads.api.server import serve as serve_dashboard

    try:  # again: another server may have taken the port while the database was built
        check_port(port)
    except InputError as err:
        fail(f"error: {err}")

    serve_dashboard(
        result.db,
        port=port,
        on_ready=lambda url: out.print(
            f"Dashboard on the demo database: [bold underline]{url}[/] (Ctrl+C to stop)"
        ),
    )
