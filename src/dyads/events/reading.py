"""Whether a trigger is read as a verb or as a noun: what its roles are read from.

A verbal trigger takes a subject and an object ("Russia attacked Ukraine"); a nominal one a
possessor, an adjective or "of" ("Russia's attack on Ukraine", "Russian strikes"). The
reading is decided from the words around the trigger, without a tagger.
"""

from __future__ import annotations

import re

from dyads.events import roles as R
from dyads.events.draft import Draft
from dyads.events.patterns import Match
from dyads.nlp import lexicon

# small number words before a trigger that count it ("two air raids"): not "one" ("one
# killed"), nor the crowds of a headline ("Thousands march", "Dozens protest")
CARDINALS = lexicon.words("counting-words")
SUBJECT_AUXILIARIES = lexicon.words("subject-auxiliaries")
NOUN_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ism", "ity", "ure", "ship", "age")


def is_verbal(match: Match, view: R.View) -> bool:
    """Whether a trigger is read as a verb (subject/object roles) or a noun (possessor, "of")."""
    kind = match.pattern.kind
    if kind != "any":
        return kind == "verb"
    lower = view.tokens.lower
    word = lower[match.start]
    prev = lower[match.start - 1] if match.start > 0 else ""
    nxt = lower[match.end] if match.end < len(lower) else ""
    if prev in R.DETERMINERS or prev in {"'s", "'"} or prev in R.POSSESSIVE_PRONOUNS:
        return False
    if word in R.BE_FORMS or word.endswith("ed"):
        return True
    if nxt in SUBJECT_AUXILIARIES:
        return False  # "Firefights were reported between ...": the trigger is the subject
    if prev in CARDINALS:
        return False  # "two air raids", "12 strikes": a count of acts
    if match.start > 0 and view.owner[match.start - 1] >= 0:
        # "Russian strikes", "US sanctions", "Chinese support"; but "France condemns"
        m = view.owner[match.start - 1]
        if word == view.tokens.lemmas[match.start]:
            return False
        surface = " ".join(view.tokens.lower[view.first[m] : view.last[m] + 1])
        name = view.mentions[m].actor.name.lower()
        return not (surface != name and (_DEMONYM.search(surface) or len(surface) <= 4))
    if word.endswith(NOUN_SUFFIXES) or nxt in {"of", "between"}:
        return False
    if prev in R.PREPOSITIONS and prev != "to" and not word.endswith("ing"):
        return False  # "to" is mostly the infinitive: "tried to hack"
    return not _after_modifiers(view, match.start)


def _after_modifiers(view: R.View, start: int) -> bool:
    """A determiner, possessive or actor before a few modifiers: "Russia's increasing ..."."""
    lower = view.tokens.lower
    i = start - 1
    while i >= 0 and start - i <= 3:
        word = lower[i]
        if view.owner[i] >= 0 or word in {"'s", "'"} or word in R.DETERMINERS:
            return True
        if word in R.POSSESSIVE_PRONOUNS:
            return True
        if (not word.isalpha() and "-" not in word) or word in R.PREPOSITIONS:
            return False
        if word in R.BE_FORMS or (i + 1) in view.trigger_ends or not word.endswith(_MODIFIER_ENDS):
            return False
        i -= 1
    return False


_DEMONYM = re.compile(lexicon.endings_pattern("demonym-endings"))  # "Russian", "Chinese"
_MODIFIER_ENDS = ("ing", "al", "ary", "ful", "ive", "ous", "ic", "ed", "scale", "wide", "new", "er")


def unborrow(other: Draft, gov: Draft) -> None:
    """ "We condemn this cowardly attack", "X criticised Israel over the strike": a criticised
    attack named by a noun has the critic as its clause subject, but the critic is not who
    attacked; the attacker comes from the noun's own words or from nobody."""
    if other.source and set(other.source) <= set(gov.source):
        other.source = []
    if other.roles.pronoun is not None and other.roles.pronoun == gov.roles.pronoun:
        other.roles.pronoun = None


def noun_phrase(view: R.View, start: int) -> bool:
    """The trigger at ``start`` heads a noun phrase its determiner opens ("the strike",
    "this cowardly attack"), whatever the pattern's kind: no actor word between them."""
    lower, owner = view.tokens.lower, view.owner
    for k in range(start - 1, max(start - 4, -1), -1):
        if lower[k] in R.DETERMINERS:
            return True
        if owner[k] >= 0 or not lower[k].isalpha() or lower[k].endswith("ed"):
            return False
    return False
