"""Shared, cheap fixtures. Objects are built by hand; the pipeline is loaded once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dyads.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "g7-naples.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def actor_pipeline() -> Pipeline:
    return Pipeline(what="actors")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed/g7-naples.txt is not beside the project")
    return SEED.read_text(encoding="utf-8")


class ServedDB:
    """`dyads serve --port 0` on a DuckDB file, in a process of its own, as a user starts it."""

    def __init__(self, db: Path, *extra: str) -> None:
        import json
        import subprocess
        import sys
        import time

        self.db = db
        self.discovery = Path(f"{db}.serve.json")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dyads", "serve", "--db", str(db), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not self.discovery.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"dyads serve did not start: {self.output}")
            time.sleep(0.05)
        found = json.loads(self.discovery.read_text(encoding="utf-8"))
        self.url: str = found["url"].rstrip("/")
        self.token: str = found["token"]
        self.output = ""

    def get(self, path: str) -> Any:
        import json
        import urllib.request

        with urllib.request.urlopen(self.url + path, timeout=30) as answer:
            return json.load(answer)

    def stop(self, sig: int | None = None) -> str:
        """Stop the server (SIGTERM, or ``sig``) and return what it printed."""
        import signal
        import subprocess

        if self.proc.poll() is None:
            self.proc.send_signal(sig or signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        self.output = (out or "") + (err or "")
        return self.output


@pytest.fixture
def serve_db() -> Iterator[Callable[..., ServedDB]]:
    """``serve_db(path, *options)``: a running `dyads serve` on ``path``; stopped at the end."""
    started: list[ServedDB] = []

    def start(db: Path, *extra: str) -> ServedDB:
        started.append(ServedDB(db, *extra))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def dyads_cli(*args: str, stdin: str | None = None) -> Any:
    """Run the `dyads` command line in a process of its own."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "dyads", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


@pytest.fixture
def run_dyads() -> Callable[..., Any]:
    return dyads_cli
