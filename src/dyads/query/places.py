"""Where events happened: the located events of a filter, grouped by place, for the map.

An event's place comes from its text ("in Baghdad"), resolved by the gazetteer at coding time
(:mod:`dyads.nlp.places`). A city has coordinates; a country named as the place ("in Syria")
has a country code and no point, so it is counted per country instead of being put on a
capital where it did not happen. Each place carries its first events, with their evidence, so
that a click on a dot shows them without another request.
"""

from __future__ import annotations

from typing import Any

from dyads.query.filters import FROM_EVENTS, EventFilter
from dyads.store import SQLStore
from dyads.store.schema import DYAD_ROLES_SQL

MAX_PLACES = 2000
_EVENT_FIELDS = (
    "id", "article_id", "date", "type", "quad_class", "source", "target", "trigger_text",
    "evidence_text", "hedged", "negated", "hypothetical", "title",
)  # fmt: skip


def _and(clause: str, condition: str) -> str:
    return f"{clause} AND {condition}" if clause else f"WHERE {condition}"


def places(
    store: SQLStore, where: EventFilter | None = None, *, per_place: int = 20
) -> dict[str, Any]:
    """Counts (events, located at a point, located only by country), the places with their
    events, busiest first, the per-country counts of country-only places, and the events per
    country of their actors."""
    clause, params = (where or EventFilter()).where()
    point = "e.lat IS NOT NULL AND e.lon IS NOT NULL"
    total, located, by_country = store.fetch(
        f"SELECT COUNT(*), COUNT(e.lat), COUNT(CASE WHEN e.lat IS NULL AND"
        f" e.location_country IS NOT NULL THEN 1 END) {FROM_EVENTS} {clause}",
        params,
    )[0]
    rows = store.fetch(
        "SELECT e.lat, e.lon, MIN(e.location_name), MIN(e.location_country), COUNT(*),"
        " SUM(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END)"
        f" {FROM_EVENTS} {_and(clause, point)} GROUP BY e.lat, e.lon"
        f" ORDER BY COUNT(*) DESC, e.lat, e.lon LIMIT {MAX_PLACES}",
        params,
    )
    found: dict[tuple[float, float], dict[str, Any]] = {}
    for lat, lon, name, country, count, *quads in rows:
        found[(lat, lon)] = {
            "lat": lat,
            "lon": lon,
            "name": name,
            "country": country,
            "events": int(count),
            "quad_class": {str(q): int(n or 0) for q, n in zip((1, 2, 3, 4), quads, strict=True)},
            "items": [],
        }
    # The first events of each place by date, in one pass (a window, not a query per place).
    listed = store.fetch(
        "SELECT * FROM (SELECT e.lat, e.lon, e.id, e.article_id, e.date, e.type, e.quad_class,"
        " COALESCE(e.source_name, e.source_id), COALESCE(e.target_name, e.target_id),"
        " e.trigger_text, e.evidence_text, e.hedged, e.negated, e.hypothetical, a.title,"
        " ROW_NUMBER() OVER (PARTITION BY e.lat, e.lon"
        " ORDER BY COALESCE(e.date, '~'), e.article_id, e.id) AS n"
        f" {FROM_EVENTS} {_and(clause, point)}) ranked WHERE n <= ?"
        " ORDER BY COALESCE(date, '~'), article_id, id",
        [*params, int(per_place)],
    )
    for lat, lon, *fields, _n in listed:
        place = found.get((lat, lon))
        if place is not None:
            place["items"].append(dict(zip(_EVENT_FIELDS, fields, strict=True)))
    countries = store.fetch(
        f"SELECT e.location_country, COUNT(*) {FROM_EVENTS}"
        f" {_and(clause, 'e.lat IS NULL AND e.location_country IS NOT NULL')}"
        " GROUP BY e.location_country ORDER BY COUNT(*) DESC, e.location_country",
        params,
    )
    # Whose events: each event once per country code among its actors (state actors, their
    # bodies and officials carry their state's ISO code; IGOs and groups do not).
    actor_rows = store.fetch(
        "SELECT ea.code, COUNT(DISTINCT e.article_id || '/' || e.id)"
        " FROM event_actors ea JOIN events e ON e.article_id = ea.article_id"
        " AND e.id = ea.event_id JOIN articles a ON a.id = e.article_id"
        f" {_and(clause, f'ea.role IN {DYAD_ROLES_SQL} AND LENGTH(ea.code) = 3')}"
        " GROUP BY ea.code ORDER BY COUNT(DISTINCT e.article_id || '/' || e.id) DESC, ea.code",
        params,
    )
    return {
        "events": int(total),
        "located": int(located),
        "country_only": int(by_country),
        "places": list(found.values()),
        "countries": [{"country": c, "events": int(n)} for c, n in countries],
        "actor_countries": [{"country": c, "events": int(n)} for c, n in actor_rows if c.isalpha()],
    }
