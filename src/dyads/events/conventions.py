"""How the actors a text leaves unnamed are coded, under two conventions: the project's
codebook (docs/codebook.md, sections 6 and 8; the default) or CAMEO's, as the PLOVER GSR
records are (a bomb with no named attacker comes from the state where it went off; a protest
at home is against it). Read by ``rules.context/1`` (:mod:`dyads.events.resolve`).
"""

from __future__ import annotations

from bisect import bisect_left

from dyads.events import roles as R
from dyads.events.coref import (
    SCENE_SOURCE_TYPES,
    SCENE_VICTIM_TYPES,
    CountryContext,
    as_sector,
    countryless,
    place_source,
    place_target,
    scene,
)
from dyads.events.crowds import attacker_subject, protest_demand
from dyads.events.draft import Draft
from dyads.events.passive import under
from dyads.model import Actor, Mention, Sentence
from dyads.nlp import lexicon
from dyads.nlp.scene import named_places

ATTACKER_NOUNS = lexicon.words("attacker-nouns")
AUXILIARIES = lexicon.words("auxiliaries")
DETAINING = lexicon.words("person-coercions")
SCENE_WORDS = lexicon.words("scene-prepositions")
PLACE_HEADS = lexicon.words("protest-place-heads")
GOVERNMENT_AIMS = lexicon.words("protest-government-words")
# Violence with weapons of war is codable with no attacker named (codebook 2): the modes
# of bombs, suicide attacks, air strikes and artillery.
WEAPON_MODES = lexicon.words("weapon-modes")
# Types the codebook codes with no target unless the text aims them ("troops were deployed
# against the rebels"): a deployment or a patrol faces no one named beside it.
UNAIMED_TYPES = frozenset({"MOBILIZE"})
SHOOTDOWN = "assault.shootdown"
CLAUSE_STOPS = frozenset({",", ";", ":", ".", "(", ")", "and", "but"})
AIRCRAFT = lexicon.words("downed-aircraft")
CIVIL_CRAFT = lexicon.words("civil-aircraft-words")


def codebook_roles(
    countries: CountryContext,
    view: R.View,
    draft: Draft,
    sent: Sentence,
    source: list[Mention],
    target: list[Mention],
    trace: list[str],
) -> tuple[list[Mention], list[Mention]]:
    """Unnamed attackers, victims and protesters as the codebook codes them (section 6, 1.3,
    1.4): a place is never an attacker, a protest at home has no target."""
    pattern, roles = draft.pattern, draft.roles
    start = view.tokens.starts[draft.match.start]
    attacker_noun = view.tokens.lower[draft.match.end - 1] in ATTACKER_NOUNS
    if draft.verbal and not roles.passive and roles.pronoun is None:
        attacker_noun = attacker_noun or attacker_subject(view, draft)
    if not source and pattern.type in SCENE_VICTIM_TYPES and attacker_noun:
        source = [unnamed(view, draft, sent, "UAF")]  # "a suicide bomber struck ..."
        trace.append("attacker-noun")
    if not target and pattern.type in SCENE_VICTIM_TYPES and all(map(countryless, source)):
        # "a car bomb in Mosul killed nine": no attacker named, or one named by no state
        # ("gunmen", "a suicide bomber"); the victims are the people of the place (codebook
        # 1.4: a place gives its country to the victims, never to unnamed attackers).
        where = place_target(countries, view, sent, pattern.type, start, source)
        if where is not None:
            target = [as_sector(where, "CVL")]
            trace.append("scene-victims")
    if (
        not target
        and under(view, draft.match.start)
        and (hit := _under_place(countries, view, draft, sent))
    ):
        target = [as_sector(hit, "CVL")]  # "Kirkuk came under attack": its people (codebook 6)
        trace.append("under-place")
    if pattern.type in SCENE_SOURCE_TYPES and roles.nearest_after and target:
        # "troops patrolled downtown Tbilisi": where they patrol, not whom they face
        source, target = at_scene(countries, target[0], source), []
        trace.append("patrol-scene")
    if pattern.type == "PROTEST" and roles.nearest_after and target and _scene(view, target[0]):
        # "pensioners demonstrated in central Paris": the place, not what is protested;
        # its people are the protesters when the text names no other.
        place = target[0]
        source, target = at_scene(countries, place, source) or [as_sector(place, "OPP")], []
        trace.append("protest-scene")
    if pattern.type == "PROTEST" and target and _owns_place(view, target[0]):
        # "marchers demonstrated outside South Africa's National Theatre": where, not whom
        source, target = at_scene(countries, target[0], source), []
        trace.append("possessed-place")
    if pattern.type in UNAIMED_TYPES and target and not _aimed(view, target):
        target = []  # "bombers will patrol ... amid tension between Moscow and Washington"
        trace.append("no-target")
    demand = pattern.type == "REQUEST" and protest_demand(view, draft)
    if not source and (pattern.type == "PROTEST" or demand):
        # The protesters are the source even when unnamed ("thousands marched in Paris":
        # the scene's people, else ``---``); what they protest is only what the text names.
        # So are they of the protest's demand ("marched in Paris, demanding ...").
        where = place_source(countries, view, sent, "PROTEST", start, target)
        if where is not None:
            source = [as_sector(where, "OPP")]
            trace.append("place-source")
        elif demand or target or (draft.verbal and roles.pronoun is None):
            # (a protest against someone named has its protesters, whatever the trigger:
            # "They protested against the US embargo", "a protest against X")
            nobody = unnamed(view, draft, sent, "OPP")  # "hundreds marched": --- OPP, ...
            home = scene(countries, view, sent, start, []) if target else None
            source = at_scene(countries, home, [nobody]) if home else [nobody]
            # ... of the country they are set in ("outside Kenya's parliament", "in Nairobi")
            trace.append("unnamed-protesters")
    if pattern.type == "PROTEST" and not target and (k := _government_aim(view, draft)) is not None:
        # "marched against government pay cuts", "an anti-government rally": the government
        # of where they protest (codebook 1.3: a rally against someone), named by no actor
        home, gov = scene(countries, view, sent, start, []), unnamed(view, draft, sent, "GOV", k)
        target = at_scene(countries, home, [gov]) if home else [gov]
        trace.append("government-aim")
    if pattern.id in DETAINING and (k := _attacker_held(view, draft)) is not None:
        # "a gunman was captured in Makhachkala": an attacker takes no country from the
        # place (codebook 6, 1.4), held as when attacking
        target = [unnamed(view, draft, sent, "UAF", k)]
        trace.append("attacker-held")
    if pattern.id == SHOOTDOWN and (craft := _downed(view, draft, target)) is not None:
        target = [unnamed(view, draft, sent, craft)]  # "a helicopter was shot down near X"
        trace.append("downed-aircraft")
    return source, target


def _government_aim(view: R.View, draft: Draft) -> int | None:
    """The token naming the government a protest is against by no actor word: "anti-government"
    near the trigger, or a bare "government" after "against" ("against government plans")."""
    lower, start, end = view.tokens.lower, draft.match.start, draft.match.end
    for i in range(max(0, start - 6), min(len(lower) - 1, end + 16)):
        if lower[i] in {".", ";"} and i >= end:
            return None
        if lower[i] in GOVERNMENT_AIMS:
            return i
        if lower[i] == "against" and lower[i + 1] == "government" and view.owner[i + 1] < 0:
            return i + 1
    return None


def _attacker_held(view: R.View, draft: Draft) -> int | None:
    """The token of an attacker noun naming whom an arrest takes, by no actor: "a gunman (who
    ...) was captured", "police arrested two gunmen"; not "Somali gunmen" (an actor)."""
    lower, roles, start = view.tokens.lower, draft.roles, draft.match.start
    if roles.passive:
        k = start - 1
        while k > 0 and lower[k] in AUXILIARIES:
            k -= 1
        k = roles.relative - 1 if roles.relative is not None else k
    else:
        k = draft.match.end
        while k < len(lower) - 1 and (lower[k] in R.DETERMINERS or lower[k] in R.QUANTIFIERS):
            k += 1
    if not 0 < k < len(lower) or lower[k] not in ATTACKER_NOUNS:
        return None
    return k if _countryless(view, k) and _countryless(view, k - 1) else None


def _countryless(view: R.View, i: int) -> bool:
    """Token ``i`` names no actor, or one of no country ("the gunman" as an unnamed UAF)."""
    owner = view.owner[i]
    return owner < 0 or view.mentions[owner].actor.code == "---"


def _owns_place(view: R.View, mention: Mention) -> bool:
    """A state's possessive before a public place's capitalised name: "Kenya's Uhuru Park"."""
    try:
        m = view.mentions.index(mention)
    except ValueError:
        return False
    if mention.actor.kind != "state" or not R.is_possessive(view, m):
        return False
    lower, capitalised = view.tokens.lower, view.tokens.capitalised
    for j in range(view.last[m] + 2, min(len(lower), view.last[m] + 6)):
        if lower[j] in PLACE_HEADS and capitalised[j]:
            return True
        if not capitalised[j] or view.owner[j] >= 0:
            return False
    return False


def _downed(view: R.View, draft: Draft, target: list[Mention]) -> str | None:
    """The sector of the aircraft a shoot-down names by no actor ("a cargo plane": CVL, "a
    helicopter": MIL), when no actor named on it ("a Syrian army helicopter") is the
    target; None otherwise."""
    lower, owner = view.tokens.lower, view.owner
    start, end = draft.match.start, draft.match.end
    after = range(start + 1, min(len(lower), end + 5))
    before = range(start - 1, max(-1, start - 7), -1) if draft.roles.passive else range(0)
    for span in (after, before):
        for i in span:
            if lower[i] in CLAUSE_STOPS:
                break
            if lower[i] not in AIRCRAFT or owner[i] >= 0:
                continue
            if any(m.actor.code not in {"---", ""} for m in target) and any(
                k >= 0 for k in owner[max(0, i - 3) : i]
            ):
                return None  # "a Russian jet", "the army's helicopter": whose craft it is
            return "CVL" if set(lower[max(0, i - 2) : i + 1]) & CIVIL_CRAFT else "MIL"
    return None


def _under_place(
    countries: CountryContext, view: R.View, draft: Draft, sent: Sentence
) -> Mention | None:
    """The place named last in the few words before "came under attack" (what the attack
    fell on: "Kirkuk came under ...", "the towns of X and Y, which have come under ...")."""
    layers, i = countries.layers, draft.match.start
    while i > 0 and view.tokens.lower[i] != "under":
        i -= 1
    if layers is None or layers.gazetteer is None or i < 2:
        return None
    end = view.tokens.starts[i - 1]
    places = named_places(layers.gazetteer, layers.text, max(sent.start, end - 80), end)
    place = places[-1] if places else None
    if place is None or not place.country:
        return None
    base = Actor(id=str(place.country), code="---", name=str(place.name), kind="sector")
    return countries.with_country(Mention(base, place.start, place.end, sent.index),
                                  str(place.country))  # fmt: skip


def _aimed(view: R.View, target: list[Mention]) -> bool:
    """A target set after "against" ("deployed troops against the rebels")."""
    starts, lower = view.tokens.starts, view.tokens.lower
    for mention in target:
        k = bisect_left(starts, mention.start)
        while k > 0 and lower[k - 1] in R.DETERMINERS:
            k -= 1
        if k > 0 and lower[k - 1] == "against":
            return True
    return False


def at_scene(countries: CountryContext, place: Mention, source: list[Mention]) -> list[Mention]:
    """The sources of an event held at ``place``, country-less ones given its country."""
    code = place.actor.code
    return [countries.with_country(m, code) if countryless(m) else m for m in source]


def cameo_roles(
    countries: CountryContext,
    view: R.View,
    draft: Draft,
    sent: Sentence,
    source: list[Mention],
    target: list[Mention],
    trace: list[str],
) -> tuple[list[Mention], list[Mention]]:
    """The CAMEO convention of the PLOVER GSR: an unattributed attack comes from the state
    where it happened, a protest at home is against the protesters' own state."""
    pattern = draft.pattern
    start = view.tokens.starts[draft.match.start]
    if not source and target:
        where = place_source(countries, view, sent, pattern.type, start, target, cameo=True)
        if where is not None:
            source = [where]
            trace.append("place-source")
    if pattern.type == "PROTEST" and bool(source) != bool(target):
        source, target = source or target, target or source
        trace.append("domestic")
    if not source and not target and pattern.mode in WEAPON_MODES:
        # "a car bomb exploded in Kufa": the attack fell on Iraq (the codebook's roles give
        # such victims their scene for every attack: "scene-victims")
        where = scene(countries, view, sent, start, [])
        if where is not None:
            target = [as_sector(where, "CVL")]
            trace.append("scene-target")
    return source, target


def _scene(view: R.View, mention: Mention) -> bool:
    """The mention is a place a few words after a scene word ("in central Paris", "in
    Athens, Greece"), with no other actor between."""
    lower = view.tokens.lower
    try:
        first = view.first[view.mentions.index(mention)]
    except ValueError:
        return False
    for i in range(first - 1, max(-1, first - 5), -1):
        if lower[i] in SCENE_WORDS:
            return True
        if view.owner[i] >= 0 or i + 1 in view.trigger_ends or lower[i] in R.PREPOSITIONS:
            return False
    return False


def unnamed(
    view: R.View, draft: Draft, sent: Sentence, sector: str | None, token: int | None = None
) -> Mention:
    """An actor the text names by no actor word, at the trigger (or at ``token``: the
    "rebel-held" that names the side): ``---`` in ``sector`` (protesters: OPP; "a suicide
    bomber": UAF; None: no sector given), as the matcher codes country-less ones."""
    name = f"unknown {sector}" if sector else "unknown"
    actor = Actor(
        id=f"UNK_{sector}" if sector else "UNK", code="---", name=name, sector=sector,
        kind="sector",
    )  # fmt: skip
    first, last = (draft.match.start, draft.match.end - 1) if token is None else (token, token)
    return Mention(actor, view.tokens.starts[first], view.tokens.ends[last], sent.index)
