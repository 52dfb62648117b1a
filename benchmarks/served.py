"""What a served DuckDB file costs the CLI: `dyads ingest` and `dyads export` on a file that
`dyads serve` holds (their SQL goes to the server) against the same commands on a file of their
own, in the same run, as ratios. Each command is a real process, timed from start to exit.

    python benchmarks/served.py [N_ARTICLES]    # default 1000, from ../shared/bench
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import write_corpus

from dyads.store.duckdb import DuckDBStore


def dyads(*args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dyads", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"dyads {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def main(n_articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder / "corpus.jsonl", n_articles)
        local, served = folder / "local.duckdb", folder / "served.duckdb"
        DuckDBStore(served).close()
        server = subprocess.Popen(
            [sys.executable, "-m", "dyads", "serve", "--db", str(served), "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            discovery = Path(f"{served}.serve.json")
            deadline = time.monotonic() + 60
            while not discovery.exists():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("dyads serve did not start")
                time.sleep(0.05)
            # A first run fills the caches both measured runs then share (~/.cache/dyads, the
            # page cache): the first command timed would otherwise pay for them alone.
            dyads("ingest", str(corpus), "--db", str(folder / "warm.duckdb"), "-q")
            figures = {
                "ingest local s": dyads("ingest", str(corpus), "--db", str(local), "-q"),
                "ingest served s": dyads("ingest", str(corpus), "--db", str(served), "-q"),
                "export local s": dyads(
                    "export", "--db", str(local), "--format", "jsonl", "-o", str(folder / "a")
                ),
                "export served s": dyads(
                    "export", "--db", str(served), "--format", "jsonl", "-o", str(folder / "b")
                ),
            }
            same = (folder / "a").read_bytes() == (folder / "b").read_bytes()
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures = {k: round(v, 2) for k, v in figures.items()}
    figures["ingest ratio"] = round(figures["ingest served s"] / figures["ingest local s"], 2)
    figures["export ratio"] = round(figures["export served s"] / figures["export local s"], 2)
    print(json.dumps({"articles": n_articles, "same export": same, **figures}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
