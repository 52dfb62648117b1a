"""Thin adapters from ``rules/1`` to the NLP helpers: quotes, modality, dates and places.

Each helper is called through one small function here so that the coder's own logic does not
depend on their exact signatures, and so a missing optional part (the gazetteer) only costs
the field it fills.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from dyads.events.modality import Modality, modality
from dyads.model import Extraction, Mention, Place, Sentence, Span
from dyads.nlp import quotes as Q
from dyads.nlp.dates import DateMatch, find_dates, parse_published
from dyads.nlp.spanindex import first_covering


def quotes_of(doc: Extraction) -> tuple[list[Q.Quote], list[Q.Attribution]]:
    quotes = Q.find_quotes(doc.text)
    return quotes, Q.find_attributions(doc.text, doc.sentences, quotes)


def speaker_for(
    position: int, quotes: Sequence[Q.Quote], attributions: Sequence[Q.Attribution]
) -> Q.Attribution | None:
    return Q.speaker_for(position, quotes, attributions)


def inside_quote(position: int, quotes: Sequence[Q.Quote]) -> bool:
    return first_covering(quotes, position) is not None  # indexed: no scan per event


def modality_of(text: str, sent: Sentence, trigger: Span, *, verbal: bool) -> Modality:
    return modality(text, sent.start, sent.end, trigger.start, trigger.end, verbal=verbal)


def sentence_dates(text: str, sent: Sentence, published: str | None) -> list[DateMatch]:
    """Every resolved date expression of a sentence (found once, used by all its events)."""
    return find_dates(text, sent.start, sent.end, published)


def event_date(
    dates: Sequence[DateMatch], published: str | None, near: int
) -> tuple[str | None, str]:
    """The date expression nearest the trigger, else the publication date."""
    if dates:
        best = min(dates, key=lambda d: min(abs(d.start - near), abs(d.end - near)))
        return best.date, best.precision
    pub, precision = parse_published(published)
    return (pub.isoformat(), precision) if pub is not None else (None, "unknown")


def gazetteer() -> Any:
    """The places gazetteer, or None when the places module is not available."""
    try:
        places = importlib.import_module("dyads.events.places")
    except ImportError:
        return None
    gazetteer_class = getattr(places, "Gazetteer", None)
    factory = getattr(gazetteer_class, "default", None) or gazetteer_class
    if factory is None:
        return None
    try:
        return factory()
    except Exception:  # a broken optional gazetteer must not stop coding
        return None


@cache
def _places_module() -> Any:
    return importlib.import_module("dyads.events.places")  # once, not per event


def event_location(
    gaz: Any,
    doc: Extraction,
    sent: Sentence,
    trigger: Span,
    actors: Sequence[Mention],
    sentence_mentions: Sequence[Mention],
) -> Place | None:
    """Where the event happened: a place the sentence names near the trigger, or None."""
    if gaz is None:
        return None
    places = _places_module()
    spans = [(m.start, m.end) for m in actors]
    place: Place | None = places.event_location(
        doc.text, sent.start, sent.end, trigger.start, trigger.end, spans,
        gazetteer=gaz, mentions=sentence_mentions,
    )  # fmt: skip
    return place
