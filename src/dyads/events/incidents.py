"""``rules.incidents/1``: one attack, one event, however many verbs tell it.

News tells one attack with several triggers: "a car bomb exploded ..., killing nine and
wounding 15", "was shot and killed", "20 soldiers were killed in an air strike". The codebook
(section 4: "an attack that kills is one ASSAULT, not one per verb") codes the attack once,
on the trigger that names the act. Casualty verbs ("killed", "wounded": the lexicon's
``casualty-verbs``) report what the attack did; where the sentence also names the attack,
each casualty is folded into the nearest attack, lending it the roles it lacks (the victims
as target, a passive's "by" agent as source). Where only casualty verbs are left ("ten were
killed and 30 wounded"), they are one event, the first. Two attacks whose named attackers
differ stay two events.
"""

from __future__ import annotations

from typing import Any

from dyads.events.candidate import SentenceWork
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.resolve import RULES
from dyads.nlp import lexicon

CASUALTY_VERBS = lexicon.words("casualty-verbs")
ATTACK = "ASSAULT"
# Acts of their own beside a killing, never what a casualty verb reports: "killed two and
# took three hostage" is two events.
SEPARATE = frozenset({"abduct", "torture", "sexual"})


def is_casualty(draft: Draft, sd: SentenceDrafts) -> bool:
    lemma = sd.view.tokens.lemmas[draft.match.start]
    return draft.pattern.type == ATTACK and lemma in CASUALTY_VERBS


def _compatible(keeper: Draft, casualty: Draft) -> bool:
    """Two named attackers that differ are two attacks ("X shelled A while Y killed 5"); a
    casualty whose "subject" is the attack's victim ("four wounded in an ambush by X") is
    the same attack."""
    if not (keeper.source and casualty.source):
        return True
    named = set(casualty.source)
    return named == set(keeper.source) or named <= set(keeper.target)


def _fold(keeper: Draft, casualty: Draft) -> None:
    if not keeper.target and casualty.target:
        keeper.target = list(casualty.target)
    if not keeper.source and casualty.source and casualty.roles.passive:
        keeper.source = list(casualty.source)  # "were killed by X in an attack"
    keeper.prominence = max(keeper.prominence, casualty.prominence)
    keeper.casualties += 1 + casualty.casualties
    keeper.roles.rules.append(f"incident:{casualty.pattern.id}")


def merge_incidents(sd: SentenceDrafts) -> None:
    """Fold the casualty drafts of ``sd`` into the attack they report (see above)."""
    attacks = [d for d in sd.drafts if d.pattern.type == ATTACK]
    if len(attacks) < 2:
        return
    casualties = [d for d in attacks if is_casualty(d, sd)]
    named = [d for d in attacks if not is_casualty(d, sd) and d.pattern.mode not in SEPARATE]
    if not named:  # only casualty verbs: the first one keeps the event
        named, casualties = casualties[:1], casualties[1:]
    folded: set[int] = set()
    for casualty in casualties:
        options = [k for k in named if _compatible(k, casualty)]
        if not options:
            continue
        start = casualty.match.start
        _fold(min(options, key=lambda k: abs(k.match.start - start)), casualty)
        folded.add(id(casualty))
    if folded:
        sd.drafts = [d for d in sd.drafts if id(d) not in folded]


class IncidentStage:
    name = "rules.incidents/1"
    requires = ("rules.salience",)
    assigns = ("rules.incidents",)

    def __init__(self, **_options: Any) -> None:
        pass

    def __call__(self, work: SentenceWork) -> None:
        sd: SentenceDrafts | None = work.private.get(RULES)
        if sd is not None and len(sd.drafts) > 1:
            merge_incidents(sd)
