from __future__ import annotations

import pytest

from dyads.eval.scorers import (
    PRF,
    accuracy,
    align_offsets,
    confusion,
    dyads_of,
    event_dyads,
    map_span,
    mention_overlap_prf,
    micro_prf,
    quad_prediction,
    role_span_prf,
    token_span,
)
from dyads.model import Actor, Event, Mention, Sentence, Span

SENT = Sentence(index=0, start=0, end=40)


def mention(code: str, start: int = 0, end: int = 5) -> Mention:
    return Mention(Actor(id=code, code=code, name=code), start, end, 0)


def event(
    event_type: str,
    sources: tuple[str, ...],
    targets: tuple[str, ...] = (),
    *,
    quad: int = 4,
    confidence: float = 0.5,
) -> Event:
    return Event(
        id=f"{event_type}-{sources}-{targets}-{quad}-{confidence}",
        article_id="a",
        type=event_type,
        cameo="19",
        quad_class=quad,
        goldstein=-10.0,
        trigger=Span(6, 14),
        sentence=SENT,
        source=tuple(mention(c) for c in sources),
        target=tuple(mention(c) for c in targets),
        confidence=confidence,
    )


def test_prf_arithmetic() -> None:
    prf = PRF(2, 4, 2, 3) + PRF(1, 1, 1, 2)
    assert (prf.precision, prf.recall) == (pytest.approx(0.6), pytest.approx(0.6))
    assert prf.f1 == pytest.approx(0.6)
    assert PRF(0, 0, 0, 0).f1 == 0.0


def test_micro_prf_over_sentences() -> None:
    prf = micro_prf([({"ASSAULT"}, {"ASSAULT", "ACCUSE"}), ({"AID"}, set())])
    assert (prf.matched_pred, prf.n_pred, prf.n_gold) == (1, 2, 2)


@pytest.mark.parametrize(
    ("event_type", "sources", "targets", "expected"),
    [
        ("ASSAULT", ["RUS"], ["UKR"], {("ASSAULT", "RUS", "UKR")}),
        ("CONSULT", ["USA"], ["CHN"], {("CONSULT", "CHN", "USA")}),
        (
            "COOPERATE",
            ["RUS"],
            ["IRN", "PRK"],
            {("COOPERATE", "IRN", "RUS"), ("COOPERATE", "PRK", "RUS")},
        ),
        ("AGREE", ["HUN", "ROU"], [], {("AGREE", "HUN", ""), ("AGREE", "ROU", "")}),
        ("ACCUSE", ["IGO"], ["RUS"], {("ACCUSE", "IGO", "RUS")}),
        # participants of a reciprocal event pair up, whichever side they were coded on
        ("CONSULT", ["KEN", "UGA"], [], {("CONSULT", "KEN", "UGA")}),
        (
            "COOPERATE",
            ["CHN", "IRN", "RUS"],
            [],
            {("COOPERATE", "CHN", "IRN"), ("COOPERATE", "CHN", "RUS"), ("COOPERATE", "IRN", "RUS")},
        ),
        ("CONSULT", ["KEN"], [], {("CONSULT", "KEN", "")}),
    ],
)
def test_dyads_expand_pairs(
    event_type: str, sources: list[str], targets: list[str], expected: set[tuple[str, ...]]
) -> None:
    assert dyads_of(event_type, sources, targets) == expected


def test_event_dyads_match_gold_regardless_of_reciprocal_order() -> None:
    predicted = event_dyads([event("COOPERATE", ("PRK",), ("RUS",))])
    assert predicted == dyads_of("COOPERATE", ["RUS"], ["PRK"])


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], 0),
        ([event("AID", ("USA",), quad=2, confidence=0.9), event("ASSAULT", ("RUS",))], 2),
        ([event("ACCUSE", ("USA",), quad=3), event("ASSAULT", ("RUS",), quad=4)], 4),
    ],
)
def test_quad_prediction_rule(events: list[Event], expected: int) -> None:
    assert quad_prediction(events) == expected


def test_accuracy_and_confusion() -> None:
    gold, predicted = [0, 1, 4, 4], [0, 2, 4, 0]
    assert accuracy(gold, predicted) == 0.5
    matrix = confusion(gold, predicted, [0, 1, 2, 3, 4])
    assert matrix[4] == [1, 0, 0, 0, 1]
    assert matrix[1][2] == 1


def test_token_span_from_characters() -> None:
    offsets = [(0, 3), (4, 9), (10, 15)]  # "The Swiss court"
    assert token_span(4, 9, offsets) == (1, 1)
    assert token_span(2, 12, offsets) == (0, 2)
    assert token_span(20, 25, offsets) is None


def test_role_spans_lenient_exact_and_reciprocal() -> None:
    gold = [("S", (0, 2)), ("T", (5, 6)), ("R", (8, 8))]
    predicted = {"S": {(1, 1)}, "T": {(5, 6), (8, 8), (10, 10)}}
    lenient = role_span_prf(predicted, gold, exact=False)
    assert lenient["all"] == PRF(3, 4, 3, 3)
    assert lenient["S"] == PRF(1, 1, 2, 2)  # R found by a target still counts for source
    assert lenient["T"] == PRF(2, 3, 2, 2)
    exact = role_span_prf(predicted, gold, exact=True)
    assert exact["all"] == PRF(2, 4, 2, 3)


def test_mention_overlap() -> None:
    prf = mention_overlap_prf([(0, 6), (20, 25), (40, 44)], [(0, 12), (22, 23), (30, 35)])
    assert prf == PRF(2, 3, 2, 3)


def test_align_offsets_across_collapsed_whitespace() -> None:
    original = "  Iran\u00a0 and  Iraq\u200b met. \n\n\n\nThen."
    normalised = "Iran and Iraq met.\n\nThen."
    mapping = align_offsets(original, normalised)
    assert mapping is not None
    begin = original.index("Iraq")
    start, end = map_span(mapping, begin, begin + 4)
    assert normalised[start:end] == "Iraq"
    begin = original.index("Then")
    start, end = map_span(mapping, begin, begin + 4)
    assert normalised[start:end] == "Then"


def test_align_offsets_refuses_changed_letters() -> None:
    assert align_offsets("Cafe\u0301", "Café") is None
