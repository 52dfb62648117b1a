"""Dyads: evidence-backed geopolitical event data from news."""

from dyads.model import Actor, Article, Event, Extraction, Mention, Place, Sentence, Span
from dyads.pipeline import Pipeline, extract

__version__ = "0.1.0"

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
