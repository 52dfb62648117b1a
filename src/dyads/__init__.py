"""Dyads: evidence-backed geopolitical event data from news."""

from dyads.model import Actor, Article, Event, Extraction, Mention, Place, Sentence, Span
from dyads.pipeline import Pipeline, extract
from dyads.version import __version__

__all__ = [
    "Actor",
    "Article",
    "Event",
    "Extraction",
    "Mention",
    "Pipeline",
    "Place",
    "Sentence",
    "Span",
    "__version__",
    "extract",
]
