"""What the analyses (series, network, alerts) share: which events count, dyads, periods.

A :class:`Scope` wraps :class:`~dyads.query.filters.EventFilter` with the analysts' defaults:
hedged and negated events are left out unless asked for, and each event of a story counts
once (its representative mention in the ``story_events`` view), so that ten syndicated copies
of one wire story are not ten events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dyads.errors import InputError
from dyads.model import RECIPROCAL_TYPES
from dyads.query.filters import EventFilter
from dyads.query.intervals import INTERVALS, interval
from dyads.store.schema import DYAD_ROLES_SQL

_RECIPROCAL = tuple(sorted(RECIPROCAL_TYPES))
# The ``story_events`` view's pick of each story's event, which the writer keeps in a column.
_STORY_REPRESENTATIVE = "e.representative"


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events an analysis counts."""

    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    include_hedged: bool = False
    include_negated: bool = False
    per_story: bool = True

    def event_filter(self) -> EventFilter:
        return EventFilter(
            types=tuple(t.upper() for t in self.types),
            since=self.since,
            until=self.until,
            hedged=None if self.include_hedged else False,
            negated=None if self.include_negated else False,
        )

    def where(self, *extra: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        """``WHERE ...`` over ``events e`` / ``articles a`` with ``extra`` clauses ANDed in."""
        clause, params = self.event_filter().where()
        clauses = [clause.removeprefix("WHERE ")] if clause else []
        if self.per_story:
            clauses.append(_STORY_REPRESENTATIVE)
        for sql, values in extra:
            clauses.append(sql)
            params.extend(values)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def reciprocal_types() -> tuple[str, ...]:
    return _RECIPROCAL


def dyad_clause(
    a: str, b: str, *, directed: bool, shared_slot: bool = True
) -> tuple[str, list[Any]]:
    """Events between actors ``a`` and ``b`` (ids or codes).

    Directed: ``a`` among the sources and ``b`` among the targets. Undirected: either way round.
    Reciprocal types (COOPERATE, CONSULT) have no direction, so any two role slots count, but
    not one slot twice: an actor is not its own partner.

    ``shared_slot`` says whether one actor slot may match both ``a`` and ``b`` (the same
    value, or one actor's id and code; :func:`shared_slot_sign` finds such events). Only then
    does the answer need the slots of ``event_actors``; otherwise the key columns of ``events``
    answer it exactly, at a fraction of the cost.
    """
    if shared_slot:
        return _slot_dyad_clause(a, b, directed=directed)
    key_a, key_b = f";{a};", f";{b};"
    has = "POSITION(? IN e.{}) > 0"
    pairs = [f"({has.format('source_keys')} AND {has.format('target_keys')})"]
    params: list[Any] = [key_a, key_b]
    if not directed:
        pairs.append(pairs[0])
        params += [key_b, key_a]
    both = has.format("source_keys || e.target_keys")
    marks = ", ".join("?" for _ in _RECIPROCAL)
    pairs.append(f"(e.type IN ({marks}) AND {both} AND {both})")
    params += [*_RECIPROCAL, key_a, key_b]
    return "(" + " OR ".join(pairs) + ")", params


def shared_slot_sign(a: str, b: str) -> tuple[str, list[Any]]:
    """True for the events the key-column form of :func:`dyad_clause` may count wrongly: one
    reciprocal event slot holding ``a`` and ``b`` as its id and code. A query that finds any
    can be asked again with ``shared_slot=True``; most never do, which saves a lookup."""
    marks = ", ".join("?" for _ in _RECIPROCAL)
    near = "POSITION(? IN e.source_keys || e.target_keys) > 0"
    sql = f"(e.type IN ({marks}) AND ({near} OR {near}))"
    return sql, [*_RECIPROCAL, f";{a};{b};", f";{b};{a};"]


def _slot_dyad_clause(a: str, b: str, *, directed: bool) -> tuple[str, list[Any]]:
    pair = "(x.role = 'source' AND y.role = 'target')" if directed else "(x.role <> y.role)"
    marks = ", ".join("?" for _ in _RECIPROCAL)
    sql = (
        "EXISTS (SELECT 1 FROM event_actors x JOIN event_actors y"
        " ON y.article_id = x.article_id AND y.event_id = x.event_id"
        " WHERE x.article_id = e.article_id AND x.event_id = e.id"
        f" AND x.role IN {DYAD_ROLES_SQL} AND y.role IN {DYAD_ROLES_SQL}"
        " AND (x.actor_id = ? OR x.code = ?) AND (y.actor_id = ? OR y.code = ?)"
        f" AND ({pair} OR (e.type IN ({marks}) AND NOT (x.role = y.role AND x.pos = y.pos))))"
    )
    return sql, [a, a, b, b, *_RECIPROCAL]


def check_interval(name: str) -> str:
    return interval(name).name


def parse_day(value: str) -> date | None:
    """The first day an ISO date or prefix (``2024``, ``2024-10``, ``2024-10-20T..``) covers."""
    text = str(value)
    try:
        if len(text) >= 10:
            return date.fromisoformat(text[:10])
        if len(text) == 7:
            return date.fromisoformat(text + "-01")
        if len(text) == 4:
            return date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def period_start(day: date, name: str) -> date:
    return INTERVALS[name].start(day)


def next_period(start: date, name: str) -> date:
    return INTERVALS[name].next(start)


def period_label(start: date, name: str) -> str:
    return INTERVALS[name].label(start)


def period_range(first: date, last: date, interval: str, *, limit: int) -> list[date]:
    """Every period start from ``first``'s period to ``last``'s, at most ``limit`` of them."""
    starts = []
    current = period_start(first, interval)
    while current <= last:
        starts.append(current)
        if len(starts) > limit:
            raise InputError(
                "--interval", f"more than {limit} {interval}s: narrow the dates or use a longer one"
            )
        current = next_period(current, interval)
    return starts


def bound_day(value: str | None, *, end: bool) -> date | None:
    """``since``/``until`` as a day: a prefix's first day, or for ``until`` its last day."""
    if value is None:
        return None
    first = parse_day(value)
    if first is None or not end or len(value) >= 10:
        return first
    if len(value) == 7:
        return next_period(first, "month") - timedelta(days=1)
    return date(first.year, 12, 31)
