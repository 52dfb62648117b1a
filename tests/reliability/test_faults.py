"""Faults: ingest killed (kill -9) at random moments, a full disk, a read-only file system, and
readers querying while an ingest writes. Every one ends with an intact store that a rerun
completes to exactly the rows of a clean run."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.store.duckdb import DuckDBStore

from .conftest import check_integrity, dump, write_corpus

DYADS = [sys.executable, "-m", "dyads"]


def cli_ingest(db: Path, source: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*DYADS, "ingest", "--db", str(db), "--quiet", *extra, str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "in", 30)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[object]]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    report = ingest([str(corpus)], store=db, pipeline=Pipeline(), batch_size=4)
    assert report.added == 30 and report.failed == 0
    return dump(db)  # type: ignore[return-value]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_kill_9_at_random_moments_then_resume(
    tmp_path: Path, corpus: Path, clean: dict[str, list[object]], seed: int
) -> None:
    """Each seed kills a real `dyads ingest` twice, anywhere from start-up and schema creation
    to the middle of a batch's commit; the third run completes it."""
    rng = random.Random(seed)
    db = tmp_path / "killed.duckdb"
    for _attempt in range(2):
        child = cli_ingest(db, corpus, "--batch-size", "4")
        time.sleep(rng.uniform(0.3, 4.0))
        child.kill()  # SIGKILL: no cleanup, no rollback by the process itself
        child.communicate(timeout=30)
        if db.exists():
            with DuckDBStore(db) as store:
                check_integrity(store)
                assert store.count("articles") % 4 == 0 or store.count("articles") == 30
    finished = cli_ingest(db, corpus, "--batch-size", "4")
    _out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    assert dump(db) == clean


# -- a full disk and a read-only file system: a real tmpfs, mounted for the test ----------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def one_line_failure(child: subprocess.Popen[str]) -> str:
    out, err = child.communicate(timeout=120)
    assert child.returncode == 1, (out, err)
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[0].startswith("dyads: "), err
    return lines[0]


def test_a_full_disk_stops_with_a_clear_error_and_no_corruption(
    tmp_path: Path, small_disk: Path, corpus: Path, clean: dict[str, list[object]]
) -> None:
    big = write_corpus(tmp_path / "big", 400, offset=30)
    for file in sorted(corpus.iterdir()):
        shutil.copy(file, big / file.name)
    db = small_disk / "events.duckdb"
    message = one_line_failure(cli_ingest(db, big, "--batch-size", "20"))
    print(message)
    assert "space" in message.lower(), message
    remount(small_disk, "size=200m")
    with DuckDBStore(db) as store:  # opens: the file and its WAL are consistent
        check_integrity(store)
        assert store.count("articles") % 20 == 0
    done = cli_ingest(db, big, "--batch-size", "20")
    assert done.communicate(timeout=300) and done.returncode == 0
    with DuckDBStore(db) as store:
        check_integrity(store)
        assert store.count("articles") == 430


def test_a_read_only_file_system_gives_a_clear_error_and_changes_nothing(
    small_disk: Path, corpus: Path, clean: dict[str, list[object]]
) -> None:
    db = small_disk / "events.duckdb"
    remount(small_disk, "size=50m")
    first = sorted(corpus.iterdir())[:8]
    ingest([str(p) for p in first], store=db, batch_size=4)
    before = db.read_bytes()
    remount(small_disk, "ro")
    message = one_line_failure(cli_ingest(db, corpus))
    print(message)
    assert "read-only" in message.lower(), message
    assert db.read_bytes() == before
    remount(small_disk, "rw")
    done = cli_ingest(db, corpus, "--batch-size", "4")
    assert done.communicate(timeout=120) and done.returncode == 0
    assert dump(db) == clean


# -- readers while an ingest writes --------------------------------------------------------


def test_api_readers_see_whole_batches_while_an_ingest_writes(
    tmp_path: Path, corpus: Path, pipeline: Pipeline
) -> None:
    db = tmp_path / "live.duckdb"
    DuckDBStore(db).close()
    app = create_app(db, cache=0)
    seen: list[int] = []
    problems: list[str] = []
    done = threading.Event()

    def write() -> None:
        try:
            ingest([str(corpus)], store=db, pipeline=pipeline, batch_size=3)
        finally:
            done.set()

    with TestClient(app) as client:
        writer = threading.Thread(target=write)
        writer.start()
        while not done.is_set():
            health = client.get("/api/health")
            events = client.get("/api/events", params={"limit": 100})
            if health.status_code != 200 or events.status_code != 200:
                problems.append(f"{health.status_code} {events.status_code}")
            seen.append(health.json()["articles"])
            for item in events.json()["items"]:
                if client.get(f"/api/articles/{item['article_id']}").status_code != 200:
                    problems.append(f"event {item['id']} of an unreadable article")
        writer.join()
        final = client.get("/api/health").json()
    assert problems == []
    assert seen == sorted(seen), "a reader saw the store shrink"
    assert all(n % 3 == 0 for n in seen), f"a reader saw part of a batch: {seen}"
    assert final["articles"] == 30
