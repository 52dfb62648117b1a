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

from dyads.events.clauses import (
    BE_FORMS,
    DETERMINERS,
    PAST_ENDINGS,
    View,
    group_left,
    group_right,
    is_count,
    is_possessive,
)
from dyads.events.patterns import Match
from dyads.events.roles import POSSESSIVE_PRONOUNS, Roles, find_subject, light_verb_before
from dyads.nlp import lexicon
from dyads.nlp.tokens import irregular_forms

HARM_TYPES = frozenset({"ASSAULT", "COERCE"})  # the passives and causes these rules read
CAUSE_PREPOSITIONS = frozenset({"in", "during", "after", "amid", "by"})
AGENT_PREPOSITIONS = frozenset({"by", "with", "from"})
WHEN_WORDS = frozenset({"when", "after", "as"})
REACH = 24  # tokens after the passive trigger searched for the cause
CAUSE_GAP = 5  # tokens from "in" to the nominal trigger ("in a joint air and ground raid")
AGENT_GAP = 6  # tokens from the nominal trigger to its "by X"
REPORT_PARTICIPLES = lexicon.words("passive-report-participles")
PASSIVE_ADVERBS = lexicon.words("passive-adverbs")
UNDER_VERBS = lexicon.words("under-verbs")


def _adverb(word: str) -> bool:
    """A word "be" and its participle may have between them ("was briefly", "was later")."""
    return word.endswith("ly") or word in PASSIVE_ADVERBS


def is_passive(view: View, match: Match) -> bool:
    lower = view.tokens.lower
    word = lower[match.start]
    to_death = match.end + 1 < len(lower) and lower[match.end + 1] == "death"
    if lower[match.end - 1] == "to" or (
        match.end < len(lower) and lower[match.end] == "to" and not to_death
    ):
        return False  # "is committed to", "was set to"; but "was shot to death" is passive
    if under(view, match.start):
        return True  # "X came under renewed attack by Y": Y attacked X
    irregular = irregular_forms()
    if not (word.endswith(PAST_ENDINGS) or word in irregular):
        return False
    i = match.start - 1
    while i >= 0 and view.owner[i] < 0 and _adverb(lower[i]) and match.start - i < 3:
        i -= 1
    if i >= 1 and lower[i] in REPORT_PARTICIPLES and lower[i - 1] in BE_FORMS:
        i -= 1  # "were reported killed by soldiers"
    before = lower[i - 1] if i >= 1 else ""
    if _gapped(view, match.start, irregular) or _existential(view, match.start):
        return True
    after = lower[match.end] if match.end < len(lower) else ""
    if after == "by" and (lower[i] == "," or view.owner[i] >= 0):
        return True  # "the army, backed by Russian jets, ...": a reduced passive
    if i >= 2 and lower[i] == "and" and (before.endswith(PAST_ENDINGS) or before in irregular):
        i -= 2  # "was shot and killed": the second participle shares the first's "was"
        while i >= 0 and view.owner[i] < 0 and _adverb(lower[i]) and match.start - i < 5:
            i -= 1
    return i >= 0 and lower[i] in BE_FORMS


def under(view: View, start: int) -> bool:
    """ "came under (heavy) attack", "were under fire": the act's noun after "under" and a
    verb of coming or being, with up to two words between (none an actor's)."""
    lower, i = view.tokens.lower, start - 1
    while i > 0 and start - i <= 2 and view.owner[i] < 0 and lower[i] != "under":
        i -= 1
    return i > 0 and lower[i] == "under" and lower[i - 1] in UNDER_VERBS


def _existential(view: View, start: int) -> bool:
    """ "There were ten soldiers killed": the participle is passive, its noun the victims."""
    lower = view.tokens.lower
    i = start - 1
    while i > 0 and start - i <= 8 and (view.owner[i] >= 0 or is_count(lower[i])):
        i -= 1
    return i > 0 and i < start - 1 and lower[i] in BE_FORMS and lower[i - 1] == "there"


def _gapped(view: View, start: int, irregular: dict[str, str]) -> bool:
    """ "Six were killed and two wounded": the second participle shares the first's "were"."""
    lower = view.tokens.lower
    i = start - 1
    while i > 0 and start - i <= 4 and (is_count(lower[i]) or lower[i] in {"others", "more"}):
        i -= 1
    if i == start - 1 or lower[i] != "and":
        return False
    for j in range(i - 1, max(0, i - 8), -1):
        word = lower[j]
        if word in BE_FORMS and (lower[j + 1].endswith(PAST_ENDINGS) or lower[j + 1] in irregular):
            return True
        if word in {",", ";"} or view.boundary[j]:
            return False
    return False


def late_agent(view: View, match: Match) -> list[int]:
    """The agent of a passive set off after a long complement: "was accused of ..., by X"."""
    lower = view.tokens.lower
    for i in range(match.end + 1, len(lower) - 1):
        if lower[i] in {";", ":"} or (view.reporting and view.reporting[i]):
            return []
        if lower[i] == "by" and lower[i - 1] == ",":
            k = i + 1
            while k < len(lower) and (lower[k] in DETERMINERS or lower[k].endswith("ly")):
                k += 1
            if k < len(lower) and view.owner[k] < 0 and k + 1 < len(lower):
                k += 1  # one modifier: "by current Haitian officials"
            if k < len(lower) and view.owner[k] >= 0:
                return group_right(view, view.owner[k])
            return []
    return []


SHARED_SUBJECTS = lexicon.words("shared-agent-subjects")
SHARED_JOINS = lexicon.words("shared-agent-joins")
SHARED_REACH = 20  # tokens back from the "and" to the agent: "by police in the suburb of X"


def shared_agent(view: View, match: Match) -> list[int]:
    """ "Two were shot dead by police and dozens of others were arrested": the "by" agent of
    the passive before, when this passive's subject is "others" joined to it by "and"."""
    lower, owner = view.tokens.lower, view.owner
    i = match.start - 1
    while i >= 0 and (lower[i] in PASSIVE_ADVERBS or lower[i] in {"were", "was", "been", "had"}):
        i -= 1
    if i < 0 or lower[i] not in SHARED_SUBJECTS:
        return []
    join = next((k for k in range(i - 1, max(i - 6, 0), -1) if lower[k] in SHARED_JOINS), None)
    if join is None:
        return []
    for k in range(join - 1, max(join - SHARED_REACH, 0), -1):
        if _stop(view, k):
            return []
        if owner[k] >= 0 and (group := _by_group(view, k)):
            return group  # other actors on the way are the first clause's places or victims
    return []


def _by_group(view: View, k: int) -> list[int]:
    """The actor group whose mention covers token ``k``, when "by" (and a determiner) leads it."""
    m = view.owner[k]
    first = view.first[m]
    j = first - 1
    while j >= 0 and view.tokens.lower[j] in DETERMINERS:
        j -= 1
    return group_right(view, m) if j >= 0 and view.tokens.lower[j] == "by" else []


def _stop(view: View, i: int) -> bool:
    word = view.tokens.lower[i]
    return word in {";", ".", ":", "!", "?"} or bool(view.reporting and view.reporting[i])


def _trigger_end(view: View, start: int) -> int:
    """The end of the trigger starting at ``start`` (the shortest one that does)."""
    ends = [e for e in view.trigger_ends if e > start]
    return min(ends) if ends else start + 1


def nominal_agent(view: View, prep: int, start: int, ceiling: int) -> list[int]:
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
                    agent = [m for m in nominal_agent(view, i, t, n) if m not in taken]
                    if agent:
                        return agent, "cause:attack"
                    break
                if owner[t] < 0 and lower[t] in {",", "and", "which", "who"}:
                    break
        i += 1
    return [], ""


def victims_trigger(view: View, match: Match, floor: int) -> int | None:
    """The passive harm trigger a nominal attack is the cause of: "twelve soldiers were
    killed in an air strike" (the caller takes that trigger's subject as the victims)."""
    lower = view.tokens.lower
    p = match.start - 1
    # the attacker named by an adjective of the attack is no break: "in Turkish shelling"
    adjective = view.owner[p] if p >= 0 else -1
    while p > floor and match.start - p <= CAUSE_GAP and view.owner[p] in {-1, adjective}:
        if lower[p] in CAUSE_PREPOSITIONS - {"by"}:
            break
        if lower[p] in {",", "and", "which", "who"}:
            return None
        p -= 1
    if p <= floor or lower[p] not in CAUSE_PREPOSITIONS:
        return None
    starts = [
        t for t, kind in view.trigger_types.items()
        if floor <= t < p and p - t <= 6 and kind in HARM_TYPES
    ]  # fmt: skip
    for t in sorted(starts, reverse=True):
        k = t - 1
        while k > floor and (lower[k].endswith("ly") or lower[k] in {"and"}):
            k -= 1
        if lower[k] in BE_FORMS or (k >= 1 and lower[k - 1] in BE_FORMS):
            return t
    return None


def victims_before(view: View, match: Match, floor: int) -> list[int]:
    """The victims of the passive a nominal attack causes ("were killed in a strike")."""
    t = victims_trigger(view, match, floor)
    return [] if t is None else find_subject(view, t, floor, Roles())


def light_subject(view: View, match: Match, floor: int, roles: Roles) -> list[int]:
    """The subject of a light verb before "their"/"its" + nominal trigger ("the army began
    its assault", "ISIS continued their offensive"): the possessor is that subject."""
    pronoun = roles.pronoun
    if pronoun is None or view.tokens.lower[pronoun] not in POSSESSIVE_PRONOUNS:
        return []
    light = light_verb_before(view, match, floor)
    if light is None:
        return []
    subject = find_subject(view, light, floor, Roles())
    if subject:
        roles.pronoun = None
        roles.rules.append("light-verb")
    return subject


def cause_before(view: View, match: Match) -> int | None:
    """The "in", "during" ... right before an attack trigger, perhaps over one modifier:
    "were killed during shelling", "in renewed clashes"."""
    lower = view.tokens.lower
    for i in (match.start - 1, match.start - 2):
        if i < 0 or view.owner[i] >= 0:
            return None
        if lower[i] in CAUSE_PREPOSITIONS:
            return i
    return None
