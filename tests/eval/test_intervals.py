from __future__ import annotations

import random

import numpy as np
import pytest

from dyads.eval.intervals import FIGURES, bootstrap, item_vector
from dyads.eval.matching import EventTally, Predicted

from .test_matching import Gold, pred


def synthetic_items(n: int, seed: int) -> list[tuple[list[Predicted], list[Gold]]]:
    """Sentences of a made-up coder: most hold no event, some are missed, some invented."""
    rng = random.Random(seed)
    items = []
    for _ in range(n):
        gold = [Gold("ASSAULT", (0, 5), ("RUS",), ("UKR",))] if rng.random() < 0.3 else []
        predicted = []
        if gold and rng.random() < 0.8:
            predicted.append(pred("ASSAULT", (0, 5), rng.random(), ("RUS",), ("UKR",)))
        if rng.random() < 0.1:
            predicted.append(pred("PROTEST", (9, 14), rng.random()))
        items.append((predicted, gold))
    return items


def test_unweighted_sums_give_the_report_figures() -> None:
    items = synthetic_items(300, seed=1)
    tally = EventTally()
    for predicted, gold in items:
        tally.add(predicted, gold)
    sums = np.array([item_vector(*item) for item in items]).sum(axis=0, keepdims=True)
    assert FIGURES["event detection P"](sums)[0] == pytest.approx(tally.detection.precision)
    assert FIGURES["event detection R"](sums)[0] == pytest.approx(tally.detection.recall)
    assert FIGURES["has-event, sentences P"](sums)[0] == pytest.approx(tally.sentences.precision)
    assert FIGURES["event type F1"](sums)[0] == pytest.approx(tally.type_prf().f1)
    assert FIGURES["dyad F1"](sums)[0] == pytest.approx(tally.dyads.f1)
    assert FIGURES["calibration ECE"](sums)[0] == pytest.approx(tally.ece)


def test_intervals_hold_the_figure_and_narrow_with_more_items() -> None:
    widths = []
    for n in (200, 3000):
        items = synthetic_items(n, seed=2)
        tally = EventTally()
        for predicted, gold in items:
            tally.add(predicted, gold)
        vectors = [item_vector(*item) for item in items]
        intervals = bootstrap(vectors, [str(k) for k in range(n)])
        low, high = intervals["event detection P"]
        assert low <= tally.detection.precision <= high
        widths.append(high - low)
    assert widths[1] < widths[0] / 2
    assert bootstrap([], []) == {}


def test_clusters_resample_together() -> None:
    # Two clusters, one all right and one all wrong: the interval spans nearly everything;
    # as forty independent items the same events give a much narrower interval.
    right = ([pred("AID", (0, 3))], [Gold("AID", (0, 3))])
    wrong = ([pred("AID", (0, 3))], [])
    items = [right] * 20 + [wrong] * 20
    vectors = [item_vector(*item) for item in items]
    clustered = bootstrap(vectors, ["a"] * 20 + ["b"] * 20)["event detection P"]
    independent = bootstrap(vectors, [str(k) for k in range(40)])["event detection P"]
    assert clustered[1] - clustered[0] > 2 * (independent[1] - independent[0])
