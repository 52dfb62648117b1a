"""Synthetic corpora for benchmarks, made from the shared benchmark sentences.

Articles are groups of real news sentences; a controlled share of them are exact copies
(syndication) or near copies (a wire rewrite: one sentence swapped) of an earlier article,
so that story deduplication does real work. Everything is seeded: the same arguments give
the same corpus, byte for byte.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

BENCH_TEXT = "news-sentences.jsonl"
OUTLETS = ("wire-a", "wire-b", "daily-c", "times-d", "herald-e", "post-f", "news-g")
_RECENT = 200  # copies are taken from the last few hundred articles, as syndication is


def find_bench_text(start: Path | None = None) -> Path:
    """``../shared/bench/news-sentences.jsonl`` beside the project, or $DYADS_BENCH_TEXT."""
    import os

    if os.environ.get("DYADS_BENCH_TEXT"):
        return Path(os.environ["DYADS_BENCH_TEXT"])
    here = (start or Path(__file__)).resolve()
    for parent in [Path.cwd(), *here.parents]:
        candidate = parent.parent / "shared" / "bench" / BENCH_TEXT
        if candidate.exists():
            return candidate
        candidate = parent / "shared" / "bench" / BENCH_TEXT
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"cannot find shared/bench/{BENCH_TEXT}; set DYADS_BENCH_TEXT")


def load_sentences(path: Path | None = None) -> list[str]:
    sentences = []
    with (path or find_bench_text()).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    sentences.append(text.strip())
    return sentences


def make_corpus(
    sentences: list[str],
    n_articles: int,
    *,
    per_article: int = 3,
    exact_dup: float = 0.05,
    near_dup: float = 0.05,
    seed: int = 7,
) -> Iterator[dict[str, str]]:
    """``n_articles`` article records (id, text, published, outlet), streamed."""
    rng = random.Random(seed)
    order = list(range(len(sentences)))
    rng.shuffle(order)
    cursor = 0
    recent: list[list[str]] = []
    for number in range(n_articles):
        draw = rng.random()
        if recent and draw < exact_dup:
            parts = list(rng.choice(recent))
        elif recent and draw < exact_dup + near_dup:
            parts = list(rng.choice(recent))
            parts[rng.randrange(len(parts))] = sentences[order[cursor % len(order)]]
            cursor += 1
        else:
            parts = []
            for _ in range(per_article):
                parts.append(sentences[order[cursor % len(order)]])
                cursor += 1
                if cursor % len(order) == 0:  # a new pass: new sentence neighbours
                    rng.shuffle(order)
            recent.append(parts)
            if len(recent) > _RECENT:
                recent.pop(0)
        day = number % 365
        yield {
            "id": f"bench-{number:07d}",
            "text": " ".join(parts),
            "published": f"2024-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}",
            "outlet": OUTLETS[number % len(OUTLETS)],
        }


def write_corpus(path: Path, n_articles: int, **options: object) -> Path:
    """Write a corpus of ``n_articles`` as JSON Lines at ``path``."""
    sentences = load_sentences()
    with path.open("w", encoding="utf-8") as handle:
        for record in make_corpus(sentences, n_articles, **options):  # type: ignore[arg-type]
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def sentence_articles(sentences: list[str], *, per_article: int) -> list[dict[str, str]]:
    """The benchmark text once, in order, cut into articles of ``per_article`` sentences."""
    return [
        {"id": f"s{start:06d}", "text": " ".join(sentences[start : start + per_article])}
        for start in range(0, len(sentences), per_article)
    ]
