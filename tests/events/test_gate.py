"""hybrid/1's event gate with the model shipped in the package (dyads train's output).

The sentences are written for this test. A background event told with its year as the
cause of a state of affairs must be dropped, a clear act of this week kept: the test reads
only which side of the model's own threshold each event falls, never exact scores.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from dyads.errors import DataError
from dyads.events.calibration import Curve
from dyads.events.gate import DEFAULT_MODEL, GateModel, Verdict
from dyads.events.gate_features import DIMENSIONS
from dyads.pipeline import Pipeline, extract

BACKGROUND = [
    "The war began long ago, when Russia annexed Crimea.",
    "The dispute dates back decades, to when Morocco annexed the territory.",
]
CURRENT = [
    "Norway pledged fresh humanitarian aid to Sudan on Tuesday.",
    "Chile recalled its ambassador from Peru on Monday.",
    "Russian forces attacked the Ukrainian city of Kharkiv on Tuesday, officials said.",
]


@cache
def pipeline(name: str) -> Pipeline:
    return Pipeline(extractor=name)


def verdicts(sentence: str) -> list[Verdict]:
    gate = pipeline("hybrid/1").extractor.gate  # type: ignore[attr-defined]
    gate.record = []
    try:
        extract(sentence, published="2024-05-09", pipeline=pipeline("hybrid/1"))
        return list(gate.record)
    finally:
        gate.record = None


@pytest.mark.parametrize("sentence", BACKGROUND)
def test_a_background_event_the_rules_propose_is_dropped(sentence: str) -> None:
    rules = extract(sentence, published="2024-05-09", pipeline=pipeline("rules/1")).events
    assert rules, "the rules must propose something for the gate to drop"
    found = verdicts(sentence)
    assert found and not any(v.kept for v in found)
    hybrid = extract(sentence, published="2024-05-09", pipeline=pipeline("hybrid/1")).events
    assert hybrid == []


@pytest.mark.parametrize("sentence", CURRENT)
def test_a_current_act_is_kept_with_the_gates_confidence(sentence: str) -> None:
    found = verdicts(sentence)
    assert found and all(v.kept for v in found)
    events = extract(sentence, published="2024-05-09", pipeline=pipeline("hybrid/1")).events
    assert len(events) == len(found)
    model = GateModel.load()
    for event, verdict in zip(events, found, strict=True):
        assert event.extractor == "hybrid/1"
        assert event.confidence == model.confidence(verdict.probability)


def test_explain_names_the_features_that_weighed_most() -> None:
    (verdict,) = verdicts(CURRENT[0])
    assert verdict.top and all(isinstance(w, float) for _, w in verdict.top)
    weights = [abs(w) for _, w in verdict.top]
    assert weights == sorted(weights, reverse=True)


def test_the_shipped_model_is_small_and_says_what_it_was_trained_on() -> None:
    assert DEFAULT_MODEL.stat().st_size < 3_000_000
    model = GateModel.load()
    assert "dev split" in model.meta["trained_on"]
    assert 0.0 < model.threshold < 1.0
    assert model.weights.shape == (DIMENSIONS,)


def test_a_file_that_is_no_model_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "gate.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(DataError, match="not a Dyads gate model"):
        GateModel.load(path)
    with pytest.raises(DataError, match="cannot read"):
        GateModel.load(tmp_path / "missing.npz")


def test_save_and_load_keep_weights_threshold_and_curve(tmp_path: Path) -> None:
    weights = np.zeros(DIMENSIONS, dtype=np.float32)
    weights[[3, 99, 4000]] = [0.5, -1.25, 2.0]
    curve = Curve((0.2, 0.6, 0.9), (0.1, 0.5, 0.8))
    saved = GateModel(weights, 0.35, curve, {"trained_on": "a test"}).save(tmp_path / "m.npz")
    loaded = GateModel.load(saved)
    assert np.array_equal(loaded.weights, weights)
    assert loaded.threshold == 0.35 and loaded.curve.xs == curve.xs
    assert loaded.curve.ys == curve.ys and loaded.meta["trained_on"] == "a test"


def test_the_data_version_names_the_gate_model_so_a_retrained_one_shows(tmp_path: Path) -> None:
    shipped = GateModel.load()
    retrained = GateModel(shipped.weights * 0.5, shipped.threshold, shipped.curve, shipped.meta)
    first = tmp_path / "first.npz"
    first.write_bytes(DEFAULT_MODEL.read_bytes())
    second = retrained.save(tmp_path / "second.npz")

    def version(model: Path | None) -> str:
        return Pipeline(extractor="hybrid/1", model=model).data_version

    default = version(None)
    assert version(first) == default  # the same bytes elsewhere: the same version
    assert version(second) != default
    gate_part = [p for p in version(second).split(";") if p.startswith("gate=")]
    assert len(gate_part) == 1 and gate_part[0] not in default
    assert "gate=" not in Pipeline(extractor="rules/1").data_version
