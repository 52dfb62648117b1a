"""The home country as what an act falls on: coercion named without its object falls on the
state's own people ("imposed a curfew": the state's civilians), and a target that is only the
actor's own state named is a place, not a counterpart ("demanded elections in Greece").

Split from :mod:`dyads.events.coref`, which finds the countries these rules compare.
"""

from __future__ import annotations

from collections.abc import Sequence

from dyads.events.clauses import View
from dyads.events.coref import is_state_code
from dyads.model import Actor, Mention

# Coercion named without its object ("imposed a curfew", "outlawed the group", "arrested
# twelve") falls on the state's own people when the sentence names no other state.
DOMESTIC_TYPES = frozenset({"COERCE"})


def domestic_target(view: View, event_type: str, source: Sequence[Mention]) -> Mention | None:
    if event_type not in DOMESTIC_TYPES or len(source) != 1:
        return None
    code = source[0].actor.code
    if not is_state_code(code):
        return None
    others = {
        m.actor.code
        for k, m in enumerate(view.mentions)
        if not view.reporter(k) and is_state_code(m.actor.code)
    }
    if others - {code}:
        return None
    actor = source[0].actor
    people = Actor(
        id=actor.country or code, code=code, name=actor.name, sector="CVL",
        wikidata=None, kind="state", country=actor.country or code,
    )  # fmt: skip
    return Mention(people, source[0].start, source[0].end, source[0].sentence)


# Where an attack, a crackdown, a protest or an easing happens at home, the country is what it
# falls on; for other types a nearest-after target that is only the actor's own country named
# ("demanded elections in Greece", "resigned to allow Haiti's elections") is a place.
HOME_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN", "CONCEDE"})


def bare_self(
    source: Sequence[Mention], target: Sequence[Mention], event_type: str, text: str
) -> bool:
    """The target is only the source's own state, named by its name ("Serbia", not
    "Serbian police" or "Ugandan opposition")."""
    if event_type in HOME_TYPES:
        return False
    codes = {m.actor.code for m in source}
    return bool(target) and all(
        m.actor.code in codes and m.actor.kind == "state" and text[m.start : m.end] == m.actor.name
        for m in target
    )
