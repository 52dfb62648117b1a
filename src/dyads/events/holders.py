"""Who holds the place an attack falls on, when the sentence names it: "stormed the
ISIS-held town", "targeting the fields under the control of the Islamic State", "captured
Shali, the last town held by the rebels". The codebook (section 6) codes such a place's
holder as the attack's target, not the place's people; an offensive or a capture whose
holder goes unnamed keeps an empty target (1.3). Read by :mod:`dyads.events.resolve`.
"""

from __future__ import annotations

from dyads.events import roles as R
from dyads.events.conventions import unnamed
from dyads.events.coref import CountryContext, is_state_code, scene
from dyads.events.draft import Draft
from dyads.model import Mention, Sentence
from dyads.nlp import lexicon

# "rebel-held", "regime-controlled": the side a hyphenated holder word names, and its sector
HOLDER_REBELS = lexicon.words("holder-rebel-words")
HOLDER_STATE = lexicon.words("holder-state-words")
HOLD_SUFFIXES = ("-held", "-controlled")
HOLD_VERBS = frozenset({"held", "controlled", "occupied"})  # "... held by the rebels"
CONTROL_AFTER = frozenset({"the", "under"})  # "(under) the control of X"
REACH = 30  # tokens after the trigger that may still describe what it falls on
STOPS = frozenset({";", ":"})  # "." ends the sentence, or is the dot of "U.S."
BACKERS = frozenset({"backed", "led", "supported"})
BACKER_ENDINGS = ("-backed", "-led", "-supported")


def holder(countries: CountryContext, view: R.View, draft: Draft, sent: Sentence) -> Mention | None:
    """The holder an attack's clause names for what it falls on, else None."""
    lower, owner = view.tokens.lower, view.owner
    n = len(lower)
    for i in range(draft.match.end, min(n, draft.match.end + REACH)):
        word = lower[i]
        if word in STOPS or (view.reporting and view.reporting[i]):
            return None
        if i in view.trigger_starts and view.trigger_types.get(i) != "ASSAULT":
            return None  # another event's clause ("..., targeting X" goes on with this one)
        if word.endswith(HOLD_SUFFIXES):
            if owner[i] >= 0:
                return view.mentions[owner[i]]  # "ISIS-held"
            side = word.rsplit("-", 1)[0]
            sector = "REB" if side in HOLDER_REBELS else "MIL" if side in HOLDER_STATE else None
            if sector is not None:
                return _unnamed(countries, view, draft, sent, sector, i)
            continue
        found = None
        if word in HOLD_VERBS and i + 1 < n and lower[i + 1] == "by":
            found = _mention_at(view, i + 2)  # "held by the rebels"
        elif word == "control" and lower[i - 1] in CONTROL_AFTER and lower[i + 1 : i + 2] == ["of"]:
            found = _mention_at(view, i + 2)  # "under the control of X"
        elif word in {"under", "from"} and i + 2 < n and owner[i + 1] >= 0:
            m = owner[i + 1]
            k = view.last[m] + 1
            if k < n and lower[k] in {"control", "'s", "’s"}:
                found = m  # "under SDF control", "freed the town from ISIS control"
        if found is not None:
            return view.mentions[found]
    return None


def _mention_at(view: R.View, i: int) -> int | None:
    """The mention at token ``i`` (determiners skipped); past a backer ("the U.S.-backed
    SDF", "the U.S. backed SDF"), the one backed."""
    lower, owner = view.tokens.lower, view.owner
    n = len(lower)
    while i < n and lower[i] in R.DETERMINERS:
        i += 1
    if i >= n or owner[i] < 0:
        return None
    m = owner[i]
    k = view.last[m] + 1
    while k < n and lower[k] in {".", "-"}:
        k += 1
    if k < n and (lower[k] in BACKERS or lower[k].endswith(BACKER_ENDINGS)):
        for j in range(k + 1, min(n, k + 4)):
            if owner[j] >= 0:
                return owner[j]
    return m


def _unnamed(
    countries: CountryContext, view: R.View, draft: Draft, sent: Sentence, sector: str, i: int
) -> Mention:
    """The side a holder word names ("rebel-held"), of the country the sentence sets it
    in: its scene, else the one state the sentence names, else ``---``."""
    where = scene(countries, view, sent, view.tokens.starts[draft.match.start], [])
    codes = {m.actor.code for k, m in enumerate(view.mentions) if not view.reporter(k)}
    states = {c for c in codes if is_state_code(c)}
    code = (
        where.actor.code if where is not None else next(iter(states)) if len(states) == 1 else "---"
    )
    mention = unnamed(view, draft, sent, sector, token=i)
    return countries.with_country(mention, code) if code != "---" else mention
