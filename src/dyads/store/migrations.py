"""The migrations that bring an old database up to date, one function per schema version.

Each ``_vN`` takes the store from version N-1 to N through the backend's :class:`Connection`;
the tables' columns are :mod:`dyads.store.schema`. The backend applies :func:`pending` in
order and records each version in ``schema_version``.

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
7. ``dyad_days``: the events folded by day (:mod:`dyads.store.daily`).
8. ``dyad_totals``, ``dyad_pairs``, ``store_counts`` and ``dyad_days.k``: all-time counts for
   queries over the whole history (:mod:`dyads.store.totals`, whose step it is).
"""

from __future__ import annotations

from collections.abc import Callable

from dyads.store.schema import (
    ARTICLE_MINHASH,
    ARTICLES_V1,
    DYAD_DAYS,
    DYAD_DAYS_INSERT,
    DYAD_ROLES,
    DYAD_ROLES_SQL,
    EVENT_ACTORS,
    EVENTS_V1,
    INGEST_STATE,
    MENTIONS,
    POSTGRES_INDEXES,
    PRIMARY_KEYS,
    SCHEMA_VERSION,
    SENTENCES,
    STORY_EVENTS_VIEW,
    TYPES,
    WATCH_TABLES,
    Connection,
    actor_keys,
    create_table_sql,
    dyad_key,
    mark_representatives,
)
from dyads.store.totals import migrate as _v8


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
    8: _v8,  # beside its tables in store/totals.py
}


def current_version(conn: Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
    )
    rows = conn.fetch("SELECT MAX(version) FROM schema_version")
    return int(rows[0][0] or 0) if rows else 0


def pending(conn: Connection, target: int = SCHEMA_VERSION) -> list[int]:
    return [v for v in sorted(MIGRATIONS) if current_version(conn) < v <= target]
