"""The extractor's fast paths (round 3) give exactly what the plain forms they replace give."""

from __future__ import annotations

import random
import re

from dyads.events import modality
from dyads.events.clauses import _clause_spans
from dyads.events.engine import code_sentence
from dyads.events.matching import PatternSet, _follows, _match, _precedes
from dyads.events.patterns import Match, load_patterns
from dyads.events.roles import make_view
from dyads.events.salience import background_nominal, prominence, told_as_background
from dyads.model import Actor, Mention
from dyads.nlp import places
from dyads.nlp.tokens import Tokens, tokenize

TEXTS = [
    "Russia shelled Kharkiv on Monday, killing 12 people, officials in Kyiv said.",
    "The ministers agreed to resume talks in Geneva and called on Iran to halt enrichment.",
    "Protesters rallied outside the embassy in Ankara, while police fired tear gas at them.",
    "Since the invasion, the EU has imposed sanctions on Moscow; it did not lift them.",
    "China and the United States pledged to cooperate, although neither signed a deal.",
    "He denied that the army had attacked civilians near Gaza, a spokesman told reporters.",
    "Whether talks resume is unclear. If Israel withdraws, Hamas will release the hostages.",
    "ISTANBUL talks ıf İf ſo ſince Sanctions were eased, but the US warned it could act.",
    "North Korea fired missiles east of its coast, off the coast of Japan, close to Tokyo.",
    "The UN condemned the attack, which killed dozens, and demanded an end to the fighting.",
]


def _patterns() -> PatternSet:
    return PatternSet(load_patterns())


_PS = _patterns()


def _plain_find(ps: PatternSet, tokens: Tokens) -> list[Match]:
    """Every phrase of every indexed anchor tried with the general matcher, then the same
    longest-first, non-overlapping choice as ``PatternSet.find``."""
    found: list[Match] = []
    for i, lemma in enumerate(tokens.lemmas):
        candidates = list(ps._index.get(lemma, []))
        if tokens.lower[i] != lemma:
            candidates += ps._index.get(tokens.lower[i], [])
        for pattern, phrase, _needs, _simple in candidates:
            end = _match(phrase, 0, tokens, i)
            if end > i:
                found.append(Match(pattern, i, end))
    found.sort(key=lambda m: (m.start - m.end, m.start))
    taken: list[Match] = []
    used: set[int] = set()
    for m in found:
        if any(i in used for i in range(m.start, m.end)):
            continue
        used.update(range(m.start, m.end))
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def _pattern_texts() -> list[str]:
    """Sentences built from the patterns' own phrases, so every anchor is exercised."""
    rng = random.Random(3)
    words = [w for p in _PS.patterns for phrase in p.phrases for w in phrase.split()]
    plain = [w.strip("?=()").split("|")[0] for w in words if w not in {"*", "+"}]
    return [" ".join(rng.choice(plain) for _ in range(12)) for _ in range(300)]


def test_find_equals_trying_every_phrase() -> None:
    for text in TEXTS + _pattern_texts():
        tokens = tokenize(text, lemmatizer=_PS.lemmatizer)
        got = [(m.pattern.id, m.start, m.end) for m in _PS.find(tokens)]
        want = [(m.pattern.id, m.start, m.end) for m in _plain_find(_PS, tokens)]
        assert got == want, text


def test_phrase_conditions_equal_the_plain_tests() -> None:
    words = frozenset({"for comment", "a", "in  the", "of the way", "b"})
    lower = ["x", "for", "comment", "a", "in", "the", "of", "the", "way", "b", "for"]

    def plain_precedes(end: int) -> bool:
        if end >= len(lower):
            return False
        return lower[end] in words or any(
            " " in w and lower[end : end + w.count(" ") + 1] == w.split() for w in words
        )

    def plain_follows(start: int) -> bool:
        if start == 0:
            return False
        return lower[start - 1] in words or any(
            " " in w and lower[max(0, start - w.count(" ") - 1) : start] == w.split() for w in words
        )

    for i in range(len(lower) + 1):
        assert _precedes(lower, i, words) == plain_precedes(i)
        assert _follows(lower, i, words) == plain_follows(i)


def _plain_spans(boundary: list[bool]) -> list[tuple[int, int]]:
    n, out = len(boundary), []
    for i in range(n + 1):
        start, end = i, i
        while start > 0 and not boundary[start - 1]:
            start -= 1
        while end < n and not boundary[end]:
            end += 1
        out.append((start, end))
    return out


def test_clause_spans_equal_the_scan() -> None:
    rng = random.Random(5)
    for n in range(12):
        for _ in range(40):
            boundary = [rng.random() < 0.3 for _ in range(n)]
            assert _clause_spans(boundary) == _plain_spans(boundary)


def _without_lookahead(pattern: re.Pattern[str], lookahead: str) -> re.Pattern[str]:
    assert lookahead in pattern.pattern
    return re.compile(pattern.pattern.replace(lookahead, "", 1), pattern.flags)


def _fold_variants(words: list[str]) -> list[str]:
    """Each word with its first letter in every form IGNORECASE takes for it."""
    out = []
    for word in words:
        first = re.compile(re.escape(word[0]), re.IGNORECASE)
        for code in range(0x2000):
            if first.fullmatch(chr(code)):
                out += [chr(code) + word[1:], chr(code) + word[1:].upper()]
    return out


def test_boundary_regex_with_first_letters_matches_the_plain_one() -> None:
    fast = modality._BOUNDARY
    plain = _without_lookahead(fast, r"(?=[abiostuwyABIOSTUWY\u0130\u0131\u017f])")
    words = "and but or while whereas although though because since which who whom whose "
    words += "where when that after before until as yet so if unless whether"
    texts = [*TEXTS, " ".join(_fold_variants(words.split())), "x, y; (z) “q” s-o so-called"]
    for text in texts:
        for start in range(0, len(text), 11):
            got = [(m.span(), m.group("keep")) for m in fast.finditer(text, start)]
            want = [(m.span(), m.group("keep")) for m in plain.finditer(text, start)]
            assert got == want


def test_locative_regex_with_first_letters_matches_the_plain_one() -> None:
    fast = places._LOCATIVE
    plain = _without_lookahead(fast, r"(?=[aceinostwACEINOSTW\u0130\u0131\u017f])")
    preps = "in at near outside inside around across throughout over within north south east "
    preps += "west northeast northwest southeast southwest on off close"
    texts = [*TEXTS] + [
        f"{p} of Kyiv, {p} the city of Lviv, {p} to Odesa, {p} the outskirts of Kherson"
        for p in _fold_variants(preps.split())
    ]
    for text in texts:
        got = [(m.span(), m.span("name")) for m in fast.finditer(text)]
        want = [(m.span(), m.span("name")) for m in plain.finditer(text)]
        assert got == want


def _plain_cues(
    index: modality._Index, text: str, start: int, end: int
) -> list[tuple[str, int, int]]:
    toks = list(modality._CUE_TOKEN.finditer(text, start, end))
    words = [t.group().lower().replace("’", "'") for t in toks]
    found, i = [], 0
    while i < len(words):
        step = 1
        for phrase, kind in index.get(words[i], ()):
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                if kind:
                    found.append((kind, toks[i].start(), toks[i + n - 1].end()))
                step = n
                break
        i += step
    return found


def test_cue_matching_equals_the_token_scan() -> None:
    lex = modality.modality_lexicon()
    texts = [
        *TEXTS,
        "Iran allegedly didn’t supply drones and reportedly won't stop; it may not agree.",
        "Officials did not deny it, could not confirm and never said they wouldn't talk.",
    ]
    for text in texts:
        for start in range(0, len(text), 5):
            for end in range(start, len(text) + 1, 9):
                for index in (lex.cues, lex.after_negation, lex.after_hypothetical):
                    got = modality._match_cues(index, text, start, end)
                    assert got == _plain_cues(index, text, start, end)


def _mentions(text: str) -> list[Mention]:
    names = ["Russia", "Kharkiv", "Kyiv", "Iran", "EU", "Moscow", "China", "United States",
             "Israel", "Hamas", "UN", "Geneva", "Ankara", "Japan", "US"]  # fmt: skip
    found = []
    for name in names:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            actor = Actor(id=name.upper(), code=name[:3].upper(), name=name)
            found.append(Mention(actor, m.start(), m.end(), 0))
    return sorted(found, key=lambda m: m.start)


def test_prominence_with_known_background_equals_computing_it() -> None:
    for text in TEXTS:
        tokens = tokenize(text, lemmatizer=_PS.lemmatizer)
        view = make_view(tokens, _mentions(text), text)
        for draft in code_sentence(_PS, view):
            known = (
                background_nominal(view, draft.match.start),
                told_as_background(draft, view),
            )
            assert prominence(draft, view, known=known) == prominence(draft, view)
