"""Spikes: dyads whose activity of one type (or quad class) departs from their own baseline.

For every dyad and type, events are counted per period. A period is checked against the
``window`` periods before it (the dyad's own baseline, never the corpus average, because ten
ACCUSE events a week is quiet for USA→RUS and loud for FRA→DEU):

- ``zscore``: z = (count − baseline mean) / max(baseline sd, 1); the floor keeps a dyad that
  was perfectly quiet from turning one event into infinity.
- ``poisson``: the chance of at least ``count`` events if the baseline rate held, with half an
  event added to the baseline so that "never seen before" still has a small, finite rate.

An alert says why in one sentence and lists the events that make it up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dyads.errors import InputError
from dyads.model import RECIPROCAL_TYPES
from dyads.query.alert_counts import candidate_counts
from dyads.query.evidence import Point, listed_events
from dyads.query.intervals import INTERVALS
from dyads.query.network import actor_names
from dyads.query.pairs import PairRow, pair_rows
from dyads.query.scope import (
    Scope,
    bound_day,
    check_interval,
    next_period,
    parse_day,
    period_label,
    period_start,
)
from dyads.store import SQLStore
from dyads.store.daily import DYAD_DAYS, has_days
from dyads.store.totals import has_totals

METHODS = ("zscore", "poisson")
GROUPINGS = ("type", "quad")
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(slots=True)
class Alert:
    source: str
    target: str
    key: str  # the PLOVER type, or the quad class name
    period: str
    start: str
    end: str
    count: int
    baseline_mean: float
    baseline_sd: float
    baseline_periods: int
    zscore: float
    p_value: float
    reason: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "key": self.key,
            "period": self.period,
            "start": self.start,
            "end": self.end,
            "count": self.count,
            "baseline_mean": round(self.baseline_mean, 3),
            "baseline_sd": round(self.baseline_sd, 3),
            "baseline_periods": self.baseline_periods,
            "zscore": round(self.zscore, 2),
            "p_value": float(f"{self.p_value:.3g}"),
            "reason": self.reason,
            "evidence": self.evidence,
        }


def poisson_sf(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate)."""
    if count <= 0:
        return 1.0
    term = math.exp(-rate)
    below = term
    for k in range(1, count):
        term *= rate / k
        below += term
    return max(0.0, 1.0 - below)


def _check(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise InputError(name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def find_alerts(
    store: SQLStore,
    *,
    scope: Scope | None = None,
    interval: str = "week",
    by: str = "type",
    method: str = "zscore",
    threshold: float | None = None,
    window: int = 8,
    min_baseline: int = 2,
    min_count: int = 3,
    evidence: int = 5,
    limit: int = 50,
) -> list[Alert]:
    """Spikes in the periods from ``scope.since`` to ``scope.until`` (default: the last period
    with events), strongest first.

    ``threshold`` is a z-score (default 3) or a p-value (default 0.001) by ``method``; a
    period needs ``min_count`` events and ``min_baseline`` earlier periods of data to count.
    """
    check_interval(interval)
    _check(by, GROUPINGS, "--by")
    _check(method, METHODS, "--method")
    if not 1 <= window <= 520:
        raise InputError("--window", "give a number of periods from 1 to 520")
    scope = scope or Scope()
    cut = 3.0 if threshold is None and method == "zscore" else threshold or 0.001
    since = bound_day(scope.since, end=False)
    until = bound_day(scope.until, end=True)
    first_day = _first_day(store)
    counts, latest = _period_counts(
        store, scope, interval, by, window, (since, first_day), min_count
    )
    if latest is None:
        return []
    origin = period_start(first_day, interval) if first_day else latest
    checked_from = period_start(since, interval) if since else latest
    checked_to = period_start(until, interval) if until else latest
    found: list[Alert] = []
    for (src, tgt, key), series in counts.items():
        for start, count in series.items():
            if not checked_from <= start <= checked_to or count < min_count:
                continue
            base = _baseline(series, start, interval, window, origin)
            if len(base) < min_baseline:
                continue
            alert = _score(src, tgt, key, start, interval, count, base)
            hit = alert.zscore >= cut if method == "zscore" else alert.p_value <= cut
            if hit:
                found.append(alert)
    # The period last: equal scores of one series in two periods come out in time order.
    found.sort(key=lambda a: (a.p_value, -a.zscore, -a.count, a.source, a.target, a.key, a.start))
    found = found[: max(1, limit)]
    _explain(store, found, scope=scope, interval=interval, by=by, evidence=evidence)
    return found


Counts = dict[tuple[str, str, str], dict[date, int]]


def _period_counts(
    store: SQLStore,
    scope: Scope,
    interval: str,
    by: str,
    window: int,
    days: tuple[date | None, date | None],
    min_count: int,
) -> tuple[Counts, date | None]:
    """Events per (source, target, key) and period, from the first baseline period of the
    checked ones to ``until``; and the last period with any (the default one to check).
    ``days`` is ``since`` and the store's first day.

    Only that window is read: the checked periods start at ``since``, else at the last
    period with events, and each needs the ``window`` periods before it. From schema v8 the
    database groups it and returns only the series that can hold an alert (``min_count``
    events in a checked period; :mod:`dyads.query.alert_counts`)."""
    since, first_day = days
    start = since
    last = _last_day(store, scope) if since is None else None
    if since is None:
        start = period_start(last, interval) if last is not None else None
    if start is not None and first_day is not None:
        for _ in range(window):
            if start <= first_day:
                break
            start = _previous(start, interval)
    if start is not None and has_totals(store):
        until = bound_day(scope.until, end=True)
        low = period_start(since or last or start, interval)
        high = period_start(until, interval) if until else (None if since else low)
        grouped = candidate_counts(
            store, _wide(scope, start), interval, by, (low, high), min_count, QUAD_NAMES
        )
        if grouped is not None and not _short(grouped[1], last, interval):
            return grouped
    counts, latest = _fold(_window_rows(store, scope, start), interval, by)
    # The last dated rows yield no pair (events without a target): the last period with a
    # pair lies further back, so read everything up to it, as a whole-history read would.
    if _short(latest, last, interval):
        counts, latest = _fold(_window_rows(store, scope, None), interval, by)
    return counts, latest


def _short(latest: date | None, last: date | None, interval: str) -> bool:
    """Whether the last period with a pair lies before the last day's (see above)."""
    return last is not None and (latest is None or latest < period_start(last, interval))


def _window_rows(store: SQLStore, scope: Scope, start: date | None) -> list[PairRow]:
    return pair_rows(store, _wide(scope, start), by_date=True)


def _wide(scope: Scope, start: date | None) -> Scope:
    # The day before: a date known only to its month or year ("2024-08") sorts before its
    # first day's ISO form but counts in that day's period.
    return Scope(
        since=(start - timedelta(days=1)).isoformat() if start is not None else None,
        until=scope.until,
        types=scope.types,
        include_hedged=scope.include_hedged,
        include_negated=scope.include_negated,
        per_story=scope.per_story,
    )


def _fold(rows: list[PairRow], interval: str, by: str) -> tuple[Counts, date | None]:
    counts: Counts = defaultdict(lambda: defaultdict(int))
    latest: date | None = None
    starts: dict[str, date | None] = {}  # a window has few days and many rows of each
    for src, tgt, type_, quad, day_text, count, *_ in rows:
        if day_text not in starts:
            day = parse_day(day_text) if day_text else None
            starts[day_text] = period_start(day, interval) if day is not None else None
        start = starts[day_text]
        if start is None:
            continue
        key = type_ if by == "type" else QUAD_NAMES.get(int(quad), str(quad))
        counts[(src, tgt, key)][start] += int(count)
        latest = start if latest is None or start > latest else latest
    return counts, latest


def _table(store: SQLStore) -> str:
    return DYAD_DAYS if has_days(store) else "events"


def _first_day(store: SQLStore) -> date | None:
    rows = store.fetch(f"SELECT MIN(date) FROM {_table(store)} WHERE date IS NOT NULL")
    return parse_day(rows[0][0]) if rows and rows[0][0] else None


def _last_day(store: SQLStore, scope: Scope) -> date | None:
    """The last dated day of the events in scope (the day of any event, paired or not).

    Looked for among the store's last two months first: a filtered MAX reads every row, an
    unfiltered one and a recent window only their blocks."""
    table = _table(store)
    top = store.fetch(f"SELECT MAX(date) FROM {table} WHERE date IS NOT NULL")
    newest = parse_day(top[0][0]) if top and top[0][0] else None
    if newest is None:
        return None
    recent = (newest - timedelta(days=62)).isoformat()
    for extra in ([("e.date >= ?", [recent])], []):
        clause, params = scope.where(("e.date IS NOT NULL", []), *extra)
        rows = store.fetch(f"SELECT MAX(e.date) FROM {table} e {clause}", params)
        if rows and rows[0][0]:
            return parse_day(rows[0][0])
    return None


def _baseline(
    series: dict[date, int], start: date, interval: str, window: int, origin: date
) -> list[int]:
    """Counts of the ``window`` periods before ``start`` that lie within the store's data."""
    counts: list[int] = []
    current = start
    for _ in range(window):
        current = _previous(current, interval)
        if current < origin:
            break
        counts.append(series.get(current, 0))
    return counts


def _previous(start: date, interval: str) -> date:
    return INTERVALS[interval].previous(start)


def _score(
    src: str, tgt: str, key: str, start: date, interval: str, count: int, base: list[int]
) -> Alert:
    mean = sum(base) / len(base)
    sd = math.sqrt(sum((x - mean) ** 2 for x in base) / len(base))
    zscore = (count - mean) / max(sd, 1.0)
    rate = (sum(base) + 0.5) / len(base)
    end = next_period(start, interval)
    return Alert(
        source=src,
        target=tgt,
        key=key,
        period=period_label(start, interval),
        start=start.isoformat(),
        end=date.fromordinal(end.toordinal() - 1).isoformat(),
        count=count,
        baseline_mean=mean,
        baseline_sd=sd,
        baseline_periods=len(base),
        zscore=zscore,
        p_value=poisson_sf(count, rate),
    )


def _explain(
    store: SQLStore,
    alerts: list[Alert],
    *,
    scope: Scope,
    interval: str,
    by: str,
    evidence: int,
) -> None:
    names = actor_names(store, sorted({a.source for a in alerts} | {a.target for a in alerts}))
    quads = {name: quad for quad, name in QUAD_NAMES.items()}
    points = []
    for alert in alerts:
        source = names.get(alert.source, (alert.source, None))[0]
        target = names.get(alert.target, (alert.target, None))[0]
        before = (
            "none"
            if alert.baseline_mean == 0
            else f"{alert.baseline_mean:.1f} per {interval} on average"
        )
        arrow = "–" if alert.key in RECIPROCAL_TYPES else "→"
        alert.reason = (
            f"{source} {arrow} {target}: {alert.count} {alert.key} events in {interval}"
            f" {alert.period}; the previous {alert.baseline_periods} {interval}s had {before}"
            f" (z = {alert.zscore:.1f}, Poisson p = {alert.p_value:.2g})"
        )
        scoped = Scope(
            since=alert.start,
            until=alert.end,
            types=(alert.key,) if by == "type" else scope.types,
            include_hedged=scope.include_hedged,
            include_negated=scope.include_negated,
            per_story=scope.per_story,
        )
        quad = quads.get(alert.key) if by == "quad" else None
        points.append(
            Point(alert.source, alert.target, scoped, quad, max(evidence, alert.count) * 4 + 10)
        )
    # All alerts' events in one read (dyads.query.evidence).
    for alert, rows in zip(alerts, listed_events(store, points, evidence), strict=True):
        alert.evidence = rows


__all__ = ["METHODS", "Alert", "find_alerts", "poisson_sf"]
