"""The periods a time series can be counted in: one table for the series, alerts, date counts,
the CLI's choices and the API's enum.

Each period knows its first day for any day in it, the start of the next and of the previous
one, its label, and, where one exists, the ISO-date prefix that names it (``2024-10`` for a
month), which lets SQL group by ``SUBSTR(date, 1, n)`` without a date type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dyads.errors import InputError

IntervalName = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Interval:
    name: str
    start: Callable[[date], date]  # the first day of the period that holds a day
    next: Callable[[date], date]  # from a period's first day, the next period's first day
    previous: Callable[[date], date]
    label: Callable[[date], str]
    prefix: int | None  # characters of an ISO date that name the period; None for weeks


def _week_label(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def _next_month(start: date) -> date:
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _previous_month(start: date) -> date:
    return date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)


_TABLE = (
    Interval(
        "day",
        start=lambda day: day,
        next=lambda start: start + timedelta(days=1),
        previous=lambda start: start - timedelta(days=1),
        label=date.isoformat,
        prefix=10,
    ),
    Interval(
        "week",  # ISO weeks: Monday to Sunday
        start=lambda day: day - timedelta(days=day.weekday()),
        next=lambda start: start + timedelta(days=7),
        previous=lambda start: start - timedelta(days=7),
        label=_week_label,
        prefix=None,
    ),
    Interval(
        "month",
        start=lambda day: day.replace(day=1),
        next=_next_month,
        previous=_previous_month,
        label=lambda start: start.strftime("%Y-%m"),
        prefix=7,
    ),
    Interval(
        "year",
        start=lambda day: date(day.year, 1, 1),
        next=lambda start: date(start.year + 1, 1, 1),
        previous=lambda start: date(start.year - 1, 1, 1),
        label=lambda start: f"{start.year:04d}",
        prefix=4,
    ),
)
# The API's enum is IntervalName above: tests/query/test_intervals.py holds it to this table.
INTERVALS: dict[str, Interval] = {interval.name: interval for interval in _TABLE}


def interval(name: str) -> Interval:
    """The period called ``name``, or an error naming the choices."""
    found = INTERVALS.get(name)
    if found is None:
        raise InputError("--interval", f"{name!r} is not one of {', '.join(INTERVALS)}")
    return found
