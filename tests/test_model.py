"""The model's objects as the Python API hands them out (issue 16, item 6)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dyads.model import Actor, Article, Mention, Place
from dyads.pipeline import Pipeline, extract


def test_a_found_mention_has_its_text_and_a_dict_without_the_article() -> None:
    doc = extract("Kenya and Uganda signed a trade pact.")
    assert [m.text for m in doc.actors] == ["Kenya", "Uganda"]
    for mention in doc.actors:
        assert mention.to_dict() == mention.to_dict(doc.text)
        assert mention.to_dict()["text"] == doc.text[mention.start : mention.end]


def test_event_mentions_carry_their_text(pipeline: Pipeline) -> None:
    doc = pipeline(
        Article(id="n1", text="Norway condemned Chile on Monday.", published="2024-03-04")
    )
    (event,) = doc.events
    assert [m.text for m in event.source] == ["Norway"]
    assert event.to_dict(doc.text)["target"][0]["text"] == "Chile"


def test_text_takes_no_part_in_equality() -> None:
    actor = Actor("FJI", "FJI", "Fiji")
    assert Mention(actor, 0, 4, 0, "Fiji") == Mention(actor, 0, 4, 0)


def test_a_mention_without_text_says_what_to_pass() -> None:
    bare = Mention(Actor("FJI", "FJI", "Fiji"), 0, 4, 0)
    assert bare.to_dict("Fiji voted.")["text"] == "Fiji"
    with pytest.raises(ValueError, match="pass the article text"):
        bare.to_dict()


def test_place_resolved_is_replace_of_resolved_by() -> None:
    place = Place("Kyiv", "UKR", 3, 7, "Kyiv City", 50.45, 30.52, 703448)
    for how in ("locative", "article"):
        assert place.resolved(how) == replace(place, resolved_by=how)
    assert place.resolved_by is None  # a new record; the place itself is unchanged
