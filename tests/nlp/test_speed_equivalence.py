"""The fast paths of the extractor give exactly what the plain forms they replace give."""

from __future__ import annotations

import re

from dyads.events.clauses import View, make_view, segment
from dyads.nlp import dates, outlets
from dyads.nlp.places import Gazetteer, first_locative, has_locative, place_hits
from dyads.nlp.speakers import according_phrases, lexicon, speech_verbs
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


def _fold_variants(word: str) -> list[str]:
    """``word`` with its first letter in every form IGNORECASE takes for it."""
    first = re.compile(re.escape(word[0]), re.IGNORECASE)
    return [chr(c) + word[1:] for c in range(0x2000) if first.fullmatch(chr(c))]


def test_date_regex_with_first_characters_matches_every_form() -> None:
    plain = re.compile("|".join(dates._DATE_FORMS))
    leads = (
        "in since during until by from of for early late mid last next this past yesterday "
        "today tonight tomorrow earlier later a an one two five ten twelve"
    )
    samples = [
        "2024-10-20", "March 5, 2024", "5th of March 2024", "March 5", "5 March", "March 2024",
        "in March", "early in mid-June", "in 2023", "since late 1999", "last Tuesday",
        "Tuesday", "yesterday", "last night", "this morning", "tomorrow", "3 weeks ago",
        "two months ago", "earlier this year", "next weekend", "Sept. 9", "Oct 2021",
    ]  # fmt: skip
    variants = [v for lead in leads.split() for v in _fold_variants(lead)]
    texts = [
        *TEXTS,
        " ".join(samples),
        " ".join(f"{v} March, {v} 2020, {v} Friday, {v} week" for v in variants),
        " ".join(f"{v} days ago, {v} years ago" for v in variants),
    ]
    for text in texts:
        got = [(m.span(), m.lastgroup, m.groupdict()) for m in dates._DATE_RE.finditer(text)]
        want = [(m.span(), m.lastgroup, m.groupdict()) for m in plain.finditer(text)]
        assert got == want
        assert got or text in TEXTS  # the built texts hold date expressions


def _matches_without(fast: re.Pattern[str], lookahead: str, texts: list[str]) -> None:
    """``fast`` finds what it finds without ``lookahead`` (its first-letter guard)."""
    assert lookahead in fast.pattern
    plain = re.compile(fast.pattern.replace(lookahead, "", 1), fast.flags)
    for text in texts:
        for start in range(0, len(text), 13):
            assert [m.span() for m in fast.finditer(text, start)] == [
                m.span() for m in plain.finditer(text, start)
            ]


def test_first_letter_guards_change_no_match() -> None:
    future = "will shall won't next upcoming is are to plans planned"
    hints = "yesterday today tonight tomorrow last next this past ago"
    according = "according as"
    built = [
        " ".join(f"{v} due to be held, {v}'ll {v} set to {v} reported by" for v in variants)
        for words in (future, hints, according)
        for variants in [[v for w in words.split() for v in _fold_variants(w)]]
    ]
    texts = [*TEXTS, *built, "as cited by officials, According to the UN; 2024 and Mon."]
    _matches_without(dates._FUTURE_RE, r"(?=[ainpstuwAINPSTUW\u0130\u0131\u017f])", texts)
    _matches_without(dates._HINT_RE, r"(?=[alnptyALNPTY])", texts)
    _matches_without(lexicon().according, "(?=[aA])", texts)


def test_outlet_hint_before_and_around_the_first_cue() -> None:
    hint = outlets._OUTLET_HINT
    texts = [
        *TEXTS,
        "Talks stalled. Kyiv said on Monday, as reported by Caliber.Az, that it would wait.",
        "No cue here. Nor here; but the agency wrote it, citing officials, as  reported.",
    ]
    for text in texts:
        first = hint.search(text)
        if first is None:
            continue
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1):
                found = hint.search(text, a, b)
                if b <= first.start():
                    assert found is None
                elif a <= first.start() and first.end() <= b:
                    assert found is not None


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


def test_place_hits_from_the_first_locative_are_those_from_the_start() -> None:
    gaz = Gazetteer.default()
    texts = [*TEXTS, "Shelling near Donetsk; in-Kyiv talks, then clashes in Aleppo and at Gaza."]
    for text in texts:
        for start in range(0, len(text), 5):
            at = first_locative(text, start, len(text))
            whole = place_hits(gaz, text, start, len(text))
            assert (at >= 0) == has_locative(text, start, len(text))
            assert (place_hits(gaz, text, at, len(text)) if at >= 0 else ()) == whole
    assert place_hits(gaz, texts[-1], 0, len(texts[-1]))  # the test text has places


def test_according_phrases_match_the_regex_on_any_window() -> None:
    according = lexicon().according
    texts = [
        *TEXTS,
        "According to police, AS REPORTED BY Reuters and as cited by the ministry, it fell.",
        "Accordıng to the army (a dotless i, which IGNORECASE folds), ſo aſ quoted by them.",
    ]
    for text in texts:
        for start in range(0, len(text), 4):
            for end in range(start, len(text) + 1, 6):
                expected = [m.span() for m in according.finditer(text, start, end)]
                assert [m.span() for m in according_phrases(text, start, end)] == expected
    assert according_phrases(texts[-1], 0, len(texts[-1]))  # the regex's folds, kept
