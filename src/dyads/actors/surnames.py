"""A named person's surname, written alone later in the article, names the same person.

News names a person in full once ("Col. Travis Lyle", "Defense Secretary Ash Carter") and by
the surname after that ("Lyle said", "Carter flew to Baghdad"). The matcher finds the full
name: by the dictionary, or as an unlisted name after a title. This pass gives each later
surname alone (or after "Mr", "Ms", "Dr" ...) the actor of that full mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dyads.model import Mention
from dyads.nlp import lexicon

_NOT_NAMES = lexicon.words("not-names")
_HONORIFICS = lexicon.words("surname-honorifics")
# The kinds of mention a surname can come from: a dictionary person, or an unlisted person
# after a title ("Gen. Ali Haidar": a person of that sector, country unknown).
_PERSON_KINDS = frozenset({"person", "sector"})
_SURNAME = re.compile(r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:['’]s)?$")


def repeat_surnames(
    text: str, mentions: list[Mention], sentence_of: Callable[[int], int]
) -> list[Mention]:
    """``mentions`` with a mention added for each later bare occurrence of a surname."""
    surnames: dict[str, Mention] = {}
    for m in mentions:
        words = text[m.start : m.end].split()
        if m.actor.kind not in _PERSON_KINDS or len(words) < 2:
            continue
        found = _SURNAME.search(words[-1])
        if found is None or found.group(1) in _NOT_NAMES or len(found.group(1)) < 3:
            continue
        surnames.setdefault(found.group(1), m)
    if not surnames:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    for hit in pattern.finditer(text):
        first = surnames[hit.group(0)]
        start, end = hit.start(), hit.end()
        if start < first.end or any(s < end and start < e for s, e in taken):
            continue
        if _capitalised_neighbour(text, start, end):
            continue  # "Jack Lyle", "Lyle Street": another name that holds the surname
        honorific = _honorific_before(text, start)
        start = honorific if honorific is not None else start
        sentence = sentence_of(start)
        added.append(Mention(first.actor, start, end, sentence, text[start:end]))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


_BEFORE = re.compile(r"([A-Z][\w.]*) $")
_AFTER = re.compile(r" ([A-Z]\w*)")


def _honorific_before(text: str, start: int) -> int | None:
    found = _BEFORE.search(text, max(0, start - 8), start)
    if found is not None and found.group(1).rstrip(".") in _HONORIFICS:
        return found.start()
    return None


def _capitalised_neighbour(text: str, start: int, end: int) -> bool:
    """A capitalised word right before (no honorific, no function word) or right after the
    surname: "Jack Lyle", "Lyle Street" are other names."""
    before = _BEFORE.search(text, max(0, start - 30), start)
    if before is not None:
        word = before.group(1)
        if word.rstrip(".") not in _HONORIFICS and word not in _NOT_NAMES:
            return True
    after = _AFTER.match(text, end)
    return after is not None and after.group(1) not in _NOT_NAMES
