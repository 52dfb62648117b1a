"""Issue #16 item 3: unyeared dates resolve to the occurrence nearest the publication date,
the tense deciding the direction (forward references resolve forward), never a year back."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.nlp.dates import DIRECTION_DAYS, nearest_occurrence, resolve_date
from dyads.pipeline import extract


def _date(sentence: str, published: str) -> str:
    match = resolve_date(sentence, 0, len(sentence), published)
    assert match is not None, sentence
    return match.date


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # forward references of the next days: never the year before
        ("Border checks are starting on June 14 at every crossing.", "2019-06-10", "2019-06-14"),
        ("The envoys set a meeting on Feb 11 in a neutral city.", "2019-02-04", "2019-02-11"),
        ("Ministers are due to gather on March 2.", "2019-02-25", "2019-03-02"),
        ("Starting on Monday, the curfew is lifted.", "2019-06-12", "2019-06-17"),
        # backward references stay backward
        ("The convoy was ambushed on April 9 near the river.", "2019-04-20", "2019-04-09"),
        ("The accord was signed on March 5.", "2019-10-23", "2019-03-05"),  # 7.5 months back
        # year boundaries, both ways
        ("Rebels seized the town on Dec. 28, officials said.", "2020-01-03", "2019-12-28"),
        ("Talks resumed on 30 December after a pause.", "2020-01-02", "2019-12-30"),
        ("The two leaders will meet on Jan. 4.", "2019-12-28", "2020-01-04"),
        ("Polls open on January 2 across the country.", "2019-12-29", "2020-01-02"),
        ("The army will withdraw by March 31.", "2019-12-15", "2020-03-31"),
        # a future sentence whose date has just passed: days back, not a year on
        ("The council will review the report of October 20.", "2019-10-23", "2019-10-20"),
        # Feb 29 exists in leap years only
        ("The strike on Feb. 29 hit a depot.", "2021-03-10", "2020-02-29"),
        # weekdays and weeks (2019-10-23 is a Wednesday)
        ("The mediators meet again next Tuesday.", "2019-10-23", "2019-10-29"),
        ("The militia shelled the village last week.", "2019-10-23", "2019-10-16"),
        ("Protesters marched on Friday through the centre.", "2019-10-23", "2019-10-18"),
        ("The foreign ministers will talk on Friday.", "2019-10-23", "2019-10-25"),
        ("The minister said on Monday that talks will resume.", "2019-10-23", "2019-10-21"),
        ("The embargo is lifted starting on Saturday.", "2019-10-23", "2019-10-26"),
    ],
)
def test_unyeared_dates_resolve_near_the_publication_date(
    sentence: str, published: str, expected: str
) -> None:
    assert _date(sentence, published) == expected


@pytest.mark.parametrize("published", ["2019-01-01", "2019-05-20", "2019-08-31", "2019-12-31"])
@pytest.mark.parametrize("future", [True, False])
def test_never_far_from_the_publication_date(published: str, future: bool) -> None:
    pub = dt.date.fromisoformat(published)
    for month in range(1, 13):
        for day in (1, 15, 28):
            found = nearest_occurrence(pub, month, day, future=future)
            assert found is not None
            gap = (found - pub).days
            assert abs(gap) <= DIRECTION_DAYS
            if abs(gap) > 183:  # beyond half a year only in the direction of the tense
                assert (gap > 0) == future


def test_event_date_of_a_forward_reference() -> None:
    text = "Russian troops will withdraw from the border starting on May 25, Moscow said."
    events = extract(text, published="2019-05-20").events
    assert events
    assert {e.date for e in events} == {"2019-05-25"}  # was 2018-05-25 (issue #16)
