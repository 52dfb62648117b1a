"""`dyads network`: the actor network of a period, for Gephi (GraphML, GEXF) or as JSON."""

from __future__ import annotations

from typing import Any

import click

from dyads.cli.common import examples, out, warn
from dyads.cli.events import db_option, open_existing, resolve_key
from dyads.cli.series import make_scope, scope_options
from dyads.export.graph import GRAPH_FORMATS, render_graph
from dyads.query.network import network


@click.command(
    "network",
    epilog=examples(
        "dyads network --since 2024-01 -o network.graphml",
        "dyads network --format gexf --min-count 3 -o network.gexf",
        "dyads network --actor Iran --format json",
    ),
)
@db_option
@scope_options
@click.option(
    "--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="graphml", show_default=True
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Drop ties with fewer events.",
)
@click.option("--actor", help="Only this actor's ties (id, code or name).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
def command(
    db: str | None,
    fmt: str,
    min_count: int,
    actor: str | None,
    output: str | None,
    **options: Any,
) -> None:
    """Actors as nodes, events as edges (counts by type and quad class, net score)."""
    with open_existing(db) as store:
        key = resolve_key(actor, "--actor", store) if actor else None
        net = network(store, scope=make_scope(options), min_count=min_count, actor=key)
    text = render_graph(net, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        warn(f"{len(net.nodes)} actors, {len(net.edges)} ties written to {output}")
    else:
        out.file.write(text)
