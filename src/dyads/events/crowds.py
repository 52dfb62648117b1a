"""Who an unnamed crowd or attacker is, read from the clause (used by :mod:`resolve`): a
protest's demand made by the protest just told, an attacker named by no actor word."""

from __future__ import annotations

from typing import Any

from dyads.events import roles as R
from dyads.events.candidate import Candidate
from dyads.events.draft import Draft, SentenceDrafts
from dyads.model import Sentence
from dyads.nlp import lexicon

ATTACKER_NOUNS = lexicon.words("attacker-nouns")
VICTIM_WORDS = lexicon.words("victim-words")
UNNAMED_AGENTS = lexicon.words("unnamed-agents")


def protest_demand(view: R.View, draft: Draft) -> bool:
    """ "marched through Nairobi, demanding ...", "rallied to demand ...": a demand made by
    the protest the sentence has just told, in a participle or an infinitive of purpose."""
    gov = draft.governor
    if gov is not None and gov.pattern.type == "PROTEST":
        return True
    start = draft.match.start
    lower = view.tokens.lower
    if not (lower[start].endswith("ing") or (start and lower[start - 1] == "to")):
        return False
    return any(t < start and kind == "PROTEST" for t, kind in view.trigger_types.items())


def protest_aim(view: R.View, draft: Draft) -> bool:
    """ "marched through Warsaw to demand higher wages": what a marching or rallying crowd
    sets out to demand it voices there, a REQUEST besides the PROTEST (codebook 1.4), not an
    aim still to come. (The aim of a blockade or a hunger strike stays its aim: the PLOVER
    GSR codes "blocked roads to demand reforms" as the protest alone.)"""
    if draft.pattern.type != "REQUEST":
        return False
    start, lemmas = draft.match.start, view.tokens.lemmas
    return any(
        t < start and kind == "PROTEST" and lemmas[t] in CROWD_VERBS
        for t, kind in view.trigger_types.items()
    )


CROWD_VERBS = lexicon.words("crowd-verbs")


def attacker_subject(view: R.View, draft: Draft) -> bool:
    """The clause's subject is an attacker named by no actor word: "a suicide bomber driving
    a car killed ...", "an unidentified gunman shot ..."."""
    lower = view.tokens.lower
    floor, _ = R.segment(view, draft.match.start)
    for i in range(draft.match.start - 1, max(floor, draft.match.start - 12) - 1, -1):
        if lower[i] in ATTACKER_NOUNS:  # also the end of a trigger: "a suicide bomber"
            return True
        if view.owner[i] >= 0 or i + 1 in view.trigger_ends:
            return False
    return False


def named_victims(view: R.View, draft: Draft) -> bool:
    """The attack's clause names its victims by no actor word: "shot dead a civilian",
    "killing five persons", "Menezes ... was shot": ``---`` CVL (codebook 1.4), where the
    scene gives no country. A casualty verb only, so "attacked the town" stays without."""
    lemma = view.tokens.lemmas[draft.match.start]
    if lemma not in CASUALTY_LEMMAS:
        return False
    lower = view.tokens.lower
    start, end = draft.match.start, draft.match.end
    counted = start > 0 and lower[start - 1].replace(",", "").isdigit()  # "185 wounded"
    floor, ceiling = R.segment(view, start)
    passive = draft.roles.passive and draft.verbal and start > floor
    if passive and not counted and "down" not in lower[start : end + 1]:
        # A passive casualty verb's subject is its victims, however it names them ("Menezes,
        # an electrician, was shot", "More than 30 Yezidis were killed by X"): the dev
        # annotators code them ``---``. (Not what is "shot down": an aircraft, whose owner
        # the scene may give. Objects of active verbs keep the victim words: the PLOVER GSR
        # leaves some without a target.)
        return True
    if draft.roles.passive:
        words = lower[max(floor, draft.match.start - 8) : draft.match.start]
    else:
        words = lower[draft.match.end : min(ceiling, draft.match.end + 6)]
    return not VICTIM_WORDS.isdisjoint(words)


def victims_origin(countries: Any, view: R.View, draft: Draft, sent: Sentence) -> str | None:
    """The country of the place the unnamed victims are from ("shot dead a shopkeeper from
    Hebron", "a young man from Aleppo was killed"): a named place gives its country to civilian
    victims (codebook 1.4), whether it is where they died or where they came from."""
    lower, start, end = view.tokens.lower, draft.match.start, draft.match.end
    floor, ceiling = R.segment(view, start)
    passive = draft.roles.passive
    span = range(max(floor, start - 8), start) if passive else range(end, min(ceiling, end + 8))
    for i in span:
        if lower[i] == "from" and i + 1 < len(lower):
            code: str | None = countries.origin("from", view.tokens.starts[i + 1], sent)
            return code
    return None


def unnamed_agent(view: R.View, draft: Draft) -> bool:
    """A passive attack's "by" agent names people by no actor word: "was shot five times
    by men riding a motorcycle", "were killed by a patrol team"."""
    lower = view.tokens.lower
    _, ceiling = R.segment(view, draft.match.start)
    by = next((i for i in range(draft.match.end, min(ceiling, draft.match.end + 8))
               if lower[i] == "by"), None)  # fmt: skip
    if by is None:
        return False
    for k in range(by + 1, min(ceiling, by + 5)):
        word = lower[k]
        if view.owner[k] >= 0 or k in view.trigger_ends or not word.isalpha():
            return False
        if word in UNNAMED_AGENTS:
            return True
    return False


def weapon_victims(view: R.View, draft: Draft) -> bool:
    """ "Twelve people were killed in a car bombing", "an air strike killed five civilians":
    an attack with weapons of war (or one that casualty verbs tell) names its victims by no
    actor word; they are its target, ``---`` CVL where no place gives their country
    (codebook 2: such violence is codable with no attacker named)."""
    lower = view.tokens.lower
    start = draft.match.start
    lo, hi = max(0, start - VICTIM_REACH), min(len(lower), draft.match.end + VICTIM_REACH)
    return not VICTIM_WORDS.isdisjoint(lower[lo:hi])


VICTIM_REACH = 16  # tokens either side of the attack where its casualties are told
CASUALTY_LEMMAS = lexicon.words("casualty-verbs") | {"shoot", "behead", "execute", "stab", "murder"}


def aim_protests(view: R.View, drafts: list[Draft], made: list[list[Candidate]]) -> None:
    """A protest that names no target is aimed at whom its own demand addresses ("marched to
    the border, calling on Egypt to open it", "rallied to demand the release of Turkey's
    jailed leader"): the REQUEST the crowd makes there and the PROTEST share the target.
    ``made`` holds each draft's candidates, in the order of ``drafts``."""
    protests: list[Candidate] = []
    for draft, cands in zip(drafts, made, strict=True):
        if draft.pattern.type == "PROTEST":
            protests.extend(c for c in cands if not c.target)
            continue
        if draft.pattern.type != "REQUEST" or not protests or not protest_demand(view, draft):
            continue
        aimed = next((c.target for c in cands if c.target), None)
        if aimed is None:
            continue
        for protest in protests:
            if protest.trigger.start < cands[0].trigger.start:
                protest.target = list(aimed)
                protest.trace.append("demand-target")
        protests = []


# Read by rules.incidents/1 (dyads.events.incidents): which protest triggers are one protest.
ADJACENT_VERB = 3  # tokens from "demonstrators" to the verb they are the subject of
CROWD_REACH = 16  # tokens before the protest verb's clause where its crowd may stand


PROTESTER_NOUNS = lexicon.words("protester-nouns")


def protesters_of(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "demonstrators marched through Leipzig": the protesters are the subject of the protest
    verb just after them, one protest; the verb's event is kept."""
    if (
        draft.pattern.type != "PROTEST"
        or sd.view.tokens.lower[draft.match.start] not in PROTESTER_NOUNS
    ):
        return False
    end = draft.match.end
    return any(
        d is not draft and d.pattern.type == "PROTEST" and d.verbal
        and end <= d.match.start <= end + ADJACENT_VERB
        for d in sd.drafts
    )  # fmt: skip


CROWD_WORDS = lexicon.words("crowd-words")


def no_protest(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "the danger was clearly demonstrated" (a passive: shown, not a protest); "he marched
    on", "she was protesting police violence" (no actor and no crowd: a person, not a
    protest)."""
    if draft.pattern.type != "PROTEST":
        return False
    if draft.roles.passive:
        return True
    lower = sd.view.tokens.lower
    pronoun = draft.roles.pronoun
    # "she was protesting police violence": one person, whatever she protests, when no actor
    # named before stands for her ("Odinga said he would protest" is the opposition's)
    one_person = (
        not draft.source
        and pronoun is not None
        and lower[pronoun] in ("he", "she")
        and not any(m.end <= sd.view.tokens.starts[pronoun] for m in sd.view.mentions)
    )
    if not one_person and (draft.source or draft.target or sd.view.owner[draft.match.start] >= 0):
        return False
    floor, ceiling = R.segment(sd.view, draft.match.start)
    # the crowd may stand well before the verb, past an aside ("500 workers from X, according
    # to estimates, demonstrated")
    return CROWD_WORDS.isdisjoint(lower[max(0, floor - CROWD_REACH) : ceiling])
