"""Run the app with uvicorn: ``serve(db, host=..., port=..., token=...)``.

Loopback needs no token. Any other address (a LAN, ``0.0.0.0``) exposes the articles and the
extractor to whoever can reach it, so it is refused without a token.

A DuckDB file is locked to the server while it runs; once listening, the server writes the
file's discovery file (``<db>.serve.json``, mode 0600, see :mod:`dyads.store.served`) so that
`dyads ingest`, `events` ... on the same file send their SQL to it, and removes it on exit.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dyads.api.store_access import Limits
from dyads.errors import InputError
from dyads.store import SQLStore
from dyads.store.served import remove_discovery, write_discovery

log = logging.getLogger("dyads.serve")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "DYADS_TOKEN"
GRACEFUL_SECONDS = 5


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(host: str, token: str | None) -> str | None:
    """The token to require, or an error when a non-loopback bind has none."""
    token = token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < 8:
        raise InputError("--token", "use at least 8 characters")
    if token is None and not is_loopback(host):
        raise InputError(
            "--host",
            f"{host} is reachable from other machines: give --token (or set {TOKEN_ENV})",
        )
    return token


def dashboard_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def local_url(host: str, port: int) -> str:
    """Where a process on this machine reaches a server bound to ``host``."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return dashboard_url(host, port)


def serve(
    db: SQLStore | str | Path | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    limits: Limits | None = None,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "warning",
    cache: int | None = None,
    on_app: Callable[[Any], None] | None = None,
) -> None:
    """Serve the API and dashboard until interrupted. ``on_ready`` gets the dashboard URL once
    the server listens (``port=0``: a free port, the one in that URL)."""
    import uvicorn

    from dyads.api.app import create_app
    from dyads.store.duckdb import DuckDBStore

    required = resolve_token(host, token)
    store_token = secrets.token_urlsafe(32)  # this run's; only the discovery file holds it
    app = create_app(db, token=required, limits=limits, cache=cache, store_token=store_token)
    if on_app is not None:
        on_app(app)  # e.g. `serve --watch` tells the app of its writes (app.state.written)
    store = app.state.access.store
    owned = store.url if isinstance(store, DuckDBStore) and store.url != ":memory:" else None
    pid = os.getpid()

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.should_exit:
                return
            bound = self.servers[0].sockets[0].getsockname()[1] if self.servers else port
            if owned is not None:
                try:
                    write_discovery(owned, url=local_url(host, bound), pid=pid, token=store_token)
                except OSError as err:  # a read-only folder: the CLI then meets the lock
                    log.warning("cannot write the discovery file beside %s (%s)", owned, err)
            if on_ready is not None:
                on_ready(dashboard_url(host, bound))

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # Here, not after run(): uvicorn re-raises SIGTERM once it has stopped, which ends
            # the process before any code after run() is reached.
            if owned is not None:
                remove_discovery(owned, pid=pid)
            await super().shutdown(sockets)

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        # SIGTERM: stop taking requests, give those in flight this long, then exit (each is
        # cut at its own deadline anyway).
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    server = Server(config)
    try:
        server.run()
    finally:
        if owned is not None:
            remove_discovery(owned, pid=pid)
