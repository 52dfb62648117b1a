"""Unnamed crowds, attackers and victims read from the clause (dyads.events.crowds), seen
through the whole pipeline (sentences written for these tests)."""

from __future__ import annotations

import pytest

from dyads.pipeline import extract

from .coding import coded


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Nine people were killed and 20 wounded in a car bombing near a busy market.", "bombing"),
        ("Fifteen people were killed when a roadside bomb went off near a bus.", "bomb"),
        ("Four children were wounded by a mortar round that hit a school yard.", "mortar"),
    ],
)
def test_the_unnamed_victims_of_a_weapon_of_war_are_its_target(text: str, trigger: str) -> None:
    [event] = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert trigger in event[1] and event[2] == () and event[3] == ("---",)


def test_victims_of_an_attack_only_complained_about_make_no_attack() -> None:
    text = "The ministry complained about two air raids in which 14 people were killed."
    assert [e for e in coded(text) if e[0] == "ASSAULT"] == []


def test_a_later_attack_verb_is_a_detail_of_the_first() -> None:
    text = (
        "A suicide bomber blew himself up at a checkpoint, killing four people and destroying "
        "two cars."
    )
    assert len([e for e in coded(text) if e[0] == "ASSAULT"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of teachers marched through the old centre of Madrid on Monday despite the "
        "heavy rain and strong winds to demand higher pay.",
        "Hundreds of nurses demonstrated on Friday outside the health ministry in the Ghanaian "
        "capital, Accra, for several hours to demand better wages.",
    ],
)
def test_a_marching_crowd_demands_what_it_sets_out_to_however_far_after(text: str) -> None:
    assert sorted(e[0] for e in coded(text)) == ["PROTEST", "REQUEST"]


def test_the_aim_of_a_blockade_is_no_demand_of_its_own() -> None:
    text = (
        "Hundreds of farmers blocked the main roads around the city of Lyon with their tractors "
        "for most of the day to demand lower fuel taxes."
    )
    assert [e[0] for e in coded(text)] == ["PROTEST"]


def test_a_crowds_demand_is_made_not_planned() -> None:
    doc = extract(
        "Thousands of teachers marched through Madrid on Monday in the rain to demand higher pay.",
        published="2024-05-09",
    )
    [demand] = [e for e in doc.events if e.type == "REQUEST"]
    assert not demand.hypothetical
    doc = extract("Kenyan teachers will march through Nairobi next week to demand higher pay.")
    assert all(e.hypothetical for e in doc.events if e.type == "REQUEST")


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of students marched to the parliament in Nairobi.",
        "Thousands of people defied the ban and marched through Srinagar.",
        "Angry parents marched to the school in Lagos, shouting slogans.",
    ],
)
def test_a_crowd_marching_to_a_place_or_defying_a_ban_protests(text: str) -> None:
    events = coded(text)
    assert "PROTEST" in [e[0] for e in events] and "COERCE" not in [e[0] for e in events]


def test_troops_marching_to_the_border_are_no_protest() -> None:
    assert "PROTEST" not in [e[0] for e in coded("Indian troops marched to the border.")]


@pytest.mark.parametrize(
    "text",
    [
        "The protesters' numbers in Cairo were small.",
        "Millions of Egyptians have marched through the streets of Cairo in recent months.",
    ],
)
def test_protesters_described_or_marches_summed_up_are_no_protest(text: str) -> None:
    assert "PROTEST" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        # no scene after a locative: the one state the sentence names, not the attacker's
        (
            "At least nine people were killed when Ugandan soldiers opened fire on a crowd at a "
            "Kenyan border market.",
            ("KEN",),
        ),
        (
            "At least six people were killed in a car bomb attack that rocked a Beirut suburb "
            "on Friday.",
            ("LBN",),
        ),
        # the attacker's own state names no victims' country
        ("Ugandan soldiers shot dead two men near the market.", ("---",)),
    ],
)
def test_unnamed_victims_take_the_one_other_state_named(
    text: str, victims: tuple[str, ...]
) -> None:
    [event] = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert event[3] == victims


def test_a_counted_attack_is_a_noun_only_complained_about() -> None:
    # "two air raids": a number before the trigger counts acts, so it is read as a noun
    text = "The Kenyan ministry complained about two air raids in which 14 people were killed."
    assert [e[0] for e in coded(text)] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Hundreds of Ugandan traders demonstrated near the border post, calling on Kenya to "
         "reopen the crossing.", ("KEN",)),
        ("About 300 Bolivian miners marched near the mine, urging Chile to lift the tariffs.",
         ("CHL",)),
    ],
)  # fmt: skip
def test_a_protest_is_aimed_at_whom_its_demand_addresses(
    text: str, target: tuple[str, ...]
) -> None:
    [protest] = [e for e in coded(text) if e[0] == "PROTEST"]
    assert protest[3] == target


def test_protesters_against_someone_named_are_the_source_even_unnamed() -> None:
    # "They" with no antecedent, a trigger read as a noun: the protesters are --- .
    text = "They protested against the Russian blockade of the port."
    [protest] = [e for e in coded(text) if e[0] == "PROTEST"]
    assert protest[2] == ("---",) and protest[3] == ("RUS",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare "government" after "against" is the scene's government, named by no actor
        ("Students in Harare protested against government plans to raise fees.", ("ZWE",)),
        (
            "Thousands of Kenyan teachers marched through Nairobi on Monday to protest against "
            "government pay policy.",
            ("KEN",),
        ),
        # the crowd's own "anti-government": the government, of no country without a scene
        ("Thousands of anti-government protesters marched in Lusaka on Sunday.", ("ZMB",)),
        ("Police fired tear gas at an anti-government rally, wounding three people.", ("---",)),
    ],
)
def test_a_protest_against_the_government_named_by_no_actor_aims_at_it(
    text: str, expected: tuple[str, ...]
) -> None:
    [protest] = [e for e in coded(text) if e[0] == "PROTEST"]
    assert protest[3] == expected


def test_a_government_named_by_no_protest_is_no_target() -> None:
    text = "Hundreds of nurses marched in Accra on Friday, a day after government talks failed."
    assert [e[3] for e in coded(text) if e[0] == "PROTEST"] == [()]


@pytest.mark.parametrize(
    "text",
    [
        "Speaking at the hearing, she was protesting Ugandan police brutality.",
        "While teaching in Gulu, he was also protesting the Ugandan army's abuses.",
        "At the time, she was protesting against the Zambian government's land policy.",
    ],
)
def test_one_person_protesting_something_named_is_no_protest(text: str) -> None:
    assert "PROTEST" not in [e[0] for e in coded(text)]


def test_a_crowd_protesting_something_named_is_a_protest() -> None:
    text = "Thousands of Ugandan students protested against the army's abuses in Gulu."
    assert [e[0] for e in coded(text)] == ["PROTEST"]
