"""Actor recognition on sentences written for these tests, with the built-in dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.ingest.normalise import make_article
from dyads.model import Mention
from dyads.pipeline import Pipeline


def find(pipe: Pipeline, text: str, published: str | None = "2024-06-01") -> list[Mention]:
    return pipe(make_article(text, published=published)).actors


def codes(pipe: Pipeline, text: str) -> list[tuple[str, str, str | None]]:
    doc = pipe(make_article(text, published="2024-06-01"))
    return [(doc.text[m.start : m.end], m.actor.code, m.actor.sector) for m in doc.actors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "North Korea fired a missile toward South Korea.",
            [("North Korea", "PRK", None), ("South Korea", "KOR", None)],
        ),
        ("The DPRK and the ROK exchanged fire.", [("DPRK", "PRK", None), ("ROK", "KOR", None)]),
        ("Pyongyang warned Seoul.", [("Pyongyang", "PRK", "GOV"), ("Seoul", "KOR", "GOV")]),
        ("The U.S. and the UK signed a pact.", [("U.S.", "USA", None), ("UK", "GBR", None)]),
        ("Let us go, said the US envoy.", [("US envoy", "USA", "GOV")]),
        (
            "Chinese officials met Turkish diplomats.",
            [("Chinese officials", "CHN", "GOV"), ("Turkish diplomats", "TUR", "GOV")],
        ),
        (
            "Türkiye and Turkey are the same country.",
            [("Türkiye", "TUR", None), ("Turkey", "TUR", None)],
        ),
        (
            "The Russian defence ministry said drones were shot down.",
            [("Russian defence ministry", "RUS", "MIL")],
        ),
        ("Kyiv and Kiev are two spellings.", [("Kyiv", "UKR", "GOV"), ("Kiev", "UKR", "GOV")]),
    ],
)
def test_recognises(actor_pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert codes(actor_pipeline, text) == expected


def test_never_kor_for_north_korea_and_no_bare_korea(actor_pipeline: Pipeline) -> None:
    found = codes(actor_pipeline, "North Korean troops and the Korean peninsula.")
    assert [c for _, c, _ in found] == ["PRK"]


def test_charter_is_not_the_un_acting(actor_pipeline: Pipeline) -> None:
    found = codes(actor_pipeline, "They cited the UN Charter, then the United Nations voted.")
    assert [t for t, _, _ in found] == ["United Nations"]


def test_capital_after_in_is_a_place(actor_pipeline: Pipeline) -> None:
    found = codes(actor_pipeline, "Envoys met in Moscow while Moscow denied the report.")
    assert found == [("Moscow", "RUS", "GOV")]
    assert "Moscow denied" in "Envoys met in Moscow while Moscow denied the report."


def test_georgia_the_us_state(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Voters in Atlanta, Georgia, went to the polls.") == []
    assert [c for _, c, _ in codes(actor_pipeline, "Georgia accused Russia.")] == ["GEO", "RUS"]


def test_offsets_point_into_the_text(actor_pipeline: Pipeline) -> None:
    text = "  Iran’s foreign minister met NATO officials.\n\nThe EU agreed. "
    doc = actor_pipeline(make_article(text))
    assert doc.actors
    for mention in doc.actors:
        assert doc.text[mention.start : mention.end]
        sent = doc.sentences[mention.sentence]
        assert sent.start <= mention.start < mention.end <= sent.end


def test_office_holder_resolves_by_date(actor_pipeline: Pipeline) -> None:
    now = find(actor_pipeline, "Putin spoke.", published="2024-06-01")
    assert (now[0].actor.id, now[0].actor.code, now[0].actor.sector) == (
        "PUTIN_VLADIMIR",
        "RUS",
        "GOV",
    )
    former = find(actor_pipeline, "Angela Merkel spoke.", published="2024-06-01")
    assert former[0].actor.code == "DEU" and former[0].actor.sector != "GOV"
    then = find(actor_pipeline, "Angela Merkel spoke.", published="2015-06-01")
    assert then[0].actor.sector == "GOV"


def test_title_joins_named_official(actor_pipeline: Pipeline) -> None:
    text = "Russian Foreign Minister Sergei Lavrov arrived."
    (mention,) = find(actor_pipeline, text)
    assert text[mention.start : mention.end] == "Russian Foreign Minister Sergei Lavrov"
    assert mention.actor.id == "LAVROV_SERGEI"


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "version: '1'\nkind: group\nactors:\n"
        "  - {id: BLUE_FRONT, name: Blue Front, code: NOR, sector: REB, names: [Blue Front]}\n",
        encoding="utf-8",
    )
    pipe = Pipeline(actor_files=[extra], what="actors")
    (mention,) = find(pipe, "The Blue Front seized a port.")
    assert (mention.actor.id, mention.actor.code, mention.actor.sector) == (
        "BLUE_FRONT",
        "NOR",
        "REB",
    )


def test_seed_actors_are_those_a_reader_names(actor_pipeline: Pipeline, seed_text: str) -> None:
    doc = actor_pipeline(make_article(seed_text, published="2024-10-20"))
    ids = {m.actor.id for m in doc.actors if m.actor.kind != "outlet"}
    assert ids == {"G7", "RUS", "CHN", "PRK", "IRN", "UKR", "NATO"}
    outlets = {m.actor.id for m in doc.actors if m.actor.kind == "outlet"}
    assert outlets == {"CALIBER_AZ"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A rank or religious title with an unlisted name is one actor of that sector.
        ("Lt. Gen. Adam Kowalski resigned.", [("Lt. Gen. Adam Kowalski", "---", "MIL")]),
        ("Archbishop John Okoro spoke.", [("Archbishop John Okoro", "---", "REL")]),
        # A lower-case title takes a full name only.
        (
            "The former prime minister Anna Lindqvist spoke.",
            [("prime minister Anna Lindqvist", "---", "GOV")],
        ),
        # An ethnic community is not its kin state.
        ("Ethnic Hungarians marched.", [("Hungarians", "---", "CVL")]),
        ("Ethnic Albanian rebels fought.", [("Albanian rebels", "---", "REB")]),
        # fighters named by their cause
        ("A convoy was ambushed by jihadist fighters.", [("jihadist fighters", "---", "REB")]),
        ("Separatist fighters held the road.", [("Separatist fighters", "---", "REB")]),
        # "anti-" and "pro-" compounds name a stance, not an actor.
        (
            "Anti-Iran clerics and pro-Russian crowds spoke.",
            [("clerics", "---", "REL"), ("crowds", "---", "CVL")],
        ),
        # A capital naming an institution gives its country, even after "to".
        ("Aid went to Cairo University.", [("Cairo University", "EGY", "EDU")]),
    ],
)
def test_titles_communities_and_stances(
    actor_pipeline: Pipeline, text: str, expected: list[tuple]
) -> None:
    assert codes(actor_pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An Arabic article is written in either case; every alias matches in each.
        ("Fighters of Jabhat Al-Nusra attacked.", [("Jabhat Al-Nusra", "SYR", "REB")]),
        ("Fighters of Jabhat el-Nusra attacked.", [("Jabhat el-Nusra", "SYR", "REB")]),
        # "IS" alone is never the Islamic State; "IS militants" is.
        ("IS militants attacked. It IS over.", [("IS militants", "IMG", "REB")]),
        # A product of a country is not the country acting.
        ("Soviet-made rockets hit the town.", []),
        ("Russian-built jets flew over.", []),
        # Nor is a group a state backs that state.
        ("Iran-backed rebels fought.", [("rebels", "---", "REB")]),
        # The text's own acronym for the name before it, not the dictionary's.
        ("The Palestine Liberation Army (PLA) fought.",
         [("Palestine Liberation Army", "PSE", "MIL")]),
        # A name holding no other actor keeps the dictionary's reading of its acronym.
        ("The International Labor Office (ILO) met.", [("ILO", "IGO", None)]),
        # The dictionary's acronym after its own name stays.
        ("The Israel Defense Forces (IDF) said.",
         [("Israel Defense Forces", "ISR", "MIL"), ("IDF", "ISR", "MIL")]),
    ],
)  # fmt: skip
def test_article_products_and_defined_acronyms(
    actor_pipeline: Pipeline, text: str, expected: list[tuple]
) -> None:
    assert codes(actor_pipeline, text) == expected


def test_fighters_stand_alone_ministers_do_not(actor_pipeline: Pipeline) -> None:
    # Soldiers and troops are an actor of unknown country on their own; other military words
    # need a country ("defence ministers", "forces" which is also a verb).
    assert codes(actor_pipeline, "Ten soldiers were killed.") == [("soldiers", "---", "MIL")]
    assert codes(actor_pipeline, "The defence ministers met.") == []
    assert codes(actor_pipeline, "It forces a choice.") == []
    # A government side's aircraft: "pro-regime" is no stance of a state named after it.
    assert codes(actor_pipeline, "Pro-regime jets struck.") == [("Pro-regime jets", "---", "MIL")]


def test_the_government_stands_alone_as_a_noun_not_as_a_modifier(actor_pipeline: Pipeline) -> None:
    # "the government" acting or acted on is a government of unknown country; before a noun
    # ("the government plan") it is a modifier and names no actor.
    gov = [("government", "---", "GOV")]
    assert codes(actor_pipeline, "The government arrested him.") == gov
    assert codes(actor_pipeline, "They marched against the government's budget.") == gov
    assert codes(actor_pipeline, "It blamed the government.") == gov
    assert codes(actor_pipeline, "The government plan was dropped.") == []
    assert codes(actor_pipeline, "Authorities closed the port.") == [("Authorities", "---", "GOV")]


def test_one_policeman_or_soldier_stands_alone_a_description_does_not(
    actor_pipeline: Pipeline,
) -> None:
    assert codes(actor_pipeline, "A policeman was shot dead.") == [("policeman", "---", "COP")]
    assert codes(actor_pipeline, "One soldier died.") == [("soldier", "---", "MIL")]
    assert codes(actor_pipeline, "Omar, a policeman, spoke.") == []
    assert codes(actor_pipeline, "A civilian was hurt.") == []


def test_one_armed_group_or_attacker_stands_alone_after_the(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "The militia seized the bridge.") == [("militia", "---", "UAF")]
    assert codes(actor_pipeline, "Troops shot the gunman.") == [
        ("Troops", "---", "MIL"),
        ("gunman", "---", "UAF"),
    ]
    assert codes(actor_pipeline, "The terror group claimed it.") == [("terror group", "---", "REB")]
    assert codes(actor_pipeline, "An armed group looted the store.") == [
        ("armed group", "---", "UAF")
    ]
    # a word that describes the name after it, or an apposition, is no actor of its own
    assert codes(actor_pipeline, "The militant group Vostra spoke.") == []
    assert codes(actor_pipeline, "Omar, the attacker, fled.") == []
    assert codes(actor_pipeline, "The activist spoke.") == []


def test_a_states_adjective_before_a_border_is_a_place(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "They fled to the Rwandan border.") == []
    assert codes(actor_pipeline, "They met Rwandan officials.") == [
        ("Rwandan officials", "RWA", "GOV")
    ]


def test_a_states_name_before_war_names_the_war_not_the_state(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Afghanistan war veterans rallied.") == []
    assert codes(actor_pipeline, "He opposed the Korea War from the start.") == []
    assert codes(actor_pipeline, "Afghanistan warned Pakistan.") == [
        ("Afghanistan", "AFG", None),
        ("Pakistan", "PAK", None),
    ]


def test_an_armed_sides_adjective_before_an_attack_names_that_side(
    actor_pipeline: Pipeline,
) -> None:
    # A singular "militant" or "rebel" names nobody, except as the attacker of an attack noun.
    assert codes(actor_pipeline, "Militant attacks rose.") == [("Militant", "---", "REB")]
    assert codes(actor_pipeline, "A rebel ambush failed.") == [("rebel", "---", "REB")]
    assert codes(actor_pipeline, "A militant was seen.") == []
    assert codes(actor_pipeline, "The rebel leader spoke.") == []


def test_a_sector_word_before_what_a_side_holds_names_that_side(actor_pipeline: Pipeline) -> None:
    # "rebel" alone is a modifier and "jihadist" a singular: before "positions" or
    # "stronghold" they name the side that holds them.
    assert codes(actor_pipeline, "Jets hit rebel positions.") == [("rebel positions", "---", "REB")]
    assert codes(actor_pipeline, "They took the jihadist stronghold.") == [
        ("jihadist stronghold", "---", "REB")
    ]
    assert codes(actor_pipeline, "A rebel spoke.") == []


def test_a_parenthesis_describing_an_actor_names_no_actor(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Jund al-Aqsa (Syrian al-Qaeda group) attacked.") == [
        ("Jund al-Aqsa", "SYR", "REB")
    ]
    # its own acronym stays, and so does an outlet
    assert len(codes(actor_pipeline, "The Free Syrian Army (FSA) attacked.")) == 2


def test_someones_forces_and_loyalists_are_fighters(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Saleh's forces fired.") == [("forces", "---", "MIL")]
    assert codes(actor_pipeline, "The loyalists fired.") == [("loyalists", "---", "MIL")]


def test_masked_men_are_an_unidentified_armed_group(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Masked men opened fire.") == [("Masked men", "---", "UAF")]


def test_syrian_security_forces_and_rebel_groups_by_name(actor_pipeline: Pipeline) -> None:
    # The Asayish of north-east Syria; Iraqi Kurdistan's agency of that name is left unnamed.
    assert codes(actor_pipeline, "The Asayish arrested two men in Hasakah.") == [
        ("Asayish", "SYR", "COP")
    ]
    assert codes(actor_pipeline, "The Asayish in Sulaymaniyah detained him.") == []
    assert codes(actor_pipeline, "Failaq al-Rahman fighters shelled Harasta.") == [
        ("Failaq al-Rahman", "SYR", "REB")
    ]
    # "the Asad regime": the spelling some governments use for Bashar al-Assad's
    assert [c[1] for c in codes(actor_pipeline, "The Asad regime bombed Douma.")] == ["SYR"]


def test_a_surname_alone_names_the_person_named_in_full_before(actor_pipeline: Pipeline) -> None:
    text = (
        'Col. Travis Lyle said the tankers left. "It was hard," Lyle said. Later Mr Lyle '
        "flew home. Jack Lyle stayed on Lyle Street."
    )
    found = codes(actor_pipeline, text)
    assert found == [
        ("Col. Travis Lyle", "---", "MIL"),
        ("Lyle", "---", "MIL"),
        ("Mr Lyle", "---", "MIL"),
    ]
    # a dictionary person's surname takes that person's code
    text = "Defense Secretary Ash Carter met Iraqi leaders. Carter thanked them."
    assert [c[:2] for c in codes(actor_pipeline, text)][-1] == ("Carter", "USA")


def test_ranks_before_a_name_with_or_without_stops(actor_pipeline: Pipeline) -> None:
    assert codes(actor_pipeline, "Lt Gen Pavel Orlov said the jets returned.") == [
        ("Lt Gen Pavel Orlov", "---", "MIL")
    ]
    assert codes(actor_pipeline, "Staff Sgt. Dana Reyes spoke.") == [
        ("Staff Sgt. Dana Reyes", "---", "MIL")
    ]
    # a rank with no name after it joins no run: "police" stays the actor
    assert codes(actor_pipeline, "Two men were shot, said police Capt.") == [
        ("police", "---", "COP")
    ]
