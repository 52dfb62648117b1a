"""A small city's foreign name in an article on another country (dyads.nlp.elsewhere)."""

from __future__ import annotations

import pytest

from dyads.nlp.places import find_place


def _place_of(text: str, name: str) -> tuple[str | None, float | None]:
    found = [p for p in find_place(text, 0, len(text)) if text[p.start : p.end] == name]
    assert found, f"{name} not found"
    return found[0].country, found[0].lat


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # Zara is Zadar's Italian name, Rawa one of Rawa Mazowiecka, Mirpur of New Mirpur City
        ("Gunmen shot six farmers at Zara, a village in Syria's west.", "Zara", "SYR"),
        ("Militants killed four shepherds near Rawa, officials in Iraq said.", "Rawa", "IRQ"),
        ("Police beat strikers in Mirpur, a district of Dhaka, Bangladesh.", "Mirpur", "BGD"),
    ],
)
def test_foreign_name_takes_the_country_the_article_names(
    text: str, name: str, country: str
) -> None:
    found, lat = _place_of(text, name)
    assert found == country
    assert lat is None  # a place in that country, not the city's point


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Tourists were robbed in Zara, on Croatia's coast, and fled to Italy.", "Zara", "HRV"),
        ("Police arrested two men in Tikrit after troops from Britain arrived.", "Tikrit", "IRQ"),
        ("Troops shelled three villages in Poonch, Pakistan said.", "Poonch", "IND"),
        ("Crowds marched in Salonika while leaders met in France.", "Salonika", "GRC"),
        ("Rebels fired at Zara, and both Syria and Turkey protested.", "Zara", "HRV"),
    ],
)
def test_city_stands(text: str, name: str, country: str) -> None:
    # its country named; its own name ("Tikrit"); a spelling ("Poonch" of Pūnch); a large
    # city's old name; two other countries named (no one place to choose)
    assert _place_of(text, name)[0] == country


def test_afrin_spellings() -> None:
    for name in ("Afrin", "Efrin", "Afreen"):
        text = f"Artillery fire fell in the town of {name} overnight."
        assert _place_of(text, name)[0] == "SYR"


def test_either_name_of_a_two_name_city_is_its_own() -> None:
    # "Donostia / San Sebastián": an article naming only Mali does not move it
    text = "Two men were hurt in San Sebastian, weeks after a raid in Mali."
    assert _place_of(text, "San Sebastian")[0] == "ESP"
