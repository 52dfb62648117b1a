"""Whose actor is it: a country for country-less actors ("police", "rebels", "President X").

The actor dictionary codes a sector word without a country ("police", "protesters", "troops",
a titled name it does not know) as ``---``. News language leaves the country implicit when it is
clear from the story, and the CAMEO/PLOVER convention codes such an actor with that country:
"Police fired tear gas at protesters in Nairobi" is KEN police against KEN protesters (a
domestic event). :class:`CountryContext` reads the country, in this order of evidence:

1. attached: the actor's own locative or "of" phrase, "rebels in the Ivory Coast", "police
   in Jericho" (an actor mention or a gazetteer place right after it);
2. the scene: the places the sentence names after a locative ("in Kenya", "near Samarra"),
   when they all lie in one country, else the one named right after the actor ("near");
3. the sentence: its sole state (all state mentions, reporters excluded, of one country);
4. the article: its sole state.

Otherwise the actor stays ``---``: two states in play and no locative mean the text does not
say whose police they are. Each inference is recorded in the event's rules as
``country:<how>`` so that ``dyads explain`` shows it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dyads.actors.forms import ATTACK_HEADS
from dyads.events.clauses import View
from dyads.model import Actor, Extraction, Mention, Sentence
from dyads.nlp import lexicon
from dyads.nlp.layers import Layers
from dyads.nlp.places import country_named_at
from dyads.nlp.scene import named_places

# How far after an actor a place may be named to be where the actor acts: a verb and its
# locative ("marched in London", "opened fire on Monday in Kisumu"), not a later clause's
NEAR_CHARS = 40
NON_STATE = frozenset({"IGO", "NGO", "MNC", "ISM", "IMG", "REB", "UAF", "UNK", "---", ""})
ATTACHING = lexicon.words("attaching-prepositions")
CIVIL = lexicon.words("captive-civilian-sectors")  # victims who take no attacker's state


def is_state_code(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code not in NON_STATE


def countryless(mention: Mention) -> bool:
    return not is_state_code(mention.actor.code) and mention.actor.code in {"---", ""}


def _sole(codes: Sequence[str]) -> str | None:
    found = {c for c in codes if is_state_code(c)}
    return found.pop() if len(found) == 1 else None


@dataclass(slots=True)
class CountryContext:
    """Country evidence of one article, computed lazily per sentence."""

    doc: Extraction
    dictionary: Any = None
    layers: Layers | None = None  # the document's layers: its places
    _article: str | None = None
    _article_done: bool = False
    _places: dict[int, list[Any]] = field(default_factory=dict)

    def article_country(self) -> str | None:
        if not self._article_done:
            self._article_done = True
            actors = self.doc.actors
            self._article = _sole([m.actor.code for m in actors if m.actor.kind != "outlet"])
        return self._article

    def places(self, sent: Sentence) -> list[Any]:
        """Places named after a locative in the sentence (the document's place layer)."""
        if sent.index not in self._places:
            hits = self.layers.places(sent.index) if self.layers is not None else ()
            self._places[sent.index] = [hit.place for hit in hits]
        return self._places[sent.index]

    def country_of(self, m: int, view: View, sent: Sentence) -> tuple[str | None, str]:
        """The country mention ``m`` belongs to, and the evidence ("attached", "scene" ...)."""
        lower, owner = view.tokens.lower, view.owner
        n = len(lower)
        i = view.last[m] + 1
        if i < n and lower[i] in ATTACHING:
            j = i + 1
            while j < n and lower[j] in {"the", "a"}:
                j += 1
            if j < n and owner[j] >= 0 and is_state_code(view.mentions[owner[j]].actor.code):
                return view.mentions[owner[j]].actor.code, "attached"
            if j < n:
                start = view.tokens.starts[j]
                for place in self.places(sent):
                    if place.start == start and place.country:
                        return str(place.country), "attached"
                if (origin := self.origin(lower[i], start, sent)) is not None:
                    return origin, "attached"
        owner_code = _possessor(view, m)
        if owner_code is not None:
            return owner_code, "possessor"
        scene = _sole([str(p.country or "") for p in self.places(sent)])
        if scene is not None:
            return scene, "scene"
        near = self.near_place(view, m, sent)
        if near is not None:
            return near, "near"
        codes = [
            mention.actor.code
            for k, mention in enumerate(view.mentions)
            if not view.reporter(k) and mention.actor.kind != "outlet"
        ]
        sole = _sole(codes)
        if sole is not None:
            return sole, "sentence"
        if not any(is_state_code(c) for c in codes):
            article = self.article_country()
            if article is not None:
                return article, "article"
        return None, ""

    def near_place(self, view: View, m: int, sent: Sentence) -> str | None:
        """Where the sentence's places lie in several countries, the country of the one
        named right after the actor, no other actor between ("protesters marched in London
        ..., undeterred by bombings in Istanbul": British protesters)."""
        end = view.mentions[m].end
        for place in self.places(sent):
            if place.start < end:
                continue
            if place.start - end > NEAR_CHARS or not place.country:
                return None
            if any(end <= x.start < place.start for x in view.mentions):
                return None
            return str(place.country)
        return None

    def origin(self, prep: str, start: int, sent: Sentence) -> str | None:
        """ "a shopkeeper from Hebron": the country of a place named at ``start`` after
        "from", where the actor is from (codebook 1.4)."""
        layers = self.layers
        if prep != "from" or layers is None or layers.gazetteer is None:
            return None
        return country_named_at(layers.text, start, sent.end, layers.gazetteer)

    def with_country(self, mention: Mention, code: str) -> Mention:
        """The mention, its actor now the state ``code`` in the actor's own sector."""
        actor = mention.actor
        entry = self.dictionary.get(code) if self.dictionary is not None else None
        if entry is not None:
            state = entry.actor
            new = Actor(
                id=state.id,
                code=state.code,
                name=state.name,
                sector=actor.sector,
                wikidata=state.wikidata,
                kind=state.kind,
                country=state.country or state.code,
            )
        else:
            new = Actor(id=code, code=code, name=code, sector=actor.sector, country=code)
        return Mention(new, mention.start, mention.end, mention.sentence)


def _possessor(view: View, m: int) -> str | None:
    """ "Russia said its troops attacked": "its" or "their" before a state's armed or civil
    servants is the state named last before (not "its inhabitants": a town's, codebook 1.2)."""
    first = view.first[m]
    if first == 0 or view.tokens.lower[first - 1] not in {"its", "their"}:
        return None
    if view.mentions[m].actor.sector in {None, "CVL"}:
        return None
    before = [x for x in range(m) if is_state_code(view.mentions[x].actor.code)]
    return view.mentions[before[-1]].actor.code if before else None


# Where an attack, a crackdown or a protest happens is what it is done to: "shelled Juba",
# "imposed a curfew in Cizre", "a bomb in Tel Aviv killed ...". A visit is made to its host:
# "arrived in Amman". Cooperative types otherwise take a place as target only when the text
# names it as the recipient, which the object rules already find.
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
# CAMEO also codes a deployment or patrol at home against the place; the codebook does not
# ("police patrolled the streets of Karachi": no target).
CAMEO_PLACE_TARGET_TYPES = PLACE_TARGET_TYPES | {"MOBILIZE"}
SCENE_SOURCE_TYPES = frozenset({"MOBILIZE"})  # "troops patrolled Tbilisi": Georgian troops
SCENE_VICTIM_TYPES = frozenset({"ASSAULT"})
HOST_TYPES = frozenset({"CONSULT"})


def scene(
    context: CountryContext,
    view: View,
    sent: Sentence,
    trigger_start: int,
    taken: Sequence[Mention],
) -> Mention | None:
    """The place the sentence sets the event in, as a state actor: the first place named
    after a locative from the trigger on, else the first before it; never the reporter's."""
    spans = [(m.start, m.end) for m in taken]
    starts = view.tokens.starts
    candidates = []
    for place in context.places(sent):
        if not place.country or any(a < place.end and place.start < b for a, b in spans):
            continue
        k = bisect_left(starts, place.start)
        if k < len(starts) and view.reporting and view.reporting[k]:
            continue  # "..., police in Nairobi said": the reporter's place
        candidates.append(place)
    if not candidates:
        return None
    after = [p for p in candidates if p.start >= trigger_start]
    place = (after or candidates)[0]
    country = str(place.country)
    for mention in view.mentions:
        if mention.start <= place.start < mention.end and mention.actor.code == country:
            return mention  # "blockade Paris": the capital is already an actor mention
    base = Mention(
        Actor(id=country, code="---", name=str(place.name), kind="sector"),
        place.start,
        place.end,
        sent.index,
    )
    return context.with_country(base, country)


def named_home(view: View, source: Sequence[Mention]) -> Mention | None:
    """Where the sentence names no scene after a locative, the one state it names that is
    not the attacker's ("Chadian soldiers opened fire on civilians in the Central African
    Republic capital"): the country of an attack's unnamed victims (codebook 1.4)."""
    if any(countryless(m) and m.actor.sector not in STATELESS_SECTORS for m in source):
        return None  # "soldiers shot two men ... from Israel": the state is the soldiers'
    own = {m.actor.code for m in source}
    found = [
        m
        for k, m in enumerate(view.mentions)
        if not view.reporter(k) and is_state_code(m.actor.code) and m.actor.code not in own
    ]
    return found[0] if len({m.actor.code for m in found}) == 1 else None


def place_target(
    context: CountryContext,
    view: View,
    sent: Sentence,
    event_type: str,
    trigger_start: int,
    source: Sequence[Mention],
    *,
    cameo: bool = False,
    trigger_end: int | None = None,
) -> Mention | None:
    """The state where an event with no target took place, as its target (see above)."""
    host = event_type in HOST_TYPES and len(source) == 1
    if event_type not in (CAMEO_PLACE_TARGET_TYPES if cameo else PLACE_TARGET_TYPES) and not host:
        return None
    where = scene(context, view, sent, trigger_start, source)
    if where is None and not host and trigger_end is not None:
        where = object_place(context, view, sent, trigger_end, source)
    if where is None or (host and any(m.actor.code == where.actor.code for m in source)):
        return None  # a meeting at home has no host to visit
    return where


_OBJECT_LEAD = lexicon.regex("object-place-lead")


def object_place(
    context: CountryContext, view: View, sent: Sentence, end: int, source: Sequence[Mention]
) -> Mention | None:
    """ "shelled Aleppo", "bombed the town of Humera": a place the gazetteer knows as the
    trigger's direct object is what the attack hit (codebook 6: its people are the target)."""
    layers = context.layers
    if layers is None or layers.gazetteer is None:
        return None
    text = layers.text
    for place in named_places(layers.gazetteer, text, end, min(sent.end, end + 50))[:1]:
        lead = _OBJECT_LEAD.fullmatch(text, end, place.start)
        if lead is None or not place.country or any(m.start == place.start for m in source):
            return None
        base = Actor(id=str(place.country), code="---", name=str(place.name), kind="sector")
        return context.with_country(Mention(base, place.start, place.end, sent.index),
                                    str(place.country))  # fmt: skip
    return None


# A protest whose protesters the text does not name as an actor comes from the place it is
# held ("thousands rallied in Hong Kong against ..."). An attack whose attacker the text does
# not name ("a roadside bomb near Samarra killed two soldiers") has no source: the codebook
# (section 6: a place is never an actor; 1.3, 1.4) departs here from the CAMEO convention,
# which codes the state where it happened.
PLACE_SOURCE_TYPES = frozenset({"PROTEST"})
CAMEO_PLACE_SOURCE_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "ACCUSE"})


def place_source(
    context: CountryContext,
    view: View,
    sent: Sentence,
    event_type: str,
    trigger_start: int,
    target: Sequence[Mention],
    *,
    cameo: bool = False,
) -> Mention | None:
    if event_type not in (CAMEO_PLACE_SOURCE_TYPES if cameo else PLACE_SOURCE_TYPES):
        return None
    return scene(context, view, sent, trigger_start, target)


def as_sector(mention: Mention, sector: str) -> Mention:
    """The mention with its actor in ``sector`` (a scene's people: CVL; its protesters: OPP)."""
    actor = mention.actor
    if actor.sector == sector:
        return mention
    new = Actor(
        id=actor.id, code=actor.code, name=actor.name, sector=sector,
        wikidata=actor.wikidata, kind=actor.kind, country=actor.country,
    )  # fmt: skip
    return Mention(new, mention.start, mention.end, mention.sentence)


# Unidentified armed men take no country from the scene, the sentence or the article: "gunmen
# killed five villagers near Kandahar" is ``---`` UAF against AFG civilians (codebook 1.4).
# Rebels and militants do: the annotators code the story's insurgents with its country.
STATELESS_SECTORS = frozenset({"UAF"})
STATELESS_SIDES = tuple(sorted(lexicon.words("stateless-sides")))


def fill_countries(
    context: CountryContext,
    view: View,
    sent: Sentence,
    roles: Sequence[list[Mention]],
    rules: list[str],
    *,
    stateless: frozenset[str] = STATELESS_SECTORS,
    harm: bool = False,
) -> None:
    """Give each country-less mention of ``roles`` (source and target lists, changed in
    place) the country its context names. The civilian victims of an attack (``harm``)
    never take the attackers' own country from the sentence alone ("civilians were killed
    in a Russian air strike": ``---``, codebook 6 and 1.4)."""
    index: dict[int, int] | None = None  # built only when a mention needs a country
    attackers = {m.actor.code for m in roles[0]} if harm and roles else set()
    for side, group in enumerate(roles):
        for pos, mention in enumerate(group):
            if not countryless(mention):
                continue
            if index is None:
                index = {id(m): k for k, m in enumerate(view.mentions)}
            k = index.get(id(mention))
            if k is None:
                continue
            code, how = context.country_of(k, view, sent)
            if how != "attached" and (mention.actor.sector in stateless or _side_word(view, k)):
                continue  # the place is not the gunmen's side, nor the "militant attacks"
            if side and how == "sentence" and code in attackers and mention.actor.sector in CIVIL:
                continue
            if code is not None:
                group[pos] = context.with_country(mention, code)
                rules.append(f"country:{how}")


def _side_word(view: View, k: int) -> bool:
    """Mention ``k`` is one side's adjective before an attack noun ("terrorist attacks in
    Homs") or an unnamed "terrorists" or "guerrillas": ``---`` with that sector, whatever the
    place (codebook 1.3; the dev annotators give "rebels" the scene's country, these not)."""
    last = view.last[k]
    lower = view.tokens.lower
    mention = view.mentions[k]
    if mention.actor.kind == "sector" and (mention.text or "").lower().endswith(STATELESS_SIDES):
        return True  # "terrorists shelled ... in Damascus": no side the place names
    return view.first[k] == last and last + 1 < len(lower) and lower[last + 1] in ATTACK_HEADS
