"""`dyads serve`: the HTTP API and the dashboard over a store."""

from __future__ import annotations

from typing import Any

import click

from dyads.api.server import DEFAULT_HOST, DEFAULT_PORT, TOKEN_ENV, resolve_token
from dyads.cli.common import examples, fail, out, warn
from dyads.cli.events import db_option, open_existing
from dyads.cli.watch import polling_options, show_round, watch_options


@click.command(
    "serve",
    epilog=examples(
        "dyads serve --db events.duckdb",
        "dyads serve --port 8001",
        "dyads serve --db events.duckdb --port 0",
        'dyads serve --host 0.0.0.0 --token "$DYADS_TOKEN"',
        "dyads serve --watch https://example.org/feed.rss --every 15m",
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
@click.option(
    "--watch",
    "feeds",
    multiple=True,
    metavar="FEED",
    help="Poll this feed (repeatable) in the background, as `dyads watch` does, with the"
    " options below; the alerts page then refreshes itself.",
)
@polling_options
def command(
    db: str | None,
    host: str,
    port: int,
    token: str | None,
    feeds: tuple[str, ...],
    **settings: object,
) -> None:
    """Serve the API (docs at /docs) and the dashboard (at /).

    While it serves a DuckDB file, `dyads ingest`, `events`, `stats`, `recode` ... on that file
    run through it: the dashboard offers the new events without a restart."""
    resolve_token(host, token)  # refuse a bad bind before opening anything
    from contextlib import nullcontext, suppress

    from dyads.api.server import serve
    from dyads.runs.watch import BackgroundWatch
    from dyads.store import default_db
    from dyads.store.remote import RemoteStore

    store = open_existing(db)
    if isinstance(store, RemoteStore):
        fail(
            f"error: {store.url}: already served by dyads serve (pid {store.served.pid}) at"
            f" {store.served.url}; open that, or stop it first"
        )
    refresh = max(5, int(float(str(settings["every"]))))

    def ready(url: str) -> None:
        out.print(f"Dyads dashboard on [bold]{url}[/bold] (API docs at {url}docs); Ctrl-C stops it")
        if feeds:
            out.print(f"Watching {len(feeds)} feeds; live alerts at {url}alerts?refresh={refresh}")

    apps: list[Any] = []

    def round_done(report: Any) -> None:
        show_round(report)
        if report.ingest.added:  # the open dashboard pages offer the new events
            for app in apps:
                app.state.written()

    watching = (
        BackgroundWatch(
            feeds,
            db or default_db(),
            options=watch_options(settings, rounds=None, log=None),
            on_round=round_done,
            on_error=warn,
        )
        if feeds
        else nullcontext()
    )
    # uvicorn re-raises the Ctrl-C it handled once it has shut down: that is the way out.
    with suppress(KeyboardInterrupt), watching:
        # The answers cache assumes a store nobody writes while it is served: not so here.
        serve(
            store,
            host=host,
            port=port,
            token=token,
            on_ready=ready,
            cache=0 if feeds else None,
            on_app=apps.append,
        )
