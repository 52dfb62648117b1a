"""Whether a trigger is read as a verb or a noun (dyads.events.reading), on sentences
written for these tests."""

from __future__ import annotations

import pytest

from dyads.events.matching import PatternSet
from dyads.events.patterns import load_patterns
from dyads.events.reading import is_verbal
from dyads.events.roles import make_view
from dyads.nlp.tokens import tokenize

_PS = PatternSet(load_patterns())


def readings(text: str) -> dict[str, bool]:
    tokens = tokenize(text, lemmatizer=_PS.lemmatizer)
    view = make_view(tokens, [], text)
    return {tokens.lower[m.start]: is_verbal(m, view) for m in _PS.find(tokens)}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Clashes were reported between the two militias near Sirte.", "clashes"),
        ("Attacks have continued across the province.", "attacks"),
        ("Retaking the hill was a turning point, the colonel said.", "retaking"),
    ],
)
def test_a_trigger_before_an_auxiliary_is_its_subject_a_noun(text: str, trigger: str) -> None:
    assert readings(text)[trigger] is False


def test_a_trigger_after_its_subject_stays_a_verb() -> None:
    assert readings("The militias clash near Sirte every week.")["clash"] is True
