"""Scoring events with a linear model over the gate's features: what coding runs.

Training (:mod:`dyads.eval.learn`) builds each event's hashed feature vector whole
(:func:`~dyads.events.gate_features.hashed_features`). Coding needs only ``w · x``; the
sentence's share of it (its words and word pairs, the same for each of its events) is
computed once per sentence that holds a proposed event, and a weight vector is read from a
Python list (a float per bucket costs less than numpy's per-call overhead on the few dozen
features an event has). The result is ``weights[indices] @ values`` up to float rounding
(tested). Where the time goes (measured on the bench text): building the feature strings
(the sentence's words and pairs, the event's decisions), not hashing or the dot product.

The weights may be a vector (the gate: one score) or a matrix with a column per class (the
type scorer: one score per type); the same code serves both.
"""

from __future__ import annotations

import math
import operator
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from dyads.events.gate_features import (
    DIMENSIONS,
    Features,
    char_buckets,
    event_part,
    sentence_part,
)
from dyads.model import Event


def buckets(named: Features) -> list[int]:
    """The buckets of named features that are not character n-grams (as
    :func:`~dyads.events.gate_features.hashed`). Not memoised: measured on the bench text, a
    memo of names lost more on the many names seen once (bigrams) than it saved."""
    crc = zlib.crc32
    mask = DIMENSIONS - 1
    return [crc(name.encode("utf-8")) & mask for name, _ in named]


class LinearModel:
    """``w · x`` over the gate's features, for a weight vector (one score: the gate) or a
    matrix with a column per class (the type scorer)."""

    def __init__(self, weights: np.ndarray) -> None:
        self.weights = weights
        # A vector is read from a list: a Python float per bucket beats numpy's per-call cost
        # on the few dozen features an event has.
        self.vector: list[float] | None = weights.tolist() if weights.ndim == 1 else None
        # A matrix may have fewer rows than the feature space: buckets are folded into it.
        self.mask = weights.shape[0] - 1

    def _dot(self, indices: list[int], values: list[float]) -> Any:
        if self.vector is not None:
            return sum(map(operator.mul, map(self.vector.__getitem__, indices), values))
        rows = np.asarray(indices, dtype=np.int64) & self.mask
        return np.asarray(values) @ self.weights[rows].astype(np.float64)

    def sentence(self, sentence: str) -> Any:
        """The sentence part's score (the same for each of its events)."""
        named = sentence_part(sentence)[2]
        return self._dot(buckets(named), [v for _, v in named])

    def event(self, event: Event, sentence: str, base: Any) -> Any:
        """The score of ``event`` in ``sentence`` (its text), the sentence's part ``base``."""
        _, own, (start, end) = event_part(event, sentence)
        total = base + self._dot(buckets(own), [v for _, v in own])
        grams = char_buckets(sentence.lower()[start:end]).tolist()
        if grams:  # one weight for all: sum, then scale
            if self.vector is not None:
                gram_sum: Any = sum(map(self.vector.__getitem__, grams))
            else:
                rows = np.asarray(grams, dtype=np.int64) & self.mask
                gram_sum = self.weights[rows].astype(np.float64).sum(axis=0)
            total = total + gram_sum / math.sqrt(len(grams))
        return total

    def scores(self, sentence: str, events: Sequence[Event]) -> list[Any]:
        base = self.sentence(sentence)
        return [self.event(e, sentence, base) for e in events]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
