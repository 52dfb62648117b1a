"""The rule stages' sentence work: trigger matches, their roles, and which are news.

Three functions, one per stage of ``rules/1`` (:mod:`dyads.events.rules`): :func:`triggers`
finds the kept pattern matches of a sentence, :func:`read_roles` gives each its source and
target from the clause (and settles governors: "accused X of", "threatened to"), and
:func:`sift` drops what is not news of its own (complements, conditions, background) and
ranks the rest. Each reads and extends one :class:`~dyads.events.draft.SentenceDrafts`.
"""

from __future__ import annotations

from functools import cache

from dyads.events import obligation
from dyads.events import roles as R
from dyads.events.adjuncts import own_act, speaker_instead
from dyads.events.clauses import capacity, trigger_object
from dyads.events.crowds import protest_aim
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.exposure import exposure_agent, framed_roles
from dyads.events.matching import PatternSet, keep_match
from dyads.events.passive import (
    HARM_TYPES,
    cause_agent,
    cause_before,
    is_passive,
    late_agent,
    light_subject,
    nominal_agent,
    shared_agent,
    under,
    victims_before,
)
from dyads.events.patterns import Match, light_verbs
from dyads.events.reading import is_verbal, noun_phrase, unborrow
from dyads.events.salience import (
    accused_by_no_one,
    attributive,
    averted,
    background_nominal,
    example_of_kind,
    has_actor,
    in_name,
    month_name,
    prominence,
    purpose,
    told_as_background,
    topic_only,
)
from dyads.model import RECIPROCAL_TYPES
from dyads.nlp import lexicon

COMPLEMENT_WINDOW = 11


def triggers(patterns: PatternSet, work: SentenceDrafts) -> None:
    """A draft for every kept trigger match of the sentence, read as verb or noun."""
    view = work.view
    tokens = view.tokens
    matches = patterns.find(
        tokens,
        lambda m: (
            keep_match(m, tokens) and not in_name(view, m.start) and not month_name(view, m.start)
        ),
    )
    for m in matches:
        view.trigger_starts.add(m.start)
        view.trigger_ends.add(m.end)
        view.trigger_types.setdefault(m.start, m.pattern.type)
    work.drafts = [Draft(m.pattern, m, is_verbal(m, view), R.Roles()) for m in matches]


def read_roles(work: SentenceDrafts) -> None:
    """Source and target of every draft; obligations settled; governors' complements marked."""
    view = work.view
    drafts: list[Draft] = []
    for draft in work.drafts:
        _read_roles(draft, view)
        if draft.pattern.id == obligation.OBLIGATION and not obligation.settle(draft, view):
            continue  # "must" without a speaker who demands it of someone else
        drafts.append(draft)
    _apply_governors(drafts, view)
    work.drafts = drafts


def sift(work: SentenceDrafts) -> None:
    """Keep the drafts that are news of their own, each with its prominence."""
    view, drafts = work.view, work.drafts
    # "agreed to meet", "urged X to withdraw", "threatened to attack": the governing event
    # says it all; the complement is not (yet) an event of its own. Events of an "if" or
    # "unless" clause are conditions, not events.
    kept: list[Draft] = []
    background: list[Draft] = []
    for draft in drafts:
        if background_nominal(view, draft.match.start, verbal=draft.verbal):
            background.append(draft)
    nominal = {id(d) for d in background}
    for draft in drafts:
        aim = draft.verbal and draft.governor is None and purpose(view, draft)
        if aim and not protest_aim(view, draft):  # "marched ... to demand": a demand made
            continue
        gov = draft.governor
        if gov is not None and gov.pattern.governs == "absorb" and not own_act(gov, draft, view):
            if gov.complement is None:
                gov.complement = draft
            continue
        floor, _ = R.segment(view, draft.match.start)
        if floor > 0 and view.tokens.lower[floor - 1] in {"if", "unless"}:
            continue
        if topic_only(draft) or attributive(draft, view) or accused_by_no_one(draft):
            continue
        if example_of_kind(draft, view):  # "crimes like robbery and hijacking"
            continue
        if averted(draft, view):  # "to guard against attacks"
            continue
        obligation.after_must(draft, view, floor)
        kept.append(draft)
    as_background = {id(d) for d in kept if told_as_background(d, view)}
    background += [d for d in kept if id(d) in as_background]
    told = {id(d) for d in background}
    if told and any(has_actor(d) for d in kept if id(d) not in told):
        kept = [d for d in kept if id(d) not in told]
    verbs = frozenset(d.match.start for d in drafts if d.verbal)
    left = {id(d) for d in kept}
    work.untold = {d.pattern.type for d in drafts if id(d) not in left}
    for draft in kept:  # the background tests above are not run again
        known = (id(draft) in nominal, id(draft) in as_background)
        draft.prominence = prominence(draft, view, verbs, known=known)
    work.drafts = kept


def code_sentence(patterns: PatternSet, view: R.View) -> list[Draft]:
    """The three sentence stages in a row: the kept drafts of one sentence."""
    work = SentenceDrafts(view)
    triggers(patterns, work)
    read_roles(work)
    sift(work)
    return work.drafts


def _read_roles(draft: Draft, view: R.View) -> None:
    pattern, match, roles = draft.pattern, draft.match, draft.roles
    floor, ceiling = R.segment(view, match.start)
    if pattern.governs is not None:
        ceiling = R.governed_segment(view, match)[1]  # "demanded that the US cancel ..."
    preps = _target_preps(pattern.target, pattern.type)
    reciprocal = pattern.reciprocal or pattern.type in RECIPROCAL_TYPES
    target, agent, between, _ = R.find_objects(
        view, match, preps, direct=draft.verbal and pattern.object, ceiling=ceiling
    )
    source: list[int] = []
    harm = pattern.type in HARM_TYPES
    prep = cause_before(view, match) if harm else None
    victims = victims_before(view, match, floor) if prep is not None else []
    framed = framed_roles(view, match, floor, ceiling, roles) if harm else None
    if framed is not None:  # "came under attack by X", "X claimed responsibility for it"
        source, target = framed[0], framed[1] or target
    elif draft.verbal and victims and prep is not None:
        # "were killed during shelling", "in renewed clashes with X": the gerund's subject is
        # the victims, its agent the actor after it
        roles.passive = True
        roles.rules.append("victims-before")
        source = [m for m in nominal_agent(view, prep, match.start, ceiling) if m not in victims]
        target = victims
    elif draft.verbal:
        passive = is_passive(view, match)
        subject = R.find_subject(view, match.start, floor, roles)
        if not subject and roles.pronoun is None and roles.relative is None:
            subject = _borrowed_subject(view, floor, roles, match.start)
        if passive:
            roles.passive = True
            roles.rules.append("passive")
            agent = agent or late_agent(view, match) or exposure_agent(view, match, ceiling)
            agent = agent or shared_agent(view, match)  # "... by X, and N others were held"
            target = subject or target
            if not agent and harm:  # "were killed in clashes with X", "... when X opened fire"
                agent, how = cause_agent(view, match, set(target))
                roles.rules.extend([how] if agent else [])
            source = agent
        elif pattern.reverse:
            roles.reverse = True
            roles.rules.append("reverse")
            source, target = _from_source(view, match, ceiling, floor), subject
            if roles.pronoun is not None:
                roles.rules.append("pronoun-target")
        else:
            source = subject
            gerund = view.tokens.lower[match.start].endswith("ing")
            if agent and not target and gerund and not subject:
                source = agent  # "heavy shelling by X", "the killing by X of ...": X acts
                roles.rules.append("by-agent")
            elif agent and not target:
                target = agent  # "met by X" without passive morphology: keep X
    elif under(view, match.start):  # "a convoy came under attack by X": X -> the convoy
        roles.passive = True
        roles.rules.append("under")
        source, target = agent, R.find_subject(view, match.start, floor, roles) or target
    else:
        source = R.nominal_source(view, match, floor, roles)
        if not source and roles.pronoun is not None:  # "X began their assault": X's
            source = light_subject(view, match, floor, roles)
        if not source and view.owner[match.start] >= 0:
            source = [view.owner[match.start]]  # "a suicide bomber": the trigger is the actor
            roles.rules.append("agent-noun")
        if not target and harm:  # "soldiers were killed in an air strike": its victims
            target = victims_before(view, match, floor)
            roles.rules.extend(["victims-before"] if target else [])
        if not source and agent:
            source = agent
            roles.rules.append("by-agent")
        if not source and roles.pronoun is None:
            light = R.light_verb_before(view, _past_quantifier(view, match), floor)
            if light is not None:
                source = R.find_subject(view, light, floor, roles)
                if source or roles.pronoun is not None:
                    roles.rules.append("light-verb")
                if not source and roles.pronoun is None and roles.relative is None:
                    source = _borrowed_subject(view, floor, roles)
            elif floor > 0 and match.start - floor <= 3 and _light(view, floor - 1):
                # "announced a suspension of aid": the speech verb that opens the clause
                prev_floor, _ = R.segment(view, floor - 1)
                source = R.find_subject(view, floor - 1, prev_floor, roles)
                roles.rules.extend(["light-verb"] if source else [])
    if between:
        if reciprocal and not source and pattern.type not in RECIPROCAL_TYPES and len(between) > 1:
            # "fighting between A and B": the codebook orders mutual fighting as written
            source, target = between[:1], between[1:]
            roles.rules.append("between")
        elif reciprocal and not source:
            source = between
            roles.rules.append("between")
        elif reciprocal:
            target = between
        elif not target:
            target = between
            roles.rules.append("between-target")
    mutual = reciprocal and pattern.type not in RECIPROCAL_TYPES
    if mutual and not target and len({view.mentions[m].actor.id for m in source}) > 1:
        source, target = source[:1], source[1:]  # "A and B clashed": A -> B, as written
        roles.rules.append("mutual")
    if not source and draft.verbal and not pattern.reverse:
        source = capacity(view, match)
        target = [m for m in target if m not in source]
    unresolved = roles.pronoun is None and roles.relative is None and not pattern.reverse
    if not source and draft.verbal and unresolved and not roles.passive:
        source = R.nearest_before(view, match.start, floor)  # "forces in Guinea tortured"
        roles.rules.extend(["nearest-before"] if source else [])
    if not target and not (reciprocal and between) and not draft.pattern.reverse:
        target = R.nearest_after(view, match, ceiling, set(source))
        if target:
            roles.nearest_after = True
            roles.rules.append("nearest-after")
    source, target = _prefer_known(view, match, source, target, floor, ceiling)
    if pattern.cameo.startswith("09"):  # "an inquiry into abuses by X against Y": X is accused
        target = R.investigated(view, match, ceiling, set(source)) or target
    draft.source = _unique(view, source)
    target = target or roles.target  # "X said Y ..., accusing it of": Y, what "it" stands for
    draft.target = [m for m in _unique(view, target) if m not in draft.source]


@cache
def _target_preps(target: tuple[str, ...], ptype: str) -> frozenset[str]:
    """Prepositions that introduce a pattern's target: its own and its type's."""
    return frozenset(target) | frozenset(R.TYPE_TARGET_PREPS.get(ptype, ()))


QUANTIFIERS = lexicon.words("light-verb-quantifiers")


def _past_quantifier(view: R.View, match: Match) -> Match:
    """ "began a new round of joint exercises": the light verb governs the quantifier."""
    lower = view.tokens.lower
    i = match.start - 1
    if i < 2 or lower[i] != "of":
        return match
    for k in range(i - 1, max(-1, i - 3), -1):
        if lower[k] in QUANTIFIERS:
            return Match(match.pattern, k, match.end)
    return match


def _light(view: R.View, i: int) -> bool:
    return view.tokens.lemmas[i] in light_verbs()


def _weak(view: R.View, group: list[int]) -> bool:
    """Only country-less sector mentions ("forces", "refugees"): who, but not whose."""
    return bool(group) and all(view.mentions[m].actor.code == "---" for m in group)


def _prefer_known(
    view: R.View, match: Match, source: list[int], target: list[int], floor: int, ceiling: int
) -> tuple[list[int], list[int]]:
    """Swap a weak role for a known actor of the same clause side, when there is one."""
    if _weak(view, target):
        for i in range(view.last[target[-1]] + 1, min(ceiling, match.end + 14)):
            m = view.owner[i]
            if m >= 0 and m not in source and not _weak(view, [m]):
                target = [m] if R.is_possessive(view, m) else R.group_right(view, m)
                break
    if _weak(view, source):
        for i in range(view.first[source[0]] - 1, max(floor, match.start - 15) - 1, -1):
            m = view.owner[i]
            if (
                m >= 0
                and m not in target
                and not _weak(view, [m])
                and not R.opening_locative(view, [m])
                and not trigger_object(view, m)  # "killed soldiers, and the government"
            ):  # "In Syria, coalition forces ...": Syria is the scene
                source = R.group_left(view, m)
                break
    return source, target


def _borrowed_subject(
    view: R.View, floor: int, roles: R.Roles, start: int | None = None
) -> list[int]:
    """A clause that begins "..., reaffirming" or "and seized" shares the previous subject;
    so does the infinitive a speech verb announces ("announced plans to deploy", ``start``)."""
    lower = view.tokens.lower
    if floor == 0:
        return []
    prev_floor, _ = R.segment(view, floor - 1)
    announced = (
        start is not None
        and start - floor <= 4
        and lower[start - 1] == "to"
        and _light(view, floor - 1)
    )
    if lower[floor - 1] not in {",", "and"} and not lower[floor].endswith("ing") and not announced:
        return []
    subject = R.find_subject(view, floor - 1, prev_floor, roles)
    if speaker := speaker_instead(view, floor, subject, roles):  # "..., accusing it of X"
        return speaker
    if subject:
        roles.shared_subject = True
        roles.rules.append("shared-subject")
    return subject


def _from_source(view: R.View, match: Match, ceiling: int, floor: int) -> list[int]:
    """The giver of a "receive" event: "from X" after it, or the place "from where" names."""
    lower, owner = view.tokens.lower, view.owner
    for i in range(match.end, min(ceiling, match.end + 12)):
        before = i - 2 if i > 1 and lower[i - 1] == "the" else i - 1  # "from the United States"
        if owner[i] >= 0 and before >= 0 and lower[before] in {"from", "by"}:
            return R.group_right(view, owner[i])
    rel = floor - 1
    if rel > 0 and lower[rel] in {"where", "which", "whom"} and lower[rel - 1] == "from":
        return R.antecedent(view, rel - 1)
    return []


def _unique(view: R.View, group: list[int]) -> list[int]:
    seen: set[str] = set()
    out: list[int] = []
    for m in group:
        actor_id = view.mentions[m].actor.id
        if actor_id not in seen:
            seen.add(actor_id)
            out.append(m)
    return out


CONDITIONS = lexicon.words("complement-cuts")


def _apply_governors(drafts: list[Draft], view: R.View) -> None:
    """Events in the complement of "threatened to", "denied", "accused X of" get its flag."""
    for gov in drafts:
        flag = gov.pattern.governs
        claims = gov.pattern.type == "ACCUSE"
        if flag is None and not claims:
            continue
        # "Despite warnings of famine, X is refusing": the opening phrase ends at its comma.
        framed = background_nominal(view, gov.match.start)
        floor, ceiling = R.governed_segment(view, gov.match)
        # "rebels, who are accused of abuses, attacked X": the relative clause ends at its comma
        relative = floor > 0 and view.tokens.lower[floor - 1] in R.RELATIVES - {"that"}
        for other in drafts:
            start = other.match.start
            if other is gov or start < gov.match.end:
                continue
            if start - gov.match.end > COMPLEMENT_WINDOW or start >= ceiling:
                continue
            between = view.tokens.lower[gov.match.end : start]
            if CONDITIONS & set(between) or ((framed or relative) and "," in between):
                continue  # "will not end the strike until their demands are met"
            if flag == "negated":
                other.negated_by_governor = True
            lower = view.tokens.lower
            if claims and gov.target and lower[start - 1] in {"of", "for"}:
                # "accused Kyiv of shelling": the accused is the actor of the complement
                other.source = list(gov.target)
                other.target = [m for m in other.target if m not in other.source]
            elif claims and noun_phrase(view, start):
                unborrow(other, gov)
            other.governor = gov
            other.roles.rules.append(f"complement-of:{gov.pattern.id}")
