"""Sector words and named armed groups the matcher finds, on sentences written for these tests."""

from __future__ import annotations

import pytest

from dyads.ingest.normalise import make_article
from dyads.pipeline import Pipeline


def codes(pipe: Pipeline, text: str) -> list[tuple[str, str, str | None]]:
    doc = pipe(make_article(text, published="2024-06-01"))
    return [(doc.text[m.start : m.end], m.actor.code, m.actor.sector) for m in doc.actors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's paramilitary troops police its ground; paramilitaries alone are irregulars
        ("Paramilitary troops fired on the marchers.", [("Paramilitary troops", "---", "COP")]),
        (
            "Indian paramilitary soldiers cordoned off the lane.",
            [("Indian paramilitary soldiers", "IND", "COP")],
        ),
        ("The paramilitary policemen left.", [("paramilitary policemen", "---", "COP")]),
        ("The paramilitaries burned the farm.", [("paramilitaries", "---", "UAF")]),
        # a government's or regime's soldiers are its military, standing alone
        ("Four regime soldiers died near the dam.", [("regime soldiers", "---", "MIL")]),
        ("Regime troops shelled the hamlet.", [("Regime troops", "---", "MIL")]),
        ("Government soldiers took the ridge.", [("Government soldiers", "---", "MIL")]),
        # rebels' soldiers are rebels
        ("Rebel soldiers seized the bridge.", [("Rebel soldiers", "---", "REB")]),
        ("The rebel troops withdrew at dawn.", [("rebel troops", "---", "REB")]),
        # attackers named by their weapon, as "a suicide bomber" is
        ("A sniper wounded the driver.", [("sniper", "---", "UAF")]),
        ("Two car bombers hit the depot.", [("car bombers", "---", "UAF")]),
    ],
)
def test_sector_words(actor_pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert codes(actor_pipeline, text) == expected
