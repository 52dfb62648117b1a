"""A place tied to the larger one it lies in ("X LGA of Y State", "the X district in central
Y"): the larger place gives the country when the smaller is unknown or lies elsewhere
(``place-parent`` of data/lexicon/regexes.yaml; sentences and small names written for these
tests)."""

from __future__ import annotations

import pytest

from dyads.nlp.places import find_place


def _places(text: str) -> list[tuple[str | None, str]]:
    return [(p.country, text[p.start : p.end]) for p in find_place(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unknown local division "of" a known state or province
        ("Gunmen raided a market in Kolbari LGA of Zamfara State.", [("NGA", "Zamfara State")]),
        ("Herders clashed in Wuse Local Government Area of Niger State.", [("NGA", "Niger State")]),
        ("A bomb went off in Tarnak District of Kunduz Province.", [("AFG", "Kunduz Province")]),
        # a lower-case division word between the unknown name and its city
        ("A trader was shot outside his shop in Velmora area of Karachi.", [("PAK", "Karachi")]),
        ("Shells fell on homes in the Qarmesh district of Aleppo.", [("SYR", "Aleppo")]),
        # a known name of another country: the district lies in the named province
        ("Shells fell in the Salem district in southern Daraa.", [("SYR", "Daraa")]),
        ("Armed men stopped a car in the Salem area near Kunduz city.", [("AFG", "Kunduz")]),
    ],
)
def test_the_larger_place_gives_the_country(text: str, expected: list[tuple[str, str]]) -> None:
    assert _places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the name is the more precise place of the same country
        ("Drones struck targets in Mosul city of Nineveh province.", [("IRQ", "Mosul")]),
        # no division word: "in" ties no place to another
        ("They met in Kabul in the spring.", [("AFG", "Kabul")]),
        ("Rebels gathered in Goma near Rwanda.", [("COD", "Goma"), ("RWA", "Rwanda")]),
    ],
)
def test_the_named_place_stays(text: str, expected: list[tuple[str, str]]) -> None:
    assert _places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unknown place a state's adjective or a known place qualifies
        ("Jets struck depots in the southern Iraqi province of Zubaira.", [("IRQ", "Zubaira")]),
        ("Nine died in the South Sudanese town of Malekor.", [("SSD", "Malekor")]),
        ("A man was shot in the western Harare township of Kelvore.", [("ZWE", "Harare")]),
        ("Troops were deployed in the northeastern Indian state of Assam.", [("IND", "Assam")]),
        # the end of a longer capitalised run is no place: "Plains" is a town in Georgia, US
        ("Rebels drove through the Al-Tarfa Plains town of Kharbeh.", []),
    ],
)
def test_a_qualified_unknown_place(text: str, expected: list[tuple[str, str]]) -> None:
    assert _places(text) == expected
