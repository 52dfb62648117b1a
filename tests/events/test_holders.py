"""The holder of the place an attack falls on is its target (dyads.events.holders; codebook
6): sentences written for these tests."""

from __future__ import annotations

import pytest

from dyads import extract


def assaults(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    doc = extract(text, published="2024-05-09")
    return [
        (tuple(m.actor.code for m in e.source), tuple(m.actor.code for m in e.target))
        for e in doc.events
        if e.type == "ASSAULT"
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # a named holder after "under the control of", "held by", "from X control"
        (
            "The Iraqi Army launched a heavy attack on Sunday in the western desert of Anbar, "
            "targeting the oil wells under the control of the Islamic State.",
            "IMG",
        ),
        (
            "ISIS launched an offensive on Tuesday, targeting the town of Manbij, which is under "
            "the control of the U.S. backed Syrian Democratic Forces.",
            "SYR",
        ),
        (
            "Kenyan troops stormed Kismayo on Monday, freeing the port from al-Shabaab control.",
            "SOM",
        ),
        # a side named by a hyphenated holder word takes the sentence's country
        ("Libyan troops stormed the rebel-held town of Zawiya on Friday.", "LBY"),
        ("The Syrian army shelled three villages east of Homs held by ISIS overnight.", "IMG"),
    ],
)
def test_the_holder_of_an_attacked_place_is_the_target(text: str, target: str) -> None:
    [(_, targets)] = assaults(text)
    assert targets == (target,)


def test_an_offensive_with_no_holder_named_keeps_no_target() -> None:
    [(_, targets)] = assaults("The Iraqi Army launched an offensive on Tuesday near Ramadi.")
    assert targets == ()
