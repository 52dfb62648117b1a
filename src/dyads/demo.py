"""The README's first command: code the bundled demo corpus and summarise it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dyads.errors import InputError
from dyads.ingest.readers import read_paths
from dyads.pipeline import Pipeline

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "demo"


@dataclass
class DemoSummary:
    articles: int = 0
    failed: int = 0
    actors: int = 0
    events_by_type: Counter[str] = field(default_factory=Counter)
    dyads: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], str] = field(default_factory=dict)


def find_corpus(path: str | Path | None = None) -> Path:
    for candidate in (path, Path.cwd() / "examples" / "demo", DEMO_CORPUS):
        if candidate is not None and Path(candidate).exists():
            return Path(candidate)
    raise InputError("examples/demo", "the demo corpus is missing; run from the project folder")


def summarise_corpus(path: str | Path | None = None) -> DemoSummary:
    """Extract events from every demo article and count them (no database needed)."""
    summary = DemoSummary()
    pipeline = Pipeline()
    for item in read_paths([str(find_corpus(path))]):
        if isinstance(item, InputError):
            summary.failed += 1
            continue
        doc = pipeline(item)
        summary.articles += 1
        summary.actors += len(doc.actors)
        for event in doc.events:
            summary.events_by_type[event.type] += 1
            for src in event.source or ():
                for tgt in event.target or ():
                    key = (event.type, src.actor.id, tgt.actor.id)
                    summary.dyads[key] += 1
                    summary.examples.setdefault(key, event.sentence.span.text_in(doc.text))
    return summary
