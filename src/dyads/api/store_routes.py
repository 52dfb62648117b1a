"""``/api/store/*``: the served DuckDB file's SQL, for the CLI on the same machine.

While `dyads serve` owns a DuckDB file, no other process can open it; commands on that file
(:class:`dyads.store.remote.RemoteStore`) send their SQL here instead. Only a holder of the
per-run token in the file's discovery file (mode 0600, see :mod:`dyads.store.served`) gets
in, whatever the server's own ``--token``: the guard in :mod:`dyads.api.app` checks it first.

One writer at a time: ``begin`` takes the write lock and opens a transaction on a connection of
its own, which ``commit`` or ``rollback`` ends; reads without a session run beside it on the
last committed state, so the dashboard keeps answering while an ingest writes. A session its
client abandoned (killed mid-batch) is rolled back once it has been idle ``IDLE_S``. Every
commit moves the data generation on, which empties the response cache and tells the dashboard
that there is something new.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import duckdb
from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import StreamingResponse

from dyads.errors import StoreError
from dyads.store.duckdb import DuckDBStore
from dyads.store.schema import TABLES
from dyads.store.served import decode, decode_row, encode_row

STORE_PREFIX = "/api/store/"
STORE_MAX_BODY = 64 * 1024 * 1024  # a client splits bigger inserts (dyads.store.remote)
STREAM_BLOCK = 1000  # rows per chunk of a streamed answer
IDLE_S = 60.0  # a session unused this long is abandoned: rolled back
BEGIN_WAIT_S = 120.0  # a second writer waits this long for the first's batch to commit

router = APIRouter(prefix="/api/store", include_in_schema=False)
Payload = dict[str, Any]


@dataclass
class _Session:
    id: str
    store: DuckDBStore
    used: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Writer:
    """The one write session of a served DuckDB store, and the data generation."""

    store: DuckDBStore
    on_commit: Any = None  # called after each commit (the app empties its cache)
    _write: threading.Lock = field(default_factory=threading.Lock)
    _guard: threading.Lock = field(default_factory=threading.Lock)
    _session: _Session | None = None

    def begin(self) -> str:
        deadline = time.monotonic() + BEGIN_WAIT_S
        while not self._write.acquire(timeout=1.0):
            self._reap()
            if time.monotonic() > deadline:
                raise HTTPException(409, "another command is writing to this database; try again")
        session = _Session(secrets.token_hex(16), self.store.session())
        try:
            session.store.execute("BEGIN TRANSACTION")
        except BaseException:
            session.store.close()
            self._write.release()
            raise
        with self._guard:
            self._session = session
        return session.id

    def _reap(self) -> None:
        with self._guard:
            session = self._session
        # A session running a statement is busy, however long since its last call began.
        if session is None or session.lock.locked():
            return
        if time.monotonic() - session.used > IDLE_S:
            with suppress(HTTPException):  # ended meanwhile by its own client
                self.end(session.id, commit=False)

    def find(self, session_id: str) -> _Session:
        with self._guard:
            session = self._session
        given = session_id.encode("utf-8", "replace")
        if session is None or not secrets.compare_digest(session.id.encode("ascii"), given):
            raise HTTPException(409, "the transaction is over (rolled back after a pause?)")
        session.used = time.monotonic()
        return session

    def end(self, session_id: str, *, commit: bool) -> None:
        session = self.find(session_id)
        with session.lock, self._guard:
            if self._session is not session:
                raise HTTPException(409, "the transaction is over")
            self._session = None
        try:
            session.store.execute("COMMIT" if commit else "ROLLBACK")
        finally:
            session.store.close()
            self._write.release()
        if commit and self.on_commit is not None:
            self.on_commit()

    @contextmanager
    def autocommit(self) -> Iterator[DuckDBStore]:
        """A statement outside any transaction: its own, under the write lock."""
        if not self._write.acquire(timeout=BEGIN_WAIT_S):
            raise HTTPException(409, "another command is writing to this database; try again")
        own = self.store.session()
        try:
            yield own
        finally:
            own.close()
            self._write.release()
        if self.on_commit is not None:
            self.on_commit()

    def close(self) -> None:
        with self._guard:
            session = self._session
        if session is not None:
            with suppress(HTTPException, duckdb.Error):
                self.end(session.id, commit=False)


def writer(request: Request) -> Writer:
    found: Writer | None = getattr(request.app.state, "writer", None)
    if found is None:
        raise HTTPException(404, "this server does not own a DuckDB file")
    return found


def _sql(payload: Payload) -> tuple[str, list[Any]]:
    sql, params = payload.get("sql"), payload.get("params") or []
    if not isinstance(sql, str) or not isinstance(params, list):
        raise HTTPException(400, "give sql (a string) and params (a list)")
    return sql, [decode(p) for p in params]


def _run(request: Request, payload: Payload, work: Any) -> Any:
    """``work(store)`` in the payload's session, or on its own (reads: a reader cursor)."""
    session_id = payload.get("session")
    try:
        if session_id:
            session = writer(request).find(str(session_id))
            with session.lock:
                try:
                    return work(session.store)
                finally:
                    session.used = time.monotonic()  # idle from the end of its last call
        return work(None)
    except (duckdb.Error, StoreError) as err:
        raise HTTPException(400, " ".join(str(err).split())) from None


@router.post("/hello")
def hello(request: Request) -> dict[str, Any]:
    found = writer(request)
    return {"dialect": found.store.dialect, "schema_version": found.store.schema_version()}


@router.post("/fetch")
def fetch(request: Request, payload: Payload = Body(...)) -> dict[str, Any]:  # noqa: B008
    sql, params = _sql(payload)
    reader = writer(request).store
    rows = _run(request, payload, lambda s: (s or reader).fetch(sql, params))
    return {"rows": [encode_row(r) for r in rows]}


@router.post("/stream")
def stream(request: Request, payload: Payload = Body(...)) -> StreamingResponse:  # noqa: B008
    sql, params = _sql(payload)
    size = int(payload.get("size") or 5000)
    if payload.get("session"):  # inside a transaction: its own view, in one answer
        rows = _run(request, payload, lambda s: s.fetch(sql, params))
        lines = iter(["".join(json.dumps(encode_row(r)) + "\n" for r in rows)])
        return StreamingResponse(_ended(lines), media_type="application/x-ndjson")
    store = writer(request).store

    def rows_of() -> Iterator[str]:
        # A block of lines per write: one per row would cost a thread hop and a chunk each.
        block: list[str] = []
        for row in store.stream(sql, params, size=size):
            block.append(json.dumps(encode_row(row), ensure_ascii=False) + "\n")
            if len(block) >= STREAM_BLOCK:
                yield "".join(block)
                block = []
        if block:
            yield "".join(block)

    return StreamingResponse(_ended(rows_of()), media_type="application/x-ndjson")


def _ended(lines: Iterator[str]) -> Iterator[str]:
    """The lines, then an object that says they are complete (or why they stopped)."""
    try:
        yield from lines
    except (duckdb.Error, StoreError) as err:
        yield json.dumps({"error": " ".join(str(err).split())}) + "\n"
        return
    yield json.dumps({"end": True}) + "\n"


@router.post("/execute")
def execute(request: Request, payload: Payload = Body(...)) -> dict[str, Any]:  # noqa: B008
    sql, params = _sql(payload)

    def work(store: DuckDBStore | None) -> None:
        if store is not None:
            return store.execute(sql, params)
        with writer(request).autocommit() as own:
            own.execute(sql, params)
        return None

    _run(request, payload, work)
    return {"ok": True}


@router.post("/insert")
def insert(request: Request, payload: Payload = Body(...)) -> dict[str, Any]:  # noqa: B008
    table, rows = payload.get("table"), payload.get("rows")
    if table not in TABLES or not isinstance(rows, list):
        raise HTTPException(400, "give table (a store table) and rows (a list)")
    decoded = [decode_row(r) for r in rows]

    def work(store: DuckDBStore | None) -> None:
        if store is not None:
            return store.insert_rows(str(table), decoded)
        with writer(request).autocommit() as own:
            own.insert_rows(str(table), decoded)
        return None

    _run(request, payload, work)
    return {"ok": True, "rows": len(decoded)}


@router.post("/begin")
def begin(request: Request) -> dict[str, Any]:
    return {"session": writer(request).begin()}


@router.post("/commit")
def commit(request: Request, payload: Payload = Body(...)) -> dict[str, Any]:  # noqa: B008
    try:
        writer(request).end(str(payload.get("session")), commit=True)
    except duckdb.Error as err:
        raise HTTPException(400, " ".join(str(err).split())) from None
    return {"ok": True}


@router.post("/rollback")
def rollback(request: Request, payload: Payload = Body(...)) -> dict[str, Any]:  # noqa: B008
    writer(request).end(str(payload.get("session")), commit=False)
    return {"ok": True}
