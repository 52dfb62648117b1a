"""The counts `dyads alerts` scores, grouped in SQL from the writer's tables (schema v8).

The alerts count events per actor pair, type (or quad class) and period over a window of
periods, and score only the pairs with ``min_count`` events in a checked period. Folding
every daily row of the window into pairs in Python cost a second on a 10M-event store (the
window's rows name thousands of actor combinations); here the database does it: each daily
row's combination id ``k`` joins its actor pairs (``dyad_pairs``, :mod:`dyads.store.totals`),
each day joins its period (the window's distinct days, mapped to periods in Python and sent
as a ``VALUES`` list, so the SQL is the same on DuckDB and PostgreSQL), and only the series of
candidate pairs come back. Their counts are those :func:`dyads.query.alerts._fold` makes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dyads.query.scope import Scope, parse_day, period_start
from dyads.store import SQLStore
from dyads.store.daily import DYAD_DAYS
from dyads.store.totals import PAIRS

Counts = dict[tuple[str, str, str], dict[date, int]]
MAX_DAYS = 5000  # days in one VALUES list; a longer window is folded in Python


def candidate_counts(
    store: SQLStore,
    wide: Scope,
    interval: str,
    by: str,
    checked: tuple[date, date | None],
    min_count: int,
    quad_names: dict[int, str],
) -> tuple[Counts, date | None] | None:
    """Per (source, target, key), the periods' counts in the ``wide`` scope, for the series
    with ``min_count`` events in a period from ``checked[0]`` to ``checked[1]`` (None: no
    end); and the last period with any pair. None when the window has too many days."""
    clause, params = wide.where()
    days = [
        row[0] for row in store.fetch(f"SELECT DISTINCT e.date FROM {DYAD_DAYS} e {clause}", params)
    ]
    periods: list[tuple[str, int]] = []
    for text in days:
        day = parse_day(text) if text else None
        if day is not None:
            periods.append((text, period_start(day, interval).toordinal()))
    if not periods:
        return {}, None
    if len(periods) > MAX_DAYS:
        return None
    values = ", ".join(["(?, CAST(? AS INTEGER))"] * len(periods))
    key = "e.type" if by == "type" else "e.quad_class"
    low, high = checked[0].toordinal(), checked[1].toordinal() if checked[1] else None
    upper = " AND h.period <= ?" if high is not None else ""
    sql = (
        f"WITH p(day, period) AS (VALUES {values}),"
        f" c AS (SELECT x.source, x.target, {key} AS key, p.period, SUM(e.n) AS n"
        f" FROM {DYAD_DAYS} e JOIN {PAIRS} x ON x.k = e.k JOIN p ON p.day = e.date {clause}"
        f" GROUP BY x.source, x.target, {key}, p.period)"
        " SELECT c.source, c.target, c.key, c.period, c.n FROM c WHERE EXISTS (SELECT 1 FROM c h"
        " WHERE h.source = c.source AND h.target = c.target AND h.key = c.key"
        f" AND h.n >= ? AND h.period >= ?{upper})"
        " UNION ALL SELECT NULL, NULL, NULL, MAX(c.period), NULL FROM c"
    )
    values_params: list[object] = [v for pair in periods for v in pair]
    bounds: list[object] = [min_count, low, *([high] if high is not None else [])]
    counts: Counts = defaultdict(dict)
    latest: date | None = None
    for source, target, group, period, n in store.fetch(sql, values_params + params + bounds):
        if source is None:
            latest = date.fromordinal(int(period)) if period is not None else None
            continue
        name = group if by == "type" else quad_names.get(int(group), str(group))
        counts[(source, target, name)][date.fromordinal(int(period))] = int(n)
    return counts, latest


__all__ = ["candidate_counts"]
