"""``rules.context/1``: the article's context turns a sentence's drafts into candidates.

Pronouns, "the ministers" and "the statement" are resolved to the article's most recent
acting actor or to the speaker; a missing role is read from the scene ("protesters in
Nairobi": the country protested against), from "unless X ..." or from the country of
country-less actors (:mod:`dyads.events.coref`); a reciprocal event with several
counterparts becomes one candidate each. What the later stages need is set as typed fields
of :class:`~dyads.events.candidate.Candidate`; the rules that fired go to its trace.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from dyads.errors import InputError
from dyads.events import roles as R
from dyads.events.candidate import Candidate, Complement, SentenceWork
from dyads.events.coref import (
    SCENE_SOURCE_TYPES,
    SCENE_VICTIM_TYPES,
    STATELESS_SECTORS,
    CountryContext,
    as_sector,
    bare_self,
    condition_target,
    countryless,
    domestic_target,
    fill_countries,
    place_source,
    place_target,
    scene,
)
from dyads.events.crowds import (
    attacker_subject,
    named_victims,
    protest_aim,
    protest_demand,
    weapon_victims,
)
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.salience import purpose
from dyads.events.shared import speaker_mentions
from dyads.model import RECIPROCAL_TYPES, Actor, Mention, Sentence, Span
from dyads.nlp import lexicon

RULES = "rules"  # the key of the rule stages' own layers in SentenceWork/ArticleWork.private
# How actors the text leaves unnamed are coded: by the project's codebook (docs/codebook.md,
# sections 6 and 8; the default) or by CAMEO, as the PLOVER GSR records are (a bomb with no
# named attacker comes from the state where it went off; a protest at home is against it).
CONVENTIONS = frozenset({"codebook", "cameo"})
STAND_IN_SPEAKERS = lexicon.words("stand-in-speakers")
THIRD_PERSON = lexicon.words("third-person")
ATTACKER_NOUNS = lexicon.words("attacker-nouns")
SCENE_WORDS = lexicon.words("scene-prepositions")
# Violence with weapons of war is codable with no attacker named (codebook 2): the modes
# of bombs, suicide attacks, air strikes and artillery.
WEAPON_MODES = lexicon.words("weapon-modes")
OFFENSIVE_WORDS = lexicon.words("offensive-words")
# Types the codebook codes with no target unless the text aims them ("troops were deployed
# against the rebels"): a deployment or a patrol faces no one named beside it.
UNAIMED_TYPES = frozenset({"MOBILIZE"})
PERSON_COERCIONS = lexicon.words("person-coercions")


@dataclass(slots=True)
class RulesArticle:
    """What the rule stages remember between the sentences of one article."""

    countries: CountryContext
    recent: list[Mention] = field(default_factory=list)  # the last main clause's sources
    cameo: bool = False  # code unnamed actors by the CAMEO convention, not the codebook's


class ArticleContextStage:
    name = "rules.context/1"
    requires = ("rules.drafts", "rules.roles", "rules.salience", "layers.quotes")
    assigns = ("candidates",)

    def __init__(
        self, *, dictionary: Any = None, conventions: str = "codebook", **_options: Any
    ) -> None:
        if conventions not in CONVENTIONS:
            known = ", ".join(sorted(CONVENTIONS))
            raise InputError(f"conventions {conventions!r}", f"unknown; use one of {known}")
        self.dictionary = dictionary
        self.cameo = conventions == "cameo"

    def __call__(self, work: SentenceWork) -> None:
        sd: SentenceDrafts | None = work.private.get(RULES)
        if sd is None or not sd.drafts:
            return
        state = work.article.private.get(RULES)
        if state is None:
            countries = CountryContext(work.doc, self.dictionary, work.layers)
            state = work.article.private[RULES] = RulesArticle(countries, cameo=self.cameo)
        # The sentence's first attack, when salience dropped none: its casualties are its own.
        attacks = [d for d in sd.drafts if d.pattern.type == "ASSAULT"]
        first = attacks[0] if attacks and "ASSAULT" not in sd.untold else None
        for draft in sd.drafts:
            work.candidates.extend(_candidates(draft, sd.view, work, state, first=draft is first))


def _offensive(view: R.View, draft: Draft) -> bool:
    """An offensive or a capture ("launched an offensive in Homs", "captured the town")."""
    lemmas = view.tokens.lemmas
    return any(lemmas[i] in OFFENSIVE_WORDS for i in range(draft.match.start, draft.match.end))


def _speaker(work: SentenceWork, state: RulesArticle, position: int) -> list[Mention]:
    return speaker_mentions(work.layers, work.doc.actors, position, state.recent)


def _resolve(token: int, view: R.View, work: SentenceWork, state: RulesArticle) -> list[Mention]:
    """The actors a pronoun or stand-in ("they", "the statement") at ``token`` means."""
    word = view.tokens.lower[token]
    start = view.tokens.starts[token]
    if word in R.FIRST_PERSON or word in STAND_IN_SPEAKERS:
        speaker = _speaker(work, state, start)
        if speaker:
            return speaker
    if word in THIRD_PERSON:
        before = [m for m in view.mentions if m.end <= start]
        if before and token - view.last[view.mentions.index(before[-1])] < 25:
            return [before[-1]]
    if state.recent:
        return list(state.recent)
    before = [m for m in view.mentions if m.end <= start]
    return before[-1:]


def _candidates(
    draft: Draft, view: R.View, work: SentenceWork, state: RulesArticle, *, first: bool = False
) -> list[Candidate]:
    roles, sent = draft.roles, work.sentence
    source = [view.mentions[m] for m in draft.source]
    target = [view.mentions[m] for m in draft.target]
    trace = list(roles.rules)
    if not source and roles.relative is not None:
        source = [view.mentions[m] for m in R.antecedent(view, roles.relative)]
    if roles.shared_subject or (not source and _continues(view, draft, roles)):
        shared = _previous_subject(view, draft)
        if shared:  # "X shelled Y, killing 20": X, the previous clause's actor, kills
            source = [view.mentions[m] for m in shared]
    resolved = False
    if roles.pronoun is not None and not (target if roles.reverse else source):
        found = _resolve(roles.pronoun, view, work, state)
        if roles.reverse:
            target = found
        else:
            source = found
        resolved = bool(found)
    if draft.demander:  # "X said Y must withdraw": X demands of Y
        target, source = source, [view.mentions[m] for m in draft.demander]
    comp = draft.complement
    if comp is not None and not target:
        target = [view.mentions[m] for m in comp.target]
        if not target and comp.source and comp.source != draft.source:
            target = [view.mentions[m] for m in comp.source]  # "urged Israel to halt"
    source = _dedupe(source)
    # The same actor on both sides is no dyad, but "Palestinian police" against
    # "Palestinian armed groups" is: one country, two sectors (a domestic event).
    selves = {(s.actor.id, s.actor.sector) for s in source}
    target = [m for m in _dedupe(target) if (m.actor.id, m.actor.sector) not in selves]
    if len(source) > 1 and roles.nearest_after:
        target = []  # "X and Y agreed ..., an official said": no counterpart named
    if len({s.actor.code for s in source}) > 1 and target:
        codes = {s.actor.code for s in source}
        if all(m.actor.code in codes for m in target):
            target = []  # "X and Y agreed on a pact between the two": each other, no third
    pattern = draft.pattern
    countries = state.countries
    start = view.tokens.starts[draft.match.start]
    if not target and source and not (_offensive(view, draft) and not state.cameo):
        where = place_target(countries, view, sent, pattern.type, start, source, cameo=state.cameo)
        if where is not None:
            target = [where]
            trace.append("place-target")
    if not target and source and pattern.type == "THREATEN":
        addressee = [view.mentions[m] for m in condition_target(view, draft.match.start)]
        target = [m for m in addressee if m.actor.id not in {s.actor.id for s in source}]
        trace.extend(["condition-target"] if target else [])
    if not target and source:
        people = domestic_target(view, pattern.type, source)
        if people is not None:
            # CAMEO codes the state's own people; the codebook an unidentified ``---`` (1.4:
            # "a named but unidentified victim is ``---``"), whose arrest is still coded
            unidentified = not state.cameo and pattern.id in PERSON_COERCIONS
            target = [_unnamed(view, draft, sent, None) if unidentified else people]
            trace.append("domestic-target")
    if not target and source and pattern.type == "ASSAULT" and named_victims(view, draft):
        # "gunmen shot dead a civilian": ``---``, or the people of the place named (1.4)
        victims, home = (
            _unnamed(view, draft, sent, "CVL"),
            scene(countries, view, sent, start, source),
        )
        target = [_at_scene(countries, home, [victims])[0] if home else victims]
        trace.append("unnamed-victims")
    if state.cameo:
        source, target = _cameo_roles(countries, view, draft, sent, source, target, trace)
    else:
        source, target = _codebook_roles(countries, view, draft, sent, source, target, trace)
    weapons = pattern.mode in WEAPON_MODES
    # A nominal attack keeps an unnamed attacker when its casualties name the victims
    # ("13 fighters were killed in the clashes"): it is the incident's one event.
    kept_nominal = draft.verbal or pattern.source_optional or draft.casualties > 0 or weapons
    # The sentence's attack (the incidents stage has folded its casualty verbs into it): its
    # unnamed victims are its target. A later attack is a detail of the first.
    told = first and pattern.type == "ASSAULT" and (weapons or draft.casualties > 0)
    if not (source or target) and told and weapon_victims(view, draft):
        target = [_unnamed(view, draft, sent, "CVL")]
        trace.append("weapon-victims")
    if not source and not (target and kept_nominal):
        return []
    if source and draft.verbal and draft.governor is None and not roles.reverse:
        state.recent = source  # the main clause's actor: what "they" will most likely mean
    stateless = frozenset() if state.cameo else STATELESS_SECTORS
    fill_countries(countries, view, sent, (source, target), trace, stateless=stateless)
    if roles.nearest_after and bare_self(source, target, pattern.type, work.doc.text):
        target = []  # "demanded elections in Greece": a place named, not a counterpart
    trigger = Span(view.tokens.starts[draft.match.start], view.tokens.ends[draft.match.end - 1])
    pairs: list[tuple[list[Mention], list[Mention]]] = [(source, target)]
    if (pattern.reciprocal or pattern.type in RECIPROCAL_TYPES) and len(target) > 1:
        pairs = [(source, [t]) for t in target]  # one event per counterpart
    return [_candidate(draft, view, sent, state, s, t, trigger, trace, resolved) for s, t in pairs]


def _candidate(
    draft: Draft,
    view: R.View,
    sent: Sentence,
    state: RulesArticle,
    source: list[Mention],
    target: list[Mention],
    trigger: Span,
    trace: list[str],
    resolved: bool,
) -> Candidate:
    pattern, gov, comp = draft.pattern, draft.governor, draft.complement
    claimed = None
    if gov is not None and gov.pattern.type in {"ACCUSE", "REJECT"} and gov.source:
        claimed = view.mentions[gov.source[0]]  # "X denied that Y attacked": X's claim
    return Candidate(
        sentence=sent,
        trigger=trigger,
        type=pattern.type,
        cameo=pattern.cameo,
        source=source,
        target=target,
        pattern=pattern.id,
        mode=pattern.mode,
        context=pattern.context,
        verbal=draft.verbal,
        negated=pattern.negated,
        hypothetical=pattern.hypothetical,
        negated_by_governor=draft.negated_by_governor,
        conditional=R.conditional(view, draft.match),
        demand=bool(draft.demander),
        aim=draft.verbal and purpose(view, draft) and protest_aim(view, draft),
        complement=(
            Complement(comp.pattern.type, comp.pattern.cameo, comp.pattern.id) if comp else None
        ),
        claimed_by=claimed,
        speakers=tuple(state.recent),
        resolved=resolved,
        prominence=draft.prominence,
        clause=R.segment(view, draft.match.start),
        by_armed_group=pattern.by_armed_group,
        told=tuple(Span(view.tokens.starts[a], view.tokens.ends[b - 1]) for a, b in draft.told),
        trace=list(trace),
    )


def _previous_subject(view: R.View, draft: Draft) -> list[int]:
    """The subject of the trigger before the clause of ``draft`` (its shared subject)."""
    floor, _ = R.segment(view, draft.match.start)
    earlier = [t for t in view.trigger_starts if t < floor]
    if not earlier:
        return []
    t = max(earlier)
    return R.find_subject(view, t, R.segment(view, t)[0], R.Roles())


def _continues(view: R.View, draft: Draft, roles: R.Roles) -> bool:
    """A verbal clause without a subject after "but": "X opened ..., but was refusing"."""
    if not draft.verbal or roles.pronoun is not None or roles.relative is not None:
        return False
    floor, _ = R.segment(view, draft.match.start)
    lower = view.tokens.lower
    return floor > 0 and lower[floor - 1] == "but"


def _codebook_roles(
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
        source = [_unnamed(view, draft, sent, "UAF")]  # "a suicide bomber struck ..."
        trace.append("attacker-noun")
    if not target and pattern.type in SCENE_VICTIM_TYPES and all(map(countryless, source)):
        # "a car bomb in Mosul killed nine": no attacker named, or one named by no state
        # ("gunmen", "a suicide bomber"); the victims are the people of the place (codebook
        # 1.4: a place gives its country to the victims, never to unnamed attackers).
        where = place_target(countries, view, sent, pattern.type, start, source)
        if where is not None:
            target = [as_sector(where, "CVL")]
            trace.append("scene-victims")
    if pattern.type in SCENE_SOURCE_TYPES and roles.nearest_after and target:
        # "troops patrolled downtown Tbilisi": where they patrol, not whom they face
        source, target = _at_scene(countries, target[0], source), []
        trace.append("patrol-scene")
    if pattern.type == "PROTEST" and roles.nearest_after and target and _scene(view, target[0]):
        # "pensioners demonstrated in central Paris": the place, not what is protested;
        # its people are the protesters when the text names no other.
        place = target[0]
        source, target = _at_scene(countries, place, source) or [as_sector(place, "OPP")], []
        trace.append("protest-scene")
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
        elif demand or (draft.verbal and (target or roles.pronoun is None)):
            unnamed = _unnamed(view, draft, sent, "OPP")  # "hundreds marched": --- OPP, ...
            home = scene(countries, view, sent, start, []) if target else None
            source = _at_scene(countries, home, [unnamed]) if home else [unnamed]
            # ... of the country they are set in ("outside Kenya's parliament", "in Nairobi")
            trace.append("unnamed-protesters")
    return source, target


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


def _at_scene(countries: CountryContext, place: Mention, source: list[Mention]) -> list[Mention]:
    """The sources of an event held at ``place``, country-less ones given its country."""
    code = place.actor.code
    return [countries.with_country(m, code) if countryless(m) else m for m in source]


def _cameo_roles(
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


def _unnamed(view: R.View, draft: Draft, sent: Sentence, sector: str | None) -> Mention:
    """An actor the text names by no actor word, at the trigger: ``---`` in ``sector``
    (protesters: OPP; "a suicide bomber": UAF; None: no sector given), as the matcher codes
    country-less ones."""
    name = f"unknown {sector}" if sector else "unknown"
    actor = Actor(
        id=f"UNK_{sector}" if sector else "UNK", code="---", name=name, sector=sector,
        kind="sector",
    )  # fmt: skip
    start = view.tokens.starts[draft.match.start]
    return Mention(actor, start, view.tokens.ends[draft.match.end - 1], sent.index)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.actor.id not in seen and m.actor.kind != "outlet":
            seen.add(m.actor.id)
            out.append(m)
    return out
