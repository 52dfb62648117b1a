"""The actor pairs of the events in a scope, counted: what the network and the alerts group.

Each event yields pairs of actors: every source with every target, or for reciprocal types
(COOPERATE, CONSULT) every unordered pair of its actors, in alphabetical order; an actor is
never paired with itself. :func:`pair_rows` counts them per pair, type and quad class (and
per day when asked), with the Goldstein sum and the first and last date.

Where the store has the writer's daily counts (``dyad_days``, :mod:`dyads.store.daily`) the
pairs are made from its actor key columns, which list an event's sources and targets in
order: the same pairs as joining ``event_actors`` twice, from rows that already fold many
events each. Otherwise (a database not yet upgraded) :func:`pair_rows_sql` joins the events.
"""

from __future__ import annotations

from typing import Any

from dyads.query.filters import FROM_EVENTS
from dyads.query.scope import Scope, reciprocal_types
from dyads.store import SQLStore
from dyads.store.daily import DYAD_DAYS, has_days
from dyads.store.schema import DYAD_ROLES_SQL
from dyads.store.totals import event_pairs, key_ids

PairRow = tuple[Any, ...]


def pair_rows_sql(scope: Scope, *, extra_columns: str = "") -> tuple[str, list[Any]]:
    """Rows of (source actor, target actor, type, quad, [extra...], count, Goldstein sum,
    first date, last date) over the pairs of each event in scope; grouped by the leading
    columns. Reciprocal types yield each unordered pair once, in alphabetical order."""
    recip = reciprocal_types()
    marks = ", ".join("?" for _ in recip)
    clause, params = scope.where(
        (
            f"s.role IN {DYAD_ROLES_SQL} AND t.role IN {DYAD_ROLES_SQL}"
            f" AND ((e.type NOT IN ({marks}) AND s.role = 'source' AND t.role = 'target')"
            f" OR (e.type IN ({marks}) AND s.actor_id < t.actor_id))",
            [*recip, *recip],
        )
    )
    keys = "s.actor_id, t.actor_id, e.type, e.quad_class" + extra_columns
    sql = (
        f"SELECT {keys}, COUNT(*), SUM(e.goldstein), MIN(e.date), MAX(e.date) {FROM_EVENTS}"
        " JOIN event_actors s ON s.article_id = e.article_id AND s.event_id = e.id"
        " JOIN event_actors t ON t.article_id = e.article_id AND t.event_id = e.id"
        f" {clause} AND s.actor_id <> t.actor_id GROUP BY {keys}"
    )
    return sql, params


def pair_rows(store: SQLStore, scope: Scope, *, by_date: bool = False) -> list[PairRow]:
    """Rows of (source, target, type, quad, [date,] count, Goldstein sum, first, last)."""
    if not has_days(store):
        sql, params = pair_rows_sql(scope, extra_columns=", e.date" if by_date else "")
        return store.fetch(sql, params)
    clause, params = scope.where()
    keys = "e.source_keys, e.target_keys, e.type, e.quad_class" + (", e.date" if by_date else "")
    sql = (
        f"SELECT {keys}, SUM(e.n), SUM(e.goldstein), MIN(e.date), MAX(e.date)"
        f" FROM {DYAD_DAYS} e {clause} GROUP BY {keys}"
    )
    folded: dict[tuple[Any, ...], list[Any]] = {}
    # Rows of a window repeat the same few key combinations on every day: expand each once.
    pairs_of: dict[tuple[str, str | None, str | None], list[tuple[str, str]]] = {}
    for row in store.fetch(sql, params):
        source_keys, target_keys, type_, quad = row[:4]
        day = row[4:-4]  # (date,) or ()
        count, goldstein, first, last = row[-4:]
        combination = (type_, source_keys, target_keys)
        pairs = pairs_of.get(combination)
        if pairs is None:
            pairs = pairs_of[combination] = event_pairs(*combination)
        for pair in pairs:
            key = (*pair, type_, quad, *day)
            total = folded.get(key)
            if total is None:
                folded[key] = [int(count), goldstein, first, last]
                continue
            total[0] += int(count)
            if goldstein is not None:
                total[1] = goldstein + (total[1] or 0.0)
            if first is not None and (total[2] is None or first < total[2]):
                total[2] = first
            if last is not None and (total[3] is None or last > total[3]):
                total[3] = last
    return [(*key, *total) for key, total in folded.items()]


__all__ = ["event_pairs", "key_ids", "pair_rows", "pair_rows_sql"]
