"""Sentence splitting with character offsets.

Lines first (headlines, bylines and paragraphs are separate sentences), then sentence-final
punctuation followed by a space and a capital, a digit or a quote. Abbreviations ("U.S.",
"Gen.", "Jan."), initials and dotted names ("Caliber.Az" has no space) do not end a sentence.
"""

from __future__ import annotations

import re

from dyads.model import Sentence
from dyads.nlp import lexicon

ABBREVIATIONS = lexicon.words("abbreviations")

_LINE = re.compile(r"[^\n]+")
# Sentence-final punctuation, closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start, end = line.start(), line.end()
        cursor = start
        for boundary in _BOUNDARY.finditer(text, start, end):
            if _is_abbreviation(text, boundary.start()):
                continue
            stop = boundary.end()
            while stop > cursor and text[stop - 1].isspace():
                stop -= 1
            if stop > cursor:
                sentences.append(Sentence(len(sentences), cursor, stop))
            cursor = boundary.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
        stop = end
        while stop > cursor and text[stop - 1].isspace():
            stop -= 1
        if stop > cursor:
            sentences.append(Sentence(len(sentences), cursor, stop))
    return sentences
