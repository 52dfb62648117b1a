"""``types/1``: re-ranks the types a rule event's trigger allows, with a learned scorer.

A trigger word often stands in patterns of several types ("seize" a town or a cargo, "strike"
a deal or a city); the rules pick one by their pattern's order and conditions. This stage
scores every type the trigger's words allow (:class:`TypeIndex`: the packaged patterns that
hold one of the trigger's words or lemmas) with a multinomial logistic regression over the
gate's features (:mod:`dyads.events.gate_features`, folded into ``2**TYPE_BITS`` buckets),
and retypes the event where another allowed type beats the rules' own by the margin chosen
by cross-validation. A retyped event takes the CAMEO code and mode of the first pattern of
its new type that holds the trigger's word. The weights travel in the gate's model file
(``data/models/gate.npz``; trained by `dyads train`, :mod:`dyads.eval.learn_types`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from dyads.events.candidate import SentenceWork
from dyads.events.codebook import Codebook, default_codebook
from dyads.events.gate_features import features, hashed
from dyads.events.gate_scoring import LinearModel
from dyads.events.patterns import Pattern
from dyads.model import Event
from dyads.nlp.tokens import Lemmatizer

TYPE_BITS = 15
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Alternative:
    type: str
    cameo: str
    mode: str | None
    pattern: str | None


class TypeIndex:
    """Which types a trigger's words allow: word or lemma -> the first pattern of each type
    whose phrase can begin with it (its CAMEO code and mode are what a retyped event takes):
    "strike" begins ASSAULT's airstrikes, PROTEST's general strike and AGREE's "strike a
    deal"; a word later in a phrase ("ban * rally") is not its head and allows nothing."""

    def __init__(self, patterns: Iterable[Pattern], lemmatizer: Lemmatizer) -> None:
        self.lemmatize = lemmatizer
        self.by_word: dict[str, dict[str, Alternative]] = {}
        for p in patterns:
            alt = Alternative(p.type, p.cameo, p.mode, p.id)
            for phrase in p.compiled:
                for element in phrase:  # the words a match can begin with: its head
                    for word in element.words:
                        self.by_word.setdefault(word.lower(), {}).setdefault(p.type, alt)
                    if not (element.optional or element.gap):
                        break

    def alternatives(self, event: Event, text: str) -> dict[str, Alternative]:
        """The types ``event``'s trigger allows, its own first."""
        own = Alternative(event.type, event.cameo, event.mode, event.pattern)
        found = {event.type: own}
        for word in _WORD.findall(text[event.trigger.start : event.trigger.end].lower()):
            for key in (word, self.lemmatize(word)):
                for kind, alt in self.by_word.get(key, {}).items():
                    found.setdefault(kind, alt)
        return found


@dataclass(slots=True)
class TypeModel:
    """Weights ``float32[2**TYPE_BITS, len(types)]``; retype where the best allowed type's
    probability beats the event's own by more than ``margin``."""

    weights: np.ndarray
    types: tuple[str, ...]
    margin: float
    meta: dict[str, Any] = field(default_factory=dict)
    linear: LinearModel = field(init=False, repr=False, compare=False)
    column: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.linear = LinearModel(self.weights)
        self.column = {t: k for k, t in enumerate(self.types)}

    def probabilities(self, scores: np.ndarray, allowed: Iterable[str]) -> dict[str, float]:
        """Softmax of the scores over the allowed types the model knows."""
        kinds = [t for t in allowed if t in self.column]
        if not kinds:
            return {}
        z = np.array([scores[self.column[t]] for t in kinds])
        e = np.exp(z - z.max())
        return dict(zip(kinds, (e / e.sum()).tolist(), strict=True))

    def choose(self, own: str, probs: dict[str, float]) -> str:
        if own not in probs:
            return own
        best = max(probs, key=lambda t: (probs[t], t == own))
        return best if probs[best] - probs[own] > self.margin else own

    def top_features(self, event: Event, text: str, to: str, k: int = 6) -> list[tuple[str, float]]:
        """The features that weighed most for ``to`` against the event's own type."""
        if to not in self.column or event.type not in self.column:
            return []
        named = features(event, text)
        indices, values = hashed(named)
        mask = self.weights.shape[0] - 1
        column = self.weights[:, self.column[to]]
        if to != event.type:  # against the rules' type; alone, what weighed for the type
            column = column - self.weights[:, self.column[event.type]]
        weighed = [
            (n, float(column[i & mask]) * v)
            for (n, _), i, v in zip(named, indices, values, strict=True)
        ]
        weighed.sort(key=lambda nv: -abs(nv[1]))
        return [(n, round(w, 3)) for n, w in weighed[:k]]


@dataclass(frozen=True, slots=True)
class TypeVerdict:
    """The scorer's view of one event: each allowed type's probability and the one chosen."""

    event: Event
    probabilities: tuple[tuple[str, float], ...]
    chosen: str
    top: tuple[tuple[str, float], ...]
    applied: bool  # the stage is on: the event took the chosen type


def retype(event: Event, alt: Alternative, codebook: Codebook) -> Event:
    """``event`` as type ``alt.type``: its CAMEO code, quad class, Goldstein score, mode and
    id (the id's key as ``assemble/1`` makes it, with the new type)."""
    cameo = alt.cameo if codebook.has_code(alt.cameo) else codebook.plover(alt.type).cameo
    code = codebook.cameo(cameo)
    key = "|".join([
        event.article_id, alt.type, str(event.trigger.start), str(event.trigger.end),
        ",".join(m.actor.id for m in event.source), ",".join(m.actor.id for m in event.target),
        event.extractor,
    ])  # fmt: skip
    return replace(
        event, id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], type=alt.type,
        cameo=code.code, quad_class=code.quad_class, goldstein=code.goldstein,
        mode=alt.mode or code.mode, pattern=alt.pattern or event.pattern,
        rules=(*event.rules, f"types/1:{event.type}->{alt.type}"),
    )  # fmt: skip


class TypeStage:
    """Re-ranks each kept event's allowed types; retypes where the scorer is clearly surer."""

    name = "types/1"
    requires = ("events", "gate")
    assigns = ("types",)

    def __init__(
        self,
        *,
        codebook: Codebook | None = None,
        type_scorer: bool | None = None,
        **_options: Any,
    ) -> None:
        self.codebook = codebook or default_codebook()
        self.model: TypeModel | None = None  # set by the extractor (the gate's model file)
        self.index: TypeIndex | None = None  # set by the extractor (its trigger patterns)
        # Whether it retypes: ``type_scorer=`` (extractor option), else the model file says
        # (`dyads train --type-scorer on|off`). Off, it still scores for `dyads explain`.
        self.requested = type_scorer
        self.enabled = False
        self.record: list[TypeVerdict] | None = None  # `dyads explain` reads it

    def use(self, model: TypeModel | None, index: TypeIndex) -> None:
        self.model, self.index = model, index
        wanted = self.requested
        if wanted is None:
            wanted = bool(model is not None and model.meta.get("enabled", False))
        self.enabled = bool(wanted and model is not None)

    def __call__(self, work: SentenceWork) -> None:
        model, index = self.model, self.index
        if not work.events or model is None or index is None:
            return
        if not self.enabled and self.record is None:
            return
        text, sent = work.layers.text, work.sentence
        sentence = text[sent.start : sent.end]
        options = [index.alternatives(e, text) for e in work.events]
        if all(len(o) < 2 for o in options) and self.record is None:
            return  # no trigger here allows another type: nothing to score
        base = model.linear.sentence(sentence)
        events: list[Event] = []
        taken = set()
        for event, alts in zip(work.events, options, strict=True):
            chosen = event.type
            if len(alts) >= 2 or self.record is not None:
                scores = np.asarray(model.linear.event(event, sentence, base))
                probs = model.probabilities(scores, alts)
                if len(alts) >= 2:
                    chosen = model.choose(event.type, probs)
                if self.record is not None:
                    ranked = tuple(sorted(((t, round(p, 3)) for t, p in probs.items()),
                                          key=lambda tp: -tp[1]))  # fmt: skip
                    top = tuple(model.top_features(event, text, chosen))
                    self.record.append(TypeVerdict(event, ranked, chosen, top, self.enabled))
            if chosen == event.type or not self.enabled:
                events.append(event)
                taken.add((event.type, event.source, event.target))
                continue
            new = retype(event, alts[chosen], self.codebook)
            key = (new.type, new.source, new.target)
            if key in taken:  # one sentence, one dyad, one type (as assemble/1 keeps it)
                continue
            taken.add(key)
            events.append(new)
        work.events = events
