"""Daily dyad counts: the events table folded by day, kept by the writer for the analyses.

``dyad_days`` holds one row per day and per combination of what the analyses filter and group
on (type, quad class, hedged, negated, the story representative flag, the first source and
target, and the actor key columns), with the number of event mentions and their Goldstein
sum. `dyads series`, `alerts`, `network` and `stats` read it instead of the events: many
mentions fold into one row, and a window of days reads only those days' rows, so a query
costs what its window holds rather than what the store holds.

The table is derived data. :func:`refresh_days` rebuilds the rows of the given days from the
events of those days (delete, then insert the new counts), so it is idempotent: a re-ingest,
a re-code or a changed representative flag only has to name the days it touched. It is
called by the writer inside its transaction (:meth:`SQLStore.replace_extractions`; an ingest
batch adds its change instead, :mod:`dyads.store.day_deltas`); the schema migration to v7
(``store/migrations.py``) fills it for every day.
"""

from __future__ import annotations

from collections.abc import Iterable

from dyads.store.schema import DYAD_DAYS as COLUMNS
from dyads.store.schema import DYAD_DAYS_INSERT, Connection, in_lists
from dyads.store.totals import PAIRS, TOTALS, has_totals, recount, stored_version

DYAD_DAYS = "dyad_days"
_INSERT = DYAD_DAYS_INSERT


def refresh_days(conn: Connection, days: Iterable[str | None] | None) -> None:
    """Recount the rows of these days (event ``date`` values; None is the undated events)
    from the events table; every day when ``days`` is None. From schema v8 the all-time
    totals (:mod:`dyads.store.totals`) follow in the same statements' transaction."""
    kept = has_totals(conn)
    if days is None:
        if kept:
            for table in (TOTALS, PAIRS):
                conn.execute(f"DELETE FROM {table}")
            recount(conn, "", "", [])
            return
        conn.execute(f"DELETE FROM {DYAD_DAYS}")
        conn.execute(_INSERT.format(where=""))
        return
    wanted = set(days)
    parts: list[tuple[str, list[str]]] = []
    if None in wanted:
        wanted.discard(None)
        parts.append((" WHERE date IS NULL", []))
    for chunk, marks in in_lists(str(day) for day in wanted):
        parts.append((f" WHERE date IN ({marks})", chunk))
    for where, chunk in parts:
        if kept:
            recount(conn, where, where, chunk)
            continue
        conn.execute(f"DELETE FROM {DYAD_DAYS}{where}", chunk)
        conn.execute(_INSERT.format(where=where), chunk)


def event_days(conn: Connection, sql: str, values: Iterable[str]) -> set[str | None]:
    """The distinct event dates that ``sql`` (one ``{marks}`` slot, selecting one date column)
    finds for these values: the days a change to those events touches."""
    found: set[str | None] = set()
    for chunk, marks in in_lists(values):
        found.update(row[0] for row in conn.fetch(sql.format(marks=marks), chunk))
    return found


DAYS_VERSION = 7  # the schema version that created the table


def has_days(conn: Connection) -> bool:
    """Whether this database has the table (one opened without upgrading may not)."""
    return stored_version(conn) >= DAYS_VERSION


__all__ = ["COLUMNS", "DYAD_DAYS", "event_days", "has_days", "refresh_days"]
