"""A small LRU of GET /api responses, for stores that cannot change while they are served.

A DuckDB file opened for writing is locked against every other process, and the API itself
writes nothing (``/api/extract`` stores no article), so while ``dyads serve`` runs the answers
to the same question stay the same. PostgreSQL is shared with other writers: no cache there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

MAX_ENTRY = 512 * 1024  # bytes: big answers (a whole network) are recomputed instead


@dataclass
class CachedResponse:
    body: bytes
    media_type: str
    headers: dict[str, str]


@dataclass
class ResponseCache:
    size: int = 512
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[str, CachedResponse] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, value: CachedResponse) -> None:
        if len(value.body) > MAX_ENTRY or self.size <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
