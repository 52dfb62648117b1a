"""How a casualty verb is folded into the attack it reports (``rules.incidents/1``).

``fold`` lends the attack the roles it lacks from the casualty ("killed five": the victims
as target; "were killed by X": the attacker); ``compatible`` tells whether the two may be
one attack at all (two attackers that differ are two).
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.draft import Draft
from dyads.nlp import lexicon

NEAR_ATTACK = 10  # tokens from "X killed twelve" to the "raid" it was killed in
# where an attack is set: not its target when a casualty verb names the victims ("at" aims it)
SCENE_WORDS = lexicon.words("scene-prepositions") - {"at"}
ARMED = lexicon.words("armed-group-sectors")  # the sides a place's holder may be


def compatible(keeper: Draft, casualty: Draft) -> bool:
    """Two named attackers that differ are two attacks ("X shelled A while Y killed 5"); a
    casualty whose "subject" is the attack's victim ("four wounded in an ambush by X") is
    the same attack."""
    if not (keeper.source and casualty.source):
        return True
    if casualty.roles.passive and set(keeper.source) <= set(casualty.target):
        return True  # "were killed by attacks": the attack's misread "subject" is the victims
    if set(casualty.target) and set(casualty.target) <= set(keeper.source):
        return True  # the very attacker read as the casualty's "target": the same attack
    if casualty.roles.shared_subject and keeper.verbal and keeper.match.end <= casualty.match.start:
        return True  # "jets hit a town held by rebels, killing five": the verb's own attack
    named = set(casualty.source)
    # "fighting between A and B killed 20": the casualty's subject is both sides
    return named == set(keeper.source) or named <= set(keeper.target) | set(keeper.source)


def fold(keeper: Draft, casualty: Draft, view: R.View) -> None:
    first = view.first
    victims = {m for m in casualty.target if first[m] < casualty.match.start}
    if casualty.roles.passive and keeper.source and set(keeper.source) <= victims:
        keeper.source = []  # "five civilians were killed in Homs, in an attack": victims
    elif (
        (casualty.roles.passive or not keeper.verbal)
        and keeper.source
        and casualty.source
        and set(keeper.source) <= set(casualty.target)
    ):
        # "were killed by X after an airstrike hit", "began the offensive by storming Y": the
        # attack's "subject" read from the victims; the casualty's own agent is the attacker
        keeper.source = list(casualty.source)
    # the passive's subject names the victims; a mere nearest actor after the attack does not
    # ("four Iraqi policemen were killed when a car bomb exploded near a US base")
    nearest = keeper.roles.nearest_after and casualty.roles.passive and bool(victims)
    # ... nor the country an attack is set in: "bombed a post in Lebanon, killing two
    # Israeli soldiers" hit the soldiers its casualty verb names (codebook 6: victims)
    nearest |= scene_only(view, keeper, casualty)
    # ... nor an armed group merely named near what it hit, when an active casualty verb
    # after it names the victims: "bombed a market in X, a town held by rebels, killing nine
    # civilians" hit the civilians (codebook 6: "who was hit"); a convoy or a base hit stays
    nearest |= keeper.roles.nearest_after and _victims_after(view, keeper, casualty)
    if (not keeper.target or nearest) and casualty.target:
        keeper.target = list(casualty.target)
    if not keeper.source and casualty.source and casualty.roles.passive:
        keeper.source = list(casualty.source)  # "were killed by X in an attack"
    elif not keeper.source and casualty.source and acts_in(casualty, keeper):
        keeper.source = list(casualty.source)  # "X killed twelve people in a raid"
    keeper.prominence = max(keeper.prominence, casualty.prominence)
    keeper.casualties += 1 + casualty.casualties
    keeper.told += [(casualty.match.start, casualty.match.end), *casualty.told]
    keeper.roles.rules.append(f"incident:{casualty.pattern.id}")


def _victims_after(view: R.View, keeper: Draft, casualty: Draft) -> bool:
    """The attack's target is armed groups only, and an active casualty verb names its
    victims as its object."""
    first = view.first
    after = any(first[m] >= casualty.match.end for m in casualty.target)
    armed = all(view.mentions[m].actor.sector in ARMED for m in keeper.target)
    return after and armed and casualty.verbal and not casualty.roles.passive


def scene_only(view: R.View, keeper: Draft, casualty: Draft) -> bool:
    """The attack's target is only where it happened ("in southern Lebanon"), and the active
    casualty verb after it names its victims as its object."""
    lower, first = view.tokens.lower, view.first
    after = [m for m in casualty.target if first[m] >= casualty.match.end]
    if not keeper.target or not after or casualty.roles.passive or not casualty.verbal:
        return False
    if any(view.mentions[m].actor.code in {"---", ""} for m in after):
        return False  # "outside the US headquarters, killing 24 employees": the place's
    return all(any(w in SCENE_WORDS for w in lower[max(0, first[m] - 3) : first[m]])
               for m in keeper.target)  # fmt: skip


def acts_in(casualty: Draft, keeper: Draft) -> bool:
    """The active casualty verb's subject carried out the nominal attack after it: "armed
    men killed twelve people in a raid on the market" (not "the raid killed X")."""
    return (
        casualty.verbal
        and not keeper.verbal
        and not casualty.roles.reverse
        and not casualty.roles.shared_subject  # "bombed ..., killing two, in retaliation for"
        and 0 <= keeper.match.start - casualty.match.end <= NEAR_ATTACK
        and not set(casualty.source) & set(keeper.target)
    )
