"""Bootstrap intervals for the headline figures of a split: is 0.81 above 0.80, or noise?

Items are resampled with replacement in clusters (a re3d document is one cluster, its
sentences share a story; a bench sentence is its own), ``RESAMPLES`` times with a fixed seed
so that a report is reproducible; each interval is the 2.5th-97.5th percentile of the
resampled figure. Counts come from :class:`~dyads.eval.matching.EventTally`, one item at a
time, so the figures are exactly those of the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dyads.eval.matching import EventTally, Predicted
from dyads.eval.scorers import CONFIDENCE_BANDS, PRF, band_of

RESAMPLES = 1000
SEED = 20261203

PRF_ROWS = ("detection", "sentences", "types", "dyads", "hypothetical", "hedged", "negated")


def item_vector(predicted: Sequence[Predicted], gold: Sequence[Any]) -> list[float]:
    """The counts one item adds: four per P/R row, then count, confidence sum and right
    per confidence band."""
    tally = EventTally()
    tally.add(predicted, gold)
    rows: dict[str, PRF] = {
        "detection": tally.detection,
        "sentences": tally.sentences,
        "types": tally.type_prf(),
        "dyads": tally.dyads,
        **tally.flags,
    }
    vector: list[float] = []
    for name in PRF_ROWS:
        prf = rows[name]
        vector += [prf.matched_pred, prf.n_pred, prf.matched_gold, prf.n_gold]
    bands = np.zeros((3, CONFIDENCE_BANDS))
    for confidence, right in tally.points:
        k = band_of(confidence)
        bands[:, k] += (1, confidence, right)
    return vector + bands.ravel().tolist()


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    return np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 0)


def _columns(name: str) -> slice:
    start = 4 * PRF_ROWS.index(name)
    return slice(start, start + 4)


def _precision(name: str) -> Callable[[np.ndarray], np.ndarray]:
    return lambda sums: _ratio(sums[:, _columns(name)][:, 0], sums[:, _columns(name)][:, 1])


def _recall(name: str) -> Callable[[np.ndarray], np.ndarray]:
    return lambda sums: _ratio(sums[:, _columns(name)][:, 2], sums[:, _columns(name)][:, 3])


def _f1(name: str) -> Callable[[np.ndarray], np.ndarray]:
    def f1(sums: np.ndarray) -> np.ndarray:
        p, r = _precision(name)(sums), _recall(name)(sums)
        return _ratio(2 * p * r, p + r)

    return f1


def _ece(sums: np.ndarray) -> np.ndarray:
    bands = sums[:, 4 * len(PRF_ROWS) :].reshape(len(sums), 3, CONFIDENCE_BANDS)
    count, confidence, right = bands[:, 0], bands[:, 1], bands[:, 2]
    return _ratio(np.abs(confidence - right).sum(axis=1), count.sum(axis=1))


FIGURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "event detection P": _precision("detection"),
    "event detection R": _recall("detection"),
    "has-event, sentences P": _precision("sentences"),
    "has-event, sentences R": _recall("sentences"),
    "event type F1": _f1("types"),
    "dyad F1": _f1("dyads"),
    "hypothetical R": _recall("hypothetical"),
    "calibration ECE": _ece,
}


def bootstrap(
    vectors: Sequence[Sequence[float]],
    clusters: Sequence[str],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> dict[str, list[float]]:
    """[low, high] of each figure in ``FIGURES``; empty when there are no items."""
    if not vectors:
        return {}
    names = sorted(set(clusters))
    index = {name: k for k, name in enumerate(names)}
    by_cluster = np.zeros((len(names), len(vectors[0])))
    for vector, cluster in zip(vectors, clusters, strict=True):
        by_cluster[index[cluster]] += vector
    rng = np.random.default_rng(seed)
    n = len(names)
    weights = rng.multinomial(n, np.full(n, 1 / n), size=resamples)
    sums = weights @ by_cluster
    return {
        name: [round(float(v), 4) for v in np.percentile(figure(sums), [2.5, 97.5])]
        for name, figure in FIGURES.items()
    }
