"""Re-code stored articles after a dictionary or pattern change, and say what changed.

Events are compared by id first; an event whose id changed but which sits on the same trigger
words (same sentence and offsets) counts as changed rather than as one removed and one added.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dyads.model import Extraction
from dyads.runs.ingest import ArticleCoder, data_version, default_pipeline, extractor_name
from dyads.store import SQLStore

MAX_EXAMPLES = 20


@dataclass(slots=True)
class RecodeReport:
    articles: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    by_type: Counter[tuple[str, str]] = field(default_factory=Counter)  # (change, type) -> n
    examples: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    data_version: str = ""
    dry_run: bool = False

    def line(self) -> str:
        verb = "would change" if self.dry_run else "re-coded"
        return (
            f"{verb} {self.articles} articles: {self.added} events added, {self.removed} removed,"
            f" {self.changed} changed, {self.unchanged} unchanged ({self.elapsed:.1f} s)"
        )

    def _note(self, change: str, record: dict[str, Any], before: dict[str, Any] | None) -> None:
        setattr(self, change, getattr(self, change) + 1)
        self.by_type[(change, record.get("type", "?"))] += 1
        if len(self.examples) < MAX_EXAMPLES:
            example = {
                "change": change,
                "article_id": record.get("article_id"),
                "type": record.get("type"),
                "evidence": (record.get("evidence") or {}).get("text"),
            }
            if before is not None:
                example["fields"] = sorted(
                    k for k in set(record) | set(before) if record.get(k) != before.get(k)
                )
            self.examples.append(example)


def _anchor(record: dict[str, Any]) -> tuple[Any, ...]:
    trigger = record.get("trigger") or {}
    evidence = record.get("evidence") or {}
    return (evidence.get("sentence"), trigger.get("start"), trigger.get("end"), record.get("type"))


def compare(old: dict[str, str], doc: Extraction, report: RecodeReport) -> None:
    """Count the differences between stored records (id -> JSON) and a fresh extraction."""
    before = {event_id: json.loads(record) for event_id, record in old.items()}
    # Through JSON, as stored, so tuples and lists compare alike.
    after = {event.id: json.loads(json.dumps(event.to_dict(doc.text))) for event in doc.events}
    for event_id in after.keys() & before.keys():
        if _same(after[event_id], before[event_id]):
            report.unchanged += 1
        else:
            report._note("changed", after[event_id], before[event_id])
    gone = {_anchor(before[i]): before[i] for i in before.keys() - after.keys()}
    for event_id in sorted(after.keys() - before.keys()):
        record = after[event_id]
        previous = gone.pop(_anchor(record), None)
        if previous is None:
            report._note("added", record, None)
        elif _same(record, previous):
            report.unchanged += 1
        else:
            report._note("changed", record, previous)
    for record in gone.values():
        report._note("removed", record, None)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: v for k, v in a.items() if k != "id"} == {k: v for k, v in b.items() if k != "id"}


def recode(
    store: SQLStore,
    *,
    pipeline: ArticleCoder | None = None,
    batch_size: int = 200,
    dry_run: bool = False,
    progress: Callable[[RecodeReport, int], None] | None = None,
) -> RecodeReport:
    """Re-run extraction over every stored article; replace its events unless ``dry_run``.

    ``progress(report, total)`` is called after each batch.
    """
    pipe = pipeline or default_pipeline()
    started = time.monotonic()
    report = RecodeReport(data_version=data_version(pipe), dry_run=dry_run)
    ids = store.article_ids()
    with store.bulk_writes():
        for start in range(0, len(ids), batch_size):
            chunk: Sequence[str] = ids[start : start + batch_size]
            stored = store.stored_events(chunk)
            docs = [pipe(article) for article in store.articles(chunk)]
            for doc in docs:
                compare(stored.get(doc.article.id, {}), doc, report)
            if not dry_run:
                store.replace_extractions(
                    docs, extractor=extractor_name(pipe), data_version=report.data_version
                )
            report.articles += len(docs)
            report.elapsed = time.monotonic() - started
            if progress:
                progress(report, len(ids))
    report.elapsed = time.monotonic() - started
    return report
