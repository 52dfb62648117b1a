"""The default extractor, ``rules/1``: PLOVER events from trigger patterns and clause roles.

Per article: sentences with a trigger are tokenised and coded (:mod:`dyads.events.engine`);
pronouns, "the ministers" and "the statement" are resolved to the article's most recent
acting actor; then each draft becomes an :class:`~dyads.model.Event` with its claim (the
speaker of the enclosing quote or reported speech), outlet chain, modality, date and place.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.events import adapters, recode
from dyads.events import roles as R
from dyads.events.codebook import Codebook, default_codebook
from dyads.events.coref import (
    CountryContext,
    bare_self,
    condition_target,
    domestic_target,
    fill_countries,
    place_source,
    place_target,
)
from dyads.events.engine import Draft, code_sentence
from dyads.events.patterns import PatternSet, load_patterns
from dyads.model import RECIPROCAL_TYPES, Event, Extraction, Mention, Sentence, Span
from dyads.nlp import yamlfast
from dyads.nlp.spanindex import overlapping
from dyads.nlp.tokens import tokenize

NAME = "rules/1"


@cache
def context_words() -> dict[str, tuple[str, ...]]:
    """Lemma -> contexts it signals, from ``data/lexicon/contexts.yaml``."""
    raw = resources.files("dyads.data.lexicon").joinpath("contexts.yaml")
    table: dict[str, list[str]] = yamlfast.safe_load(raw.read_text(encoding="utf-8"))
    words: dict[str, list[str]] = {}
    for context, lemmas in table.items():
        for lemma in lemmas:
            words.setdefault(str(lemma).lower(), []).append(context)
    return {w: tuple(c) for w, c in words.items()}


@dataclass(slots=True)
class _Article:
    """What coding one article remembers between sentences."""

    doc: Extraction
    recent: list[Mention] = field(default_factory=list)  # the last event's sources
    dates_of: int = -1  # the sentence whose date expressions ``dates`` holds
    dates: list[Any] = field(default_factory=list)
    contexts_of: int = -1  # the sentence whose context words ``contexts`` holds
    contexts: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    countries: CountryContext | None = None
    _quotes: Any = None
    _attributions: Any = None

    def quotes(self) -> Any:
        if self._quotes is None:
            self._quotes, self._attributions = adapters.quotes_of(self.doc)
        return self._quotes

    def attributions(self) -> Any:
        self.quotes()
        return self._attributions


class RulesExtractor:
    """``rules/1``: codes PLOVER events from the data patterns; no model, no download."""

    name = NAME

    def __init__(
        self,
        *,
        dictionary: Any = None,
        pattern_files: Sequence[str | Path] = (),
        codebook: Codebook | None = None,
    ) -> None:
        self.dictionary = dictionary
        self.codebook = codebook or default_codebook()
        self.patterns = PatternSet(load_patterns([Path(p) for p in pattern_files]))
        self.lemmatizer = self.patterns.lemmatizer
        self.contexts = context_words()
        self.gazetteer = adapters.gazetteer()

    # -- the article -----------------------------------------------------------------------

    def __call__(self, doc: Extraction) -> list[Event]:
        text = doc.text
        by_sentence: dict[int, list[Mention]] = {}
        for mention in doc.actors:
            if mention.actor.kind != "outlet":
                by_sentence.setdefault(mention.sentence, []).append(mention)
        state = _Article(doc, countries=CountryContext(doc, self.dictionary, self.gazetteer))
        events: list[Event] = []
        seen: set[str] = set()
        for sent in doc.sentences:
            tokens = tokenize(text, sent.start, sent.end, lemmatizer=self.lemmatizer)
            mentions = by_sentence.get(sent.index, [])
            view = R.make_view(tokens, mentions, text)
            drafts = code_sentence(self.patterns, tokens, view)
            if not drafts:
                continue
            found: dict[tuple[str, ...], Event] = {}
            for draft in drafts:
                for event in self._events(draft, view, sent, state):
                    key = (
                        event.type,
                        ",".join(sorted(m.actor.id for m in event.source)),
                        ",".join(sorted(m.actor.id for m in event.target)),
                    )
                    # One sentence, one dyad, one type: "send humanitarian aid" is one event.
                    kept = found.get(key)
                    if kept is None or len(event.cameo) > len(kept.cameo):
                        found[key] = event
            for event in sorted(_subsume(list(found.values())), key=lambda e: e.trigger.start):
                if event.id not in seen:
                    seen.add(event.id)
                    events.append(event)
        return events

    # -- one draft -------------------------------------------------------------------------

    def _resolve(self, token: int, view: R.View, sent: Sentence, state: _Article) -> list[Mention]:
        """The actors a pronoun or stand-in ("they", "the statement") at ``token`` means."""
        word = view.tokens.lower[token]
        start = view.tokens.starts[token]
        if word in R.FIRST_PERSON or word in {"statement", "communique", "communiqué"}:
            speaker = self._speaker(start, sent, state)
            if speaker:
                return speaker
        if word in {"it", "its", "he", "his", "she", "her"}:
            before = [m for m in view.mentions if m.end <= start]
            if before and token - view.last[view.mentions.index(before[-1])] < 25:
                return [before[-1]]
        if state.recent:
            return list(state.recent)
        before = [m for m in view.mentions if m.end <= start]
        return before[-1:]

    def _speaker(self, position: int, sent: Sentence, state: _Article) -> list[Mention]:
        """The actor who says the words at ``position`` (quote speaker or reporter)."""
        attribution = adapters.speaker_for(position, state.quotes(), state.attributions())
        if attribution is None:
            return []
        s_start, s_end = attribution.speaker_start, attribution.speaker_end
        near = overlapping(state.doc.actors, s_start, s_end)  # indexed: no scan per event
        found = [m for m in near if m.actor.kind != "outlet"]
        if found:
            return found[:1]
        return list(state.recent)

    def _events(self, draft: Draft, view: R.View, sent: Sentence, state: _Article) -> list[Event]:
        roles = draft.roles
        source = [view.mentions[m] for m in draft.source]
        target = [view.mentions[m] for m in draft.target]
        rules = list(roles.rules)
        if not source and roles.relative is not None:
            source = [view.mentions[m] for m in R.antecedent(view, roles.relative)]
        if "shared-subject" in rules or (not source and _continues(view, draft, roles)):
            shared = _previous_subject(view, draft)
            if shared:  # "X shelled Y, killing 20": X, the previous clause's actor, kills
                source = [view.mentions[m] for m in shared]
        resolved = False
        if roles.pronoun is not None and not (source if "reverse" not in rules else target):
            found = self._resolve(roles.pronoun, view, sent, state)
            if "reverse" in rules:
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
        if len(source) > 1 and "nearest-after" in rules:
            target = []  # "X and Y agreed ..., an official said": no counterpart named
        if len({s.actor.code for s in source}) > 1 and target:
            codes = {s.actor.code for s in source}
            if all(m.actor.code in codes for m in target):
                target = []  # "X and Y agreed on a pact between the two": each other, no third
        pattern = draft.pattern
        if not target and source and state.countries is not None:
            start = view.tokens.starts[draft.match.start]
            where = place_target(state.countries, view, sent, pattern.type, start, source)
            if where is not None:
                target = [where]
                rules.append("place-target")
        if not target and source and pattern.type == "THREATEN":
            addressee = [view.mentions[m] for m in condition_target(view, draft.match.start)]
            target = [m for m in addressee if m.actor.id not in {s.actor.id for s in source}]
            rules.extend(["condition-target"] if target else [])
        if not target and source:
            people = domestic_target(view, pattern.type, source)
            if people is not None:
                target = [people]
                rules.append("domestic-target")
        if not source and target and state.countries is not None:
            start = view.tokens.starts[draft.match.start]
            where = place_source(state.countries, view, sent, pattern.type, start, target)
            if where is not None:
                source = [where]
                rules.append("place-source")
        if pattern.type == "PROTEST" and bool(source) != bool(target):
            # Protest at home: the protesters' country is the one protested against.
            source, target = source or target, target or source
            rules.append("domestic")
        if not source and not (target and (draft.verbal or pattern.source_optional)):
            return []
        if source and draft.verbal and draft.governor is None and "reverse" not in rules:
            state.recent = source  # the main clause's actor: what "they" will most likely mean
        if state.countries is not None:
            fill_countries(state.countries, view, sent, (source, target), rules)
        if "nearest-after" in rules and bare_self(source, target, pattern.type, state.doc.text):
            target = []  # "demanded elections in Greece": a place named, not a counterpart
        trigger = Span(view.tokens.starts[draft.match.start], view.tokens.ends[draft.match.end - 1])
        pairs: list[tuple[list[Mention], list[Mention]]] = [(source, target)]
        if (pattern.reciprocal or pattern.type in RECIPROCAL_TYPES) and len(target) > 1:
            pairs = [(source, [t]) for t in target]  # one event per counterpart
        return [
            self._event(draft, view, sent, state, s, t, trigger, rules, resolved) for s, t in pairs
        ]

    def _event(
        self,
        draft: Draft,
        view: R.View,
        sent: Sentence,
        state: _Article,
        source: list[Mention],
        target: list[Mention],
        trigger: Span,
        rules: list[str],
        resolved: bool,
    ) -> Event:
        doc, pattern = state.doc, draft.pattern
        text = doc.text
        mood = adapters.modality_of(text, sent, trigger, verbal=draft.verbal)
        hedged = mood.hedged
        negated = mood.negated or pattern.negated or "negated" in draft.flags
        hypothetical = mood.hypothetical or pattern.hypothetical
        event_type, cameo = pattern.type, pattern.cameo
        rules = list(rules)
        if draft.demander:
            comp_of = draft.complement.pattern if draft.complement is not None else pattern
            event_type, cameo = recode.governed("REQUEST", "100", comp_of.cameo, comp_of.type)
            hypothetical = False
        elif draft.complement is not None:
            comp = draft.complement.pattern
            event_type, cameo = recode.governed(event_type, cameo, comp.cameo, comp.type)
            rules.append(f"absorbs:{comp.id}")
        elif (hypothetical or (negated and event_type == "AGREE")) and not (
            mood.denial or "negated" in draft.flags
        ):  # "failed to reach agreement", "will withdraw ... unless": a refusal, a threat
            recoded = recode.announced(
                event_type, cameo, negated=negated, conditional=R.conditional(view, draft.match)
            )
            if recoded is not None:
                event_type, cameo = recoded
                rules.append("announced")
                hypothetical = negated = False  # the intent, threat or refusal did happen
        if not self.codebook.has_code(cameo):
            cameo = self.codebook.plover(event_type).cameo
        code = self.codebook.cameo(cameo)
        quoted = adapters.inside_quote(trigger.start, state.quotes())
        claimed: Mention | None = None
        gov = draft.governor
        if gov is not None and gov.pattern.type in {"ACCUSE", "REJECT"} and gov.source:
            claimed = view.mentions[gov.source[0]]
        if claimed is None:
            speaker = self._speaker(trigger.start, sent, state)
            claimed = speaker[0] if speaker else None
        contexts = list(pattern.context)
        for c in code.context:
            if c not in contexts:
                contexts.append(c)
        floor, ceiling = R.segment(view, draft.match.start)
        if state.contexts_of != sent.index:  # context words of the sentence, found once
            lemmas, words = view.tokens.lemmas, self.contexts
            state.contexts_of = sent.index
            state.contexts = [(i, words[w]) for i, w in enumerate(lemmas) if w in words]
        for i, found in state.contexts:
            if floor <= i < ceiling:
                for c in found:
                    if c not in contexts:
                        contexts.append(c)
        published = doc.article.published
        if state.dates_of != sent.index:
            state.dates_of, state.dates = sent.index, adapters.sentence_dates(text, sent, published)
        date, precision = adapters.event_date(state.dates, published, trigger.start)
        location = adapters.event_location(
            self.gazetteer, doc, sent, trigger, (*source, *target), view.mentions
        )
        confidence = 0.4 + (0.2 if source else 0) + (0.2 if target else 0)
        confidence += 0.1 if draft.match.end - draft.match.start > 1 else 0
        confidence -= (0.1 if resolved else 0) + (0.1 if hedged else 0)
        confidence += draft.prominence  # the sentence's main event first (engine/salience)
        key = "|".join(
            [
                doc.article.id, event_type, str(trigger.start), str(trigger.end),
                ",".join(m.actor.id for m in source), ",".join(m.actor.id for m in target),
                NAME,
            ]
        )  # fmt: skip
        return Event(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            article_id=doc.article.id,
            type=event_type,
            cameo=code.code,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            trigger=trigger,
            sentence=sent,
            source=tuple(source),
            target=tuple(target),
            mode=(pattern.mode if event_type == pattern.type else None) or code.mode,
            context=tuple(contexts),
            claimed_by=claimed,
            reported_by=doc.reported_by,
            quoted=quoted,
            hedged=hedged,
            negated=negated,
            hypothetical=hypothetical and not negated,
            date=date,
            date_precision=precision,
            location=location,
            extractor=NAME,
            confidence=round(min(0.99, max(0.05, confidence)), 2),
            pattern=pattern.id,
            rules=tuple(rules),
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


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.actor.id not in seen and m.actor.kind != "outlet":
            seen.add(m.actor.id)
            out.append(m)
    return out


def sentence_of(sentences: Sequence[Sentence], position: int) -> int:
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, position) - 1)
