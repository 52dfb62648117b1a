"""`dyads demo`: the README's first command, over the bundled demo corpus."""

from __future__ import annotations

import click
from rich.table import Table

from dyads.cli.common import out
from dyads.demo import summarise_corpus


@click.command("demo")
@click.option("--corpus", type=click.Path(exists=True), help="Another folder or file to use.")
def command(corpus: str | None) -> None:
    """Code the bundled demo corpus and print what it found."""
    summary = summarise_corpus(corpus)
    out.print(
        f"[bold]{summary.articles}[/bold] articles, {summary.actors} actor mentions, "
        f"{sum(summary.events_by_type.values())} events"
        + (f", {summary.failed} inputs failed" if summary.failed else "")
    )
    types = Table("type", "events", title="Events by type")
    for name, count in summary.events_by_type.most_common():
        types.add_row(name, str(count))
    out.print(types)
    dyads = Table("type", "source", "target", "events", "example evidence", title="Top dyads")
    for key, count in summary.dyads.most_common(10):
        dyads.add_row(*key, str(count), summary.examples[key][:120])
    out.print(dyads)
