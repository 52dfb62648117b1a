"""A store whose SQL runs in the `dyads serve` process that owns the DuckDB file.

The five backend primitives travel over loopback HTTP (``/api/store/...``, per-run token); all
of the store's own logic (resume marks, near-duplicates, re-coding) runs here, unchanged, so a
served file behaves exactly like a local one. A transaction is a session on the server: a
connection of its own with ``BEGIN`` open until this side commits or rolls back, so a batch
is stored whole or not at all, even when either process dies half-way.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from dyads.errors import StoreError
from dyads.store.base import Params, SQLStore
from dyads.store.rows import Row
from dyads.store.schema import Dialect
from dyads.store.served import Served, decode_row, encode, encode_row

# Bodies up to this size go in one request; bigger inserts are split (the server's limit for
# /api/store is STORE_MAX_BODY, above this).
CHUNK_BYTES = 8 * 1024 * 1024
TIMEOUT_S = 600.0  # a long query (a whole export) is still one answer


class RemoteStore(SQLStore):
    """The store at ``db``, served by the process ``served`` describes."""

    dialect: Dialect = "duckdb"

    def __init__(self, db: str, served: Served) -> None:
        self.url = db
        self.served = served
        self._session: str | None = None
        self._depth = 0
        hello = self._call("hello", {})
        self.dialect = hello.get("dialect", "duckdb")

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, served at {self.served.url})"

    # -- transport -----------------------------------------------------------------------
    def _request(self, op: str, payload: dict[str, Any]) -> Any:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.served.url.rstrip("/") + "/api/store/" + op,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.served.token}",
            },
        )
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT_S)
        except urllib.error.HTTPError as err:
            raise StoreError(f"{self.url}: {self._where}: {_detail(err)}") from None
        except (OSError, urllib.error.URLError, http.client.HTTPException) as err:
            raise self._gone(err) from None

    def _call(self, op: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            with self._request(op, payload) as response:
                found: dict[str, Any] = json.loads(response.read())
        except (OSError, ValueError, http.client.HTTPException) as err:  # cut off answering
            raise self._gone(err) from None
        return found

    @property
    def _where(self) -> str:
        return f"dyads serve (pid {self.served.pid}) at {self.served.url}"

    def _gone(self, err: BaseException) -> StoreError:
        reason = getattr(err, "reason", None) or err
        return StoreError(
            f"{self.url}: {self._where} stopped answering ({reason}); the unfinished batch"
            " was not stored: run the command again"
        )

    def _payload(self, sql: str, params: Params) -> dict[str, Any]:
        return {"sql": sql, "params": [encode(p) for p in params], "session": self._session}

    # -- backend hooks -------------------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> None:
        self._call("execute", self._payload(sql, params))

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        rows = self._call("fetch", self._payload(sql, params))["rows"]
        return [decode_row(r) for r in rows]

    def stream(self, sql: str, params: Params = (), *, size: int = 5000) -> Iterator[Row]:
        """Rows as the server sends them, one JSON line each: memory stays flat."""
        payload = self._payload(sql, params) | {"size": size}
        try:
            with self._request("stream", payload) as response:
                for line in response:
                    item = json.loads(line)
                    if isinstance(item, dict):  # the server's last word: an error or the end
                        if "error" in item:
                            raise StoreError(f"{self.url}: {self._where}: {item['error']}")
                        return
                    yield decode_row(item)
        except (OSError, ValueError, http.client.HTTPException) as err:
            raise self._gone(err) from None
        raise self._gone(EOFError("the answer was cut off"))

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        chunk: list[list[Any]] = []
        size = 0
        for row in rows:
            encoded = encode_row(row)
            chunk.append(encoded)
            size += len(json.dumps(encoded, ensure_ascii=False))
            if size >= CHUNK_BYTES:
                self._call("insert", {"table": table, "rows": chunk, "session": self._session})
                chunk, size = [], 0
        if chunk:
            self._call("insert", {"table": table, "rows": chunk, "session": self._session})

    def transaction(self) -> AbstractContextManager[None]:
        return self.joined(self._begin)

    @contextmanager
    def _begin(self) -> Iterator[None]:
        self._session = self._call("begin", {})["session"]
        try:
            yield
        except BaseException:
            self._end("rollback", quiet=True)
            raise
        self._end("commit")

    def _end(self, op: str, *, quiet: bool = False) -> None:
        session, self._session, self._depth = self._session, None, 0
        try:
            self._call(op, {"session": session})
        except StoreError:
            if not quiet:  # a failed rollback: the server rolls back an abandoned session
                raise

    def migrate(self, target: int = 0) -> list[int]:
        return []  # the server migrated the file when it opened it

    def close(self) -> None:
        if self._session is not None:
            self._end("rollback", quiet=True)


def _detail(err: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(err.read()).get("detail")
    except (OSError, ValueError, AttributeError):
        detail = None
    text = str(detail or err.reason or f"HTTP {err.code}")
    return " ".join(text.split())  # one line, whatever the server said
