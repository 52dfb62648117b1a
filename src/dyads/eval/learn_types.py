"""Train ``types/1``, the type scorer of ``hybrid/1`` (:mod:`dyads.events.type_scorer`).

Examples are the gate's (:mod:`dyads.eval.learn`): ``rules/1``'s events on the corpus's dev
split, each paired or not with a gold event. The scorer learns from the paired ones, label
the gold event's type: a multinomial logistic regression (softmax over the 16 PLOVER types)
over the gate's features folded into ``2**TYPE_BITS`` buckets, L2-penalised, full-batch
Adam from zeros, so the same data give the same weights. The margin by which another allowed
type must beat the rules' own is chosen on out-of-fold probabilities (the gate's folds),
as the value with the best dev-CV type F1 once the gate's out-of-fold verdicts are applied;
ties keep the larger margin (fewer changes). The test split is never read here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from dyads.eval.adam import Adam
from dyads.eval.folds import fold_split
from dyads.eval.matching import EventTally
from dyads.events.type_scorer import TYPE_BITS, Alternative, TypeIndex, TypeModel
from dyads.model import PLOVER_TYPES

# An example is :class:`dyads.eval.learn.Example` (indices, values, predicted, gold_type,
# group); typed loosely here because that module imports this one.
Example = Any

L2 = 1e-3
STEPS = 200
LEARNING_RATE = 0.05
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)
SHARES = (0.25, 0.5, 0.75, 1.0)
ROWS = 1 << TYPE_BITS


def fit_softmax(examples: Sequence[Example], l2: float = L2, steps: int = STEPS) -> np.ndarray:
    """Weights ``[ROWS, 16]`` of a softmax regression on the paired examples' gold types."""
    k = len(PLOVER_TYPES)
    weights = np.zeros((ROWS, k))
    train = [e for e in examples if e.gold_type in PLOVER_TYPES]
    if not train:
        return weights.astype(np.float32)
    lengths = np.array([len(e.indices) for e in train])
    rows = np.repeat(np.arange(len(train)), lengths)
    cols = np.concatenate([e.indices for e in train]) & (ROWS - 1)
    vals = np.concatenate([e.values for e in train]).astype(np.float64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    order = np.argsort(cols, kind="stable")
    sorted_cols = cols[order]
    used, col_starts = np.unique(sorted_cols, return_index=True)
    y = np.zeros((len(train), k))
    y[np.arange(len(train)), [PLOVER_TYPES.index(str(e.gold_type)) for e in train]] = 1.0
    n = len(train)
    adam = Adam(weights, LEARNING_RATE)
    for step in range(1, steps + 1):
        z = np.add.reduceat(vals[:, None] * weights[cols], starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        residual = (p - y) / n
        contributions = (vals[:, None] * residual[rows])[order]
        grad = l2 * weights
        grad[used] += np.add.reduceat(contributions, col_starts, axis=0)
        adam.step(weights, grad, step)
    return weights.astype(np.float32)


def scores(weights: np.ndarray, examples: Sequence[Example]) -> np.ndarray:
    """``[len(examples), 16]`` scores."""
    return np.array([e.values @ weights[e.indices & (ROWS - 1)] for e in examples])


def out_of_fold(
    examples: Sequence[Example], fold: Sequence[int], share: float = 1.0, seed: int = 13
) -> np.ndarray:
    result = np.zeros((len(examples), len(PLOVER_TYPES)))
    for k in sorted(set(fold)):
        train, held = fold_split(examples, fold, k, share, seed)
        result[held] = scores(fit_softmax(train), [examples[i] for i in held])
    return result


def retyped(
    examples: Sequence[Example],
    alternatives: Sequence[dict[str, Alternative]],
    type_scores: np.ndarray,
    margin: float,
) -> list[Example]:
    """The examples as ``types/1`` leaves them at ``margin`` (the predicted type changed)."""
    model = TypeModel(np.zeros((2, len(PLOVER_TYPES)), np.float32), PLOVER_TYPES, margin)
    found = []
    for e, alts, row in zip(examples, alternatives, type_scores, strict=True):
        own = e.predicted.type
        chosen = model.choose(own, model.probabilities(row, alts)) if len(alts) > 1 else own
        if chosen != own:
            e = replace(e, predicted=replace(e.predicted, type=chosen),
                        right=e.gold_type == chosen)  # fmt: skip
        found.append(e)
    return found


def confusion(examples: Sequence[Example], probs: np.ndarray, threshold: float) -> dict[str, Any]:
    """``{predicted: {gold: count}}`` over kept, paired events, and the off-diagonal cells
    in order of size."""
    cells: Counter[tuple[str, str]] = Counter()
    for e, p in zip(examples, probs, strict=True):
        if e.gold_type is not None and p >= threshold:
            cells[(e.predicted.type, e.gold_type)] += 1
    table: dict[str, dict[str, int]] = {}
    for (pred, gold), count in sorted(cells.items()):
        table.setdefault(pred, {})[gold] = count
    off = [f"{p}<-{g}: {c}" for (p, g), c in cells.most_common() if p != g][:12]
    return {"table": table, "largest_off_diagonal": off}


def train_types(
    examples: Sequence[Example],
    texts: Sequence[str],
    index: TypeIndex,
    fold: Sequence[int],
    gate_probs: np.ndarray,
    threshold: float,
    tally: Callable[[Sequence[Example]], EventTally],
    figures: Callable[[EventTally], dict[str, float]],
    *,
    seed: int,
    report: bool = False,
) -> tuple[TypeModel, dict[str, Any]]:
    """The type scorer fitted on every paired example, its margin chosen on dev CV; and a
    summary (dev-CV type figures with and without it, and with ``report`` the learning
    curve and the confusion by type before and after). ``tally`` scores examples as the
    gate's out-of-fold verdicts leave them; ``figures`` names a tally's headline figures."""
    probs = gate_probs
    alternatives = [
        index.alternatives(e.predicted.event, text) for e, text in zip(examples, texts, strict=True)
    ]
    oof = out_of_fold(examples, fold, seed=seed)

    def type_f1(margin: float, type_scores: np.ndarray) -> float:
        changed = retyped(examples, alternatives, type_scores, margin)
        return tally(changed).type_prf().f1

    by_margin = {m: type_f1(m, oof) for m in MARGINS}
    margin = max(MARGINS, key=lambda m: (round(by_margin[m], 4), m))
    model = TypeModel(fit_softmax(examples), PLOVER_TYPES, margin, {
        "bits": TYPE_BITS, "l2": L2, "steps": STEPS, "seed": seed,
        "examples": sum(e.gold_type is not None for e in examples),
    })  # fmt: skip
    after = retyped(examples, alternatives, oof, margin)
    summary: dict[str, Any] = {
        "margin": margin,
        "type_f1_by_margin": {str(m): round(f, 4) for m, f in by_margin.items()},
        "ambiguous_examples": sum(len(a) > 1 for a in alternatives),
        "retyped_dev_cv": sum(
            a.predicted.type != b.predicted.type for a, b in zip(examples, after, strict=True)
        ),
        "dev_cv": {
            "gate only": figures(tally(examples)),
            "gate + types": figures(tally(after)),
        },
    }
    if report:
        summary["confusion_dev_cv"] = {
            "rules type (gate kept)": confusion(examples, probs, threshold),
            "after types/1": confusion(after, probs, threshold),
        }
        curve_rows = []
        for share in SHARES:
            part = oof if share == 1.0 else out_of_fold(examples, fold, share=share, seed=seed)
            f1 = {m: type_f1(m, part) for m in MARGINS}
            best = max(MARGINS, key=lambda m: (round(f1[m], 4), m))
            curve_rows.append({"share": share, "margin": best, "type_f1": round(f1[best], 4)})
        summary["learning_curve"] = curve_rows
    return model, summary
