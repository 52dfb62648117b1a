"""Write stored events out: JSON Lines (full records), CSV and Parquet (flattened columns),
and the GDELT 2.0 event table (one row per event per story)."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from dyads.errors import InputError
from dyads.export.gdelt import write_gdelt
from dyads.query.filters import (
    EVENT_COLUMNS,
    EventFilter,
    select_events,
    select_records,
    select_story_events,
)
from dyads.store import SQLStore

FORMATS = ("jsonl", "csv", "parquet", "gdelt")

__all__ = ["FORMATS", "atomic_path", "csv_safe", "export_events"]


# Characters that make a spreadsheet read a CSV cell as a formula (=HYPERLINK(...), +cmd, ...).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _refuse_own_database(store: SQLStore, out: Path) -> None:
    """Writing the export over the database (or its WAL) would destroy what it reads."""
    db = getattr(store, "url", "")
    if not db or db.startswith(("postgresql://", "postgres://")) or db == ":memory:":
        return
    target = os.path.realpath(out)
    if target in {os.path.realpath(db), os.path.realpath(db) + ".wal"}:
        raise InputError(str(out), "is the database being exported; write to another file")


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary file beside ``out``, renamed over it only once fully written and synced:
    a full disk or a crash leaves the old file (or none), never a truncated export."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    temp.chmod(0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
    try:
        yield temp
        with open(temp, "rb") as done:
            os.fsync(done.fileno())
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if isinstance(out, str | Path) and str(out) == "-":
        yield sys.stdout
    elif isinstance(out, str | Path):
        with atomic_path(Path(out)) as temp, open(temp, "w", encoding="utf-8", newline="") as h:
            yield h
    else:
        yield out


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """Cells a spreadsheet would run as formulas get a leading apostrophe (OWASP's advice)."""
    return {
        k: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v
        for k, v in row.items()
    }


def export_events(
    store: SQLStore,
    out: str | Path | IO[str],
    *,
    format: str = "jsonl",
    where: EventFilter | None = None,
    limit: int | None = None,
) -> int:
    """Write the events matching ``where`` to ``out`` (a path, ``-`` or a text stream).

    Returns the number of rows written.
    """
    if format not in FORMATS:
        raise InputError("--format", f"{format!r} is not one of {', '.join(FORMATS)}")
    if isinstance(out, str | Path) and str(out) != "-":
        _refuse_own_database(store, Path(out))
    if format == "parquet":
        if not isinstance(out, str | Path) or str(out) == "-":
            raise InputError("--output", "Parquet is binary: give a file path")
        from dyads.export.parquet import write_parquet

        with atomic_path(Path(out)) as temp:
            return write_parquet(select_events(store, where, limit=limit), temp)
    with _text_out(out) as stream:
        if format == "gdelt":
            return write_gdelt(select_story_events(store, where, limit=limit), stream)
        count = 0
        if format == "jsonl":
            for record in select_records(store, where, limit=limit):
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
            return count
        writer = csv.DictWriter(stream, fieldnames=EVENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in select_events(store, where, limit=limit):
            writer.writerow(csv_safe(row))
            count += 1
        return count
