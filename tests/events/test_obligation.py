"""Demands voiced as obligations, refusals voiced as failures and threats voiced as
conditions: sentences written for these tests, coded by rules/1 end to end."""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.pipeline import Pipeline

Dyad = tuple[str, str, str]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def dyads(pipeline: Pipeline, text: str) -> set[Dyad]:
    doc = extract(text, published="2024-05-01", pipeline=pipeline)
    return {
        (e.type, ",".join(sorted(m.actor.code for m in e.source)),
         ",".join(sorted(m.actor.code for m in e.target)))
        for e in doc.events
    }  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the speaker demands of the one who must act, trigger in the complement or not
        ("Germany said on Monday that Poland must return the stolen paintings.",
         ("REQUEST", "DEU", "POL")),
        ("The Kenyan government declared that Somalia must withdraw its troops.",
         ("REQUEST", "KEN", "SOM")),
        ("The Dutch foreign minister said Turkey and Greece must settle their quarrel.",
         ("REQUEST", "NLD", "GRC,TUR")),
        ("Japan sent a letter to Peru saying that it must extradite the former leader.",
         ("REQUEST", "JPN", "PER")),
        ("Ukraine must be allowed to sell its grain, the Polish president said.",
         ("REQUEST", "POL", "UKR")),
        # a failure to agree is a refusal
        ("Serbia and Kosovo failed to reach agreement on the border after two days of talks.",
         ("REJECT", "SRB,XKX", "")),
        ("Greece did not agree to the Turkish proposal.", ("REJECT", "GRC", "TUR")),
        # an intent bound to "unless" is a threat
        ("Kenya announced it will withdraw its peacekeepers from Somalia unless the fighting "
         "stops.", ("THREATEN", "KEN", "SOM")),
    ],
)  # fmt: skip
def test_coded(pipeline: Pipeline, sentence: str, expected: Dyad) -> None:
    assert expected in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We must defend our borders, the Estonian defence minister said.",
        "Norway must do more to cut its emissions.",
        "Brazil said it must raise interest rates again.",
    ],
)
def test_no_demand(pipeline: Pipeline, sentence: str) -> None:
    assert not any(d[0] == "REQUEST" for d in dyads(pipeline, sentence))


def test_plain_intent_stays_a_promise(pipeline: Pipeline) -> None:
    found = dyads(pipeline, "Kenya announced it will withdraw its peacekeepers from Somalia.")
    assert not any(d[0] == "THREATEN" for d in found)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an investigation is into the agent of the deed, not its victims
        ("Spain is investigating alleged abuses by Moroccan police against migrants.",
         ("ACCUSE", "ESP", "MAR")),
        ("Kenya launched an inquiry into killings by Somali militants against Ethiopian "
         "traders.", ("ACCUSE", "KEN", "SOM")),
        # a passive agent set off after a long complement
        ("The former minister has been accused of taking bribes worth millions of dollars "
         "from foreign companies, by current Kenyan officials.", ("ACCUSE", "KEN", "")),
    ],
)  # fmt: skip
def test_roles(pipeline: Pipeline, sentence: str, expected: Dyad) -> None:
    assert expected in dyads(pipeline, sentence)


def test_object_of_first_verb_is_no_subject(pipeline: Pipeline) -> None:
    found = dyads(
        pipeline, "A car bomb near the town of Kirkuk killed one British soldier and wounded "
        "three others."
    )  # fmt: skip
    assert not any(d[0] == "ASSAULT" and d[1] == "GBR" for d in found)
