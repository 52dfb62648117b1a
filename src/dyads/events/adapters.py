"""Thin adapters from ``rules/1`` to the NLP helpers: quotes, modality, dates and places.

Each helper is called through one small function here so that the coder's own logic does not
depend on their exact signatures, and so a missing optional part (the gazetteer) only costs
the field it fills.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from dyads.events.modality import Modality, modality
from dyads.model import Extraction, Place, Sentence, Span
from dyads.nlp import quotes as Q
from dyads.nlp.dates import event_date as _event_date


def quotes_of(doc: Extraction) -> tuple[list[Q.Quote], list[Q.Attribution]]:
    quotes = Q.find_quotes(doc.text)
    return quotes, Q.find_attributions(doc.text, doc.sentences, quotes)


def speaker_for(
    position: int, quotes: Sequence[Q.Quote], attributions: Sequence[Q.Attribution]
) -> Q.Attribution | None:
    return Q.speaker_for(position, quotes, attributions)


def inside_quote(position: int, quotes: Sequence[Q.Quote]) -> bool:
    return any(q.start <= position < q.end for q in quotes)


def modality_of(text: str, sent: Sentence, trigger: Span, *, verbal: bool) -> Modality:
    return modality(text, sent.start, sent.end, trigger.start, trigger.end, verbal=verbal)


def event_date(
    text: str, sent: Sentence, published: str | None, near: int
) -> tuple[str | None, str]:
    return _event_date(text, sent.start, sent.end, published, near=near)


def gazetteer() -> Any:
    """The places gazetteer, or None when the places module is not available."""
    try:
        places = importlib.import_module("dyads.events.places")
    except ImportError:
        return None
    factory = getattr(places, "default_gazetteer", None) or getattr(places, "Gazetteer", None)
    if factory is None:
        return None
    try:
        return factory()
    except Exception:  # a broken optional gazetteer must not stop coding
        return None


def event_location(gaz: Any, doc: Extraction, sent: Sentence, trigger: Span) -> Place | None:
    if gaz is None:
        return None
    places = importlib.import_module("dyads.events.places")
    locate = getattr(places, "event_location", None)
    if locate is None:
        return None
    place: Place | None = locate(
        doc.text, sent.start, sent.end, trigger.start, trigger.end, gazetteer=gaz,
        mentions=doc.actors,
    )  # fmt: skip
    return place
