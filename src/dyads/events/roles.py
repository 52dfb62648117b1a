"""Source and target from the clause, without a parser: token scans around the trigger.

The subject is the nearest actor group before the trigger in its clause
(:mod:`dyads.events.clauses`) that is not the object of a preposition or of an earlier
trigger; the target is the first actor group after the trigger that a direct object or one of
the pattern's prepositions introduces. Nominal triggers take their source from a possessive or
adjective ("Russia's invasion", "Russian strikes"), "by X", "between X and Y", or the subject
of a light verb ("expressed support"). Mentions of a reporting clause take no role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyads.events.clauses import (
    _AUXILIARIES,
    BE_FORMS,
    BOUNDARY_WORDS,
    DETERMINERS,
    FIRST_PERSON,
    PAST_ENDINGS,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    RELATIVES,
    SEPARATORS,
    STAND_INS,
    SUBJECT_PRONOUNS,
    View,
    _lexicon,
    conditional,
    governed_segment,
    group_left,
    group_right,
    is_possessive,
    make_view,
    opening_locative,
    segment,
    stand_in,
    words,
)
from dyads.events.patterns import Match
from dyads.nlp import lexicon

__all__ = [
    "BE_FORMS", "BOUNDARY_WORDS", "DETERMINERS", "FIRST_PERSON", "POSSESSIVE_PRONOUNS",
    "PREPOSITIONS", "RELATIVES", "SEPARATORS", "STAND_INS", "SUBJECT_PRONOUNS",
    "TYPE_TARGET_PREPS", "Roles", "View", "antecedent", "conditional", "find_objects",
    "find_subject", "governed_segment", "group_left", "group_right", "investigated",
    "is_possessive", "light_verb_before", "make_view",
    "nearest_after", "nearest_before", "nominal_source", "opening_locative", "segment", "words",
]  # fmt: skip


TYPE_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "AGREE": ("with", "to"),
    "CONSULT": ("with",),
    "SUPPORT": ("for", "to", "of"),
    "CONCEDE": ("to",),
    "COOPERATE": ("with",),
    "AID": ("to", "for"),
    "RETREAT": ("from",),
    "REQUEST": ("on", "to", "from", "of"),
    "ACCUSE": ("of", "for", "against", "over", "at", "about"),
    "REJECT": ("from", "of"),
    "THREATEN": ("against", "with"),
    "PROTEST": ("against",),
    "SANCTION": ("on", "against"),
    "MOBILIZE": (),
    "COERCE": ("on", "against", "of"),
    "ASSAULT": ("on", "against", "of"),
}


@dataclass(slots=True)
class Roles:
    source: list[int] = field(default_factory=list)  # mention indices
    target: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the trace for `dyads explain` only
    pronoun: int | None = None  # token index of a pronoun standing for the source
    relative: int | None = None  # token of a relative word whose antecedent is the source
    # How the roles were read, for the stages after (typed, so no one tests the trace):
    passive: bool = False  # "was attacked by X": subject and agent swapped
    reverse: bool = False  # "receives missiles from X": the subject is the target
    shared_subject: bool = False  # "..., killing 20": the previous clause's subject acts
    nearest_after: bool = False  # the target is only the nearest actor after the trigger


def _gate_before(view: View, m: int, floor: int) -> str | None:
    """The preposition that introduces mention ``m`` ("of", "with"), skipping determiners."""
    i = view.first[m] - 1
    lower = view.tokens.lower
    while i >= floor and lower[i] in DETERMINERS:
        i -= 1
    if i < floor:
        return None
    return lower[i] if lower[i] in PREPOSITIONS else None


def find_subject(view: View, at: int, floor: int, roles: Roles) -> list[int]:
    """The actor group acting as subject before token ``at`` in the clause starting at
    ``floor``; records pronouns and relative words for the caller to resolve."""
    lower, owner = view.tokens.lower, view.owner
    _, agent_heads = _lexicon()
    i = at - 1
    joined: list[int] = []
    described: tuple[int, int] | None = None  # the apposition skipped, as a token range
    while i >= floor and owner[i] < 0 and (lower[i] in _AUXILIARIES or lower[i].endswith("ly")):
        i -= 1  # auxiliaries and adverbs, but not "Italy"
    if i > floor and lower[i] == ",":
        k = i - 1  # "Pakistan, a key U.S. ally in ..., has refused": skip the apposition
        while k > floor and lower[k] != "," and i - k < 15:
            k -= 1
        if k > floor and lower[k] == "," and _apposition(lower, k + 1):
            backed = lower[k + 1] in BACKING and k + 2 < i and lower[k + 2] == "by"
            if lower[k + 1] in JOINING_OPENERS or backed:  # "X, alongside Y, launched": all act
                joined = list(dict.fromkeys(owner[x] for x in range(k + 1, i) if owner[x] >= 0))
            elif lower[k + 1] in DESCRIBING_OPENERS:
                described = (k + 1, i)
            i = k - 1
    while i >= floor and at - i <= 30:
        m = owner[i]
        word = lower[i]
        if m >= 0:
            gate = _gate_before(view, m, floor)
            j = view.first[m] - 1
            while j >= floor and (lower[j] in DETERMINERS or _quantity(lower, j)):
                j -= 1  # "kidnapped up to 16 Russian advisers": the object of "kidnapped"
            after_trigger = j >= floor and (j + 1) in view.trigger_ends
            first = view.first[m]
            counted = gate == "of" and first >= 2 and _quantity(lower, first - 2)  # "dozens of X"
            # the head noun before "of": "members of X", "the defence ministers of X"
            heads = {lower[k] for k in (j, j - 1) if k >= floor}
            head_ok = counted or (gate == "of" and not heads.isdisjoint(agent_heads))
            if (gate is None or head_ok) and not after_trigger:
                roles.rules.append("subject" if gate is None else "subject:N-of-X")
                group = group_left(view, m)
                return group + [x for x in joined if x not in group]
            i = view.first[group_left(view, m)[0]] - 1
            continue
        if word in SUBJECT_PRONOUNS and (i + 1 >= len(lower) or lower[i + 1] not in {"'s"}):
            roles.pronoun = i
            roles.rules.append(f"pronoun:{word}")
            return []
        if i > floor and stand_in(lower, i):
            roles.pronoun = i
            roles.rules.append(f"stand-in:{word}")
            return []
        i -= 1
    if described is not None:
        # "Omar Haddad, a senior ISIS commander, was killed": a subject that is no actor is
        # the one its apposition describes
        found = _described(view, *described)
        if found:
            roles.rules.append("subject:apposition")
            return found
    rel = floor - 1
    if rel > 0 and lower[rel] in RELATIVES and lower[rel] != "where":
        roles.relative = rel
        roles.rules.append(f"relative:{lower[rel]}")
    return []


QUANTIFIERS = lexicon.words("group-nouns") | lexicon.words("number-words")
JOINING_OPENERS = frozenset({"alongside", "along", "together"})
# "X, backed by Y, launched an assault": the backers act with X (as the dev annotators code)
BACKING = lexicon.words("backing-participles")
DESCRIBING_OPENERS = frozenset({"a", "an", "the"})


def _described(view: View, start: int, end: int) -> list[int]:
    """The actor group an apposition names as what its head is ("a senior ISIS commander",
    "two members of the Taliban"), not one it is tied to by another preposition ("an aide
    to the president", "a village held by rebels")."""
    for x in range(start, end):
        m = view.owner[x]
        if m >= 0:
            gate = _gate_before(view, m, start)
            return group_left(view, m) if gate in {None, "of"} else []
    return []


APPOSITION_OPENERS = frozenset({"a", "an", "the", "which", "who"}) | JOINING_OPENERS


def _apposition(lower: list[str], k: int) -> bool:
    """Token ``k`` opens a phrase set off after the subject: "Pakistan, a key ally, ...",
    "the army, backed by Russian jets, ...", "the army, alongside militias, ..."."""
    word = lower[k]
    if word in APPOSITION_OPENERS:
        return True
    return word.endswith(PAST_ENDINGS) and k + 1 < len(lower) and lower[k + 1] == "by"


def _quantity(lower: list[str], j: int) -> bool:
    word = lower[j]
    return word in QUANTIFIERS or word.replace(",", "").isdigit()


def antecedent(view: View, rel: int) -> list[int]:
    """The actor group just before a relative word ("Ukraine, which ...", "X, from where")."""
    lower = view.tokens.lower
    i = rel - 1
    while i >= 0 and lower[i] in {",", "from", "in", "to"}:
        i -= 1
    if i >= 0 and view.owner[i] >= 0:
        return group_left(view, view.owner[i])
    return []


def find_objects(
    view: View, match: Match, preps: frozenset[str], *, direct: bool, ceiling: int
) -> tuple[list[int], list[int], list[int], str | None]:
    """Actor groups after the trigger: (target, agent from "by", "between" group, gate word)."""
    lower, owner = view.tokens.lower, view.owner
    gate: str | None = None
    target: list[int] = []
    agent: list[int] = []
    between: list[int] = []
    i = match.start + 1
    limit = min(ceiling, match.end + 14)
    only_between = False
    while i < limit:
        m = owner[i]
        if m >= 0 and only_between and gate not in {"between", "by"}:
            break
        if m >= 0:
            if gate == "by" and not agent:
                agent = group_right(view, m)
                i = view.last[agent[-1]] + 1
                continue
            if gate == "between" and not between:
                between = group_right(view, m)
                return target, agent, between, gate
            accepted = (gate is None and direct) or (gate is not None and gate in preps)
            if accepted and not target:
                if is_possessive(view, m):
                    return [m], agent, between, gate
                target = group_right(view, m)
                i = view.last[target[-1]] + 1
                if match.pattern.type in GRIEVANCE_TYPES and gate in {None, "to", "with"}:
                    # "complained to the UN over Israeli raids": the UN hears, Israel is accused
                    target = _grievance(view, i, limit) or target
                continue
            i = view.last[m] + 1
            gate = "?"  # a skipped actor: later ones are not the trigger's objects
            continue
        word = lower[i]
        if word == "of" and gate is not None and lower[i - 1] in _lexicon()[1]:
            i += 1  # "talks with leaders of Romania": the leaders stand for Romania
            continue
        if i >= match.end and i in view.trigger_starts:
            if target or only_between:
                break
            only_between = True  # "concern at the cooperation between X and Y"
        if word in PREPOSITIONS and not _counting(lower, i):
            gate = word
        elif word in {".", "!", "?"}:
            break
        i += 1
    return target, agent, between, gate


COUNT_HEADS = frozenset({"least", "most", "many", "much"})
COUNT_PREPOSITIONS = frozenset({"about", "around", "over", "up", "nearly", "almost", "some"})


def _counting(lower: list[str], i: int) -> bool:
    """A preposition that counts the object, no gate: "killing at least 22 people", "up to
    16", "over 100 civilians", "as many as 40"."""
    nxt = lower[i + 1] if i + 1 < len(lower) else ""
    if nxt in COUNT_HEADS or (lower[i] == "up" and nxt == "to"):
        return True
    return lower[i] in COUNT_PREPOSITIONS and nxt.replace(",", "").isdigit()


GRIEVANCE_TYPES = frozenset({"ACCUSE", "PROTEST"})
GRIEVANCE_GATES = lexicon.words("grievance-prepositions")


def _grievance(view: View, start: int, limit: int) -> list[int]:
    """The actor of an "over"/"about"/"against" phrase after an addressee, if any."""
    lower, owner = view.tokens.lower, view.owner
    i = start
    while i < limit and lower[i] not in GRIEVANCE_GATES:
        if (lower[i] in {".", ";", ","} and i > start + 3) or view.boundary[i]:
            return []
        i += 1
    for j in range(i + 1, min(limit, i + 6)):
        if owner[j] >= 0:
            m = owner[j]
            if view.mentions[m].actor.code == "---":
                return []  # "over the gangs": whose, the text does not say
            return [m] if is_possessive(view, m) else group_right(view, m)
        if lower[j] in PREPOSITIONS or view.boundary[j] or lower[j] in {",", ";"}:
            return []
    return []


def nearest_before(view: View, at: int, floor: int) -> list[int]:
    """The last actor before the trigger in its clause, whatever introduces it."""
    lower = view.tokens.lower
    for i in range(at - 1, max(floor, at - 15) - 1, -1):
        if view.owner[i] >= 0 and (i + 1) not in view.trigger_ends:
            j = view.first[view.owner[i]] - 1
            while j >= floor and (lower[j] in DETERMINERS or _quantity(lower, j)):
                j -= 1
            if (j + 1) in view.trigger_ends:
                continue  # "killed one soldier and wounded two": the object of "killed"
            group = group_left(view, view.owner[i])
            if opening_locative(view, group):
                return []
            return group
    return []


INVESTIGATED_REACH = 12


def investigated(view: View, match: Match, ceiling: int, exclude: set[int]) -> list[int]:
    """The actor an investigation is into: the agent of the deed investigated ("a probe
    into killings by Somali militants"), not its victims."""
    lower = view.tokens.lower
    for i in range(match.end, min(ceiling, match.end + INVESTIGATED_REACH) - 1):
        if lower[i] != "by":
            continue
        k = i + 1
        while k < ceiling and lower[k] in DETERMINERS:
            k += 1
        if k < ceiling and view.owner[k] >= 0 and view.owner[k] not in exclude:
            return group_right(view, view.owner[k])
    return []


COMMENT_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "AGREE"})


LOCATIVES = lexicon.words("locatives")
SCENE_TYPES = frozenset({"PROTEST"})  # where a protest happens is not what it is against
RELATIONS = frozenset(lexicon.words("protest-relation-phrases"))  # "against the war on X"


def nearest_after(view: View, match: Match, ceiling: int, exclude: set[int]) -> list[int]:
    """The first actor after the trigger in its clause: a weak target, when no rule found one."""
    lower = view.tokens.lower
    for i in range(match.end, min(ceiling, match.end + 12)):
        if i in view.trigger_starts and match.pattern.type in COMMENT_TYPES:
            return []  # "condemned the attack on Somalia": Somalia is the attack's target
        m = view.owner[i]
        if m >= 0 and m not in exclude and i == view.first[m]:
            if match.pattern.type in SCENE_TYPES and (
                lower[i - 1] in LOCATIVES or " ".join(lower[i - 2 : i]) in RELATIONS
            ):
                continue  # "rallied in Hong Kong against Beijing": the scene, not the target
            return [m] if is_possessive(view, m) else group_right(view, m)
    return []


def nominal_source(view: View, match: Match, floor: int, roles: Roles) -> list[int]:
    """Possessive or adjectival actor right before a nominal trigger."""
    lower, owner = view.tokens.lower, view.owner
    i = match.start - 1
    steps = 0
    while i >= floor and steps < 6:
        word = lower[i]
        if owner[i] >= 0:
            roles.rules.append("adjective")
            return group_left(view, owner[i])
        if word in {"'s", "'"}:
            if i - 1 >= 0 and owner[i - 1] >= 0:
                roles.rules.append("possessive")
                return group_left(view, owner[i - 1])
            return []
        if word in POSSESSIVE_PRONOUNS:
            roles.pronoun = i
            roles.rules.append(f"possessive:{word}")
            return []
        if word in PREPOSITIONS or word in {"the", "a", "an", ",", ";", ":"}:
            return []
        if (i + 1) in view.trigger_ends or view.boundary[i]:
            return []
        i -= 1
        steps += 1
    return []


def light_verb_before(view: View, match: Match, floor: int) -> int | None:
    """Token index of a light verb ("express", "launch") governing a nominal trigger."""
    light, _ = _lexicon()
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    i = match.start - 1
    steps = 0
    while i >= floor and steps < 5:
        if lemmas[i] in light:
            return i
        if view.owner[i] >= 0 or lower[i] in PREPOSITIONS or lower[i] in {",", ";"}:
            return None
        i -= 1
        steps += 1
    return None
