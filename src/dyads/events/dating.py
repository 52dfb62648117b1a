"""Acts whose time makes them no event: put in a year before the article's (background,
codebook 1.3, 1.4), habits and standing patrols (codebook 8 and 1.4).

"NATO bombed Serbia in 1999", "was shot dead ... on Oct. 28, 1984", "in late 2001": a year
in the clause's opening or after the trigger, led by a preposition or a month, dates the act
(for a text with no date, any year does). A timeline's entry ("Aug. 1, 1994: troops capture
...") is its news; "today" makes an act current whatever the year. ``rules.incidents/1``
(:mod:`dyads.events.incidents`) drops what :func:`dated_before` dates, and what
:func:`habitual` and :func:`standing_patrol` find routine.
"""

from __future__ import annotations

import re

from dyads.events import roles as R
from dyads.events.draft import Draft, SentenceDrafts
from dyads.nlp import lexicon
from dyads.nlp.tokens import irregular_forms

ATTACK = "ASSAULT"
CASUALTY_VERBS = lexicon.words("casualty-verbs")
CURRENT = lexicon.words("current-time")
AUXILIARIES = lexicon.words("auxiliaries")
MONTHS = lexicon.words("month-names")
YEAR_PREPOSITIONS = lexicon.words("year-prepositions")
YEAR_PARTS = lexicon.words("year-parts")
TIMELINE_MARKS = frozenset({":", "-", "--", "–", "—"})  # fmt: skip
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
HABITUAL = lexicon.words("habitual-adverbs")
PATROL_PLANS = lexicon.words("patrol-plans")
PATROL_TIES = lexicon.words("patrol-ties")
PERFECT = lexicon.words("perfect-auxiliaries")
VERDICTS = lexicon.words("measure-verdicts")
OPENING = 8  # tokens before the clause that may set its time ("In 2011, ..."), and after
# a clause at the same time as the act before it ("captured ... when its forces seized the
# Heights in the 1967 war", "shot dead while sitting in his car on Jan. 29, 1994"): its year,
# past its other acts, dates that act too
TIME_LINKS = lexicon.words("same-time-links")
SCENE_ARTICLES = lexicon.words("scene-articles")


def dated_before(sd: SentenceDrafts, draft: Draft, year: int | None) -> bool:
    """ "In 1999, NATO bombed Serbia", "was captured in 1991": a year before the article's
    (any year when it has none), in the sentence's or the clause's opening or just after the
    trigger with no other trigger between, or in a clause at the same time ("when", "while",
    "during") past that clause's own acts. "today" makes it current whatever the year."""
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
        if lemmas[t] in CASUALTY_VERBS or (casualty and view.trigger_types[t] == ATTACK):
            return True
        # "was captured in a clash with the army in May 1995": the clash is where the act
        # happened, its scene, not a later act; the year past it dates both
        if t > end and t >= 2 and lower[t - 1] in SCENE_ARTICLES and lower[t - 2] == "in":
            return True
        return t == end and adjunct  # "was captured fighting for the Taliban in 2001"

    # a participle right after the act tells what the one it befell was doing, at the same
    # time: its clause, to the next act, may date the act
    adjunct = end in view.trigger_starts and lower[end].endswith("ing")

    # A bare noun trigger with no actor ("captured at a roadblock in 2001") is a scene, no act
    # of its own: it does not end the reach of the year after the trigger.
    scenes = {d.match.start for d in sd.drafts if not (d.verbal or d.source or d.target)}
    later = next((t for t in sorted(view.trigger_starts)
                  if t >= end and not same_incident(t) and t not in scenes), hi)  # fmt: skip
    if casualty or adjunct:
        after = range(end, hi)
    elif later == hi:
        # To the clause's end when no other act follows ("shot dead ... on Oct. 28, 1984"),
        # but a participle after a noun owns what follows ("the accord signed in 1996").
        owners = (k for k in range(end + 1, hi) if lower[k].endswith("ed") and len(lower[k]) > 4
                  and lower[k - 1].isalpha() and lower[k - 1] not in AUXILIARIES)  # fmt: skip
        after = range(end, next(owners, hi))
    indexes = [*range(1, min(OPENING, lo)), *range(max(lo, 1), start)]  # the sentence's opening
    indexes += [k for k in after if k < later]
    link = next((k for k in range(end, min(len(lower), hi + 1)) if lower[k] in TIME_LINKS), None)
    if link is not None and later >= link:  # "was shot dead while sitting ... on Jan. 29, 1994"
        indexes += range(link + 1, max(hi, R.segment(view, min(link + 1, len(lower) - 1))[1]))
    for i in indexes:
        if _in_relative(lower, lo, i, start):
            continue
        if looks_back(lower, i):
            return True
        word = year_of(lower[i])
        if word is None:
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


LOOK_BACK_UNITS = lexicon.words("look-back-units")
LOOK_BACK_MARKS = lexicon.words("look-back-marks")
LOOK_BACK_YEARS = lexicon.words("look-back-years")


def looks_back(lower: list[str], i: int) -> bool:
    """ "two years ago", "several months earlier", "the following year", "last year": a time
    well before the story's own (more than about a month: codebook 2 and 1.2), so background."""
    word = lower[i]
    if word not in LOOK_BACK_UNITS or i == 0:
        return False
    nxt = lower[i + 1] if i + 1 < len(lower) else ""
    single = word in ("year", "decade")  # "the following year"
    return nxt in LOOK_BACK_MARKS or (single and lower[i - 1] in LOOK_BACK_YEARS)


def _in_relative(lower: list[str], lo: int, i: int, start: int) -> bool:
    """ "Troops, who were deployed last year, attacked ...": before the act, inside a relative
    clause about an actor that a comma closes, a time is that clause's, not the act's."""
    return i < start and "," in lower[i:start] and not R.RELATIVES.isdisjoint(lower[lo:i])


def year_of(token: str) -> str | None:
    """The year a token names ("1995", "mid-1992" -> "1992"), else None."""
    word = token.removeprefix("mid-").removeprefix("early-").removeprefix("late-")
    return word if word[:1] in "12" and _YEAR.match(word) else None


def may_be_dated(lower: list[str]) -> bool:
    """Whether a sentence holds a year token (or a look back's unit) at all: without one no
    draft is dated_before."""
    if not LOOK_BACK_UNITS.isdisjoint(lower):
        return True
    return any(year_of(w) is not None for w in lower if w[:1] in "12" or "-" in w)


def habitual(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "leftist groups often clash with police", "Israel sometimes destroys the homes of":
    what someone does as a habit is no event (codebook section 8, standing activity); so is
    what a present verb after a relative says someone does ("the Council, who fight X")."""
    lower = sd.view.tokens.lower
    start = draft.match.start
    # the adverb covers a verb joined to the one before it: "often gather and march"
    reach = 4 if start and lower[start - 1] in ("and", "or") else 2
    return any(lower[k] in HABITUAL for k in range(max(0, start - reach), start)) or _describes(
        sd, draft
    )


def _describes(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "the Council, who fight militants", "ISIL, which threatens the region": a verb in the
    simple present right after a relative says what someone does, not what they did."""
    view = sd.view
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    start = draft.match.start
    floor, _ = R.segment(view, start)
    if not draft.verbal or floor == 0 or start != floor or lower[floor - 1] not in R.RELATIVES:
        return False
    word, lemma = lower[start], lemmas[start]
    if word.endswith("ed") or word in irregular_forms():
        return False  # "an attack that targeted X", "who fought": a past act
    return word == lemma or word in (lemma + "s", lemma + "es")


def standing_patrol(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "About 6,000 troops patrol the zone", "warships have been patrolling the Gulf": a
    patrol told in the present or as a state is routine, and the codebook (1.4) codes only
    patrols tied to an event; "will patrol", "to patrol" and "patrolled" are acts."""
    if draft.pattern.type != "MOBILIZE":
        return False
    lower = sd.view.tokens.lower
    start = draft.match.start
    if not PATROL_TIES.isdisjoint(lower[draft.match.end :]):
        return False  # "patrol the streets to prevent looting": tied to an event
    back = start - 1
    while back > 0 and lower[back].endswith("ly"):
        back -= 1  # "will especially patrol"
    word, before = lower[start], lower[back] if back >= 0 else ""
    if word in ("patrol", "patrols"):
        return before not in PATROL_PLANS
    if word == "patrolling" and before == "been" and start >= 2:
        return lower[start - 2] in PERFECT
    # "the zone is patrolled by peacekeepers" (a state); "captured while patrolling" (what
    # they were doing when something else happened)
    return (word == "patrolled" and before in ("is", "are")) or (
        word == "patrolling" and before in ("while", "when")
    )


def summed_acts(sd: SentenceDrafts, draft: Draft) -> bool:
    """Acts a perfect tense with "since" sums up, as a casualty verb's are: a count of them
    ("had carried out more than 40 strikes since the truce ended") or an attempt that goes on
    ("have been trying to retake the city since October"); :func:`tally` reads the perfect
    and the "since"."""
    lower = sd.view.tokens.lower
    start = draft.match.start
    if start >= 3 and lower[start - 1] == "to" and lower[start - 2].endswith("ing"):
        return lower[start - 3] == "been"
    before = lower[max(0, start - 3) : start]
    return any(w.replace(",", "").isdigit() or w in COUNT_WORDS for w in before)


COUNT_WORDS = lexicon.words("act-count-words")


NOUN_OPENERS = frozenset({"the", "these", "those", "its", "their", "such"})
JUDGED_WINDOW = 6  # tokens from a measure's noun to "have had" ("sanctions on Iran have had")


def judged_measure(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "Sanctions on Russia have had limited effect", "the blockade has had little impact":
    a nominal measure as the subject of a verdict on its effect is a standing state, judged,
    not an act reported (the codebook codes the imposing, not its results)."""
    lower = sd.view.tokens.lower
    start, end = draft.match.start, draft.match.end
    if draft.verbal and start and lower[start - 1] not in NOUN_OPENERS:
        return False  # "Sanctions on ..." opening a sentence may be read as a verb
    for i in range(end, min(len(lower) - 1, end + JUDGED_WINDOW)):
        if sd.view.boundary[i] or i in sd.view.trigger_starts:
            return False
        if lower[i] in PERFECT and lower[i + 1] in ("had", "shown", "produced"):
            return not VERDICTS.isdisjoint(lower[i + 2 : i + 6])
    return False
