"""hybrid/1's type scorer (types/1) with real patterns and hand-made weights.

The sentences are written for this test. A model is built whose only weight says PROTEST
(the bias bucket of the PROTEST column): where the trigger allows PROTEST ("strikes" begins
both air strikes and a general strike) the event is retyped, with the CAMEO code and mode of
the PROTEST pattern; where it does not ("recalled its ambassador") nothing changes; and with
the scorer off the events are the gate's, while `dyads explain` still shows the scores.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.events.calibration import Curve
from dyads.events.gate import GateModel
from dyads.events.gate_features import DIMENSIONS, hashed_features
from dyads.events.type_scorer import TYPE_BITS, TypeModel
from dyads.model import PLOVER_TYPES
from dyads.pipeline import Pipeline, extract

AIR_STRIKE = "Russian jets carried out strikes on Aleppo on Monday."
RECALL = "Chile recalled its ambassador from Peru on Monday."


def protest_model(tmp_path: Path, *, enabled: bool) -> Path:
    """A gate that keeps everything (probability 0.5, threshold 0) and a type scorer that
    prefers PROTEST wherever it is allowed."""
    weights = np.zeros((1 << TYPE_BITS, len(PLOVER_TYPES)), dtype=np.float32)
    bias = zlib.crc32(b"bias") & ((1 << TYPE_BITS) - 1)
    weights[bias, PLOVER_TYPES.index("PROTEST")] = 6.0
    types = TypeModel(weights, PLOVER_TYPES, 0.2, {"enabled": enabled})
    gate = GateModel(np.zeros(DIMENSIONS, np.float32), 0.0, Curve((), ()), {}, types)
    return gate.save(tmp_path / f"model-{enabled}.npz")


def coded(sentence: str, model: Path, **options: object) -> list[tuple[str, str, int, str]]:
    pipe = Pipeline(extractor="hybrid/1", model=model, extractor_options=options or None)
    doc = extract(sentence, published="2024-05-09", pipeline=pipe)
    return [(e.type, e.cameo, e.quad_class, e.id) for e in doc.events]


def test_an_allowed_type_the_scorer_prefers_retypes_the_event(tmp_path: Path) -> None:
    rules = extract(AIR_STRIKE, published="2024-05-09", pipeline=Pipeline()).events
    assert [e.type for e in rules] == ["ASSAULT"]
    on = protest_model(tmp_path, enabled=True)
    ((kind, cameo, quad, event_id),) = coded(AIR_STRIKE, on)
    assert (kind, cameo, quad) == ("PROTEST", "143", 4)  # the general strike's code
    assert event_id != rules[0].id  # the id names the type, as assemble/1 makes it
    doc = extract(AIR_STRIKE, pipeline=Pipeline(extractor="hybrid/1", model=on))
    assert "types/1:ASSAULT->PROTEST" in doc.events[0].rules
    assert doc.events[0].mode == "strike"


def test_a_trigger_that_allows_one_type_keeps_it(tmp_path: Path) -> None:
    on = protest_model(tmp_path, enabled=True)
    assert [k for k, *_ in coded(RECALL, on)] == ["SANCTION"]


def test_off_it_changes_nothing_and_the_option_overrides_the_file(tmp_path: Path) -> None:
    off = protest_model(tmp_path, enabled=False)
    assert [k for k, *_ in coded(AIR_STRIKE, off)] == ["ASSAULT"]
    assert [k for k, *_ in coded(AIR_STRIKE, off, type_scorer=True)] == ["PROTEST"]
    on = protest_model(tmp_path, enabled=True)
    assert [k for k, *_ in coded(AIR_STRIKE, on, type_scorer=False)] == ["ASSAULT"]


@pytest.mark.parametrize("enabled", [True, False])
def test_explain_shows_the_scores_and_the_features(tmp_path: Path, enabled: bool) -> None:
    model = protest_model(tmp_path, enabled=enabled)
    args = ["explain", AIR_STRIKE, "--extractor", "hybrid/1", "--model", str(model), "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line)["types"] for line in result.output.splitlines() if '"types"' in line]
    (row,) = rows
    assert row["chosen"] == "PROTEST" and row["applied"] is enabled
    assert set(row["probabilities"]) >= {"ASSAULT", "PROTEST"}
    assert max(row["probabilities"], key=row["probabilities"].get) == "PROTEST"
    assert row["top_features"][0]["feature"] == "bias"
    table = CliRunner().invoke(cli, args[:-1])
    assert "Type scorer" in table.output and ("on: retypes" in table.output) is enabled


def test_coding_scores_as_training_does() -> None:
    """The fast path (the sentence's part once, weights read by bucket) gives the score the
    trainer's whole feature vector gives, for a vector and a folded matrix."""
    rng = np.random.default_rng(5)
    vector = rng.normal(size=DIMENSIONS).astype(np.float32)
    matrix = rng.normal(size=(1 << TYPE_BITS, len(PLOVER_TYPES))).astype(np.float32)
    text = "Police arrested dozens of protesters in Lima on Sunday, and Peru recalled its envoy."
    events = extract(text, published="2024-05-09", pipeline=Pipeline()).events
    assert len(events) >= 2
    gate = GateModel(vector, 0.5, Curve((), ()), {})
    types = TypeModel(matrix, PLOVER_TYPES, 0.0)
    for event in events:
        sentence = text[event.sentence.start : event.sentence.end]
        indices, values = hashed_features(event, text)
        (fast,) = gate.linear.scores(sentence, [event])
        assert fast == pytest.approx(float(vector[indices] @ values), abs=1e-4)
        (per_type,) = types.linear.scores(sentence, [event])
        folded = indices & ((1 << TYPE_BITS) - 1)
        expected = values.astype(np.float64) @ matrix[folded].astype(np.float64)
        assert np.allclose(per_type, expected, atol=1e-4)
