"""A DuckDB file owned by a running `dyads serve`: the discovery file, and opening through it.

DuckDB locks a database file to the one process that opens it for writing. While `dyads serve`
holds it, the server writes ``<db>.serve.json`` beside it (mode 0600: its loopback URL, pid and
a per-run token) and removes it on exit. When opening the file here fails on that lock, the
discovery file says where the owner answers, and :func:`dyads.store.open_store` returns a
:class:`~dyads.store.remote.RemoteStore` that sends the same SQL there. The DuckDB lock stays
the only truth about who owns the file: a discovery file whose pid is dead, or one found while
this process holds the lock, is stale and removed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from dyads.errors import StoreError

SUFFIX = ".serve.json"
FORMAT = 1


class LockedError(StoreError):
    """The DuckDB file is locked by another process."""


@dataclass(frozen=True, slots=True)
class Served:
    """Where the server that owns a database file answers. ``token`` is never shown."""

    url: str
    pid: int
    token: str
    db: str

    def __repr__(self) -> str:
        return f"Served(url={self.url!r}, pid={self.pid}, db={self.db!r})"


def discovery_path(db: str | Path) -> Path:
    return Path(f"{db}{SUFFIX}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process; the file's owner check below refuses it
    return True


def write_discovery(db: str | Path, *, url: str, pid: int, token: str) -> Path:
    """Write the discovery file atomically, readable by this user only."""
    path = discovery_path(db)
    partial = path.with_name(f".{path.name}.{pid}.partial")
    record = {"format": FORMAT, "url": url, "pid": pid, "token": token, "db": _real(db)}
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode yields to an existing file's
        os.write(fd, json.dumps(record).encode("utf-8"))
    finally:
        os.close(fd)
    os.replace(partial, path)
    return path


def remove_discovery(db: str | Path, *, pid: int | None = None) -> None:
    """Remove the discovery file (only if it names ``pid``, when given)."""
    path = discovery_path(db)
    if pid is not None:
        found = _read(path)
        if found is None or found.pid != pid:
            return
    path.unlink(missing_ok=True)


def _real(db: str | Path) -> str:
    return os.path.realpath(str(db))


def _read(path: Path) -> Served | None:
    """The discovery file's content if it can be trusted: a plain file of this user's that
    nobody else can read or write (else another user could send our writes elsewhere)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Served(str(data["url"]), int(data["pid"]), str(data["token"]), str(data["db"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_server(db: str | Path) -> Served | None:
    """The live server that owns ``db``, or None (a stale discovery file is removed)."""
    path = discovery_path(db)
    found = _read(path)
    if found is None or found.db != _real(db):
        return None
    if not _alive(found.pid):
        path.unlink(missing_ok=True)
        return None
    return found


def clear_stale(db: str | Path) -> None:
    """Remove ``db``'s discovery file: call while this process holds the file's lock, which
    no other process then holds. One that names this process is its own server's (the
    `serve --watch` thread opens the file a second time) and stays."""
    if str(db) == ":memory:":
        return
    path = discovery_path(db)
    if not path.exists():
        return
    found = _read(path)
    if found is None or found.pid != os.getpid():
        path.unlink(missing_ok=True)


# -- the values of SQL parameters and rows, as JSON ---------------------------------------
def encode(value: Any) -> Any:
    """A parameter or cell as JSON; the types JSON lacks are tagged objects."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$o": {str(k): encode(v) for k, v in value.items()}}
    if hasattr(value, "item"):  # a numpy scalar
        return encode(value.item())
    raise StoreError(f"cannot send a value of type {type(value).__name__} to the server")


_DECODERS = {
    "$b": lambda v: base64.b64decode(v),
    "$t": dt.datetime.fromisoformat,
    "$d": dt.date.fromisoformat,
    "$n": Decimal,
}


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$o":
            return {k: decode(v) for k, v in inner.items()}
        if tag in _DECODERS:
            return _DECODERS[tag](inner)
    return value


def encode_row(row: Any) -> list[Any]:
    return [encode(v) for v in row]


def decode_row(row: list[Any]) -> tuple[Any, ...]:
    return tuple(decode(v) for v in row)
