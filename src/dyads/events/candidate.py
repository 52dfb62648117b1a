"""The typed objects the event stages pass along: candidates, the sentence at work, stages.

An extractor is a named list of :class:`Stage` objects (:mod:`dyads.events.staged`). Each
stage reads and extends one :class:`SentenceWork` at a time: the document's layers
(:mod:`dyads.nlp.layers`), the sentence's actor mentions, and the :class:`Candidate` events
proposed so far. A stage declares what it ``requires`` and what it ``assigns`` (names such as
``"candidates"``, ``"modality"``, ``"layers.tokens"``), in the spirit of spaCy's components;
the extractor checks when it is built that every requirement is assigned by an earlier stage.

A candidate is an event before assembly: span, type, roles and typed flags. Its ``trace``
(the rules that fired) is kept beside it for ``dyads explain``; no stage reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from dyads.model import Event, Extraction, Mention, Place, Sentence, Span
from dyads.nlp.layers import Layers

# What the document offers every stage before the first one runs.
DOC_LAYERS: tuple[str, ...] = (
    "doc.sentences", "doc.actors", "layers.tokens", "layers.quotes", "layers.attributions",
    "layers.dates", "layers.places", "layers.reported_by",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Complement:
    """The event a governing trigger absorbed: "agreed to meet" (CONSULT under AGREE)."""

    type: str
    cameo: str
    pattern: str | None = None


@dataclass(slots=True)
class Candidate:
    """One proposed event of one sentence. A proposer sets the first block; the shared
    stages (:mod:`dyads.events.shared`) fill the rest and assemble the record."""

    sentence: Sentence
    trigger: Span
    type: str  # a PLOVER type
    cameo: str | None = None  # None: the type's own CAMEO code
    source: list[Mention] = field(default_factory=list)
    target: list[Mention] = field(default_factory=list)
    pattern: str | None = None  # what proposed it, for `dyads explain` and the record
    mode: str | None = None  # the proposer's PLOVER mode, kept while the type is unchanged
    context: tuple[str, ...] = ()  # the proposer's PLOVER contexts
    verbal: bool = True  # the trigger is read as a verb (modality reads its auxiliaries)
    negated: bool = False  # the trigger itself says not ("failed to reach")
    hypothetical: bool = False  # the trigger itself is only possible ("could attack")
    negated_by_governor: bool = False  # in the complement of "denied", "refused to"
    conditional: bool = False  # bound to a condition on another ("... unless X holds talks")
    demand: bool = False  # "X said Y must ...": a demand by the source on the target
    aim: bool = False  # "marched ... to demand X": what a crowd sets out to do, done there
    complement: Complement | None = None  # the event a governing trigger absorbed
    claimed_by: Mention | None = None  # the accuser of "accused X of ..." (else the speaker)
    speakers: tuple[Mention, ...] = ()  # who speaks when the quote's speaker is no actor
    resolved: bool = False  # a role came from a pronoun or a stand-in ("the ministers")
    prominence: float = 0.0  # added to confidence: the sentence's main event ranks first
    clause: tuple[int, int] | None = None  # token range whose context words count; None: all
    by_armed_group: str | None = None  # the CAMEO code the act is when armed groups do it
    told: tuple[Span, ...] = ()  # triggers folded into this one ("..., reportedly killing 9")
    # Filled by the shared stages.
    hedged: bool = False
    denial: bool = False  # the negation is a denial ("denied attacking"): no refusal
    quoted: bool = False
    date: str | None = None
    date_precision: str = "unknown"
    location: Place | None = None
    trace: list[str] = field(default_factory=list)  # for `dyads explain`, never control flow


@dataclass(slots=True)
class ArticleWork:
    """What coding one article keeps between sentences."""

    doc: Extraction
    layers: Layers
    extractor: str
    seen: set[str] = field(default_factory=set)  # event ids already emitted
    # A stage family's own article state, under its name (rules/1: the last acting actor).
    private: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SentenceWork:
    """One sentence at work: what every stage reads and extends."""

    article: ArticleWork
    sentence: Sentence
    mentions: list[Mention]  # the sentence's actor mentions, outlets left out
    candidates: list[Candidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    private: dict[str, Any] = field(default_factory=dict)  # a stage family's own layer

    @property
    def layers(self) -> Layers:
        return self.article.layers

    @property
    def doc(self) -> Extraction:
        return self.article.doc


class Stage(Protocol):
    """A named step of an extractor over one sentence at a time."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, work: SentenceWork) -> None: ...
