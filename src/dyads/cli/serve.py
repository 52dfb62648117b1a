"""`dyads serve`: the HTTP API and the dashboard over a store."""

from __future__ import annotations

import click

from dyads.api.server import DEFAULT_HOST, DEFAULT_PORT, TOKEN_ENV, resolve_token
from dyads.cli.common import examples, out
from dyads.cli.events import db_option, open_existing


@click.command(
    "serve",
    epilog=examples(
        "dyads serve --db events.duckdb",
        "dyads serve --port 8001",
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
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--token", envvar=TOKEN_ENV, help=f"Require this token on every request [${TOKEN_ENV}]."
)
def command(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the API (docs at /docs) and the dashboard (at /)."""
    resolve_token(host, token)  # refuse a bad bind before opening anything
    from dyads.api.server import serve

    store = open_existing(db)

    def ready(url: str) -> None:
        out.print(f"Dyads dashboard on [bold]{url}[/bold] (API docs at {url}docs); Ctrl-C stops it")

    serve(store, host=host, port=port, token=token, on_ready=ready)
