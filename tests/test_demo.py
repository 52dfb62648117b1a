"""The README's first command, as a library call: ingest the bundled corpus and summarise it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dyads.demo import check_port, run_demo
from dyads.errors import InputError


def test_demo_ingests_the_bundled_corpus_and_summarises(tmp_path: Path) -> None:
    result = run_demo(db=tmp_path / "demo.duckdb")
    summary = result.summary
    assert result.report.failed == 0
    assert summary["articles"] == 45  # the records of examples/demo/*.jsonl, not its note
    assert summary["events"] > 50
    assert summary["stories"] <= summary["articles"]
    assert summary["top_dyads"] and all(row["example"] for row in summary["top_dyads"])
    again = run_demo(db=tmp_path / "demo.duckdb", fresh=False)
    assert again.report.added == 0 and again.summary["articles"] == 45


def test_a_second_demo_reuses_the_database_of_an_unchanged_corpus(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = run_demo(db=db)
    inode = db.stat().st_ino
    again = run_demo(db=db)
    assert again.reused and again.summary == first.summary
    assert db.stat().st_ino == inode  # the very file a running dashboard reads
    rebuilt = run_demo(db=db, rebuild=True)
    assert rebuilt.report is not None and rebuilt.summary["articles"] == 45
    assert not list(tmp_path.glob(".*building*"))


def test_a_port_in_use_is_refused_with_a_hint() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match=f"already in use.*--port {port + 1}"):
            check_port(port)
    check_port(port)  # free again once the listener is gone


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dyads(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyads", *args], capture_output=True, text=True, timeout=300
    )


def test_demo_twice_leaves_the_running_dashboard_and_its_database_alone(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    run_demo(db=db)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dyads", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        before = (db.stat().st_ino, db.stat().st_mtime_ns)
        second = dyads("demo", "--db", str(db), "--port", str(port))
        assert second.returncode == 1
        assert "already in use" in second.stderr and f"--port {port + 1}" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
        other_port = dyads("demo", "--db", str(db), "--port", str(free_port()), "--rebuild")
        assert other_port.returncode == 1
        assert "is open in another process" in other_port.stderr
        assert (db.stat().st_ino, db.stat().st_mtime_ns) == before
        assert not list(tmp_path.glob(".*building*"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=30) as answer:
            assert json.load(answer)["articles"] == 45  # the first dashboard still serves it
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_make_demo_installs_the_runtime_only(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    plan = subprocess.run(
        ["make", "-n", "demo", f"VENV={tmp_path / 'venv'}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert plan.returncode == 0, plan.stderr
    installs = [line for line in plan.stdout.splitlines() if "pip install" in line]
    assert any(line.rstrip(" ;\\").endswith("-e .") for line in installs), installs
    assert not any("[" in line for line in installs), installs
