"""Trigger matching: compiled patterns indexed by the lemmas that begin them, and the
conditions a match must meet (``unless_prev``, ``unless_next``, ``requires``).

The pattern language and the pattern files are :mod:`dyads.events.patterns`; this module is
the hot path of the ``rules.triggers/1`` stage, run over every sentence's tokens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from dyads.events.patterns import (
    _GAP_STOP,
    GAP_MAX,
    Element,
    Match,
    Pattern,
    _Entry,
    light_verbs,
    load_patterns,
    patterns_fingerprint,
)
from dyads.nlp import datacache, lexicon
from dyads.nlp.tokens import Lemmatizer, Tokens

REQUIRES_WINDOW = 8


def keep_match(match: Match, tokens: Tokens) -> bool:
    """Apply a pattern's ``unless_prev``, ``unless_next``, ``requires`` and ``unless_near``
    conditions."""
    pattern = match.pattern
    lower, lemmas = tokens.lower, tokens.lemmas
    if pattern.unless_prev and _follows(lower, match.start, pattern.unless_prev):
        return False
    if pattern.unless_next and _precedes(lower, match.end, pattern.unless_next):
        return False
    if pattern.requires or pattern.unless_near:
        lo = max(0, match.start - REQUIRES_WINDOW)
        hi = min(len(lower), match.end + REQUIRES_WINDOW)
        requires = pattern.requires
        if requires and requires.isdisjoint(lemmas[lo:hi]) and requires.isdisjoint(lower[lo:hi]):
            return False
        near = pattern.unless_near
        if near and not (near.isdisjoint(lemmas[lo:hi]) and near.isdisjoint(lower[lo:hi])):
            return False
    return True


@cache
def _phrases(words: frozenset[str]) -> tuple[tuple[int, list[str]], ...]:
    """The phrases among ``words``: (tokens a phrase spans, its words), found once per set."""
    return tuple((w.count(" ") + 1, w.split()) for w in words if " " in w)


def _precedes(lower: list[str], end: int, words: frozenset[str]) -> bool:
    """One of ``words`` (a word or a phrase: "for comment") begins at token ``end``."""
    if end >= len(lower):
        return False
    if lower[end] in words:
        return True
    return any(lower[end : end + n] == split for n, split in _phrases(words))


def _follows(lower: list[str], start: int, words: frozenset[str]) -> bool:
    """One of ``words`` (a word or a phrase) ends right before token ``start``."""
    if start == 0:
        return False
    if lower[start - 1] in words:
        return True
    return any(lower[max(0, start - n) : start] == split for n, split in _phrases(words))


class PatternSet:
    """Compiled patterns, indexed by the lemmas that can begin them."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = list(patterns)
        # Light verbs hand their subject to a nominal trigger ("announced a suspension of
        # aid"), so their inflections must lemmatise too.
        vocabulary: set[str] = set(light_verbs())
        for pattern in self.patterns:
            vocabulary |= pattern.requires
            for phrase in pattern.compiled:
                for element in phrase:
                    if not element.exact:
                        vocabulary |= element.words
        self.lemmatizer = Lemmatizer(vocabulary)
        self.patterns = [
            replace(p, requires=frozenset(self.lemmatizer(w) for w in p.requires) | p.requires)
            for p in self.patterns
        ]
        self._index: dict[str, list[_Entry]] = {}
        for pattern in self.patterns:
            for raw_phrase in pattern.compiled:
                phrase = tuple(self._normalise(e) for e in raw_phrase)
                # Words every match needs beyond its anchor: a phrase whose later words are
                # not in the sentence at all is skipped without trying it (most candidates).
                needs = tuple(e.words for e in phrase[1:] if not (e.gap or e.optional))
                simple = not any(e.gap or e.optional for e in phrase)
                entry = (pattern, phrase, needs, simple)
                for word in self._first_words(phrase):
                    self._index.setdefault(word, []).append(entry)
        # An anchor all of whose phrases need a later word: the words any of them needs next.
        # Without one of these in the sentence, the anchor has no chance (a set test).
        self._next_words: dict[str, frozenset[str]] = {
            word: frozenset().union(*(needs[0] for _, _, needs, _ in entries))
            for word, entries in self._index.items()
            if all(needs for _, _, needs, _ in entries)
        }

    def to_plain(self) -> dict[str, Any]:
        """The compiled set as plain data (:mod:`dyads.nlp.datacache` keeps it): elements
        once each, patterns and index entries pointing at them by number."""
        elements: dict[Element, int] = {}

        def ids(phrase: tuple[Element, ...]) -> tuple[int, ...]:
            return tuple(elements.setdefault(e, len(elements)) for e in phrase)

        number = {id(p): n for n, p in enumerate(self.patterns)}
        patterns = [
            tuple(
                tuple(map(ids, p.compiled)) if f == "compiled" else getattr(p, f) for f in _FIELDS
            )
            for p in self.patterns
        ]
        index = {
            word: [(number[id(p)], ids(phrase), simple) for p, phrase, _, simple in entries]
            for word, entries in self._index.items()
        }
        return {
            "elements": [(e.words, e.optional, e.exact, e.gap) for e in elements],
            "patterns": patterns,
            "index": index,
            "next": self._next_words,
            "lemmas": self.lemmatizer.table,
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> PatternSet:
        elements = [Element(*e) for e in plain["elements"]]

        def phrase(ids: tuple[int, ...]) -> tuple[Element, ...]:
            return tuple(elements[i] for i in ids)

        patterns = []
        for values in plain["patterns"]:
            fields = dict(zip(_FIELDS, values, strict=True))
            fields["compiled"] = tuple(map(phrase, fields["compiled"]))
            patterns.append(Pattern(**fields))
        built = cls.__new__(cls)
        built.patterns = patterns
        built.lemmatizer = Lemmatizer.from_table(plain["lemmas"])
        built._index = {}
        for word, entries in plain["index"].items():
            rows = built._index[word] = []
            for n, ids, simple in entries:
                words = phrase(ids)
                needs = tuple(e.words for e in words[1:] if not (e.gap or e.optional))
                rows.append((patterns[n], words, needs, simple))
        built._next_words = plain["next"]
        return built

    def _normalise(self, element: Element) -> Element:
        if element.exact or element.gap:
            return element
        return Element(
            frozenset(self.lemmatizer(w) for w in element.words), optional=element.optional
        )

    @staticmethod
    def _first_words(phrase: tuple[Element, ...]) -> set[str]:
        words: set[str] = set()
        for element in phrase:
            words |= element.words
            if not element.optional:
                break
        return words

    def find(self, tokens: Tokens, keep: Callable[[Match], bool] | None = None) -> list[Match]:
        """Every non-overlapping match in ``tokens``, longest first, in text order. ``keep``
        screens matches before overlaps are settled, so a vetoed long match ("welcome" as a
        visit) leaves its words to a shorter one ("welcome" as praise)."""
        found: list[Match] = []
        index = self._index
        lemmas, lower = tokens.lemmas, tokens.lower
        n = len(lemmas)
        present = set(lemmas)
        present.update(lower)
        next_words = self._next_words
        anchors = {  # the words that begin a phrase that may match, found in one step
            w
            for w in index.keys() & present
            if w not in next_words or not present.isdisjoint(next_words[w])
        }
        for i, lemma in enumerate(lemmas if anchors else ()):
            word = lower[i]
            if lemma in anchors:
                candidates = index[lemma]
                if word != lemma and word in anchors:
                    candidates = candidates + index[word]
            elif word != lemma and word in anchors:
                candidates = index[word]
            else:
                continue
            for pattern, phrase, needs, simple in candidates:
                # The first need settles most candidates, without a generator.
                if needs and (
                    present.isdisjoint(needs[0])
                    or (len(needs) > 1 and any(present.isdisjoint(w) for w in needs[1:]))
                ):
                    continue
                if simple:  # no gap, nothing optional: one word per element
                    end = i + len(phrase)
                    if end > n:
                        continue
                    k = i
                    for element in phrase:
                        word = lower[k] if element.exact else lemmas[k]
                        if word not in element.words:
                            break
                        k += 1
                    else:
                        found.append(Match(pattern, i, end))
                    continue
                end = _match(phrase, 0, tokens, i)
                if end > i:
                    found.append(Match(pattern, i, end))
        if keep is not None:
            found = [m for m in found if keep(m)]
        if len(found) < 2:
            return found
        found.sort(key=lambda m: (m.start - m.end, m.start))
        taken: list[Match] = []
        used: set[int] = set()
        for match in found:
            span = range(match.start, match.end)
            if any(i in used for i in span):
                continue
            used.update(span)
            taken.append(match)
        taken.sort(key=lambda m: m.start)
        return taken


_FIELDS = tuple(f.name for f in dataclasses.fields(Pattern))


def load_pattern_set(extra: Sequence[Path] = ()) -> PatternSet:
    """The packaged and the user's patterns, compiled. Compiling them was a fifth of a
    one-sentence `dyads extract`, so the compiled set is kept in the user's data cache, keyed
    by every pattern and lexicon file and by the code that compiles them."""
    key = datacache.fingerprint(patterns_fingerprint(extra), _compiler_fingerprint())
    plain = datacache.load_or_build(
        "patternset", key, lambda: PatternSet(load_patterns(extra)).to_plain()
    )
    return PatternSet.from_plain(plain)


@cache
def _compiler_fingerprint() -> str:
    """The lexicon files (lemmas, light verbs) and the modules that turn patterns into a
    set: a change to any of them compiles the set anew."""
    from dyads.events import patterns
    from dyads.nlp import tokens

    parts = [Path(m.__file__ or "").read_bytes() for m in (patterns, tokens)]
    parts.append(Path(__file__).read_bytes())
    return datacache.fingerprint(lexicon.fingerprint(), *parts)


def _match(phrase: tuple[Element, ...], j: int, tokens: Tokens, i: int) -> int:
    """End token index of the longest match of ``phrase[j:]`` at token ``i``, or -1."""
    if j == len(phrase):
        return i
    element = phrase[j]
    n = len(tokens.lemmas)
    if element.gap:
        best = _match(phrase, j + 1, tokens, i) if element.optional else -1
        k = i
        while k < n and k - i < GAP_MAX and tokens.lower[k] not in _GAP_STOP:
            k += 1
            best = max(best, _match(phrase, j + 1, tokens, k))
        return best
    best = -1
    if i < n:
        word = tokens.lower[i] if element.exact else tokens.lemmas[i]
        if word in element.words:
            best = _match(phrase, j + 1, tokens, i + 1)
    if element.optional:
        best = max(best, _match(phrase, j + 1, tokens, i))
    return best
