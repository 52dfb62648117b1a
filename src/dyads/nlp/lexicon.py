"""Knowledge as data: the word lists the rules read, one list per concept.

The lists live in ``data/lexicon/words/*.yaml`` (``concept: [word, ...]``, a comment above
each saying what it is for); :func:`words` returns one as a frozenset, all files read once
per process. Lists that look alike are kept apart where the rules that read them differ
(the pronouns a subject may be are not the pronouns a speaker may be): merging them would
change what is coded. What stays in Python is grammar the code itself spells out (suffix
rules of the lemmatiser, punctuation classes, PLOVER type sets, which are the codebook's).
:func:`problems` is what `dyads check-data` reports about them.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

from dyads.errors import DataError
from dyads.nlp import yamlfast

_asked: set[str] = set()  # the concepts code has asked for: an unused list is a problem


def _files() -> list[tuple[str, str]]:
    folder = resources.files("dyads.data.lexicon").joinpath("words")
    return sorted(
        (f"dyads/data/lexicon/words/{e.name}", e.read_text(encoding="utf-8"))
        for e in folder.iterdir()
        if e.name.endswith(".yaml")
    )


@cache
def _table() -> dict[str, tuple[str, list[object]]]:
    """concept -> (file it is in, its raw list), every file read once."""
    table: dict[str, tuple[str, list[object]]] = {}
    for where, text in _files():
        data = yamlfast.safe_load(text) or {}
        if not isinstance(data, dict):
            raise DataError(where, "expected a mapping of concept: [words]")
        for concept, items in data.items():
            if concept in table:
                raise DataError(where, f"concept {concept!r} is also in {table[concept][0]}")
            if not isinstance(items, list):
                raise DataError(where, f"{concept}: expected a list of words")
            table[str(concept)] = (where, items)
    return table


@cache
def words(concept: str) -> frozenset[str]:
    """The words of one concept ("prepositions", "stand-ins" ...)."""
    _asked.add(concept)
    found = _table().get(concept)
    if found is None:
        raise DataError("dyads/data/lexicon/words", f"no word list {concept!r}")
    return frozenset(str(w) for w in found[1])


@cache
def table(name: str) -> Any:
    """Another lexicon file (``data/lexicon/<name>``, a table rather than a list), parsed
    once however many modules read it."""
    raw = resources.files("dyads.data.lexicon").joinpath(name).read_text(encoding="utf-8")
    return yamlfast.safe_load(raw)


def endings_pattern(concept: str) -> str:
    """A regex alternation of a list of word endings, longest first."""
    return "(?:" + "|".join(sorted(words(concept), key=lambda w: (-len(w), w))) + ")$"


@cache
def _regex_table() -> dict[str, Any]:
    data = table("regexes.yaml") or {}
    if not isinstance(data, dict):
        raise DataError("dyads/data/lexicon/regexes.yaml", "expected a mapping of name: entry")
    return data


def regex(name: str) -> re.Pattern[str]:
    """One regular expression of ``data/lexicon/regexes.yaml``, compiled once."""
    _asked_regexes.add(name)
    return _compiled(name)


@cache
def _compiled(name: str) -> re.Pattern[str]:
    where = "dyads/data/lexicon/regexes.yaml"
    entry = _regex_table().get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
        raise DataError(where, f"no regular expression {name!r} (a mapping with 'pattern')")
    flags = 0
    for flag in entry.get("flags") or ():
        if flag not in _FLAGS:
            raise DataError(where, f"{name}: unknown flag {flag!r} (one of {', '.join(_FLAGS)})")
        flags |= _FLAGS[flag]
    try:
        return re.compile(entry["pattern"], flags)
    except re.error as err:
        raise DataError(where, f"{name}: {err}") from None


_FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "DOTALL": re.DOTALL}
_asked_regexes: set[str] = set()


def regex_names() -> list[str]:
    return sorted(_regex_table())


def regex_problems() -> list[str]:
    """Regular expressions that do not compile, or that no code reads."""
    found: list[str] = []
    for name in sorted(_regex_table()):
        try:
            _compiled(name)
        except DataError as err:
            found.append(str(err))
    found += [
        f"dyads/data/lexicon/regexes.yaml: {name}: no code reads this expression"
        for name in sorted(_regex_table())
        if name not in _asked_regexes
    ]
    return found


def concepts() -> list[str]:
    return sorted(_table())


def problems() -> list[str]:
    """Lists that are not plain, distinct, trimmed strings, or that no code reads (ask
    after the modules that read them are imported: `dyads check-data` imports them all)."""
    found: list[str] = []
    for concept, (where, items) in sorted(_table().items()):
        at = f"{where}: {concept}"
        if not items:
            found.append(f"{at}: empty list")
        bad = [w for w in items if not isinstance(w, str) or not w or w != w.strip()]
        found += [f"{at}: {w!r} is not a trimmed word" for w in bad]
        seen: set[object] = set()
        for w in items:
            if w in seen:
                found.append(f"{at}: {w!r} listed twice")
            seen.add(w)
        if concept not in _asked:
            found.append(f"{at}: no code reads this list")
    return found


def fingerprint() -> str:
    """A short hash of every lexicon file (word lists and the other tables beside them)."""
    digest = hashlib.sha1()
    folder = resources.files("dyads.data").joinpath("lexicon")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    for where, text in _files():
        digest.update(where.encode() + b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:12]
