"""Capturing a named place is taking ground: ASSAULT, not an arrest (codebook 1.3).

The capture patterns tell people from places by the noun after the verb ("captured the
town" is ASSAULT, "captured two soldiers" COERCE). A proper name after "captured" says
nothing by its form: "captured Bukavu" is a town, "captured Barghouti" a man. The
gazetteer tells them apart: a capture whose object is a place it knows (a city, town or
division, not a country) takes the ground pattern's type and CAMEO code.
"""

from __future__ import annotations

from dataclasses import replace

from dyads.events.draft import SentenceDrafts
from dyads.events.patterns import Pattern
from dyads.nlp import lexicon
from dyads.nlp.places import Gazetteer

GROUND_CAMEO = "190"  # use conventional military force, as assault.capture
GROUND_NOUNS = lexicon.words("ground-nouns")
CAPTIVES = lexicon.words("captive-nouns")
MAX_NAME = 3  # tokens of a place name ("Deir ez Zor" is one token less than it looks)
_derived: dict[str, Pattern] = {}


def _as_ground(pattern: Pattern) -> Pattern:
    found = _derived.get(pattern.id)
    if found is None:
        found = _derived[pattern.id] = replace(
            pattern, id="assault.capture", type="ASSAULT", cameo=GROUND_CAMEO, mode=None,
            context=("military",), by_armed_group=None,
        )  # fmt: skip
    return found


def _place_after(sd: SentenceDrafts, text: str, end: int, gazetteer: Gazetteer) -> bool:
    tokens = sd.view.tokens
    i = end
    if i < len(tokens) and tokens.lower[i] == "the":
        i += 1
    words: list[str] = []
    while i < len(tokens) and len(words) < MAX_NAME and tokens.capitalised[i]:
        words.append(text[tokens.starts[i] : tokens.ends[i]].removesuffix("'s"))
        i += 1
    for n in range(len(words), 0, -1):
        entry = gazetteer.lookup(" ".join(words[:n]))
        if entry is not None:
            return entry.kind != "country"
    # "captured Knin, the onetime stronghold of ...": a name its apposition calls a place
    rest = tokens.lower[i : i + 6]
    return bool(words) and rest[:2] == [",", "the"] and not GROUND_NOUNS.isdisjoint(rest[2:])


def _place_before(sd: SentenceDrafts, start: int) -> bool:
    """ "The pass, known as ..., was captured by the army": a passive capture whose subject
    is named by a place noun (the nearest place or person word before it is a place; a
    state named there is where the place lies)."""
    view = sd.view
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    for i in range(start - 1, max(-1, start - 25), -1):
        if lower[i] in GROUND_NOUNS:
            return True
        m = view.owner[i]
        if lemmas[i] in CAPTIVES or (m >= 0 and view.mentions[m].actor.kind != "state"):
            return False
    return False


def ground_captures(sd: SentenceDrafts, text: str, gazetteer: Gazetteer | None) -> None:
    """Retype the arrest-type captures of ``sd`` whose object is a known place."""
    if gazetteer is None:
        return
    lemmas = sd.view.tokens.lemmas
    for draft in sd.drafts:
        pattern = draft.pattern
        if pattern.type != "COERCE" or lemmas[draft.match.start] != "capture":
            continue
        after = _place_after(sd, text, draft.match.end, gazetteer)
        if after or (draft.roles.passive and _place_before(sd, draft.match.start)):
            draft.pattern = _as_ground(pattern)
            draft.roles.rules.append("ground:place")
