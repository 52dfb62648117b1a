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

import yaml

from dyads.errors import DataError

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


@dataclass(frozen=True, slots=True)
class _Lexicon:
    cues: re.Pattern[str]
    kinds: dict[str, str]  # normalised phrase -> kind ("" for a not-cue)
    across_that: re.Pattern[str]
    after_negation: re.Pattern[str]
    after_hypothetical: re.Pattern[str]
    factive: frozenset[str]


def _phrase_re(phrases: list[str]) -> str:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split()).replace("'", "['’]")
        lead = "" if phrase[0] in "n'" and not phrase[:2].isalpha() else r"(?<![\w'’-])"
        parts.append(f"{lead}{body}(?![\\w-])")
    return "|".join(parts)


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split())


@cache
def modality_lexicon() -> _Lexicon:
    """The cue lists of ``modality.yaml``, validated and compiled once."""
    where = "data/lexicon/modality.yaml"
    raw = resources.files("dyads.data.lexicon").joinpath("modality.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
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
    return _Lexicon(
        cues=re.compile(_phrase_re(list(kinds)), re.IGNORECASE),
        kinds=kinds,
        across_that=re.compile(
            rf"(?P<cue>{_phrase_re(data['across_that'])})\s+(?:[\w’'-]+\s+){{0,2}}?$",
            re.IGNORECASE,
        ),
        after_negation=re.compile(
            r"^(?:\s*[\w’'-]+){0,3}?\s*(?:\b(?:is|are|was|were|has|have|had|did|does|do|will"
            r"|would|could|can|wo|ca)(?:\s+been)?\s*)?(?:" + _phrase_re(after["negation"]) + ")",
            re.IGNORECASE,
        ),
        after_hypothetical=re.compile(
            r"^(?:\s*[\w’'-]+){0,3}?\s+(?:" + _phrase_re(after["hypothetical"]) + ")",
            re.IGNORECASE,
        ),
        factive=frozenset(w.lower() for w in data["factive_before_to"]),
    )


# Where a clause begins. "if", "unless", "whether" open the clause they mark, so the window
# starts at them (they are cues themselves); the others are left out of the window.
_BOUNDARY = re.compile(
    r"[;:—–()\[\]\"“”]|,|\b(?:and|but|or|while|whereas|although|though|because|since|which"
    r"|who|whom|whose|where|when|that|after|before|until|as|yet|so|(?P<keep>if|unless|whether))"
    r"\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+")
_MAX_WORDS = 8
_TO_BEFORE = re.compile(r"(?P<head>[\w’'-]+)\s+to\s+(?:[a-z]+ly\s+)?$")
_HEAD_VERBISH = re.compile(r"(?:ed|s|ing)$|^(?:want|plan|agree|try|seek|need|order|ready|able)$")


def _window_start(text: str, sentence_start: int, trigger_start: int) -> tuple[int, int]:
    """(window start, clause boundary position) before the trigger."""
    start = sentence_start
    boundary = -1
    for m in _BOUNDARY.finditer(text, sentence_start, trigger_start):
        start = m.start() if m.group("keep") else m.end()
        boundary = m.start()
    words = [w.start() for w in _WORD.finditer(text, start, trigger_start)]
    if len(words) > _MAX_WORDS:
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
    for m in lex.cues.finditer(text, start, trigger_start):
        kind = lex.kinds.get(_norm(m.group()), "")
        if not kind:
            continue
        if m.group() == "May" and m.start() > sentence_start:
            continue  # the month
        cues.append(Cue(kind, m.start(), m.end()))

    if boundary >= 0 and text.startswith("that", boundary):
        # "denied that it supplied": the cue governs the clause after "that".
        m = lex.across_that.search(text, max(sentence_start, boundary - 60), boundary)
        if m is not None:
            kind = lex.kinds.get(_norm(m.group("cue"))) or "hedge"
            cues.append(Cue(kind, m.start("cue"), m.end("cue")))

    tail = text[trigger_end : min(sentence_end, trigger_end + 60)]
    stop = _BOUNDARY.search(tail)
    tail = tail[: stop.start()] if stop else tail
    for pattern, kind in ((lex.after_negation, "negation"), (lex.after_hypothetical,
                                                            "hypothetical")):  # fmt: skip
        m = pattern.search(tail)
        if m is not None:
            cues.append(Cue(kind, trigger_end + m.start(), trigger_end + m.end()))

    if verbal is not False:
        m = _TO_BEFORE.search(text, start, trigger_start)
        if m is not None:
            head = m.group("head").lower()
            verbish = verbal is True or _HEAD_VERBISH.search(head) is not None
            covered = any(c.start <= m.start("head") < c.end for c in cues)
            if verbish and head not in lex.factive and not covered:
                to = m.end("head") + 1
                cues.append(Cue("hypothetical", to, to + 2))

    kinds = {c.kind for c in cues}
    return Modality(
        hedged="hedge" in kinds,
        negated=bool(kinds & {"negation", "denial"}),
        hypothetical="hypothetical" in kinds,
        denial="denial" in kinds,
        cues=tuple(sorted(cues, key=lambda c: c.start)),
    )
