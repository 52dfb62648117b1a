"""kill -9 of `dyads ingest --workers 2` leaves no process behind (review round 2, item 8):
each worker watches the ingest that started it and ends when it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.conftest import write_corpus


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc (children first found, then theirs)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_a_parallel_ingest_leaves_no_worker(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", 400)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dyads",
            "ingest",
            str(corpus),
            "--db",
            str(tmp_path / "k.duckdb"),
            "--workers",
            "2",
            "--batch-size",
            "8",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 3 and time.monotonic() < deadline:  # the fork server and 2 workers
        time.sleep(0.2)
        workers = descendants(child.pid)
    assert len(workers) >= 3, f"the workers did not start: {workers}"
    time.sleep(1.0)  # well into coding
    workers |= descendants(child.pid)  # the resource tracker too
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in workers if alive(p)]
    for pid in left:  # don't leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} processes outlived the killed ingest"
