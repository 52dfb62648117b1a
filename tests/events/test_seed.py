"""The worked example of docs/event-record.md on the seed article ../shared/seed/."""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.model import Event, Extraction
from dyads.pipeline import Pipeline


@pytest.fixture(scope="module")
def doc(pipeline: Pipeline, seed_text: str) -> Extraction:
    return extract(seed_text, published="2024-10-20", pipeline=pipeline)


def ids(mentions: tuple) -> set[str]:  # type: ignore[type-arg]
    return {m.actor.id for m in mentions}


def find(doc: Extraction, type_: str, source: set[str], target: set[str]) -> list[Event]:
    return [
        e for e in doc.events
        if e.type == type_ and source <= ids(e.source) and target <= ids(e.target)
    ]  # fmt: skip


def pair(doc: Extraction, type_: str, a: str, b: str) -> list[Event]:
    """Reciprocal events: the direction does not matter."""
    return [
        e for e in doc.events
        if e.type == type_ and {a, b} <= ids(e.source) | ids(e.target)
    ]  # fmt: skip


def test_accuse_g7_russia(doc: Extraction) -> None:
    events = find(doc, "ACCUSE", {"G7"}, {"RUS"})
    assert events and all(e.mode == "disapprove" for e in events)
    triggers = {doc.text[e.trigger.start : e.trigger.end] for e in events}
    assert "condemn" in triggers


def test_cooperation_with_north_korea_and_iran(doc: Extraction) -> None:
    for other in ("PRK", "IRN", "CHN"):
        events = pair(doc, "COOPERATE", "RUS", other)
        assert events, other
        assert any("military" in e.context for e in events)


def test_aid_to_russia_is_hedged_and_military(doc: Extraction) -> None:
    for giver in ("PRK", "IRN"):
        events = find(doc, "AID", {giver}, {"RUS"})
        assert events, giver
        assert all(e.hedged and "military" in e.context for e in events)


def test_support_for_ukraine(doc: Extraction) -> None:
    events = find(doc, "SUPPORT", {"G7"}, {"UKR"})
    assert events
    assert any(e.quoted and e.claimed_by and e.claimed_by.actor.id == "G7" for e in events)


def test_concern_about_china_and_its_support_to_russia(doc: Extraction) -> None:
    assert find(doc, "ACCUSE", {"G7"}, {"CHN"})
    assert find(doc, "SUPPORT", {"CHN"}, {"RUS"}) or find(doc, "AID", {"CHN"}, {"RUS"})


def test_russian_assault_on_ukraine(doc: Extraction) -> None:
    assert find(doc, "ASSAULT", {"RUS"}, {"UKR"})


def test_outlet_chain(doc: Extraction) -> None:
    assert doc.events and all(e.reported_by for e in doc.events)


def test_nothing_a_careful_reader_would_reject(doc: Extraction) -> None:
    for event in doc.events:
        actors = ids(event.source) | ids(event.target)
        assert not actors & {"KOR", "ITA", "UN", "CALIBER_AZ"}, event
        assert event.source or event.target
        assert not ids(event.source) & ids(event.target)
        assert event.type != "ASSAULT" or "UKR" not in ids(event.source)
        assert event.type != "AID" or ids(event.target) == {"RUS"}
        if "pronoun:we" in event.rules:  # "We ..." in the G7 statement is the G7
            assert event.quoted and ids(event.source) == {"G7"}, event
