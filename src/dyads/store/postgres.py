"""The PostgreSQL store, for teams sharing one database: ``--db postgresql://...``.

Needs the ``postgres`` extra (psycopg 3). Rows go in through ``COPY``; migrations take an
advisory lock so that several processes opening a fresh database don't race.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any

from dyads.errors import StoreError
from dyads.store.base import Params, SQLStore
from dyads.store.rows import Row
from dyads.store.schema import SCHEMA_VERSION, TABLES, Dialect

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_MIGRATION_LOCK = 0x447961647300  # "Dyads" as a number: one lock id per database
_WRITER_LOCK = _MIGRATION_LOCK + 1
_counter = itertools.count()


def _sql(sql: str) -> str:
    """Our ``?`` placeholders in psycopg's style; a literal % must be doubled for it."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(SQLStore):
    dialect: Dialect = "postgresql"

    def __init__(self, url: str, *, schema: str | None = None, upgrade: bool = True) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostgreSQL needs psycopg: pip install 'dyads[postgres]'") from None
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to PostgreSQL ({err})".strip()) from None
        if schema is not None:
            if not _SCHEMA_NAME.match(schema):
                raise StoreError(f"{schema!r} is not a valid schema name")
            self.conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            self.conn.execute(f"SET search_path TO {schema}")
        self._depth = 0
        if upgrade:
            self.migrate()

    def execute(self, sql: str, params: Params = ()) -> None:
        self.conn.execute(_sql(sql), list(params))

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(_sql(sql), list(params)).fetchall()

    def stream(self, sql: str, params: Params = (), *, size: int = 5000) -> Iterator[Row]:
        # A server-side cursor keeps memory flat on large exports; WITH HOLD lets it live
        # outside a transaction block (the connection is in autocommit mode).
        with self.conn.cursor(name=f"dyads_stream_{next(_counter)}", withhold=True) as cursor:
            cursor.execute(_sql(sql), list(params))
            while rows := cursor.fetchmany(size):
                yield from rows

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        if not rows:
            return
        names = ", ".join(name for name, _ in TABLES[table])
        with (
            self.conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def transaction(self) -> AbstractContextManager[None]:
        return self.joined(self.conn.transaction)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """One writer at a time per database: a second ingest (or recode) waits for the first.

        Each ingest reads the stored articles and story signatures when it starts and decides
        from them what is new and which story an article joins; two at once would both store
        an article (a primary-key error) or open two stories for one. A session lock: a writer
        that dies releases it with its connection.
        """
        self.execute("SELECT pg_advisory_lock(?)", (_WRITER_LOCK,))
        try:
            yield
        finally:
            import psycopg

            # A lost connection took the lock with it; its own error is the one to report.
            with suppress(psycopg.Error):
                self.execute("SELECT pg_advisory_unlock(?)", (_WRITER_LOCK,))

    def migrate(self, target: int = SCHEMA_VERSION) -> list[int]:
        with self.transaction():
            self.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            return super().migrate(target)

    def interrupt(self, thread: int) -> None:
        # One connection, used by one thread at a time (the API holds a lock around it): the
        # query running is the caller's.
        self.conn.cancel()

    def close(self) -> None:
        self.conn.close()
