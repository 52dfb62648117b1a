"""Every span a model returns, looked up in the sentence; actors from our own mentions.

A span is found exactly, else with case, runs of white space and curly quotes evened out
(offsets always in the original text). An actor is a dictionary mention overlapping the span:
the model never names an actor code. An event whose trigger, source or target is not in the
sentence is *hallucinated* and dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dyads.model import Mention, Span

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_STRIP = " \t\n\"'`.,;:"


def _normalised(text: str) -> tuple[str, list[int]]:
    """Lower case, single spaces, straight quotes; and where each character came from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch.translate(_QUOTES).lower())
        where.append(i)
    return "".join(chars), where


def find_span(text: str, start: int, end: int, needle: object) -> Span | None:
    """Where ``needle`` is in ``text[start:end]``, as article offsets; None if nowhere."""
    if not isinstance(needle, str):
        return None
    needle = needle.strip(_STRIP)
    if not needle:
        return None
    sentence = text[start:end]
    at = sentence.find(needle)
    if at >= 0:
        return Span(start + at, start + at + len(needle))
    norm, where = _normalised(sentence)
    wanted, _ = _normalised(needle)
    at = norm.find(wanted.strip())
    if at < 0:
        return None
    last = at + len(wanted.strip()) - 1
    return Span(start + where[at], start + where[last] + 1)


def actors_under(span: Span | None, mentions: Sequence[Mention]) -> list[Mention]:
    if span is None:
        return []
    return [m for m in mentions if m.start < span.end and span.start < m.end]


@dataclass(frozen=True)
class Verified:
    trigger: Span
    source: list[Mention]
    target: list[Mention]


def verify_event(text: str, start: int, end: int, item: dict[str, object],
                 mentions: Sequence[Mention]) -> Verified | None:  # fmt: skip
    """The event's spans found in the sentence, or None when one of them is not there."""
    trigger = find_span(text, start, end, item.get("trigger"))
    if trigger is None:
        return None
    roles: list[list[Mention]] = []
    for role in ("source", "target"):
        value = item.get(role)
        if value is None or (isinstance(value, str) and not value.strip(_STRIP)):
            roles.append([])
            continue
        span = find_span(text, start, end, value)
        if span is None:
            return None
        roles.append(actors_under(span, mentions))
    return Verified(trigger, roles[0], roles[1])
