"""Event-level scoring of one sentence at a time: what a user of the event list feels.

Inside a sentence, predicted and gold events are paired one to one, in four rounds:
(1) same type and overlapping trigger, (2) same type, (3) overlapping trigger, (4) any.
Each round pairs the most confident unpaired prediction first with the unpaired gold event
whose trigger starts nearest its own (document order where a trigger is missing). From the
pairs (see :class:`EventTally`):

- event detection: a paired prediction is a detected event, an unpaired one is a false
  event (counted against precision even in a sentence with no gold event), an unpaired gold
  event is a missed one;
- sentence has-event: a sentence with any prediction against a sentence with any gold event;
- type P/R/F1: a prediction is right when it is paired with a gold event of its type
  (rounds 1-2); per PLOVER type and micro over all;
- dyads: the (type, source code, target code) sets of the sentence, as ``scorers.dyads_of``
  builds them for every set (COOPERATE and CONSULT unordered);
- hedged, negated, hypothetical: P/R of each flag over the paired events (any round);
- calibration: each prediction's confidence against whether it is right (type P above).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dyads.eval.report import Metric, prf_dict
from dyads.eval.scorers import (
    PRF,
    ZERO,
    Dyad,
    dyads_of,
    expected_calibration_error,
    reliability,
    set_prf,
)
from dyads.model import PLOVER_TYPES, Event

FLAGS = ("hedged", "negated", "hypothetical")
Trigger = tuple[int, int] | None


class Scored(Protocol):
    """What matching reads of an event, gold or predicted."""

    @property
    def type(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Predicted:
    """A predicted event seen from its sentence: trigger offsets relative to the sentence."""

    type: str
    trigger: Trigger
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    confidence: float
    hedged: bool
    negated: bool
    hypothetical: bool
    quad: int = 0
    event: Event | None = None

    @classmethod
    def of(cls, event: Event, offset: int = 0) -> Predicted:
        return cls(
            type=event.type,
            trigger=(event.trigger.start - offset, event.trigger.end - offset),
            source_codes=tuple(m.actor.code for m in event.source),
            target_codes=tuple(m.actor.code for m in event.target),
            confidence=event.confidence,
            hedged=event.hedged,
            negated=event.negated,
            hypothetical=event.hypothetical,
            quad=event.quad_class,
            event=event,
        )

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        record: dict[str, Any] = {
            "type": self.type,
            "trigger": list(self.trigger) if self.trigger else None,
            "source": list(self.source_codes),
            "target": list(self.target_codes),
            "confidence": self.confidence,
            **{name: getattr(self, name) for name in FLAGS},
        }
        if text is not None and self.trigger:
            record["trigger_text"] = text[self.trigger[0] : self.trigger[1]]
        if self.event is not None:  # what `dyads explain` shows for this event
            record["mode"] = self.event.mode
            record["pattern"] = self.event.pattern
            record["rules"] = list(self.event.rules)
        return record


def _trigger(event: Any) -> Trigger:
    return getattr(event, "trigger", None)


def _overlap(a: Trigger, b: Trigger) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _distance(a: Trigger, b: Trigger, gold_index: int) -> tuple[int, int]:
    if a is None or b is None:
        return (0, gold_index)
    return (abs(a[0] - b[0]), gold_index)


ROUNDS = (
    lambda p, g: p.type == g.type and _overlap(_trigger(p), _trigger(g)),
    lambda p, g: p.type == g.type,
    lambda p, g: _overlap(_trigger(p), _trigger(g)),
    lambda p, g: True,
)


def match_events(predicted: Sequence[Scored], gold: Sequence[Scored]) -> list[tuple[int, int]]:
    """One-to-one (prediction index, gold index) pairs, in the four rounds above. Two
    annotation passes pair the same way (no confidence: text order)."""
    order = sorted(
        range(len(predicted)), key=lambda i: (-getattr(predicted[i], "confidence", 0.0), i)
    )
    free_gold = set(range(len(gold)))
    pairs: list[tuple[int, int]] = []
    paired: set[int] = set()
    for accepts in ROUNDS:
        for i in order:
            if i in paired:
                continue
            options = [j for j in free_gold if accepts(predicted[i], gold[j])]
            if not options:
                continue
            here = _trigger(predicted[i])
            j = min(options, key=lambda j: _distance(here, _trigger(gold[j]), j))
            pairs.append((i, j))
            paired.add(i)
            free_gold.discard(j)
    return sorted(pairs)


def gold_dyads(events: Sequence[Any]) -> set[Dyad]:
    """Gold events of any set: ``source_codes``/``target_codes`` or ``source``/``target``."""
    found: set[Dyad] = set()
    for event in events:
        sources = getattr(event, "source_codes", None)
        targets = getattr(event, "target_codes", None)
        if sources is None:
            sources, targets = event.source, event.target
        found |= dyads_of(event.type, list(sources), list(targets or ()))
    return found


def predicted_dyads(events: Sequence[Predicted]) -> set[Dyad]:
    found: set[Dyad] = set()
    for event in events:
        found |= dyads_of(event.type, list(event.source_codes), list(event.target_codes))
    return found


@dataclass(slots=True)
class Outcome:
    """One sentence's pairs: what the error listing writes."""

    pairs: list[tuple[int, int]]
    false: list[int]  # unpaired predictions
    missed: list[int]  # unpaired gold events
    wrong_type: list[tuple[int, int]]  # pairs of different types
    wrong_actors: list[tuple[int, int]]  # pairs of one type whose dyads differ


def error_records(
    outcome: Outcome,
    base: dict[str, Any],
    predicted: Callable[[int], dict[str, Any]],
    gold: Callable[[int], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The lines of `dyads eval --errors` for one sentence: ``base`` (set, item, split,
    text) with ``kind``, the predicted event and the gold one (None where there is none)."""
    records = [
        base | {"kind": "false", "predicted": predicted(i), "gold": None} for i in outcome.false
    ]
    records += [
        base | {"kind": "missed", "predicted": None, "gold": gold(j)} for j in outcome.missed
    ]
    for kind, pairs in (("wrong-type", outcome.wrong_type), ("wrong-actors", outcome.wrong_actors)):
        records += [
            base | {"kind": kind, "predicted": predicted(i), "gold": gold(j)} for i, j in pairs
        ]
    return records


@dataclass(slots=True)
class EventTally:
    """Counts over any number of sentences; :meth:`metrics` turns them into report rows."""

    detection: PRF = ZERO
    sentences: PRF = ZERO
    dyads: PRF = ZERO
    per_type: dict[str, list[int]] = field(
        default_factory=lambda: {name: [0, 0, 0] for name in PLOVER_TYPES}
    )  # right, predicted, gold
    flags: dict[str, PRF] = field(default_factory=lambda: dict.fromkeys(FLAGS, ZERO))
    flagged_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    points: list[tuple[float, bool]] = field(default_factory=list)
    kinds: list[tuple[str, int]] = field(default_factory=list)  # type, quad of each point
    n_sentences: int = 0

    def add(self, predicted: Sequence[Predicted], gold: Sequence[Any]) -> Outcome:
        pairs = match_events(predicted, gold)
        self.n_sentences += 1
        n = len(pairs)
        self.detection += PRF(n, len(predicted), n, len(gold))
        has_pred, has_gold = bool(predicted), bool(gold)
        both = int(has_pred and has_gold)
        self.sentences += PRF(both, int(has_pred), both, int(has_gold))
        self.dyads += set_prf(predicted_dyads(predicted), gold_dyads(gold))
        right = {i for i, j in pairs if predicted[i].type == gold[j].type}
        for i, event in enumerate(predicted):
            self.per_type.setdefault(event.type, [0, 0, 0])
            self.per_type[event.type][1] += 1
            self.per_type[event.type][0] += i in right
            self.points.append((event.confidence, i in right))
            self.kinds.append((event.type, event.quad))
        for event in gold:
            self.per_type.setdefault(event.type, [0, 0, 0])[2] += 1
        for name in FLAGS:
            self.flagged_gold[name] += sum(bool(getattr(g, name, False)) for g in gold)
            for i, j in pairs:
                p, g = bool(getattr(predicted[i], name)), bool(getattr(gold[j], name, False))
                self.flags[name] += PRF(int(p and g), int(p), int(p and g), int(g))
        paired_pred = {i for i, _ in pairs}
        paired_gold = {j for _, j in pairs}
        return Outcome(
            pairs=pairs,
            false=[i for i in range(len(predicted)) if i not in paired_pred],
            missed=[j for j in range(len(gold)) if j not in paired_gold],
            wrong_type=[(i, j) for i, j in pairs if i not in right],
            wrong_actors=[
                (i, j)
                for i, j in pairs
                if i in right and predicted_dyads([predicted[i]]) != gold_dyads([gold[j]])
            ],
        )

    def type_prf(self, name: str | None = None) -> PRF:
        rows = [self.per_type[name]] if name else list(self.per_type.values())
        right = sum(r[0] for r in rows)
        return PRF(right, sum(r[1] for r in rows), right, sum(r[2] for r in rows))

    def labelled(self) -> list[tuple[float, bool, str, int]]:
        """(confidence, right, type, quad class) of every prediction: a calibrator's input."""
        return [(c, r, t, q) for (c, r), (t, q) in zip(self.points, self.kinds, strict=True)]

    @property
    def ece(self) -> float:
        return expected_calibration_error(self.points)

    def metrics(self, *, triggers: bool = True) -> list[Metric]:
        """Report rows. ``triggers=False`` for gold without triggers or several events per
        sentence worth pairing (the GSR): sentence detection and calibration only."""
        rows = [Metric("has-event, sentences", n=self.sentences.n_gold, prf=self.sentences)]
        if triggers:
            type_prf = self.type_prf()
            rows = [
                Metric("event detection", n=self.detection.n_gold, prf=self.detection),
                *rows,
                Metric("event type, events", n=type_prf.n_gold, prf=type_prf),
                Metric("dyad (type, src, tgt)", n=self.dyads.n_gold, prf=self.dyads),
                *(Metric(name, n=prf.n_gold, prf=prf) for name, prf in self.flags.items()),
            ]
        rows.append(
            Metric(
                "calibration ECE",
                n=len(self.points),
                value=self.ece,
                note="lower is better",
            )
        )
        return rows

    def details(self) -> dict[str, Any]:
        return {
            "event_types": {
                name: prf_dict(self.type_prf(name))
                for name, (_, n_pred, n_gold) in self.per_type.items()
                if n_pred or n_gold
            },
            "calibration": calibration_details(self.points),
            # The flag rows count paired events only; here a missed gold event counts too.
            "flag_recall_over_all_gold": {
                name: {
                    "recall": round(prf.matched_gold / n, 4)
                    if (n := self.flagged_gold[name])
                    else 0.0,
                    "n_gold": self.flagged_gold[name],
                }
                for name, prf in self.flags.items()
            },
        }


def calibration_details(points: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    return {
        "rule": "a predicted event is right when paired with a gold event of its type in its "
        "sentence; ECE weighs each band's |mean confidence - share right| by its count",
        "ece": round(expected_calibration_error(points), 4),
        "n": len(points),
        "bands": [
            {
                "band": f"{band.low:.1f}-{band.high:.1f}",
                "count": band.count,
                "mean_confidence": round(band.mean_confidence, 4),
                "share_right": round(band.share_right, 4),
            }
            for band in reliability(points)
        ],
    }
