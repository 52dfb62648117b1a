"""What kind of actor a network node is, for the dashboard's colours and legend: a state, one of
its bodies (government, military, police), an IGO, an official, an armed or other non-state
group. Read from the actor dictionary; ids it does not hold ("USA_MIL", composed from a state
and a sector word) are a state's body when their prefix is a state."""

from __future__ import annotations

from functools import lru_cache

from dyads.actors.dictionary import ActorDictionary

KINDS = ("state", "state body", "IGO", "official", "armed or non-state group", "other")
# Sectors that make a dictionary group part of a state rather than a group outside it.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})


@lru_cache(maxsize=1)
def _dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@lru_cache(maxsize=4096)
def actor_kind(actor_id: str) -> str:
    """One of :data:`KINDS` for ``actor_id``."""
    entries = _dictionary()
    entry = entries.get(actor_id)
    if entry is None:
        prefix = actor_id.split("_", 1)[0]
        state = entries.get(prefix) if "_" in actor_id else None
        return "state body" if state is not None and state.actor.kind == "state" else "other"
    actor = entry.actor
    if actor.kind == "state":
        return "state"
    if actor.kind in ("igo",):
        return "IGO"
    if actor.kind == "person":
        return "official"
    if actor.kind == "group":
        in_state = actor.country and (actor.sector or "") in _STATE_SECTORS
        return "state body" if in_state else "armed or non-state group"
    return "other"
