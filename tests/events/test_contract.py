"""The contract every registered extractor meets: for each sentence, exactly these events.

Sentences written for this test, each with the whole set of events it must yield (type,
source actor ids, target actor ids, flags): an extractor that adds an event or misses one
fails, so the table says both what a sentence must and must not yield. A plugin registered
under ``dyads.extractors`` is run over the same table.
"""

from __future__ import annotations

from functools import cache

import pytest

from dyads import registry
from dyads.pipeline import Pipeline, extract

Event = tuple[str, tuple[str, ...], tuple[str, ...], frozenset[str]]
NONE: frozenset[str] = frozenset()


def ev(kind: str, source: tuple[str, ...], target: tuple[str, ...], *flags: str) -> Event:
    return (kind, tuple(sorted(source)), tuple(sorted(target)), frozenset(flags))


CONTRACT: list[tuple[str, set[Event]]] = [
    ("Chile recalled its ambassador from Peru.", {ev("SANCTION", ("CHL",), ("PER",))}),
    ("Norway pledged fresh humanitarian aid to Sudan on Tuesday.",
     {ev("AGREE", ("NOR",), ("SDN",))}),
    ("Vietnam accused China of ramming a fishing boat.", {ev("ACCUSE", ("VNM",), ("CHN",))}),
    ("Ethiopia did not attack Eritrea.", {ev("ASSAULT", ("ETH",), ("ERI",), "negated")}),
    ("India urged Pakistan to release the fishermen.", {ev("REQUEST", ("IND",), ("PAK",))}),
    ("Japan and South Korea held talks in Seoul.", {ev("CONSULT", ("JPN", "KOR"), ())}),
    ("Turkey rejected Sweden's request.", {ev("REJECT", ("TUR",), ("SWE",))}),
    ("Egypt condemned the Israeli strike on Gaza.", {ev("ACCUSE", ("EGY",), ("ISR",))}),
    ("Poland was attacked by Belarus.", {ev("ASSAULT", ("BLR",), ("POL",))}),
    ("Colombia's president met Venezuela's president in Caracas.",
     {ev("CONSULT", ("COL",), ("VEN",))}),
    ("Morocco imposed sanctions on Algeria.", {ev("SANCTION", ("MAR",), ("DZA",))}),
    # Sentences that hold no event: a condition, a state of affairs, no actor pair.
    ("If Iran enriches more uranium, Israel will strike its facilities.", set()),
    ("The weather in Lisbon was mild on Sunday.", set()),
    ("Kenya's economy grew by five percent last year.", set()),
    ("The minister visited a school in Ohio.", set()),
]  # fmt: skip


# llm/1 codes what a model server says: it meets this contract in verify mode against a
# fake server in tests/events/llm/test_contract_llm.py, and cannot run here without one.
NEEDS_A_SERVER = {"llm/1"}
EXTRACTORS = [n for n in registry.names("extractors") if n not in NEEDS_A_SERVER]


@cache
def pipeline_for(name: str) -> Pipeline:
    return Pipeline(extractor=name)


def events_of(name: str, sentence: str) -> set[Event]:
    doc = extract(sentence, published="2024-05-09", pipeline=pipeline_for(name))
    return {
        ev(
            e.type,
            tuple(m.actor.id for m in e.source),
            tuple(m.actor.id for m in e.target),
            *(f for f in ("hedged", "negated", "hypothetical", "quoted") if getattr(e, f)),
        )
        for e in doc.events
    }


@pytest.mark.parametrize("name", EXTRACTORS)
@pytest.mark.parametrize(("sentence", "expected"), CONTRACT, ids=[s for s, _ in CONTRACT])
def test_extractor_yields_exactly_the_events(
    name: str, sentence: str, expected: set[Event]
) -> None:
    assert events_of(name, sentence) == expected


@pytest.mark.parametrize("name", EXTRACTORS)
def test_events_carry_their_evidence(name: str) -> None:
    sentence = "Morocco imposed sanctions on Algeria on Monday."
    doc = extract(sentence, published="2024-05-09", pipeline=pipeline_for(name))
    (event,) = doc.events
    assert event.extractor == name
    assert sentence[event.trigger.start : event.trigger.end] in sentence
    assert event.sentence.start == 0 and event.sentence.end == len(sentence)
    assert event.date == "2024-05-06" and event.cameo.startswith("16")
