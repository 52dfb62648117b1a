"""Acts with no political actor named on either side (dyads.events.crime), through the
whole pipeline (sentences written for these tests)."""

from __future__ import annotations

import pytest

from dyads.pipeline import extract

from .coding import coded


def types(text: str) -> list[str]:
    return [e.type for e in extract(text, published="2024-05-09").events]


@pytest.mark.parametrize(
    "text",
    [
        "A well-known poet was shot dead outside a cafe in downtown Sofia.",
        "The men were arrested near a Turkish army base in Kilis.",
        # a body found: no agent, only the place after it
        "Four men were found shot to death in the Peruvian capital.",
    ],
)
def test_a_passive_killing_or_arrest_of_no_actor_with_no_agent_is_no_event(text: str) -> None:
    assert types(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The acting chief of Kenya's national police was shot dead outside his home in Nairobi.",
        "Three Indian soldiers were shot dead in Kashmir.",
        "At least 15 people were killed in a series of attacks in Iraq on Saturday.",
        "Two ISIS militants were arrested in Turkey.",
        # "on" after the verb is a date or a charge, not "hold on": still an arrest
        "A Ugandan opposition leader was arrested on Tuesday.",
        "Police detained two Burundian journalists on charges of espionage.",
    ],
)
def test_an_actor_among_the_victims_or_an_attack_beside_them_keeps_the_event(text: str) -> None:
    assert len(types(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "In the southern town of Kalmar, a barracks housing 40 Swedish soldiers was destroyed "
        "by fire.",
        "A bushfire destroys dozens of homes near Perth and spreads into the hills, forcing "
        "hundreds of residents to flee.",
    ],
)
def test_damage_a_fire_or_a_disaster_causes_is_no_event(text: str) -> None:
    assert types(text) == []


def test_damage_an_actor_causes_is_kept() -> None:
    assert types("Russian troops destroyed dozens of homes near Kherson.") == ["ASSAULT"]
    text = "Russian shelling destroyed dozens of homes, forcing hundreds of residents to flee."
    assert "COERCE" in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police in Pune booked two men for attempt to murder after a brawl outside a bar.",
        "Delhi police registered an offence of attempt to murder against two unidentified men.",
    ],
)
def test_a_crime_named_as_a_police_charge_is_an_accusation(text: str) -> None:
    assert types(text) == ["ACCUSE"]


@pytest.mark.parametrize(
    "text",
    [
        "Mahmoud Farid was captured in Jordan on Sunday.",
        "She was detained in Tunisia last week.",
        "Ortiz was arrested at a roadblock in Bolivia on Tuesday.",
    ],
)
def test_a_person_a_passive_arrest_names_is_an_unidentified_detainee(text: str) -> None:
    # codebook 1.4: a named but unidentified detainee is ``---``, not the place's country
    assert [(e[0], e[2], e[3]) for e in coded(text)] == [("COERCE", (), ("---",))]


@pytest.mark.parametrize(
    "text", ["It was captured on camera by a passer-by.", "The moment was captured on video."]
)
def test_a_thing_captured_is_no_detainee(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between two clans over grazing land left 14 people dead in central Somalia.",
        "Communal clashes in a village of Plateau State in Nigeria killed nine people on Sunday.",
        "At least 30 people were killed in Kenya in violence sparked by cattle rustling.",
    ],
)
def test_fighting_among_clans_or_communities_with_no_attacker_is_no_event(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked villagers in a clan stronghold in Ituri, killing 12.",
        "An air strike killed 12 people in a communal shelter in Idlib, Syria.",
    ],
)
def test_an_attacker_or_a_weapon_of_war_keeps_an_attack_on_a_community(text: str) -> None:
    assert [e[0] for e in coded(text)] == ["ASSAULT"]
