"""The ``modality/1`` stage: hedged, negated and hypothetical for every candidate.

Its cue words are read around the trigger by :mod:`dyads.events.modality`; this stage adds
what only a candidate knows: a suspected attacker ("by suspected rebels"), a casualty folded
into the attack that is only reported, and a sentence that says its report is unverified.
Shared by every extractor (:mod:`dyads.events.shared` lists the others).
"""

from __future__ import annotations

import re
from typing import Any

from dyads.events.candidate import Candidate, SentenceWork
from dyads.events.modality import modality
from dyads.model import Sentence
from dyads.nlp import lexicon

__all__ = ["ModalityStage"]


class ModalityStage:
    name = "modality/1"
    requires = ("candidates",)
    assigns = ("modality",)

    def __init__(self, **_options: Any) -> None:
        pass

    def __call__(self, work: SentenceWork) -> None:
        text, sent = work.layers.text, work.sentence
        # "..., but the report could not be independently confirmed": every event it tells
        unverified = bool(work.candidates) and UNVERIFIED.search(text, sent.start, sent.end)
        for cand in work.candidates:
            mood = modality(text, sent.start, sent.end, cand.trigger.start, cand.trigger.end,
                            verbal=cand.verbal)  # fmt: skip
            cand.hedged = bool(
                unverified
                or mood.hedged
                or _suspected(text, cand)
                or _told_hedged(text, sent, cand)
            )
            cand.negated = mood.negated or cand.negated or cand.negated_by_governor
            hypothetical = mood.hypothetical
            if hypothetical and cand.aim:  # only the "to" of the crowd's aim says so: done
                hypothetical = any(c.kind == "hypothetical" and text[c.start : c.end] != "to"
                                   for c in mood.cues)  # fmt: skip
            cand.hypothetical = hypothetical or cand.hypothetical
            cand.denial = mood.denial


def _told_hedged(text: str, sent: Sentence, cand: Candidate) -> bool:
    """A casualty folded into the attack is hedged ("10 were reportedly killed in the
    fighting"): what the attack did is only reported, so the event is hedged."""
    for span in cand.told:
        if modality(text, sent.start, sent.end, span.start, span.end, verbal=True).hedged:
            return True
    return False


IDENTITY_HEDGES = lexicon.words("identity-hedges")
IDENTITY_BELIEVED = lexicon.regex("identity-believed")
UNVERIFIED = lexicon.regex("unverified-report")
_FEW_WORDS = re.compile(r"[\w'’-]+")


def _suspected(text: str, cand: Candidate) -> bool:
    """ "by suspected Boko Haram insurgents", "apparently by rebels", "gunmen believed to be
    members of X": the attacker is only suspected, so the event is hedged."""
    for m in cand.source:
        before = _FEW_WORDS.findall(text, max(0, m.start - 40), m.start)[-5:]
        if not IDENTITY_HEDGES.isdisjoint(w.lower() for w in before):
            return True
        if IDENTITY_BELIEVED.search(text, max(0, m.start - 80), m.start):
            return True  # "gunmen, believed to be fighters of the X group"
        after = _FEW_WORDS.findall(text, m.end, m.end + 30)[:2]
        if after and after[0].lower() in ("suspected", "believed", "thought"):
            return True  # "gunmen suspected to be ...", "militants believed to be ..."
    return False
