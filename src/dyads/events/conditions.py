"""Whom a threat is addressed to when its object names no one: the actor of its condition."""

from __future__ import annotations

from dyads.events.clauses import View
from dyads.nlp import lexicon

# A threat names its addressee in its condition: "threatened to walk out if the US goes ahead",
# "... unless Israel withdraws": the actor of the condition is the one threatened.
CONDITIONS = lexicon.words("condition-words")


def condition_target(view: View, trigger: int) -> list[int]:
    """Mention indices of the subject of an "if"/"unless" clause after token ``trigger``."""
    lower, owner = view.tokens.lower, view.owner
    n = len(lower)
    for i in range(trigger + 1, n):
        if view.reporting and view.reporting[i]:
            return []
        if lower[i] in CONDITIONS:
            for j in range(i + 1, min(n, i + 6)):
                if owner[j] >= 0:
                    return [owner[j]]
                if lower[j] in {",", ";", "."}:
                    return []
            return []
    return []
