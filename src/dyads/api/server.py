"""Run the app with uvicorn: ``serve(db, host=..., port=..., token=...)``.

Loopback needs no token. Any other address (a LAN, ``0.0.0.0``) exposes the articles and the
extractor to whoever can reach it, so it is refused without a token.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from pathlib import Path

from dyads.api.store_access import Limits
from dyads.errors import InputError
from dyads.store import SQLStore

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
) -> None:
    """Serve the API and dashboard until interrupted. ``on_ready`` gets the dashboard URL."""
    import uvicorn

    from dyads.api.app import create_app

    required = resolve_token(host, token)
    app = create_app(db, token=required, limits=limits, cache=cache)
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
    server = uvicorn.Server(config)
    if on_ready is not None:
        on_ready(dashboard_url(host, port))
    server.run()
