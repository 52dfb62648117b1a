"""Which spans cover a position, or overlap a range, without scanning them all.

The event coder asks once per event which quote, attribution or actor mention lies at a
position. A scan of every span per question is quadratic in article length (a 2M-character
article took 665 s, most of it here); an index sorted by start answers in the spans near the
position only. Answers are exactly a scan's, in the sequence's own order, so callers keep
their tie-breaking.

An index is built once per sequence object and remembered for the latest few, because the
callers pass the same lists (one article's quotes, attributions, mentions) again and again.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S")


class SpanIndex:
    """Spans ``(start, end)`` (taken by ``bounds`` from items), sorted by start."""

    def __init__(self, items: Sequence[Any], bounds: Callable[[Any], tuple[int, int]]) -> None:
        spans = [(*bounds(item), i) for i, item in enumerate(items)]
        spans.sort()
        self.starts = [s for s, _e, _i in spans]
        self.ends = [e for _s, e, _i in spans]
        self.order = [i for _s, _e, i in spans]
        self.longest = max((e - s for s, e, _i in spans), default=0)
        # Spans that never overlap (quotes, most often): only the last start can cover.
        self.disjoint = all(self.ends[k] <= self.starts[k + 1] for k in range(len(spans) - 1))

    def covering(self, position: int) -> Iterator[tuple[int, int, int]]:
        """``(start, end, item index)`` of spans with ``start <= position < end``, nearest start
        first (so a caller after the shortest may stop once ``position - start`` is too big)."""
        at = bisect_right(self.starts, position) - 1
        if at < 0:
            return
        if self.disjoint:
            if self.ends[at] > position:
                yield self.starts[at], self.ends[at], self.order[at]
            return
        lowest = position - self.longest
        while at >= 0 and self.starts[at] >= lowest:
            if self.ends[at] > position:
                yield self.starts[at], self.ends[at], self.order[at]
            at -= 1

    def overlapping(self, start: int, end: int) -> list[int]:
        """Item indexes of spans with ``span.start < end and start < span.end``, in order."""
        below = bisect_left(self.starts, end)  # spans before it start before ``end``
        if self.disjoint:  # their ends are sorted too
            return sorted(self.order[bisect_right(self.ends, start) : below])
        at, lowest = below - 1, start - self.longest
        found = []
        while at >= 0 and self.starts[at] >= lowest:
            if self.ends[at] > start:
                found.append(self.order[at])
            at -= 1
        found.sort()
        return found


_CACHE_SIZE = 32
_cache: list[tuple[object, str, SpanIndex]] = []
_cache_lock = threading.Lock()
_EMPTY = SpanIndex((), tuple)  # the index of every empty sequence (it holds nothing)


def index_of(
    items: Sequence[Any], bounds: Callable[[Any], tuple[int, int]], kind: str
) -> SpanIndex:
    """The index of ``items`` (the same object as before: its index is reused).

    The entry holds the sequence itself, so its id cannot be reused while it is cached; a
    sequence that changed length since is indexed again.
    """
    if not items:  # most sentences have no quote or attribution: nothing to index or cache
        return _EMPTY
    with _cache_lock:
        for held, held_kind, index in _cache:
            if held is items and held_kind == kind and len(index.order) == len(items):
                return index
    index = SpanIndex(items, bounds)
    with _cache_lock:
        _cache.insert(0, (items, kind, index))
        del _cache[_CACHE_SIZE:]
    return index


def _plain(span: _Span) -> tuple[int, int]:
    return span.start, span.end


def overlapping(spans: Sequence[S], start: int, end: int) -> list[S]:
    """The items of ``spans`` (with ``start``/``end``) that overlap ``[start, end)``, in order.

    The same as ``[s for s in spans if s.start < end and start < s.end]``.
    """
    index = index_of(spans, _plain, "plain")
    return [spans[i] for i in index.overlapping(start, end)]


def first_covering(spans: Sequence[S], position: int) -> S | None:
    """The first item of ``spans`` in their order with ``start <= position < end``."""
    index = index_of(spans, _plain, "plain")
    best = min((i for _s, _e, i in index.covering(position)), default=None)
    return None if best is None else spans[best]
