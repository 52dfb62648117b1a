"""Where an event happened beyond its clause's locative (issue #16, place resolution): each
step of :func:`dyads.nlp.scene.fallback_place`, through the real pipeline, and that no place
is invented when the text names none."""

from __future__ import annotations

import pytest

from dyads.nlp.places import Gazetteer, find_place
from dyads.nlp.scene import RESOLVED_BY, capital_of, find_dateline, named_places
from dyads.pipeline import extract


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _where(text: str) -> list[tuple[str, str | None, str | None, str | None, str]]:
    """(type, place, country, resolved_by, the place's words) of each event."""
    found = []
    for event in extract(text, published="2021-03-09").events:
        place = event.location
        if place is None:
            found.append((event.type, None, None, None, ""))
        else:
            words = text[place.start : place.end]
            found.append((event.type, place.name, place.country, place.resolved_by, words))
    return found


@pytest.mark.parametrize(
    ("text", "place", "country", "how", "words"),
    [
        # 0. the locative of the trigger's clause, as before
        (
            "Russian forces shelled a bus depot near Mariupol.",
            "Mariupol",
            "UKR",
            "locative",
            "Mariupol",
        ),
        # 1. another locative of the sentence, here the speaker's
        (
            "Officials in Kharkiv said Russian forces shelled a school.",
            "Kharkiv",
            "UKR",
            "locative",
            "Kharkiv",
        ),
        # 2. a city the sentence names without a preposition
        (
            "Russian artillery pounded Kherson overnight, the governor said.",
            "Kherson",
            "UKR",
            "sentence",
            "Kherson",
        ),
        # 3. "in the capital" of the country the sentence names
        (
            "Kenyan police fired tear gas at protesters in the capital.",
            "Nairobi",
            "KEN",
            "capital",
            "the capital",
        ),
        (
            "Police fired tear gas at protesters in the capital, Kenyan officials said.",
            "Nairobi",
            "KEN",
            "capital",
            "the capital",
        ),
        # 4. the dateline, in capitals with a region and an outlet, or bare
        (
            "NAIROBI, Kenya (AP) - Police fired tear gas at students on Tuesday.",
            "Nairobi",
            "KEN",
            "dateline",
            "NAIROBI",
        ),
        ("ABUJA — Gunmen ambushed a convoy on the highway.", "Abuja", "NGA", "dateline", "ABUJA"),
    ],
)
def test_each_step_resolves_and_says_how(
    text: str, place: str, country: str, how: str, words: str
) -> None:
    found = _where(text)
    assert found, text
    assert found[0] == (found[0][0], place, country, how, words)
    assert how in RESOLVED_BY


def test_article_main_place_from_other_sentences() -> None:
    text = (
        "Rebels ambushed an army convoy near Goma on Monday. The governor said troops were sent."
        " Rebels ambushed a second convoy at dawn."
    )
    found = _where(text)
    assert [f[1:4] for f in found if f[0] == "ASSAULT"] == [
        ("Goma", "COD", "locative"),
        ("Goma", "COD", "article"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Russia condemned Ukraine.",  # countries as actors: no scene
        "China criticised the war in Ukraine.",  # the war's place, and the sentence is all
        "Rebels ambushed an army convoy at dawn. The army said it repelled the rebels.",
    ],
)
def test_no_place_is_invented(text: str) -> None:
    found = _where(text)
    assert found, text
    assert {f[1] for f in found} == {None}


def test_dateline_needs_capitals_or_an_outlet(gaz: Gazetteer) -> None:
    assert find_dateline(gaz, "Kyiv - a city at war.") is None
    place = find_dateline(gaz, "Kyiv (Reuters) - Drones struck the port.")
    assert place is not None and (place.name, place.country) == ("Kyiv", "UKR")
    place = find_dateline(gaz, "DAR ES SALAAM, Tanzania - Voters queued.")
    assert place is not None and place.country == "TZA"


def test_dateline_region_must_agree(gaz: Gazetteer) -> None:
    # Paris, Texas is not the Paris the gazetteer means: no dateline rather than France
    assert find_dateline(gaz, "PARIS, Texas (AP) - Voters queued.") is None
    place = find_dateline(gaz, "PARIS, France (AP) - Voters queued.")
    assert place is not None and place.country == "FRA"


def test_named_places_are_whole_names(gaz: Gazetteer) -> None:
    text = "Vladimir Putin met the Washington Post editor; Cameron flew over Donetsk and Hit."
    assert [p.name for p in named_places(gaz, text, 0, len(text))] == ["Donetsk"]


def test_capital_of(gaz: Gazetteer) -> None:
    entry = capital_of(gaz, "KEN")
    assert entry is not None and entry.name == "Nairobi"
    assert capital_of(gaz, "XXX") is None


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Clashes broke out in Bethlehem.", "Bethlehem", "PSE"),  # not Belém
        ("Talks were held in Islamabad.", "Islamabad", "PAK"),  # not Chattogram
        ("Fighting raged in the Nablus Governorate.", "Nablus", "PSE"),  # a city, then a division
        ("Fighting raged in the Aleppo Governorate.", "Aleppo Governorate", "SYR"),  # a division
        ("Crowds gathered in Baghdad's Sadr City.", "Baghdad", "IRQ"),
        ("A car bomb exploded in central Baquba.", "Baqubah", "IRQ"),  # a direction word
        ("Troops advanced in western Mosul.", "Mosul", "IRQ"),
    ],
)
def test_gazetteer_choices(text: str, name: str, country: str) -> None:
    assert [(p.name, p.country) for p in find_place(text, 0, len(text))] == [(name, country)]


def test_part_of_a_longer_name_is_no_place() -> None:
    assert find_place("Militants fought near Tal Dakwah.", 0, 33) == []


def test_resolved_by_is_in_the_record() -> None:
    text = "BEIRUT - Gunmen attacked a checkpoint."
    doc = extract(text, published="2021-03-09")
    assert doc.events
    record = doc.events[0].to_dict(doc.text)
    assert record["location"]["resolved_by"] == "dateline"
    assert record["location"]["text"] == "BEIRUT"


def test_main_place_counts_other_sentences_whatever_the_order_asked() -> None:
    from dyads.nlp.layers import Layers
    from dyads.nlp.sentences import split_sentences

    text = "Rebels struck near Goma. Troops fought in Bukavu. Shelling went on in Bukavu."
    sentences = split_sentences(text)

    def main(order: list[int]) -> list[str | None]:
        scene = Layers(text, sentences).scene
        assert scene is not None
        names = {i: getattr(scene.main_place(i), "name", None) for i in order}
        return [names[i] for i in range(len(sentences))]

    # each sentence's answer leaves its own places out: asked in any order, the same answers
    assert main([0, 1, 2]) == ["Bukavu", "Goma", "Goma"]
    assert main([2, 0, 1, 0]) == main([0, 1, 2])
