"""The people of the place an attack is set in are its unnamed victims (codebook 1.4), when the
place is named by a division of a larger one ("in X LGA of Y State"); sentences and small
place names written for these tests."""

from __future__ import annotations

import pytest

from dyads.pipeline import extract


def targets(text: str) -> list[tuple[str, tuple[str, ...]]]:
    doc = extract(text, published="2024-05-09")
    return [(e.type, tuple(m.actor.code for m in e.target)) for e in doc.events]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen stormed Dabiri village in Kolbari LGA of Zamfara State, killing nine.", "NGA"),
        ("Gunmen shot dead two traders outside a mosque in Velmora area of Karachi.", "PAK"),
        ("A man was killed by gunmen in the Salem district in southern Daraa.", "SYR"),
    ],
)
def test_victims_take_the_country_of_the_larger_place(text: str, country: str) -> None:
    assert ("ASSAULT", (country,)) in targets(text)


def test_an_unknown_place_of_a_state_adjective_is_in_that_state() -> None:
    doc = extract("American jets bombed fuel depots in the northern Malian region of Dorkassa.")
    place = doc.events[0].location
    assert place is not None and (place.name, place.country) == ("Dorkassa", "MLI")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # Zara is also Zadar's (Croatia) Italian name, Rawa one of Rawa Mazowiecka (Poland)
        (
            "Rebel fighters killed 30 villagers at Zara on Sunday, a monitor in Damascus said.",
            "SYR",
        ),
        ("Gunmen killed 12 farmers near Rawa on Friday, the army in Baghdad said.", "IRQ"),
        ("Insurgents in Syria shot dead four shepherds near Zara.", "SYR"),
    ],
)
def test_victims_at_a_foreign_named_town_take_the_country_the_article_names(
    text: str, country: str
) -> None:
    assert [t for t in targets(text) if t[0] == "ASSAULT"] == [("ASSAULT", (country,))]
