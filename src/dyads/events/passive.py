"""Who did it when a passive names no agent: the attack or the clause that caused the deed.

Victims are never the source (codebook, section 6 and 1.3). A passive with no "by X" often
names its agent a few words on, in the attack that did it or in a "when" clause:

- "were killed in clashes with Y", "killed in an attack by Y", "killed in a Y air strike":
  the actor of the nominal trigger after "in", "during", "after" or "amid";
- "were killed when Y opened fire": the subject of the next trigger's clause.

Neither reaches over a reporting clause, a semicolon or the end of the sentence. When none is
found the source stays empty ("There were ten soldiers killed": no attacker stated).
"""

from __future__ import annotations

from dyads.events.clauses import DETERMINERS, View, group_left, group_right, is_possessive
from dyads.events.patterns import Match

HARM_TYPES = frozenset({"ASSAULT", "COERCE"})  # the passives and causes these rules read
CAUSE_PREPOSITIONS = frozenset({"in", "during", "after", "amid", "by"})
AGENT_PREPOSITIONS = frozenset({"by", "with", "from"})
WHEN_WORDS = frozenset({"when", "after", "as"})
REACH = 16  # tokens after the passive trigger searched for the cause
CAUSE_GAP = 5  # tokens from "in" to the nominal trigger ("in a joint air and ground raid")
AGENT_GAP = 6  # tokens from the nominal trigger to its "by X"


def _stop(view: View, i: int) -> bool:
    word = view.tokens.lower[i]
    return word in {";", ".", ":", "!", "?"} or bool(view.reporting and view.reporting[i])


def _trigger_end(view: View, start: int) -> int:
    """The end of the trigger starting at ``start`` (the shortest one that does)."""
    ends = [e for e in view.trigger_ends if e > start]
    return min(ends) if ends else start + 1


def _actor_of_nominal(view: View, prep: int, start: int, ceiling: int) -> list[int]:
    """The actor of a nominal trigger: an adjective or possessive between the preposition and
    it ("in an Israeli air strike"), else "by/with/from X" right after it."""
    owner = view.owner
    for i in range(start - 1, prep, -1):
        if owner[i] >= 0:
            return group_left(view, owner[i])
    lower = view.tokens.lower
    end = _trigger_end(view, start)
    i = end
    while i < min(ceiling, end + AGENT_GAP) and not _stop(view, i):
        if lower[i] in AGENT_PREPOSITIONS:
            k = i + 1
            while k < ceiling and (lower[k] in DETERMINERS or lower[k].endswith("ly")):
                k += 1
            if k < ceiling and owner[k] < 0 and k + 1 < ceiling and owner[k + 1] >= 0:
                k += 1  # one modifier: "by pro-government militias"
            if k < ceiling and owner[k] >= 0:
                m = owner[k]
                return [m] if is_possessive(view, m) else group_right(view, m)
            return []
        if owner[i] >= 0:
            return []
        i += 1
    return []


def cause_agent(view: View, match: Match, taken: set[int]) -> tuple[list[int], str]:
    """The agent a passive trigger's cause names, and how it was found ("" when none)."""
    lower, owner = view.tokens.lower, view.owner
    n = len(lower)
    ceiling = min(n, match.end + REACH)
    i = match.end
    while i < ceiling and not _stop(view, i):
        word = lower[i]
        if word in WHEN_WORDS:
            for t in range(i + 1, min(ceiling, i + 8)):
                if view.trigger_types.get(t) in HARM_TYPES:
                    found = [
                        m
                        for m in {owner[k] for k in range(i + 1, t) if owner[k] >= 0}
                        if m not in taken
                    ]
                    if found:
                        first = min(found, key=lambda m: view.first[m])
                        return group_right(view, first), "cause:clause"
                    break
                if _stop(view, t):
                    break
        if word in CAUSE_PREPOSITIONS:
            for t in range(i + 1, min(ceiling, i + 1 + CAUSE_GAP)):
                if view.trigger_types.get(t) in HARM_TYPES:
                    agent = [m for m in _actor_of_nominal(view, i, t, n) if m not in taken]
                    if agent:
                        return agent, "cause:attack"
                    break
                if owner[t] < 0 and lower[t] in {",", "and", "which", "who"}:
                    break
        i += 1
    return [], ""


def victims_before(view: View, match: Match, floor: int) -> list[int]:
    """The victims of a nominal attack told after a passive: "twelve soldiers were killed in
    an air strike" (the strike's target is the soldiers)."""
    from dyads.events.roles import BE_FORMS, Roles, find_subject  # roles imports this module

    lower = view.tokens.lower
    p = match.start - 1
    while p > floor and match.start - p <= CAUSE_GAP and view.owner[p] < 0:
        if lower[p] in CAUSE_PREPOSITIONS - {"by"}:
            break
        if lower[p] in {",", "and", "which", "who"}:
            return []
        p -= 1
    if p <= floor or lower[p] not in CAUSE_PREPOSITIONS:
        return []
    starts = [
        t for t, kind in view.trigger_types.items()
        if floor <= t < p and p - t <= 6 and kind in HARM_TYPES
    ]  # fmt: skip
    for t in sorted(starts, reverse=True):
        k = t - 1
        while k > floor and (lower[k].endswith("ly") or lower[k] in {"and"}):
            k -= 1
        if lower[k] in BE_FORMS or (k >= 1 and lower[k - 1] in BE_FORMS):
            return find_subject(view, t, floor, Roles())
    return []
