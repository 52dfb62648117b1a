"""Two extractors' extraction speed in one process, runs interleaved: the ratio to read.

`dyads bench --extractor X` measures one extractor in a fresh process; on a shared machine
two such runs minutes apart differ by more than the gap between extractors. This codes the
bench text (as `dyads bench` cuts it into articles) with each extractor in turn, ``--runs``
times, and prints each one's best CPU time, words/s, events, and the ratio of the second's
speed to the first's.

    .venv/bin/python benchmarks/extractor_ratio.py [--extractors rules/1,hybrid/1] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora

from dyads.ingest.normalise import make_article
from dyads.pipeline import Pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extractors", default="rules/1,hybrid/1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    names = args.extractors.split(",")
    sentences = corpora.load_sentences()
    texts = [r["text"] for r in corpora.sentence_articles(sentences, per_article=5)]
    articles = [make_article(t) for t in texts]
    words = sum(len(t.split()) for t in texts)
    pipes = {name: Pipeline(extractor=name) for name in names}
    for pipe in pipes.values():
        pipe(articles[0])  # patterns and models loaded outside the timing
    best = dict.fromkeys(names, float("inf"))
    events = dict.fromkeys(names, 0)
    for _ in range(args.runs):
        for name, pipe in pipes.items():
            started = time.process_time()
            events[name] = sum(len(pipe(a).events) for a in articles)
            best[name] = min(best[name], time.process_time() - started)
    result: dict[str, object] = {"words": words, "runs": args.runs}
    for name in names:
        result[name] = {"cpu_s": round(best[name], 2), "words_per_s": round(words / best[name]),
                        "events": events[name]}  # fmt: skip
    result["ratio"] = round(best[names[0]] / best[names[-1]], 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
