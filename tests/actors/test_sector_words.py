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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Southern Front units shelled a post near Nawa.", [("Southern Front", "SYR", "REB")]),
        (
            "Nour al-Din al-Zenki raided a clinic.",
            [("Nour al-Din al-Zenki", "SYR", "REB")],
        ),
        ("Jaish al-Izza shelled a checkpoint.", [("Jaish al-Izza", "SYR", "REB")]),
        ("The Hamza Division entered the village.", [("Hamza Division", "SYR", "REB")]),
        ("The Sultan Murad Brigade withdrew.", [("Sultan Murad Brigade", "SYR", "REB")]),
        ("The First Coastal Division struck a post.", [("First Coastal Division", "SYR", "REB")]),
        (
            "Suqour al-Sham and Liwa al-Tawhid clashed.",
            [("Suqour al-Sham", "SYR", "REB"), ("Liwa al-Tawhid", "SYR", "REB")],
        ),
        (
            "Jaish Khalid ibn al-Walid held the valley.",
            [("Jaish Khalid ibn al-Walid", "SYR", "REB")],
        ),
        ("Jaish Al-Islam fired rockets.", [("Jaish Al-Islam", "SYR", "REB")]),
        # the United Islamic Front: the seated government's army against the Taliban
        ("The Northern Alliance took Taloqan.", [("Northern Alliance", "AFG", "MIL")]),
    ],
)
def test_named_armed_groups(actor_pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert codes(actor_pipeline, text) == expected


def test_a_state_armys_southern_front_is_no_syrian_faction(actor_pipeline: Pipeline) -> None:
    text = "Ukrainian brigades held the Southern Front through the winter."
    assert all(code != "SYR" for _, code, _ in codes(actor_pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Republican Guard shelled a suburb of Homs.", [("Republican Guard", "SYR", "MIL")]),
        ("Tiger Forces units stormed the hamlet.", [("Tiger Forces", "SYR", "MIL")]),
        ("Shabiha beat the old man.", [("Shabiha", "SYR", "UAF")]),
        ("The CRPF fired pellets in Baramulla.", [("CRPF", "IND", "COP")]),
        ("The Assam Rifles detained two cadres.", [("Assam Rifles", "IND", "COP")]),
        ("The Sindh Rangers raided a warehouse.", [("Sindh Rangers", "PAK", "MIL")]),
        ("The Frontier Corps cordoned off the bazaar.", [("Frontier Corps", "PAK", "MIL")]),
        (
            "The People's Armed Police sealed the monastery.",
            [("People's Armed Police", "CHN", "COP")],
        ),
    ],
)
def test_named_state_forces(actor_pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert codes(actor_pipeline, text) == expected


def test_iraqs_republican_guard_is_not_syrias(actor_pipeline: Pipeline) -> None:
    text = "The Republican Guard dug in south of Baghdad."
    assert all(code != "SYR" for _, code, _ in codes(actor_pipeline, text))


def test_the_syrian_town_of_duma_is_no_parliament(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Rockets hit the town of Duma at dawn.") == []
    assert codes(actor_pipeline, "Two boys died in Duma on Friday.") == []
    assert codes(actor_pipeline, "The Duma approved the budget.") == [("Duma", "RUS", "LEG")]


def test_an_armed_oppositions_forces_are_rebels(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Libyan opposition forces entered the port.") == [
        ("Libyan opposition forces", "LBY", "REB")
    ]
    assert codes(actor_pipeline, "Opposition fighters ambushed a convoy.") == [
        ("Opposition fighters", "---", "REB")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The RCD-Goma seized Pweto.", [("RCD-Goma", "COD", "REB")]),
        ("The RCD fought the MLC near Isiro.", [("RCD", "COD", "REB"), ("MLC", "COD", "REB")]),
        ("CNDP units shelled Rutshuru.", [("CNDP", "COD", "REB")]),
        ("AFDL columns marched on Kisangani.", [("AFDL", "COD", "REB")]),
        ("Mayi-Mayi fighters burned the depot.", [("Mayi-Mayi", "COD", "UAF")]),
    ],
)
def test_armed_movements_of_the_congo_wars(
    actor_pipeline: Pipeline, text: str, expected: list[tuple]
) -> None:
    assert codes(actor_pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the last word of a run names the sector; an armed movement's leader is no government
        (
            "Separatist leader Oleg Varin was detained.",
            [("Separatist leader Oleg Varin", "---", "REB")],
        ),
        (
            "Guerrilla commander Oleg Varin surrendered.",
            [("Guerrilla commander Oleg Varin", "---", "REB")],
        ),
        ("Militia leader Oleg Varin was shot.", [("Militia leader Oleg Varin", "---", "UAF")]),
        ("Union leader Oleg Varin was arrested.", [("Union leader Oleg Varin", "---", "LAB")]),
        ("Protest leaders met the mayor.", [("Protest leaders", "---", "OPP")]),
    ],
)
def test_leaders_of_non_state_sectors(
    actor_pipeline: Pipeline, text: str, expected: list[tuple]
) -> None:
    assert codes(actor_pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Raiders killed nine persons.", [("persons", "---", "CVL")]),
        (
            "The blast wounded six shoppers and two bystanders.",
            [("shoppers", "---", "CVL"), ("bystanders", "---", "CVL")],
        ),
        # people no one identifies, who attack, are no civilians
        ("Unidentified persons torched the kiosk.", [("Unidentified persons", "---", "UAF")]),
    ],
)
def test_people_an_attack_kills(actor_pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert codes(actor_pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a community's or a level's word between a state and its sector noun keeps them joined
        (
            "Iraqi Kurdish security forces detained a driver.",
            [("Iraqi Kurdish security forces", "IRQ", "COP")],
        ),
        ("Lebanese Shiite militants fired mortars.", [("Lebanese Shiite militants", "LBN", "REB")]),
        ("Afghan local police opened fire.", [("Afghan local police", "AFG", "COP")]),
    ],
)
def test_community_words_between_a_state_and_its_sector(
    actor_pipeline: Pipeline, text: str, expected: list[tuple]
) -> None:
    assert codes(actor_pipeline, text) == expected


def test_us_papers_and_agencies_are_outlets(actor_pipeline: Pipeline) -> None:
    doc = actor_pipeline(
        make_article("The mayor told the Chicago Tribune and UPI that he would resign.")
    )
    found = [(doc.text[m.start : m.end], m.actor.code, m.actor.kind) for m in doc.actors]
    assert found == [("Chicago Tribune", "USA", "outlet"), ("UPI", "USA", "outlet")]


def test_a_states_communities_named_with_it(actor_pipeline: Pipeline) -> None:
    # "Kosovo Albanian", "Turkish Cypriot" (as "Bosnian Serb") name the state they live in
    assert codes(actor_pipeline, "Kosovo Albanian rebels ambushed a van.") == [
        ("Kosovo Albanian rebels", "XKX", "REB")
    ]
    assert codes(actor_pipeline, "Turkish Cypriot police detained him.") == [
        ("Turkish Cypriot police", "CYP", "COP")
    ]
