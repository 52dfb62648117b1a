"""A batch's change to ``dyad_days``, added to the stored counts instead of recounting its days.

:func:`dyads.store.daily.refresh_days` rebuilds a day from every event of that day, so a
batch cost what its days already held: ``SELECT ... FROM events WHERE date IN (...)`` reads
the whole ``date`` column, and the events of a busy day (or, in a corpus whose articles fall
on many days, of every day) grow with the store. A batch's writer knows exactly what it
changes, though: its new event rows, each counted once under its own key, and the stored picks
it demoted, each moved from its ``representative = TRUE`` row to the ``FALSE`` one. Folded
by key, that change is a few hundred rows a batch; it is added to the matching rows (and the
missing rows inserted, rows left at zero deleted), so the result is the recount's, row for row
(Goldstein sums up to rounding), at a cost that follows the batch and the days it touches.

Re-coding (which can move and drop events) and upgrades still recount (``refresh_days``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dyads.store.schema import DYAD_DAYS, EVENTS, TYPES, Connection

# The grouping keys of dyad_days, in its column order; ``representative`` is one of them.
KEYS = tuple(name for name, _ in DYAD_DAYS[:-2])
_EVENT_NAMES = [name for name, _ in EVENTS]
_KEY_AT = tuple(_EVENT_NAMES.index(name) for name in KEYS)
_GOLDSTEIN_AT = _EVENT_NAMES.index("goldstein")
_PICK = KEYS.index("representative")
# What a demotion returns of each event (``UPDATE ... RETURNING``): its id, then its keys
# without the flag (now FALSE, before TRUE), then its Goldstein score.
DEMOTED_COLUMNS = ("id", *(k for k in KEYS if k != "representative"), "goldstein")
_ROWS_PER_STATEMENT = 1000  # 12 parameters a row: under every backend's limit

Delta = tuple[Any, ...]  # the keys, then n, then the Goldstein sum


def batch_deltas(events: Iterable[Sequence[Any]], demoted: Iterable[Sequence[Any]]) -> list[Delta]:
    """The change to ``dyad_days`` of new event rows (in ``EVENTS`` column order, their flag
    set) and of demoted events (rows in ``DEMOTED_COLUMNS`` order), folded by key."""
    folded: dict[tuple[Any, ...], list[Any]] = {}

    def add(key: tuple[Any, ...], n: int, goldstein: Any) -> None:
        slot = folded.setdefault(key, [0, None])
        slot[0] += n
        if goldstein is not None:  # SUM ignores NULLs: a group of NULL scores sums to NULL
            slot[1] = (slot[1] or 0.0) + n * goldstein

    for row in events:
        add(tuple(row[at] for at in _KEY_AT), 1, row[_GOLDSTEIN_AT])
    for row in demoted:
        keys, goldstein = tuple(row[1:-1]), row[-1]
        add((*keys[:_PICK], True, *keys[_PICK:]), -1, goldstein)
        add((*keys[:_PICK], False, *keys[_PICK:]), 1, goldstein)
    # A key whose count nets to zero may still change its sum (a pick moved within the key).
    return [(*key, n, total) for key, (n, total) in folded.items() if n or total]


def add_deltas(conn: Connection, deltas: Sequence[Delta]) -> None:
    """Add ``deltas`` (from :func:`batch_deltas`) to ``dyad_days``, inside the caller's
    transaction."""
    dated = sorted((d for d in deltas if d[0] is not None), key=lambda d: str(d[0]))
    undated = [d for d in deltas if d[0] is None]
    for part, is_dated in ((dated, True), (undated, False)):
        for start in range(0, len(part), _ROWS_PER_STATEMENT):
            _add(conn, part[start : start + _ROWS_PER_STATEMENT], dated=is_dated)


@contextmanager
def staged(conn: Connection, rows: Sequence[Delta]) -> Iterator[tuple[str, list[Any]]]:
    """The rows as a relation to select from: ``(sql, params)``. A backend with a faster way
    (DuckDB registers the columns) offers ``staged``; else a parameterised VALUES list."""
    own = getattr(conn, "staged", None)
    if own is not None:
        with own(DYAD_DAYS, rows) as relation:
            yield relation, []
        return
    types = TYPES[conn.dialect]
    casts = ", ".join(f"CAST(? AS {types[kind]})" for _, kind in DYAD_DAYS)
    values = ", ".join([f"({casts})"] * len(rows))
    yield f"(VALUES {values})", [value for row in rows for value in row]


def _add(conn: Connection, deltas: Sequence[Delta], *, dated: bool) -> None:
    names = ", ".join(name for name, _ in DYAD_DAYS)
    # Days compare with "=" (a hash key, and a range DuckDB can skip blocks by); the other
    # keys may be NULL.
    match = " AND ".join(
        ("d.date = x.date" if dated else "d.date IS NULL")
        if name == "date"
        else f"d.{name} IS NOT DISTINCT FROM x.{name}"
        for name in KEYS
    )
    if dated:
        window, bounds = " AND d.date BETWEEN ? AND ?", [deltas[0][0], deltas[-1][0]]
    else:
        window, bounds = "", []
    with staged(conn, deltas) as (relation, params):
        delta = f"{relation} AS x({names})"
        conn.execute(
            f"UPDATE {_TABLE} AS d SET n = d.n + x.n, goldstein = CASE WHEN x.goldstein IS NULL"
            " THEN d.goldstein ELSE COALESCE(d.goldstein, 0) + x.goldstein END"
            f" FROM {delta} WHERE {match}{window}",
            [*params, *bounds],
        )
        conn.execute(
            f"INSERT INTO {_TABLE} ({names}) SELECT {names} FROM {delta} WHERE NOT EXISTS"
            f" (SELECT 1 FROM {_TABLE} d WHERE {match}{window}) ORDER BY x.date",
            [*params, *bounds],
        )
    if any(row[-2] < 0 for row in deltas):  # a demoted pick may have been its key's last
        where = "date BETWEEN ? AND ?" if dated else "date IS NULL"
        conn.execute(f"DELETE FROM {_TABLE} WHERE n = 0 AND {where}", bounds)


_TABLE = "dyad_days"

__all__ = ["DEMOTED_COLUMNS", "KEYS", "add_deltas", "batch_deltas"]
