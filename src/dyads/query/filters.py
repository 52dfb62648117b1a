"""Event filters and the queries built on them, shared by the CLI, the API and exports.

A filter becomes a WHERE clause over ``events e`` with every value passed as a parameter; the
only names put into SQL text come from the fixed tuples and maps in this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from dyads.errors import InputError
from dyads.model import PLOVER_TYPES
from dyads.query.flat import EVENT_COLUMNS, FROM_EVENTS, SELECT_EVENTS
from dyads.query.intervals import INTERVALS
from dyads.store import SQLStore
from dyads.store.schema import DYAD_ROLES

_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date_prefix(value: str) -> bool:
    """A real ISO date or its prefix: 2024, 2024-10, 2024-10-20 (not 2024-13 or 2024-02-30)."""
    if not _ISO_PREFIX.match(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


# A character above every digit and '-': "until 2024-10" keeps all of October's dates.
_AFTER = "~"
# filter field -> the key columns it searches (see store.schema.actor_keys): each dyad role's
# own, and "actor" all of them.
ROLES: dict[str, tuple[str, ...]] = {role: (f"{role}_keys",) for role in DYAD_ROLES}
ROLES["actor"] = tuple(f"{role}_keys" for role in DYAD_ROLES)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return. Empty fields don't filter; tuples mean "any of these"."""

    actor: tuple[str, ...] = ()  # an actor id or code in any role
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: str | None = None  # ISO date or prefix (2024, 2024-10, 2024-10-20), inclusive
    until: str | None = None
    hedged: bool | None = None
    negated: bool | None = None
    article_id: str | None = None
    story_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not is_date_prefix(value):
                raise InputError(f"--{name}", f"{value!r} is not a date like 2024-10-20")
        for name in ROLES:
            if any(";" in value for value in getattr(self, name)):
                raise InputError(f"--{name}", "an actor id or code has no ';'")
        unknown = [t for t in self.types if t.upper() not in PLOVER_TYPES]
        if unknown:
            raise InputError(
                "--type", f"unknown event type {unknown[0]!r} (one of {', '.join(PLOVER_TYPES)})"
            )

    def where(self) -> tuple[str, list[Any]]:
        """``WHERE ...`` (or an empty string) over ``events e`` / ``articles a``, and params."""
        clauses: list[str] = []
        params: list[Any] = []
        for field_name, columns in ROLES.items():
            for value in getattr(self, field_name):
                found = " OR ".join(f"POSITION(? IN e.{column}) > 0" for column in columns)
                clauses.append(f"({found})")
                params.extend([f";{value};"] * len(columns))
        if self.types:
            clauses.append(f"e.type IN ({', '.join('?' for _ in self.types)})")
            params.extend(t.upper() for t in self.types)
        if self.since:
            clauses.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.date <= ?")
            params.append(self.until + _AFTER)
        for flag in ("hedged", "negated"):
            value = getattr(self, flag)
            if value is not None:
                clauses.append(f"e.{flag} = ?")
                params.append(value)
        if self.article_id:
            clauses.append("e.article_id = ?")
            params.append(self.article_id)
        if self.story_id:
            clauses.append("a.story_id = ?")
            params.append(self.story_id)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit is not None else ""


def select_events(
    store: SQLStore, where: EventFilter | None = None, *, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Flattened events (one per article mention), oldest first, as dicts of EVENT_COLUMNS."""
    clause, params = (where or EventFilter()).where()
    sql = (
        f"SELECT {SELECT_EVENTS} {FROM_EVENTS} {clause}"
        f" ORDER BY e.date, e.article_id, e.sentence, e.id{_limit(limit)}"
    )
    for row in store.stream(sql, params):
        yield dict(zip(EVENT_COLUMNS, row, strict=True))


def select_records(
    store: SQLStore, where: EventFilter | None = None, *, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Full ``dyads.event/1`` records, each with the ``story_id`` of its article added."""
    clause, params = (where or EventFilter()).where()
    sql = (
        f"SELECT e.record, a.story_id {FROM_EVENTS} {clause}"
        f" ORDER BY e.date, e.article_id, e.sentence, e.id{_limit(limit)}"
    )
    for record, story_id in store.stream(sql, params):
        data: dict[str, Any] = json.loads(record)
        data["story_id"] = story_id
        yield data


STORY_COLUMNS = (*EVENT_COLUMNS, "num_mentions", "num_articles", "num_sources", "ingested_at")


def select_story_events(
    store: SQLStore, where: EventFilter | None = None, *, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """One row per event per story (copies counted once), with mention, article and outlet
    counts; the other columns come from the story's representative mention."""
    clause, params = (where or EventFilter()).where()
    sql = (
        f"SELECT {SELECT_EVENTS}, se.num_mentions, se.num_articles, se.num_sources,"
        " a.ingested_at"
        " FROM story_events se JOIN events e ON e.id = se.event_id"
        " JOIN articles a ON a.id = e.article_id AND a.story_id = se.story_id"
        f" {clause} ORDER BY e.date, se.story_id, e.id{_limit(limit)}"
    )
    for row in store.stream(sql, params):
        yield dict(zip(STORY_COLUMNS, row, strict=True))


def count_by_date(
    store: SQLStore,
    where: EventFilter | None = None,
    *,
    interval: str = "day",
    per_story: bool = False,
) -> list[tuple[str, int]]:
    """Events per day, month or year (the periods an ISO-date prefix names): a dyad time
    series with ``source`` and ``target`` set.

    ``per_story`` counts each event of a story once instead of every article's mention.
    """
    width = INTERVALS[interval].prefix if interval in INTERVALS else None
    if width is None:
        named = ", ".join(name for name, period in INTERVALS.items() if period.prefix)
        raise InputError("--interval", f"{interval!r} is not one of {named}")
    where = where or EventFilter()
    clause, params = where.where()
    clause = (clause + " AND" if clause else "WHERE") + " e.date IS NOT NULL"
    counted = "COUNT(DISTINCT a.story_id || '/' || e.dyad_key)" if per_story else "COUNT(*)"
    # The join to articles costs more than the count itself; make it only when it is used.
    source = FROM_EVENTS if per_story or where.story_id else "FROM events e"
    sql = (
        f"SELECT SUBSTR(e.date, 1, {width}) AS period, {counted} {source} {clause}"
        " GROUP BY period ORDER BY period"
    )
    return [(str(period), int(n)) for period, n in store.fetch(sql, params)]
