"""A tolerant reader of a model's JSON answer.

Servers without schema-constrained output return JSON wrapped in code fences, followed by
prose, written with Python's single quotes and ``True``/``None``, or cut off at the token
limit. :func:`parse_answer` reads all of these; what it salvages from a truncated answer is
every complete object before the cut, never a half-written one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dyads.errors import DyadsError

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)(?:```|$)", re.S)
_PYTHON_WORDS = {"True": "true", "False": "false", "None": "null"}
_CLOSE = {"{": "}", "[": "]"}


class AnswerError(DyadsError):
    """A model's answer holds no JSON object that can be read."""


def _unfence(text: str) -> str:
    found = _FENCE.search(text)
    return found.group(1) if found else text


def _requote(text: str) -> str:
    """Single-quoted strings to JSON strings, Python's literals to JSON's."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            j, buf = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j : j + 2])
                    j += 2
                    continue
                buf.append('\\"' if text[j] == '"' else text[j])
                j += 1
            body = "".join(buf) if ch == "'" else text[i + 1 : j]
            if ch == "'":
                body = body.replace("\\'", "'")
            out.append('"' + body + ('"' if j < n else ""))
            i = j + 1
            continue
        word = re.match(r"[A-Za-z]+", text[i:])
        if word:
            out.append(_PYTHON_WORDS.get(word.group(0), word.group(0)))
            i += len(word.group(0))
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _salvage(text: str) -> Any:
    """The longest prefix of a cut-off answer that closes into valid JSON."""
    stack: list[str] = []
    cuts: list[tuple[int, str]] = []  # (end of a complete object, closers still open)
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            escaped = ch == "\\" and not escaped
            if ch == '"' and not escaped:
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif ch in "}]" and stack:
            stack.pop()
            cuts.append((i + 1, "".join(reversed(stack))))
    for end, closers in reversed(cuts):
        try:
            return json.loads(text[:end].rstrip().rstrip(",") + closers)
        except json.JSONDecodeError:
            continue
    raise AnswerError("the answer holds no complete JSON object")


def parse_answer(text: str) -> tuple[Any, str | None]:
    """The JSON value of an answer and how it had to be read (None: as it was;
    ``"repaired"``: fences, prose or quotes; ``"truncated"``: salvaged from a cut)."""
    body = _unfence(text).strip()
    start = min((i for i in (body.find("{"), body.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise AnswerError("the answer holds no JSON")
    body = body[start:]
    decoder = json.JSONDecoder()
    for attempt, how in ((body, None), (_requote(body), "repaired")):
        try:
            value, _end = decoder.raw_decode(attempt)
            return value, (how if how or body is text.strip() else "repaired")
        except json.JSONDecodeError:
            continue
    return _salvage(_requote(body)), "truncated"
