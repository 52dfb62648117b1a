"""Dyads: evidence-backed geopolitical event data from news."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyads.model import Actor, Article, Event, Extraction, Mention, Place, Sentence, Span
from dyads.version import __version__

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline, extract

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


def __getattr__(name: str) -> Any:
    # The pipeline is imported on first use: every `import dyads.x` runs this file first, and
    # `dyads --help` or a store query must not pay for the extractor's modules.
    if name in ("Pipeline", "extract"):
        from dyads import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'dyads' has no attribute {name!r}")
