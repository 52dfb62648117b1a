"""The tolerant reader of model answers."""

from __future__ import annotations

import pytest

from dyads.events.llm.parse import AnswerError, parse_answer


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ('{"events": [{"type": "AID"}]}', None),
        ('```json\n{"events": [{"type": "AID"}]}\n```\nHope this helps!', "repaired"),
        ('Here you go: {"events": [{"type": "AID"}]} and that is all.', "repaired"),
        ("{'events': [{'type': 'AID'}]}", "repaired"),
    ],
)
def test_wrapped_and_quoted_answers_are_read(text: str, how: str | None) -> None:
    assert parse_answer(text) == ({"events": [{"type": "AID"}]}, how)


def test_python_literals_and_apostrophes() -> None:
    value, _ = parse_answer("{'a': True, 'b': None, 'c': 'Côte d\\'Ivoire', 'd': \"it's\"}")
    assert value == {"a": True, "b": None, "c": "Côte d'Ivoire", "d": "it's"}


@pytest.mark.parametrize(
    "cut",
    ['{"events": [{"type": "AID"}, {"type": "ASS', '{"events": [{"type": "AID"}, {"type"',
     '{"events": [{"type": "AID"},', '{"events": [{"type": "AID"}'],
)  # fmt: skip
def test_a_truncated_answer_keeps_what_is_complete(cut: str) -> None:
    assert parse_answer(cut) == ({"events": [{"type": "AID"}]}, "truncated")


@pytest.mark.parametrize("text", ["", "no JSON at all", '{"events": [{"type"', "```\n```"])
def test_nothing_readable_is_an_answer_error(text: str) -> None:
    with pytest.raises(AnswerError):
        parse_answer(text)
