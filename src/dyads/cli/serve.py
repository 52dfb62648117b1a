"""`dyads serve`: the HTTP API and the dashboard over a store."""

from __future__ import annotations

import click

from dyads.api.server import DEFAULT_HOST, DEFAULT_PORT, TOKEN_ENV, resolve_token
from dyads.cli.common import examples, fail, out
from dyads.cli.events import db_option, open_existing


@click.command(
    "serve",
    epilog=examples(
        "dyads serve --db events.duckdb",
        "dyads serve --port 8001",
        "dyads serve --db events.duckdb --port 0",
        'dyads serve --host 0.0.0.0 --token "$DYADS_TOKEN"',
    ),
)
@db_option
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to bind; anything but loopback needs --token.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--token", envvar=TOKEN_ENV, help=f"Require this token on every request [${TOKEN_ENV}]."
)
def command(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the API (docs at /docs) and the dashboard (at /).

    While it serves a DuckDB file, `dyads ingest`, `events`, `stats`, `recode` ... on that file
    run through it: the dashboard offers the new events without a restart."""
    resolve_token(host, token)  # refuse a bad bind before opening anything
    from dyads.api.server import serve
    from dyads.store.remote import RemoteStore

    store = open_existing(db)
    if isinstance(store, RemoteStore):
        fail(
            f"error: {store.url}: already served by dyads serve (pid {store.served.pid}) at"
            f" {store.served.url}; open that, or stop it first"
        )

    def ready(url: str) -> None:
        out.print(f"Dyads dashboard on [bold]{url}[/bold] (API docs at {url}docs); Ctrl-C stops it")

    serve(store, host=host, port=port, token=token, on_ready=ready)
