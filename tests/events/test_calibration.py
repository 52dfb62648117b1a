from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from dyads.errors import DataError
from dyads.eval.scorers import expected_calibration_error
from dyads.events import calibration
from dyads.events.calibration import Calibrator, Curve
from dyads.pipeline import extract

# Synthetic events: raw scores are overconfident, and AID is right less often than ASSAULT
# at the same score, as a rule set that over-reads "aid" would be.
TRUTH = {"ASSAULT": lambda x: x**2, "AID": lambda x: x**4}


def synthetic(n: int, seed: int) -> list[tuple[float, bool, str, int]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        event_type = rng.choice(sorted(TRUTH))
        raw = round(rng.uniform(0.3, 1.0), 2)
        rows.append((raw, rng.random() < TRUTH[event_type](raw), event_type, 4))
    return rows


def ece(rows: list[tuple[float, bool, str, int]], calibrator: Calibrator | None = None) -> float:
    if calibrator is None:
        return expected_calibration_error((c, r) for c, r, _, _ in rows)
    return expected_calibration_error((calibrator.value(c, t, q), r) for c, r, t, q in rows)


def test_ece_drops_on_held_out_data() -> None:
    dev, held_out = synthetic(3000, seed=1), synthetic(3000, seed=2)
    overall = Calibrator.fit(dev, group_by="none")
    by_type = Calibrator.fit(dev, group_by="type")
    before = ece(held_out)
    assert before > 0.2  # the raw scores are far off
    assert ece(held_out, overall) < 0.05
    assert ece(held_out, by_type) < 0.05
    assert set(by_type.groups) == {"AID", "ASSAULT"}
    # One curve for all is calibrated on the mix but not per type; a curve per type is.
    for event_type in TRUTH:
        rows = [row for row in held_out if row[2] == event_type]
        assert ece(rows, by_type) < ece(rows, overall)
        assert ece(rows, by_type) < 0.06


def test_curves_are_monotone_and_bounded() -> None:
    calibrator = Calibrator.fit(synthetic(2000, seed=3), group_by="type")
    for curve in (calibrator.overall, *calibrator.groups.values()):
        assert list(curve.ys) == sorted(curve.ys)
    grid = [i / 100 for i in range(101)]
    for event_type in ("AID", "ASSAULT", "PROTEST"):  # PROTEST: no curve, uses the overall
        values = [calibrator.value(x, event_type) for x in grid]
        assert values == sorted(values)
        assert all(0.01 <= v <= 0.99 for v in values)


def test_small_groups_fall_back_to_the_overall_curve() -> None:
    rows = synthetic(1000, seed=4) + [(0.9, False, "PROTEST", 3)] * 10
    calibrator = Calibrator.fit(rows, group_by="type", min_count=50)
    assert "PROTEST" not in calibrator.groups
    assert calibrator.value(0.9, "PROTEST") == calibrator.value(0.9, "NO-SUCH-TYPE")
    by_quad = Calibrator.fit(rows, group_by="quad", min_count=50)
    assert set(by_quad.groups) == {"4"}


def test_pooling_by_hand() -> None:
    # Scores 0.2, 0.5, 0.8 with outcomes that violate order in the middle: the middle pools.
    points = [(0.2, False), (0.5, True), (0.5, True), (0.8, False), (0.8, True), (0.8, False)]
    curve = Curve.fit(points)
    assert len(curve.xs) == 2
    assert list(curve.ys) == sorted(curve.ys)
    assert curve(0.0) == curve.ys[0] and curve(1.0) == curve.ys[-1]


def test_save_load_apply(tmp_path: Path) -> None:
    calibrator = Calibrator.fit(synthetic(2000, seed=5), meta={"fitted_on": "synthetic"})
    path = calibrator.save(tmp_path / "calibration.json")
    loaded = Calibrator.load(path)
    assert loaded == calibrator
    events = extract("Russian troops shelled a town in eastern Ukraine on Monday.").events
    assert events
    calibrated = loaded.apply(events)
    assert [e.type for e in calibrated] == [e.type for e in events]
    assert [e.confidence for e in calibrated] == [
        loaded.value(e.confidence, e.type, e.quad_class) for e in events
    ]
    assert Calibrator().apply(events) == events  # the identity changes nothing
    # Every other field as dataclasses.replace would copy it (apply builds the copy itself).
    pairs = zip(events, calibrated, strict=True)
    assert calibrated == [replace(e, confidence=c.confidence) for e, c in pairs]


def test_no_default_file_means_no_change(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(calibration, "DEFAULT_FILE", tmp_path / "calibration.json")
    assert Calibrator.load().is_identity
    Calibrator.fit(synthetic(500, seed=6)).save(tmp_path / "calibration.json")
    assert not Calibrator.load().is_identity


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"schema": "other"}), json.dumps({"schema": "dyads.calibration/1"})],
)
def test_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(content)
    with pytest.raises(DataError, match="not a calibration file"):
        Calibrator.load(path)
    with pytest.raises(DataError):
        Calibrator.load(tmp_path / "absent.json")
