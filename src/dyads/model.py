"""The core model: the few typed objects every stage shares.

Spans are character offsets into ``Article.text``; no object keeps a copy of article text
except where a record is serialised (``to_dict``), because offsets stay valid when the text
is stored once and read many times.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

EVENT_SCHEMA = "dyads.event/1"

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# Directionless types: "China and Russia cooperate" has no giver and taker.
RECIPROCAL_TYPES: frozenset[str] = frozenset({"COOPERATE", "CONSULT"})


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the article text."""

    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"text": text[self.start : self.end], "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """An entry of the actor dictionary: who an actor is, independent of any mention."""

    id: str
    code: str
    name: str
    sector: str | None = None
    wikidata: str | None = None
    kind: str = "state"  # state, igo, ngo, group, person, sector, outlet
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "sector": self.sector,
            "name": self.name,
            "wikidata": self.wikidata,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor recognised at ``[start, end)`` in sentence ``sentence``.

    ``text`` is the words of the mention as the matcher found them (a few characters, kept so
    that ``mention.text`` and ``mention.to_dict()`` work without the article at hand); it takes
    no part in equality, and a mention built without it takes its words from the article text
    passed to :meth:`to_dict`.
    """

    actor: Actor
    start: int
    end: int
    sentence: int
    text: str | None = field(default=None, compare=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """The actor and the mention's span; ``text`` is the article text, needed only when
        the mention does not carry its own words."""
        if text is not None:
            words = text[self.start : self.end]
        elif self.text is not None:
            words = self.text
        else:
            raise ValueError(
                f"mention of {self.actor.id} at {self.start}-{self.end} has no text:"
                " pass the article text, mention.to_dict(article.text)"
            )
        record = self.actor.to_dict()
        record.update(text=words, start=self.start, end=self.end)
        return record


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    start: int
    end: int
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    # How the place was found (dyads.nlp.scene.RESOLVED_BY): "locative", "sentence",
    # "capital", "dateline" or "article"; None for a place made by hand.
    resolved_by: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "text": text[self.start : self.end],
            "start": self.start,
            "end": self.end,
            "resolved_by": self.resolved_by,
        }

    def resolved(self, how: str) -> Place:
        """``dataclasses.replace(self, resolved_by=how)``, without its per-field checks
        (asked for about every event coded)."""
        values = list(_place_values(self))
        values[_RESOLVED_BY] = how
        return Place(*values)


_PLACE_FIELDS = tuple(f.name for f in fields(Place))
_place_values = attrgetter(*_PLACE_FIELDS)
_RESOLVED_BY = _PLACE_FIELDS.index("resolved_by")


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with the evidence that proves it (see docs/event-record.md)."""

    id: str
    article_id: str
    type: str
    cameo: str
    quad_class: int
    goldstein: float
    trigger: Span
    sentence: Sentence
    source: tuple[Mention, ...] = ()
    target: tuple[Mention, ...] = ()
    mode: str | None = None
    context: tuple[str, ...] = ()
    claimed_by: Mention | None = None
    reported_by: str | None = None
    quoted: bool = False
    hedged: bool = False
    negated: bool = False
    hypothetical: bool = False
    date: str | None = None
    date_precision: str = "unknown"
    location: Place | None = None
    extractor: str = "rules/1"
    confidence: float = 0.5
    # Which pattern and rules produced the event: what `dyads explain` shows.
    pattern: str | None = None
    rules: tuple[str, ...] = ()

    def to_dict(self, text: str) -> dict[str, Any]:
        evidence = self.sentence.span.to_dict(text)
        evidence["sentence"] = self.sentence.index
        return {
            "schema": EVENT_SCHEMA,
            "id": self.id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "source": [m.to_dict(text) for m in self.source],
            "target": [m.to_dict(text) for m in self.target],
            "claimed_by": self.claimed_by.to_dict(text) if self.claimed_by else None,
            "reported_by": self.reported_by,
            "quoted": self.quoted,
            "hedged": self.hedged,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict(text) if self.location else None,
            "trigger": self.trigger.to_dict(text),
            "evidence": evidence,
            "extractor": self.extractor,
            "confidence": self.confidence,
            "pattern": self.pattern,
        }


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    language: str = "en"
    story_id: str | None = None
    source_path: str | None = None  # where the article was read from, for error messages
    # Where the text came from when it is not the article itself: "summary" for a feed
    # item's own text used in place of its page (the page was not fetched, or failed).
    body: str | None = None

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "authors": list(self.authors),
            "language": self.language,
            "story_id": self.story_id,
        }
        if self.body is not None:  # only when set: ordinary records stay as they were
            record["body"] = self.body
        if with_text:
            record["text"] = self.text
        return record


@dataclass(slots=True)
class Extraction:
    """What extraction found in one article: sentences, actor mentions and events."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    # Outlets and cited sources named in the text ("Caliber.Az reports, citing ...").
    reported_by: str | None = None
    # The text's annotation layers (dyads.nlp.layers.Layers: tokens, quotes, dates, places),
    # computed once and read by every stage; typed loosely because the core imports no stage.
    layers: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    def __getstate__(self) -> dict[str, Any]:
        # The layers stay where they were made: a worker process hands back what it found
        # (sentences, mentions, events), not its tokens, lemmatiser or gazetteer.
        return {name: getattr(self, name) for name in self.__slots__ if name != "layers"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self.layers = None

    def to_dict(self) -> dict[str, Any]:
        text = self.article.text
        return {
            "article": self.article.to_dict(with_text=False),
            "sentences": [s.span.to_dict(text) | {"index": s.index} for s in self.sentences],
            "actors": [m.to_dict(text) | {"sentence": m.sentence} for m in self.actors],
            "events": [e.to_dict(text) for e in self.events],
        }
