"""Extraction time against article length: 10 KB, 100 KB, 1 MB and 2 MB articles.

The articles are built at run time from sentences written here (actors, reported speech,
quotes, dates, plain filler), shuffled with a fixed seed, so the mix is the same at every
length: a linear extractor takes the same time per character at every size. Prints a table and
the ratio of each size's time per character to the 10 KB article's (1.0 is linear).

    .venv/bin/python benchmarks/article_length.py [--sizes 10000,100000,1000000,2000000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from dyads.ingest.normalise import make_article
from dyads.limits import Limits
from dyads.pipeline import Pipeline

STATES = ["France", "Germany", "Russia", "Ukraine", "China", "Japan", "Italy", "Poland", "Iran"]
TEMPLATES = [
    "{a} condemned {b} on Monday over the shelling near the border.",
    "{a} said {b} had agreed to reopen the rail crossing by March 3.",
    '"We will not accept this," the foreign minister of {a} said of {b}.',
    "According to officials in {a}, {b} sent troops to the frontier last week.",
    "{a} and {b} signed a trade agreement in the capital on 12 October 2024.",
    "The talks between {a} and {b} ended without a statement, a spokesman told reporters.",
    "{a} accused {b} of supplying drones, which {b} denied.",
    "Analysts expect prices to rise if the dispute goes on into the winter.",
    '{a}\'s envoy warned that "{b} may face new sanctions" if the attacks continue.',
    "{a} may impose sanctions on {b}, a report by the state news agency said.",
]


def article(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        a, b = rng.sample(STATES, 2)
        sentence = rng.choice(TEMPLATES).format(a=a, b=b)
        parts.append(sentence)
        length += len(sentence) + 1
        if rng.random() < 0.15:
            parts.append("\n\n")
    return " ".join(parts)[:size]


def measure(pipeline: Pipeline, size: int, repeat: int) -> dict[str, float]:
    text = article(size)
    doc = make_article(text)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        result = pipeline(doc)
        best = min(best, time.process_time() - started)
    return {
        "chars": len(text),
        "seconds": round(best, 3),
        "us_per_char": round(best / len(text) * 1e6, 3),
        "sentences": len(result.sentences),
        "mentions": len(result.actors),
        "events": len(result.events),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,2000000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    # Room for the 2 MB article: the default character limit is 2,000,000.
    pipeline = Pipeline(limits=Limits(max_article_chars=max(sizes) + 1))
    pipeline(make_article(article(2000)))  # load patterns and dictionaries first
    rows = [measure(pipeline, size, args.repeat if size <= 100_000 else 1) for size in sizes]
    base = rows[0]["us_per_char"]
    for row in rows:
        row["ratio"] = round(row["us_per_char"] / base, 2) if base else 0.0
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'chars':>10} {'seconds':>8} {'us/char':>8} {'ratio':>6} {'events':>7} {'mentions':>9}")
    for row in rows:
        print(
            f"{row['chars']:>10,} {row['seconds']:>8.3f} {row['us_per_char']:>8.3f}"
            f" {row['ratio']:>6.2f} {row['events']:>7,} {row['mentions']:>9,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
