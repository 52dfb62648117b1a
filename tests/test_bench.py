"""The benchmark's corpus generator and helpers (the benchmark itself is `dyads bench`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from dyads.bench import benchmarks_dir, machine

SENTENCES = [f"Country {n} and country {n + 1} signed trade accord number {n}." for n in range(40)]


def _corpora() -> ModuleType:
    path = benchmarks_dir() / "corpora.py"
    spec = importlib.util.spec_from_file_location("bench_corpora", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_corpora", module)
    spec.loader.exec_module(module)
    return module


def test_corpora_are_seeded_and_hold_the_asked_copies() -> None:
    corpora = _corpora()
    first = list(corpora.make_corpus(SENTENCES, 400, per_article=3, exact_dup=0.1, near_dup=0.1))
    again = list(corpora.make_corpus(SENTENCES, 400, per_article=3, exact_dup=0.1, near_dup=0.1))
    assert first == again
    assert len({r["id"] for r in first}) == 400
    texts = [r["text"] for r in first]
    copies = len(texts) - len(set(texts))
    assert 20 <= copies <= 60  # about 10 % exact copies, under new ids
    assert all(len(r["text"].split(". ")) == 3 for r in first)


def test_sentence_articles_cut_the_text_in_order() -> None:
    articles = _corpora().sentence_articles(SENTENCES[:7], per_article=3)
    assert [len(a["text"].split(". ")) for a in articles] == [3, 3, 1]
    assert articles[0]["text"].startswith(SENTENCES[0])


def test_machine_names_what_the_figures_ran_on() -> None:
    info = machine()
    assert info["cores"] >= 1 and info["ram_gb"] > 0 and info["python"].count(".") == 2
    assert Path(benchmarks_dir() / "scenarios.py").exists()


def test_startup_scenario_times_a_whole_extract_and_its_parts() -> None:
    from dyads.bench import run_isolated

    figures = run_isolated("startup", runs=1)
    assert 0 < figures["whole_s_best"] <= figures["whole_s_median"] + 1e-9
    for part in ("import_s", "actors_s", "extractor_s", "first_article_s"):
        assert figures[part] > 0


def _query_bench() -> ModuleType:
    path = benchmarks_dir() / "query_bench.py"
    spec = importlib.util.spec_from_file_location("bench_query", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_query", module)
    spec.loader.exec_module(module)
    return module


def test_the_query_bench_store_is_what_ingest_would_write(tmp_path: Path) -> None:
    from dyads.query.scope import Scope
    from dyads.query.series import dyad_series
    from dyads.store import open_store

    bench = _query_bench()
    db = tmp_path / "news.duckdb"
    sizes = bench.fill_news_store(db, events=30_000)
    assert sizes["events"] == 30_000 and sizes["articles"] == 6_000
    with open_store(db) as store:
        # The writer's picks: one per (story, dyad key), as the story_events view has them.
        picked = store.fetch("SELECT id FROM events WHERE representative")
        assert {r[0] for r in picked} == {
            r[0] for r in store.fetch("SELECT event_id FROM story_events")
        }
        assert store.fetch("SELECT COUNT(*) FROM events WHERE representative IS NULL") == [(0,)]
        names = ", ".join(
            f"e.{c}" for c in ("date", "type", "source_keys", "target_keys", "representative")
        )
        fresh = store.fetch(f"SELECT {names}, COUNT(*) FROM events e GROUP BY {names} ORDER BY ALL")
        kept = store.fetch(
            f"SELECT {names}, SUM(e.n) FROM dyad_days e GROUP BY {names} ORDER BY ALL"
        )
        assert kept == fresh
        # The heavy tail: the two first actors are the busiest dyad, counted once per story.
        series = dyad_series(store, "USA", "RUS")
        assert series.totals().total > 100
        mentions = dyad_series(store, "USA", "RUS", scope=Scope(per_story=False))
        assert mentions.totals().total > series.totals().total
    figures = bench.in_process(db, runs=1)
    assert set(figures) >= {"series_ms", "alerts_ms", "stats_ms"}
    assert all(ms > 0 for ms in figures.values())


_STATES = ("France", "Germany", "Japan", "Brazil", "Kenya", "Chile", "India", "Canada")
# Sentences with actors and events, so that the coded batches hold event rows.
CODED = [
    f"{a} condemned {b} over the border clash on Monday."
    for a in _STATES
    for b in _STATES
    if a != b
]


def _growth() -> ModuleType:
    sys.path.insert(0, str(benchmarks_dir()))
    import write_growth

    return write_growth


def test_prefill_copies_coded_batches_under_ids_of_their_own(tmp_path: Path) -> None:
    from dyads.store.duckdb import DuckDBStore

    growth = _growth()
    template = growth.coded_batches(batches=2, size=10, sentences=CODED)
    store = DuckDBStore(tmp_path / "full.duckdb")
    growth.prefill(store, template, 50)  # 3 copies of the 20 template articles
    assert store.count("articles") == 60
    assert store.fetch("SELECT COUNT(DISTINCT id) FROM articles") == [(60,)]
    events = sum(len(batch.get("events", [])) for batch in template)
    assert events > 0 and store.count("events") == 3 * events
    assert store.fetch("SELECT COUNT(DISTINCT id) FROM events") == [(3 * events,)]
    # Every article's rows point at it under its new id; no template id is left.
    orphans = "SELECT COUNT(*) FROM events e WHERE e.article_id NOT IN (SELECT id FROM articles)"
    assert store.fetch(orphans) == [(0,)]
    assert store.fetch("SELECT COUNT(*) FROM articles WHERE id LIKE 'bench-%'") == [(0,)]
    renamed = growth.renamed(template[0], "x-", "2026-01-01T00:00:00Z")
    assert all(row[0].startswith("x-") for row in renamed["articles"])
    assert {row[12] for row in renamed["articles"]} == {"2026-01-01T00:00:00Z"}
    store.close()


def test_write_growth_writes_batches_into_both_stores_and_gives_the_ratio() -> None:
    figures = _growth().write_growth(
        stored=(40, 100), rounds=1, batches=2, size=10, sentences=SENTENCES, ingest_articles=12
    )
    small, point = figures["points"]
    assert point["stored_articles"] >= 100
    assert point["empty"]["mean_ms"] > 0 and point["full"]["mean_ms"] > 0
    assert point["ratio_mean"] == round(point["full"]["mean_ms"] / point["empty"]["mean_ms"], 2)
    assert point["ratio_max"] == round(point["full"]["max_ms"] / point["empty"]["max_ms"], 2)
    # A real ingest into each pre-filled store, in a process of its own: its peak memory.
    assert small["ingest"]["added"] == point["ingest"]["added"] == 12
    peaks = small["ingest"]["peak_rss_mb"], point["ingest"]["peak_rss_mb"]
    assert figures["ingest_peak_ratio"] == round(peaks[1] / peaks[0], 2)


def test_scaling_prints_the_mean_and_max_write_ratio_and_the_memory_ratio() -> None:
    from dyads.bench import _scaling_targets
    from dyads.cli.bench import _growth_lines

    def point(stored: int, mean: float, peak: float) -> dict[str, Any]:
        return {
            "stored_articles": stored,
            "empty": {"mean_ms": 100.0, "max_ms": 400.0},
            "full": {"mean_ms": mean, "max_ms": 600.0},
            "ratio_mean": round(mean / 100, 2),
            "ratio_median": 1.0,
            "ratio_max": 1.5,
            "ingest": {"articles": 3000, "peak_rss_mb": peak},
        }

    growth = {
        "batch_articles": 250,
        "batches_timed": 48,
        "points": [point(100_000, 105.0, 200.0), point(1_000_000, 130.0, 250.0)],
        "ingest_peak_ratio": 1.25,
    }
    result = {"write_growth": growth, "rows": []}
    result["targets"] = _scaling_targets(result)
    assert result["targets"]["write_growth"] == {
        "target": 1.2, "measured": 1.3, "met": False, "median": 1.0, "max": 1.5
    }  # fmt: skip
    assert result["targets"]["memory_growth"]["measured"] == 1.25
    assert not result["targets"]["memory_growth"]["met"]
    text = "\n".join(_growth_lines(result))
    assert "mean 1.3×, median 1.0×, max 1.5×" in text
    assert "peak memory 250.0 MiB" in text
    assert "largest store / smallest: 1.25×" in text
