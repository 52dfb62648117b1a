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

From schema v8 the all-time totals (:mod:`dyads.store.totals`) move by the same change, folded
by combination (the keys without the date), in the same transaction; a daily row the batch adds
carries its combination's id ``k``.

Re-coding (which can move and drop events) and upgrades still recount (``refresh_days``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dyads.store.schema import DYAD_DAYS, EVENTS, Column, Connection, staged
from dyads.store.totals import add_batch, has_totals

# The grouping keys of dyad_days, in its column order; ``representative`` is one of them.
KEYS = tuple(name for name, _ in DYAD_DAYS[:-2])
_EVENT_NAMES = [name for name, _ in EVENTS]
_KEY_AT = tuple(_EVENT_NAMES.index(name) for name in KEYS)
_GOLDSTEIN_AT = _EVENT_NAMES.index("goldstein")
_PICK = KEYS.index("representative")
_N = len(KEYS)  # where a delta's count is
# A delta's combination (dyad_totals' keys: all but the date), in dyad_totals' key order.
_COMBO_AT = tuple(at for at, name in enumerate(KEYS) if name != "date")
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
    """Add ``deltas`` (from :func:`batch_deltas`) to ``dyad_days``, and from v8 to the totals,
    inside the caller's transaction."""
    columns: tuple[Column, ...] = DYAD_DAYS
    if deltas and has_totals(conn):
        moved: dict[tuple[Any, ...], int] = {}
        for delta in deltas:
            combo = tuple(delta[at] for at in _COMBO_AT)
            moved[combo] = moved.get(combo, 0) + delta[_N]
        ids = dict(zip(moved, add_batch(conn, [(*c, n) for c, n in moved.items()]), strict=True))
        deltas = [(*d, ids[tuple(d[at] for at in _COMBO_AT)]) for d in deltas]
        columns = (*DYAD_DAYS, ("k", "bigint"))
    dated = sorted((d for d in deltas if d[0] is not None), key=lambda d: str(d[0]))
    undated = [d for d in deltas if d[0] is None]
    for part, is_dated in ((dated, True), (undated, False)):
        for start in range(0, len(part), _ROWS_PER_STATEMENT):
            chunk = part[start : start + _ROWS_PER_STATEMENT]
            _add(conn, chunk, columns, dated=is_dated)


def _add(
    conn: Connection, deltas: Sequence[Delta], columns: Sequence[Column], *, dated: bool
) -> None:
    """One chunk of deltas (all dated, in day order, or all undated) as rows of ``columns``:
    ``DYAD_DAYS``, and from v8 ``k``, which only new rows take (a stored row has its own)."""
    names = ", ".join(name for name, _ in columns)
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
    with staged(conn, columns, deltas) as (relation, params):
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
    if any(row[_N] < 0 for row in deltas):  # a demoted pick may have been its key's last
        where = "date BETWEEN ? AND ?" if dated else "date IS NULL"
        conn.execute(f"DELETE FROM {_TABLE} WHERE n = 0 AND {where}", bounds)


_TABLE = "dyad_days"

__all__ = ["DEMOTED_COLUMNS", "KEYS", "add_deltas", "batch_deltas"]
