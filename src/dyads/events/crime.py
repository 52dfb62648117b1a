"""Acts with no political actor named on either side: ordinary crime, no event.

The codebook (section 2, 1.4) codes violence and arrests by or against political actors
(and violence with weapons of war by anyone). When a passive tells an arrest or a shooting
with no agent, of someone no actor word names, and the only role the clause gives is the
country of a place after the verb ("The men were captured near a Canadian base", "a mafia
boss was shot dead in a cafe in downtown Sofia"), nothing says that a political actor is
involved: ``rules.incidents/1`` (:mod:`dyads.events.incidents`) drops it. So too fighting
among clans or communities with no attacker named and no weapon of war (:func:`communal`).
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.draft import Draft, SentenceDrafts
from dyads.nlp import lexicon

# Killings and shootings: weapons of war (bombs, shelling, air strikes) are codable with no
# actor named, so their patterns are not listed.
KILLINGS = frozenset({"assault.kill", "assault.firearms"})
CASUALTY_VERBS = lexicon.words("casualty-verbs") | {"shoot", "stab"}


def _only_places(sd: SentenceDrafts, draft: Draft) -> bool:
    """No agent, and the target only states read after a passive verb (its subject no actor)."""
    roles = draft.roles
    if not (roles.passive and roles.nearest_after) or draft.source:
        return False
    return all(sd.view.mentions[m].actor.kind == "state" for m in draft.target)


FOUND = lexicon.words("found-dead-verbs")


def _found(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "Five men were found shot dead in the capital": a body found reports no one's act;
    with no agent and only a place after it, the killing is a crime as far as the text tells
    (a named victim shot with no agent may still be a public figure, so that is kept)."""
    view, roles, start = sd.view, draft.roles, draft.match.start
    if draft.source or not roles.nearest_after or start == 0:
        return False
    if view.tokens.lower[start - 1] not in FOUND:
        return False
    return all(view.mentions[m].actor.kind == "state" for m in draft.target)


NOT_NAMES = lexicon.words("not-person-names")


def named_subject(view: R.View, draft: Draft) -> int | None:
    """ "Haddad was captured in Kenya", "she was detained": the token of the person a passive
    arrest names right before its auxiliary (a name no actor word covers, or a pronoun),
    whom the codebook codes as a named but unidentified detainee (1.4: ``---``)."""
    lower, start = view.tokens.lower, draft.match.start
    if not draft.roles.passive or start < 2 or lower[start - 1] not in ("was", "been"):
        return None
    i = start - 2
    if lower[i] in ("he", "she"):
        return i
    named = view.tokens.capitalised[i] and view.owner[i] < 0 and lower[i] not in NOT_NAMES
    return i if named else None


def unnamed_arrest(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "The men were captured near a Canadian base": an arrest with no agent is coded only
    when the one arrested is a political or armed actor (codebook 1.4); a passive whose
    subject is no actor, its target only a place named after it, is none."""
    if draft.pattern.type != "COERCE" or draft.pattern.mode != "arrest":
        return False
    if named_subject(sd.view, draft) is not None:
        return False  # "Haddad was captured in Kenya": a named detainee, kept
    return _only_places(sd, draft)  # ("captured with Taliban fighters": armed actors, kept)


def unnamed_shooting(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "Five people were found shot dead in the Colombian capital", "a playwright was shot in
    the head": a killing with no agent and no actor before it in its clause is a crime as far
    as the text tells ("the chief of Mexico's federal police was shot dead" is kept)."""
    view = sd.view
    start = draft.match.start
    if draft.pattern.id not in KILLINGS or view.tokens.lemmas[start] not in CASUALTY_VERBS:
        return False
    if not (_only_places(sd, draft) or _found(sd, draft)):
        return False
    lemmas = view.tokens.lemmas
    if any(d.pattern.type == "ASSAULT" and lemmas[d.match.start] not in CASUALTY_VERBS
           for d in sd.drafts):  # fmt: skip
        return False  # "were killed in a series of attacks": the casualties of an attack
    floor, _ = R.segment(view, start)
    return all(view.owner[i] < 0 for i in range(floor, start))


COMMUNAL = lexicon.words("communal-violence-cues")
WEAPON_MODES = lexicon.words("weapon-modes")


def communal(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "clashes pitting two communities", "clan-related violence over a land dispute left 23
    dead": fighting among villagers, clans or communities, with no attacker named and no
    weapon of war in the sentence, has no political actor on either side (codebook 2)."""
    view = sd.view
    if draft.pattern.type != "ASSAULT" or COMMUNAL.isdisjoint(view.tokens.lower):
        return False
    if any(d.pattern.mode in WEAPON_MODES for d in sd.drafts):
        return False

    def civil(m: int) -> bool:  # a place read as an actor, or the villagers themselves
        actor = view.mentions[m].actor
        return actor.kind == "state" or actor.sector == "CVL"

    return all(civil(m) for d in sd.drafts for m in d.source) and all(map(civil, draft.target))


def no_political_actor(sd: SentenceDrafts, draft: Draft) -> bool:
    """The acts this module finds with no political actor: ``rules.incidents/1`` drops them."""
    return (
        unnamed_arrest(sd, draft)
        or unnamed_shooting(sd, draft)
        or natural_damage(sd, draft)
        or communal(sd, draft)
    )


NATURE = lexicon.words("accident-words") | lexicon.words("forces-of-nature")
DAMAGE_PATTERNS = lexicon.words("damage-patterns")


def natural_damage(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "a building housing troops was destroyed by fire", "a wildfire destroys homes, forcing
    residents to flee": damage or flight that a fire or a disaster causes, no actor named
    before it in its clause, is no one's act (codebook 2: accidents and natural disasters)."""
    if draft.pattern.id not in DAMAGE_PATTERNS or draft.source:
        return False
    view, start = sd.view, draft.match.start
    floor, _ = R.segment(view, start)
    if any(view.owner[i] >= 0 and view.owner[i] not in draft.target for i in range(floor, start)):
        return False
    before = view.tokens.lower[max(0, start - 20) : start]
    after = view.tokens.lower[draft.match.end : draft.match.end + 3]
    by_it = len(after) > 1 and after[0] in ("by", "from") and not NATURE.isdisjoint(after[1:])
    return by_it or not NATURE.isdisjoint(before)
