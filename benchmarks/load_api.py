"""Bounded loopback load test of the API: events and series endpoints on the demo database.

Starts a real uvicorn server (a subprocess on a free loopback port), sends ``--requests``
requests with ``--concurrency`` in flight, and reports p50/p95/p99 latency per endpoint.

    .venv/bin/python benchmarks/load_api.py [--db demo.duckdb] [--requests 2000] [--concurrency 20]

Without ``--db`` the bundled demo corpus is ingested into a temporary DuckDB file first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
from loopback import start_server

ROOT = Path(__file__).resolve().parents[1]


def demo_db(folder: Path) -> Path:
    from dyads.runs.ingest import ingest

    path = folder / "demo.duckdb"
    ingest([str(ROOT / "examples" / "demo")], store=path)
    return path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def plan(client: httpx.Client, total: int) -> list[tuple[str, str, dict[str, str]]]:
    """Half events pages (filters and cursors), half dyad series, over real actors."""
    actors = [a["id"] for a in client.get("/api/actors", params={"limit": 12}).json()]
    first = client.get("/api/events", params={"limit": 20}).json()
    cursor = first["next_cursor"] or ""
    kinds: list[tuple[str, str, dict[str, str]]] = []
    for i in range(total):
        actor = actors[i % len(actors)]
        other = actors[(i + 1 + i // len(actors)) % len(actors)]
        if i % 2 == 0:
            variants = [
                {"limit": "50"},
                {"actor": actor, "limit": "50"},
                {"source": actor, "type": "ASSAULT,ACCUSE", "limit": "20"},
                {"since": "2015", "until": "2016-12", "limit": "50"},
                {"limit": "20", "cursor": cursor},
            ]
            kinds.append(("events", "/api/events", variants[(i // 2) % len(variants)]))
        else:
            interval = ("week", "month", "day")[(i // 2) % 3]
            kinds.append(("series", "/api/series", {"a": actor, "b": other, "interval": interval}))
    return kinds


async def fire(base: str, requests: list[tuple[str, str, dict[str, str]]], concurrency: int):
    latencies: dict[str, list[float]] = {"events": [], "series": []}
    errors: list[str] = []
    queue = list(reversed(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while queue:
                kind, path, params = queue.pop()
                start = time.perf_counter()
                response = await client.get(path, params=params)
                latencies[kind].append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path} {params}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="DuckDB file to serve (default: the demo corpus, ingested)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument(
        "--no-cache", action="store_true", help="Turn off the API's response cache."
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(args.db) if args.db else demo_db(Path(scratch))
        code = (
            "from dyads.api import serve; import sys;"
            " serve(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2]),"
            f" cache={0 if args.no_cache else None})"
        )
        server, base = start_server(code, str(db))
        try:
            with httpx.Client(base_url=base, timeout=5) as client:
                requests = plan(client, args.requests)
                for _kind, path, params in requests[:10]:  # warm the caches
                    client.get(path, params=params)
            latencies, errors, elapsed = asyncio.run(fire(base, requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=10)
    everything = latencies["events"] + latencies["series"]
    report = {
        "requests": len(everything),
        "concurrency": args.concurrency,
        "cache": not args.no_cache,
        "errors": len(errors),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(everything) / elapsed, 1),
    }
    for name, values in [*latencies.items(), ("all", everything)]:
        report[name] = {
            "n": len(values),
            "p50_ms": round(percentile(values, 0.50), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
            "mean_ms": round(statistics.fmean(values), 1),
        }
    print(json.dumps(report, indent=2))
    for line in errors[:5]:
        print("error:", line, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
