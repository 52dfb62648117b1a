"""PostgreSQL restarted under a running ingest: the ingest stops cleanly (one line, no
traceback, no half batch) and a rerun completes to the rows of a clean run.

The test starts a throwaway cluster of its own (Debian's server binaries, as .ci/postgres.sh
finds them): restarting the shared test server would break the contract tests running
beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.store import open_store

from .conftest import check_integrity, dump, free_port, write_corpus

pytestmark = pytest.mark.postgres


def pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    for folder in reversed(found):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


class Cluster:
    def __init__(self, bindir: Path) -> None:
        pytest.importorskip("psycopg")
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="dyads-pg-restart-"))
        self.port = free_port()
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to postgres
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                pytest.skip("no postgres user to run the server as")
            shutil.chown(self.folder, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.ctl("start")
        for name in ("clean", "restarted"):
            self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def _pg(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.run_as, str(self.bindir / tool), *args], capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.skip(f"{tool} failed: {done.stderr.strip()[:300]}")

    def ctl(self, action: str, *args: str) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        log = str(self.folder / "server.log")
        self._pg("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, action, *args)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (Debian's postgresql)")
    started = Cluster(bindir)
    yield started
    started.stop()


def articles(url: str) -> int:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    return int(row[0]) if row else 0


def test_a_restart_under_a_running_ingest(cluster: Cluster, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", 45)
    ingest([str(corpus)], store=cluster.url("clean"), pipeline=Pipeline(), batch_size=3)
    clean = dump(cluster.url("clean"))

    url = cluster.url("restarted")
    open_store(url).close()  # the schema exists before the child starts
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dyads",
            "ingest",
            "--db",
            url,
            "-q",
            "--batch-size",
            "3",
            str(corpus),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[int] = []  # a concurrent reader: whole batches only, never fewer than before
    deadline = time.monotonic() + 120
    while not seen or seen[-1] < 9:
        assert time.monotonic() < deadline and child.poll() is None, "the ingest did not start"
        seen.append(articles(url))
        time.sleep(0.02)
    cluster.ctl("restart", "-m", "fast")
    _out, err = child.communicate(timeout=180)
    print(f"ingest exit {child.returncode}: {err.strip()[:300]}")
    assert "Traceback" not in err, err
    if child.returncode != 0:  # it stopped: say so in one line
        assert err.splitlines()[0].startswith("dyads: "), err
    assert seen == sorted(seen) and all(n % 3 == 0 for n in seen), seen
    with open_store(url) as store:
        check_integrity(store)
        assert store.count("articles") % 3 == 0
    rerun = subprocess.run(
        [sys.executable, "-m", "dyads", "ingest", "--db", url, "-q", str(corpus)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert dump(url) == clean
