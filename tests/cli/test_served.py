"""Commands on a DuckDB file that `dyads serve` holds: real server process, real CLI processes.

Without the discovery file every one of these would stop at DuckDB's "Could not set lock".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dyads.store.duckdb import DuckDBStore

FIRST = [
    ("v-1", "Norway condemned Iran on Monday over the arrest of two journalists.", "2025-02-03"),
    ("v-2", "Kenya and Ethiopia signed a water sharing agreement in Nairobi.", "2025-02-04"),
]
LATER = [
    ("v-3", "Chile accused Peru of violating its fishing waters.", "2025-02-05"),
    ("v-4", "Canada pledged medical aid to Haiti after the storm.", "2025-02-06"),
]


def write_jsonl(path: Path, items: list[tuple[str, str, str]]) -> Path:
    lines = [json.dumps({"id": i, "text": t, "published": d}) for i, t, d in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(db: Path) -> tuple[int, int]:
    with DuckDBStore(db, read_only=True) as store:
        return store.count("articles"), store.count("events")


@pytest.fixture
def db(tmp_path: Path, run_dyads: Callable[..., Any]) -> Path:
    path = tmp_path / "served.duckdb"
    done = run_dyads("ingest", str(write_jsonl(tmp_path / "first.jsonl", FIRST)), "--db", str(path))
    assert done.returncode == 0, done.stderr
    return path


def test_ingest_and_read_commands_run_through_the_server(
    db: Path, tmp_path: Path, serve_db: Callable[..., Any], run_dyads: Callable[..., Any]
) -> None:
    server = serve_db(db)
    before = server.get("/api/health")
    later = write_jsonl(tmp_path / "later.jsonl", LATER)
    added = run_dyads("ingest", str(later), "--db", str(db), "-q")
    assert added.returncode == 0, added.stderr
    assert "2 added" in added.stdout
    again = run_dyads("ingest", str(later), "--db", str(db), "-q")  # idempotent, as locally
    assert again.returncode == 0 and "0 added, 2 already stored" in again.stdout
    after = server.get("/api/health")
    assert after["articles"] == before["articles"] + 2
    assert after["generation"] != before["generation"]

    events = run_dyads("events", "--db", str(db), "--format", "jsonl")
    assert events.returncode == 0, events.stderr
    records = [json.loads(line) for line in events.stdout.splitlines()]
    assert {r["article_id"] for r in records} == {"v-1", "v-2", "v-3", "v-4"}
    assert len(records) == after["events"]
    chile = run_dyads("events", "--db", str(db), "--source", "Chile", "--format", "csv")
    assert chile.returncode == 0 and "v-3" in chile.stdout and "v-1" not in chile.stdout

    out = tmp_path / "all.jsonl"
    for command in (
        ["stats"],
        ["export", "--format", "jsonl", "-o", str(out)],
        ["series", "CHL", "PER"],
        ["network", "--format", "json"],
        ["alerts"],
        ["recode"],
    ):
        done = run_dyads(*command, "--db", str(db))
        assert done.returncode == 0, (command, done.stderr)
        assert "lock" not in done.stderr.lower()
    assert len(out.read_text(encoding="utf-8").splitlines()) == after["events"]

    served_twice = run_dyads("serve", "--db", str(db), "--port", "0")
    assert served_twice.returncode == 1
    assert f"already served by dyads serve (pid {server.proc.pid})" in served_twice.stderr

    output = server.stop()
    for printed in (output, added.stdout + added.stderr, events.stderr):
        assert server.token not in printed  # the token is never shown
    assert not server.discovery.exists()  # removed on a clean stop
    assert counts(db) == (after["articles"], after["events"])  # all of it is in the file


def test_the_store_endpoints_need_the_run_token(db: Path, serve_db: Callable[..., Any]) -> None:
    user_token = "the-users-own-token"
    server = serve_db(db, "--token", user_token)
    body = json.dumps({"sql": "DELETE FROM events", "params": []}).encode()
    for given in (None, "wrong-token-" + "x" * 30, user_token):
        headers = {"Content-Type": "application/json"}
        if given is not None:
            headers["Authorization"] = f"Bearer {given}"
        request = urllib.request.Request(
            server.url + "/api/store/execute", data=body, headers=headers, method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 401
    assert oct(server.discovery.stat().st_mode & 0o777) == "0o600"
    server.stop()
    assert counts(db)[1] > 0  # nothing was deleted


def test_a_stale_discovery_file_is_ignored_and_removed(
    db: Path, run_dyads: Callable[..., Any]
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    stale = Path(f"{db}.serve.json")
    fd = os.open(stale, os.O_WRONLY | os.O_CREAT, 0o600)
    record = {"url": "http://127.0.0.1:9/", "pid": gone.pid, "token": "t" * 40, "db": str(db)}
    os.write(fd, json.dumps(record).encode())
    os.close(fd)
    listed = run_dyads("events", "--db", str(db), "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == counts(db)[1]
    assert not stale.exists()


def test_a_file_locked_by_another_writer_keeps_duckdbs_message(
    db: Path, run_dyads: Callable[..., Any]
) -> None:
    with DuckDBStore(db):  # this process holds the lock; no server, no discovery file
        listed = run_dyads("events", "--db", str(db))
    assert listed.returncode == 1
    assert "Could not set lock" in listed.stderr
    assert len(listed.stderr.strip().splitlines()) == 1


def _many(n: int) -> list[tuple[str, str, str]]:
    pairs = [("Mali", "Niger"), ("Greece", "Turkey"), ("Vietnam", "China"), ("Ghana", "Togo")]
    verbs = ["condemned", "accused", "praised", "threatened"]
    return [
        (
            f"m-{i}",
            f"{pairs[i % 4][0]} {verbs[(i // 4) % 4]} {pairs[i % 4][1]} in statement {i} about"
            f" the border crossing at kilometre {i * 7}.",
            f"2025-01-{1 + i % 28:02d}",
        )
        for i in range(n)
    ]


def test_server_killed_mid_ingest_loses_nothing_and_the_rerun_completes(
    db: Path, tmp_path: Path, serve_db: Callable[..., Any], run_dyads: Callable[..., Any]
) -> None:
    corpus = write_jsonl(tmp_path / "many.jsonl", _many(400))
    clean = tmp_path / "clean.duckdb"
    first = tmp_path / "first.jsonl"
    for inputs in ([first], [corpus]):
        done = run_dyads("ingest", *map(str, inputs), "--db", str(clean), "-q")
        assert done.returncode == 0, done.stderr

    server = serve_db(db)
    start = server.get("/api/health")["articles"]
    writer = subprocess.Popen(
        [sys.executable, "-m", "dyads", "ingest", str(corpus), "--db", str(db), "--batch-size=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while server.get("/api/health")["articles"] < start + 5:  # reads answer while it writes
        assert writer.poll() is None and time.monotonic() < deadline, "ingest ended too soon"
        time.sleep(0.02)
    server.stop(signal.SIGKILL)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "stopped answering" in lines[0]
    assert "run the command again" in lines[0]
    assert "Traceback" not in err and server.token not in out + err

    resumed = run_dyads("ingest", str(corpus), "--db", str(db), "-q")  # the file is free again
    assert resumed.returncode == 0, resumed.stderr
    assert "0 failed" in resumed.stdout and not server.discovery.exists()

    def rows(path: Path) -> tuple[list[Any], list[Any]]:
        with DuckDBStore(path, read_only=True) as store:
            articles = store.fetch("SELECT id, story_id, content_hash FROM articles ORDER BY id")
            events = store.fetch("SELECT id, representative FROM events ORDER BY id")
        return articles, events

    assert rows(db) == rows(clean)  # exactly the rows of a clean run
