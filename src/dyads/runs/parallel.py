"""Extraction on every core: worker processes code chunks of articles, the parent writes.

Extraction is pure Python, so threads would share one interpreter lock; processes do not.
Each worker loads the pipeline once (dictionaries, patterns) and codes chunks of articles.
The parent keeps a bounded number of chunks in flight and yields results in input order, so
memory stays flat however long the input is, and a single writer (the store, a Parquet file)
sees exactly the order a one-process run gives.
"""

from __future__ import annotations

import copy
import itertools
import multiprocessing
import os
import select
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.model import Article, Extraction
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline
from dyads.runs.rowcode import CodedRows, code_rows
from dyads.runs.run_report import RunReports, Snapshot, snapshot

DEFAULT_CHUNK = 32
Item = Article | InputError
Result = Extraction | InputError
# An error crosses the process boundary as plain values: exception pickling loses arguments.
_Coded = Extraction | tuple[str, str]
_Chunk = tuple[list[_Coded], Snapshot | None]


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What a worker needs to build its own pipeline (cheaper to send than the pipeline)."""

    extractor: str = DEFAULT_EXTRACTOR
    actor_files: tuple[str, ...] = ()
    what: str = "events"
    pattern_files: tuple[str, ...] = ()

    def build(self) -> Pipeline:
        return Pipeline(
            extractor=self.extractor,
            actor_files=self.actor_files,
            pattern_files=self.pattern_files,
            what=self.what,
        )


_worker_pipeline: Any = None


def _exit_with(parent: int) -> None:
    """Block until process ``parent`` ends, then end this one (a thread's body).

    A worker waits on its task queue, and a parent killed with SIGKILL never closes it: without
    this, every kill -9 of a parallel ingest left its workers (and their memory) behind. A
    pidfd reports the parent's end at once; where there is none, the parent is polled.
    """
    try:
        handle = os.pidfd_open(parent)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])
    else:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                continue
    os._exit(1)


def watch_parent(parent: int) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="dyads-parent").start()


def _init_worker(spec: PipelineSpec | Any, parent: int | None = None) -> None:
    global _worker_pipeline
    if parent is not None:
        watch_parent(parent)
    _worker_pipeline = spec.build() if isinstance(spec, PipelineSpec) else spec
    if isinstance(_worker_pipeline, Pipeline) and _worker_pipeline.what != "actors":
        # Load patterns and gazetteer now, while the parent is still reading its input.
        _ = _worker_pipeline.extractor


def _started() -> None:
    """A no-op task: submitting one per worker starts every worker at once."""


class CodingError(InputError):
    """An article the extractor failed on; ``reason`` is the extractor's own message."""

    def __init__(self, where: str, reason: str) -> None:
        self.reason = reason
        super().__init__(where, f"could not be coded ({reason})")


def _code(coder: Any, article: Article) -> _Coded:
    try:
        result: Extraction = coder(article)
    except Exception as err:  # one broken article must not end the batch
        return (article.source_path or article.id, str(err))
    return result


def _code_chunk(articles: list[Article]) -> tuple[list[_Coded], Snapshot | None]:
    """The chunk coded, and the worker's run report so far (llm/1: requests, tokens)."""
    coded = [_code(_worker_pipeline, article) for article in articles]
    return coded, snapshot(_worker_pipeline)


def _rows_chunk(
    articles: list[Article], extractor: str, data_version: str
) -> tuple[list[CodedRows], Snapshot | None]:
    """The chunk coded into rows, and the worker's run report so far."""
    rows = [
        code_rows(_worker_pipeline, article, extractor=extractor, data_version=data_version)
        for article in articles
    ]
    return rows, snapshot(_worker_pipeline)


def portable(coder: Any) -> Any:
    """A copy of a pipeline that can be sent to worker processes.

    A :class:`Pipeline` builds its extractor on first use, and a built extractor holds
    objects that cannot be pickled; the copy leaves it unbuilt (each worker builds its own).
    """
    if isinstance(coder, Pipeline):
        clone = copy.copy(coder)
        clone._extractor = None
        return clone
    return coder


def default_workers() -> int:
    """Cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# `--workers auto` starts a pool only for local input of at least this size: starting workers
# costs about a second, which the second core earns back over a few thousand short articles.
AUTO_MIN_BYTES = 2 * 2**20


def input_bytes(inputs: Iterable[str], *, enough: int = AUTO_MIN_BYTES) -> int:
    """The size of the local files among ``inputs`` (folders walked), up to about ``enough``:
    URLs and stdin count nothing (their size is not known before reading them)."""
    total = 0
    for name in inputs:
        path = Path(name)
        try:
            files = path.rglob("*") if path.is_dir() else [path]
            for file in files:
                if file.is_file():
                    total += file.stat().st_size
                if total >= enough:
                    return total
        except OSError:  # an unreadable input is reported by the ingest itself
            continue
    return total


def auto_workers(inputs: Iterable[str], *, cores: int | None = None) -> int:
    """Workers for `--workers auto`: every usable core, when the input is large enough to pay
    for starting them; else one (no pool)."""
    usable = default_workers() if cores is None else cores
    if usable <= 1 or input_bytes(inputs) < AUTO_MIN_BYTES:
        return 1
    return usable


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean interpreter, never from a parent that holds a
    # database connection's threads and locks (fork would copy them mid-use).
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Imported once in the server, so each worker starts without importing them again.
    context.set_forkserver_preload(["dyads.pipeline", "dyads.events.rules"])
    return context


class ExtractorPool:
    """A pool of worker processes that code articles; reusable across many batches.

    ``pipeline`` is a picklable coder (e.g. a :class:`~dyads.pipeline.Pipeline`) sent to each
    worker once; without it each worker builds the pipeline from ``spec``.
    """

    def __init__(
        self,
        *,
        workers: int,
        spec: PipelineSpec | None = None,
        pipeline: Any = None,
        chunk_size: int = DEFAULT_CHUNK,
        max_in_flight: int | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.chunk_size = max(1, chunk_size)
        self.max_in_flight = max_in_flight or 2 * self.workers
        self.reports = RunReports()  # what the workers' extractors report (llm/1's costs)
        payload = pipeline if pipeline is not None else (spec or PipelineSpec())
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(payload, os.getpid()),
        )
        for _ in range(self.workers):
            self._executor.submit(_started)

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def imap(self, items: Iterable[Item]) -> Iterator[Result]:
        """Code ``items`` in order; input errors pass through in place, never raised."""
        pending: deque[tuple[list[Item], Future[_Chunk]]] = deque()
        source = iter(items)
        while True:
            chunk = list(itertools.islice(source, self.chunk_size))
            if chunk:
                articles = [item for item in chunk if isinstance(item, Article)]
                pending.append((chunk, self._executor.submit(_code_chunk, articles)))
            # Bounded: wait for the oldest chunk before reading more input.
            while pending and (len(pending) >= self.max_in_flight or not chunk):
                yield from _merge(*pending.popleft(), self.reports)
            if not chunk:
                return

    def ahead(self, articles: Iterable[Article]) -> CodedAhead:
        """Start coding a batch now and return at once; take each result when it is needed.

        The caller meanwhile does its own work on the batch (story ids, rows), so that the
        workers and the writer run at the same time. Duplicate ids are coded once.
        """
        first: dict[str, Article] = {}
        for article in articles:
            first.setdefault(article.id, article)
        unique = list(first.values())
        jobs = [
            (chunk, self._executor.submit(_code_chunk, chunk))
            for chunk in _chunks(unique, self.chunk_size)
        ]
        results = itertools.chain.from_iterable(_merge(list(c), f, self.reports) for c, f in jobs)
        return CodedAhead(unique, results)

    def ahead_rows(
        self, articles: Iterable[Article], *, extractor: str, data_version: str
    ) -> CodedAhead:
        """:meth:`ahead`, each article coded into its rows and signed by the worker
        (:class:`~dyads.runs.rowcode.CodedRows`): the writer then only assigns stories and
        writes."""
        first: dict[str, Article] = {}
        for article in articles:
            first.setdefault(article.id, article)
        unique = list(first.values())
        jobs = [
            self._executor.submit(_rows_chunk, chunk, extractor, data_version)
            for chunk in _chunks(unique, self.chunk_size)
        ]
        results = itertools.chain.from_iterable(self._reported(job) for job in jobs)
        return CodedAhead(unique, results)

    def _reported(self, job: Future[tuple[list[CodedRows], Snapshot | None]]) -> list[CodedRows]:
        rows, snap = job.result()
        self.reports.update(snap)
        return rows

    def code(self, articles: Sequence[Article]) -> list[Result]:
        """Code one batch of articles, spread over the workers; results in input order."""
        return list(self.imap(articles))


def _chunks(items: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CodedAhead:
    """Results of :meth:`ExtractorPool.ahead`, taken by article id (waiting as needed)."""

    def __init__(self, articles: list[Article], results: Iterator[Any]) -> None:
        self._order = iter([article.id for article in articles])
        self._results = results
        self._ready: dict[str, Any] = {}

    def take(self, article_id: str) -> Any:
        """The result for ``article_id``, or None when it was not in the batch."""
        if article_id in self._ready:
            return self._ready.pop(article_id)
        for next_id in self._order:
            result = next(self._results)
            if next_id == article_id:
                return result
            self._ready[next_id] = result
        return None


def _merge(chunk: list[Item], future: Future[_Chunk], reports: RunReports) -> Iterator[Result]:
    results, snap = future.result()
    reports.update(snap)
    coded = iter(results)
    for item in chunk:
        if isinstance(item, InputError):
            yield item
            continue
        result = next(coded)
        yield CodingError(*result) if isinstance(result, tuple) else result


@contextmanager
def coding_pool(coder: Any, *, workers: int, batch_size: int) -> Iterator[ExtractorPool | None]:
    """The pool for ``ingest(..., pool=...)``: None for one process, else ``workers`` workers.

    Chunks are sized so that each worker gets two chunks of every ingest batch.
    """
    if workers <= 1:
        yield None
        return
    chunk = max(1, -(-batch_size // (2 * workers)))
    with ExtractorPool(workers=workers, pipeline=portable(coder), chunk_size=chunk) as pool:
        yield pool


def parallel_extract(
    articles_iter: Iterable[Item],
    *,
    workers: int,
    extractor: str = DEFAULT_EXTRACTOR,
    actor_files: Sequence[str | Path] = (),
    chunk_size: int = DEFAULT_CHUNK,
    what: str = "events",
    pattern_files: Sequence[str | Path] = (),
    reports: RunReports | None = None,
) -> Iterator[Result]:
    """Code a stream of articles on ``workers`` processes, yielding results in input order.

    With ``workers <= 1`` everything runs in this process (no pool to start). Articles that
    cannot be coded, and ``InputError`` items of the input, are yielded as ``InputError``.
    ``reports`` receives the extractor's run report (llm/1: requests, tokens) as it grows.
    """
    reports = reports if reports is not None else RunReports()
    spec = PipelineSpec(
        extractor,
        tuple(str(p) for p in actor_files),
        what,
        tuple(str(p) for p in pattern_files),
    )
    if workers <= 1:
        pipeline = spec.build()
        for item in articles_iter:
            if isinstance(item, InputError):
                yield item
                continue
            result = _code(pipeline, item)
            reports.update(snapshot(pipeline))
            yield CodingError(*result) if isinstance(result, tuple) else result
        return
    with ExtractorPool(workers=workers, spec=spec, chunk_size=chunk_size) as pool:
        pool.reports = reports
        yield from pool.imap(articles_iter)
