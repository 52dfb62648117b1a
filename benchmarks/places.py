"""Share of stored events with a place, on the demo corpus and on the shared bench sentences.

Each corpus is ingested into a fresh DuckDB file (the real pipeline and store), then the
stored events are read back and counted: how many carry a location, overall and among the
events whose sentence or article names a gazetteer place (a capitalised name the gazetteer
knows, found by a plain scan here, independent of the resolver), and by how the place was
resolved (``location.resolved_by``). ``--sample N`` prints N resolved events (seeded) for a
spot check by hand.

    .venv/bin/python benchmarks/places.py [--bench-limit 2000] [--sample 30] [-o out.json]

The bench sentences (``../shared/bench/news-sentences.jsonl``) are coded one sentence an
article: grouping unrelated sentences would make an "article place" of chance.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import find_bench_text, load_sentences

from dyads.demo import DEMO_CORPUS
from dyads.nlp.places import Gazetteer
from dyads.runs.ingest import ingest

_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,3}")


def names_place(gaz: Gazetteer, text: str) -> bool:
    """Whether ``text`` holds a capitalised name (or a sub-run of one) the gazetteer knows."""
    for m in _NAME.finditer(text):
        words = [w.rstrip(".,;:").removesuffix("'s").removesuffix("’s") for w in m.group().split()]
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                name = " ".join(words[i : i + size])
                if gaz.lookup(name) is not None and name not in gaz.lists.not_places:
                    return True
        # an all-caps dateline word ("KYIV") in title case
        if words and words[0].isupper() and gaz.lookup(words[0].title()) is not None:
            return True
    return False


def measure(inputs: list[str], db: Path, sample: int, seed: int = 7) -> dict[str, Any]:
    report = ingest(inputs, store=db)
    gaz = Gazetteer.default()
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT e.record, e.evidence_text, a.text FROM events e JOIN articles a"
        " ON a.id = e.article_id ORDER BY e.article_id, e.id"
    ).fetchall()
    con.close()
    named_cache: dict[str, bool] = {}
    total = with_place = named = named_with = 0
    how: Counter[str] = Counter()
    resolved: list[dict[str, Any]] = []
    for raw, sentence, article in rows:
        record = json.loads(raw)
        place = record.get("location")
        total += 1
        if article not in named_cache:
            named_cache[article] = names_place(gaz, article)
        is_named = names_place(gaz, sentence) or named_cache[article]
        named += is_named
        if place:
            with_place += 1
            named_with += is_named
            how[str(place.get("resolved_by"))] += 1
            resolved.append(
                {"type": record["type"], "place": place["name"], "country": place["country"],
                 "how": place.get("resolved_by"), "text": place["text"],
                 "sentence": sentence[:300], "article_start": article[:90]}
            )  # fmt: skip
    rng = random.Random(seed)
    picked = rng.sample(resolved, min(sample, len(resolved)))
    return {
        "articles": report.articles if hasattr(report, "articles") else None,
        "events": total,
        "with_place": with_place,
        "share": round(with_place / total, 3) if total else None,
        "events_naming_place": named,
        "naming_with_place": named_with,
        "share_naming": round(named_with / named, 3) if named else None,
        "resolved_by": dict(how.most_common()),
        "sample": picked,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-limit", type=int, default=0, help="first N bench sentences")
    parser.add_argument("--sample", type=int, default=0, help="print N resolved events")
    parser.add_argument("--skip-bench", action="store_true")
    parser.add_argument("-o", "--output", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = sorted(str(p) for p in DEMO_CORPUS.glob("*.jsonl"))
        results["demo"] = measure(demo, folder / "demo.duckdb", args.sample)
        if not args.skip_bench:
            sentences = load_sentences(find_bench_text())
            if args.bench_limit:
                sentences = sentences[: args.bench_limit]
            path = folder / "bench.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for i, text in enumerate(sentences):
                    record = {"id": f"bench-{i}", "text": text, "published": "2016-06-01"}
                    handle.write(json.dumps(record) + "\n")
            results["bench"] = measure([str(path)], folder / "bench.duckdb", args.sample)
    for name, figures in results.items():
        print(
            f"{name}: {figures['with_place']}/{figures['events']} events with a place"
            f" ({figures['share']}); naming a place: {figures['naming_with_place']}/"
            f"{figures['events_naming_place']} ({figures['share_naming']});"
            f" by {figures['resolved_by']}"
        )
        for item in figures["sample"]:
            print(f"  [{item['how']}] {item['place']} ({item['country']}) <- {item['text']!r}"
                  f" | {item['type']} | {item['sentence'][:160]}")  # fmt: skip
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
