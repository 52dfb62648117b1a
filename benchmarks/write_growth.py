"""How the cost of writing one ingest batch grows with what the store already holds.

    python benchmarks/write_growth.py [--stored 100000,1000000] [--rounds 4]

Real batches (synthetic corpus articles coded by the pipeline, with their story ids and
MinHash signatures) are written through the store's own writer (``write_rows``: id lookups,
representative flags, inserts, commit and DuckDB's automatic checkpoints) into two stores side
by side: one empty, one pre-filled with ``stored`` articles. The pre-fill copies the coded
batches' rows in SQL under new ids (a per-copy hex prefix, so that ids of old and new articles
interleave as content-hash ids do and no zone map can skip old rows); it takes a minute or two
for a million articles instead of the half hour of coding them. Batches alternate between the
two stores, so that other work on the machine slows both alike: the figure is the ratio.

Then, for memory, a real ingest (``dyads ingest`` of a fresh synthetic corpus, one process)
into each pre-filled store, in a fresh process of its own: its peak resident set, for the
ratio between the largest and the smallest store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora

from dyads.store.rows import Row

BATCH = 250  # the ingest's default batch size
TEMPLATE_BATCHES = 12
# Where each table keeps ids that must be unique per copy: its id columns.
ID_COLUMNS = {
    "articles": ("id", "story_id"),
    "sentences": ("article_id",),
    "mentions": ("article_id",),
    "events": ("article_id", "id"),
    "event_actors": ("article_id", "event_id"),
    "ingest_state": ("input_key", "article_id"),
    "article_minhash": ("article_id",),
}
Tables = dict[str, list[Row]]


def coded_batches(
    *, batches: int = TEMPLATE_BATCHES, size: int = BATCH, sentences: list[str] | None = None
) -> list[Tables]:
    """Rows of ``batches`` ingest batches of a seeded synthetic corpus, as the ingest builds
    them (story ids from the near-duplicate index; a resume mark per article, as for URLs)."""
    from dyads.ingest.dedup import StoryIndex
    from dyads.ingest.normalise import make_article
    from dyads.pipeline import Pipeline
    from dyads.store.rows import BatchItem, Rows, add_item

    pipeline, stories = Pipeline(), StoryIndex()
    text = sentences or corpora.load_sentences()
    records = list(corpora.make_corpus(text, batches * size, seed=3))
    found = []
    for start in range(0, len(records), size):
        rows = Rows()
        for record in records[start : start + size]:
            article = make_article(
                record["text"],
                article_id=record["id"],
                published=record["published"],
                outlet=record["outlet"],
            )
            story_id, signed = stories.assign(article.id, article.text)
            doc = pipeline(replace(article, story_id=story_id))
            item = BatchItem(doc, signed, (f"url:{article.id}",))
            add_item(rows, item, ingested_at="", extractor="rules/1", data_version="bench")
        found.append(rows.tables)
    return found


def renamed(tables: Tables, prefix: str, stamp: str) -> Tables:
    """The batch under new ids (``prefix`` before each), stamped ``stamp``."""
    from dyads.store.schema import TABLES

    out: Tables = {}
    for table, rows in tables.items():
        names = [name for name, _ in TABLES[table]]
        ids = {at for at, name in enumerate(names) if name in ID_COLUMNS[table]}
        times = {at for at, name in enumerate(names) if name in ("ingested_at", "done_at")}
        out[table] = [
            tuple(
                prefix + value
                if at in ids and value is not None
                else stamp
                if at in times
                else value
                for at, value in enumerate(row)
            )
            for row in rows
        ]
    return out


def prefill(store: Any, template: list[Tables], articles: int) -> float:
    """Fill an empty store with about ``articles`` articles copied from ``template``, in SQL."""
    from dyads.store.schema import TABLES

    started = time.perf_counter()
    per_copy = sum(len(batch["articles"]) for batch in template)
    copies = -(-articles // per_copy)
    con = store.con
    for table in TABLES:
        rows = [row for batch in template for row in batch.get(table, [])]
        store.insert_rows(table, rows)
        con.execute(f"CREATE TEMP TABLE template_{table} AS SELECT * FROM {table}")
        con.execute(f"DELETE FROM {table}")
    for table, columns in TABLES.items():
        values = ", ".join(
            f"copy.prefix || {name}" if name in ID_COLUMNS[table] else name for name, _ in columns
        )
        con.execute(
            f"INSERT INTO {table} SELECT {values} FROM (SELECT substr(md5(c::VARCHAR), 1, 12)"
            f" AS prefix FROM range({copies}) r(c)) copy, template_{table}"
        )
        con.execute(f"DROP TABLE template_{table}")
    con.execute("CHECKPOINT")
    return time.perf_counter() - started


def _wal_bytes(store: Any) -> int:
    try:
        return os.path.getsize(store.url + ".wal")
    except OSError:
        return 0


def _write(store: Any, tables: Tables, checkpoints: list[float] | None = None) -> float:
    """Write one batch; its time. A batch whose commit checkpointed (the WAL shrank) also
    goes to ``checkpoints``."""
    from dyads.store.rows import Rows

    wal = _wal_bytes(store)
    started = time.perf_counter()
    store.write_rows(Rows({table: list(rows) for table, rows in tables.items()}))
    took = time.perf_counter() - started
    if checkpoints is not None and _wal_bytes(store) < wal:
        checkpoints.append(took)
    return took


def _summary(times: list[float], checkpoints: list[float]) -> dict[str, float]:
    median = statistics.median(times)
    slow = [t for t in times if t > 5 * median]  # a checkpoint's batch, mostly
    return {
        "checkpoints": len(checkpoints),  # batches whose commit checkpointed
        "checkpoint_max_ms": round(1000 * max(checkpoints, default=0.0), 1),
        "mean_ms": round(1000 * statistics.fmean(times), 1),
        "median_ms": round(1000 * median, 1),
        "max_ms": round(1000 * max(times), 1),
        "slow_batches": len(slow),  # over 5 times the median
        "slow_share": round(sum(slow) / sum(times), 2),  # of all the time
    }


INGEST_ARTICLES = 3_000  # the ingest whose peak memory is measured in each pre-filled store


def ingest_peak(
    *, db: str, articles: int = INGEST_ARTICLES, sentences: list[str] | None = None
) -> dict[str, Any]:
    """Ingest ``articles`` synthetic articles into the store at ``db`` (run in a fresh
    process: its peak resident set is the ingest's)."""
    import scenarios

    text = sentences or corpora.load_sentences()
    with tempfile.TemporaryDirectory(prefix="dyads-growth-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for record in corpora.make_corpus(text, articles, per_article=3, seed=11):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return scenarios.ingest_corpus(corpus, db=Path(db))


def _isolated(function: Any, **kwargs: Any) -> Any:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, **kwargs).result()


def write_growth(
    *,
    stored: tuple[int, ...] = (100_000, 1_000_000),
    rounds: int = 4,
    batches: int = TEMPLATE_BATCHES,
    size: int = BATCH,
    sentences: list[str] | None = None,
    ingest_articles: int = INGEST_ARTICLES,
) -> dict[str, Any]:
    """Per-batch write cost into an empty store and into stores of ``stored`` articles; and
    the peak memory of an ingest of ``ingest_articles`` into each (0: not measured)."""
    from dyads.store.duckdb import DuckDBStore

    template = coded_batches(batches=batches, size=size, sentences=sentences)
    result: dict[str, Any] = {
        "batch_articles": size,
        "batches_timed": rounds * len(template),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "points": [],
    }
    for size in stored:
        with tempfile.TemporaryDirectory(prefix="dyads-growth-") as tmp:
            empty, full = (
                DuckDBStore(Path(tmp) / "empty.duckdb"),
                DuckDBStore(Path(tmp) / "full.duckdb"),
            )
            # The pre-fill is a bulk load, not an ingest: it may use more of DuckDB's cache.
            full.con.execute("SET memory_limit = '1GB'")
            fill_s = prefill(full, template, size)
            own = full._memory_limit
            full.con.execute(f"SET memory_limit = '{own}'" if own else "RESET memory_limit")
            held = full.count("articles")
            times: dict[str, list[float]] = {"empty": [], "full": []}
            checkpoints: dict[str, list[float]] = {"empty": [], "full": []}
            first: dict[str, float] = {}
            with empty.bulk_writes(), full.bulk_writes():
                # The first batch of an ingest builds the id filter from the store: timed apart.
                warm = renamed(template[0], "warm-", "2026-01-01T00:00:00Z")
                first = {"empty": _write(empty, warm), "full": _write(full, warm)}
                for round_ in range(rounds):
                    # One prefix a round: a copy's story, founded in an earlier batch of the
                    # round, is one the writer has just written (as in an ingest).
                    prefix = hashlib.md5(f"round-{round_}".encode()).hexdigest()[:12]
                    for number, batch in enumerate(template):
                        tables = renamed(batch, prefix, f"2026-01-02T00:{round_:02d}:{number:02d}Z")
                        pair = ("empty", "full") if number % 2 == 0 else ("full", "empty")
                        for name in pair:
                            store = empty if name == "empty" else full
                            times[name].append(_write(store, tables, checkpoints[name]))
            size_mb = round(os.path.getsize(full.url) / 2**20)
            empty.close()
            full.close()
            ingest = (
                _isolated(ingest_peak, db=full.url, articles=ingest_articles, sentences=sentences)
                if ingest_articles
                else None
            )
        point = {
            "stored_articles": held,
            "prefill_s": round(fill_s, 1),
            "database_mb": size_mb,
            "empty": _summary(times["empty"], checkpoints["empty"]),
            "full": _summary(times["full"], checkpoints["full"]),
            "first_batch_ms": {k: round(1000 * v, 1) for k, v in first.items()},
        }
        point["ratio_mean"] = round(point["full"]["mean_ms"] / point["empty"]["mean_ms"], 2)
        point["ratio_median"] = round(point["full"]["median_ms"] / point["empty"]["median_ms"], 2)
        point["ratio_max"] = round(point["full"]["max_ms"] / point["empty"]["max_ms"], 2)
        if ingest is not None:
            point["ingest"] = ingest  # a real ingest into the pre-filled store: its peak memory
        result["points"].append(point)
    peaks = [p["ingest"]["peak_rss_mb"] for p in result["points"] if "ingest" in p]
    if len(peaks) >= 2:  # points are in the order of ``stored``: largest against smallest
        result["ingest_peak_ratio"] = round(peaks[-1] / peaks[0], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", default="100000,1000000")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--ingest", type=int, default=INGEST_ARTICLES, help="0: no memory run")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.stored.split(",") if s.strip())
    result = write_growth(stored=sizes, rounds=args.rounds, ingest_articles=args.ingest)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
