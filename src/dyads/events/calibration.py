"""Make ``confidence`` mean what it says: events at 0.8 right about 80 % of the time.

The rules give each event a raw score (pattern length, roles found, hedges, salience) that
orders events well enough but is no probability. A :class:`Calibrator` maps the raw score to
the share of events with that score that were right on the annotated corpus's dev split
(`dyads eval --fit-calibration` fits it; "right" is scored by ``dyads.eval.matching``).

How: isotonic regression (pool adjacent violators) of right/wrong on the raw score, so the
map is monotone (a higher raw score never gets a lower calibrated one) and needs no choice
of bins. Each block's rate is smoothed towards the overall rate by ``PRIOR_WEIGHT`` pseudo
events, so that a block of three events does not claim 0 % or 100 %, and pooled once more to
stay monotone. Between block centres the map is linear; beyond them it is flat. Where an
event type (or quad class) has ``min_count`` dev events with both outcomes, it gets its own
curve; other events use the curve of all events.

Usage, once per process: ``Calibrator.for_extractor(name).apply(events)`` (one file per
extractor, ``data/calibration/rules-1.json`` for rules/1; without it the calibrator changes
nothing). The raw score is not kept: fit on a pipeline that does not calibrate.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from dyads.errors import DataError
from dyads.model import Event

SCHEMA = "dyads.calibration/1"
CALIBRATION_DIR = Path(__file__).resolve().parents[1] / "data" / "calibration"
DEFAULT_FILE = CALIBRATION_DIR / "rules-1.json"
MIN_COUNT = 60  # dev events a type needs (with both outcomes) for a curve of its own
PRIOR_WEIGHT = 2.0
GROUPINGS = ("none", "type", "quad")

Point = tuple[float, bool]


def default_file(extractor: str) -> Path:
    """Where the calibrator of ``extractor`` ships: ``data/calibration/rules-1.json``."""
    return CALIBRATION_DIR / f"{extractor.replace('/', '-')}.json"


def _pool(blocks: list[list[float]]) -> list[list[float]]:
    """Pool adjacent violators over [weight, weighted y, weighted x] blocks in x order."""
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(list(block))
        while len(merged) > 1 and merged[-2][1] / merged[-2][0] > merged[-1][1] / merged[-1][0]:
            weight, y_sum, x_sum = merged.pop()
            merged[-1][0] += weight
            merged[-1][1] += y_sum
            merged[-1][2] += x_sum
    return merged


@dataclass(frozen=True, slots=True)
class Curve:
    """A monotone piecewise-linear map from raw to calibrated confidence."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    n: int = 0

    @classmethod
    def fit(cls, points: Sequence[Point], prior: float | None = None) -> Curve:
        if not points:
            return cls((), ())
        rate = prior if prior is not None else sum(r for _, r in points) / len(points)
        by_x: dict[float, list[float]] = {}
        for x, right in points:
            cell = by_x.setdefault(x, [0.0, 0.0, 0.0])
            cell[0] += 1
            cell[1] += float(right)
            cell[2] += x
        blocks = _pool([by_x[x] for x in sorted(by_x)])
        smoothed = [
            [w + PRIOR_WEIGHT, y + PRIOR_WEIGHT * rate, (x / w) * (w + PRIOR_WEIGHT)]
            for w, y, x in blocks
        ]
        final = _pool(smoothed)
        return cls(
            xs=tuple(round(x / w, 6) for w, _, x in final),
            ys=tuple(round(y / w, 6) for w, y, _ in final),
            n=len(points),
        )

    def __call__(self, x: float) -> float:
        if not self.xs:
            return x
        if x <= self.xs[0]:
            return self.ys[0]
        if x >= self.xs[-1]:
            return self.ys[-1]
        k = bisect_right(self.xs, x)
        x0, x1, y0, y1 = self.xs[k - 1], self.xs[k], self.ys[k - 1], self.ys[k]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "x": list(self.xs), "y": list(self.ys)}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Curve:
        xs, ys = tuple(map(float, record["x"])), tuple(map(float, record["y"]))
        if len(xs) != len(ys) or list(xs) != sorted(xs) or list(ys) != sorted(ys):
            raise ValueError("x and y must be equally long and non-decreasing")
        return cls(xs, ys, int(record.get("n", 0)))


def group_key(group_by: str, event_type: str, quad: int) -> str | None:
    if group_by == "type":
        return event_type
    if group_by == "quad":
        return str(quad)
    return None


@dataclass(frozen=True, slots=True)
class Calibrator:
    overall: Curve = field(default_factory=lambda: Curve((), ()))
    groups: dict[str, Curve] = field(default_factory=dict)
    group_by: str = "none"
    meta: dict[str, Any] = field(default_factory=dict)  # what it was fitted on, when

    @property
    def is_identity(self) -> bool:
        return not self.overall.xs and not self.groups

    @classmethod
    def fit(
        cls,
        points: Iterable[tuple[float, bool, str, int]],
        *,
        group_by: str = "type",
        min_count: int = MIN_COUNT,
        meta: dict[str, Any] | None = None,
    ) -> Calibrator:
        """``points``: (raw confidence, right, event type, quad class) of dev events."""
        if group_by not in GROUPINGS:
            raise ValueError(f"group_by must be one of {GROUPINGS}")
        rows = list(points)
        overall = Curve.fit([(c, r) for c, r, _, _ in rows])
        rate = sum(r for _, r, _, _ in rows) / len(rows) if rows else 0.0
        split: dict[str, list[Point]] = {}
        for c, r, event_type, quad in rows:
            key = group_key(group_by, event_type, quad)
            if key is not None:
                split.setdefault(key, []).append((c, r))
        groups = {
            key: Curve.fit(group, prior=rate)
            for key, group in sorted(split.items())
            if len(group) >= min_count and 0 < sum(r for _, r in group) < len(group)
        }
        return cls(overall, groups, group_by, dict(meta or {}))

    def value(self, confidence: float, event_type: str = "", quad: int = 0) -> float:
        key = group_key(self.group_by, event_type, quad)
        curve = self.groups.get(key, self.overall) if key is not None else self.overall
        # Three places: at two, events a curve keeps apart (a sentence's main event above its
        # background) would often tie.
        return round(min(0.99, max(0.01, curve(confidence))), 3) if curve.xs else confidence

    def apply(self, events: Sequence[Event]) -> list[Event]:
        """The same events with calibrated confidence (unchanged for the identity)."""
        if self.is_identity:
            return list(events)
        return [_with_confidence(e, self.value(e.confidence, e.type, e.quad_class)) for e in events]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "method": "isotonic (pool adjacent violators), smoothed, piecewise linear",
            "group_by": self.group_by,
            "meta": self.meta,
            "overall": self.overall.to_dict(),
            "groups": {key: curve.to_dict() for key, curve in self.groups.items()},
        }

    def save(self, path: str | Path = DEFAULT_FILE) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def for_extractor(cls, extractor: str) -> Calibrator:
        """The shipped calibrator of ``extractor`` (each extractor's raw scores need their own
        curve), or the identity when none ships."""
        path = default_file(extractor)
        return cls.load(path) if path.is_file() else cls()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Calibrator:
        """The calibrator in ``path`` (default ``data/calibration/rules-1.json``; the identity when
        that default file does not exist, an error when a named file does not)."""
        if path is None and not DEFAULT_FILE.is_file():
            return cls()
        where = Path(path) if path is not None else DEFAULT_FILE
        try:
            record = json.loads(where.read_text(encoding="utf-8"))
            if record.get("schema") != SCHEMA:
                raise ValueError(f"schema is {record.get('schema')!r}, expected {SCHEMA}")
            if record.get("group_by", "none") not in GROUPINGS:
                raise ValueError(f"group_by must be one of {GROUPINGS}")
            return cls(
                overall=Curve.from_dict(record["overall"]),
                groups={k: Curve.from_dict(v) for k, v in record.get("groups", {}).items()},
                group_by=record.get("group_by", "none"),
                meta=dict(record.get("meta") or {}),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise DataError(str(where), f"not a calibration file: {err}") from err


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_event_values = attrgetter(*_EVENT_FIELDS)
_CONFIDENCE = _EVENT_FIELDS.index("confidence")


def _with_confidence(event: Event, confidence: float) -> Event:
    """``dataclasses.replace(event, confidence=...)``, without its per-field checks (run for
    every event coded: replace took 5 % of extraction)."""
    values = list(_event_values(event))
    values[_CONFIDENCE] = confidence
    return Event(*values)
