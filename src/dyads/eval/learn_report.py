"""How much the gate learns, measured on the dev split only: `dyads train --report`.

- the learning curve: the dev cross-validated figures when each fold's model is fitted on
  25, 50, 75 and 100 % of the other folds' groups (threshold and curve chosen on those
  out-of-fold probabilities, as for the shipped model), to tell whether more annotation
  would pay;
- the confusion by type: for the events paired with a gold event, predicted type against
  gold type (the gate keeps or drops, it does not retype: kept events only).

The test split is never read here; its figures come from `dyads eval --set news`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from dyads.eval.corpus import CorpusItem
from dyads.eval.learn import (
    Example,
    choose_threshold,
    figures,
    fit_curve,
    folds_of,
    out_of_fold,
    tally,
)

SHARES = (0.25, 0.5, 0.75, 1.0)


def learning_curve(
    items: Sequence[CorpusItem], examples: Sequence[Example], seed: int
) -> list[dict[str, Any]]:
    fold = folds_of(examples, seed=seed)
    rows = []
    for share in SHARES:
        probs = out_of_fold(examples, fold, share=share, seed=seed)
        threshold = choose_threshold(items, examples, probs)
        found = figures(
            tally(items, examples, probs, threshold, fit_curve(examples, probs, threshold))
        )
        rows.append({"share": share, "threshold": threshold} | found)
    return rows


def confusion(examples: Sequence[Example], probs: np.ndarray, threshold: float) -> dict[str, Any]:
    """``{predicted type: {gold type: count}}`` over kept events paired with a gold event."""
    cells: Counter[tuple[str, str]] = Counter()
    for e, p in zip(examples, probs, strict=True):
        if e.gold_type is not None and p >= threshold:
            cells[(e.predicted.type, e.gold_type)] += 1
    table: dict[str, dict[str, int]] = {}
    for (pred, gold), count in sorted(cells.items()):
        table.setdefault(pred, {})[gold] = count
    return table
