"""Batch extraction to Parquet on this machine: JSONL or Parquet articles in, event rows out.

The local engine of `dyads batch`; the Spark engine (:mod:`dyads.runs.spark`) parses inputs
with the same functions and writes the same columns (:mod:`dyads.runs.records`), so the
two outputs hold the same records.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.errors import DyadsError, InputError
from dyads.events.llm.client import LLMReport
from dyads.ingest.readers import article_from_record, read_jsonl_file
from dyads.model import Article, Extraction
from dyads.pipeline import DEFAULT_EXTRACTOR
from dyads.runs.parallel import DEFAULT_CHUNK, parallel_extract
from dyads.runs.records import EVENT_SCHEMA, event_rows, events_batch
from dyads.runs.run_report import RunReports

FORMATS = ("auto", "jsonl", "parquet")
PART_NAME = "part-00000.parquet"
_WRITE_EVERY = 2000  # events per Parquet row group: bounded memory, readable groups


@dataclass(slots=True)
class BatchReport:
    engine: str
    output: str
    articles: int | None = None  # the Spark engine does not count articles
    events: int = 0
    failed: int = 0
    elapsed: float = 0.0
    llm: LLMReport | None = None  # llm/1: requests, tokens, cache hits ... of every worker

    def line(self) -> str:
        read = f"{self.articles} articles, " if self.articles is not None else ""
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"{self.engine}: {read}{self.events} events{failed} -> {self.output} "
            f"({self.elapsed:.1f} s)"
        )


def input_format(path: str, fmt: str = "auto") -> str:
    """``jsonl`` or ``parquet``: as given, else from the file suffix or a folder's files."""
    if fmt != "auto":
        return fmt
    target = Path(path)
    if target.is_dir():
        if any(target.rglob("*.parquet")):
            return "parquet"
        return "jsonl"
    return "parquet" if target.suffix.lower() == ".parquet" else "jsonl"


def parse_json_line(line: str, where: str) -> Article | InputError:
    """One JSONL line as an article, exactly as ``dyads extract`` reads it."""
    try:
        record = json.loads(line.removeprefix("\ufeff"))
    except json.JSONDecodeError as err:
        return InputError(where, f"is not valid JSON ({err.msg})")
    return article_from_record(record, where, published=None)


def record_article(record: dict[str, Any], where: str) -> Article | InputError:
    """A Parquet row (column -> value) as an article."""
    return article_from_record(record, where, published=None)


def _files(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    if not path.exists():
        raise DyadsError(f"{path}: does not exist")
    return [path]


def read_articles(path: str, *, fmt: str = "auto") -> Iterator[Article | InputError]:
    """Stream articles from a JSONL or Parquet file or folder."""
    if input_format(path, fmt) == "jsonl":
        for file in _files(Path(path), (".jsonl", ".json")):
            yield from read_jsonl_file(file)
        return
    import pyarrow.parquet as pq

    for file in _files(Path(path), (".parquet",)):
        number = 0
        for batch in pq.ParquetFile(file).iter_batches(batch_size=1000):
            for record in batch.to_pylist():
                number += 1
                yield record_article(record, f"{file}:{number}")


def _prepare_output(output: Path, *, overwrite: bool) -> None:
    if output.exists():
        if not overwrite:
            raise DyadsError(f"{output}: already exists (use --overwrite to replace it)")
        if output.is_dir():
            shutil.rmtree(output)
        else:
            output.unlink()
    output.mkdir(parents=True)


def run_local_batch(
    input: str,
    output: str,
    *,
    fmt: str = "auto",
    extractor: str = DEFAULT_EXTRACTOR,
    actor_files: Sequence[str] = (),
    pattern_files: Sequence[str] = (),
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK,
    overwrite: bool = False,
) -> BatchReport:
    """Code every article of ``input`` and write the events to ``output``/part-00000.parquet."""
    import pyarrow.parquet as pq

    started = time.monotonic()
    target = Path(output)
    _prepare_output(target, overwrite=overwrite)
    report = BatchReport(engine="local", output=str(target), articles=0)
    docs: list[Extraction] = []
    pending = 0
    costs = RunReports()
    with pq.ParquetWriter(target / PART_NAME, EVENT_SCHEMA) as writer:
        for item in parallel_extract(
            read_articles(input, fmt=fmt),
            workers=workers,
            extractor=extractor,
            actor_files=actor_files,
            pattern_files=pattern_files,
            chunk_size=chunk_size,
            reports=costs,
        ):
            if isinstance(item, InputError):
                report.failed += 1
                continue
            report.articles = (report.articles or 0) + 1
            docs.append(item)
            pending += len(item.events)
            if pending >= _WRITE_EVERY:
                report.events += _write(writer, docs)
                docs, pending = [], 0
        report.events += _write(writer, docs)
    report.llm = costs.total()
    report.elapsed = time.monotonic() - started
    return report


def _write(writer: Any, docs: list[Extraction]) -> int:
    rows = event_rows(docs)
    if rows:
        writer.write_batch(events_batch(rows))
    return len(rows)
