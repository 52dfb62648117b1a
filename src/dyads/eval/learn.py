"""Train the event gate of ``hybrid/1`` (:mod:`dyads.events.gate`) from annotated news.

`dyads train` (:func:`train`): run ``rules/1`` over the corpus's **dev** split (the test split
is for reporting) and over the user's own annotation files, pair each sentence's predicted
events with its gold events one to one (:func:`dyads.eval.matching.match_events`): a paired
event is a positive example, an unpaired one a negative. A logistic regression over the
gate's hashed features (:mod:`dyads.events.gate_features`) is fitted with full-batch Adam
and an L2 penalty, so that the same data and seed always give the same weights.

Five-fold cross-validation on the training items (all sentences of one re3d document in one
fold, folds drawn with the seed) gives out-of-fold probabilities; from them the threshold
(the one with the best event-detection F1 once the dropped events are re-paired) and the
isotonic confidence curve (probability -> share right) are chosen. The shipped model is
then fitted on all training items. ``report=True`` adds the learning curve and the confusion
by type; the test-split figures come from `dyads eval --set news --extractor hybrid/1`.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

import dyads.eval.readers as readers
from dyads.errors import InputError
from dyads.eval.adam import Adam
from dyads.eval.corpus import CORPUS_FILE, CorpusItem, join_texts, read_corpus
from dyads.eval.corpus import sha1_hex as text_sha1
from dyads.eval.folds import fold_split
from dyads.eval.learn_types import train_types
from dyads.eval.matching import EventTally, Predicted, match_events
from dyads.eval.news import predict_items
from dyads.events.calibration import Curve
from dyads.events.gate import DEFAULT_MODEL, GateModel
from dyads.events.gate_features import DIMENSIONS, hashed_features
from dyads.events.rules import TriggerStage
from dyads.events.type_scorer import TypeIndex
from dyads.pipeline import Pipeline

FOLDS = 5
SEED = 13
L2 = 1e-3  # chosen on dev CV among 1e-4 .. 1e-2 (docs/learned-model.md)
STEPS = 300
LEARNING_RATE = 0.05
THRESHOLDS = tuple(round(0.05 + 0.025 * k, 3) for k in range(37))  # 0.05 .. 0.95


@dataclass(slots=True)
class Example:
    """One event ``rules/1`` predicted in an annotated sentence, with its labels."""

    item: CorpusItem
    predicted: Predicted
    indices: np.ndarray
    values: np.ndarray
    paired: bool  # paired with a gold event: the gate's label
    right: bool  # paired with a gold event of its type: the confidence's label
    gold_type: str | None = None  # the type of the gold event it is paired with

    @property
    def group(self) -> str:
        item = self.item
        return f"re3d/{item.doc}" if item.set == "re3d" else f"{item.set}/{item.item}"


def read_annotations(path: str | Path) -> list[CorpusItem]:
    """The user's own annotations: lines of the corpus format, each of which may carry its
    sentence in ``text`` (else it is joined from ``../shared`` like the corpus). A text whose
    SHA-1 is not the line's ``sha1`` stops with the item: it was annotated for other words."""
    path = Path(path)
    items = read_corpus(path)  # one-line errors with the line number
    texts = {
        (str(r.get("set")), str(r.get("item"))): r["text"]
        for r in readers._json_objects(path)
        if isinstance(r, dict) and isinstance(r.get("text"), str)
    }
    for item in items:
        text = texts.get(item.key)
        if text is not None:
            if text_sha1(text) != item.sha1:
                raise InputError(f"{path}: {item.set}/{item.item}", "the text's SHA-1 is not sha1")
            item.text = text
    return items


def training_items(
    eval_root: Path | None, corpus: Path | None, annotations: Sequence[Path]
) -> tuple[list[CorpusItem], dict[str, str]]:
    """Dev items of the corpus (texts joined from ``eval_root``) and every item of the
    user's files; a user's item replaces the corpus item of the same set and id."""
    items: dict[tuple[str, str], CorpusItem] = {}
    documents: dict[str, str] = {}
    if corpus is not None and eval_root is not None:
        joined = join_texts(read_corpus(corpus), eval_root)
        documents.update(joined.documents)
        items.update((i.key, i) for i in joined.items if i.split == "dev")
    for path in annotations:
        own = read_annotations(path)
        need = [i for i in own if i.text is None]
        if need and eval_root is not None:
            joined = join_texts(need, eval_root)
            documents.update(joined.documents)
        items.update((i.key, i) for i in own if i.text is not None)
    return list(items.values()), documents


def collect(
    pipe: Pipeline, items: Sequence[CorpusItem], documents: dict[str, str]
) -> list[Example]:
    """``pipe``'s events on every item, as labelled examples."""
    predictions, _, _ = predict_items(pipe, items, documents)
    examples: list[Example] = []
    for item in items:
        predicted = predictions.get(item.key, [])
        pairs = match_events(predicted, item.events)
        text = text_of(item, documents)
        for i, p in enumerate(predicted):
            assert p.event is not None
            gold = next((item.events[j] for a, j in pairs if a == i), None)
            indices, values = hashed_features(p.event, text)
            right = gold is not None and gold.type == p.type
            gold_type = gold.type if gold is not None else None
            examples.append(Example(item, p, indices, values, gold is not None, right, gold_type))
    return examples


def text_of(item: CorpusItem, documents: dict[str, str]) -> str:
    """The text an item's events have offsets into (a re3d item's: its whole document)."""
    return documents[item.doc or ""] if item.set == "re3d" else (item.text or "")


def type_index(pipe: Pipeline) -> TypeIndex:
    """The types each trigger word allows, from the patterns ``pipe``'s trigger stage reads."""
    stage = next(s for s in pipe.extractor.stages if isinstance(s, TriggerStage))  # type: ignore[attr-defined]
    return TypeIndex(stage.patterns.patterns, stage.lemmatizer)


def fit_logistic(examples: Sequence[Example], l2: float = L2, steps: int = STEPS) -> np.ndarray:
    """Weights of an L2-penalised logistic regression, full-batch Adam (deterministic)."""
    weights = np.zeros(DIMENSIONS, dtype=np.float64)
    if not examples:
        return weights.astype(np.float32)
    lengths = np.array([len(e.indices) for e in examples])
    rows = np.repeat(np.arange(len(examples)), lengths)
    cols = np.concatenate([e.indices for e in examples])
    vals = np.concatenate([e.values for e in examples]).astype(np.float64)
    y = np.array([float(e.paired) for e in examples])
    n = len(examples)
    adam = Adam(weights, LEARNING_RATE)
    for step in range(1, steps + 1):
        z = np.bincount(rows, weights=vals * weights[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - y) / n
        grad: np.ndarray = np.bincount(cols, weights=vals * residual[rows], minlength=DIMENSIONS)
        grad = grad + l2 * weights
        adam.step(weights, grad, step)
    return weights.astype(np.float32)


def probabilities(weights: np.ndarray, examples: Sequence[Example]) -> np.ndarray:
    z = np.array([float(np.dot(weights[e.indices], e.values)) for e in examples])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def folds_of(examples: Sequence[Example], folds: int = FOLDS, seed: int = SEED) -> list[int]:
    """A fold number per example: groups (a bench sentence, a re3d document) shuffled with
    the seed and dealt round robin, so no group is split."""
    groups = sorted({e.group for e in examples})
    random.Random(seed).shuffle(groups)
    fold = {g: k % folds for k, g in enumerate(groups)}
    return [fold[e.group] for e in examples]


def out_of_fold(
    examples: Sequence[Example],
    fold: Sequence[int],
    share: float = 1.0,
    seed: int = SEED,
    l2: float = L2,
) -> np.ndarray:
    """Each example's probability from the model fitted on the other folds (on ``share`` of
    their groups, for the learning curve)."""
    result = np.zeros(len(examples))
    for k in sorted(set(fold)):
        train, held = fold_split(examples, fold, k, share, seed)
        weights = fit_logistic(train, l2)
        result[held] = probabilities(weights, [examples[i] for i in held])
    return result


def tally(
    items: Sequence[CorpusItem],
    examples: Sequence[Example],
    probs: np.ndarray | None,
    threshold: float,
    curve: Curve | None = None,
) -> EventTally:
    """The news metrics once the events under ``threshold`` are dropped (``probs`` None: no
    gate), confidence from ``curve`` where given; dropped events free their gold events."""
    kept: dict[tuple[str, str], list[Predicted]] = {i.key: [] for i in items}
    for k, e in enumerate(examples):
        if probs is None:
            kept[e.item.key].append(e.predicted)
        elif probs[k] >= threshold:
            confidence = GateModel.confidence_of(curve, float(probs[k]))
            kept[e.item.key].append(replace(e.predicted, confidence=confidence))
    total = EventTally()
    for item in items:
        total.add(kept[item.key], item.events)
    return total


def choose_threshold(
    items: Sequence[CorpusItem], examples: Sequence[Example], probs: np.ndarray
) -> float:
    """The threshold with the best event-detection F1 (ties: the lower one)."""
    scored = [(tally(items, examples, probs, t).detection.f1, -t) for t in THRESHOLDS]
    return -max(scored)[1]


def fit_curve(examples: Sequence[Example], probs: np.ndarray, threshold: float) -> Curve:
    points = [(round(float(p), 3), e.right) for e, p in zip(examples, probs, strict=True)]
    return Curve.fit([pt for pt in points if pt[0] >= threshold])


def corpus_fingerprint(items: Sequence[CorpusItem]) -> str:
    digest = hashlib.sha1()
    for item in sorted(items, key=lambda i: i.key):
        digest.update(f"{item.set}/{item.item}/{item.sha1}/{len(item.events)}\n".encode())
    return digest.hexdigest()[:16]


def train(
    *,
    eval_root: Path | None,
    corpus: Path | None = CORPUS_FILE,
    annotations: Sequence[Path] = (),
    seed: int = SEED,
    out: Path | None = DEFAULT_MODEL,
    report: bool = False,
    type_scorer: bool = False,
) -> tuple[GateModel, dict[str, Any]]:
    """Fit the gate on the training items, write it to ``out`` (when given) and return it
    with a summary: counts, the chosen threshold, dev cross-validated figures. The type
    scorer is trained and saved in the same file either way; ``type_scorer`` says whether
    ``hybrid/1`` retypes with it by default (off: the measured decision, docs/learned-model.md)."""
    started = time.perf_counter()
    items, documents = training_items(eval_root, corpus, annotations)
    if not items:
        where = ", ".join(str(p) for p in [corpus, *annotations] if p is not None) or "dyads train"
        raise InputError(where, "no training items with text: nothing to train on")
    rules = Pipeline(extractor="rules/1")
    examples = collect(rules, items, documents)
    fold = folds_of(examples, seed=seed)
    probs = out_of_fold(examples, fold)
    threshold = choose_threshold(items, examples, probs)
    curve = fit_curve(examples, probs, threshold)
    types, type_summary = train_types(
        examples, [text_of(e.item, documents) for e in examples], type_index(rules), fold,
        probs, threshold, lambda some: tally(items, some, probs, threshold, curve), figures,
        seed=seed, report=report,
    )  # fmt: skip
    types.meta["enabled"] = type_scorer
    model = GateModel(fit_logistic(examples), threshold, curve, {
        "trained_on": "dyads annotated news corpus, dev split" + (" + user annotations"
                                                                   if annotations else ""),
        "corpus": corpus_fingerprint(items), "items": len(items), "examples": len(examples),
        "positives": sum(e.paired for e in examples), "seed": seed, "folds": FOLDS, "l2": L2,
        "steps": STEPS,
    }, types)  # fmt: skip
    if out is not None:
        model.save(out)
    summary = {
        "written": str(out) if out is not None else None,
        "items": len(items),
        "examples": len(examples),
        "positives": model.meta["positives"],
        "threshold": threshold,
        "dev_cv": {
            "rules/1": figures(tally(items, examples, None, 0.0)),
            "hybrid/1": figures(tally(items, examples, probs, threshold, curve)),
        },
        "types": type_summary,
    }
    if report:  # the learning curve and the confusion by type (dev CV): slower
        summary["learning_curve"] = learning_curve(items, examples, seed)
        summary["confusion_dev_cv"] = confusion(examples, probs, threshold)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return model, summary


def figures(total: EventTally) -> dict[str, float]:
    """The headline figures of a tally, as the report names them."""
    found: dict[str, float] = {}
    for metric in total.metrics():
        if metric.prf is not None and metric.name in HEADLINES:
            key = HEADLINES[metric.name]
            found[f"{key}_p"] = round(metric.prf.precision, 4)
            found[f"{key}_r"] = round(metric.prf.recall, 4)
            found[f"{key}_f1"] = round(metric.prf.f1, 4)
    found["ece"] = round(total.ece, 4)
    found["predictions"] = len(total.points)
    return found


HEADLINES = {"event detection": "detection", "event type, events": "type",
             "dyad (type, src, tgt)": "dyad", "has-event, sentences": "has_event"}  # fmt: skip


# -- how much it learns (`dyads train --report`), dev split only ----------------------------
#
# The learning curve: dev CV figures when each fold's model is fitted on 25, 50, 75 and 100 %
# of the other folds' groups (threshold and curve chosen on those out-of-fold probabilities,
# as for the shipped model), to tell whether more annotation would pay. The confusion by
# type: predicted against gold type of kept events paired with a gold event (the gate keeps
# or drops, it does not retype). The test split is never read here.

SHARES = (0.25, 0.5, 0.75, 1.0)


def learning_curve(
    items: Sequence[CorpusItem], examples: Sequence[Example], seed: int
) -> list[dict[str, Any]]:
    fold = folds_of(examples, seed=seed)
    rows = []
    for share in SHARES:
        probs = out_of_fold(examples, fold, share=share, seed=seed)
        threshold = choose_threshold(items, examples, probs)
        found = figures(
            tally(items, examples, probs, threshold, fit_curve(examples, probs, threshold))
        )
        rows.append({"share": share, "threshold": threshold} | found)
    return rows


def confusion(examples: Sequence[Example], probs: np.ndarray, threshold: float) -> dict[str, Any]:
    """``{predicted type: {gold type: count}}`` over kept events paired with a gold event."""
    cells: Counter[tuple[str, str]] = Counter()
    for e, p in zip(examples, probs, strict=True):
        if e.gold_type is not None and p >= threshold:
            cells[(e.predicted.type, e.gold_type)] += 1
    table: dict[str, dict[str, int]] = {}
    for (pred, gold), count in sorted(cells.items()):
        table.setdefault(pred, {})[gold] = count
    return table
