"""`dyads bench`: extraction and ingest speed, memory, and the spaCy baseline, as a table."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from dyads.cli.common import ExitStatus, err_console, examples, fail, output_console, output_option
from dyads.errors import DyadsError
from dyads.pipeline import DEFAULT_EXTRACTOR


@click.command(
    "bench",
    epilog=examples(
        "dyads bench",
        "dyads bench --json -o bench.json",
        "dyads bench --scaling",
        "dyads bench --scaling --sizes 10000 --stored 1000000 --json -o scaling.json",
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--scaling",
    is_flag=True,
    help="Instead: ingest 1k/10k/100k synthetic articles, 1 vs 2 workers, and the per-batch "
    "write cost into stores of 100k and 1M articles (takes a quarter of an hour or more).",
)
@click.option(
    "--sizes",
    default="1000,10000,100000",
    show_default=True,
    help="Corpus sizes for --scaling, comma-separated.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=10),
    default=1000,
    show_default=True,
    help="Sentences for the spaCy baseline (both systems code the same ones).",
)
@click.option(
    "--stored",
    default="100000,1000000",
    show_default=True,
    help="For --scaling: store sizes (articles) the write cost is measured at; 0 skips it.",
)
@click.option("--no-baseline", is_flag=True, help="Skip the spaCy baseline.")
@click.option("--no-ingest", is_flag=True, help="Skip the ingest and query benchmarks.")
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@output_option
def command(
    as_json: bool,
    scaling: bool,
    sizes: str,
    stored: str,
    sample: int,
    no_baseline: bool,
    no_ingest: bool,
    extractor: str,
    output: str | None,
) -> None:
    """Measure Dyads on ../shared/bench text, with the machine it ran on."""
    from dyads.bench import run_bench, run_scaling

    def progress(message: str) -> None:
        if not as_json:
            err_console.print(f"[dim]… {message}[/dim]")

    try:
        if scaling:
            counts = tuple(int(s) for s in sizes.split(",") if s.strip())
            held = tuple(n for s in stored.split(",") if s.strip() and (n := int(s)) > 0)
            result = run_scaling(sizes=counts, stored=held, progress=progress)
        else:
            result = run_bench(
                sample=sample,
                baseline=not no_baseline,
                ingest=not no_ingest,
                query=not no_ingest,
                extractor=extractor,
                progress=progress,
            )
    except (DyadsError, FileNotFoundError, ValueError) as err:
        fail(f"error: {err}", ExitStatus.ERROR)
    with output_console(output) as out:
        if as_json:
            out.file.write(json.dumps(result, indent=2) + "\n")
            return
        out.print(_machine_line(result["machine"]), highlight=False)
        if scaling:
            out.print(_scaling_table(result))
            out.print(_workers_line(result["workers"]), highlight=False)
            for line in _growth_lines(result):
                out.print(line, highlight=False)
        else:
            out.print(_bench_table(result))
            skipped = result.get("baseline", {}).get("skipped")
            if skipped:
                out.print(f"spaCy baseline skipped: {skipped}", highlight=False)
        out.print(f"{result['seconds']} s in all", highlight=False)


def _machine_line(m: dict[str, Any]) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['ram_gb']} GB RAM, "
        f"Python {m['python']}, {m['platform']}, dyads {m['dyads']}, "
        f"load average {m.get('load_average_1min')} at the start"
    )


def _mark(result: dict[str, Any], name: str) -> str:
    target = result["targets"].get(name)
    if not target:
        return ""
    return "✓ " if target["met"] else f"✗ (target {target['target']:,}) "


def _bench_table(r: dict[str, Any]) -> Table:
    table = Table("measure", "value", "note", title=f"dyads bench ({r['extractor']})")
    ex = r["extraction"]
    table.add_row(
        "extraction, one process: words/s (CPU)",
        f"{ex['words_per_s']:,}",
        _mark(r, "words_per_s") + f" wall clock: {ex['wall_words_per_s']:,}",
    )
    table.add_row(
        "extraction: articles/s (CPU)",
        f"{ex['articles_per_s']:,}",
        f"{ex['articles']:,} articles of 5 sentences",
    )
    table.add_row("extraction: peak memory", f"{ex['peak_rss_mb']} MiB", "")
    up = r.get("startup")
    if up:
        table.add_row(
            "dyads extract, one sentence: whole run",
            f"{up['whole_s_best']} s",
            _mark(r, "startup_s")
            + f"median {up['whole_s_median']} s; in-process: import {up['import_s']} s, "
            f"actors {up['actors_s']} s, extractor {up['extractor_s']} s, "
            f"first article {up['first_article_s']} s",
        )
    ing = r.get("ingest")
    if ing:
        table.add_row(
            "ingest into DuckDB: articles/s",
            f"{ing.get('articles_per_s', '?'):,}",
            str(ing.get("input") or ""),
        )
        if "slowdown_vs_extract" in ing:
            table.add_row(
                "ingest time / extraction time",
                f"{ing['slowdown_vs_extract']}×",
                _mark(r, "ingest_slowdown"),
            )
        if "peak_rss_mb" in ing:
            table.add_row("ingest: peak memory", f"{ing['peak_rss_mb']} MiB", "")
    query = r.get("query")
    if query and "large" in query:
        large, ratios = query["large"], query.get("large_to_small", {})
        events, small = large["store"]["events"], query["small"]["store"]["events"]
        for name in ("series", "alerts", "stats"):
            ms, whole = large["in_process"][f"{name}_ms"], large["whole"][f"{name}_s"]
            ratio = ratios.get(f"in_process.{name}_ms")
            cpu = large["whole"].get(f"{name}_cpu_s")
            table.add_row(
                f"dyads {name} over {events:,} events",
                f"{ms} ms",
                _mark(r, f"{name}_ms")
                + f"whole command {whole} s {_mark(r, f'{name}_whole_s')}"
                + (f"(CPU {cpu} s)" if cpu is not None else "")
                + f"; {ratio}× its time on {small:,} events",
            )
    base = r.get("baseline", {})
    if "ratio" in base:
        table.add_row(
            f"spaCy ({', '.join(base['pipes'])}): words/s (CPU)",
            f"{base['words_per_s']:,}",
            f"{base['texts']:,} sentences, {base['model']}",
        )
        table.add_row(
            "dyads on the same sentences: words/s (CPU)", f"{base['dyads_words_per_s']:,}", ""
        )
        table.add_row("dyads / spaCy", f"{base['ratio']}×", _mark(r, "spacy_ratio"))
    return table


def _scaling_table(r: dict[str, Any]) -> Table:
    table = Table(
        "articles",
        "words",
        "events",
        "time (s)",
        "articles/s",
        "peak memory (MiB)",
        "database (MiB)",
        title=f"Scaling ({r['per_article']} sentences an article)",
    )
    for row in r["rows"]:
        table.add_row(
            f"{row['articles']:,}",
            f"{row['words']:,}",
            f"{row['events']:,}",
            f"{row['seconds']:.1f}",
            f"{row['articles_per_s']:,}",
            f"{row['peak_rss_mb']}",
            f"{row['db_mb']}",
        )
    return table


def _workers_line(w: dict[str, Any]) -> str:
    if "speedup" not in w:
        return f"workers: not measured ({w.get('error', 'unknown')})"
    one, two = w["workers_1"], w["workers_2"]
    return (
        f"ingest of {w['articles']:,} articles: 1 worker {one['seconds']:.1f} s, "
        f"2 workers {two['seconds']:.1f} s: speed-up {w['speedup']}× "
        f"(load average {w.get('load_average_1min')})"
    )


def _growth_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    growth = r.get("write_growth")
    if growth:
        for p in growth["points"]:
            lines.append(
                f"write cost per batch of {growth['batch_articles']} articles "
                f"({growth['batches_timed']} batches each, taking turns): into an empty store "
                f"{p['empty']['mean_ms']} ms, into {p['stored_articles']:,} stored articles "
                f"{p['full']['mean_ms']} ms: mean {p['ratio_mean']}×, median "
                f"{p['ratio_median']}×, max {p.get('ratio_max', '?')}× "
                f"({p['empty']['max_ms']} → {p['full']['max_ms']} ms)"
            )
            if "ingest" in p:
                lines.append(
                    f"  an ingest of {p['ingest']['articles']:,} articles into that store: "
                    f"peak memory {p['ingest']['peak_rss_mb']} MiB"
                )
        if "ingest_peak_ratio" in growth:
            lines.append(
                f"peak memory of that ingest, largest store / smallest: "
                f"{growth['ingest_peak_ratio']}×"
            )
    day = r.get("gdelt_day")
    if day:
        lines.append(
            f"a GDELT day ({day['articles']:,} articles, {day['words']:,} words) at the rate of "
            f"{day['from_articles']:,} articles: {day['minutes']} min"
        )
    for name, target in r.get("targets", {}).items():
        verdict = "met" if target["met"] else "NOT met"
        lines.append(f"target {name}: {target['measured']} (target {target['target']}): {verdict}")
    return lines
