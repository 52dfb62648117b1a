"""The README's first command: ingest the bundled demo corpus, summarise, serve the dashboard.

Run twice, it must not pull the database from under the first run's dashboard: a database
built from the same corpus and data is reused as it is, and a new one is built beside it and
renamed over the old one only when no other process holds the old one open.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.query.summary import summary
from dyads.runs.ingest import IngestReport, ingest
from dyads.store import open_store
from dyads.version import __version__

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "demo"
DEMO_DB = "demo.duckdb"


@dataclass
class DemoResult:
    db: Path
    report: IngestReport | None  # None: the database of an unchanged corpus was reused
    summary: dict[str, Any]

    @property
    def reused(self) -> bool:
        return self.report is None


def find_corpus(path: str | Path | None = None) -> Path:
    for candidate in (path, Path.cwd() / "examples" / "demo", DEMO_CORPUS):
        if candidate is not None and Path(candidate).exists():
            return Path(candidate)
    raise InputError("examples/demo", "the demo corpus is missing; run from the project folder")


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Refuse a port another server listens on, before anything is built or replaced."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port in TIME_WAIT after a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise InputError(
                f"--port {port}",
                f"{host}:{port} is already in use (another `dyads serve` or `make demo`?):"
                f" open http://{host}:{port}/ if it is the dashboard, stop that server,"
                f" or use --port {port + 1}",
            ) from None


def held_elsewhere(path: Path) -> bool:
    """True when another process has the DuckDB file open (a running server)."""
    if not path.exists():
        return False
    import duckdb

    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as err:
        # Another process's lock, or this process's own connection ("different configuration").
        message = str(err).lower()
        return "lock" in message or "configuration" in message
    return False


def corpus_stamp(inputs: list[Path]) -> str:
    """What the demo database is built from: the corpus files, the packaged data (actors,
    patterns, lexicons) and the version. Equal stamps, equal databases."""
    digest = hashlib.sha256(__version__.encode())
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    data = resources.files("dyads.data")
    for name in sorted(_data_files(data)):
        digest.update(name.encode() + b"\0" + (data / name).read_bytes())
    return digest.hexdigest()


def _data_files(root: Any, prefix: str = "") -> list[str]:
    names = []
    for item in root.iterdir():
        name = f"{prefix}{item.name}"
        if item.is_dir():
            if name != "corpus":  # the annotated eval corpus does not change extraction
                names += _data_files(item, f"{name}/")
        elif not item.name.endswith(".pyc"):
            names.append(name)
    return names


def _stamp_file(path: Path) -> Path:
    return path.with_name(path.name + ".stamp")


def run_demo(
    corpus: str | Path | None = None,
    *,
    db: str | Path = DEMO_DB,
    fresh: bool = True,
    rebuild: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
) -> DemoResult:
    """The demo database and its summary.

    ``fresh``: a database of this corpus alone (reused when its stamp matches, unless
    ``rebuild``); otherwise the corpus is ingested into the existing file (idempotent).
    """
    path = Path(db)
    found = find_corpus(corpus)
    # The corpus folder also holds its SOURCE.md note, which is not an article.
    inputs = sorted(found.glob("*.jsonl")) if found.is_dir() else [found]
    if held_elsewhere(path):
        raise InputError(
            str(path),
            "is open in another process (a running `dyads serve` or `make demo`): stop it,"
            " or give --db another file; nothing was replaced",
        )
    stamp = corpus_stamp(inputs)
    stamp_file = _stamp_file(path)
    unchanged = stamp_file.exists() and stamp_file.read_text(encoding="utf-8").strip() == stamp
    if fresh and not rebuild and path.exists() and unchanged:
        with open_store(path) as store:
            return DemoResult(db=path, report=None, summary=summary(store, top=8))
    target = _building(path) if fresh else path
    store = open_store(target)
    try:
        report = ingest([str(p) for p in inputs], store=store, progress=progress)
        numbers = summary(store, top=8)
    finally:
        store.close()
    if fresh:
        _install(target, path, stamp)
    return DemoResult(db=path, report=report, summary=numbers)


def _building(path: Path) -> Path:
    building = path.with_name(f".{path.name}.{os.getpid()}.building")
    for stale in (building, building.with_name(building.name + ".wal")):
        stale.unlink(missing_ok=True)
    return building


def _install(building: Path, path: Path, stamp: str) -> None:
    """Rename the new database over the old one, unless a server opened the old one while
    this one was built (then the new one is dropped and the old one left as it was)."""
    if held_elsewhere(path):
        building.unlink(missing_ok=True)
        raise InputError(str(path), "was opened by another process meanwhile; nothing replaced")
    _stamp_file(path).unlink(missing_ok=True)
    # A write-ahead log beside the old file would be replayed into the new one.
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    os.replace(building, path)
    _stamp_file(path).write_text(stamp + "\n", encoding="utf-8")
