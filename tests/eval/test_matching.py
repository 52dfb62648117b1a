from __future__ import annotations

from dataclasses import dataclass

import pytest

from dyads.eval.matching import EventTally, Predicted, match_events
from dyads.eval.scorers import (
    band_of,
    cohen_kappa,
    expected_calibration_error,
    reliability,
)


@dataclass(frozen=True)
class Gold:
    type: str
    trigger: tuple[int, int] | None = None
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    hedged: bool = False
    negated: bool = False
    hypothetical: bool = False


def pred(
    event_type: str,
    trigger: tuple[int, int] | None = None,
    confidence: float = 0.5,
    source: tuple[str, ...] = (),
    target: tuple[str, ...] = (),
    **flags: bool,
) -> Predicted:
    return Predicted(
        type=event_type,
        trigger=trigger,
        source_codes=source,
        target_codes=target,
        confidence=confidence,
        hedged=flags.get("hedged", False),
        negated=flags.get("negated", False),
        hypothetical=flags.get("hypothetical", False),
    )


def test_rounds_prefer_type_and_trigger_then_type_then_trigger() -> None:
    gold = [Gold("ASSAULT", (0, 5)), Gold("ACCUSE", (20, 27)), Gold("AID", (40, 44))]
    predicted = [
        pred("ACCUSE", (0, 5)),  # overlaps the ASSAULT trigger but has the ACCUSE type
        pred("ASSAULT", (30, 35)),  # same type as gold 0, no overlap
        pred("CONSULT", (41, 43)),  # overlaps AID only
    ]
    # Round 2 pairs by type before round 3 pairs by overlap: ACCUSE->1, ASSAULT->0.
    assert match_events(predicted, gold) == [(0, 1), (1, 0), (2, 2)]


def test_one_to_one_and_most_confident_first() -> None:
    gold = [Gold("ASSAULT", (10, 15))]
    predicted = [pred("ASSAULT", (10, 15), 0.4), pred("ASSAULT", (11, 14), 0.9)]
    assert match_events(predicted, gold) == [(1, 0)]
    assert match_events([], gold) == []
    assert match_events(predicted, []) == []


def test_tally_counts_false_events_in_sentences_without_gold() -> None:
    tally = EventTally()
    tally.add([pred("PROTEST", (0, 5), 0.9)], [])  # a dateline "March": a false event
    tally.add([], [])  # nothing, nothing: no count either way
    outcome = tally.add([pred("ASSAULT", (3, 9), 0.8)], [Gold("ASSAULT", (3, 9))])
    assert outcome.pairs == [(0, 0)] and not outcome.false and not outcome.missed
    missed = tally.add([], [Gold("AID", (0, 4))])
    assert missed.missed == [0]
    assert tally.detection.precision == pytest.approx(1 / 2)
    assert tally.detection.recall == pytest.approx(1 / 2)
    assert (tally.sentences.matched_pred, tally.sentences.n_pred) == (1, 2)
    assert (tally.sentences.matched_gold, tally.sentences.n_gold) == (1, 2)
    assert tally.n_sentences == 4


def test_types_dyads_and_flags() -> None:
    tally = EventTally()
    outcome = tally.add(
        [
            pred("CONSULT", (0, 4), source=("FRA",), target=("DEU",), hypothetical=True),
            pred("ACCUSE", (10, 16), source=("UKR",), target=("RUS",), negated=True),
        ],
        [
            Gold("CONSULT", (0, 4), source_codes=("DEU",), target_codes=("FRA",)),
            Gold("REJECT", (10, 16), ("UKR",), ("RUS",), negated=True, hypothetical=True),
        ],
    )
    assert outcome.wrong_type == [(1, 1)]
    assert tally.type_prf("CONSULT").f1 == 1.0
    assert tally.type_prf("ACCUSE").precision == 0.0
    assert tally.type_prf("REJECT").recall == 0.0
    assert tally.type_prf().precision == pytest.approx(0.5)
    # CONSULT is unordered: DEU->FRA and FRA->DEU are one dyad.
    assert tally.dyads.matched_pred == 1 and tally.dyads.n_pred == 2
    negated, hypothetical = tally.flags["negated"], tally.flags["hypothetical"]
    assert negated.precision == 1.0 and negated.recall == 1.0
    assert hypothetical.n_pred == 1 and hypothetical.n_gold == 1
    assert hypothetical.matched_pred == 0
    names = [m.name for m in tally.metrics()]
    assert names[:2] == ["event detection", "has-event, sentences"]
    assert "calibration ECE" in names and "hypothetical" in names
    tally.add([], [Gold("AID", (0, 4), hypothetical=True)])  # a missed hypothetical event
    assert tally.flags["hypothetical"].n_gold == 1  # paired events only
    details = tally.details()
    assert details["flag_recall_over_all_gold"]["hypothetical"] == {"recall": 0.0, "n_gold": 2}
    assert details["flag_recall_over_all_gold"]["negated"] == {"recall": 1.0, "n_gold": 1}
    assert set(details["event_types"]) == {"CONSULT", "ACCUSE", "REJECT", "AID"}
    assert len(details["calibration"]["bands"]) == 10


def test_calibration_points_are_right_only_for_the_same_type() -> None:
    tally = EventTally()
    tally.add([pred("ACCUSE", (0, 3), 0.95)], [Gold("REJECT", (0, 3))])
    tally.add([pred("ASSAULT", (0, 3), 0.95)], [Gold("ASSAULT", (5, 9))])
    assert tally.points == [(0.95, False), (0.95, True)]
    assert tally.ece == pytest.approx(0.45)


def test_reliability_bands_and_ece_by_hand() -> None:
    points = [(0.05, False), (0.15, False), (0.15, True), (0.3, True), (1.0, True), (0.95, False)]
    assert [band_of(c) for c, _ in points] == [0, 1, 1, 3, 9, 9]
    table = reliability(points)
    assert [b.count for b in table] == [1, 2, 0, 1, 0, 0, 0, 0, 0, 2]
    assert table[1].mean_confidence == pytest.approx(0.15)
    assert table[1].share_right == pytest.approx(0.5)
    expected = (1 * 0.05 + 2 * 0.35 + 1 * 0.7 + 2 * abs(0.975 - 0.5)) / 6
    assert expected_calibration_error(points) == pytest.approx(expected)
    assert expected_calibration_error([]) == 0.0


def test_cohen_kappa() -> None:
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    # Observed 0.5, expected 0.5: no better than chance.
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0
    a = [True, True, True, False, False, False, False, False, False, False]
    b = [True, True, False, True, False, False, False, False, False, False]
    # p_o = 0.8; p_e = 0.3 * 0.3 + 0.7 * 0.7 = 0.58
    assert cohen_kappa(a, b) == pytest.approx((0.8 - 0.58) / 0.42)
    assert cohen_kappa([False, False], [False, False]) == 1.0
