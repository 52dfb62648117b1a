"""Whose participle is it: "Amnesty said that the army had shelled the town, accusing it of
war crimes" is Amnesty's accusation. A participle set off by a comma usually shares the
subject of the clause before it ("rebels stormed the town, killing five"), but an object
pronoun after it ("accusing it", "urging them") cannot stand for its own subject: when the
clause before is reported speech, the participle is the speaker's, and the pronoun that
clause's subject. Whether a participle is an act of its own or a detail its governor absorbs
(:func:`own_act`) lives here too.
"""

from __future__ import annotations

from dyads.events.clauses import View, group_left
from dyads.events.draft import Draft
from dyads.events.roles import Roles
from dyads.nlp import lexicon

PRONOUNS = lexicon.words("adjunct-object-pronouns")
SPEECH = lexicon.words("adjunct-speech-lemmas")


def speaker_instead(view: View, floor: int, subject: list[int], roles: Roles) -> list[int]:
    """The speaker of the reported clause before the participle at ``floor``, when the
    participle's object pronoun rules out the clause's own subject; else []."""
    lower = view.tokens.lower
    if not subject or floor + 1 >= len(lower) or not lower[floor].endswith("ing"):
        return []
    if lower[floor + 1] not in PRONOUNS:
        return []
    first = view.first[subject[0]]
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    for k in range(subject[0] - 1, -1, -1):
        verb = view.last[k] + 1
        between = lower[verb + 1 : first]
        if (
            verb < first
            and lemmas[verb] in SPEECH
            and between in ([], ["that"], ["the"], ["that", "the"])
        ):
            roles.rules.append("speaker-participle")
            roles.target = subject  # "it": the clause's own subject
            return group_left(view, k)
    return []


def own_act(governor: Draft, draft: Draft, view: View) -> bool:
    """ "marched ..., demanding the release of X": a protest's demand is an act of its own
    (codebook 5), not a detail the protest absorbs; nor does a trigger that names actors
    ("protesters were killed") govern what is done to them."""
    if view.owner[governor.match.start] >= 0:
        return True
    return governor.pattern.type == "PROTEST" and draft.pattern.type == "REQUEST"
