"""Direct quotations in article text: where each opens, closes and what it holds.

Part of :mod:`dyads.nlp.quotes`, which re-exports :class:`Quote` and :func:`find_quotes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted content at ``[start, end)``; ``open``/``close`` are the marks (``close`` is None
    when the paragraph ends before the quote is closed)."""

    start: int
    end: int
    open: int
    close: int | None


# ---------------------------------------------------------------------------------- quotes

_OPENERS = {"“": "”", "«": "»", '"': '"', "„": "“"}
_MARKS = re.compile(r"[“”\"«»„‘’]")
_PARAGRAPH = re.compile(r"[^\n]+")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotations in ``text``: double (straight or curly), guillemets, and single
    curly quotes that open at a word start. A quote never crosses a paragraph; one left open
    runs to the paragraph end (the convention of multi-paragraph quotes).

    >>> t = 'He said: “We will respond.” Then ‘no comment’ and "done".'
    >>> [t[q.start:q.end] for q in find_quotes(t)]
    ['We will respond.', 'no comment', 'done']
    """
    quotes: list[Quote] = []
    for para in _PARAGRAPH.finditer(text):
        p_end = para.end()
        opened_at: int | None = None
        closer = ""
        for mark in _MARKS.finditer(text, para.start(), p_end):
            ch, pos = mark.group(), mark.start()
            if opened_at is not None:
                if ch == closer or (closer == "’" and ch == "’") or (closer == "”" and ch == '"'):
                    if closer == "’" and pos + 1 < p_end and text[pos + 1].isalpha():
                        continue  # an apostrophe inside a single-quoted span
                    start, end = _trimmed(text, opened_at + 1, pos)
                    while end > start and text[end - 1] == ",":
                        end -= 1  # '"We will respond," he said': the comma is the writer's
                    quotes.append(Quote(start, end, opened_at, pos))
                    opened_at = None
                continue
            before = text[pos - 1] if pos > para.start() else " "
            if ch in _OPENERS:
                if ch == '"' and before.isalnum():
                    continue  # 12" or a stray closing mark
                opened_at, closer = pos, _OPENERS[ch]
            elif ch == "‘" and not before.isalnum():
                opened_at, closer = pos, "’"
        if opened_at is not None and closer != "’":
            start, end = _trimmed(text, opened_at + 1, p_end)
            if end > start:
                quotes.append(Quote(start, end, opened_at, None))
    return quotes
