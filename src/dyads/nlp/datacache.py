"""A per-user cache of built data that is slow to build and quick to read back.

The gazetteer is built from GeoNames JSON (about a second: 25,000 cities and their alternate
names); a one-sentence `dyads extract` should not pay that on every start. What is cached is
plain data (dicts, lists, tuples, strings, numbers) written with :mod:`marshal`, which reads
back no code, under ``$DYADS_CACHE_DIR`` (default ``$XDG_CACHE_HOME/dyads`` or
``~/.cache/dyads``; ``DYADS_CACHE_DIR=off`` turns it off). A file's name holds a fingerprint
of its sources and of the Python version, so a changed source or Python builds anew; a file
not owned by the user or writable by others is ignored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when what a cached file holds changes shape


def cache_dir() -> Path | None:
    configured = os.environ.get("DYADS_CACHE_DIR")
    if configured is not None:
        return None if configured.lower() in ("", "off", "none", "0") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyads"


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha1(f"{FORMAT}|{sys.version}".encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:16]


def _trusted(path: Path) -> bool:
    info = path.stat()
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_or_build(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The data cached as ``name`` for ``key``, else ``build()`` (then cached)."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.marshal" if folder is not None else None
    if path is not None:
        try:
            if _trusted(path):
                return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass  # absent, unreadable or from elsewhere: build it
    value = build()
    if path is not None:
        try:
            blob = marshal.dumps(value)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
            with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
                handle.write(blob)
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass  # a read-only home only costs the next start the build again
    return value


def _shard_of(key: str, shards: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards


class ShardedDict:
    """A large string-keyed dict kept as marshalled shards, each read back when a key in it
    is first asked for: a one-sentence start that looks up five names reads five shards of
    the gazetteer's 127,000 names, not all of them (a tenth of a second)."""

    def __init__(self, blobs: list[bytes]) -> None:
        self._blobs = blobs
        self._parts: list[dict[str, Any] | None] = [None] * len(blobs)

    @staticmethod
    def pack(mapping: dict[str, Any], shards: int = 64) -> list[bytes]:
        parts: list[dict[str, Any]] = [{} for _ in range(shards)]
        for key, value in mapping.items():
            parts[_shard_of(key, shards)][key] = value
        return [marshal.dumps(part) for part in parts]

    def _part(self, n: int) -> dict[str, Any]:
        part = self._parts[n]
        if part is None:
            part = self._parts[n] = marshal.loads(self._blobs[n])
        return part

    def get(self, key: str, default: Any = None) -> Any:
        return self._part(_shard_of(key, len(self._blobs))).get(key, default)

    def items(self) -> Iterator[tuple[str, Any]]:
        for n in range(len(self._blobs)):
            yield from self._part(n).items()


class ShardedList:
    """A large list kept as marshalled runs of ``size`` items, each read back on first use."""

    def __init__(self, blobs: list[bytes], size: int) -> None:
        self._blobs = blobs
        self._size = size
        self._runs: list[list[Any] | None] = [None] * len(blobs)

    @staticmethod
    def pack(items: list[Any], size: int = 1024) -> list[bytes]:
        return [marshal.dumps(items[i : i + size]) for i in range(0, len(items), size)]

    def __getitem__(self, i: int) -> Any:
        n, k = divmod(i, self._size)
        run = self._runs[n]
        if run is None:
            run = self._runs[n] = marshal.loads(self._blobs[n])
        return run[k]
