"""A small city's foreign name in an article about another country: "120 people killed at
Zara ... in Syria" is no massacre in Zadar, Croatia, whose Italian name is Zara.

GeoNames lists many names per city, and a short name ("Zara", "Rawa", "Mirpur") often
belongs to a village or district elsewhere that the table of 15,000+ cities lacks. When the
name is neither the city's own name nor a spelling of it (its consonants differ: "Poonch" is
Pūnch, "Fallujah" Al Fallūjah), the city has under 200,000 people, and the article names
neither that city's country, its people ("Croatian") nor one of its places, but names places
of exactly one other country ("Syria", "Damascus"), the place is taken to lie in that country
(name kept, no coordinates): unnamed victims take the place's country (codebook 1.4), so the
wrong bearer makes a wrong dyad.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from dyads.nlp import lexicon, yamlfast
from dyads.nlp.gazetteer import Gazetteer, GazetteerEntry, fold_name

__all__ = ["named_elsewhere", "state_entries"]

_LARGE = 200_000  # a city this large is meant by its other names too ("Arbil", "Salonika")
_TOWN = 100_000  # a smaller city inside a longer name is likely a person's name
_ARTICLES = lexicon.words("place-name-articles")  # "Al Fallūjah"
_RUN = re.compile(r"(?:[A-Z][\w’'-]*)(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*)*")


def _own_name(name: str, entry: GazetteerEntry) -> bool:
    """Whether ``name`` names ``entry`` for sure: a country or division by any name, a city
    by its own name (less "Al", accents): "Fallujah" for Al Fallūjah, not "Zara" for Zadar."""
    if entry.kind != "city":
        return True
    if " / " in entry.name:  # "Donostia / San Sebastián": either name
        return any(_own_name(name, _named(entry, part)) for part in entry.name.split(" / "))
    a, b = fold_name(name), fold_name(entry.name)
    if len(a) >= 4 and b.endswith(a) and b[: len(b) - len(a)] in _ARTICLES:
        return True  # "Fallujah" of Al Fallūjah
    return _skeleton(a) == _skeleton(b)  # a spelling: "Poonch" of Pūnch, "Kiev" of Kyiv


def _named(entry: GazetteerEntry, name: str) -> GazetteerEntry:
    return dataclasses.replace(entry, name=name)


def _skeleton(folded: str) -> str:
    """The consonants, doubles once: spellings of one name differ in vowels (not "Zara",
    Zadar's Italian name)."""
    return re.sub(r"(.)\1+", r"\1", re.sub("[aeiouy]", "", folded))


def _evidence(entry: GazetteerEntry, name: str, *, whole: bool) -> bool:
    """Whether a name in the text shows the article is about the entry's country: a country
    or division, a city by its own name, as a whole capitalised run or when large (not the
    Indian town of Ābu in "Abu Ateeq al-Adel")."""
    return _own_name(name, entry) and (entry.kind != "city" or whole or entry.population >= _TOWN)


@cache
def state_entries() -> list[dict[str, Any]]:
    """The actor dictionary's states, as written in ``data/actors/countries.yaml``: read once
    for every place rule that needs a state's names or adjectives."""
    raw = resources.files("dyads.data.actors").joinpath("countries.yaml").read_text("utf-8")
    entries: list[dict[str, Any]] = yamlfast.safe_load(raw).get("actors") or []
    return entries


@cache
def _peoples() -> dict[str, str]:
    """A state's names and adjectives -> its code, from the actor dictionary's states."""
    found: dict[str, str] = {}
    for actor in state_entries():
        if actor.get("kind", "state") != "state":
            continue
        for word in (*(actor.get("names") or ()), *(actor.get("adjectives") or ())):
            found.setdefault(str(word), str(actor["code"]))
    return found


@lru_cache(maxsize=8)
def _countries_in(gaz: Gazetteer, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(every country the text names, names a place of or whose people it names, the
    countries it names or names places of: "Syria", "Damascus"), from its capitalised runs."""
    peoples = _peoples()
    any_code: set[str] = set()
    places: set[str] = set()
    for m in _RUN.finditer(text):
        words = m.group().split()
        for i in range(len(words)):
            for j in range(min(len(words), i + 4), i, -1):
                name = " ".join(words[i:j]).rstrip(".,;:")
                name = name[:-2] if name.endswith(("'s", "’s")) else name
                entry = gaz.lookup(name)
                if (
                    entry is not None
                    and entry.country
                    and _evidence(entry, name, whole=j - i == len(words))
                ):
                    any_code.add(entry.country)  # "Baghdad", "the Gaza Strip", "Syria"
                    places.add(entry.country)
                    break
                code = peoples.get(name)
                if code is not None:
                    any_code.add(code)
                    break
    return frozenset(any_code), frozenset(places)


def named_elsewhere(gaz: Gazetteer, text: str, entry: GazetteerEntry, name: str) -> str | None:
    """The one other country the article names, when ``name`` is a small city's foreign
    name and the article never names that city's country; else None (the city stands)."""
    if entry.kind != "city" or entry.population >= _LARGE or entry.country is None:
        return None
    if _own_name(name, entry):
        return None  # its own name: "Tikrit", "Kherson", "Fallujah"
    named, places = _countries_in(gaz, text)
    if entry.country in named:
        return None
    others = places - {entry.country}
    return next(iter(others)) if len(others) == 1 else None
