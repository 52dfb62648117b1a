"""Taking a named place is fighting, whatever words stand near the verb; a picture of a place
or goods seized in it are not (dyads.events.ground; sentences written for these tests)."""

from __future__ import annotations

import pytest

from .coding import coded


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The Taliban captured Kunduz after a week of fighting.", "captured"),
        ("Islamic State militants seized Palmyra in May.", "seized"),
        ("M23 rebels seized Bukavu on Sunday.", "seized"),
        ("Government troops recaptured Ramadi from the militants.", "recaptured"),
        (
            "Taliban fighters captured the northern Herat and Badghis provinces last month.",
            "captured",
        ),
    ],
)
def test_a_known_place_taken_is_an_assault(text: str, trigger: str) -> None:
    assert [(e[0], e[1]) for e in coded(text) if e[1] == trigger] == [("ASSAULT", trigger)]


@pytest.mark.parametrize(
    "text", ["The film captured Paris in the 1920s.", "The photographer captured Kabul at dawn."]
)
def test_a_place_captured_in_a_picture_is_no_event(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Police seized weapons in Goma on Monday.",
        "Ugandan troops captured Joseph Okello near Gulu.",
    ],
)
def test_goods_or_a_man_taken_stay_coerce(text: str) -> None:
    assert [e[0] for e in coded(text)] == ["COERCE"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Government troops captured the country's third largest city on Friday.", "ASSAULT"),
        ("Nigerian soldiers captured the group's most wanted commander in Borno.", "COERCE"),
    ],
)
def test_what_a_possessor_after_the_capture_leads_to_decides_its_type(text: str, kind: str) -> None:
    assert [e[0] for e in coded(text)] == [kind]
