"""The stages every extractor may share once it has candidates: the tail of ``rules/1``.

A proposer (the rule stages, a learned classifier, an LLM, a hand-written table) only says
which events a sentence holds: type, trigger span, source and target mentions. These
stages do the rest, the same way for all of them:

- ``modality/1`` (:mod:`dyads.events.mood`): hedged, negated, hypothetical, from the cue
  words around the trigger (:mod:`dyads.events.modality`);
- ``event-type/1``: CAMEO's rules for what is only announced, demanded or absorbed ("will
  give aid" is an intent to aid, AGREE 0331; :mod:`dyads.events.recode`);
- ``claims/1``: quoted or not, and who claims it (the speaker of the quote or of the
  reported speech that holds the trigger);
- ``when-where/1``: the date expression nearest the trigger (else the publication date)
  and the place: the locative of its clause, else the sentence's, the capital's, the
  dateline's or the article's place (:mod:`dyads.nlp.scene`);
- ``assemble/1``: codebook look-up (CAMEO, quad class, Goldstein, mode, contexts),
  confidence, id and provenance; one event per sentence, type and dyad.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from typing import Any

from dyads.events import recode
from dyads.events.candidate import Candidate, SentenceWork
from dyads.events.codebook import Codebook, default_codebook
from dyads.model import Event, Mention, Place
from dyads.nlp import lexicon
from dyads.nlp import quotes as Q
from dyads.nlp.dates import DateMatch, parse_published
from dyads.nlp.layers import Layers
from dyads.nlp.places import PlaceHit, event_location
from dyads.nlp.scene import fallback_place
from dyads.nlp.spanindex import first_covering, overlapping


@cache
def context_words() -> dict[str, tuple[str, ...]]:
    """Lemma -> contexts it signals, from ``data/lexicon/contexts.yaml``."""
    table: dict[str, list[str]] = lexicon.table("contexts.yaml")
    words: dict[str, list[str]] = {}
    for context, lemmas in table.items():
        for lemma in lemmas:
            words.setdefault(str(lemma).lower(), []).append(context)
    return {w: tuple(c) for w, c in words.items()}


def speaker_mentions(
    layers: Layers, actors: Sequence[Mention], position: int, fallback: Sequence[Mention] = ()
) -> list[Mention]:
    """The actor who says the words at ``position``: the quote's or reported speech's
    speaker as an actor mention; ``fallback`` when the speaker is no known actor."""
    attribution = Q.speaker_for(position, layers.quotes, layers.attributions)
    if attribution is None:
        return []
    s_start, s_end = attribution.speaker_start, attribution.speaker_end
    near = overlapping(actors, s_start, s_end)  # indexed: no scan of every mention per event
    found = [m for m in near if m.actor.kind != "outlet"]
    return found[:1] if found else list(fallback)


def nearest_date(
    dates: Sequence[DateMatch], published: str | None, near: int
) -> tuple[str | None, str]:
    """The date expression nearest the trigger, else the publication date."""
    if dates:
        best = min(dates, key=lambda d: min(abs(d.start - near), abs(d.end - near)))
        return best.date, best.precision
    pub, precision = parse_published(published)
    return (pub.isoformat(), precision) if pub is not None else (None, "unknown")


class EventTypeStage:
    """The type and CAMEO code an event keeps once intent, demand and absorption are read."""

    name = "event-type/1"
    requires = ("candidates", "modality")
    assigns = ("type",)

    def __init__(self, *, conventions: str = "codebook", **_options: Any) -> None:
        # CAMEO (and the PLOVER GSR) read every announced act as its intent ("will send
        # aid": AGREE); the codebook only an act its own source announces (section 3).
        self.cameo = conventions == "cameo"

    def __call__(self, work: SentenceWork) -> None:
        for cand in work.candidates:
            settle_type(cand, stated=self.cameo or _stated(work, cand))
            if cand.type == "PROTEST" and _rally_for(work, cand):
                # "marched in support of Kibaki": a rally for someone is SUPPORT (codebook 1.3)
                cand.type, cand.cameo, cand.mode = "SUPPORT", "051", None
                cand.trace.append("rally-for")


RALLY_FOR = lexicon.words("rally-for")


def _rally_for(work: SentenceWork, cand: Candidate) -> bool:
    """The protest's clause says it is for someone: "in support of", "in solidarity with"."""
    tokens = work.layers.tokens(work.sentence.index)
    floor, ceiling = cand.clause or (0, len(tokens.lower))
    words = tokens.lower[floor:ceiling]
    return any(" ".join(words[i : i + 3]) in RALLY_FOR for i in range(len(words)))


def _stated(work: SentenceWork, cand: Candidate) -> bool:
    """Whether the event's own source says it: "Iran said it would retaliate" (a stated
    intent, THREATEN), against "Iranian forces will attack at dawn, sources said" (a plan
    reported by others: ASSAULT, hypothetical)."""
    if not cand.hypothetical or not cand.source:
        return False
    speakers = speaker_mentions(work.layers, work.doc.actors, cand.trigger.start)
    # The same state speaks through its president, ministry or embassy: compare codes.
    codes = {m.actor.code for m in cand.source} - {"---", ""}
    return any(m.actor.code in codes for m in speakers)


ARMED_SECTORS = frozenset(lexicon.words("armed-group-sectors"))
ARMED_CODES = frozenset(lexicon.words("armed-group-codes"))
CAPTIVE_CIVILIANS = frozenset(lexicon.words("captive-civilian-sectors"))


def armed_group(mention: Mention) -> bool:
    """A non-state armed actor: rebels, militants, an irregular or transnational group."""
    actor = mention.actor
    return actor.sector in ARMED_SECTORS or actor.code in ARMED_CODES


def _by_armed_group(cand: Candidate) -> bool:
    """Armed groups did it: every source is one, or no source is named and the people
    taken are civilians ("two aid workers were captured in Fallujah": a kidnapping;
    "militants were captured" stays an arrest)."""
    if cand.source:
        return all(armed_group(m) for m in cand.source)
    return bool(cand.target) and all(m.actor.sector in CAPTIVE_CIVILIANS for m in cand.target)


def settle_type(cand: Candidate, *, stated: bool = True) -> None:
    proposed = cand.type
    event_type, cameo = cand.type, cand.cameo or ""
    comp = cand.complement
    if cand.by_armed_group and _by_armed_group(cand):
        code = default_codebook().cameo(cand.by_armed_group)  # "Hezbollah captured soldiers"
        event_type, cameo = code.plover_type or event_type, code.code
        cand.trace.append("armed-group")
    if cand.demand:  # "X said Y must withdraw": X demands of Y what Y must do
        of_type, of_cameo = (comp.type, comp.cameo) if comp is not None else (event_type, cameo)
        event_type, cameo = recode.governed("REQUEST", "100", of_cameo, of_type)
        cand.hypothetical = False
    elif comp is not None:
        event_type, cameo = recode.governed(event_type, cameo, comp.cameo, comp.type)
        cand.trace.append(f"absorbs:{comp.pattern}")
    elif (
        (cand.hypothetical and (stated or cand.conditional))
        or (cand.negated and event_type == "AGREE")
    ) and not (cand.denial or cand.negated_by_governor):
        # "failed to reach agreement", "will withdraw ... unless", "said it would send aid":
        # a refusal, a threat, a promise; a plan others report keeps its type, hypothetical
        # ("the troops will storm the town": ASSAULT; codebook 3).
        recoded = recode.announced(
            event_type, cameo, negated=cand.negated, conditional=cand.conditional
        )
        if recoded is not None:
            event_type, cameo = recoded
            cand.trace.append("announced")
            cand.hypothetical = cand.negated = False  # the intent, threat or refusal happened
    cand.type, cand.cameo = event_type, cameo
    if event_type != proposed:
        cand.mode = None  # the proposer's mode was a mode of the type it proposed


class ClaimsStage:
    name = "claims/1"
    requires = ("candidates", "layers.quotes", "layers.attributions")
    assigns = ("claims",)

    def __init__(self, **_options: Any) -> None:
        pass

    def __call__(self, work: SentenceWork) -> None:
        layers, actors = work.layers, work.doc.actors
        for cand in work.candidates:
            at = cand.trigger.start
            cand.quoted = first_covering(layers.quotes, at) is not None  # indexed
            if cand.claimed_by is None:
                speaker = speaker_mentions(layers, actors, at, cand.speakers)
                cand.claimed_by = speaker[0] if speaker else None


class WhenWhereStage:
    name = "when-where/1"
    requires = ("candidates", "layers.dates", "layers.places")
    assigns = ("when", "where")

    def __init__(self, **_options: Any) -> None:
        pass

    def __call__(self, work: SentenceWork) -> None:
        if not work.candidates:
            return
        layers, sent = work.layers, work.sentence
        dates = layers.dates(sent.index)
        hits = layers.places(sent.index)
        for cand in work.candidates:
            cand.date, cand.date_precision = nearest_date(
                dates, layers.published, cand.trigger.start
            )
            cand.location = self._where(work, cand, hits)

    @staticmethod
    def _where(work: SentenceWork, cand: Candidate, hits: Sequence[PlaceHit]) -> Place | None:
        """The locative attached to the trigger, else the sentence's or the article's place
        (:func:`dyads.nlp.scene.fallback_place`); ``resolved_by`` says which."""
        layers, sent, trigger = work.layers, work.sentence, cand.trigger
        if hits:
            spans = [(m.start, m.end) for m in (*cand.source, *cand.target)]
            place = event_location(
                layers.text, sent.start, sent.end, trigger.start, trigger.end, spans,
                gazetteer=layers.gazetteer, mentions=work.mentions, hits=hits,
            )  # fmt: skip
            if place is not None:
                return place.resolved("locative")
        scene = layers.scene
        if scene is None:
            return None  # no gazetteer: places are optional
        return fallback_place(
            scene, sent.index, (trigger.start, trigger.end), hits,
            targets=cand.target,
            mentions=work.mentions, article_mentions=work.doc.actors,
        )  # fmt: skip


class AssembleStage:
    """Candidates become :class:`~dyads.model.Event` records."""

    name = "assemble/1"
    requires = ("candidates", "type", "modality", "claims", "when", "where")
    assigns = ("events",)

    def __init__(self, *, codebook: Codebook | None = None, **_options: Any) -> None:
        self.codebook = codebook or default_codebook()
        self.contexts = context_words()

    def __call__(self, work: SentenceWork) -> None:
        if not work.candidates:
            return
        tokens = work.layers.tokens(work.sentence.index)
        words = self.contexts
        sentence_contexts = [(i, words[w]) for i, w in enumerate(tokens.lemmas) if w in words]
        found: dict[tuple[str, ...], Event] = {}
        for cand in work.candidates:
            event = self._event(work, cand, sentence_contexts)
            key = (
                event.type,
                ",".join(sorted(m.actor.id for m in event.source)),
                ",".join(sorted(m.actor.id for m in event.target)),
            )
            # One sentence, one dyad, one type: "send humanitarian aid" is one event.
            kept = found.get(key)
            if kept is None or len(event.cameo) > len(kept.cameo):
                found[key] = event
        work.events = sorted(_subsume(list(found.values())), key=lambda e: e.trigger.start)

    def _event(
        self, work: SentenceWork, cand: Candidate, contexts_at: list[tuple[int, tuple[str, ...]]]
    ) -> Event:
        codebook, doc = self.codebook, work.doc
        cameo = cand.cameo or ""
        if not codebook.has_code(cameo):
            cameo = codebook.plover(cand.type).cameo
        code = codebook.cameo(cameo)
        contexts = list(cand.context)
        for c in code.context:
            if c not in contexts:
                contexts.append(c)
        floor, ceiling = cand.clause or (0, len(work.layers.tokens(work.sentence.index)))
        for i, found in contexts_at:
            if floor <= i < ceiling:
                for c in found:
                    if c not in contexts:
                        contexts.append(c)
        source, target, trigger = cand.source, cand.target, cand.trigger
        starts = work.layers.tokens(work.sentence.index).starts
        words = bisect_left(starts, trigger.end) - bisect_left(starts, trigger.start)
        confidence = 0.4 + (0.2 if source else 0) + (0.2 if target else 0)
        confidence += 0.1 if words > 1 else 0
        confidence -= (0.1 if cand.resolved else 0) + (0.1 if cand.hedged else 0)
        confidence += cand.prominence
        name = work.article.extractor
        key = "|".join(
            [
                doc.article.id, cand.type, str(trigger.start), str(trigger.end),
                ",".join(m.actor.id for m in source), ",".join(m.actor.id for m in target),
                name,
            ]
        )  # fmt: skip
        return Event(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            article_id=doc.article.id,
            type=cand.type,
            cameo=code.code,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            trigger=trigger,
            sentence=work.sentence,
            source=tuple(source),
            target=tuple(target),
            mode=cand.mode or code.mode,
            context=tuple(contexts),
            claimed_by=cand.claimed_by,
            reported_by=doc.reported_by,
            quoted=cand.quoted,
            hedged=cand.hedged,
            negated=cand.negated,
            hypothetical=cand.hypothetical and not cand.negated,
            date=cand.date,
            date_precision=cand.date_precision,
            location=cand.location,
            extractor=name,
            confidence=round(min(0.99, max(0.05, confidence)), 2),
            pattern=cand.pattern,
            rules=tuple(cand.trace),
        )


def _ids(mentions: Sequence[Mention]) -> frozenset[str]:
    return frozenset(m.actor.id for m in mentions)


def _subsume(events: list[Event]) -> list[Event]:
    """Drop an event that a fuller one of the same sentence and type already says: "X
    attacked" beside "X attacked Y" (one role empty, the other the same)."""

    def covers(f: Event, e: Event) -> bool:
        if f is e or f.type != e.type:
            return False
        if not e.target and f.target and _ids(f.source) == _ids(e.source):
            return True
        return not e.source and bool(f.source) and _ids(f.target) == _ids(e.target)

    return [e for e in events if not any(covers(f, e) for f in events)]
