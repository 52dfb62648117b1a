"""The explorer's table: one numbered page of events, sorted by a column the reader picks, with
the total that matches. The API's own event list pages with cursors (stable under inserts, for
programs); a person reading a table wants "page 3 of 12", a way back, and a sort, so this one
pages by offset over a fixed, whitelisted set of sort keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyads.errors import InputError
from dyads.query.filters import EVENT_COLUMNS, FROM_EVENTS, SELECT_EVENTS, EventFilter
from dyads.store import SQLStore

# Sort key -> SQL over ``events e``. Only these strings ever reach the SQL text; missing values
# sort last either way ('~' sorts after letters and digits).
SORTS: dict[str, str] = {
    "date": "COALESCE(e.date, '~')",
    "type": "e.type",
    "source": "LOWER(COALESCE(e.source_name, e.source_id, '~'))",
    "target": "LOWER(COALESCE(e.target_name, e.target_id, '~'))",
    "goldstein": "e.goldstein",
    "confidence": "e.confidence",
}
# The explorer's one order before a sort is picked (the order of `dyads events`).
_TIE = "COALESCE(e.date, '~'), e.article_id, COALESCE(e.sentence, -1), e.id"


@dataclass(frozen=True, slots=True)
class TablePage:
    items: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int


def parse_sort(value: str) -> tuple[str, bool]:
    """``"date"`` or ``"-goldstein"`` (descending) -> (key, descending); else a clear error."""
    key = value.strip().lower() or "date"
    descending = key.startswith("-")
    key = key.removeprefix("-")
    if key not in SORTS:
        raise InputError("sort", f"{value!r} is not one of {', '.join(SORTS)} (or -name)")
    return key, descending


def events_table(
    store: SQLStore, where: EventFilter, *, sort: str = "date", page: int = 1, size: int = 50
) -> TablePage:
    """Page ``page`` (from 1; past the end gives the last) of the events ``where`` matches."""
    key, descending = parse_sort(sort)
    clause, params = where.where()
    counted = store.fetch(f"SELECT COUNT(*) {FROM_EVENTS} {clause}", params)
    total = int(counted[0][0]) if counted else 0
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    order = f"{SORTS[key]} {'DESC' if descending else 'ASC'} NULLS LAST, {_TIE}"
    offset = (page - 1) * size
    rows = store.fetch(
        f"SELECT {SELECT_EVENTS} {FROM_EVENTS} {clause} ORDER BY {order}"
        f" LIMIT {int(size)} OFFSET {int(offset)}",
        params,
    )
    items = [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]
    first = offset + 1 if items else 0
    return TablePage(items, total, page, pages, first, offset + len(items))
