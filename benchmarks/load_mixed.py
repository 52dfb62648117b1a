"""Loopback load test of the API under a running ingest: mixed endpoints, zero 5xx expected.

A real uvicorn server (a subprocess) serves a DuckDB file while, in the same process (DuckDB
has one writer process), an ingest thread keeps adding articles to it. The client paces
``--requests`` requests over ``--seconds`` (20,000 over 60 s by default, about 333 a second)
with at most ``--concurrency`` in flight, over every kind of endpoint, and reports the status
counts and p50/p95/p99 latency per endpoint. Exit status 1 when any answer was a 5xx.

    .venv/bin/python benchmarks/load_mixed.py [--requests 20000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
from loopback import start_server

STATES = ["France", "Germany", "Russia", "Ukraine", "China", "Japan", "Italy", "Poland", "Iran"]
VERBS = ["condemned", "accused", "agreed to cooperate with", "threatened", "sent aid to"]
SERVER = """
import sys, threading, time
from dyads.api import serve
from dyads.runs.ingest import ingest

db, corpus, port = sys.argv[1], sys.argv[2], int(sys.argv[3])

def feed():
    time.sleep(1.0)
    def pace(report):
        # A steady trickle of news (at most 20 articles/s): coding is CPU-bound Python, and
        # flat out it would hold the GIL the server shares with it in this one process.
        time.sleep(0.05)
    ingest([corpus], store=db, batch_size=25, on_article=pace)
    print("INGEST-DONE", flush=True)

threading.Thread(target=feed, daemon=True).start()
# No response cache: answers must reflect the rows the ingest keeps adding.
serve(db, host="127.0.0.1", port=port, cache=0)
"""


def corpus(folder: Path, n: int, *, offset: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for j in range(n):
        i = j + offset
        a, b = STATES[i % 9], STATES[(i * 4 + 1) % 9]
        c, d = STATES[(i + 3) % 9], STATES[(i * 2 + 5) % 9]
        text = (
            f"{a} {VERBS[i % 5]} {b} on Monday over case {i}. "
            f"{c} {VERBS[(i * 3 + 1) % 5]} {d} after talks number {i * 37 % 101}. "
            f"Officials said round {i + 2} of the talks on file {i} would follow."
        )
        day = 1 + i % 28
        (folder / f"{i:06d}.jsonl").write_text(
            json.dumps(
                {"id": f"a{i}", "text": text, "published": f"2024-{1 + i % 12:02d}-{day:02d}"}
            ),
            encoding="utf-8",
        )
    return folder


def plan(total: int, article_ids: list[str], event_ids: list[str]) -> list[tuple[str, str, Any]]:
    """(kind, path, params or JSON body) in a fixed mix over every endpoint."""
    codes = ["FRA", "DEU", "RUS", "UKR", "CHN", "JPN", "ITA", "POL", "IRN"]
    mix: list[tuple[str, str, Any]] = []
    for i in range(total):
        a, b = codes[i % 9], codes[(i * 5 + 2) % 9]
        slot = i % 20
        if slot < 6:
            params = [
                {"limit": "50"},
                {"actor": a},
                {"source": a, "type": "ACCUSE,THREATEN"},
                {"since": "2024-03", "until": "2024-06", "limit": "20"},
            ][i % 4]
            mix.append(("events", "/api/events", params))
        elif slot < 10:
            mix.append(("series", "/api/series", {"a": a, "b": b, "interval": "month"}))
        elif slot < 12:
            mix.append(("articles", "/api/articles", {"limit": "20"}))
        elif slot < 14:
            mix.append(("article", f"/api/articles/{article_ids[i % len(article_ids)]}", {}))
        elif slot == 14:
            mix.append(("event", f"/api/events/{event_ids[i % len(event_ids)]}", {}))
        elif slot == 15:
            mix.append(("actors", "/api/actors", {"limit": "20"}))
        elif slot == 16:
            mix.append(("network", "/api/network", {"since": "2024-01"}))
        elif slot == 17:
            mix.append(("alerts", "/api/alerts", {"limit": "10"}))
        elif slot == 18:
            mix.append(("health", "/api/health", {}))
        else:
            text = f"{STATES[i % 9]} condemned {STATES[(i + 1) % 9]} over case {i}."
            mix.append(("extract", "/api/extract", {"text": text}))
    return mix


async def fire(base: str, requests: list[tuple[str, str, Any]], seconds: float, concurrency: int):
    latencies: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    errors: list[str] = []
    interval = seconds / len(requests)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    next_index = 0
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        started = time.perf_counter()

        async def worker() -> None:
            nonlocal next_index
            while next_index < len(requests):
                index = next_index
                next_index += 1
                kind, path, params = requests[index]
                delay = started + index * interval - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                sent = time.perf_counter()
                try:
                    if kind == "extract":
                        response = await client.post(path, json=params)
                    else:
                        response = await client.get(path, params=params)
                    status = response.status_code
                except httpx.TransportError as err:
                    status = 599
                    errors.append(f"{kind}: {type(err).__name__}")
                latencies.setdefault(kind, []).append((time.perf_counter() - sent) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 500 and len(errors) < 20:
                    errors.append(f"{status} {path} {params}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, statuses, errors, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--articles", type=int, default=300, help="stored before the run")
    parser.add_argument("--feed", type=int, default=20_000, help="articles the ingest adds")
    args = parser.parse_args(argv)
    from dyads.runs.ingest import ingest
    from dyads.store.duckdb import DuckDBStore

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = folder / "load.duckdb"
        ingest([str(corpus(folder / "base", args.articles))], store=db, batch_size=100)
        with DuckDBStore(db) as store:
            article_ids = [r[0] for r in store.fetch("SELECT id FROM articles LIMIT 200")]
            event_ids = [r[0] for r in store.fetch("SELECT id FROM events LIMIT 200")]
        feed = corpus(folder / "feed", args.feed, offset=args.articles)
        server, base = start_server(SERVER, str(db), str(feed), stdout=subprocess.PIPE, text=True)
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                client.post("/api/extract", json={"text": "France condemned Russia."})
                before = client.get("/api/health").json()["articles"]
            requests = plan(args.requests, article_ids, event_ids)
            latencies, statuses, errors, elapsed = asyncio.run(
                fire(base, requests, args.seconds, args.concurrency)
            )
            with httpx.Client(base_url=base, timeout=30) as client:
                after = client.get("/api/health").json()["articles"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    everything = [v for values in latencies.values() for v in values]
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    report: dict[str, Any] = {
        "requests": len(everything),
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(everything) / elapsed, 1),
        "concurrency": args.concurrency,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "5xx": server_errors,
        "articles_ingested_during_run": after - before,
        "all": summary(everything),
    }
    for kind, values in sorted(latencies.items()):
        report[kind] = summary(values)
    print(json.dumps(report, indent=2))
    for line in errors[:10]:
        print("error:", line, file=sys.stderr)
    return 1 if server_errors else 0


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 0.50), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1),
        "max_ms": round(max(values), 1),
        "mean_ms": round(statistics.fmean(values), 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
