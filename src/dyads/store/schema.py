"""The store's tables: their columns per schema version, keys, indexes and views.

Both backends share one definition: a column is ``(name, kind)`` and each dialect maps kinds to
its own types. Table and column names used in SQL come only from these tuples, which is what
makes building INSERT statements from them safe (values always go through parameters).

The migrations that bring an old database up to date are :mod:`dyads.store.migrations`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, Protocol

from dyads.model import RECIPROCAL_TYPES

Dialect = Literal["duckdb", "postgresql"]
Column = tuple[str, str]

SCHEMA_VERSION = 8

TYPES: dict[str, dict[str, str]] = {
    "duckdb": {
        "text": "TEXT",
        "int": "INTEGER",
        "bigint": "BIGINT",
        "float": "DOUBLE",
        "bool": "BOOLEAN",
        "blob": "BLOB",
    },
    "postgresql": {
        "text": "TEXT",
        "int": "INTEGER",
        "bigint": "BIGINT",
        "float": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "blob": "BYTEA",
    },
}

ARTICLES_V1: tuple[Column, ...] = (
    ("id", "text"),
    ("story_id", "text"),
    ("content_hash", "text"),
    ("url", "text"),
    ("title", "text"),
    ("published", "text"),
    ("outlet", "text"),
    ("authors", "text"),  # JSON list
    ("language", "text"),
    ("source_path", "text"),
    ("reported_by", "text"),
    ("text", "text"),
    ("ingested_at", "text"),
    ("extractor", "text"),
    ("data_version", "text"),
)
ARTICLES_V6_ADDED: tuple[Column, ...] = (("body", "text"),)
ARTICLES = ARTICLES_V1 + ARTICLES_V6_ADDED
SENTENCES: tuple[Column, ...] = (
    ("article_id", "text"),
    ("idx", "int"),
    ("start_off", "int"),
    ("end_off", "int"),
)
MENTIONS: tuple[Column, ...] = (
    ("article_id", "text"),
    ("idx", "int"),
    ("sentence", "int"),
    ("actor_id", "text"),
    ("code", "text"),
    ("sector", "text"),
    ("name", "text"),
    ("wikidata", "text"),
    ("start_off", "int"),
    ("end_off", "int"),
)
EVENTS_V1: tuple[Column, ...] = (
    ("article_id", "text"),
    ("id", "text"),
    ("type", "text"),
    ("mode", "text"),
    ("context", "text"),  # JSON list
    ("cameo", "text"),
    ("quad_class", "int"),
    ("goldstein", "float"),
    ("source_id", "text"),  # the first source; all of them in source_ids / record
    ("source_code", "text"),
    ("source_name", "text"),
    ("source_sector", "text"),
    ("target_id", "text"),
    ("target_code", "text"),
    ("target_name", "text"),
    ("target_sector", "text"),
    ("source_ids", "text"),  # ";"-joined actor ids
    ("target_ids", "text"),
    ("claimed_by", "text"),
    ("reported_by", "text"),
    ("quoted", "bool"),
    ("hedged", "bool"),
    ("negated", "bool"),
    ("hypothetical", "bool"),
    ("date", "text"),
    ("date_precision", "text"),
    ("location_name", "text"),
    ("location_country", "text"),
    ("location_admin1", "text"),
    ("lat", "float"),
    ("lon", "float"),
    ("geonames_id", "bigint"),
    ("trigger_text", "text"),
    ("sentence", "int"),
    ("evidence_text", "text"),
    ("extractor", "text"),
    ("data_version", "text"),
    ("confidence", "float"),
    ("pattern", "text"),
    ("record", "text"),  # the full dyads.event/1 record as JSON
)
EVENTS_V2_ADDED: tuple[Column, ...] = (("dyad_key", "text"),)
EVENTS_V3_ADDED: tuple[Column, ...] = (
    ("source_keys", "text"),  # ";RUS_MIL;RUS;": ids and codes, each between semicolons
    ("target_keys", "text"),
)
# True for the one mention of each (story, dyad_key) event that the per-story analyses count:
# the ``story_events`` view's pick, kept up to date by the writer instead of grouped per query.
EVENTS_V4_ADDED: tuple[Column, ...] = (("representative", "bool"),)
EVENTS = EVENTS_V1 + EVENTS_V2_ADDED + EVENTS_V3_ADDED + EVENTS_V4_ADDED
# The parts an actor plays in an event: the Event fields and event_actors.role values of these
# names. The dyad is the first two; the SQL list is for ``role IN ...`` (fixed text, no input).
ROLES: tuple[str, ...] = ("source", "target", "claimed_by")
DYAD_ROLES: tuple[str, ...] = ROLES[:2]
DYAD_ROLES_SQL = "(" + ", ".join(f"'{role}'" for role in DYAD_ROLES) + ")"
EVENT_ACTORS: tuple[Column, ...] = (
    ("article_id", "text"),
    ("event_id", "text"),
    ("role", "text"),  # one of ROLES
    ("pos", "int"),
    ("actor_id", "text"),
    ("code", "text"),
)
INGEST_STATE: tuple[Column, ...] = (
    ("input_key", "text"),
    ("article_id", "text"),
    ("done_at", "text"),
)
ARTICLE_MINHASH: tuple[Column, ...] = (
    ("article_id", "text"),
    ("signature", "blob"),
)
# The poller's memory, so that a restarted `dyads watch` neither refetches what did not change
# nor reports an alert twice. Small tables, written with plain parameterised statements.
WATCH_SOURCES: tuple[Column, ...] = (
    ("url", "text"),
    ("etag", "text"),
    ("last_modified", "text"),
    ("checked_at", "text"),
    ("failures", "int"),  # consecutive failed polls: the backoff doubles with each
    ("retry_at", "text"),  # ISO UTC time before which the feed is not polled again
    ("last_error", "text"),
)
WATCH_ALERTS: tuple[Column, ...] = (
    ("alert_key", "text"),  # source|target|type-or-quad|period|interval|by
    ("reported_at", "text"),
    ("record", "text"),  # the alert as JSON, as it was reported
)
WATCH_TABLES: dict[str, tuple[Column, ...]] = {
    "watch_sources": WATCH_SOURCES,
    "watch_alerts": WATCH_ALERTS,
}

# The tables the writer fills, with their current columns: the insert whitelist.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "events": EVENTS,
    "event_actors": EVENT_ACTORS,
    "ingest_state": INGEST_STATE,
    "article_minhash": ARTICLE_MINHASH,
}
# Created by v1; DuckDB databases drop them in v5 (see the version history above).
PRIMARY_KEYS: dict[str, str] = {
    "articles": "id",
    "ingest_state": "input_key",
    "article_minhash": "article_id",
}
# Indexes only where the backend is row-oriented; DuckDB scans columns faster than it
# maintains ART indexes on every insert.
POSTGRES_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("sentences_article", "sentences", "article_id"),
    ("mentions_article", "mentions", "article_id"),
    ("events_article", "events", "article_id"),
    ("events_type", "events", "type"),
    ("events_date", "events", "date"),
    ("events_dyad", "events", "source_code, target_code"),
    ("event_actors_event", "event_actors", "article_id, event_id"),
    ("event_actors_actor", "event_actors", "actor_id"),
    ("event_actors_code", "event_actors", "code"),
    ("articles_story", "articles", "story_id"),
)

STORY_EVENTS_VIEW = """
CREATE VIEW story_events AS
SELECT a.story_id AS story_id,
       e.dyad_key AS dyad_key,
       MIN(e.id) AS event_id,
       COUNT(*) AS num_mentions,
       COUNT(DISTINCT e.article_id) AS num_articles,
       COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS num_sources,
       MIN(e.date) AS first_date
FROM events e JOIN articles a ON a.id = e.article_id
GROUP BY a.story_id, e.dyad_key
"""


class Connection(Protocol):
    """What a migration needs from a backend: run SQL, read rows, bulk-insert rows."""

    dialect: Dialect

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None: ...

    def fetch(
        self, sql: str, params: tuple[Any, ...] | list[Any] = ()
    ) -> list[tuple[Any, ...]]: ...


def create_table_sql(name: str, columns: tuple[Column, ...], dialect: Dialect) -> str:
    types = TYPES[dialect]
    parts = [f"{col} {types[kind]}" for col, kind in columns]
    if name in PRIMARY_KEYS:
        parts.append(f"PRIMARY KEY ({PRIMARY_KEYS[name]})")
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(parts)})"


def dyad_key(
    type_: str,
    mode: str | None,
    source_ids: str,
    target_ids: str,
    negated: bool,
    hypothetical: bool,
) -> str:
    """What makes two event mentions in one story the same event.

    Hedging and wording may differ between copies; who, what and whether it happened may not.
    Reciprocal types have no direction, so their actors form one sorted set.
    """
    sources = sorted(filter(None, source_ids.split(";")))
    targets = sorted(filter(None, target_ids.split(";")))
    if type_ in RECIPROCAL_TYPES:
        sources, targets = sorted(set(sources) | set(targets)), []
    flags = ("N" if negated else "") + ("H" if hypothetical else "")
    return "|".join((type_, mode or "", ";".join(sources), ";".join(targets), flags))


def actor_keys(pairs: list[tuple[str, str]]) -> str:
    """``[(id, code), ...]`` as ``;id;code;...;``: a substring test finds ``;RUS;`` in it."""
    return ";" + "".join(f"{actor_id};{code};" for actor_id, code in pairs)


IN_CHUNK = 500  # values per IN (...) list: well under every backend's parameter limit


def in_lists(values: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """The distinct values in chunks for ``IN (...)``, each with its ``?, ?, ...`` marks."""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), IN_CHUNK):
        chunk = unique[start : start + IN_CHUNK]
        yield chunk, ", ".join(["?"] * len(chunk))


@contextmanager
def staged(
    conn: Connection, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> Iterator[tuple[str, list[Any]]]:
    """Rows as a relation to select from, ``(sql, params)``, typed as ``columns`` (the caller
    names them: ``{sql} AS x(a, b, ...)``). A backend with a faster way (DuckDB registers the
    columns) offers ``staged``; else a parameterised VALUES list (keep it under the backend's
    parameter limit)."""
    own = getattr(conn, "staged", None)
    if own is not None:
        with own(columns, rows) as relation:
            yield relation, []
        return
    types = TYPES[conn.dialect]
    casts = ", ".join(f"CAST(? AS {types[kind]})" for _, kind in columns)
    values = ", ".join([f"({casts})"] * len(rows))
    yield f"(VALUES {values})", [value for row in rows for value in row]


def mark_representatives(conn: Connection, stories: Iterable[str] | None = None) -> None:
    """Set ``events.representative`` for every event of these stories (of all, for None): true
    for the lowest event id of each (story, dyad_key), as the ``story_events`` view picks."""
    pick = (
        "UPDATE events SET representative = (id IN (SELECT MIN(e2.id) FROM events e2"
        " JOIN articles a2 ON a2.id = e2.article_id{inner}"
        " GROUP BY a2.story_id, e2.dyad_key)){outer}"
    )
    if stories is None:
        conn.execute(pick.format(inner="", outer=""))
        return
    for chunk, marks in in_lists(stories):
        conn.execute(
            pick.format(
                inner=f" WHERE a2.story_id IN ({marks})",
                outer=f" WHERE article_id IN (SELECT id FROM articles WHERE story_id IN ({marks}))",
            ),
            [*chunk, *chunk],
        )


# v7: the events folded by day (maintained by dyads.store.daily, which documents it). The
# grouping columns are named as in ``events``, so an event filter over ``e`` applies to it.
DYAD_DAYS: tuple[Column, ...] = (
    ("date", "text"), ("type", "text"), ("quad_class", "int"),
    ("hedged", "bool"), ("negated", "bool"), ("representative", "bool"),
    ("source_id", "text"), ("target_id", "text"), ("source_keys", "text"), ("target_keys", "text"),
    ("n", "bigint"), ("goldstein", "float"),
)  # fmt: skip
_DAY_KEYS = ", ".join(name for name, _ in DYAD_DAYS[:-2])
# In day order: DuckDB keeps each block's lowest and highest date, so a window of days skips
# every block outside it. ``{where}`` selects the events of the days recounted.
DYAD_DAYS_INSERT = (
    f"INSERT INTO dyad_days ({_DAY_KEYS}, n, goldstein)"
    f" SELECT {_DAY_KEYS}, COUNT(*), SUM(goldstein) FROM events{{where}} GROUP BY {_DAY_KEYS}"
    " ORDER BY date"
)
