from __future__ import annotations

import pytest

from dyads.model import Actor, Mention, Place
from dyads.nlp.places import Gazetteer, default_gazetteer, event_location, find_place


def _places(text: str) -> list[tuple[str, str | None, str]]:
    return [(p.name, p.country, text[p.start : p.end]) for p in find_place(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers met in Naples.", [("Naples", "ITA", "Naples")]),
        ("Talks were held at Camp David.", [("Camp David", "USA", "Camp David")]),
        ("Shelling near Kharkiv went on.", [("Kharkiv", "UKR", "Kharkiv")]),
        ("Troops massed in the city of Odesa.", [("Odesa", "UKR", "Odesa")]),
        ("Troops massed in the port city of Odessa.", [("Odesa", "UKR", "Odessa")]),
        ("A blast in the Ukrainian capital Kyiv.", [("Kyiv", "UKR", "Kyiv")]),
        ("Drones struck in Russian-occupied Crimea.", [("Crimea", "UKR", "Crimea")]),
        ("Ships were hit in the Red Sea.", [("Red Sea", None, "Red Sea")]),
        ("Protests erupted in the United States.", [("United States", "USA", "United States")]),
        ("Fighting raged in Ukraine's east.", [("Ukraine", "UKR", "Ukraine")]),
        ("He spoke in Washington.", [("Washington", "USA", "Washington")]),
        ("The summit in The Hague ended.", [("The Hague", "NLD", "The Hague")]),
        ("Rockets fell in North Korea's waters.", [("North Korea", "PRK", "North Korea")]),
        ("In Moscow, officials met.", [("Moscow", "RUS", "Moscow")]),
        ("They met in Rome and in Paris.", [("Rome", "ITA", "Rome"), ("Paris", "FRA", "Paris")]),
        # "neighbouring", "nearby" before the name, as a direction is
        ("Fighting spread to villages in neighboring Zabul.", [("Zabul", "AFG", "Zabul")]),
        ("A bridge collapsed in nearby Ordu.", [("Ordu", "TUR", "Ordu")]),
        # "the" before a direction word, and "on the edge of"
        ("Tanks rolled in the southern Negev desert.", [("Negev", "ISR", "Negev")]),
        ("A mine exploded in the western Kandahar countryside.", [("Kandahār", "AFG", "Kandahar")]),
        ("Police set up roadblocks on the edge of Kisumu.", [("Kisumu", "KEN", "Kisumu")]),
    ],
)
def test_find_place(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in March.",  # a month, though March is a town
        "Crowds gathered in Independence Square.",
        "It was reported in the Washington Post.",
        "Russia is interested in Korea.",  # "Korea" alone is neither North nor South
        "Moscow said it would respond.",  # no locative: an actor, not a place
        "They met in private.",
    ],
)
def test_no_place(text: str) -> None:
    assert _places(text) == []


def test_place_fields() -> None:
    (naples,) = find_place("in Naples", 0, 9)
    assert isinstance(naples, Place)
    assert naples.geonames_id == 3172394
    assert naples.lat is not None and naples.lon is not None
    assert abs(naples.lat - 40.85) < 0.1 and abs(naples.lon - 14.27) < 0.1


def test_country_has_no_point() -> None:
    (ukraine,) = find_place("in Ukraine", 0, 10)
    assert (ukraine.country, ukraine.lat, ukraine.lon) == ("UKR", None, None)
    assert ukraine.geonames_id is not None


def test_us_city_has_state() -> None:
    entry = Gazetteer.default().lookup("Chicago")
    assert entry is not None and (entry.country, entry.admin1) == ("USA", "Illinois")


def test_offsets_are_absolute() -> None:
    text = "Headline.\nThe envoys met in Doha on Monday."
    start = text.index("The envoys")
    (doha,) = find_place(text, start, len(text))
    assert text[doha.start : doha.end] == "Doha"


def _location(sentence: str, trigger: str, actors: tuple[str, ...] = ()) -> str | None:
    t_start = sentence.index(trigger)
    spans = [(sentence.index(a), sentence.index(a) + len(a)) for a in actors]
    place = event_location(sentence, 0, len(sentence), t_start, t_start + len(trigger), spans)
    return place.name if place else None


@pytest.mark.parametrize(
    ("sentence", "trigger", "location"),
    [
        ("The leaders met in Naples on Friday.", "met", "Naples"),
        ("Russian forces shelled positions near Bakhmut.", "shelled", "Bakhmut"),
        ("After their meeting in Rome, the ministers condemned the strikes.", "condemned", "Rome"),
        ("In Kyiv, the president thanked Germany for its help.", "thanked", "Kyiv"),
        ("Talks in Doha between the two sides stalled.", "Talks", "Doha"),
        ("China condemned Russia's war in Ukraine.", "condemned", None),
        ("The ministers criticised the invasion, which began in Crimea.", "criticised", None),
        ("Iran supplied drones that were used in Ukraine.", "supplied", None),
        ("The president praised the army.", "praised", None),
    ],
)
def test_event_location(sentence: str, trigger: str, location: str | None) -> None:
    assert _location(sentence, trigger) == location


def test_actor_mention_is_no_location() -> None:
    sentence = "Sanctions imposed in Washington hit Moscow."
    assert _location(sentence, "imposed") == "Washington"
    assert _location(sentence, "imposed", actors=("Washington",)) is None


def _with_mention(sentence: str, trigger: str, mention_text: str) -> Place | None:
    start = sentence.index(mention_text)
    mention = Mention(Actor("X", "X", mention_text), start, start + len(mention_text), 0)
    t_start = sentence.index(trigger)
    return event_location(
        sentence, 0, len(sentence), t_start, t_start + len(trigger), mentions=[mention]
    )


def test_article_mentions_block_only_longer_names() -> None:
    sentence = "Russia waged its war in Ukraine."
    place = _with_mention(sentence, "war", "Ukraine")
    assert place is not None and place.country == "UKR"
    sentence = "Bishops met in Moscow Patriarchate offices."
    assert _with_mention(sentence, "met", "Moscow Patriarchate") is None
    assert default_gazetteer() is Gazetteer.default()


def test_country_after_at_is_no_scene() -> None:
    assert _location("The G7 expressed concern at China's support.", "expressed") is None
    assert _location("The envoys met at Camp David.", "met") == "Camp David"


def test_trigger_attachment_beats_meeting_noun() -> None:
    sentence = "After their meeting in Rome, they said Russia keeps up military actions in Ukraine."
    assert _location(sentence, "military actions") == "Ukraine"
    assert _location(sentence, "said") == "Rome"


def test_default_gazetteer_loads_once() -> None:
    Gazetteer.default.cache_clear()
    gazetteer = Gazetteer.default()
    assert Gazetteer.default() is gazetteer
    assert len(gazetteer.entries) > 30_000


def test_docstring_examples() -> None:
    import doctest

    from dyads.nlp import places

    assert doctest.testmod(places).failed == 0
