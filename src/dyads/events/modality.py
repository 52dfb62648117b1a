"""Modality of an event: hedged, negated (denied) or hypothetical, from cue words near it.

Scope, without a parser: the words before the trigger in its own clause (back to the last
comma, semicolon, conjunction or relative pronoun, and at most eight words), so "from where
Russia allegedly receives" is hedged and "did not attack" negated, while in "attacked Kyiv
and did not stop" the negation stays with "stop". Three rules reach further:

- denials and a few hedges reach across "that": "Iran denied that it supplied" is negated,
  with ``denial`` set so the coder can add the REJECT the denial expresses;
- a nominal trigger followed by an auxiliary: "talks were not held", "a summit will take place";
- "to" + verb after a non-factive verb is not (yet) an event: "agreed to supply" is
  hypothetical, "continued to supply" is not.

The cue words live in ``data/lexicon/modality.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice

from dyads.errors import DataError
from dyads.nlp import lexicon, yamlfast

__all__ = ["Cue", "Modality", "modality", "modality_lexicon"]

KINDS = ("hedge", "negation", "denial", "hypothetical")


@dataclass(frozen=True, slots=True)
class Cue:
    """A modality cue word at ``[start, end)`` of the article text."""

    kind: str  # "hedge" | "negation" | "denial" | "hypothetical"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Modality:
    hedged: bool = False
    negated: bool = False
    hypothetical: bool = False
    denial: bool = False  # negated by a denial: the denier's REJECT is an event too
    cues: tuple[Cue, ...] = ()

    @property
    def denial_cue(self) -> Cue | None:
        return next((c for c in self.cues if c.kind == "denial"), None)


_PLAIN = Modality()

# Words, with "n't" split off its verb ("didn't" -> "did", "n't") as the cue lists write it.
_CUE_TOKEN = re.compile(r"[\w-]+?(?=n['’]t\b)|n['’]t\b|['’][a-z]+\b|[\w-]+", re.IGNORECASE)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower().replace("’", "'") for m in _CUE_TOKEN.finditer(phrase))


# First word -> (phrase words, kind), longest phrase first; kind "" marks a not-cue.
_Index = dict[str, list[tuple[tuple[str, ...], str]]]


def _index(phrases: dict[str, str]) -> _Index:
    index: _Index = {}
    for phrase, kind in phrases.items():
        words = _words(phrase)
        index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    return index


def _cue_words(text: str, start: int, end: int) -> list[str]:
    words = [w.lower() for w in _CUE_TOKEN.findall(text, start, end)]
    if text.find("’", start, end) >= 0:
        words = [w.replace("’", "'") for w in words]
    return words


def _match_cues(
    index: _Index, text: str, start: int, end: int, words: list[str] | None = None
) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every cue phrase in ``text[start:end]``, longest match first.
    ``words``: the window's :func:`_cue_words`, when the caller has them already."""
    if words is None:
        words = _cue_words(text, start, end)
    if index.keys().isdisjoint(words):  # most windows: no word opens a cue
        return []
    toks: list[re.Match[str]] | None = None  # offsets only for the cues found
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        step = 1
        for phrase, kind in index.get(words[i], ()):
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                if kind:
                    if toks is None:
                        toks = list(_CUE_TOKEN.finditer(text, start, end))
                    found.append((kind, toks[i].start(), toks[i + n - 1].end()))
                step = n
                break
        i += step
    return found


@dataclass(frozen=True, slots=True)
class _Lexicon:
    cues: _Index
    kinds: dict[str, str]  # normalised phrase -> kind ("" for a not-cue)
    across_that: _Index
    after_negation: _Index
    after_hypothetical: _Index
    factive: frozenset[str]


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split())


@cache
def modality_lexicon() -> _Lexicon:
    """The cue lists of ``modality.yaml``, validated and compiled once."""
    where = "data/lexicon/modality.yaml"
    raw = resources.files("dyads.data.lexicon").joinpath("modality.yaml").read_text("utf-8")
    data = yamlfast.safe_load(raw)
    if not isinstance(data, dict):
        raise DataError(where, "expected a mapping of cue lists")
    after = data.get("after_trigger")
    if not isinstance(after, dict):
        raise DataError(where, "'after_trigger' must map negation/hypothetical to phrases")
    lists = {k: data.get(k) for k in (*KINDS, "not_cues", "across_that", "factive_before_to")}
    lists.update({f"after_trigger.{k}": after.get(k) for k in ("negation", "hypothetical")})
    for name, words in lists.items():
        # YAML reads a bare on/no/yes as a boolean: every phrase must stay a string.
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise DataError(where, f"'{name}' must be a list of phrases (quote on/no/yes)")
    kinds: dict[str, str] = {}
    for kind in (*KINDS, "not_cues"):
        for word in data[kind]:
            kinds.setdefault(_norm(word), "" if kind == "not_cues" else kind)
    across = {p: kinds.get(_norm(p)) or "hedge" for p in data["across_that"]}
    return _Lexicon(
        cues=_index(kinds),
        kinds=kinds,
        across_that=_index(across),
        after_negation=_index({p: "negation" for p in after["negation"]}),
        after_hypothetical=_index({p: "hypothetical" for p in after["hypothetical"]}),
        factive=frozenset(w.lower() for w in data["factive_before_to"]),
    )


# Where a clause begins. "if", "unless", "whether" open the clause they mark, so the window
# starts at them (they are cues themselves); the others are left out of the window.
# The lookahead holds the first letters of the words (and "İ", "ı", "ſ", which IGNORECASE
# folds to "i" and "s"): most word starts fail it at once instead of trying every word.
_BOUNDARY = lexicon.regex("modality-boundary")
_WORD = re.compile(r"[\w’'-]+")
# Auxiliaries before a negation, with the stems "n't" leaves ("weren't" -> "weren").
_AUX = lexicon.words("modality-auxiliaries")
_MAX_WORDS = 8
_TO_BEFORE = lexicon.regex("modality-to-before")
# "ordered the newspapers to suspend publication": the order is the coercion itself (its
# complement is coded as done, with the orderer as source), not an event still to come.
_ORDER = lexicon.regex("modality-order")
_REFUSAL = lexicon.regex("modality-refusal")
_HEAD_VERBISH = lexicon.regex("modality-head-verb")
_PAIR_AFTER = lexicon.regex("modality-pair-after")


def _window_start(text: str, sentence_start: int, trigger_start: int) -> tuple[int, int]:
    """(window start, clause boundary position) before the trigger."""
    start = lo = max(sentence_start, trigger_start - 120)  # the window is short anyway
    boundary = -1
    for m in _BOUNDARY.finditer(text, lo, trigger_start):
        start = m.start() if m.group("keep") else m.end()
        boundary = m.start()
    if len(_WORD.findall(text, start, trigger_start)) > _MAX_WORDS:  # rare: offsets only then
        words = [w.start() for w in _WORD.finditer(text, start, trigger_start)]
        start = words[-_MAX_WORDS]
    return start, boundary


def modality(
    text: str,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    *,
    verbal: bool | None = None,
) -> Modality:
    """The modality of the event whose trigger is ``text[trigger_start:trigger_end]``.

    ``verbal`` says whether the trigger is a verb (True) or a noun (False); left None, the
    "to + verb" rule guesses from the word before "to".

    >>> s = "Iran denied supplying missiles to Russia."
    >>> m = modality(s, 0, len(s), s.index("supplying"), s.index(" missiles"))
    >>> m.negated, m.denial, m.hedged
    (True, True, False)
    >>> s = "Russia allegedly receives drones from Iran."
    >>> modality(s, 0, len(s), s.index("receives"), s.index(" drones")).hedged
    True
    """
    lex = modality_lexicon()
    start, boundary = _window_start(text, sentence_start, trigger_start)
    cues: list[Cue] = []
    for kind, c_start, c_end in _match_cues(lex.cues, text, start, trigger_start):
        if text.startswith("May", c_start) and c_start > sentence_start:
            continue  # the month
        cues.append(Cue(kind, c_start, c_end))

    if boundary >= 0 and text.startswith("that", boundary):
        # "denied that it supplied": the cue governs the clause after "that".
        # The cue may be followed by up to two words: "denied reports that".
        before = [
            w.start() for w in _WORD.finditer(text, max(sentence_start, boundary - 80), boundary)
        ]
        if before:
            lo = before[max(0, len(before) - 5)]
            across = _match_cues(lex.across_that, text, lo, boundary)
            if across:
                kind, c_start, c_end = across[-1]
                if len(_WORD.findall(text, c_end, boundary)) <= 2:
                    cues.append(Cue(kind, c_start, c_end))

    # After the trigger, up to its clause's end and five words: "talks were not held"; a
    # noun may name its pair and its agent first ("a visit by X to Y is planned for May").
    pair = _PAIR_AFTER.match(text, trigger_end) if verbal is not True else None
    tail_from = pair.end() if pair else trigger_end
    stop = _BOUNDARY.search(text, tail_from, min(sentence_end, tail_from + 60))
    tail_end = stop.start() if stop else min(sentence_end, tail_from + 60)
    reach = 5 if verbal else 10
    tail = [w.end() for w in islice(_WORD.finditer(text, tail_from, tail_end), reach)]
    if tail:
        tail_end = tail[-1]
        words = _cue_words(text, trigger_end, tail_end)
        after = _match_cues(lex.after_negation, text, trigger_end, tail_end, words)
        for kind, c_start, c_end in after:
            prev = _WORD.findall(text, max(trigger_end, c_start - 12), c_start)
            if text.startswith("never", c_start) or (prev and prev[-1].lower() in _AUX):
                cues.append(Cue(kind, c_start, c_end))
                break
        hyp = _match_cues(lex.after_hypothetical, text, trigger_end, tail_end, words)
        if hyp:
            cues.append(Cue(*hyp[0]))

    if verbal is not False and text.find("to", start, trigger_start) >= 0:  # a cheap test
        inf = _TO_BEFORE.search(text, start, trigger_start)
        if inf is not None:
            head = inf.group("head").lower()
            verbish = verbal is True or _HEAD_VERBISH.search(head) is not None
            covered = any(c.start <= inf.start("head") < c.end for c in cues)
            ordered = _ORDER.search(text, start, inf.start("head")) is not None
            if verbish and head not in lex.factive and not covered and not ordered:
                to = inf.end("head") + 1
                cues.append(Cue("hypothetical", to, to + 2))

    refusal = _REFUSAL.search(text, start, trigger_start)
    if refusal is not None:  # "cannot accept more refugees": a refusal, as "will not" is
        cues.append(Cue("hypothetical", refusal.start(), refusal.end()))
    if not cues:
        return _PLAIN  # most events: no cue (a frozen value, so one object serves all)
    kinds = {c.kind for c in cues}
    return Modality(
        hedged="hedge" in kinds,
        negated=bool(kinds & {"negation", "denial"}),
        hypothetical="hypothetical" in kinds,
        denial="denial" in kinds,
        cues=tuple(sorted(cues, key=lambda c: c.start)),
    )
