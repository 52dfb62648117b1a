"""Dates in a sentence, resolved against the article's publication date.

Every resolved date is a full ISO date ``YYYY-MM-DD`` so that it sorts and fits a DATE column;
``precision`` says how much of it the text actually gave: for ``"month"`` the day is the 1st,
for ``"year"`` month and day are ``01-01``.

Choices, in news convention:

- A weekday ("on Tuesday", "said Tuesday") is the most recent such day on or before the
  publication date (an article of Tuesday saying "on Tuesday" means that day). When the
  sentence speaks of the future ("will meet on Friday", "next Friday") it is the next such day
  on or after the publication date.
- "last week" is the publication date minus seven days, which always falls in the previous
  calendar week; the contract has no ``week`` precision, so it is ``"day"`` with
  ``DateMatch.approximate`` set. "last weekend" is the Saturday before, likewise approximate.
- "last month" / "earlier this month" / "in March" give month precision; "in March" is the most
  recent March not after the publication month (the next one for future sentences).
- "March 5" without a year is the occurrence nearest the publication date: an article of
  2016-05-20 saying "starting on May 25" or "a meeting on May 25" means 2016-05-25, one of
  2017-01-03 saying "on Dec. 28" means 2016-12-28. The tense picks the direction: a future
  sentence ("will", "next", "starting on" ...) takes the next occurrence, any other the last
  one, when that is at most ``DIRECTION_DAYS`` (nine months: "was signed on March 5" in an
  October article is that March) away; else the nearer one the other way, which is always
  within six months ("met on May 25" in an article of May 20 is five days on, not a year
  back: news gives the year of a date a year old).
- What stands right before a date expression decides its direction over the sentence's tense:
  "starting on" looks forward, "said on Friday" (that talks will resume) looks back.
- Without a publication date, relative expressions give nothing; absolute ones still resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dyads.nlp import lexicon

__all__ = ["DateMatch", "event_date", "find_dates", "parse_published", "resolve_date"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression at ``[start, end)`` of the article text, resolved to ``date``."""

    date: str
    precision: str  # "day" | "month" | "year"
    start: int
    end: int
    approximate: bool = False


_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Month names must be capitalised: "may" and "march" are also a verb and a noun.
_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def _g(pattern: str, group: str) -> str:
    return pattern.format(g=group)


# One alternation, tried left to right at each position: the longest forms come first so
# "March 5, 2024" is not read as "March 5". A new form needs its first characters in
# _FORM_FIRST and _DATE_FIRST below, or it is never tried where they differ.
_DATE_FORMS = [
    r"\b(?P<iso>(?:19|20)\d\d)-(?P<isom>[01]\d)-(?P<isod>[0-3]\d)\b",
    rf"\b{_g(_MONTH, 'm1')}\s+{_g(_DAY, 'd1')},?\s+{_g(_YEAR, 'y1')}\b",
    rf"\b{_g(_DAY, 'd2')}\s+(?:of\s+)?{_g(_MONTH, 'm2')},?\s+{_g(_YEAR, 'y2')}\b",
    rf"\b{_g(_MONTH, 'm3')}\s+{_g(_DAY, 'd3')}\b(?![:.]\d)",
    rf"\b{_g(_DAY, 'd4')}\s+(?:of\s+)?{_g(_MONTH, 'm4')}(?![a-z])",
    rf"\b{_g(_MONTH, 'm5')},?\s+{_g(_YEAR, 'y5')}\b",
    rf"\b(?:(?i:in|since|during|until|by|from|of|for|early|late|mid-?|last|next|this)\s+)"
    rf"(?:(?i:early|late|mid-?)\s*)?{_g(_MONTH, 'm6')}(?![a-z])(?!,?\s+(?:19|20)\d\d)"
    r"(?!\s+[0-3]?\d(?:st|nd|rd|th)?\b)",  # "by March 31" is the day, read at "March"
    rf"\b(?i:in|during|since|until|by|early|late|mid-?)\s+"
    rf"(?:(?i:early|late|mid-?)\s*)?{_g(_YEAR, 'y7')}\b(?!-|\s*%)",
    rf"\b(?P<rel>(?i:last|next|this|past))\s+{_WEEKDAY}\b",
    rf"\b{_WEEKDAY.replace('wd', 'wd2')}\b",
    r"\b(?P<yday>(?i:yesterday|last\s+night))\b",
    r"\b(?P<today>(?i:today|tonight|this\s+(?:morning|afternoon|evening)))\b",
    r"\b(?P<tmrw>(?i:tomorrow))\b",
    r"\b(?P<ago>" + _NUM + r"\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago))",
    r"\b(?P<span>(?i:(?:earlier|later)\s+this|last|next|this|past))\s+"
    r"(?P<spanunit>(?i:week(?:end)?|month|year))\b",
]
# The characters each form can begin with (under IGNORECASE "i" also takes "İ" and "ı", "s"
# takes "ſ"). Every form opens with "\b"; saying that, and the characters of all forms, once
# in front lets the regex engine reject most positions after one test instead of fifteen, and
# each form's own characters skip the forms that cannot begin there (together about three
# times faster than the plain alternation, same matches: tests/nlp/test_speed_equivalence.py).
_FOLDS, _MONTH_FIRST = "\u0130\u0131\u017f", "ADFJMNOS"  # "İ", "ı" for "i"; "ſ" for "s"
_FORM_FIRST = [
    "12", _MONTH_FIRST, "\\d", _MONTH_FIRST, "\\d", _MONTH_FIRST,
    "bdefilmnostuBDEFILMNOSTU" + _FOLDS, "bdeilmsuBDEILMSU" + _FOLDS, "lnptLNPT", "FMSTW", "lyLY",
    "tT", "tT", "\\daefnost", "elnptELNPT",
]  # fmt: skip
assert all(form.startswith(r"\b") for form in _DATE_FORMS)
_DATE_FIRST = r"[\dabdefilmnopstuyABDEFIJLMNOPSTUWY\u0130\u0131\u017f]"
_GUARDED = [
    f"(?=[{first}])" + form[2:] for first, form in zip(_FORM_FIRST, _DATE_FORMS, strict=True)
]
_DATE_RE = re.compile(rf"\b(?={_DATE_FIRST})(?:" + "|".join(_GUARDED) + ")")

# Every date expression holds a digit, a capitalised month or weekday, or one of these words:
# a cheap test that spares most sentences the long alternation above.
# (The lookaheads hold the first letters of the words, as in _DATE_RE.)
_HINT_RE = lexicon.regex("date-hint")
_FUTURE_RE = lexicon.regex("future-cues")
_FORWARD_ANCHOR = lexicon.regex("date-forward-anchor")
_PAST_ANCHOR = lexicon.regex("date-past-anchor")
# How far an unyeared "May 25" may lie in the direction the tense points (nine months) before
# the nearer occurrence in the other direction (then under three months away) wins.
DIRECTION_DAYS = 274
_PUBLISHED_RE = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_published(published: str | None) -> tuple[dt.date | None, str]:
    """The publication date and its precision from an ISO date or datetime string.

    >>> parse_published("2024-10-20T09:30:00Z")
    (datetime.date(2024, 10, 20), 'day')
    >>> parse_published("2024-10")
    (datetime.date(2024, 10, 1), 'month')
    >>> parse_published(None)
    (None, 'unknown')
    """
    if not published:
        return None, "unknown"
    match = _PUBLISHED_RE.match(published)
    if not match:
        return None, "unknown"
    year, month, day = match.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        if month:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None, "unknown"


def _month_of(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def nearest_occurrence(pub: dt.date, month: int, day: int, *, future: bool) -> dt.date | None:
    """The ``month``-``day`` an article of ``pub`` means when it gives no year: the next one
    (``future``) or the last one on or before ``pub`` when within :data:`DIRECTION_DAYS`,
    else the nearest one the other way.

    >>> nearest_occurrence(dt.date(2016, 5, 20), 5, 25, future=False)
    datetime.date(2016, 5, 25)
    >>> nearest_occurrence(dt.date(2017, 1, 3), 12, 28, future=True)
    datetime.date(2016, 12, 28)
    """
    around = [_safe_date(pub.year + k, month, day) for k in (-1, 0, 1)]
    dates = [d for d in around if d is not None]  # Feb 29 exists in leap years only
    if not dates:
        return None
    ahead = [d for d in dates if d >= pub]
    behind = [d for d in dates if d <= pub]
    wanted = min(ahead, default=None) if future else max(behind, default=None)
    if wanted is not None and abs((wanted - pub).days) <= DIRECTION_DAYS:
        return wanted
    return min(dates, key=lambda d: abs((d - pub).days))


def _direction(text: str, start: int, m: re.Match[str], future: bool) -> bool:
    """Whether the date expression ``m`` looks forward: the words right before it first, else
    the sentence's tense."""
    before = max(start, m.start() - 40)
    if _FORWARD_ANCHOR.search(text, before, m.start()):
        return True
    if _PAST_ANCHOR.search(text, before, m.start()):
        return False
    return future


def _resolve(
    m: re.Match[str], pub: dt.date | None, pub_has_day: bool, future: bool
) -> tuple[dt.date, str, bool] | None:
    """(date, precision, approximate) for one regex match, or None when it cannot resolve."""
    g = m.group
    if g("iso"):
        d = _safe_date(int(g("iso")), int(g("isom")), int(g("isod")))
        return (d, "day", False) if d else None
    for mg, dg, yg in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        if g(mg):
            d = _safe_date(int(g(yg)), _month_of(g(mg)), int(g(dg)))
            return (d, "day", False) if d else None
    for mg, dg in (("m3", "d3"), ("m4", "d4")):
        if g(mg):
            if pub is None:
                return None
            month, day = _month_of(g(mg)), int(g(dg))
            if not pub_has_day:
                d = _safe_date(pub.year, month, day)
                return (d, "day", False) if d else None
            d = nearest_occurrence(pub, month, day, future=future)
            return (d, "day", False) if d else None
    if g("m5"):
        return dt.date(int(g("y5")), _month_of(g("m5")), 1), "month", False
    if g("m6"):
        if pub is None:
            return None
        month = _month_of(g("m6"))
        lead = m.group(0).split()[0].lower()
        year = pub.year
        if lead == "last":
            year -= 1 if month >= pub.month else 0
        elif lead == "next":
            year += 1 if month <= pub.month else 0
        elif future:
            year += 1 if month < pub.month else 0
        elif month > pub.month:
            year -= 1
        return dt.date(year, month, 1), "month", False
    if g("y7"):
        return dt.date(int(g("y7")), 1, 1), "year", False
    if pub is None:
        return None
    weekday = g("wd") or g("wd2")
    if weekday:
        if not pub_has_day:
            return None
        wanted = _WEEKDAYS[weekday.lower()]
        rel = (g("rel") or "").lower()
        back = (pub.weekday() - wanted) % 7
        ahead = (wanted - pub.weekday()) % 7
        if rel in ("last", "past"):
            return pub - dt.timedelta(days=back or 7), "day", False
        if rel == "next":
            return pub + dt.timedelta(days=ahead or 7), "day", False
        if future:
            return pub + dt.timedelta(days=ahead), "day", False
        return pub - dt.timedelta(days=back), "day", False
    if g("yday"):
        return (pub - dt.timedelta(days=1), "day", False) if pub_has_day else None
    if g("today"):
        return (pub, "day", False) if pub_has_day else None
    if g("tmrw"):
        return (pub + dt.timedelta(days=1), "day", False) if pub_has_day else None
    if g("ago"):
        raw = g("n").lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = g("unit").lower().rstrip("s")
        if unit == "day":
            return (pub - dt.timedelta(days=n), "day", False) if pub_has_day else None
        if unit == "week":
            return (pub - dt.timedelta(days=7 * n), "day", True) if pub_has_day else None
        if unit == "month":
            return _shift_months(pub, -n), "month", False
        return dt.date(pub.year - n, 1, 1), "year", False
    if g("span"):
        which = " ".join(g("span").lower().split())
        unit = g("spanunit").lower()
        step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
        if unit in ("week", "weekend"):
            if not pub_has_day:
                return None
            if unit == "weekend":
                back = (pub.weekday() - 5) % 7 or 7
                if step > 0:
                    return pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7), "day", True
                return pub - dt.timedelta(days=back), "day", True
            return pub + dt.timedelta(days=7 * step), "day", step != 0
        if unit == "month":
            return _shift_months(pub, step), "month", False
        return dt.date(pub.year + step, 1, 1), "year", False
    return None


def find_dates(text: str, start: int, end: int, published: str | None) -> list[DateMatch]:
    """Every date expression in ``text[start:end]`` that resolves, in text order.

    >>> [d.date for d in find_dates("Talks began on Monday, not on 2 May 2023.", 0, 41,
    ...                               "2024-06-13")]
    ['2024-06-10', '2023-05-02']
    """
    if _HINT_RE.search(text, start, end) is None:
        return []
    pub, pub_precision = parse_published(published)
    pub_has_day = pub_precision == "day"
    future: bool | None = None  # asked only of sentences with a date expression
    found: list[DateMatch] = []
    for m in _DATE_RE.finditer(text, start, end):
        if future is None:
            future = _FUTURE_RE.search(text, start, end) is not None
        resolved = _resolve(m, pub, pub_has_day, _direction(text, start, m, future))
        if resolved is None:
            continue
        date, precision, approximate = resolved
        found.append(DateMatch(date.isoformat(), precision, m.start(), m.end(), approximate))
    return found


def resolve_date(
    text: str,
    start: int,
    end: int,
    published: str | None,
    *,
    near: int | tuple[int, int] | None = None,
) -> DateMatch | None:
    """The date expression of the sentence ``text[start:end]``: the first one, or with
    ``near`` (an offset or a ``(start, end)`` span, e.g. the event trigger) the closest one.

    >>> resolve_date("The ministers met in Naples on Tuesday.", 0, 39, "2024-10-23")
    DateMatch(date='2024-10-22', precision='day', start=31, end=38, approximate=False)
    >>> resolve_date("Russia attacked in March.", 0, 25, None) is None
    True
    """
    found = find_dates(text, start, end, published)
    if not found:
        return None
    if near is None:
        return found[0]
    lo, hi = (near, near) if isinstance(near, int) else near
    return min(found, key=lambda d: max(lo - d.end, d.start - hi, 0))


def event_date(
    text: str,
    sentence_start: int,
    sentence_end: int,
    published: str | None,
    *,
    near: int | tuple[int, int] | None = None,
) -> tuple[str | None, str]:
    """``(date, precision)`` of an event in a sentence: the resolved date expression, else
    the publication date with its own precision, else ``(None, "unknown")``.

    >>> event_date("Iran denied it yesterday.", 0, 25, "2024-10-23")
    ('2024-10-22', 'day')
    >>> event_date("Iran denied it.", 0, 15, "2024-10-23T08:00:00Z")
    ('2024-10-23', 'day')
    >>> event_date("Iran denied it.", 0, 15, None)
    (None, 'unknown')
    """
    match = resolve_date(text, sentence_start, sentence_end, published, near=near)
    if match is not None:
        return match.date, match.precision
    pub, precision = parse_published(published)
    if pub is None:
        return None, "unknown"
    return pub.isoformat(), precision
