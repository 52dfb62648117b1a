"""``rules.incidents/1``: one attack, one event, however many verbs tell it.

News tells one attack with several triggers: "a car bomb exploded ..., killing nine and
wounding 15", "was shot and killed", "20 soldiers were killed in an air strike". The codebook
(section 4: "an attack that kills is one ASSAULT, not one per verb") codes the attack once,
on the trigger that names the act. Casualty verbs ("killed", "wounded": the lexicon's
``casualty-verbs``) report what the attack did; where the sentence also names the attack,
each casualty is folded into the nearest attack, lending it the roles it lacks (the victims
as target, a passive's "by" agent as source). Where only casualty verbs are left ("ten were
killed and 30 wounded"), they are one event, the first. Two attacks whose named attackers
differ stay two events.

The same stage drops what the codebook (section 8) calls no event at all: accidents and
disasters ("killed when their helicopter crashed"), tallies and
standing activity told in a perfect tense with a period ("fighting has killed more than
100,000 since 2011", "warships have been patrolling the Gulf for years"), and acts put in a
year before the article's ("NATO bombed Serbia in 1999"; for a text with no date, any year).
"""

from __future__ import annotations

import re
from typing import Any

from dyads.events import roles as R
from dyads.events.candidate import SentenceWork
from dyads.events.crime import no_political_actor
from dyads.events.crowds import no_protest, protesters_of
from dyads.events.dating import (
    dated_before,
    habitual,
    judged_measure,
    may_be_dated,
    standing_patrol,
    summed_acts,
)
from dyads.events.draft import Draft, SentenceDrafts
from dyads.events.folding import compatible, fold
from dyads.events.ground import ground_captures
from dyads.events.resolve import RULES
from dyads.nlp import lexicon

CASUALTY_VERBS = lexicon.words("casualty-verbs")
TALLY_CUES = lexicon.words("tally-cues")
TALLY_WEAK = lexicon.words("tally-weak-cues")
TALLY_PERIODS = lexicon.words("tally-periods")
TALLY_SINCE = lexicon.words("tally-since")
TALLY_PAST = lexicon.words("tally-past")
CURRENT = lexicon.words("current-time")
ACCIDENTS = lexicon.words("accident-words")
WARS = lexicon.words("war-words")
AUXILIARIES = lexicon.words("auxiliaries")
ELABORATIONS = lexicon.words("attack-elaborations")
# The words a cue can open with, per cue list (with "since" and "past"/"last", read below).
_FIRST_WORDS = {
    cues: frozenset(c.split()[0] for c in cues) | {"since"} | TALLY_PAST
    for cues in (TALLY_CUES, TALLY_WEAK)
}
PERFECT = lexicon.words("perfect-auxiliaries")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
ADJACENT = 3  # tokens between an attack verb and its weapon noun ("detonated a massive bomb")
OPENING = 8  # tokens before the clause that may set its time ("In 2011, ...")
ATTACK = "ASSAULT"
# Acts of their own beside a killing, never what a casualty verb reports: "killed two and
# took three hostage" is two events.
SEPARATE = frozenset({"abduct", "torture", "sexual"})


def is_casualty(draft: Draft, sd: SentenceDrafts) -> bool:
    lemma = sd.view.tokens.lemmas[draft.match.start]
    return draft.pattern.type == ATTACK and lemma in CASUALTY_VERBS


def _weapon_objects(sd: SentenceDrafts, attacks: list[Draft]) -> set[int]:
    """ "detonated a truck bomb", "launched airstrikes": the weapon right after the attack
    verb (a determiner or a few modifiers between, no clause boundary) is its object."""
    view = sd.view
    folded: set[int] = set()
    lower = view.tokens.lower
    for verb in attacks:
        if not verb.verbal or is_casualty(verb, sd):
            continue
        for noun in attacks:
            gap = noun.match.start - verb.match.end
            if noun is verb or noun.verbal or not 0 <= gap <= ADJACENT or id(noun) in folded:
                continue
            between = range(verb.match.end, noun.match.start)
            if any(view.boundary[k] or lower[k] in R.PREPOSITIONS for k in between):
                continue  # "killed in an air strike" is a casualty, folded below
            if not compatible(verb, noun):
                continue
            fold(verb, noun, sd.view)
            folded.add(id(noun))
    return folded


def _compounds(sd: SentenceDrafts, attacks: list[Draft]) -> set[int]:
    """ "an improvised explosive device blast", "an explosion in Basra destroyed two cars": a
    weapon noun before another attack word of its clause, no trigger between, is one attack
    (a noun phrase, or what the weapon did)."""
    view = sd.view
    folded: set[int] = set()
    for noun in attacks:
        if noun.verbal or id(noun) in folded:
            continue
        end = noun.match.end
        nxt = min((t for t in view.trigger_starts if t >= end), default=-1)
        head = next((d for d in attacks if d.match.start == nxt and not is_casualty(d, sd)), None)
        if head is None or R.segment(view, nxt)[0] > noun.match.start:
            continue  # a clause boundary between: another act
        lower = view.tokens.lower
        if "," in lower[end:nxt] or not compatible(head, noun) or lower[nxt].endswith("ing"):
            continue  # "Taking advantage of the airstrikes, ...", "began the attack by storming"
        if view.owner[noun.match.start] < 0 or not head.verbal:
            # "an IED blast", "an explosion in Basra destroyed two cars": the weapon names the
            # attack, the word after it what it did (its target is the attack's)
            fold(noun, head, sd.view)
            folded.add(id(head))
            continue
        # "a suicide bomber ... detonated a bomb": the noun names the attacker, the verb the act
        head.source = head.source or list(noun.source)
        head.target = head.target or list(noun.target)
        head.casualties += noun.casualties
        folded.add(id(noun))
    return folded


def _elaborations(sd: SentenceDrafts, attacks: list[Draft]) -> set[int]:
    """ ", targeting the village", "a raid that targeted X": a participle after a comma, or a
    relative's verb, that goes on telling the attack before it, folded into it (its target)."""
    lower, lemmas = sd.view.tokens.lower, sd.view.tokens.lemmas
    folded: set[int] = set()
    for draft in attacks:
        start = draft.match.start
        told_in = _told_in(sd, attacks, draft, folded)
        if told_in is not None:  # "an attack in which gunmen ... shot 28 dead"
            fold(told_in, draft, sd.view)
            folded.add(id(draft))
            continue
        gerund = lower[start - 1] in (",", "by") and lower[start].endswith("ing")
        rel = lower[start - 1] in ("that", "which") and not lower[start].endswith("ing")
        if not (start and (gerund or rel)):
            continue  # ", targeting ...", "began the attack by storming ...", "a raid that hit"
        stem = lower[start][: -3 if gerund else -2]  # "targeting", "striking", "targeted"
        if ELABORATIONS.isdisjoint({lemmas[start], stem, stem + "e", stem[:-1]}):
            continue
        before = [
            d for d in attacks
            if d.match.end <= start and id(d) not in folded and not is_casualty(d, sd)
            and compatible(d, draft)
        ]  # fmt: skip
        if before:
            fold(before[-1], draft, sd.view)
            folded.add(id(draft))
    return folded


IN_WHICH = lexicon.words("incident-relatives")


def _told_in(
    sd: SentenceDrafts, attacks: list[Draft], draft: Draft, folded: set[int]
) -> Draft | None:
    """ "staged an attack on Saturday in which gunmen ... shot 28 dead": the clause of "in
    which" after an attack noun tells that attack (its doers are the attack's), one event."""
    lower, start = sd.view.tokens.lower, draft.match.start
    nouns = [d for d in attacks if not d.verbal and d.match.end <= start and id(d) not in folded]
    if not nouns:
        return None
    noun = nouns[-1]
    between = range(noun.match.end, start)
    if any(t in sd.view.trigger_starts for t in between):
        return None  # another act between: not this clause's
    told = any(lower[k] == "which" and lower[k - 1] in IN_WHICH for k in between if k > 0)
    return noun if told else None


def merge_incidents(sd: SentenceDrafts) -> None:
    """Fold the casualty drafts of ``sd`` into the attack they report (see above)."""
    attacks = [d for d in sd.drafts if d.pattern.type == ATTACK]
    if len(attacks) < 2:
        return
    objects = _weapon_objects(sd, attacks) | _compounds(sd, attacks)
    if objects:
        sd.drafts = [d for d in sd.drafts if id(d) not in objects]
        attacks = [d for d in attacks if id(d) not in objects]
    told = _elaborations(sd, attacks)
    if told:
        sd.drafts = [d for d in sd.drafts if id(d) not in told]
        attacks = [d for d in attacks if id(d) not in told]
    casualties = [d for d in attacks if is_casualty(d, sd)]
    named = [d for d in attacks if not is_casualty(d, sd) and d.pattern.mode not in SEPARATE]
    if not named:  # only casualty verbs: the first one keeps the event
        named, casualties = casualties[:1], casualties[1:]
    folded: set[int] = set()
    for casualty in casualties:
        options = [k for k in named if compatible(k, casualty)]
        if not options:
            continue
        start = casualty.match.start
        fold(min(options, key=lambda k: abs(k.match.start - start)), casualty, sd.view)
        folded.add(id(casualty))
    if folded:
        sd.drafts = [d for d in sd.drafts if id(d) not in folded]


def _window(sd: SentenceDrafts, draft: Draft) -> tuple[int, int]:
    floor, ceiling = R.segment(sd.view, draft.match.start)
    return max(0, floor - OPENING), ceiling


def _has_cue(lower: list[str], lo: int, hi: int, cues: frozenset[str] = TALLY_CUES) -> bool:
    firsts = _FIRST_WORDS[cues]
    for i in range(lo, hi):
        word = lower[i]
        if word not in firsts:
            continue  # most words open no cue: no phrase is built for them
        if any(" ".join(lower[i : i + n]) in cues for n in (2, 3) if i + n <= hi):
            return True
        after = lower[i + 1 : min(hi, i + 5)]
        since = word == "since" and bool(after)
        if since and (_YEAR.match(after[0]) or (after[0] == "the" and TALLY_SINCE & set(after))):
            return True  # "since 2011", "since the start of the war"
        if word in TALLY_PAST and i > lo and lower[i - 1] == "the" and TALLY_PERIODS & set(after):
            return True  # "over the past two years" (a past month is recent news)
    return False


def tally(sd: SentenceDrafts, draft: Draft) -> bool:
    """A period summed up: "a total of 254 were killed in October", "killed over the past
    two years"; or a perfect tense with a looser period: "have fought for years", "have been
    patrolling Kabul since January" (a standing activity), "have been killed since July"."""
    lower = sd.view.tokens.lower
    lo, hi = _window(sd, draft)
    if _has_cue(lower, lo, hi):
        return True
    if PERFECT.isdisjoint(lower[lo:hi]):
        return False
    start = draft.match.start
    ongoing = start >= 2 and lower[start - 1] == "been" and lower[start].endswith("ing")
    # "hundreds have been killed since July": casualties summed since a time
    summed = ongoing or is_casualty(draft, sd) or summed_acts(sd, draft)
    # "have been killed", "has killed": the perfect is the casualty verb's own
    aux = lower[max(0, start - 2) : start]
    own = bool(aux) and (aux[-1] in PERFECT or (aux[-1] == "been" and aux[0] in PERFECT))
    toll = own and any(map(_toll, lower[max(lo, start - 6) : min(hi, draft.match.end + 4)]))
    if (
        summed
        and CURRENT.isdisjoint(lower[lo:hi])
        and (toll or not WARS.isdisjoint(lower[start:hi]))
    ):
        return (
            True  # "70,000 people have been killed in Syria's war", "fighting has killed 140,000"
        )
    return _has_cue(lower, lo, hi, TALLY_WEAK) or (summed and "since" in lower[start : hi + 1])


def _toll(word: str) -> bool:
    """A count no single incident reaches: thousands ("1,000", "140,000", "thousands")."""
    if word == "thousands":
        return True
    digits = word.replace(",", "")
    return digits.isdigit() and len(digits) >= 4 and not _YEAR.match(digits)


def tallied_casualties(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "Fighting in Syria has killed more than 140,000", "1,000 civilians have been killed
    under Russian airstrikes since September": the attack told with a casualty verb that is
    a tally (right after it, or before it in its clause) is the tally's subject or cause."""
    if draft.pattern.type != ATTACK or is_casualty(draft, sd):
        return False
    start, end = draft.match.start, draft.match.end
    floor, _ = R.segment(sd.view, start)
    return any(
        is_casualty(d, sd)
        and (end <= d.match.start <= end + ADJACENT + 2 or floor <= d.match.start < start)
        and tally(sd, d)
        for d in sd.drafts
    )


def accident(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "14 soldiers were killed when their helicopter crashed", "an outbreak that killed six":
    casualties of an accident or a disaster, in a sentence that names no attack."""
    if not is_casualty(draft, sd) or ACCIDENTS.isdisjoint(sd.view.tokens.lower):
        return False
    return all(is_casualty(d, sd) or d.pattern.type != ATTACK for d in sd.drafts)


def described_capture(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "a U.S. soldier captured in Iraq returned home", "the men captured near Kunduz": a
    capture told as a participle after its noun describes who someone is, not the news."""
    if draft.pattern.id != "coerce.capture":
        return False
    lower = sd.view.tokens.lower
    start = draft.match.start
    if not (start and lower[start].endswith("ed")) or lower[start - 1] in AUXILIARIES:
        return False
    owner = sd.view.owner
    named = owner[start - 1] >= 0 or lower[start - 1] in ("men", "man", "soldier", "soldiers")
    return named and start + 1 < len(lower) and lower[start + 1] in ("in", "during", "near", "at")


def named_as_target(sd: SentenceDrafts, draft: Draft) -> bool:
    """ "police attacked protesters": a trigger that names actors (protesters, strikers) who
    are another event's target is that event's victim, not an event of its own."""
    owner = sd.view.owner[draft.match.start]
    return owner >= 0 and any(owner in d.target for d in sd.drafts if d is not draft)


def _year(work: SentenceWork) -> int | None:
    published = work.doc.article.published
    return int(published[:4]) if published and published[:4].isdigit() else None


class IncidentStage:
    name = "rules.incidents/1"
    requires = ("rules.salience",)
    assigns = ("rules.incidents",)

    def __init__(self, **_options: Any) -> None:
        pass

    def __call__(self, work: SentenceWork) -> None:
        sd: SentenceDrafts | None = work.private.get(RULES)
        if sd is None or not sd.drafts:
            return
        ground_captures(sd, work.layers.text, work.layers.gazetteer)
        year = _year(work)
        # Once a sentence, not once a draft: without a tally cue's first word or a perfect
        # auxiliary no draft is a tally; without a year token none is dated_before.
        lower = sd.view.tokens.lower
        may_tally = not (_FIRST_WORDS[TALLY_CUES].isdisjoint(lower) and PERFECT.isdisjoint(lower))
        may_date = may_be_dated(lower)
        sd.drafts = [
            d
            for d in sd.drafts
            if not (
                (may_tally and tally(sd, d))
                or tallied_casualties(sd, d)
                or habitual(sd, d)
                or accident(sd, d)
                or standing_patrol(sd, d)
                or judged_measure(sd, d)
                or (may_date and dated_before(sd, d, year))
                or named_as_target(sd, d)
                or protesters_of(sd, d)
                or described_capture(sd, d)
                or no_political_actor(sd, d)
                or no_protest(sd, d)
            )
        ]
        if len(sd.drafts) > 1:
            merge_incidents(sd)
