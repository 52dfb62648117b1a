"""Coming under an attack: "the town came under renewed attack by government forces",
"Kenyan troops came under attack from militants", "civilians were killed under the fire of
the air force".

After "under", the attack noun is what the clause's subject suffers, and the actor after
"by", "from" or "of" is the attacker (codebook 6: the agent of a passive is the source). The
general rules misread the frame: a tagger takes "attack" after an adjective ("under renewed
attack") for a verb, whose "by" group the verbal rules keep as its object, and a nominal
trigger takes the clause's subject (the victims) as its actor.
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.claims import claimant
from dyads.events.clauses import View, group_right
from dyads.events.patterns import Match
from dyads.nlp import lexicon

UNDER = lexicon.words("exposure-prepositions")
GATES = lexicon.words("exposure-agent-gates")
NOUNS = lexicon.words("exposure-nouns")
_MODIFIERS = 3  # "under the renewed heavy attack": determiners and adjectives skipped


def _agent_after(view: View, noun_end: int, ceiling: int) -> list[int]:
    """The actor group after the gate word right after the noun ("by X", "from the X")."""
    lower, owner = view.tokens.lower, view.owner
    i = noun_end
    if i >= ceiling or lower[i] not in GATES:
        return []
    i += 1
    while i < ceiling and lower[i] in {"the", "a", "an"}:
        i += 1
    return group_right(view, owner[i]) if i < ceiling and owner[i] >= 0 else []


def _under_before(view: View, start: int, floor: int) -> int | None:
    """The index of "under" before ``start`` with only modifiers between, if any."""
    lower, owner = view.tokens.lower, view.owner
    i = start - 1
    while i >= floor and start - i <= _MODIFIERS + 1:
        if lower[i] in UNDER:
            return i
        if owner[i] >= 0 or not lower[i].replace("-", "").isalpha():
            return None
        i -= 1
    return None


def exposed(view: View, match: Match, floor: int, ceiling: int) -> tuple[int, list[int]] | None:
    """The trigger is the noun of an "under ... by X" frame: (the index of "under", X)."""
    under = _under_before(view, match.start, floor)
    if under is None:
        return None
    agent = _agent_after(view, match.end, ceiling)
    return (under, agent) if agent else None


def exposure_agent(view: View, match: Match, ceiling: int) -> list[int]:
    """A passive trigger's attacker in an "under the fire of X" phrase after it."""
    lower = view.tokens.lower
    for i in range(match.end, min(ceiling, match.end + 12)):
        noun = lower[i] in NOUNS and view.owner[i] < 0
        if noun and _under_before(view, i, match.end) is not None:
            return _agent_after(view, i + 1, ceiling)
        if view.owner[i] >= 0 or lower[i] in {",", ";", "."}:
            break
    return []


def framed_roles(
    view: View, match: Match, floor: int, ceiling: int, roles: R.Roles
) -> tuple[list[int], list[int]] | None:
    """An attack's (source, target) read from its frame, or None: "troops came under attack
    by X" (X against the troops) and "X claimed responsibility for the attack" (X, the target
    left to the trigger's own objects, empty here)."""
    frame = exposed(view, match, floor, ceiling)
    if frame is not None:
        roles.passive = True
        roles.rules.append("under-agent")
        source = frame[1]
        subject = R.find_subject(view, frame[0] - 1, floor, roles)
        return source, [m for m in subject if m not in source]
    claimed = claimant(view, match, roles)
    return (claimed, []) if claimed else None
