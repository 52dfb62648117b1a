"""What users run against a large store: `dyads series`, `alerts`, `stats` and `network`.

A synthetic news store is built by bulk SQL in DuckDB (never through the coder): articles in
publication order over ten years, three copies per story (syndication) that share their
events, actors and types drawn with a heavy tail (a few dyads make most of the news, as in
real data), 10 % of events hedged, mentions and event actors as ingest writes them, the story
representative set as the writer sets it, and the writer's daily counts (``dyad_days``)
filled by the writer's own function. Each query is timed in-process (median of ``runs``) and
as a whole command (process start to exit, best of ``runs``), on a small and on a large store
in the same run: the large-to-small ratio shows whether a query's cost follows the store or
its window.

    python benchmarks/query_bench.py --events 10000000 --small 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ACTORS = 60
DAYS = 3650
PER_ARTICLE = 5
PER_STORY = 3
# Eight PLOVER types with their CAMEO root, quad class and Goldstein score.
TYPES = [
    ("ACCUSE", "11", 3, -2.0),
    ("CONSULT", "04", 1, 1.0),
    ("ASSAULT", "19", 4, -10.0),
    ("AGREE", "05", 1, 3.5),
    ("AID", "07", 2, 7.0),
    ("THREATEN", "13", 3, -4.4),
    ("COERCE", "17", 4, -7.0),
    ("SUPPORT", "05", 1, 3.0),
]
# The two best-known states first: the heavy tail makes them the busiest dyad.
NAMED = ["USA", "RUS", "UKR", "CHN", "IRN", "ISR", "FRA", "DEU", "GBR", "TUR"]


def _actors() -> tuple[list[str], list[str]]:
    """Ids and names of ``ACTORS`` states of the packaged dictionary, NAMED first."""
    from dyads.actors.dictionary import ActorDictionary

    states = {
        e.actor.id: e.actor.name
        for e in ActorDictionary.load().entries.values()
        if e.actor.id == e.actor.code and len(e.actor.id) == 3
    }
    ids = NAMED + sorted(set(states) - set(NAMED))[: ACTORS - len(NAMED)]
    return ids, [states[i] for i in ids]


def fill_news_store(db: Path, *, events: int) -> dict[str, Any]:
    """Build the synthetic store at ``db``; its sizes and the seconds it took."""
    from dyads.store.daily import refresh_days
    from dyads.store.duckdb import DuckDBStore

    started = time.perf_counter()
    articles = max(PER_STORY, events // PER_ARTICLE)
    codes, names = _actors()
    type_names = [t[0] for t in TYPES]
    cameos = [t[1] for t in TYPES]
    quads = [t[2] for t in TYPES]
    scores = [t[3] for t in TYPES]
    with DuckDBStore(db) as store:
        con = store.con
        con.execute("SET memory_limit = '1500MB'")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")
        # Only constants and fixed lists reach this SQL; sizes go in as parameters.
        con.execute(
            "INSERT INTO articles (id, story_id, text, title, published, outlet, ingested_at,"
            " extractor, data_version)"
            " SELECT 'a' || i, 'a' || (i - i % ?), 'synthetic', 'Synthetic ' || i,"
            " strftime(DATE '2015-01-01' + CAST(i * ? // ? AS INTEGER), '%Y-%m-%d'),"
            " 'outlet' || (i % 50), '2025-01-01T00:00:00Z', 'rules/1', 'synthetic'"
            " FROM range(?) t(i)",
            [PER_STORY, DAYS, articles, articles],
        )
        # Each event slot of a story draws its dyad and type once, so the story's copies
        # carry the same events (with their own ids, and their own hedging).
        con.execute(
            "CREATE TEMP TABLE drawn AS SELECT k, art, j, day, story,"
            " CAST(floor(pow(u1, 2.5) * ?) AS INTEGER) + 1 AS si,"
            " (CAST(floor(pow(u1, 2.5) * ?) AS INTEGER) + CAST(floor(pow(u2, 2.5) * (? - 1))"
            "  AS INTEGER) + 1) % ? + 1 AS ti,"
            " CAST(floor(pow(u3, 1.5) * ?) AS INTEGER) + 1 AS ty,"
            " (hash(k * 31 + 5) % 10 = 0) AS hedged"
            " FROM (SELECT k, art, j, art * ? // ? AS day, art - art % ? AS story,"
            "  (hash(slot * 3 + 1) % 1000003) / 1000003.0 AS u1,"
            "  (hash(slot * 3 + 2) % 1000003) / 1000003.0 AS u2,"
            "  (hash(slot * 3 + 3) % 1000003) / 1000003.0 AS u3"
            "  FROM (SELECT k, k // ? AS art, k % ? AS j,"
            "   ((k // ?) - (k // ?) % ?) * 16 + k % ? AS slot FROM range(?) r(k)))",
            [ACTORS, ACTORS, ACTORS, ACTORS, len(TYPES), DAYS, articles, PER_STORY,
             PER_ARTICLE, PER_ARTICLE, PER_ARTICLE, PER_ARTICLE, PER_STORY, PER_ARTICLE,
             articles * PER_ARTICLE],
        )  # fmt: skip
        con.execute(
            "INSERT INTO events (article_id, id, type, cameo, quad_class, goldstein, source_id,"
            " source_code, source_name, target_id, target_code, target_name, source_ids,"
            " target_ids, quoted, hedged, negated, hypothetical, date, date_precision, sentence,"
            " trigger_text, evidence_text, extractor, data_version, confidence, record,"
            " dyad_key, source_keys, target_keys, representative)"
            " SELECT 'a' || art, 'e' || k, tn, cm, qc, gs, s, s, sn, t, t, tname, s, t, false,"
            " hedged, false, false,"
            " strftime(DATE '2015-01-01' + CAST(day AS INTEGER), '%Y-%m-%d'), 'day', j,"
            " 'condemned', 'Synthetic sentence ' || k || '.', 'rules/1', 'synthetic', 0.8, '{}',"
            " dk, ';' || s || ';' || s || ';', ';' || t || ';' || t || ';',"
            " row_number() OVER (PARTITION BY story, dk ORDER BY 'e' || k) = 1"
            " FROM (SELECT *, list_element(?, si) AS s, list_element(?, ti) AS t,"
            "  list_element(?, si) AS sn, list_element(?, ti) AS tname,"
            "  list_element(?, ty) AS tn, list_element(?, ty) AS cm,"
            "  list_element(?, ty) AS qc, list_element(?, ty) AS gs,"
            "  list_element(?, ty) || '||' || list_element(?, si) || '|'"
            "  || list_element(?, ti) || '|' AS dk FROM drawn)"
            " ORDER BY k",
            [codes, codes, names, names, type_names, cameos, quads, scores, type_names,
             codes, codes],
        )  # fmt: skip
        con.execute("DROP TABLE drawn")
        for role, column, idx in (("source", "source", 0), ("target", "target", 1)):
            con.execute(
                "INSERT INTO event_actors (article_id, event_id, role, pos, actor_id, code)"
                f" SELECT article_id, id, ?, 0, {column}_id, {column}_code FROM events",
                [role],
            )
            con.execute(
                "INSERT INTO mentions (article_id, idx, sentence, actor_id, code, name,"
                " start_off, end_off)"
                f" SELECT article_id, sentence * 2 + ?, sentence, {column}_id, {column}_code,"
                f" {column}_name, 0, 1 FROM events",
                [idx],
            )
        with store.transaction():
            refresh_days(store, None)  # the writer's own fold, over every day
        con.execute("CHECKPOINT")
        counts = {
            table: store.fetch(f"SELECT COUNT(*) FROM {table}")[0][0]
            for table in ("articles", "events", "dyad_days")
        }
    counts["db_mib"] = round(db.stat().st_size / 2**20, 1)
    counts["build_s"] = round(time.perf_counter() - started, 1)
    return counts


def _median_ms(call: Callable[[], Any], runs: int) -> float:
    call()  # the first run warms DuckDB's buffer cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def in_process(db: Path, *, runs: int) -> dict[str, float]:
    """Milliseconds per query, the store opened once (as the API holds it)."""
    from dyads.query.alerts import find_alerts
    from dyads.query.filters import EventFilter
    from dyads.query.network import network
    from dyads.query.scope import Scope
    from dyads.query.series import dyad_series
    from dyads.query.summary import stats
    from dyads.store import open_store

    with open_store(db) as store:
        last = store.fetch("SELECT MAX(date) FROM dyad_days")[0][0]
        month = last[:7]
        return {
            "series_ms": _median_ms(lambda: dyad_series(store, "USA", "RUS"), runs),
            "series_month_ms": _median_ms(
                lambda: dyad_series(store, "USA", "RUS", scope=Scope(since=month)), runs
            ),
            "alerts_ms": _median_ms(lambda: find_alerts(store), runs),
            "stats_ms": _median_ms(lambda: stats(store), runs),
            "stats_type_ms": _median_ms(
                lambda: stats(store, EventFilter(types=("ASSAULT",))), runs
            ),
            "network_month_ms": _median_ms(lambda: network(store, scope=Scope(since=month)), runs),
        }


COMMANDS = {
    "series": ["series", "USA", "RUS"],
    "alerts": ["alerts"],
    "stats": ["stats"],
}


def whole_commands(db: Path, *, runs: int) -> dict[str, float]:
    """Seconds per command, process start to exit (best of ``runs``), output to a file; and
    its CPU seconds (user + system, best of ``runs``), which a loaded machine inflates less
    than the wall clock."""
    import resource

    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, args in COMMANDS.items():
            command = [sys.executable, "-m", "dyads", *args, "--db", str(db), "-o"]
            best = cpu = float("inf")
            for n in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(
                    [*command, str(Path(folder) / f"{name}{n}.txt")],
                    check=True,
                    stderr=subprocess.DEVNULL,
                )
                best = min(best, time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                cpu = min(cpu, used)
            found[f"{name}_s"] = round(best, 3)
            found[f"{name}_cpu_s"] = round(cpu, 3)
    return found


def run(*, events: int = 10_000_000, small: int = 1_000_000, runs: int = 5) -> dict[str, Any]:
    result: dict[str, Any] = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="dyads-qbench-") as tmp:
        for label, size in (("small", small), ("large", events)):
            db = Path(tmp) / f"{label}.duckdb"
            figures: dict[str, Any] = {"store": fill_news_store(db, events=size)}
            figures["in_process"] = in_process(db, runs=runs)
            figures["whole"] = whole_commands(db, runs=runs)
            result[label] = figures
            db.unlink()
    ratios = {}
    for part in ("in_process", "whole"):
        for key, large in result["large"][part].items():
            small_value = result["small"][part][key]
            ratios[f"{part}.{key}"] = round(large / small_value, 2) if small_value else None
    result["large_to_small"] = ratios
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.stdout.write(
        json.dumps(run(events=args.events, small=args.small, runs=args.runs), indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
