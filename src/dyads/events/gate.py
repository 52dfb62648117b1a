"""``hybrid/1``: the rule stages, then a learned gate on each event they propose.

Rules decide well who did what to whom once an act is there, and badly whether a current
political act is reported at all ("the war" as background, "attack drone", a headline). The
gate is a logistic regression over hashed features of each event and its sentence
(:mod:`dyads.events.gate_features`), trained on the project's own annotated corpus (dev
split) by `dyads train` (:mod:`dyads.eval.learn`). It runs only where the rules propose an
event, drops events whose probability is under the threshold chosen by cross-validation,
and sets ``confidence`` to the calibrated probability that the event is right (an isotonic
curve fitted on out-of-fold probabilities, :class:`~dyads.events.calibration.Curve`).

The model is one ``.npz`` file (weights, calibration curve, and a JSON record of what it
was trained on), read with numpy only: ``data/models/gate.npz`` unless ``model=`` names
another (``Pipeline(model=...)``, ``--model`` on the commands that code text).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from dyads.errors import DataError
from dyads.events.calibration import Curve
from dyads.events.candidate import SentenceWork
from dyads.events.gate_features import BITS, DIMENSIONS, features, hashed
from dyads.events.gate_scoring import LinearModel, sigmoid
from dyads.events.rules import STAGES as RULES_STAGES
from dyads.events.rules import RulesExtractor, TriggerStage
from dyads.events.staged import StagedExtractor
from dyads.events.type_scorer import TypeIndex, TypeModel, TypeStage
from dyads.model import Event

NAME = "hybrid/1"
SCHEMA = "dyads.gate/1"
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "gate.npz"
STAGES: tuple[str, ...] = (*RULES_STAGES, "gate/1", "types/1")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's view of one event: its probability, whether it was kept, and why."""

    event: Event
    probability: float
    kept: bool
    top: tuple[tuple[str, float], ...]  # the features that weighed most (name, w * value)


@dataclass(slots=True)
class GateModel:
    weights: np.ndarray  # float32[DIMENSIONS]
    threshold: float
    curve: Curve
    meta: dict[str, Any]
    types: TypeModel | None = None  # the type scorer (types/1), where the file holds one
    linear: LinearModel = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.linear = LinearModel(self.weights)

    def probability(self, event: Event, text: str) -> float:
        sent = event.sentence
        return self.probabilities(text[sent.start : sent.end], [event])[0]

    def probabilities(self, sentence: str, events: list[Event]) -> list[float]:
        """The probability of each event of one ``sentence`` (its text): the sentence's
        share of the score is computed once (:class:`LinearModel`)."""
        return [sigmoid(z) for z in self.linear.scores(sentence, events)]

    def top_features(self, event: Event, text: str, k: int = 6) -> tuple[tuple[str, float], ...]:
        named = features(event, text)
        indices, values = hashed(named)
        weighed = [
            (name, float(self.weights[i]) * v)
            for (name, _), i, v in zip(named, indices, values, strict=True)
        ]
        weighed.sort(key=lambda nv: -abs(nv[1]))
        return tuple((n, round(w, 3)) for n, w in weighed[:k])

    def confidence(self, probability: float) -> float:
        return self.confidence_of(self.curve, probability)

    @staticmethod
    def confidence_of(curve: Curve | None, probability: float) -> float:
        """The calibrated confidence of a probability (itself where there is no curve)."""
        value = curve(probability) if curve is not None and curve.xs else probability
        return round(min(0.99, max(0.01, value)), 2)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = self.meta | {"schema": SCHEMA, "bits": BITS, "threshold": self.threshold}
        arrays: dict[str, np.ndarray] = {}
        if self.types is not None:  # float16: a tenth of the file, no change in any type
            arrays["type_weights"] = self.types.weights.astype(np.float16)
            meta["types"] = self.types.meta | {
                "types": list(self.types.types),
                "margin": self.types.margin,
            }
        with path.open("wb") as sink:  # a file object: numpy adds no ".npz" of its own
            np.savez_compressed(
                sink,
                weights=self.weights.astype(np.float32),
                curve_x=np.asarray(self.curve.xs, dtype=np.float64),
                curve_y=np.asarray(self.curve.ys, dtype=np.float64),
                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), np.uint8),
                **arrays,  # type: ignore[arg-type]
            )
        return path

    @classmethod
    def load(cls, path: str | Path | None = None) -> GateModel:
        path = Path(path) if path is not None else DEFAULT_MODEL
        try:
            return _load(str(path.resolve()), path.stat().st_mtime_ns)
        except OSError as err:
            raise DataError(
                str(path), f"cannot read the gate model ({err.strerror or err})"
            ) from err


@cache
def _file_digest(path: str, _mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]


def model_digest(model: str | Path | None, default: Path = DEFAULT_MODEL) -> str:
    """A short digest of a model file's bytes (``missing`` when unreadable), for the data
    version: a retrained model changes it, so `dyads recode` recodes the events it made."""
    try:
        path = Path(model or default).resolve()
        return _file_digest(str(path), path.stat().st_mtime_ns)
    except OSError:
        return "missing"


@cache
def _load(path: str, _mtime: int) -> GateModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            weights = np.asarray(data["weights"], dtype=np.float32)
            curve = Curve(tuple(data["curve_x"].tolist()), tuple(data["curve_y"].tolist()))
            types = None
            if "type_weights" in data and isinstance(meta.get("types"), dict):
                own = meta["types"]
                type_weights = np.asarray(data["type_weights"], dtype=np.float32)
                types = TypeModel(type_weights, tuple(own["types"]), float(own["margin"]), own)
    except (ValueError, KeyError, OSError) as err:
        raise DataError(path, f"not a Dyads gate model ({err})") from err
    if meta.get("schema") != SCHEMA or weights.shape != (DIMENSIONS,):
        raise DataError(path, f"not a {SCHEMA} model with {DIMENSIONS} weights")
    return GateModel(weights, float(meta["threshold"]), curve, meta, types)


class GateStage:
    """Drops events the model scores under its threshold; the rest get its confidence."""

    name = "gate/1"
    requires = ("events",)
    assigns = ("gate",)

    def __init__(self, *, model: str | Path | GateModel | None = None, **_options: Any) -> None:
        self.model = model if isinstance(model, GateModel) else GateModel.load(model)
        # `dyads explain` sets a list here to receive every verdict, kept and dropped.
        self.record: list[Verdict] | None = None

    def __call__(self, work: SentenceWork) -> None:
        if not work.events:
            return
        model, text, sent = self.model, work.layers.text, work.sentence
        kept: list[Event] = []
        probabilities = model.probabilities(text[sent.start : sent.end], work.events)
        for event, p in zip(work.events, probabilities, strict=True):
            keep = p >= model.threshold
            if keep:
                kept.append(replace(event, confidence=model.confidence(p)))
            if self.record is not None:
                top = model.top_features(event, text)
                self.record.append(Verdict(event, round(p, 3), keep, top))
        work.events = kept


class HybridExtractor(RulesExtractor):
    """``hybrid/1``: ``rules/1``'s stages and shared tail, then ``gate/1``."""

    name = NAME

    def __init__(self, **options: Any) -> None:
        StagedExtractor.__init__(self, NAME, STAGES, **options)
        self.model_path = options.get("model")
        # The type scorer's weights are in the gate's file, and the types a trigger allows
        # are read from the patterns the trigger stage matches with.
        for stage in self.stages:
            if isinstance(stage, TypeStage):
                trigger = next(s for s in self.stages if isinstance(s, TriggerStage))
                index = TypeIndex(trigger.patterns.patterns, trigger.lemmatizer)
                stage.use(self.gate.model.types, index)

    @property
    def data_version(self) -> str:
        """The learned stages' model, by digest: stored with the events (beside the rules'
        patterns and lexicons, ``Pipeline.data_version``), so that retraining the gate marks
        the events it made for `dyads recode`."""
        return f"gate={model_digest(self.model_path)}"

    @property
    def gate(self) -> GateStage:
        for stage in self.stages:
            if isinstance(stage, GateStage):
                return stage
        raise LookupError("hybrid/1 without its gate stage")

    @property
    def types(self) -> TypeStage | None:
        for stage in self.stages:
            if isinstance(stage, TypeStage):
                return stage
        return None
