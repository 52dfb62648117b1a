"""Store benchmarks: ingest throughput into DuckDB against extraction alone, and the latency of
a dyad time-series query over one million synthetic events.

    python benchmarks/ingest_bench.py [--articles N] [--events N]

Each throughput scenario runs in a fresh Python process, so that its peak memory (max RSS,
DuckDB's native memory included) is its own. Functions return plain dicts for `dyads bench`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_INPUT = ROOT.parent / "shared" / "bench" / "news-sentences.jsonl"
SENTENCES_PER_ARTICLE = 10


def build_articles(
    out: Path,
    *,
    source: Path = BENCH_INPUT,
    per_article: int = SENTENCES_PER_ARTICLE,
    limit: int | None = None,
) -> int:
    """Group the benchmark's sentences into articles of ``per_article`` sentences (JSONL)."""
    sentences = [json.loads(line)["text"] for line in source.open(encoding="utf-8") if line.strip()]
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for start in range(0, len(sentences), per_article):
            if limit is not None and count >= limit:
                break
            text = " ".join(sentences[start : start + per_article])
            handle.write(json.dumps({"id": f"bench-{count:05d}", "text": text}) + "\n")
            count += 1
    return count


def _scenario(kind: str, corpus: Path, db: Path) -> dict[str, Any]:
    """Run in a child process: time one scenario after the pipeline is loaded.

    ``extract`` does what `dyads extract --format jsonl` does (code, serialise each record);
    ``code`` only codes; ``ingest`` stores into a fresh DuckDB file.
    """
    import os

    from dyads.errors import InputError
    from dyads.ingest.formats import read_paths
    from dyads.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline(next(a for a in read_paths([str(corpus)]) if not isinstance(a, InputError)))
    started, cpu = time.perf_counter(), time.process_time()
    events = articles = 0
    if kind in ("extract", "code"):
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for item in read_paths([str(corpus)]):
                if isinstance(item, InputError):
                    continue
                doc = pipeline(item)
                articles += 1
                events += len(doc.events)
                if kind == "extract":
                    for event in doc.events:
                        sink.write(json.dumps(event.to_dict(doc.text), ensure_ascii=False) + "\n")
    else:
        from dyads.runs.ingest import ingest

        report = ingest([str(corpus)], store=db, pipeline=pipeline, batch_size=200)
        articles, events = report.added, report.events
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": articles,
        "events": events,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_s, 3),
        "articles_per_s": round(articles / seconds, 1) if seconds else None,
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def _run_child(kind: str, corpus: Path, db: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--scenario", kind, "--corpus", str(corpus), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the {kind} benchmark failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ingest_throughput(*, articles: int | None = None, repeat: int = 3) -> dict[str, Any]:
    """Articles/s and peak memory of `extract` and of `ingest` into a fresh DuckDB file on the
    same articles. Each scenario runs ``repeat`` times, alternating, and the fastest run counts
    (the others measure what else the machine was doing). ``ratio`` is ingest time over
    extract time (target: at most 1.5); ``ratio_code_only`` compares with coding alone."""
    best: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="dyads-bench-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        total = build_articles(corpus, limit=articles)
        size = 0
        for attempt in range(repeat):
            for kind in ("code", "extract", "ingest"):
                db = Path(tmp) / f"bench-{attempt}.duckdb"
                result = _run_child(kind, corpus, db)
                if kind not in best or result["seconds"] < best[kind]["seconds"]:
                    best[kind] = result
                if kind == "ingest":
                    size = db.stat().st_size
    return {
        "input": f"{BENCH_INPUT.name}, {SENTENCES_PER_ARTICLE} sentences per article",
        "articles": total,
        "code_only": best["code"],
        "extract": best["extract"],
        "ingest_duckdb": best["ingest"],
        "db_mib": round(size / 2**20, 1),
        "ratio": round(best["ingest"]["seconds"] / best["extract"]["seconds"], 2),
        "ratio_code_only": round(best["ingest"]["seconds"] / best["code"]["seconds"], 2),
        "ratio_cpu": round(best["ingest"]["cpu_seconds"] / best["extract"]["cpu_seconds"], 2),
    }


def fill_synthetic_events(db: Path, *, events: int = 1_000_000, per_article: int = 5) -> None:
    """A store with ``events`` synthetic events over ten years and 20 actors, built in SQL."""
    from dyads.store.duckdb import DuckDBStore

    actors = ["USA", "RUS", "UKR", "CHN", "IRN", "ISR", "FRA", "DEU", "GBR", "TUR",
              "SYR", "IRQ", "IND", "PAK", "JPN", "PRK", "KOR", "SAU", "EGY", "NATO"]  # fmt: skip
    types = ["ACCUSE", "ASSAULT", "CONSULT", "AGREE", "AID", "COERCE", "THREATEN", "SUPPORT"]
    with DuckDBStore(db) as store:
        con = store.con
        n_articles = events // per_article
        # Constant numbers and fixed lists only: nothing from outside reaches this SQL.
        con.execute(
            "INSERT INTO articles (id, story_id, text, published, outlet, ingested_at)"
            " SELECT 'a' || i, 's' || (i // 3), 'synthetic', "
            " strftime(DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), '%Y-%m-%d'),"
            " 'outlet' || (i % 50), '2024-01-01T00:00:00Z' FROM range(?) t(i)",
            [n_articles],
        )
        con.execute(
            "INSERT INTO events (article_id, id, type, cameo, quad_class, goldstein, source_id,"
            " source_code, target_id, target_code, source_ids, target_ids, hedged, negated,"
            " date, sentence, dyad_key, record, source_keys, target_keys)"
            " SELECT 'a' || (i // ?), 'e' || i, list_element(?, CAST(i % 8 AS INTEGER) + 1),"
            " '01', 1, 0.0, s, s, t, t, s, t, (i % 7 = 0), false,"
            " strftime(DATE '2015-01-01' + CAST((i // ?) % 3650 AS INTEGER), '%Y-%m-%d'), 0,"
            " s || '>' || t, '{}', ';' || s || ';' || s || ';', ';' || t || ';' || t || ';'"
            " FROM (SELECT i, list_element(?, CAST(hash(i) % 20 AS INTEGER) + 1) AS s,"
            " list_element(?, CAST(hash(i * 7 + 1) % 20 AS INTEGER) + 1) AS t"
            " FROM range(?) r(i))",
            [per_article, types, per_article, actors, actors, events],
        )
        for role, column in (("source", "source_id"), ("target", "target_id")):
            con.execute(
                "INSERT INTO event_actors (article_id, event_id, role, pos, actor_id, code)"
                f" SELECT article_id, id, ?, 0, {column}, {column} FROM events",
                [role],
            )
        con.execute("CHECKPOINT")


def dyad_query_latency(*, events: int = 1_000_000, runs: int = 7) -> dict[str, Any]:
    """Milliseconds for the RUS->UKR daily and monthly series over ``events`` events."""
    from dyads.query.filters import EventFilter, count_by_date
    from dyads.store.duckdb import DuckDBStore

    with tempfile.TemporaryDirectory(prefix="dyads-bench-") as tmp:
        db = Path(tmp) / "synthetic.duckdb"
        started = time.perf_counter()
        fill_synthetic_events(db, events=events)
        build_s = time.perf_counter() - started
        dyad = EventFilter(source=("RUS",), target=("UKR",))
        result: dict[str, Any] = {"events": events, "build_s": round(build_s, 2)}
        with DuckDBStore(db) as store:
            for interval in ("day", "month"):
                count_by_date(store, dyad, interval=interval)  # warm the buffer cache
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    series = count_by_date(store, dyad, interval=interval)
                    times.append((time.perf_counter() - t0) * 1000)
                result[f"{interval}_series_ms_median"] = round(statistics.median(times), 1)
                result[f"{interval}_series_ms_max"] = round(max(times), 1)
                result[f"{interval}_points"] = len(series)
                result[f"{interval}_events"] = sum(n for _, n in series)
    return result


def run(*, articles: int | None = None, events: int = 1_000_000) -> dict[str, Any]:
    return {
        "ingest": ingest_throughput(articles=articles),
        "dyad_query": dyad_query_latency(events=events),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, help="Use only the first N articles.")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--scenario", choices=["code", "extract", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scenario:
        result = _scenario(args.scenario, args.corpus, args.db)
    else:
        result = run(articles=args.articles, events=args.events)
    sys.stdout.write(json.dumps(result, indent=None if args.scenario else 2) + "\n")


if __name__ == "__main__":
    main()
