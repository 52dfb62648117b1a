"""Write stored events out: JSON Lines (full records), CSV and Parquet (flattened columns),
and the GDELT 2.0 event table (one row per event per story)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

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

__all__ = ["FORMATS", "export_events"]


@contextmanager
def _text_out(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if isinstance(out, str | Path) and str(out) == "-":
        yield sys.stdout
    elif isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield out


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
    if format == "parquet":
        if not isinstance(out, str | Path) or str(out) == "-":
            raise InputError("--output", "Parquet is binary: give a file path")
        from dyads.export.parquet import write_parquet

        return write_parquet(select_events(store, where, limit=limit), out)
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
            writer.writerow(row)
            count += 1
        return count
