"""Capturing a named place is taking ground: ASSAULT, not an arrest (codebook 1.3).

The capture patterns tell people from places by the noun after the verb ("captured the
town" is ASSAULT, "captured two soldiers" COERCE). A proper name after "captured" says
nothing by its form: "captured Bukavu" is a town, "captured Barghouti" a man. The
gazetteer tells them apart: a capture whose object is a place it knows (a city, town or
division, not a country) takes the ground pattern's type and CAMEO code. A capture the
arrest pattern dropped for want of a captor or captive word near it ("The Taliban captured
Kunduz") is found again here when a known place follows it (:func:`named_ground`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyads.events import roles as R
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.matching import PatternSet, keep_match
from dyads.events.patterns import Match, Pattern
from dyads.events.reading import is_verbal
from dyads.nlp import lexicon
from dyads.nlp.places import Gazetteer

GROUND_CAMEO = "190"  # use conventional military force, as assault.capture
GROUND_NOUNS = lexicon.words("ground-nouns")
CAPTIVES = lexicon.words("captive-nouns")
TAKE_VERBS = lexicon.words("ground-verbs")
COMPASS = lexicon.words("compass-adjectives")
DEPICTION = lexicon.words("depiction-words")
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
    part = False  # "western Afghanistan": a part of a country is ground
    while i < len(tokens) and tokens.lower[i] in COMPASS:
        i, part = i + 1, True
    words: list[str] = []
    while i < len(tokens) and len(words) < MAX_NAME and tokens.capitalised[i]:
        words.append(text[tokens.starts[i] : tokens.ends[i]].removesuffix("'s"))
        i += 1
    for n in range(len(words), 0, -1):
        entry = gazetteer.lookup(" ".join(words[:n]))
        if entry is not None:
            return part or entry.kind != "country"
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


def _possessed_ground(sd: SentenceDrafts, end: int) -> bool:
    """ "captured the country's third largest city", "took Syria's second city": the head a
    possessor after the verb leads to is a place noun (not "the city's deputy mayor")."""
    lower, lemmas = sd.view.tokens.lower, sd.view.tokens.lemmas
    i = end + 1 if end < len(lower) and lower[end] == "the" else end
    if i + 1 >= len(lower) or lower[i + 1] != "'s":
        return False
    for j in range(i + 2, min(len(lower), i + 7)):
        if lemmas[j] in GROUND_NOUNS:
            return True
        if lemmas[j] in CAPTIVES or not lower[j].isalpha():
            return False
    return False


def ground_captures(sd: SentenceDrafts, text: str, gazetteer: Gazetteer | None) -> None:
    """Retype the arrest-type captures of ``sd`` whose object is a known place."""
    if gazetteer is None:
        return
    lemmas = sd.view.tokens.lemmas
    for draft in sd.drafts:
        pattern = draft.pattern
        if pattern.type != "COERCE" or lemmas[draft.match.start] not in TAKE_VERBS:
            continue
        end = draft.match.end
        after = _place_after(sd, text, end, gazetteer) or _possessed_ground(sd, end)
        if after or (draft.roles.passive and _place_before(sd, draft.match.start)):
            draft.pattern = _as_ground(pattern)
            draft.roles.rules.append("ground:place")


def named_ground(patterns: PatternSet, sd: SentenceDrafts, text: str, gazetteer: Any) -> None:
    """A draft of the ground pattern for a capture verb no pattern kept whose object is a
    place the gazetteer knows ("The Taliban captured Kunduz"). ``gazetteer`` is called only
    when the sentence has such a verb: most sentences need no gazetteer."""
    tokens = sd.view.tokens
    taken = {d.match.start for d in sd.drafts}
    spots = [i for i, lemma in enumerate(tokens.lemmas) if lemma in TAKE_VERBS and i not in taken]
    if not spots:
        return
    ground = next((p for p in patterns.patterns if p.id == "assault.capture"), None)
    places = gazetteer() if ground is not None else None
    if ground is None or places is None:
        return
    view = sd.view
    near = range(max(0, min(spots) - 8), min(len(tokens), max(spots) + 9))
    if not DEPICTION.isdisjoint(tokens.lower[j] for j in near):
        return
    for i in spots:
        if all(view.owner[j] < 0 for j in range(i)):
            continue  # no actor before it to take the place
        match = Match(ground, i, i + 1)
        if not (keep_match(match, tokens) and _place_after(sd, text, i + 1, places)):
            continue
        if not is_verbal(replace(match, pattern=replace(ground, kind="any")), view):
            continue  # "the capture of Kunduz" reads its place after "of", not here
        view.trigger_starts.add(i)
        view.trigger_ends.add(i + 1)
        view.trigger_types.setdefault(i, ground.type)
        sd.drafts.append(Draft(ground, match, True, R.Roles()))
    sd.drafts.sort(key=lambda d: d.match.start)
