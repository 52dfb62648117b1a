"""One runner per gold set: read the gold files, run the pipeline, score with ``scorers``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import dyads.eval.readers as readers
from dyads.eval.matching import EventTally, Predicted, error_records
from dyads.eval.re3d import run_re3d
from dyads.eval.report import Metric, SetResult, prf_dict
from dyads.eval.scorers import (
    PRF,
    ZERO,
    Dyad,
    TokenSpan,
    accuracy,
    confusion,
    dyads_of,
    event_dyads,
    micro_prf,
    quad_prediction,
    role_span_prf,
    token_span,
)
from dyads.ingest.normalise import make_article
from dyads.model import PLOVER_TYPES, Extraction

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline

ACTOR_RECALL_TARGET = 0.90
MAX_SAMPLES = 30  # sentences whose dyads differ from gold, listed in the JSON report


T = TypeVar("T")


def _head(items: Sequence[T], limit: int | None) -> Sequence[T]:
    return items if limit is None else items[:limit]


# -- plover-gsr -------------------------------------------------------------------------


def _plover_errors(
    number: int,
    sentence: readers.GoldSentence,
    predicted: list[Predicted],
    tally: EventTally,
    sink: list[dict[str, Any]],
) -> None:
    """Pair the sentence's events by type (the GSR has no triggers) and list what is off."""
    outcome = tally.add(predicted, sentence.events)
    base = {"set": "plover-gsr", "item": ",".join(sentence.ids) or str(number), "split": "dev"}
    base["text"] = sentence.text

    def gold(j: int) -> dict[str, Any]:
        event = sentence.events[j]
        return {"type": event.type, "source": list(event.source), "target": list(event.target)}

    def pred(i: int) -> dict[str, Any]:
        return predicted[i].to_dict(sentence.text)

    sink += error_records(outcome, base, pred, gold)


def run_plover(
    pipe: Pipeline,
    root: Path,
    *,
    limit: int | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> SetResult:
    sentences = _head(readers.read_plover(root / readers.PLOVER_FILE), limit)
    tally = EventTally()
    sink: list[dict[str, Any]] = [] if errors is None else errors
    code_hits = code_total = 0
    missed_codes: Counter[str] = Counter()
    samples: list[dict[str, Any]] = []
    type_pairs: list[tuple[set[str], set[str]]] = []
    dyad_pairs: list[tuple[set[Dyad], set[Dyad]]] = []
    for number, sentence in enumerate(sentences):
        doc = pipe(make_article(sentence.text))
        _plover_errors(number, sentence, [Predicted.of(e) for e in doc.events], tally, sink)
        found_codes = {mention.actor.code for mention in doc.actors}
        gold_codes = {code for e in sentence.events for code in (*e.source, *e.target)}
        code_hits += len(gold_codes & found_codes)
        code_total += len(gold_codes)
        missed_codes.update(gold_codes - found_codes)
        type_pairs.append(({e.type for e in doc.events}, {e.type for e in sentence.events}))
        gold_dyads: set[Dyad] = set()
        for event in sentence.events:
            gold_dyads |= dyads_of(event.type, event.source, event.target)
        predicted_dyads = event_dyads(doc.events)
        dyad_pairs.append((predicted_dyads, gold_dyads))
        if predicted_dyads != gold_dyads and len(samples) < MAX_SAMPLES:
            samples.append(
                {
                    "text": sentence.text,
                    "gold": sorted("/".join(d) for d in gold_dyads),
                    "predicted": sorted("/".join(d) for d in predicted_dyads),
                }
            )
    per_type = {
        name: micro_prf(
            ({t for t in pred if t == name}, {t for t in gold if t == name})
            for pred, gold in type_pairs
        )
        for name in PLOVER_TYPES
    }
    type_prf = micro_prf(type_pairs)
    dyad_prf = micro_prf(dyad_pairs)
    return SetResult(
        name="plover-gsr",
        items=len(sentences),
        metrics=[
            Metric(
                "actor code recall",
                n=code_total,
                value=code_hits / code_total if code_total else 0.0,
                target=ACTOR_RECALL_TARGET,
            ),
            Metric("event type", n=type_prf.n_gold, prf=type_prf),
            Metric("dyad (type, src, tgt)", n=dyad_prf.n_gold, prf=dyad_prf),
            *tally.metrics(triggers=False),
        ],
        details={
            "calibration": tally.details()["calibration"],
            "event_types": {
                name: prf_dict(prf) for name, prf in per_type.items() if prf.n_gold or prf.n_pred
            },
            "missed_codes": dict(missed_codes.most_common(20)),
            "dyad_errors": samples,
        },
    )


# -- conflibert -------------------------------------------------------------------------


def _class_metrics(
    pipe: Pipeline, path: Path, limit: int | None
) -> tuple[list[Metric], dict[str, Any], int]:
    sentences = _head(readers.read_conflibert_classes(path), limit)
    gold = [sentence.label for sentence in sentences]
    predicted = [quad_prediction(pipe(make_article(s.text)).events) for s in sentences]
    eventful = [i for i, label in enumerate(gold) if label != 0]
    detection = PRF(
        sum(1 for g, p in zip(gold, predicted, strict=True) if g and p),
        sum(1 for p in predicted if p),
        sum(1 for g, p in zip(gold, predicted, strict=True) if g and p),
        len(eventful),
    )
    metrics = [
        Metric("quad class accuracy", n=len(gold), value=accuracy(gold, predicted)),
        Metric(
            "quad accuracy, 1-4 only",
            n=len(eventful),
            value=accuracy([gold[i] for i in eventful], [predicted[i] for i in eventful]),
        ),
        Metric("event detection", n=len(eventful), prf=detection),
    ]
    details = {
        "class_rule": "0 when no event; else the quad class of the most confident event, "
        "ties to the higher quad class",
        "labels": [0, 1, 2, 3, 4],
        "confusion": confusion(gold, predicted, [0, 1, 2, 3, 4]),
        "confusion_axes": "rows gold, columns predicted",
    }
    return metrics, details, len(sentences)


def _predicted_spans(
    doc: Extraction, offsets: Sequence[tuple[int, int]]
) -> dict[str, set[TokenSpan]]:
    spans: dict[str, set[TokenSpan]] = {"S": set(), "T": set()}
    for event in doc.events:
        for role, mentions in (("S", event.source), ("T", event.target)):
            for mention in mentions:
                span = token_span(mention.start, mention.end, offsets)
                if span is not None:
                    spans[role].add(span)
    return spans


def _span_metrics(
    pipe: Pipeline, path: Path, limit: int | None
) -> tuple[list[Metric], dict[str, Any], int]:
    sentences = _head(readers.read_conll_spans(path), limit)
    lenient: dict[str, PRF] = {"S": ZERO, "T": ZERO, "all": ZERO}
    exact: dict[str, PRF] = dict(lenient)
    skipped = 0
    for sentence in sentences:
        article = make_article(sentence.text)
        if article.text != sentence.text:
            # Tokens never hold spaces, so this happens only for odd characters; skip rather
            # than score against shifted offsets.
            skipped += 1
            continue
        predicted = _predicted_spans(pipe(article), sentence.offsets)
        gold = [(span.role, (span.first, span.last)) for span in sentence.spans]
        for scores, is_exact in ((lenient, False), (exact, True)):
            for role, prf in role_span_prf(predicted, gold, exact=is_exact).items():
                scores[role] = scores[role] + prf
    metrics = [
        Metric("actor spans, overlap", n=lenient["all"].n_gold, prf=lenient["all"]),
        Metric("source spans, overlap", n=lenient["S"].n_gold, prf=lenient["S"]),
        Metric("target spans, overlap", n=lenient["T"].n_gold, prf=lenient["T"]),
        Metric("actor spans, exact", n=exact["all"].n_gold, prf=exact["all"]),
    ]
    details = {
        "span_rule": "overlap: shares at least one token with a gold span of the same role "
        "(R spans match either role); exact: same first and last token",
        "skipped_sentences": skipped,
        "exact": {role: prf_dict(prf) for role, prf in exact.items()},
    }
    return metrics, details, len(sentences)


def run_conflibert(pipe: Pipeline, root: Path, *, limit: int | None = None) -> SetResult:
    result = SetResult(name="conflibert", items=0)
    class_path = root / readers.CONFLIBERT_CLASS_FILE
    span_path = root / readers.CONFLIBERT_NER_FILE
    for path, key, scorer in (
        (class_path, "classes", _class_metrics),
        (span_path, "spans", _span_metrics),
    ):
        if path.is_file():
            metrics, details, items = scorer(pipe, path, limit)
            result.metrics += metrics
            result.details[key] = details
            result.items += items
    return result


Runner = Callable[..., SetResult]

# Sets whose runner lists false and missed events (``errors=``) for `dyads eval --errors`.
ERROR_SETS = frozenset({"plover-gsr"})

# Sets scored on actor mentions only: they run without an event extractor.
ACTOR_ONLY_SETS = frozenset({"re3d"})

# Set name -> (runner, files whose presence means the set is there).
SETS: dict[str, tuple[Runner, tuple[Path, ...]]] = {
    "plover-gsr": (run_plover, (readers.PLOVER_FILE,)),
    "conflibert": (run_conflibert, (readers.CONFLIBERT_CLASS_FILE, readers.CONFLIBERT_NER_FILE)),
    "re3d": (run_re3d, (readers.RE3D_DIR,)),
}
