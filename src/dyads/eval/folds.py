"""Cross-validation folds shared by both learners of `dyads train` (the gate and the type
scorer): one fold's training examples, on ``share`` of their groups for the learning curve."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, TypeVar

E = TypeVar("E", bound=Any)


def fold_split(
    examples: Sequence[E], fold: Sequence[int], k: int, share: float, seed: int
) -> tuple[list[E], list[int]]:
    """Fold ``k``'s training examples (the other folds, cut to ``share`` of their groups,
    drawn with ``seed + k``) and the indices of its held-out examples."""
    train = [e for e, f in zip(examples, fold, strict=True) if f != k]
    if share < 1.0:
        groups = sorted({e.group for e in train})
        random.Random(seed + k).shuffle(groups)
        chosen = set(groups[: max(1, round(len(groups) * share))])
        train = [e for e in train if e.group in chosen]
    return train, [i for i, f in enumerate(fold) if f == k]
