"""Acts put in a year before the article's: background, no event (codebook 1.3, 1.4).

"NATO bombed Serbia in 1999", "was shot dead ... on Oct. 28, 1984", "in late 2001": a year
in the clause's opening or after the trigger, led by a preposition or a month, dates the act
(for a text with no date, any year does). A timeline's entry ("Aug. 1, 1994: troops capture
...") is its news; "today" makes an act current whatever the year. ``rules.incidents/1``
(:mod:`dyads.events.incidents`) drops what :func:`dated_before` dates.
"""

from __future__ import annotations

import re

from dyads.events import roles as R
from dyads.events.draft import Draft, SentenceDrafts
from dyads.nlp import lexicon

ATTACK = "ASSAULT"
CASUALTY_VERBS = lexicon.words("casualty-verbs")
CURRENT = lexicon.words("current-time")
AUXILIARIES = lexicon.words("auxiliaries")
MONTHS = lexicon.words("month-names")
YEAR_PREPOSITIONS = lexicon.words("year-prepositions")
YEAR_PARTS = lexicon.words("year-parts")
TIMELINE_MARKS = frozenset({":", "-", "--", "–", "—"})  # fmt: skip
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
OPENING = 8  # tokens before the clause that may set its time ("In 2011, ..."), and after


def dated_before(sd: SentenceDrafts, draft: Draft, year: int | None) -> bool:
    """ "In 1999, NATO bombed Serbia", "was captured in 1991": a year before the article's
    (any year when it has none), in the clause's opening or just after the trigger with no
    other trigger between. "today" makes it current whatever the year."""
    view = sd.view
    lower = view.tokens.lower
    floor, hi = R.segment(view, draft.match.start)
    lo = max(0, floor - OPENING)
    start, end = draft.match.start, draft.match.end
    if not CURRENT.isdisjoint(lower[lo:hi]):
        return False
    after = range(end, min(hi, end + OPENING))
    # Another verb of the same incident ("killed 13 and injured 60 ... in 1995") is no other
    # act: the year after it still dates this one.
    lemmas = view.tokens.lemmas
    casualty = draft.pattern.type == ATTACK and lemmas[start] in CASUALTY_VERBS

    def same_incident(t: int) -> bool:  # a casualty belongs to the sentence's attack
        return lemmas[t] in CASUALTY_VERBS or (casualty and view.trigger_types[t] == ATTACK)

    later = next((t for t in sorted(view.trigger_starts) if t >= end and not same_incident(t)), hi)
    if casualty:
        after = range(end, hi)
    elif later == hi:
        # To the clause's end when no other act follows ("shot dead ... on Oct. 28, 1984"),
        # but a participle after a noun owns what follows ("the accord signed in 1996").
        owners = (k for k in range(end + 1, hi) if lower[k].endswith("ed") and len(lower[k]) > 4
                  and lower[k - 1].isalpha() and lower[k - 1] not in AUXILIARIES)  # fmt: skip
        after = range(end, next(owners, hi))
    for i in [*range(max(lo, 1), start), *(k for k in after if k < later)]:
        word = lower[i].removeprefix("mid-").removeprefix("early-").removeprefix("late-")
        if not (word[:1] in "12" and _YEAR.match(word)):
            continue  # "in 1995", "in mid-1992"
        if i < OPENING and i + 1 < len(lower) and lower[i + 1] in TIMELINE_MARKS:
            continue  # "Aug. 1, 1994: troops capture ...": a timeline's entry is its news
        # "in 1995", "in the 1967 war", "in March 1995", "on February 19, 1985", "in late 2001"
        before = [w for w in lower[max(0, i - 5) : i] if w not in YEAR_PARTS]
        if not before:
            continue
        lead = before[-2] if len(before) > 1 and before[-1] == "the" else before[-1]
        dated = lead in YEAR_PREPOSITIONS or bool(MONTHS & set(before))
        if dated and (year is None or int(word) < year):
            return True
    return False
