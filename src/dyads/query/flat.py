"""The flat event row: one event mention as a row of plain columns, declared once.

It is the shape of `dyads events --format csv`, of the CSV and Parquet exports, of the API's
event lists (``EventRow`` in /openapi.json is built from this table) and of the dashboard's
tables. Each column names the stored table it comes from; its type is that column's type in
:mod:`dyads.store.schema`, so the row cannot drift from the store. The full record
(``dyads.event/1``) is the other shape, for JSON Lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyads.store.schema import ARTICLES, EVENTS


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    doc: str
    table: str = "events"  # "events" (alias e) or "articles" (alias a)

    @property
    def kind(self) -> str:
        """``text``, ``int``, ``bigint``, ``float`` or ``bool``, as stored."""
        return _KINDS[self.table][self.name]

    @property
    def sql(self) -> str:
        return f"{'a' if self.table == 'articles' else 'e'}.{self.name}"


_KINDS = {"events": dict(EVENTS), "articles": dict(ARTICLES)}

FLAT_EVENT: tuple[Column, ...] = (
    Column("id", "The event's stable id"),
    Column("article_id", "The article this mention is in"),
    Column("story_id", "The story of that article (copies and near-copies share one)", "articles"),
    Column("date", "When the event happened: ISO date, or 2024-10 / 2024 when only that is known"),
    Column("type", "PLOVER event type"),
    Column("mode", "PLOVER mode"),
    Column("cameo", "CAMEO code"),
    Column("quad_class", "CAMEO quad class: 1 verbal / 2 material cooperation, 3 / 4 conflict"),
    Column("goldstein", "Goldstein score, -10 ... +10"),
    Column("source_id", "The first source actor's id"),
    Column("source_code", "Its CAMEO-style code"),
    Column("source_name", "Its name"),
    Column("source_sector", "Its sector"),
    Column("target_id", "The first target actor's id"),
    Column("target_code", "Its CAMEO-style code"),
    Column("target_name", "Its name"),
    Column("target_sector", "Its sector"),
    Column("source_ids", "Every source actor id, ';'-joined"),
    Column("target_ids", "Every target actor id, ';'-joined"),
    Column("claimed_by", "Who asserts it (actor id): the speaker of the quote or statement"),
    Column("reported_by", "Through which outlet chain it is reported"),
    Column("quoted", "Inside a direct quote"),
    Column("hedged", "Hedged (reportedly, may, is said to)"),
    Column("negated", "Negated (did not, denied)"),
    Column("hypothetical", "Hypothetical or future (would, threatened to, if)"),
    Column("confidence", "The extractor's confidence, 0 ... 1"),
    Column("trigger_text", "The words that name the event"),
    Column("evidence_text", "The sentence that proves it"),
    Column("sentence", "The index of that sentence in the article"),
    Column("location_name", "Where it happened"),
    Column("location_country", "That place's country code"),
    Column("location_admin1", "That place's first-level region"),
    Column("lat", "Latitude"),
    Column("lon", "Longitude"),
    Column("geonames_id", "GeoNames id of the place"),
    Column("extractor", "The extractor and version that coded it (rules/1)"),
    Column("data_version", "The version of the dictionaries and patterns used"),
    Column("url", "The article's address", "articles"),
    Column("title", "The article's title", "articles"),
    Column("outlet", "The article's outlet", "articles"),
    Column("published", "The article's publication date", "articles"),
)
EVENT_COLUMNS: tuple[str, ...] = tuple(column.name for column in FLAT_EVENT)
SELECT_EVENTS = ", ".join(f"{column.sql} AS {column.name}" for column in FLAT_EVENT)
FROM_EVENTS = "FROM events e JOIN articles a ON a.id = e.article_id"
