"""`dyads bench`: throughput, memory and a spaCy baseline, measured in one run.

The scenarios live in the checkout's ``benchmarks/`` folder (with the corpus generator and
the store's ingest benchmarks); this module finds them, runs each in a fresh process so that
each peak-memory figure is the scenario's own, and gathers the figures with a description
of the machine. It is a developer tool: it runs from a source checkout.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from dyads.errors import DyadsError
from dyads.pipeline import DEFAULT_EXTRACTOR
from dyads.version import __version__

TARGET_WORDS_PER_S = 50_000
TARGET_SPACY_RATIO = 20.0
TARGET_INGEST_SLOWDOWN = 1.5
TARGET_STARTUP_S = 0.5  # `dyads extract` on one sentence, whole
# `dyads series`, `alerts` and `stats` on a store of QUERY_EVENTS events (benchmarks/query_bench)
QUERY_EVENTS = 10_000_000
QUERY_SMALL_EVENTS = 1_000_000
TARGET_QUERY_MS = 200  # in-process, each
TARGET_QUERY_WHOLE_S = 0.6  # as whole commands, each
SCALING_SIZES = (1_000, 10_000, 100_000)
GROWTH_STORED = (100_000, 1_000_000)  # articles held when the per-batch write cost is measured
TARGET_WRITE_GROWTH = 1.2  # per-batch write cost at 1M stored / into an empty store
TARGET_SPEEDUP = 1.6  # two workers against one process
# A day of GDELT-sized news: what the scaling run's rate is extrapolated to.
GDELT_DAY_ARTICLES, GDELT_DAY_WORDS = 300_000, 150_000_000
TARGET_GDELT_DAY_MINUTES = 25.0

Progress = Callable[[str], None]


def benchmarks_dir() -> Path:
    """The checkout's ``benchmarks/`` folder ($DYADS_BENCHMARKS, beside src/, or ./)."""
    candidates = [
        os.environ.get("DYADS_BENCHMARKS"),
        Path(__file__).resolve().parents[2] / "benchmarks",
        Path.cwd() / "benchmarks",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "scenarios.py").exists():
            return Path(candidate)
    raise DyadsError(
        "dyads bench runs from a source checkout: no benchmarks/scenarios.py found "
        "(set DYADS_BENCHMARKS to the folder)"
    )


def _call(folder: str, module: str, function: str, kwargs: dict[str, Any]) -> Any:
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return getattr(importlib.import_module(module), function)(**kwargs)


def run_isolated(function: str, *, module: str = "scenarios", **kwargs: Any) -> Any:
    """Run ``benchmarks/<module>.<function>(**kwargs)`` in a fresh process; its result."""
    folder = str(benchmarks_dir())
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_call, folder, module, function, kwargs).result()


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        ram = 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gb": round(ram / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "dyads": __version__,
        # Other work on the machine slows every figure: say how busy it was.
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def _ingest_figures(progress: Progress) -> dict[str, Any]:
    """Ingest of the benchmark text against extraction alone: the store's own benchmark."""
    try:
        store = run_isolated("ingest_throughput", module="ingest_bench")
    except (ImportError, AttributeError) as err:
        progress(f"the store's ingest benchmark is unavailable ({err}); using scenarios'")
        return dict(run_isolated("ingest_bench_text"))
    stored, extract = store["ingest_duckdb"], store["extract"]
    return {
        "input": store.get("input"),
        "articles": stored["articles"],
        "events": stored["events"],
        "seconds": stored["seconds"],
        "articles_per_s": stored["articles_per_s"],
        "peak_rss_mb": stored["peak_rss_mib"],
        "db_mb": store.get("db_mib"),
        "extract_articles_per_s": extract["articles_per_s"],
        "extract_peak_rss_mb": extract["peak_rss_mib"],
        "slowdown_vs_extract": store["ratio"],
    }


def _query_figures(progress: Progress) -> dict[str, Any] | None:
    try:
        return dict(
            run_isolated("run", module="query_bench", events=QUERY_EVENTS, small=QUERY_SMALL_EVENTS)
        )
    except (ImportError, AttributeError) as err:
        progress(f"the query latency benchmark is unavailable ({err})")
        return None


def run_bench(
    *,
    sample: int = 1000,
    baseline: bool = True,
    ingest: bool = True,
    query: bool = True,
    extractor: str = DEFAULT_EXTRACTOR,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Measure extraction, ingest, query latency and the spaCy baseline; return the figures.

    Takes about a minute or two; each scenario runs in its own process.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    result: dict[str, Any] = {"machine": machine(), "extractor": extractor}
    say("extraction, one process")
    result["extraction"] = run_isolated("extraction", extractor=extractor)
    say("start-up: dyads extract on one sentence")
    result["startup"] = run_isolated("startup")
    if ingest:
        say("ingest into DuckDB")
        figures = _ingest_figures(say)
        if "slowdown_vs_extract" not in figures and figures.get("articles_per_s"):
            # scenarios' fallback ingests the very articles that extraction timed
            rate = result["extraction"]["articles_per_s"]
            figures["slowdown_vs_extract"] = round(rate / figures["articles_per_s"], 2)
        result["ingest"] = figures
    if query:
        say(f"series, alerts and stats over {QUERY_EVENTS:,} synthetic events")
        latency = _query_figures(say)
        if latency is not None:
            result["query"] = latency
    if baseline:
        say(f"spaCy baseline on {sample} sentences")
        spacy = run_isolated("spacy_baseline", sample=sample)
        if "skipped" not in spacy:
            ours = run_isolated("dyads_on_sample", sample=sample, extractor=extractor)
            spacy["dyads_words_per_s"] = ours["words_per_s"]
            spacy["ratio"] = round(ours["words_per_s"] / spacy["words_per_s"], 1)
        result["baseline"] = spacy
    result["targets"] = _targets(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _targets(result: dict[str, Any]) -> dict[str, Any]:
    targets: dict[str, Any] = {
        "words_per_s": {
            "target": TARGET_WORDS_PER_S,
            "measured": result["extraction"]["words_per_s"],
        }
    }
    targets["words_per_s"]["met"] = targets["words_per_s"]["measured"] >= TARGET_WORDS_PER_S
    startup = result.get("startup", {}).get("whole_s_best")
    if startup is not None:
        met = startup <= TARGET_STARTUP_S
        targets["startup_s"] = {"target": TARGET_STARTUP_S, "measured": startup, "met": met}
    ratio = result.get("baseline", {}).get("ratio")
    if ratio is not None:
        targets["spacy_ratio"] = {
            "target": TARGET_SPACY_RATIO,
            "measured": ratio,
            "met": ratio >= TARGET_SPACY_RATIO,
        }
    large = result.get("query", {}).get("large", {})
    for name in ("series", "alerts", "stats"):
        ms = large.get("in_process", {}).get(f"{name}_ms")
        if ms is not None:
            targets[f"{name}_ms"] = {"target": TARGET_QUERY_MS, "measured": ms}
            targets[f"{name}_ms"]["met"] = ms <= TARGET_QUERY_MS
        whole = large.get("whole", {}).get(f"{name}_s")
        if whole is not None:
            targets[f"{name}_whole_s"] = {"target": TARGET_QUERY_WHOLE_S, "measured": whole}
            targets[f"{name}_whole_s"]["met"] = whole <= TARGET_QUERY_WHOLE_S
    slowdown = result.get("ingest", {}).get("slowdown_vs_extract")
    if slowdown is not None:
        targets["ingest_slowdown"] = {
            "target": TARGET_INGEST_SLOWDOWN,
            "measured": slowdown,
            "met": slowdown <= TARGET_INGEST_SLOWDOWN,
        }
    return targets


def run_scaling(
    *,
    sizes: tuple[int, ...] = SCALING_SIZES,
    per_article: int = 3,
    speedup_size: int = 10_000,
    stored: tuple[int, ...] = GROWTH_STORED,
    workers: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Ingest synthetic corpora of each size (with ``workers``, default every usable core);
    then 1 vs 2 workers on ``speedup_size``; then the per-batch write cost into stores that
    already hold ``stored`` articles against an empty one; and a GDELT day extrapolated."""
    from dyads.runs.parallel import default_workers

    say = progress or (lambda _message: None)
    started = time.perf_counter()
    use = workers or default_workers()
    rows = []
    for size in sizes:
        say(f"scaling: {size:,} articles, {use} worker(s)")
        rows.append(
            run_isolated("scaling_point", articles=size, per_article=per_article, workers=use)
        )
    result: dict[str, Any] = {"machine": machine(), "per_article": per_article, "rows": rows}
    speedup: dict[str, Any] = {"articles": speedup_size}
    for count in (1, 2):
        say(f"workers: {count} on {speedup_size:,} articles")
        speedup["load_average_1min"] = round(os.getloadavg()[0], 2)
        try:
            point = run_isolated(
                "scaling_point", articles=speedup_size, per_article=per_article, workers=count
            )
        except TypeError as err:  # an ingest without the workers option
            speedup["error"] = str(err)
            break
        speedup[f"workers_{count}"] = point
    if "workers_1" in speedup and "workers_2" in speedup:
        speedup["speedup"] = round(
            speedup["workers_1"]["seconds"] / speedup["workers_2"]["seconds"], 2
        )
    result["workers"] = speedup
    if stored:
        say(f"write cost per batch into stores of {', '.join(f'{n:,}' for n in stored)} articles")
        result["write_growth"] = run_isolated("write_growth", module="write_growth", stored=stored)
    measured = [*rows, *([speedup["workers_2"]] if "workers_2" in speedup else [])]
    if measured:
        # The largest run with every core the machine gives: what a day's ingest would use.
        result["gdelt_day"] = gdelt_day(max(measured, key=lambda row: row["words"]))
    result["targets"] = _scaling_targets(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def gdelt_day(row: dict[str, Any]) -> dict[str, Any]:
    """A GDELT-sized day (300,000 articles, 150 M words) at a measured row's rate per word.

    Per word, because the day's articles are longer than the synthetic ones (500 words against
    about 80): each article's fixed costs, here spread over fewer words, make this an upper
    estimate."""
    seconds = row["seconds"] * GDELT_DAY_WORDS / max(1, row["words"])
    return {
        "from_articles": row["articles"],
        "from_words": row["words"],
        "workers": row.get("workers"),
        "articles": GDELT_DAY_ARTICLES,
        "words": GDELT_DAY_WORDS,
        "minutes": round(seconds / 60, 1),
    }


def _scaling_targets(result: dict[str, Any]) -> dict[str, Any]:
    targets: dict[str, Any] = {}
    growth = result.get("write_growth", {})
    points = growth.get("points", [])
    if points:
        largest = max(points, key=lambda p: p["stored_articles"])
        ratio = largest["ratio_mean"]  # the mean: checkpoints' batches count too
        targets["write_growth"] = {
            "target": TARGET_WRITE_GROWTH,
            "measured": ratio,
            "met": ratio <= TARGET_WRITE_GROWTH,
            "median": largest["ratio_median"],
            "max": largest.get("ratio_max"),
        }
    speedup = result.get("workers", {}).get("speedup")
    if speedup is not None:
        targets["speedup"] = {
            "target": TARGET_SPEEDUP,
            "measured": speedup,
            "met": speedup >= TARGET_SPEEDUP,
        }
    day = result.get("gdelt_day")
    if day:
        targets["gdelt_day_minutes"] = {
            "target": TARGET_GDELT_DAY_MINUTES,
            "measured": day["minutes"],
            "met": day["minutes"] < TARGET_GDELT_DAY_MINUTES,
        }
    rows = result.get("rows", [])
    if "ingest_peak_ratio" in growth:
        # An ingest's peak into the largest pre-filled store (1M articles) against the smallest
        # (100k): what "memory flat as the store grows" means.
        ratio = growth["ingest_peak_ratio"]
        targets["memory_growth"] = {"target": 1.2, "measured": ratio, "met": ratio <= 1.2}
    if len(rows) >= 2:
        ordered = sorted(rows, key=lambda row: row["articles"])
        ratio = round(ordered[-1]["peak_rss_mb"] / ordered[-2]["peak_rss_mb"], 2)
        name = "memory_growth_corpus" if "memory_growth" in targets else "memory_growth"
        targets[name] = {"target": 1.2, "measured": ratio, "met": ratio <= 1.2}
    return targets
