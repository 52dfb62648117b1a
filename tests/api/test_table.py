"""The explorer's table: numbered pages that cover every event once, in the chosen order."""

from __future__ import annotations

import pytest

from dyads.api.table import events_table, parse_sort
from dyads.errors import InputError
from dyads.query.filters import EventFilter
from dyads.store import SQLStore


@pytest.fixture(scope="module")
def store(client) -> SQLStore:  # type: ignore[no-untyped-def]
    found: SQLStore = client.app.state.access.store
    return found


@pytest.mark.parametrize("sort", ["date", "-date", "type", "source", "-target", "-goldstein"])
def test_pages_cover_every_event_once(store: SQLStore, sort: str) -> None:
    ((total,),) = store.fetch("SELECT COUNT(*) FROM events")
    seen: list[str] = []
    first = events_table(store, EventFilter(), sort=sort, page=1, size=7)
    assert first.total == total and first.pages == -(-total // 7)
    for number in range(1, first.pages + 1):
        page = events_table(store, EventFilter(), sort=sort, page=number, size=7)
        assert page.first == (number - 1) * 7 + 1 and page.last == page.first + len(page.items) - 1
        seen += [f"{e['article_id']}/{e['id']}" for e in page.items]
    assert len(seen) == total == len(set(seen))


def test_sorted_by_goldstein_high_to_low_with_gaps_last(store: SQLStore) -> None:
    page = events_table(store, EventFilter(), sort="-goldstein", page=1, size=500)
    scores = [e["goldstein"] for e in page.items]
    known = [s for s in scores if s is not None]
    assert known == sorted(known, reverse=True)
    assert scores[: len(known)] == known  # no score: at the end either way


def test_a_page_past_the_end_is_the_last_and_a_filter_counts(store: SQLStore) -> None:
    last = events_table(store, EventFilter(), page=10_000, size=10)
    assert last.page == last.pages and last.items
    ((accusations,),) = store.fetch("SELECT COUNT(*) FROM events WHERE type = 'ACCUSE'")
    assert events_table(store, EventFilter(types=("ACCUSE",))).total == accusations
    empty = events_table(store, EventFilter(source=("NOBODY",)))
    assert (empty.total, empty.pages, empty.first, empty.items) == (0, 1, 0, [])


@pytest.mark.parametrize("bad", ["colour", "--date", "date; DROP TABLE events"])
def test_an_unknown_sort_is_refused_by_name(bad: str) -> None:
    with pytest.raises(InputError, match="sort"):
        parse_sort(bad)
