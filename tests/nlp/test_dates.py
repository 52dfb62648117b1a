from __future__ import annotations

import pytest

from dyads.nlp.dates import DateMatch, event_date, find_dates, parse_published, resolve_date

# 2024-10-23 is a Wednesday.
PUB = "2024-10-23"


def _resolve(sentence: str, published: str | None = PUB) -> DateMatch | None:
    return resolve_date(sentence, 0, len(sentence), published)


@pytest.mark.parametrize(
    ("sentence", "date", "precision", "expression"),
    [
        ("The ministers met on Tuesday in Rome.", "2024-10-22", "day", "Tuesday"),
        ("The ministers met on Wednesday in Rome.", "2024-10-23", "day", "Wednesday"),
        ("The ministers met on Thursday in Rome.", "2024-10-17", "day", "Thursday"),
        ("Officials said Monday that talks had stalled.", "2024-10-21", "day", "Monday"),
        ("The envoys will meet on Friday.", "2024-10-25", "day", "Friday"),
        ("They meet again next Wednesday.", "2024-10-30", "day", "next Wednesday"),
        ("They met last Wednesday.", "2024-10-16", "day", "last Wednesday"),
        ("The army shelled the town yesterday.", "2024-10-22", "day", "yesterday"),
        ("Rockets were fired last night.", "2024-10-22", "day", "last night"),
        ("The president arrives today.", "2024-10-23", "day", "today"),
        ("The rebels attacked the base three days ago.", "2024-10-20", "day", "three days ago"),
        ("The rebels attacked the base last week.", "2024-10-16", "day", "last week"),
        ("Talks took place last month in Doha.", "2024-09-01", "month", "last month"),
        ("Talks took place earlier this month.", "2024-10-01", "month", "earlier this month"),
        ("Elections were held last year.", "2023-01-01", "year", "last year"),
        ("The treaty was signed in March.", "2024-03-01", "month", "in March"),
        ("The treaty was signed in December.", "2023-12-01", "month", "in December"),
        ("A summit is planned for December.", "2024-12-01", "month", "for December"),
        ("The treaty was signed on March 5.", "2024-03-05", "day", "March 5"),
        ("The treaty was signed on Aug. 30.", "2024-08-30", "day", "Aug. 30"),
        ("Troops crossed the border on Oct. 31.", "2024-10-31", "day", "Oct. 31"),
        ("Troops crossed the border on 5 March 2024.", "2024-03-05", "day", "5 March 2024"),
        ("Troops crossed on the 5th of March 2021.", "2021-03-05", "day", "5th of March 2021"),
        ("It happened on March 5, 2024, at dawn.", "2024-03-05", "day", "March 5, 2024"),
        ("The deal dated 2024-03-05 was leaked.", "2024-03-05", "day", "2024-03-05"),
        ("Sanctions were imposed in 2019.", "2019-01-01", "year", "in 2019"),
        ("Sanctions were imposed in early 2019.", "2019-01-01", "year", "in early 2019"),
        ("Sanctions were imposed in June 2019.", "2019-06-01", "month", "June 2019"),
    ],
)
def test_resolves_expression(sentence: str, date: str, precision: str, expression: str) -> None:
    match = _resolve(sentence)
    assert match is not None
    assert (match.date, match.precision) == (date, precision)
    assert sentence[match.start : match.end].endswith(expression)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia may attack the port.",  # the verb "may" is no month
        "Protesters joined the march on the capital.",
        "The 2019 agreement was broken.",  # a year that modifies a noun is no event date
        "Inflation rose 2020% in a decade.",
        "The meeting ended at 10.30.",
        "",
    ],
)
def test_no_date(sentence: str) -> None:
    assert _resolve(sentence) is None


def test_relative_needs_publication_date() -> None:
    assert _resolve("The army shelled the town yesterday.", None) is None
    assert _resolve("They met on Tuesday.", None) is None
    assert _resolve("They met in March.", None) is None
    absolute = _resolve("They met on 5 March 2024.", None)
    assert absolute is not None and absolute.date == "2024-03-05"


def test_month_published_has_no_day_for_weekdays() -> None:
    assert _resolve("They met on Tuesday.", "2024-10") is None
    match = _resolve("They met last month.", "2024-10")
    assert match is not None and match.date == "2024-09-01"


def test_last_week_is_approximate_day() -> None:
    match = _resolve("Drones hit the depot last week.")
    assert match is not None and match.approximate and match.precision == "day"


def test_offsets_are_absolute() -> None:
    text = "First sentence here. The envoys met on Tuesday."
    start = text.index("The envoys")
    match = resolve_date(text, start, len(text), PUB)
    assert match is not None
    assert text[match.start : match.end] == "Tuesday"


def test_nearest_to_trigger() -> None:
    text = "After talks on Monday, troops withdrew on Tuesday."
    dates = find_dates(text, 0, len(text), PUB)
    assert [d.date for d in dates] == ["2024-10-21", "2024-10-22"]
    trigger = (text.index("withdrew"), text.index("withdrew") + 8)
    near = resolve_date(text, 0, len(text), PUB, near=trigger)
    assert near is not None and near.date == "2024-10-22"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (PUB, ("2024-10-23", "day")),
        ("2024-10-23T22:10:00+02:00", ("2024-10-23", "day")),
        ("2024-10", ("2024-10-01", "month")),
        ("2024", ("2024-01-01", "year")),
        ("not a date", (None, "unknown")),
        (None, (None, "unknown")),
    ],
)
def test_event_date_falls_back_to_publication(
    published: str | None, expected: tuple[str | None, str]
) -> None:
    sentence = "Iran rejected the proposal."
    assert event_date(sentence, 0, len(sentence), published) == expected


def test_event_date_uses_text() -> None:
    sentence = "Iran rejected the proposal on Monday."
    assert event_date(sentence, 0, len(sentence), PUB) == ("2024-10-21", "day")


def test_parse_published_rejects_impossible_dates() -> None:
    assert parse_published("2024-02-31") == (None, "unknown")


def test_docstring_examples() -> None:
    import doctest

    from dyads.nlp import dates

    assert doctest.testmod(dates).failed == 0
