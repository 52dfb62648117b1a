"""Which of a sentence's events are its news: main events against background and topics.

The gold standard codes the event a sentence reports; an event named as its time or cause
("after militants attacked"), its history ("equipment seized last year") or the topic of a
criticism ("condemned the attack on a church") is not news of its own. A sentence may still
report several events ("expressed concern at China's support to Russia" is both), so the
rules here drop an event only where the sentence gives a reason, and background only beside
a main event.
"""

from __future__ import annotations

import re

from dyads.events import roles as R
from dyads.events.draft import Draft
from dyads.model import RECIPROCAL_TYPES
from dyads.nlp import lexicon
from dyads.nlp.tokens import irregular_forms, lemmatize


def in_name(view: R.View, i: int) -> bool:
    """A capitalised trigger word inside a name: "the Canadian Press", "Emergency Relief
    Coordinator", "Free Trade Agreement". Headlines, capitalised throughout, are exempt."""
    caps = view.raw_first
    if not caps[i]:
        return False
    m = view.owner[i]
    if m >= 0 and view.mentions[m].actor.kind != "sector":
        return True  # "Free Syrian Army activists said": a word of a named actor, even first
    if i == 0:
        return False
    n = len(caps)
    near = (i > 0 and caps[i - 1] and view.tokens.lower[i - 1].isalpha()) or (
        i + 1 < n and caps[i + 1] and view.tokens.lower[i + 1].isalpha()
    )
    if not near and view.owner[i] < 0:
        return False
    words = [k for k in range(n) if view.tokens.lower[k].isalpha()]
    return sum(caps[k] for k in words) * 2 < len(words)


MONTH_HOMOGRAPHS = lexicon.words("month-homographs")


def month_name(view: R.View, i: int) -> bool:
    """ "agents March 28", "in late March": a capitalised month name, not a march."""
    lower = view.tokens.lower
    if lower[i] not in MONTH_HOMOGRAPHS or not view.raw_first[i]:
        return False
    if i + 1 < len(lower) and lower[i + 1][:1].isdigit():
        return True
    words = [k for k in range(len(lower)) if lower[k].isalpha()]
    headline = sum(view.raw_first[k] for k in words) * 2 >= len(words)
    return i > 0 and not headline  # "Thousands March on Parliament" is a headline's march


def has_actor(draft: Draft) -> bool:
    roles = draft.roles
    return (
        bool(draft.source or draft.target)
        or roles.pronoun is not None
        or (roles.relative is not None)
    )


def topic_only(draft: Draft) -> bool:
    """ "condemned the attack on a church", "complained over air raids": a nominal event that
    is only the topic of a criticism is the criticism's subject matter, not news of its own,
    unless the sentence names who did it to whom ("concern at China's support to Russia")."""
    gov = draft.governor
    if draft.verbal or gov is None or gov.pattern.type != "ACCUSE":
        return False
    if draft.roles.pronoun is not None or draft.roles.relative is not None:
        return False
    reciprocal = draft.pattern.reciprocal or draft.pattern.type in RECIPROCAL_TYPES
    full = bool(draft.source and draft.target) or (reciprocal and len(draft.source) > 1)
    return not full


ACCUSATIONS = lexicon.words("accusation-patterns")


def accused_by_no_one(draft: Draft) -> bool:
    """ "The army has long been accused of abuses", "who is accused of rigging": a passive
    accusation that names no accuser describes the accused; it reports no one's act."""
    roles = draft.roles
    return (
        draft.pattern.id in ACCUSATIONS  # "was put under investigation" is still an act
        and draft.verbal
        and roles.passive
        and not draft.source
        and roles.pronoun is None
    )


AVERTING = lexicon.words("averting-verbs")
GUARDING = lexicon.words("guarding-verbs")


def averted(draft: Draft, view: R.View) -> bool:
    """ "patrolled the capital to guard against attacks", "stepped up security to thwart
    attacks on churches": an act named as what others act to prevent is no act (the
    parser may read "attacks" there as a verb: no verb follows "prevent" itself)."""
    lemmas, start = view.tokens.lemmas, draft.match.start
    for i in range(start - 1, max(-1, start - 4), -1):
        guard = lemmas[i] == "against" and i > 0 and lemmas[i - 1] in GUARDING
        # "declared an end to major combat", "a halt to the shelling": the act ended
        ended = lemmas[i] in ("to", "of") and i > 0 and lemmas[i - 1] in ENDINGS
        if lemmas[i] in AVERTING or guard or ended:
            return True
        if lemmas[i] in {",", ";", ":", "and", "or"} or (i + 1) in view.trigger_ends:
            return False
    return False


ENDINGS = lexicon.words("ending-nouns")
ATTRIBUTIVE_BEFORE = lexicon.words("attributive-before")
# words before a participle that make it a verb, not a phrase after a noun
NOT_A_HEAD = frozenset({"and", "or", "but", "has", "have", "had", "being", "been", "get", "got"})


KIND_NOUNS = lexicon.words("kind-nouns")


def example_of_kind(draft: Draft, view: R.View) -> bool:
    """ "to check criminal acts like mugging, hijacking and robbery", "threats such as
    kidnapping": a noun act given as an example of a kind names no act (codebook 2, generic
    nouns)."""
    lower, start = view.tokens.lower, draft.match.start
    k = start - 1
    while k > 0 and start - k <= 8 and (lower[k] in {",", "and", "or"} or lower[k].isalpha()):
        if lower[k] in R.DETERMINERS:
            return False  # "acts like the kidnapping of two officials": one act named
        if lower[k] == "like" or (lower[k] == "as" and lower[k - 1] == "such"):
            head = k - 1 if lower[k] == "like" else k - 2
            return head >= 0 and lower[head] in KIND_NOUNS
        k -= 1
    return False


def attributive(draft: Draft, view: R.View) -> bool:
    """A one-word participle used as an adjective: "the release of Turkey's jailed leader",
    "the number of abducted journalists", "Outlawed groups clash with police": it says what
    someone or something is, not an act the sentence reports."""
    start, end = draft.match.start, draft.match.end
    lower = view.tokens.lower
    if (
        end - start > 1
        and lower[start + 1].isalpha()
        and lower[start + 1] not in ATTRIBUTIVE_BEFORE
    ):
        end = start + 1  # "outlaw * group" read as "Outlawed leftist groups": the participle
    if end - start != 1 or not lower[start].endswith(R.PAST_ENDINGS) or end >= len(lower):
        return False
    if draft.pattern.type == "SUPPORT" and lower[end] == "by" and start > 0:
        # "a rebel group supported by Turkey": who backs the group says what it is, a
        # standing relationship (codebook 8), not support given in the news
        before = lower[start - 1]
        return before.isalpha() and before not in R.BE_FORMS | NOT_A_HEAD
    nxt = lower[end]
    if nxt in {"and", "or"}:  # "of imprisoned and missing soldiers"
        nxt = lower[end + 1] if end + 1 < len(lower) else ""
        if not nxt.endswith(("ed", "ing")):
            return False
    if not nxt.isalpha() or nxt in R.PREPOSITIONS or nxt in R.BE_FORMS or nxt.endswith("ly"):
        return False
    if start == 0:  # "Outlawed leftist groups often clash with police"
        return view.raw_first[0] and not view.raw_first[end]
    return lower[start - 1] in ATTRIBUTIVE_BEFORE


SUBORDINATORS = lexicon.words("subordinators")
MONTHS = lexicon.words("time-nouns")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_YEAR_FIRST = ("1", "2")  # what a year begins with: most words skip the regex
_HAVE = lexicon.words("pluperfect-have")


def told_as_background(draft: Draft, view: R.View) -> bool:
    """An event told as the time, cause or history of the sentence's news: "... after a jet
    shot down a helicopter", "equipment seized last year", "whom they had taken hostage two
    weeks ago", "suspected of blowing up a plane in 1988". Dropped only beside a main event."""
    lower = view.tokens.lower
    start = draft.match.start
    i = start - 1
    while i >= 0 and start - i <= 10:
        word = lower[i]
        if word in SUBORDINATORS:
            return True
        if word in {",", ";", ":"} or i + 1 in view.trigger_ends:
            break
        if view.boundary[i] and word != "that":
            break
        i -= 1
    floor, ceiling = R.segment(view, start)
    prev = lower[start - 1] if start > 0 else ""
    relative = floor > 0 and lower[floor - 1] in R.RELATIVES
    reduced = _reduced(draft, view)
    gerund = prev == "of" and lower[start].endswith("ing")
    if not (relative or reduced or gerund):
        return False
    if relative and _HAVE & set(lower[floor:start]):
        return True
    if relative and prev in R.BE_FORMS and draft.pattern.type == "ACCUSE":
        return True  # "the group, which is accused of harbouring X": who it is, not news
    for j in range(max(floor, start - 3), min(ceiling, start + 12)):
        word = lower[j]
        if word == "ago" or (word[:1] in _YEAR_FIRST and _YEAR.match(word)):
            return True
        nxt = lower[j + 1] if j + 1 < len(lower) else ""
        if word in {"last", "earlier", "previous"} and nxt in MONTHS:
            return True
    return False


def _reduced(draft: Draft, view: R.View) -> bool:
    """A past participle right after a noun: "the ship it seized", "hostages held captive"."""
    lower = view.tokens.lower
    start = draft.match.start
    prev = lower[start - 1] if start > 0 else ""
    return draft.verbal and prev.isalpha() and view.owner[start - 1] < 0 and (
        lower[start].endswith(R.PAST_ENDINGS) and prev not in R.BE_FORMS
        and prev not in R.SUBJECT_PRONOUNS and prev not in _AUX_BEFORE and prev != "and"
    )  # fmt: skip


_AUX_BEFORE = lexicon.words("auxiliaries-before-participle")
_NOT_NOUN = lexicon.words("not-nouns")


BACKGROUND = lexicon.words("background-prepositions")
BACKGROUND_PHRASES = (("because", "of"), ("wake", "of"), ("response", "to"), ("result", "of"),
                      ("addition", "to"))  # fmt: skip
CAMPAIGN_NOUNS = lexicon.words("campaign-nouns")
LATER = lexicon.words("later-act-conjunctions")
CAMPAIGN_OWNERS = lexicon.words("campaign-owners")


def background_nominal(view: R.View, start: int, *, verbal: bool = False) -> bool:
    """A nominal event named as the time or cause of another: "since last year's invasion",
    "because of fighting between ...", or as what the news adds to: "in addition to the
    airstrikes on X, the air force also struck Y". It was news when it was told, not here.
    A ``verbal`` trigger in the past after "before" tells a later act ("..., before the rebels
    withdrew"); in the present it is a condition ("must agree ... before they demobilize")."""
    lower = view.tokens.lower
    campaign = 0 < start < len(lower) - 1 and lower[start] in CAMPAIGN_NOUNS
    if campaign and lower[start - 1] in CAMPAIGN_OWNERS and lower[start + 1] == "against":
        return True  # "supports them in their fight against the militants"
    i = start - 1
    while i >= 0 and start - i <= 6:
        word = lower[i]
        if word in BACKGROUND:
            return not (verbal and word in LATER and _past(lower[start]))
        if i > 0 and (lower[i - 1], word) in BACKGROUND_PHRASES:
            return True
        if word in {",", ";", ":"} or (i + 1) in view.trigger_ends:
            return False
        i -= 1
    return False


def _past(word: str) -> bool:
    return word.endswith("ed") or word in irregular_forms()


MAIN_EVENT = 0.1  # a main-clause verbal trigger: what the sentence reports
EMBEDDED = -0.15  # the content of a criticism, claim or denial: "condemned the attack"
MODIFIER = -0.1  # a participle or relative clause describing an actor: "forces fighting X"


def prominence(
    draft: Draft,
    view: R.View,
    verbs: frozenset[int] = frozenset(),
    *,
    known: tuple[bool, bool] | None = None,
) -> float:
    """How far ``draft`` is the news of its sentence, added to the event's confidence so that
    the most confident event is the one the sentence reports (the quad class of a sentence is
    that event's): a main-clause verb over a noun, a noun over an event named as the topic of
    a criticism or as background. ``verbs``: where the sentence's verbal triggers start;
    ``known``: ``background_nominal`` and ``told_as_background``, when the caller has them."""
    start = draft.match.start
    lower = view.tokens.lower
    if draft.governor is not None:
        return EMBEDDED
    if known is None:
        known = (background_nominal(view, start), told_as_background(draft, view))
    if known[0] or known[1]:
        return EMBEDDED
    floor, _ = R.segment(view, start)
    if floor > 0 and lower[floor - 1] in R.RELATIVES and lower[floor - 1] != "that":
        return MODIFIER
    if floor > 0 and lower[floor - 1] in ADVERBIAL:
        return MODIFIER  # "... while fighting extradition"
    if not draft.verbal:
        return 0.0
    finite = [t for t in verbs if t < start and not lower[t].endswith("ing")]
    if _participle(view, start) and (finite or _apposition(view, start, verbs)):
        return MODIFIER  # "freed a citizen held hostage", "released guards held captive"
    if (
        lower[start].endswith("ing")
        and _after_noun(view, start)
        and (view.owner[start - 1] >= 0 or any(t > start for t in verbs))
    ):
        return MODIFIER  # "the coalition fighting rebels has declared a truce"
    return MAIN_EVENT


ADVERBIAL = lexicon.words("adverbial-conjunctions")
_IRREGULAR_PARTICIPLES = lexicon.words("irregular-participles")


def _after_noun(view: R.View, start: int) -> bool:
    """The word before ``start`` can end a noun phrase (not an auxiliary, pronoun, ...)."""
    if start == 0:
        return False
    prev = view.tokens.lower[start - 1]
    if view.owner[start - 1] >= 0:
        return True
    return prev.isalpha() and not prev.endswith("ly") and prev not in _NOT_NOUN


def _apposition(view: R.View, start: int, verbs: frozenset[int]) -> bool:
    """ "X, a leader charged with war crimes, has surrendered": a comma, then the main verb."""
    later = [t for t in verbs if t > start]
    lower = view.tokens.lower
    opened = "," in lower[max(0, start - 5) : start]
    return opened and bool(later) and "," in lower[start : min(later)]


def _participle(view: R.View, start: int) -> bool:
    """A past participle right after a noun: "a citizen held hostage", "activists arrested"."""
    word = view.tokens.lower[start]
    if not (word.endswith(R.PAST_ENDINGS) or word in _IRREGULAR_PARTICIPLES):
        return False
    return _after_noun(view, start)


CONTROL_WORDS = lexicon.words("control-words")
PURPOSE_WORDS = lexicon.words("purpose-words")


def purpose(view: R.View, draft: Draft) -> bool:
    """ "sent troops to help", "in order to counter": the aim of an event, not an event."""
    start = draft.match.start
    if draft.pattern.cameo.startswith("09"):
        return False  # "sent experts to investigate": sending them is the investigation
    lower = view.tokens.lower
    if start < 2 or lower[start - 1] != "to":
        return False
    before = start - 2
    word = lower[before]
    # "tried to hack", "is ready to talk" are events (the modality module says how real);
    # "sent troops to help", "technology to help circumvent", "in order to" are aims.
    verb = word in CONTROL_WORDS or (word.endswith(("ed", "ing")) and word not in PURPOSE_WORDS)
    return not (verb or _object_control(view, before))


OBJECT_CONTROL = lexicon.words("object-control-verbs")


def _object_control(view: R.View, before: int) -> bool:
    """ "ordered the newspaper to suspend publication": the verb before the object controls
    the infinitive, which is then an event (the modality module says how real), not an aim."""
    tokens = view.tokens
    for i in range(before - 1, max(-1, before - 6), -1):
        word = tokens.lower[i]
        if word in {",", ";", ":", "to"} or view.boundary[i]:
            return False
        lemma = tokens.lemmas[i] if tokens.lemmas[i] != word else lemmatize(word)
        if lemma in OBJECT_CONTROL:
            return True
    return False
