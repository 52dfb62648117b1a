"""Demands voiced as obligations: "Germany said Poland must return the paintings".

CAMEO codes a statement that another actor *must* act as a demand (10) by the speaker on
that actor, whether or not the required act is itself a trigger ("must drop barriers",
"must ensure security"). The modal "must" is the trigger (pattern ``request.obligation``);
its clause subject is the one the demand is made of, and the speaker comes from the speech
verb that governs the clause ("said", "declared that", "a reminder to X that") or from a
trailing reporting clause (", the minister said"). Without a speaker, or when the speaker
is the one who must act ("we must defend ourselves"), it is no demand and is dropped.
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.draft import Draft
from dyads.nlp import lexicon

OBLIGATION = "request.obligation"

# Lemmas (and a few nouns) that introduce what someone holds another must do.
SPEECH = lexicon.words("obligation-speech")
SPEECH_REACH = 8  # tokens between the speech word and the one who must act
_PRONOUNS = lexicon.words("obligation-pronouns")


def settle(draft: Draft, view: R.View) -> bool:
    """Give an obligation draft its roles; False when it is no demand."""
    at = draft.match.start
    floor, _ = R.segment(view, at)
    roles = R.Roles()
    obliged = R.find_subject(view, at, floor, roles)
    start = view.first[obliged[0]] if obliged else (roles.pronoun or at)
    speaker = _speaker_before(view, start)
    if not speaker:
        speaker = _reporter_after(view, at)
    if not speaker:
        return False
    if not obliged and roles.pronoun is not None and view.tokens.lower[roles.pronoun] in _PRONOUNS:
        obliged = _addressee(view, roles.pronoun, speaker)  # "told Iraq that it must"
    known = [m for m in obliged if view.mentions[m].actor.code != "---"]
    obliged = known or obliged  # "Sudan and the rebels must ...": the rebels' side is unknown
    codes = {view.mentions[m].actor.code for m in speaker}
    if not obliged or all(view.mentions[m].actor.code in codes for m in obliged):
        return False
    draft.source = list(obliged)
    draft.target = []
    draft.demander = list(speaker)
    draft.roles.rules.append("obligation")
    return True


def _speaker_before(view: R.View, start: int) -> list[int]:
    """The subject of the speech word just before ``start`` ("Russia said that ...")."""
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    for j in range(start - 1, max(-1, start - 1 - SPEECH_REACH), -1):
        m = view.owner[j]
        if m >= 0:
            first = view.first[m]
            if first == 0 or lower[first - 1] != "to":
                return []  # another actor stands between: not this clause's speaker
            continue  # "a reminder to Iraq that it must": the addressee
        if lemmas[j] in SPEECH or lower[j] in SPEECH:
            floor, _ = R.segment(view, j)
            if view.boundary[j] and j > 0:
                floor, _ = R.segment(view, j - 1)  # "said" closes the speaker's clause
            return R.find_subject(view, j, floor, R.Roles())
        if lower[j] in {".", ";", "if", "unless", "because", "which", "who"}:
            return []
    return []


def _reporter_after(view: R.View, at: int) -> list[int]:
    """The actor of a trailing reporting clause: "Iraq must comply, the minister said"."""
    for m in range(len(view.mentions)):
        if view.first[m] > at and view.reporter(m) and view.mentions[m].actor.kind != "outlet":
            return [m]
    return []


def _addressee(view: R.View, pronoun: int, speaker: list[int]) -> list[int]:
    """The actor a pronoun subject stands for: the nearest one before it, not the speaker."""
    for m in range(len(view.mentions) - 1, -1, -1):
        if view.last[m] < pronoun and m not in speaker:
            return [m]
    return []


def after_must(draft: Draft, view: R.View, floor: int) -> None:
    """ "The US said that China must drop barriers", when "must" itself was dropped."""
    lower = view.tokens.lower
    start = draft.match.start
    window = lower[max(floor, start - 3) : start]
    if "must" not in window or floor < 2:
        return
    prev_floor, _ = R.segment(view, floor - 1)
    speaker = R.find_subject(view, floor - 1, prev_floor, R.Roles())
    if speaker and draft.source and speaker != draft.source:
        draft.demander = speaker
        draft.roles.rules.append("obligation")
