"""The fast paths of the extractor give exactly what the plain forms they replace give."""

from __future__ import annotations

import re

from dyads.events.clauses import View, make_view, segment
from dyads.nlp import dates
from dyads.nlp.memo import per_text
from dyads.nlp.speakers import lexicon, speech_verbs
from dyads.nlp.tokens import tokenize

TEXTS = [
    "Ministers said on Tuesday that talks, which began in May 2023, had stalled.",
    "The UN reported it; officials told reporters they were reassessing, a spokesman said.",
    "Kyiv's mayor-said x said-y unsaid says\nsaid: the ministry's statement reads well.",
    "On 5 March 2024 and March 5 the council met; next Friday, three weeks ago, tomorrow.",
    "Since 1999 he has said nothing (in early June) — Tuesday’s talks, last week, 2024-10-20.",
]


def test_speech_verbs_match_the_alternation_on_any_window() -> None:
    speech = lexicon().speech
    for text in TEXTS:
        for start in range(0, len(text), 7):
            for end in range(start, len(text) + 1, 5):
                expected = [(m.start(), m.end()) for m in speech.finditer(text, start, end)]
                assert [(m.start(), m.end()) for m in speech_verbs(text, start, end)] == expected


def test_date_regex_with_shared_prefix_matches_the_plain_alternation() -> None:
    plain = re.compile("|".join(dates._DATE_FORMS))
    for text in TEXTS:
        for start in range(0, len(text), 3):
            got = [(m.start(), m.end(), m.lastgroup) for m in dates._DATE_RE.finditer(text, start)]
            want = [(m.start(), m.end(), m.lastgroup) for m in plain.finditer(text, start)]
            assert got == want


def _plain_segment(view: View, i: int) -> tuple[int, int]:
    start, end, n = i, i, len(view.boundary)
    while start > 0 and not view.boundary[start - 1]:
        start -= 1
    while end < n and not view.boundary[end]:
        end += 1
    return start, end


def test_precomputed_clauses_equal_the_scan() -> None:
    for text in TEXTS:
        view = make_view(tokenize(text), [], text)
        for i in range(len(view.boundary) + 1):
            assert segment(view, i) == _plain_segment(view, i)


def test_per_text_forgets_the_previous_article() -> None:
    calls: list[tuple[str, int]] = []

    @per_text
    def length_from(text: str, start: int) -> int:
        calls.append((text, start))
        return len(text) - start

    assert length_from("abcd", 1) == 3
    assert length_from("abcd", 1) == 3
    assert length_from("xy", 1) == 1
    assert length_from("abcd", 1) == 3
    assert calls == [("abcd", 1), ("xy", 1), ("abcd", 1)]
