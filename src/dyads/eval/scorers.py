"""Scoring functions: plain data in, counts out. No I/O and no pipeline here."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from dyads.model import RECIPROCAL_TYPES, Event, Mention

Dyad = tuple[str, str, str]  # (type, source code, target code); "" where a role is empty


@dataclass(frozen=True, slots=True)
class PRF:
    """Match counts. Predicted and gold sides are counted apart, because lenient (overlap)
    matching can pair one prediction with two gold items or the other way round."""

    matched_pred: int
    n_pred: int
    matched_gold: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.matched_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched_pred + other.matched_pred,
            self.n_pred + other.n_pred,
            self.matched_gold + other.matched_gold,
            self.n_gold + other.n_gold,
        )


ZERO = PRF(0, 0, 0, 0)


def set_prf(predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> PRF:
    pred, want = set(predicted), set(gold)
    hits = len(pred & want)
    return PRF(hits, len(pred), hits, len(want))


def micro_prf(pairs: Iterable[tuple[Iterable[Hashable], Iterable[Hashable]]]) -> PRF:
    """Micro-average of per-item set comparisons, each pair is (predicted, gold)."""
    total = ZERO
    for predicted, gold in pairs:
        total = total + set_prf(predicted, gold)
    return total


def dyads_of(event_type: str, sources: Sequence[str], targets: Sequence[str]) -> set[Dyad]:
    """Every (type, source, target) pair an event stands for; reciprocal types unordered.

    A reciprocal event has participants, not a giver and a taker: "X and Y held talks" coded
    as sources {X, Y} with no target is the same dyad as X -> Y, so its participants pair up.
    The rule applies alike to gold and predicted events.
    """
    dyads: set[Dyad] = set()
    if event_type in RECIPROCAL_TYPES and not targets and len(set(sources) - {""}) > 1:
        parties = sorted(set(sources) - {""})
        return {(event_type, a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]}
    for source in sources or ("",):
        for target in targets or ("",):
            pair = (source, target)
            if event_type in RECIPROCAL_TYPES and source and target:
                pair = (min(pair), max(pair))
            dyads.add((event_type, *pair))
    return dyads


def event_dyads(events: Iterable[Event]) -> set[Dyad]:
    dyads: set[Dyad] = set()
    for event in events:
        dyads |= dyads_of(
            event.type,
            [m.actor.code for m in event.source],
            [m.actor.code for m in event.target],
        )
    return dyads


def quad_prediction(events: Sequence[Event]) -> int:
    """The sentence class: 0 without events, else the quad class of the most confident
    event, ties going to the higher (more conflictual, materially stronger) quad class."""
    if not events:
        return 0
    best = max(events, key=lambda event: (event.confidence, event.quad_class))
    return best.quad_class


def accuracy(gold: Sequence[int], predicted: Sequence[int]) -> float:
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def confusion(
    gold: Sequence[int], predicted: Sequence[int], labels: Sequence[int]
) -> list[list[int]]:
    """Rows are gold labels, columns predicted labels, both in the order of ``labels``."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


# -- spans -------------------------------------------------------------------------------

TokenSpan = tuple[int, int]  # first and last token index, inclusive


def token_span(start: int, end: int, offsets: Sequence[tuple[int, int]]) -> TokenSpan | None:
    """The tokens a character range touches, or None if it touches none."""
    touched = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
    return (touched[0], touched[-1]) if touched else None


def spans_overlap(a: TokenSpan, b: TokenSpan) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def role_span_prf(
    predicted: dict[str, set[TokenSpan]],
    gold: Sequence[tuple[str, TokenSpan]],
    *,
    exact: bool,
) -> dict[str, PRF]:
    """Source/target span scores for one sentence.

    ``predicted`` maps "S"/"T" to token spans of event sources/targets. Gold roles are S, T
    or R; an R (reciprocal) span is matched by a predicted span of either role and counts in
    both roles' recall. Returns counts for "S", "T" and "all" (each gold span once).
    """

    def match(a: TokenSpan, b: TokenSpan) -> bool:
        return a == b if exact else spans_overlap(a, b)

    def accepts(pred_role: str, gold_role: str) -> bool:
        return gold_role == pred_role or gold_role == "R"

    scores: dict[str, PRF] = {}
    pred_hits = {"S": 0, "T": 0}
    for role in ("S", "T"):
        for span in predicted.get(role, set()):
            if any(accepts(role, g_role) and match(span, g) for g_role, g in gold):
                pred_hits[role] += 1
    gold_hits = {"S": 0, "T": 0, "all": 0}
    gold_counts = {"S": 0, "T": 0, "all": len(gold)}
    for g_role, g in gold:
        found = {
            role
            for role in ("S", "T")
            if accepts(role, g_role) and any(match(p, g) for p in predicted.get(role, set()))
        }
        for role in ("S", "T"):
            if accepts(role, g_role):
                gold_counts[role] += 1
                # R is found in a role when either role's prediction matches it.
                gold_hits[role] += bool(found) if g_role == "R" else role in found
        gold_hits["all"] += bool(found)
    for role in ("S", "T"):
        n_pred = len(predicted.get(role, set()))
        scores[role] = PRF(pred_hits[role], n_pred, gold_hits[role], gold_counts[role])
    scores["all"] = PRF(
        pred_hits["S"] + pred_hits["T"],
        sum(len(spans) for spans in predicted.values()),
        gold_hits["all"],
        gold_counts["all"],
    )
    return scores


def mention_overlap_prf(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> PRF:
    """Character spans; a prediction and a gold span match when they share a character."""

    def hit(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    matched_pred = sum(any(hit(p, g) for g in gold) for p in predicted)
    matched_gold = sum(any(hit(p, g) for p in predicted) for g in gold)
    return PRF(matched_pred, len(predicted), matched_gold, len(gold))


def mention_spans(mentions: Iterable[Mention]) -> list[tuple[int, int]]:
    return sorted({(m.start, m.end) for m in mentions})


# -- offsets after normalisation --------------------------------------------------------


def _dropped(char: str) -> bool:
    # What normalise_text removes or rewrites: whitespace, zero-width and control characters.
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}


def align_offsets(original: str, normalised: str) -> list[int] | None:
    """Map each offset of ``original`` (0..len) to an offset of ``normalised``.

    Normalisation only rewrites whitespace and drops invisible characters, so the visible
    characters of both texts are the same sequence; they anchor the map. Returns None when
    they are not (e.g. NFC composed characters), so callers can skip such a document.
    """
    mapping = [0] * (len(original) + 1)
    j = 0
    for i, char in enumerate(original):
        if _dropped(char):
            mapping[i] = j
            continue
        while j < len(normalised) and _dropped(normalised[j]):
            j += 1
        if j >= len(normalised) or normalised[j] != char:
            return None
        mapping[i] = j
        j += 1
    mapping[len(original)] = len(normalised)
    return mapping


def map_span(mapping: Sequence[int], begin: int, end: int) -> tuple[int, int]:
    """A gold ``[begin, end)`` in normalised coordinates (end maps past its last character)."""
    last = max(begin, end - 1)
    return mapping[begin], mapping[last] + 1 if end > begin else mapping[begin]


# -- confidence calibration -------------------------------------------------------------

CONFIDENCE_BANDS = 10  # 0.0-0.1 ... 0.9-1.0


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    count: int
    mean_confidence: float
    share_right: float


def band_of(confidence: float, bands: int = CONFIDENCE_BANDS) -> int:
    """The band index of a confidence; 1.0 falls in the top band, and the tiny epsilon keeps
    0.3 (stored as 0.29999...) in 0.3-0.4, where a reader of the table expects it."""
    return max(0, min(int(confidence * bands + 1e-9), bands - 1))


def reliability(points: Iterable[tuple[float, bool]], bands: int = CONFIDENCE_BANDS) -> list[Band]:
    """Per confidence band: how many predictions, their mean confidence, the share right.
    ``points`` are (confidence, right) pairs; every band is listed, empty ones with zeros."""
    sums = [[0, 0.0, 0] for _ in range(bands)]  # count, confidence sum, right
    for confidence, right in points:
        cell = sums[band_of(confidence, bands)]
        cell[0] += 1
        cell[1] += confidence
        cell[2] += bool(right)
    return [
        Band(
            low=i / bands,
            high=(i + 1) / bands,
            count=int(count),
            mean_confidence=total / count if count else 0.0,
            share_right=right / count if count else 0.0,
        )
        for i, (count, total, right) in enumerate(sums)
    ]


def expected_calibration_error(
    points: Iterable[tuple[float, bool]], bands: int = CONFIDENCE_BANDS
) -> float:
    """ECE: the gap |mean confidence - share right| of each band, weighted by its share of
    the predictions (0 when there are none)."""
    table = reliability(points, bands)
    n = sum(band.count for band in table)
    if not n:
        return 0.0
    return sum(band.count / n * abs(band.mean_confidence - band.share_right) for band in table)


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float:
    """Cohen's kappa of two binary codings of the same items (1.0 when both are constant
    and equal: nothing to disagree about)."""
    n = len(a)
    if not n:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1 - expected)
