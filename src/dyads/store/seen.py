"""Which article ids and resume marks a DuckDB store may hold: Bloom filters for the writer.

DuckDB databases keep no primary-key index (schema v5: DuckDB pins an index in memory), so
asking ``id IN (...)`` scans the whole ``articles.id`` column: a lookup that grew with the store,
three times per batch (about 30 ms per million ids each). A Bloom filter of the stored ids
answers "certainly not stored" for a new id from memory (3 bytes per id); only the ids it may
hold (those stored, and about 1 in 20,000 others) go to the database, which stays the
authority. So a wrong answer is impossible: a filter holding too much costs a lookup, and it
never holds too little, because every insert through the store adds to it, and it is shared by
the stores of one database file in this process (a DuckDB file is locked to one process).

The filter hashes with DuckDB's own ``hash()``, on the stored column when it is built and on the
batch's values when it is asked, so that both sides hash alike.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

BITS_PER_KEY = 24  # with 8 probes: about 1 false "maybe" in 20,000
PROBES = 8
MIN_CAPACITY = 1 << 16
ADD_SLICE = 1 << 15  # hashes added at a time: about 2 MB of each temporary array
# The columns a filter covers: table -> the column looked up by the writer.
COLUMNS = {"articles": "id", "ingest_state": "input_key"}
_SHIFT = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


class BloomFilter:
    """A set of 64-bit hashes that may answer "maybe" for a hash it does not hold."""

    def __init__(self, capacity: int) -> None:
        self.capacity = max(MIN_CAPACITY, capacity)
        size = 1 << max(6, int(self.capacity * BITS_PER_KEY - 1).bit_length())
        self._mask = np.uint64(size - 1)
        self._bits = np.zeros(size // 8, dtype=np.uint8)
        self.count = 0

    def _positions(self, hashes: np.ndarray) -> np.ndarray:
        # Double hashing (Kirsch-Mitzenmacher): probe i is h1 + i*h2, from one 64-bit hash.
        low, high = hashes & _LOW, (hashes >> _SHIFT) | np.uint64(1)
        steps = np.arange(PROBES, dtype=np.uint64)
        return (low[:, None] + steps[None, :] * high[:, None]) & self._mask

    def add(self, hashes: np.ndarray) -> None:
        # In slices: the probe positions of a million ids at once took some 200 MB of
        # temporaries (8 probes of 8 bytes each, several arrays deep) when a filter was built.
        for start in range(0, len(hashes), ADD_SLICE):
            where = self._positions(hashes[start : start + ADD_SLICE]).ravel()
            bits = np.left_shift(1, where & np.uint64(7)).astype(np.uint8)
            np.bitwise_or.at(self._bits, where >> np.uint64(3), bits)
        self.count += len(hashes)

    def maybe(self, hashes: np.ndarray) -> np.ndarray:
        """A boolean per hash: True where it may be held."""
        if not len(hashes):
            return np.zeros(0, dtype=bool)
        where = self._positions(hashes)
        found = (self._bits[where >> np.uint64(3)] >> (where & np.uint64(7)).astype(np.uint8)) & 1
        return np.asarray(found.all(axis=1), dtype=bool)

    @property
    def full(self) -> bool:
        return self.count > self.capacity


class StoredKeys:
    """The filters of one database file, per table: the first built from the column on first
    use, then, each time the newest is full, an empty one twice as large for the ids to come.
    Nothing is rebuilt from the table later, so no insert can be missed by a rebuild."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._filters: dict[str, list[BloomFilter]] = {}

    def _chain(self, con: Any, table: str) -> list[BloomFilter]:
        chain = self._filters.get(table)
        if chain is None:
            column = COLUMNS[table]
            hashes = con.execute(f"SELECT hash({column}) AS h FROM {table}").fetchnumpy()["h"]
            first = BloomFilter(2 * len(hashes))
            first.add(np.asarray(hashes, dtype=np.uint64))
            chain = self._filters[table] = [first]
        return chain

    def maybe_stored(self, con: Any, table: str, values: Sequence[str]) -> list[str]:
        """The values that may be stored in ``table``'s key column (the others are not)."""
        if not values:
            return []
        hashes = hash_values(con, values)
        with self.lock:
            hits = np.zeros(len(values), dtype=bool)
            for bloom in self._chain(con, table):
                hits |= bloom.maybe(hashes)
        return [value for value, hit in zip(values, hits, strict=True) if hit]

    def added(self, con: Any, table: str, hashes: np.ndarray) -> None:
        """Record values just inserted into ``table`` (by their DuckDB hashes) through ``con``.

        A chain built now reads them from the table (``con`` sees its own transaction)."""
        with self.lock:
            if table not in self._filters:
                self._chain(con, table)
                return
            chain = self._filters[table]
            if chain[-1].full:
                chain.append(BloomFilter(2 * sum(bloom.count for bloom in chain)))
            chain[-1].add(hashes)


def hash_values(con: Any, values: Sequence[str]) -> np.ndarray:
    rows = con.execute("SELECT hash(unnest($1::VARCHAR[])) AS h", [list(values)]).fetchnumpy()
    return np.asarray(rows["h"], dtype=np.uint64)
