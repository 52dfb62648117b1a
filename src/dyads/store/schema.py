"""The store's tables, their versions, and the migrations that bring an old database up to date.

Both backends share one definition: a column is ``(name, kind)`` and each dialect maps kinds to
its own types. Table and column names used in SQL come only from these tuples, which is what
makes building INSERT statements from them safe (values always go through parameters).

Version history (docs/schema.md has the full data dictionary):

1. articles, sentences, mentions, events (flattened record + JSON), event_actors, ingest_state.
2. story machinery: ``article_minhash`` (signatures to rebuild the near-duplicate index),
   ``events.dyad_key`` (what makes two mentions the same event) and the ``story_events`` view.
3. ``events.source_keys`` / ``target_keys``: every id and code of the event's sources and
   targets in one delimited string, so that actor filters scan one column instead of joining
   ``event_actors`` (a dyad series over a million events drops from ~200 ms to ~20 ms).
4. ``events.representative``: the ``story_events`` view's pick of each story's event, kept by
   the writer, so that per-story analyses filter one column instead of grouping every event.
5. DuckDB only: ``articles``, ``ingest_state`` and ``article_minhash`` lose their primary keys.
   DuckDB holds a key's ART index in memory, pinned (about 44 MB per million article ids), so
   memory grew with the store and a capped one failed to commit; the writer's own checks keep
   ingest idempotent. PostgreSQL keeps its keys (its indexes live on disk).
6. ``articles.body`` ("summary" when a feed item's own text stands in for its page), and the
   poller's state (``dyads watch``): ``watch_sources`` (per feed: validators for conditional
   GET, failures and when to retry) and ``watch_alerts`` (alerts already reported).
7. ``dyad_days``: the events folded by day (``store/daily.py``).
8. ``dyad_totals``, ``dyad_pairs``, ``store_counts`` and ``dyad_days.k``: all-time counts for
   queries over the whole history (``store/totals.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


def _v1(conn: Connection) -> None:
    for name, columns in (
        ("articles", ARTICLES_V1),
        ("sentences", SENTENCES),
        ("mentions", MENTIONS),
        ("events", EVENTS_V1),
        ("event_actors", EVENT_ACTORS),
        ("ingest_state", INGEST_STATE),
    ):
        conn.execute(create_table_sql(name, columns, conn.dialect))
    if conn.dialect == "postgresql":
        for index, table, cols in POSTGRES_INDEXES:
            if table != "articles":
                conn.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({cols})")


def _v2(conn: Connection) -> None:
    conn.execute(create_table_sql("article_minhash", ARTICLE_MINHASH, conn.dialect))
    conn.execute(f"ALTER TABLE events ADD COLUMN dyad_key {TYPES[conn.dialect]['text']}")
    rows = conn.fetch(
        "SELECT DISTINCT type, mode, source_ids, target_ids, negated, hypothetical FROM events"
    )
    for type_, mode, sources, targets, negated, hypothetical in rows:
        conn.execute(
            "UPDATE events SET dyad_key = ? WHERE type = ? AND mode IS NOT DISTINCT FROM ?"
            " AND source_ids IS NOT DISTINCT FROM ? AND target_ids IS NOT DISTINCT FROM ?"
            " AND negated = ? AND hypothetical = ?",
            (
                dyad_key(type_, mode, sources or "", targets or "", negated, hypothetical),
                type_,
                mode,
                sources,
                targets,
                negated,
                hypothetical,
            ),
        )
    conn.execute(STORY_EVENTS_VIEW)
    if conn.dialect == "postgresql":
        conn.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id)")


def actor_keys(pairs: list[tuple[str, str]]) -> str:
    """``[(id, code), ...]`` as ``;id;code;...;``: a substring test finds ``;RUS;`` in it."""
    return ";" + "".join(f"{actor_id};{code};" for actor_id, code in pairs)


def _v3(conn: Connection) -> None:
    text = TYPES[conn.dialect]["text"]
    for role in DYAD_ROLES:
        conn.execute(f"ALTER TABLE events ADD COLUMN {role}_keys {text}")
    keys: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    rows = conn.fetch(
        "SELECT article_id, event_id, role, actor_id, code FROM event_actors"
        f" WHERE role IN {DYAD_ROLES_SQL} ORDER BY article_id, event_id, role, pos"
    )
    for article_id, event_id, role, actor_id, code in rows:
        keys.setdefault((article_id, event_id, role), []).append((actor_id, code or ""))
    for (article_id, event_id, role), pairs in keys.items():
        conn.execute(
            f"UPDATE events SET {role}_keys = ? WHERE article_id = ? AND id = ?",
            (actor_keys(pairs), article_id, event_id),
        )
    for role in DYAD_ROLES:
        conn.execute(f"UPDATE events SET {role}_keys = ';' WHERE {role}_keys IS NULL")


IN_CHUNK = 500  # values per IN (...) list: well under every backend's parameter limit


def in_lists(values: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """The distinct values in chunks for ``IN (...)``, each with its ``?, ?, ...`` marks."""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), IN_CHUNK):
        chunk = unique[start : start + IN_CHUNK]
        yield chunk, ", ".join(["?"] * len(chunk))


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


def _v4(conn: Connection) -> None:
    conn.execute(f"ALTER TABLE events ADD COLUMN representative {TYPES[conn.dialect]['bool']}")
    mark_representatives(conn)


def _v5(conn: Connection) -> None:
    if conn.dialect != "duckdb":
        return
    # DuckDB cannot drop a constraint: the table is copied without it (views bind by name).
    sql = (
        "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        " AND database_name = current_database() AND schema_name = current_schema()"
    )
    keyed = {row[0] for row in conn.fetch(sql)}
    for table in PRIMARY_KEYS:
        if table in keyed:
            conn.execute(f"CREATE TABLE {table}_v5 AS SELECT * FROM {table}")
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {table}_v5 RENAME TO {table}")


def _v6(conn: Connection) -> None:
    conn.execute(f"ALTER TABLE articles ADD COLUMN body {TYPES[conn.dialect]['text']}")
    for name, columns in WATCH_TABLES.items():
        conn.execute(create_table_sql(name, columns, conn.dialect))


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


def _v7(conn: Connection) -> None:
    conn.execute(create_table_sql("dyad_days", DYAD_DAYS, conn.dialect))
    if conn.dialect == "postgresql":
        conn.execute("CREATE INDEX IF NOT EXISTS dyad_days_date ON dyad_days (date)")
    conn.execute(DYAD_DAYS_INSERT.format(where=""))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
    # 8: registered by dyads.store.totals (which builds on these tables; store.base imports it)
}


def current_version(conn: Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
    )
    rows = conn.fetch("SELECT MAX(version) FROM schema_version")
    return int(rows[0][0] or 0) if rows else 0


def pending(conn: Connection, target: int = SCHEMA_VERSION) -> list[int]:
    return [v for v in sorted(MIGRATIONS) if current_version(conn) < v <= target]
