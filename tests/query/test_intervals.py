"""The one table of periods: every period holds its days, follows and precedes its neighbours,
and its label is the ISO-date prefix the SQL groups by."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import get_args

import pytest

from dyads.errors import InputError
from dyads.query.filters import count_by_date
from dyads.query.intervals import INTERVALS, IntervalName, interval
from dyads.store.duckdb import DuckDBStore

# Two years of days around a leap day and a year end, and the ISO week that straddles one.
DAYS = [date(2023, 12, 1) + timedelta(days=n) for n in range(800)]


def test_the_api_enum_names_the_table() -> None:
    assert get_args(IntervalName) == tuple(INTERVALS)


@pytest.mark.parametrize("name", sorted(INTERVALS))
def test_each_period_holds_its_days_and_knows_its_neighbours(name: str) -> None:
    period = INTERVALS[name]
    for day in DAYS:
        start = period.start(day)
        after = period.next(start)
        assert start <= day < after
        assert period.start(after) == after and period.previous(after) == start
        if period.prefix is not None:
            assert period.label(start) == day.isoformat()[: period.prefix]


def test_weeks_are_iso_weeks() -> None:
    week = INTERVALS["week"]
    assert week.start(date(2024, 1, 1)) == date(2024, 1, 1)  # a Monday
    assert week.start(date(2023, 12, 31)) == date(2023, 12, 25)
    assert week.label(date(2024, 12, 30)) == "2025-W01"


def test_an_unknown_period_names_the_choices() -> None:
    with pytest.raises(InputError, match="'fortnight' is not one of day, week, month, year"):
        interval("fortnight")


def test_date_counts_take_only_the_periods_a_prefix_names(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "x.duckdb")
    try:
        assert count_by_date(store, interval="year") == []
        with pytest.raises(InputError, match="'week' is not one of day, month, year"):
            count_by_date(store, interval="week")
    finally:
        store.close()
