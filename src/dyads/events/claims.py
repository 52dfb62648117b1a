"""A claim of responsibility names the attacker: "the Pakistani Taliban claimed
responsibility for the bombing" codes the bombing as the Taliban's (codebook 6: the actor
the text gives; 1.4: no attacker is inferred when the text only implies one, but a claim
states it). "Nobody claimed responsibility" names no actor, and so codes none.
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.clauses import View
from dyads.events.patterns import Match
from dyads.nlp import lexicon

VERBS = lexicon.words("responsibility-verbs")
NOUNS = lexicon.words("responsibility-nouns")
_MODIFIERS = 3  # "for the deadly twin attack": determiners and adjectives skipped


def claim_verb(view: View, match: Match) -> int | None:
    """The index of "claimed" in "claimed responsibility for (the) <trigger>", if any."""
    lower, lemmas, owner = view.tokens.lower, view.tokens.lemmas, view.owner
    i = match.start - 1
    while i >= 0 and match.start - i <= _MODIFIERS and lower[i] != "for":
        if owner[i] >= 0 or not lower[i].replace("-", "").isalpha():
            return None
        i -= 1
    if i < 2 or lower[i] != "for" or lower[i - 1] not in NOUNS:
        return None
    return i - 2 if lemmas[i - 2] in VERBS else None


def claimant(view: View, match: Match, roles: R.Roles) -> list[int]:
    """The subject of the claim verb before a nominal trigger: the attack's source."""
    verb = claim_verb(view, match)
    if verb is None:
        return []
    found = R.find_subject(view, verb, R.segment(view, verb)[0], roles)
    roles.rules.extend(["claimed"] if found else [])
    return found
