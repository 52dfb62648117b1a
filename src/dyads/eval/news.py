"""The ``news`` set: the annotated corpus of ordinary news, most of whose sentences hold no
event, scored event by event (``matching.py``) on its dev and test splits.

Bench items are single sentences and are coded alone. A re3d document is coded once, whole
(its datelines, background and quotes are what single sentences lack); each predicted event
goes to the item whose ``[start, end)`` holds its trigger's start, with offsets made relative
to that sentence. Document-level precision on re3d: the distinct (type, source, target)
triples predicted anywhere in a document against those annotated anywhere in it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyads.errors import DyadsError
from dyads.eval.corpus import (
    CORPUS_FILE,
    SPLITS,
    CorpusItem,
    JoinResult,
    join_texts,
    read_corpus,
    select_split,
)
from dyads.eval.matching import (
    EventTally,
    Predicted,
    error_records,
    gold_dyads,
    predicted_dyads,
)
from dyads.eval.report import Metric, SetResult
from dyads.eval.scorers import ZERO, set_prf
from dyads.ingest.normalise import make_article

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline


@dataclass(slots=True)
class NewsOptions:
    corpus: Path = CORPUS_FILE
    bench: Path | None = None  # default: <eval folder>/../bench/news-sentences.jsonl
    split: str | None = None  # dev, test, all; None: dev and test, reported apart
    # Filled with false, missed, wrong-type and wrong-actors events when given: of the dev
    # split only unless ``split`` names test or all (test is for reporting, not for reading).
    errors: list[dict[str, Any]] | None = None
    join: JoinResult | None = field(default=None, repr=False)  # set by run_news
    tallies: dict[str, EventTally] = field(default_factory=dict, repr=False)  # by run_news
    refused: list[str] = field(default_factory=list, repr=False)  # texts the pipeline refused

    @property
    def splits(self) -> tuple[str, ...]:
        return SPLITS if self.split is None else (self.split,)


def _event_dict(event: Any) -> dict[str, Any]:
    return dict(event.record) or {"type": event.type}


def predict_items(
    pipe: Pipeline, items: Sequence[CorpusItem], documents: dict[str, str]
) -> tuple[dict[tuple[str, str], list[Predicted]], int, list[str]]:
    """Predicted events per item key, how many re3d events fell in no annotated item, and
    one line per text the pipeline refused (its items get no prediction and are left out)."""
    predictions: dict[tuple[str, str], list[Predicted]] = {}
    by_doc: dict[str, list[CorpusItem]] = defaultdict(list)
    refused: list[str] = []
    for item in items:
        if item.set == "bench":
            assert item.text is not None
            try:
                doc = pipe(make_article(item.text, article_id=item.item))
            except DyadsError as err:
                refused.append(str(err))
                continue
            predictions[item.key] = [Predicted.of(e) for e in doc.events]
        else:
            by_doc[item.doc or ""].append(item)
    unassigned = 0
    for doc_id, doc_items in by_doc.items():
        try:
            extraction = pipe(make_article(documents[doc_id], article_id=doc_id))
        except DyadsError as err:
            refused.append(str(err))
            continue
        for item in doc_items:
            predictions[item.key] = []
        for event in extraction.events:
            where = event.trigger.start
            home = next(
                (i for i in doc_items if (i.start or 0) <= where < (i.end or 0)),
                None,
            )
            if home is None:
                unassigned += 1
                continue
            predictions[home.key].append(Predicted.of(event, home.start or 0))
    return predictions, unassigned, refused


def _tally_item(
    item: CorpusItem, predicted: list[Predicted], tally: EventTally, sink: list[dict[str, Any]]
) -> None:
    outcome = tally.add(predicted, item.events)
    base: dict[str, Any] = {"set": item.set, "item": item.item, "split": item.split}
    if item.doc:
        base["doc"] = item.doc
    base["text"] = item.text
    sink += error_records(
        outcome,
        base,
        lambda i: predicted[i].to_dict(item.text),
        lambda j: _event_dict(item.events[j]),
    )


def _document_precision(
    items: Sequence[CorpusItem], predictions: dict[tuple[str, str], list[Predicted]]
) -> tuple[Metric, Metric]:
    dyad_total = type_total = ZERO
    by_doc: dict[str, list[CorpusItem]] = defaultdict(list)
    for item in items:
        if item.set == "re3d":
            by_doc[item.doc or ""].append(item)
    for doc_items in by_doc.values():
        predicted = [p for item in doc_items for p in predictions[item.key]]
        gold = [g for item in doc_items for g in item.events]
        dyad_total += set_prf(predicted_dyads(predicted), gold_dyads(gold))
        type_total += set_prf({p.type for p in predicted}, {g.type for g in gold})
    note = f"{len(by_doc)} documents; distinct triples (types) per document"
    return (
        Metric("re3d documents, dyads", n=dyad_total.n_gold, prf=dyad_total, note=note),
        Metric("re3d documents, types", n=type_total.n_gold, prf=type_total, note=note),
    )


def score_split(
    name: str,
    items: Sequence[CorpusItem],
    predictions: dict[tuple[str, str], list[Predicted]],
    errors: list[dict[str, Any]] | None,
    total: EventTally | None = None,
) -> SetResult:
    # numpy only when a split is scored, so that `dyads --help` stays light
    from dyads.eval.intervals import RESAMPLES, bootstrap, item_vector

    total = EventTally() if total is None else total
    by_set: dict[str, EventTally] = defaultdict(EventTally)
    sink: list[dict[str, Any]] = [] if errors is None else errors
    vectors: list[list[float]] = []
    for item in items:
        predicted = predictions[item.key]
        _tally_item(item, predicted, total, sink)
        by_set[item.set].add(predicted, item.events)
        vectors.append(item_vector(predicted, item.events))
    metrics = total.metrics()
    if any(item.set == "re3d" for item in items):
        metrics += _document_precision(items, predictions)
    details = total.details()
    details["sets"] = {
        set_name: {m.name: m.to_dict() for m in tally.metrics()}
        for set_name, tally in sorted(by_set.items())
    }
    clusters = [f"re3d/{i.doc}" if i.set == "re3d" else f"bench/{i.item}" for i in items]
    details["intervals_95"] = bootstrap(vectors, clusters)
    details["intervals_rule"] = (
        f"2.5-97.5th percentiles of {RESAMPLES} resamples of items (a re3d document as one)"
    )
    details["items"] = {set_name: tally.n_sentences for set_name, tally in sorted(by_set.items())}
    return SetResult(name=name, items=len(items), metrics=metrics, details=details)


def run_news(
    pipe: Pipeline, root: Path, *, limit: int | None = None, options: NewsOptions
) -> list[SetResult]:
    """One result per split (``news/dev``, ``news/test`` or ``news/all``). Items whose text
    is missing or changed are skipped; ``options.join`` tells how many."""
    joined = join_texts(read_corpus(options.corpus), root, options.bench)
    options.join = joined
    options.tallies = {}
    chosen = {split: select_split(joined.items, split)[:limit] for split in options.splits}
    wanted = {item.key for items in chosen.values() for item in items}
    # A re3d document is coded whole: every joined item of it takes part in the assignment.
    docs = {item.doc for items in chosen.values() for item in items if item.set == "re3d"}
    coded = [i for i in joined.items if i.key in wanted or (i.set == "re3d" and i.doc in docs)]
    predictions, unassigned, refused = predict_items(pipe, coded, joined.documents)
    options.refused = refused
    results = []
    for split, items in chosen.items():
        items = [item for item in items if item.key in predictions]
        options.tallies[split] = EventTally()
        listed = options.errors if split == "dev" or options.split is not None else None
        result = score_split(f"news/{split}", items, predictions, listed, options.tallies[split])
        result.details["skipped_items"] = {
            "missing_text": len(joined.missing),
            "changed_text": len(joined.changed),
        }
        result.details["re3d_events_outside_items"] = unassigned
        result.details["refused_texts"] = refused
        results.append(result)
    return results


def write_errors(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """The error listing as JSON Lines, one false, missed or wrong-type event a line."""
    count = 0
    with path.open("w", encoding="utf-8") as sink:
        for record in records:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
