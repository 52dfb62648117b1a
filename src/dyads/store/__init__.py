"""The event store: articles, sentences, actor mentions and events in DuckDB or PostgreSQL.

``open_store()`` picks the backend from the address: ``postgresql://...`` (or
``postgres://...``) opens PostgreSQL, anything else is a DuckDB file path. Without an
address, ``$DYADS_DB`` or ``./dyads.duckdb``. A DuckDB file that a running `dyads serve`
owns is opened through that server (``dyads.store.served``), the same store to its callers.
"""

from __future__ import annotations

import os
from pathlib import Path

import dyads.registry as registry
from dyads.store.base import SQLStore, Store

DEFAULT_DB = "dyads.duckdb"

__all__ = ["DEFAULT_DB", "SQLStore", "Store", "default_db", "open_store"]


def default_db() -> str:
    return os.environ.get("DYADS_DB") or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None) -> SQLStore:
    """Open (creating and migrating as needed) the store at a path or URL."""
    target = str(url_or_path) if url_or_path is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        factory = registry.get("stores", "postgresql")
        store: SQLStore = factory(target)
        return store
    if target.startswith("duckdb:"):
        target = target.removeprefix("duckdb:").removeprefix("//")
    from dyads.store.served import LockedError, clear_stale, find_server

    factory = registry.get("stores", "duckdb")
    try:
        duck: SQLStore = factory(target)
    except LockedError:
        # A file that `dyads serve` holds is opened through that server (dyads.store.served).
        served = find_server(target)
        if served is None:
            raise
        from dyads.store.remote import RemoteStore

        return RemoteStore(target, served)
    clear_stale(target)  # this process holds the lock: no server owns the file
    return duck
