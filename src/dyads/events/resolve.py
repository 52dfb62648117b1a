"""``rules.context/1``: the article's context turns a sentence's drafts into candidates.

Pronouns, "the ministers" and "the statement" are resolved to the article's most recent
acting actor or to the speaker; a missing role is read from the scene ("protesters in
Nairobi": the country protested against), from "unless X ..." or from the country of
country-less actors (:mod:`dyads.events.coref`); a reciprocal event with several
counterparts becomes one candidate each. What the later stages need is set as typed fields
of :class:`~dyads.events.candidate.Candidate`; the rules that fired go to its trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dyads.errors import InputError
from dyads.events import roles as R
from dyads.events.candidate import Candidate, Complement, SentenceWork
from dyads.events.clauses import the_two
from dyads.events.conditions import condition_target
from dyads.events.conventions import WEAPON_MODES, at_scene, cameo_roles, codebook_roles, unnamed
from dyads.events.coref import (
    STATELESS_SECTORS,
    CountryContext,
    fill_countries,
    is_state_code,
    named_home,
    place_target,
    scene,
)
from dyads.events.crime import named_subject
from dyads.events.crowds import (
    aim_protests,
    named_victims,
    protest_aim,
    unnamed_agent,
    victims_origin,
    weapon_victims,
)
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.holders import holder
from dyads.events.home import bare_self, domestic_target
from dyads.events.salience import purpose
from dyads.events.shared import speaker_mentions
from dyads.model import RECIPROCAL_TYPES, Mention, Sentence, Span
from dyads.nlp import lexicon

RULES = "rules"  # the key of the rule stages' own layers in SentenceWork/ArticleWork.private
# How actors the text leaves unnamed are coded: by the project's codebook (docs/codebook.md,
# sections 6 and 8; the default) or by CAMEO, as the PLOVER GSR records are (a bomb with no
# named attacker comes from the state where it went off; a protest at home is against it).
CONVENTIONS = frozenset({"codebook", "cameo"})
STAND_IN_SPEAKERS = lexicon.words("stand-in-speakers")
THIRD_PERSON = lexicon.words("third-person")
OFFENSIVE_WORDS = lexicon.words("offensive-words")
PERSON_COERCIONS = lexicon.words("person-coercions")
OWN_MEETINGS = lexicon.words("own-meeting-patterns")
PERSONAL_PRONOUNS = frozenset({"he", "she", "his", "her"})
BODIES = frozenset({"state", "igo", "ngo", "group", "outlet"})


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
        made = [_candidates(d, sd.view, work, state, first=d is first) for d in sd.drafts]
        aim_protests(sd.view, sd.drafts, made)
        for cands in made:
            work.candidates.extend(cands)


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
    if the_two(view.tokens.lower, token):
        return _the_two(view, work, start)  # "the two leaders agreed": both named before
    if word in R.FIRST_PERSON or word in STAND_IN_SPEAKERS:
        speaker = _speaker(work, state, start)
        if speaker:
            return speaker
    if word in THIRD_PERSON:
        # "he", "she": a person or an office, never a state or an organisation named there
        personal = word in PERSONAL_PRONOUNS
        before = [
            m for m in view.mentions if m.end <= start and not (personal and m.actor.kind in BODIES)
        ]
        if before and token - view.last[view.mentions.index(before[-1])] < 25:
            return [before[-1]]
    if state.recent:
        return list(state.recent)
    before = [m for m in view.mentions if m.end <= start]
    if before or word not in R.STAND_INS:
        return before[-1:]  # a pronoun with no antecedent here: not guessed further back
    return _opening_actor(work)


def _opening_actor(work: SentenceWork) -> list[Mention]:
    """ "The Russian foreign ministry issued a statement. The ministry condemned ...": with
    no event before to take its actor from, a sentence-opening stand-in means the first
    actor the sentence before names (its subject)."""
    previous = work.sentence.index - 1
    found = [m for m in work.doc.actors if m.sentence == previous and m.actor.kind != "outlet"]
    return found[:1]


def _candidates(
    draft: Draft, view: R.View, work: SentenceWork, state: RulesArticle, *, first: bool = False
) -> list[Candidate]:
    roles, sent = draft.roles, work.sentence
    source = [view.mentions[m] for m in draft.source]
    target = [view.mentions[m] for m in draft.target]
    trace = list(roles.rules)
    # The subject a pronoun or a relative word stands for is a passive's target ("the
    # soldier who was killed", "they were repelled by X"), else the source.
    undergoes = roles.reverse or roles.passive
    if not (target if roles.passive else source) and roles.relative is not None:
        antecedent = [view.mentions[m] for m in R.antecedent(view, roles.relative)]
        if roles.passive:
            target = antecedent
        else:
            source = antecedent
    if roles.shared_subject or (not source and _continues(view, draft, roles)):
        shared = _previous_subject(view, draft)
        if shared:  # "X shelled Y, killing 20": X, the previous clause's actor, kills
            source = [view.mentions[m] for m in shared]
        elif roles.shared_subject and _inside_previous(view, draft):
            source = []  # "dozens rallied outside X, demanding": X is where, not who
    resolved = False
    if roles.pronoun is not None and not (target if undergoes else source):
        found = _resolve(roles.pronoun, view, work, state)
        if undergoes:  # ... never the agent itself ("... and he was captured by rebels")
            agents = {m.actor.id for m in source}
            found = target = [m for m in found if m.actor.id not in agents]
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
    if len(source) > 1 and roles.nearest_after and draft.pattern.type != "ASSAULT":
        target = []  # "X and Y agreed ..., an official said": no counterpart named
    if len({s.actor.code for s in source}) > 1 and target:
        codes = {s.actor.code for s in source}
        if all(m.actor.code in codes for m in target):
            target = []  # "X and Y agreed on a pact between the two": each other, no third
    pattern = draft.pattern
    countries = state.countries
    start = view.tokens.starts[draft.match.start]
    named = named_subject(view, draft) if pattern.id in PERSON_COERCIONS else None
    if named is not None and not state.cameo and all(m.actor.kind == "state" for m in target):
        target = [unnamed(view, draft, sent, None, named)]  # "Haddad was captured in Kenya"
        trace.append("named-detainee")
    if not source and roles.passive and pattern.type == "ASSAULT" and unnamed_agent(view, draft):
        source = [unnamed(view, draft, sent, "UAF")]  # "was shot by men on a motorcycle" (1.4)
        trace.append("unnamed-agent")
    if not target and source and pattern.type == "ASSAULT":
        held = holder(countries, view, draft, sent)  # "stormed the rebel-held town"
        if held is not None and (held.actor.id, held.actor.sector) not in selves:
            target = [held]
            trace.append("holder")
    own_meeting = pattern.id in OWN_MEETINGS and all(m.actor.code == "IGO" for m in source)
    if (
        not target
        and source
        and not (_offensive(view, draft) and not state.cameo)
        and not own_meeting
    ):
        end = view.tokens.ends[draft.match.end - 1]
        where = place_target(countries, view, sent, pattern.type, start, source,
                             cameo=state.cameo, trigger_end=end)  # fmt: skip
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
            target = [unnamed(view, draft, sent, None) if unidentified else people]
            trace.append("domestic-target")
    if not target and source and pattern.id in PERSON_COERCIONS and not state.cameo:
        # "police arrested a man": ---, or the people of the place named (1.4)
        detainees, home = (
            unnamed(view, draft, sent, None),
            scene(countries, view, sent, start, source),
        )
        target = [at_scene(countries, home, [detainees])[0] if home else detainees]
        trace.append("unnamed-detainees")
    if not target and source and pattern.type == "ASSAULT" and named_victims(view, draft):
        # "gunmen shot dead a civilian": ``---``, or the people of the place named (1.4)
        victims, home = (
            unnamed(view, draft, sent, "CVL"),
            scene(countries, view, sent, start, source) or named_home(view, source),
        )
        target = [at_scene(countries, home, [victims])[0] if home else victims]
        origin = victims_origin(countries, view, draft, sent)  # "a shopkeeper from Hebron"
        target = [countries.with_country(victims, origin)] if origin else target
        trace.append("unnamed-victims")
    if state.cameo:
        source, target = cameo_roles(countries, view, draft, sent, source, target, trace)
    else:
        source, target = codebook_roles(countries, view, draft, sent, source, target, trace)
    weapons = pattern.mode in WEAPON_MODES
    # A nominal attack keeps an unnamed attacker when its casualties name the victims
    # ("13 fighters were killed in the clashes"): it is the incident's one event.
    kept_nominal = draft.verbal or pattern.source_optional or draft.casualties > 0 or weapons
    # The sentence's attack (the incidents stage has folded its casualty verbs into it): its
    # unnamed victims are its target. A later attack is a detail of the first.
    told = first and pattern.type == "ASSAULT" and (weapons or draft.casualties > 0)
    if not (source or target) and told and weapon_victims(view, draft):
        victims, home = unnamed(view, draft, sent, "CVL"), named_home(view, source)
        target = [at_scene(countries, home, [victims])[0] if home else victims]
        trace.append("weapon-victims")
    if not source and not (target and kept_nominal):
        return []
    if source and draft.verbal and draft.governor is None and not roles.reverse:
        state.recent = source  # the main clause's actor: what "they" will most likely mean
    stateless = frozenset() if state.cameo else STATELESS_SECTORS
    harm = pattern.type == "ASSAULT"
    fill_countries(countries, view, sent, (source, target), trace, stateless=stateless, harm=harm)
    if roles.nearest_after and bare_self(source, target, pattern.type, work.doc.text):
        target = []  # "demanded elections in Greece": a place named, not a counterpart
    trigger = Span(view.tokens.starts[draft.match.start], view.tokens.ends[draft.match.end - 1])
    pairs: list[tuple[list[Mention], list[Mention]]] = [(source, target)]
    # one event per counterpart; a fight with no side named as its source has victims, not
    # counterparts ("seven rebels and four soldiers were killed in the clashes": one fight)
    if (pattern.type in RECIPROCAL_TYPES or (pattern.reciprocal and source)) and len(target) > 1:
        pairs = [(source, [t]) for t in target]
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


def _inside_previous(view: R.View, draft: Draft) -> bool:
    """The borrowed subject lies after the previous clause's trigger, whose own subject is
    no actor: it is that trigger's object or a place's apposition, not the shared subject."""
    floor, _ = R.segment(view, draft.match.start)
    earlier = [t for t in view.trigger_starts if t < floor]
    if not earlier or not draft.source:
        return False
    return min(view.first[m] for m in draft.source) > max(earlier)


def _continues(view: R.View, draft: Draft, roles: R.Roles) -> bool:
    """A verbal clause without a subject after "but": "X opened ..., but was refusing"."""
    if not draft.verbal or roles.pronoun is not None or roles.relative is not None:
        return False
    floor, _ = R.segment(view, draft.match.start)
    lower = view.tokens.lower
    return floor > 0 and lower[floor - 1] == "but"


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.actor.id not in seen and m.actor.kind != "outlet":
            seen.add(m.actor.id)
            out.append(m)
    return out


def _the_two(view: R.View, work: SentenceWork, start: int) -> list[Mention]:
    """ "X hosted his Ugandan counterpart. The two leaders agreed ...": the two states the
    text names last before (this sentence, else the one before), when there are two."""
    index = work.sentence.index
    for mentions in (
        [m for m in view.mentions if m.end <= start],
        [m for m in work.doc.actors if m.sentence == index - 1],
    ):
        states: dict[str, Mention] = {}
        for m in mentions:
            if is_state_code(m.actor.code) and m.actor.kind != "outlet":
                states.setdefault(m.actor.code, m)
        if len(states) == 2:
            return list(states.values())
    return []
