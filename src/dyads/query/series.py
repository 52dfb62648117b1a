"""Dyad time series: how often two actors interact per day, week or month, and how warmly.

Each period counts events by quad class (1 verbal and 2 material cooperation, 3 verbal and
4 material conflict) and carries two cooperation–conflict indexes:

- ``goldstein_index``: the mean Goldstein score of the period's events (−10 … +10);
- ``count_index``: (cooperation − conflict) / all events (−1 … +1), which no single extreme
  code can dominate.

Grouping happens in SQL by day (a few rows per active day); weeks and months are folded in
Python, which keeps the SQL the same on DuckDB and PostgreSQL. The daily counts come from the
writer's ``dyad_days`` table (:mod:`dyads.store.daily`), whose rows are the events already
folded by day, so a series reads the dyad's days and not every event of the store; from
schema v8 the dyad's combinations of type and actor keys are found in the small all-time table
``dyad_totals`` (:mod:`dyads.store.totals`) and only their daily rows are read, by id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from dyads.errors import InputError
from dyads.query.filters import EVENT_COLUMNS, FROM_EVENTS, SELECT_EVENTS, EventFilter
from dyads.query.flat import FLAT_EVENT
from dyads.query.scope import (
    Scope,
    bound_day,
    check_interval,
    dyad_clause,
    next_period,
    parse_day,
    period_label,
    period_range,
    period_start,
    shared_slot_sign,
)
from dyads.store import SQLStore
from dyads.store.daily import DYAD_DAYS, has_days
from dyads.store.totals import TOTALS, has_totals

MAX_PERIODS = 5000
# The flat event row from the events table alone, the article's columns left NULL.
EVENTS_ALONE = (
    ", ".join(
        f"{c.sql} AS {c.name}" if c.table == "events" else f"NULL AS {c.name}" for c in FLAT_EVENT
    ),
    "FROM events e",
)
QUADS = (1, 2, 3, 4)


@dataclass(slots=True)
class SeriesPoint:
    period: str  # label: 2024-10-20, 2024-W42 or 2024-10
    start: str  # first day (ISO)
    end: str  # last day (ISO), inclusive
    quad: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    goldstein: float = 0.0  # sum over the period's events

    @property
    def total(self) -> int:
        return sum(self.quad.values())

    @property
    def goldstein_index(self) -> float | None:
        return round(self.goldstein / self.total, 3) if self.total else None

    @property
    def count_index(self) -> float | None:
        if not self.total:
            return None
        cooperation = self.quad[1] + self.quad[2]
        return round((cooperation - self.quad[3] - self.quad[4]) / self.total, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start,
            "end": self.end,
            "total": self.total,
            "verbal_cooperation": self.quad[1],
            "material_cooperation": self.quad[2],
            "verbal_conflict": self.quad[3],
            "material_conflict": self.quad[4],
            "goldstein": round(self.goldstein, 3),
            "goldstein_index": self.goldstein_index,
            "count_index": self.count_index,
        }


@dataclass(slots=True)
class DyadSeries:
    a: str
    b: str
    directed: bool
    interval: str
    scope: Scope
    points: list[SeriesPoint]

    def totals(self) -> SeriesPoint:
        whole = SeriesPoint("all", self.points[0].start if self.points else "", "")
        if self.points:
            whole.end = self.points[-1].end
        for point in self.points:
            for quad in QUADS:
                whole.quad[quad] += point.quad[quad]
            whole.goldstein += point.goldstein
        return whole

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "directed": self.directed,
            "interval": self.interval,
            "scope": asdict(self.scope) | {"types": list(self.scope.types)},
            "totals": self.totals().to_dict(),
            "points": [p.to_dict() for p in self.points],
        }


def _check_actor(value: str, name: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 100 or ";" in value:
        raise InputError(name, "give an actor id or code such as RUS or G7")
    return value


def dyad_series(
    store: SQLStore,
    a: str,
    b: str,
    *,
    interval: str = "week",
    directed: bool = False,
    scope: Scope | None = None,
) -> DyadSeries:
    """Events between ``a`` and ``b`` (ids or codes) per period, split by quad class.

    Periods with no events between the first and the last (or ``since`` and ``until`` where
    given) are present with zero counts, so charts show silence as silence.
    """
    check_interval(interval)
    a, b = _check_actor(a, "a"), _check_actor(b, "b")
    scope = scope or Scope()
    buckets: dict[date, SeriesPoint] = {}
    for day_text, quad, count, goldstein in _daily_counts(store, a, b, directed, scope):
        day = parse_day(day_text)
        if day is None or quad not in QUADS:
            continue
        start = period_start(day, interval)
        point = buckets.get(start) or _point(start, interval)
        buckets[start] = point
        point.quad[int(quad)] += int(count)
        point.goldstein += float(goldstein or 0.0)
    first = bound_day(scope.since, end=False) or (min(buckets) if buckets else None)
    last = bound_day(scope.until, end=True) or (max(buckets) if buckets else None)
    points: list[SeriesPoint] = []
    if first is not None and last is not None:
        for start in period_range(first, last, interval, limit=MAX_PERIODS):
            points.append(buckets.get(start) or _point(start, interval))
    return DyadSeries(a, b, directed, interval, scope, points)


def _dyad_rows(
    store: SQLStore,
    a: str,
    b: str,
    directed: bool,
    query: Callable[[tuple[str, list[Any]], str, bool], tuple[str, list[Any]]],
) -> list[tuple[Any, ...]]:
    """Rows of ``query(dyad clause, flag, on slots)``, whose SQL ends each row with the flag.

    Asked on the key columns first, and again on the actor slots only when a row is flagged:
    one reciprocal event slot may hold both actors (see :func:`shared_slot_sign`)."""
    sign, sign_params = shared_slot_sign(a, b)
    shared = a == b
    while True:
        dyad = dyad_clause(a, b, directed=directed, shared_slot=shared)
        sql, params = query(dyad, sign, shared)
        rows = store.fetch(sql, sign_params + params)
        if shared or not any(row[-1] for row in rows):
            return [row[:-1] for row in rows]
        shared = True


def _daily_counts(
    store: SQLStore, a: str, b: str, directed: bool, scope: Scope
) -> list[tuple[Any, ...]]:
    """``(date, quad_class, events, goldstein sum)`` rows of the dyad."""
    folded = has_days(store)
    if folded and has_totals(store):
        rows = _counts_by_combination(store, a, b, directed, scope)
        if rows is not None:
            return rows

    def query(dyad: tuple[str, list[Any]], sign: str, slots: bool) -> tuple[str, list[Any]]:
        clause, params = scope.where(dyad)
        # The actor slots live in event_actors, which only the events themselves join.
        if folded and not slots:
            counted, source = "SUM(e.n)", f"FROM {DYAD_DAYS} e"
        else:
            counted, source = "COUNT(*)", FROM_EVENTS
        sql = (
            f"SELECT e.date, e.quad_class, {counted}, SUM(e.goldstein),"
            f" MAX(CASE WHEN {sign} THEN 1 ELSE 0 END) {source} {clause}"
            " AND e.date IS NOT NULL GROUP BY e.date, e.quad_class"
        )
        return sql, params

    return _dyad_rows(store, a, b, directed, query)


def _counts_by_combination(
    store: SQLStore, a: str, b: str, directed: bool, scope: Scope
) -> list[tuple[Any, ...]] | None:
    """The daily rows of the dyad's combinations (``dyad_totals``), read by their id ``k``;
    None where one of them may hold both actors in one slot (see :func:`_dyad_rows`)."""
    sign, sign_params = shared_slot_sign(a, b)
    if a == b:
        return None
    dyad, dyad_params = dyad_clause(a, b, directed=directed, shared_slot=False)
    undated = replace(scope, since=None, until=None)
    clause, params = undated.where((dyad, dyad_params))
    flagged = store.fetch(
        f"SELECT MAX(CASE WHEN {sign} THEN 1 ELSE 0 END) FROM {TOTALS} e {clause}",
        sign_params + params,
    )
    if flagged and flagged[0][0]:
        return None
    dated, dated_params = EventFilter(since=scope.since, until=scope.until).where()
    return store.fetch(
        f"SELECT e.date, e.quad_class, SUM(e.n), SUM(e.goldstein) FROM {DYAD_DAYS} e"
        f" WHERE e.k IN (SELECT e.k FROM {TOTALS} e {clause}) AND e.date IS NOT NULL"
        f"{dated.replace('WHERE ', ' AND ', 1)} GROUP BY e.date, e.quad_class",
        params + dated_params,
    )


def _point(start: date, interval: str) -> SeriesPoint:
    end = next_period(start, interval) - timedelta(days=1)
    return SeriesPoint(period_label(start, interval), start.isoformat(), end.isoformat())


def dyad_events(
    store: SQLStore,
    a: str,
    b: str,
    *,
    directed: bool = False,
    scope: Scope | None = None,
    quad_class: int | None = None,
    limit: int = 100,
    articles: bool = True,
) -> list[dict[str, Any]]:
    """The events behind a series point: same scope, the point's dates as since/until.

    ``articles=False`` leaves the article's columns (title, url ...) empty and reads the
    events alone: the join reads every article, which a caller asking for many points can
    do once for all of them instead."""
    a, b = _check_actor(a, "a"), _check_actor(b, "b")
    if quad_class is not None and quad_class not in QUADS:
        raise InputError("quad_class", f"{quad_class!r} is not 1, 2, 3 or 4")
    extra = [("e.quad_class = ?", [quad_class])] if quad_class is not None else []

    def query(dyad: tuple[str, list[Any]], sign: str, _slots: bool) -> tuple[str, list[Any]]:
        clause, params = (scope or Scope()).where(dyad, *extra)
        columns, source = (SELECT_EVENTS, FROM_EVENTS) if articles else EVENTS_ALONE
        sql = (
            f"SELECT {columns}, CASE WHEN {sign} THEN 1 ELSE 0 END {source} {clause}"
            f" ORDER BY e.date, e.article_id, e.sentence, e.id LIMIT {max(1, int(limit))}"
        )
        return sql, params

    rows = _dyad_rows(store, a, b, directed, query)
    return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]
