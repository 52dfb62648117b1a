"""The default store: one DuckDB file, no server.

Rows go in as registered column arrays (one ``INSERT ... SELECT`` per table and batch), which
is two orders of magnitude faster than DuckDB's row-by-row ``executemany``.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from dyads.errors import StoreError
from dyads.store.base import DEMOTE_SQL, Params, SQLStore
from dyads.store.picks import RecentPicks
from dyads.store.rows import Row
from dyads.store.schema import TABLES, TYPES, Column, Dialect, in_lists
from dyads.store.served import LockedError

if TYPE_CHECKING:  # seen.py needs numpy, which a reading command need not import (0.1 s)
    from dyads.store.seen import StoredKeys

_counter = itertools.count()
# The stories a writer remembers the picks of: twice the near-duplicate window
# (dyads.ingest.dedup.DEFAULT_WINDOW, a test checks the two agree). Written out rather than
# imported: that module needs numpy, which a reading command would pay 0.2 s to import.
RECENT_STORIES = 2 * 5_000


# DuckDB caches as much of the file as memory allows (80 % of RAM by default), so a long
# ingest's footprint grows with the database; a cap keeps it flat (DuckDB spills past it).
MEMORY_ENV = "DYADS_DUCKDB_MEMORY"
DEFAULT_MEMORY = "256MB"
# While ingesting, the cache holds mostly blocks just written, which the writer never reads
# again: a smaller cap keeps a long ingest's memory flat at no cost in speed (docs/performance.md).
INGEST_MEMORY_ENV = "DYADS_DUCKDB_INGEST_MEMORY"
DEFAULT_INGEST_MEMORY = "64MB"
# Stores open in this process, per database file (see bulk_writes).
_OPEN: Counter[str] = Counter()
# The Bloom filters of stored ids, per database file, shared by its stores here (see seen.py).
_KEYS: dict[str, StoredKeys] = {}
_OPEN_LOCK = threading.Lock()
_SIZE = re.compile(r"^\d+(\.\d+)?\s*[KMGT]i?B$", re.IGNORECASE)


# DuckDB opens a path ending in one of these as that file's data in an in-memory database:
# an ingest into it "adds" articles and stores none.
DATA_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt", ".xml")
_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def check_database_path(path: str) -> None:
    """Refuse a path that is not, or cannot become, a DuckDB database file."""
    if path == ":memory:":
        return
    where = Path(path)
    if where.suffix.lower() in DATA_SUFFIXES:
        raise StoreError(f"{path}: not a DuckDB database (a data file); use a .duckdb path")
    if where.is_file() and where.stat().st_size:
        with where.open("rb") as handle:
            if handle.read(12)[8:12] != _MAGIC:
                raise StoreError(f"{path}: not a DuckDB database; give another --db path")


def _config() -> dict[str, str | bool | int | float | list[str]]:
    limit = os.environ.get(MEMORY_ENV, DEFAULT_MEMORY)
    return {} if limit.lower() in ("", "none", "default") else {"memory_limit": limit}


class DuckDBStore(SQLStore):
    dialect: Dialect = "duckdb"
    # Reads from other threads run on cursors of their own, side by side (the API's threads).
    concurrent_reads = True

    def __init__(
        self, path: str | Path = "dyads.duckdb", *, read_only: bool = False, upgrade: bool = True
    ) -> None:
        self.url = str(path)
        check_database_path(self.url)
        if self.url != ":memory:":
            Path(self.url).parent.mkdir(parents=True, exist_ok=True)
        config = _config()
        self._memory_limit = config.get("memory_limit")
        try:
            self.con = duckdb.connect(self.url, read_only=read_only, config=config)
        except duckdb.Error as err:
            # Another process holds the file: dyads.store.served may find the server that does.
            kind = LockedError if "could not set lock" in str(err).lower() else StoreError
            raise kind(f"{self.url}: cannot open DuckDB database ({err})") from None
        # DuckDB draws a progress bar on stdout for a long query: into the command's output.
        self.con.execute("SET enable_progress_bar = false")
        self._key = self.url if self.url == ":memory:" else os.path.realpath(self.url)
        with _OPEN_LOCK:
            _OPEN[self._key] += 1
            self._counted = True
            # Each in-memory database is its own: only files share their filters, which a
            # store makes on its first write or lookup (see _stored_keys).
            self._keys: StoredKeys | None = None
            if self.url == ":memory:":
                self._keys = _new_keys()
        self._depth = 0
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursor_of: dict[int, duckdb.DuckDBPyConnection] = {}
        # The file is locked to this process: its writes are the only ones, so it can keep the
        # picks of the stories it wrote last (twice the near-duplicate window) in memory.
        self.recent_picks = None if read_only else RecentPicks(size=RECENT_STORIES)
        if upgrade and not read_only:
            self.migrate()

    def execute(self, sql: str, params: Params = ()) -> None:
        self.con.execute(sql, list(params))

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._reader().execute(sql, list(params)).fetchall()

    def _reader(self) -> duckdb.DuckDBPyConnection:
        """The connection for a read: the main one in its own thread (which sees its open
        transaction), else a cursor per thread, so that readers don't queue behind each other.
        """
        if threading.get_ident() == self._owner:
            return self.con
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self.con.cursor()
            self._local.cursor = cursor
            self._cursors.append(cursor)
            self._cursor_of[threading.get_ident()] = cursor
        return cursor

    def session(self) -> DuckDBStore:
        """A store over this one's database on a connection of its own, for a transaction
        that spans calls (a served file's writer, dyads.api.store_routes) while other threads
        keep reading the last committed state."""
        return _Session(self)

    def interrupt(self, thread: int) -> None:
        cursor = self.con if thread == self._owner else self._cursor_of.get(thread)
        if cursor is not None:
            cursor.interrupt()

    def stream(self, sql: str, params: Params = (), *, size: int = 5000) -> Iterator[Row]:
        # A cursor of its own, so that statements run between fetches don't cut the stream.
        cursor = self.con.cursor()
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(size):
                yield from rows
        finally:
            cursor.close()

    @contextmanager
    def staged(self, columns: Sequence[Column], rows: Sequence[Row]) -> Iterator[str]:
        """The rows as a relation (``SELECT ... FROM`` a registered view of column arrays),
        typed as ``columns``, for the statements run inside the block."""
        import numpy as np  # only writers pay for it (see RECENT_STORIES)

        frame: dict[str, np.ndarray[Any, Any]] = {}
        for position, (name, _kind) in enumerate(columns):
            values = np.empty(len(rows), dtype=object)
            values[:] = [row[position] for row in rows]
            frame[name] = values
        view = f"dyads_rows_{next(_counter)}"
        types = TYPES[self.dialect]
        select = ", ".join(f"CAST({name} AS {types[kind]}) AS {name}" for name, kind in columns)
        self.con.register(view, frame)
        try:
            yield f"(SELECT {select} FROM {view})"
        finally:
            self.con.unregister(view)

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        columns = TABLES[table]
        if not rows:
            return
        names = ", ".join(name for name, _ in columns)
        with self.staged(columns, rows) as relation:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT * FROM {relation} r")
            from dyads.store.seen import COLUMNS

            if table in COLUMNS:
                hashes = self.con.execute(f"SELECT hash({COLUMNS[table]}) AS h FROM {relation} r")
                self._stored_keys().added(self.con, table, hashes.fetchnumpy()["h"])

    def row_count(self, table: str) -> int | None:
        # Live rows: never more than the next row's rowid, so a safe floor (DuckDB keeps the
        # count in its metadata: no scan).
        return self.count(table)

    def demote(self, event_ids: Sequence[str], *, floor: int | None = None) -> list[Row]:
        """Skip to the rows from ``floor`` on (DuckDB prunes row groups by rowid), then check
        that every event was found: a checkpoint that compacts deleted rows renumbers rows, and
        then the plain update runs for the ones not found."""
        if floor is None:
            return super().demote(event_ids)
        found: list[Row] = []
        for chunk, slots in in_lists(event_ids):
            sql = DEMOTE_SQL.format(where=" rowid >= ? AND", slots=slots)
            found.extend(self.con.execute(sql, [floor, *chunk]).fetchall())
        missing = set(event_ids) - {row[0] for row in found}
        return found + super().demote(sorted(missing)) if missing else found

    # The writer's id lookups: the Bloom filter rules out new ids, the database answers the rest.
    def _maybe(self, table: str, values: Iterable[str]) -> list[str]:
        keys = self._stored_keys()
        return keys.maybe_stored(self._reader(), table, list(dict.fromkeys(values)))

    def _stored_keys(self) -> StoredKeys:
        """The file's filters (one per file in this process, shared by its stores)."""
        if self._keys is None:
            with _OPEN_LOCK:
                self._keys = _KEYS.setdefault(self._key, _new_keys())
        return self._keys

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        maybe = self._maybe("articles", ids)
        return super().stored_hashes(maybe) if maybe else {}

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        maybe = self._maybe("articles", ids)
        return super().known_articles(maybe) if maybe else set()

    def done_keys(self, keys: Iterable[str]) -> set[str]:
        maybe = self._maybe("ingest_state", keys)
        return super().done_keys(maybe) if maybe else set()

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Cap DuckDB's memory at $DYADS_DUCKDB_INGEST_MEMORY (64MB) for a run of batch writes,
        then restore the store's own limit."""
        limit = os.environ.get(INGEST_MEMORY_ENV, DEFAULT_INGEST_MEMORY).strip()
        # DuckDB's limit holds for the whole database, and stores of one file in one process
        # share it: with another store open here (an API serving while it ingests), a writer's
        # cap would starve that store's queries.
        if limit.lower() in ("", "none", "default") or _OPEN[self._key] > 1:
            yield
            return
        if not _SIZE.match(limit):  # SET takes no parameters: only a plain size gets in
            raise StoreError(f"{INGEST_MEMORY_ENV}={limit!r} is not a size such as 64MB")
        own = self._memory_limit
        if own is None:
            restore = "RESET memory_limit"
        else:
            # The limit as configured: the one DuckDB reports back is rounded.
            if not _SIZE.match(str(own)):
                own = self.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
            restore = f"SET memory_limit = '{own}'"
        self.con.execute(f"SET memory_limit = '{limit}'")
        try:
            yield
        finally:
            self.con.execute(restore)

    def transaction(self) -> AbstractContextManager[None]:
        return self.joined(self._begin)

    @contextmanager
    def _begin(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def close(self) -> None:
        for cursor in self._cursors:
            cursor.close()
        self.con.close()
        with _OPEN_LOCK:
            if self._counted:
                self._counted = False
                _OPEN[self._key] -= 1
                if _OPEN[self._key] <= 0:
                    del _OPEN[self._key]
                    _KEYS.pop(self._key, None)


def _new_keys() -> StoredKeys:
    from dyads.store.seen import StoredKeys

    return StoredKeys()


class _Session(DuckDBStore):
    """One connection of a parent store's database: every statement on it, in any thread."""

    def __init__(self, parent: DuckDBStore) -> None:  # no super(): the database is open
        self.url = parent.url
        self._memory_limit = parent._memory_limit
        self._key = parent._key
        self._keys = parent._keys  # the ids stored: one filter for the file
        self._counted = False
        self._depth = 0
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._cursors = []
        self._cursor_of = {}
        self.recent_picks = None
        self.con = parent.con.cursor()

    def _reader(self) -> duckdb.DuckDBPyConnection:
        return self.con  # reads inside the open transaction see its writes
