"""Ingest whole corpora into the store: read, deduplicate into stories, extract, write.

Work goes in batches, each written in one transaction together with its resume marks, so an
ingest killed at any moment and started again ends with exactly the rows of a clean run:
committed batches are skipped by article id (and fetched pages by URL), the batch that was cut
off is simply done again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from dyads.errors import DyadsError, InputError
from dyads.ingest.fetch import FetchPolicy
from dyads.ingest.sources import SourceItem, SourceOptions, iter_sources
from dyads.ingest.tables import DEFAULT_TEXT_COLUMN
from dyads.model import Article, Extraction
from dyads.runs.rowcode import CodedRows, finish
from dyads.store import SQLStore, open_store
from dyads.store.base import now_iso
from dyads.store.rows import BatchItem, Rows, add_item, content_hash

DEFAULT_BATCH = 250  # articles per transaction: a commit costs an fsync
MAX_ERRORS_KEPT = 100


class ArticleCoder(Protocol):
    """What ingest needs from a pipeline: an article in, its extraction out."""

    def __call__(self, article: Article) -> Extraction: ...


class CodedBatch(Protocol):
    def take(self, article_id: str) -> CodedRows | None: ...


class CodingPool(Protocol):
    """Codes a batch on other processes while the writer works (dyads.runs.parallel): into
    rows and signatures (``ahead_rows``), so that this process only assigns stories and writes.
    """

    def ahead_rows(
        self, articles: Iterable[Article], *, extractor: str, data_version: str
    ) -> CodedBatch: ...


@dataclass(slots=True)
class IngestReport:
    """Counts so far (passed to progress callbacks) and, at the end, the result."""

    read: int = 0  # articles read from the inputs
    added: int = 0  # new articles stored
    skipped: int = 0  # already stored (a rerun or a duplicate input)
    failed: int = 0  # inputs that could not be read or coded
    events: int = 0  # events of the added articles
    batches: int = 0
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    errors: list[str] = field(default_factory=list)
    # Read, but not as asked: a feed item's own text stored because its page failed.
    warnings: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.read} articles read: {self.added} added, {self.skipped} already stored, "
            f"{self.failed} failed; {self.events} events; {self.elapsed:.1f} s "
            f"({self.rate:.1f} articles/s)"
        )

    def _error(self, message: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)

    def _warn(self, message: str) -> None:
        if len(self.warnings) < MAX_ERRORS_KEPT:
            self.warnings.append(message)


def extractor_name(pipeline: object) -> str:
    return str(getattr(pipeline, "extractor_name", None) or "rules/1")


def data_version(pipeline: object) -> str:
    """The versions of the knowledge an extraction used: actor dictionary and codebook, and
    patterns and lexicons where the pipeline says (``Pipeline.data_version``)."""
    own = getattr(pipeline, "data_version", None)
    if isinstance(own, str) and own:
        return own
    parts = []
    dictionary = getattr(pipeline, "dictionary", None)
    version = getattr(dictionary, "data_version", None)
    if version:
        parts.append(f"actors={version}")
    try:
        from dyads.events.codebook import default_codebook

        parts.append(f"codebook={default_codebook().data_version}")
    except (ImportError, DyadsError, OSError):  # the codebook is optional for a custom coder
        pass
    return ";".join(parts) or "unknown"


def default_pipeline() -> ArticleCoder:
    from dyads.pipeline import Pipeline

    return Pipeline()


def ingest(
    inputs: Iterable[str],
    *,
    store: SQLStore | str | Path | None = None,
    pipeline: ArticleCoder | None = None,
    batch_size: int = DEFAULT_BATCH,
    published: str | None = None,
    text_column: str = DEFAULT_TEXT_COLUMN,
    allow_private: bool = False,
    respect_robots: bool = False,
    fetch_links: bool = True,
    dedup_threshold: float | None = None,
    progress: Callable[[IngestReport], None] | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    pool: CodingPool | None = None,
) -> IngestReport:
    """Read ``inputs`` (paths, folders, URLs, feeds), code new articles and store them.

    ``progress`` is called after each committed batch, ``on_article`` after each article is
    coded (before its batch is written). ``dedup_threshold`` is the similarity at which two
    articles are one story (None: ``ingest.dedup.DEFAULT_THRESHOLD``). ``pool`` codes each
    batch on other processes (``dyads.runs.parallel.coding_pool``); this process stays the one
    writer. Returns the counts.
    """
    target = store if isinstance(store, SQLStore) else open_store(store)
    options = SourceOptions(
        published=published,
        text_column=text_column,
        policy=FetchPolicy(allow_private=allow_private, respect_robots=respect_robots),
        fetch_links=fetch_links,
    )
    try:
        with target.bulk_writes():
            run = _runner(target, pipeline, batch_size, dedup_threshold, progress, on_article, pool)
            return run.run(inputs, options)
    finally:
        if target is not store:
            target.close()


def ingest_items(
    items: Iterable[SourceItem],
    *,
    store: SQLStore,
    pipeline: ArticleCoder | None = None,
    batch_size: int = DEFAULT_BATCH,
    dedup_threshold: float | None = None,
) -> IngestReport:
    """Code and store articles already read (``dyads.ingest.sources`` items): what a poller
    that fetched a feed itself hands on. Same batches, resume marks and counts as ingest."""
    with store.bulk_writes():
        return _runner(store, pipeline, batch_size, dedup_threshold).run_items(items)


def _runner(
    store: SQLStore,
    pipeline: ArticleCoder | None,
    batch_size: int,
    threshold: float | None,
    progress: Callable[[IngestReport], None] | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    pool: CodingPool | None = None,
) -> _Ingest:
    return _Ingest(
        store,
        pipeline or default_pipeline(),
        batch_size=max(1, batch_size),
        threshold=threshold,
        progress=progress,
        on_article=on_article,
        pool=pool,
    )


@dataclass(slots=True)
class _Started:
    """A batch sent to the workers, waiting to be finished."""

    items: list[SourceItem]
    coded: CodedBatch | None


class _Ingest:
    def __init__(
        self,
        store: SQLStore,
        pipeline: ArticleCoder,
        *,
        batch_size: int,
        threshold: float | None,
        progress: Callable[[IngestReport], None] | None,
        on_article: Callable[[IngestReport], None] | None,
        pool: CodingPool | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.pool = pool
        self.batch_size = batch_size
        self.progress = progress
        self.on_article = on_article
        self.extractor = extractor_name(pipeline)
        self.data_version = data_version(pipeline)
        # Imported here: the story index needs numpy, which `dyads ingest --help` must not load.
        from dyads.ingest.dedup import StoryIndex

        self.stories = StoryIndex() if threshold is None else StoryIndex(threshold=threshold)
        self.stories.load(store.signatures(recent=self.stories.window))
        self.report = IngestReport()

    def is_done(self, key: str) -> bool:
        return bool(self.store.done_keys([key]))

    def run(self, inputs: Iterable[str], options: SourceOptions) -> IngestReport:
        return self.run_items(iter_sources(inputs, options=options, is_done=self.is_done))

    def run_items(self, items: Iterable[SourceItem]) -> IngestReport:
        pending: list[SourceItem] = []
        # With workers, batch N+1 is sent to them before batch N is written, so that they code
        # while this process writes; batches are still finished (stories, rows, commit) in order.
        started: _Started | None = None
        for item in items:
            pending.append(item)
            if len(pending) >= self.batch_size:
                started = self._next(started, pending)
                pending = []
        started = self._next(started, pending)
        self._next(started, [])
        self.report.elapsed = time.monotonic() - self.report.started
        return self.report

    def _next(self, started: _Started | None, items: list[SourceItem]) -> _Started | None:
        """Start coding ``items`` on the workers, then finish the batch started before."""
        ahead = None
        if items and self.pool is not None:
            articles = [i.result for i in items if isinstance(i.result, Article)]
            # What is stored now; the batch before may store more, which _flush sees.
            stored = self.store.stored_hashes(a.id for a in articles)
            ahead = _Started(items, self._code_ahead(articles, set(stored)))
        if started is not None:
            self._flush(started.items, started.coded)
        if ahead is None and items:
            self._flush(items)
            return None
        return ahead

    def _flush(self, items: Sequence[SourceItem], coded: CodedBatch | None = None) -> None:
        if not items:
            return
        report = self.report
        articles = [i.result for i in items if isinstance(i.result, Article)]
        stored = self.store.stored_hashes(a.id for a in articles)
        known = set(stored)
        # Rows are built as each article is coded, so that the batch holds plain tuples rather
        # than object graphs (which the garbage collector would scan again and again).
        rows = Rows()
        stamp = now_iso()
        marks: list[tuple[str, str | None]] = []
        for item in items:
            if isinstance(item.result, InputError):
                report._error(str(item.result))
                continue
            article = item.result
            report.read += 1
            if article.id in known:
                if stored.setdefault(article.id, content_hash(article.text)) != content_hash(
                    article.text
                ):  # one id, two texts: the second would silently vanish
                    report._error(
                        f"{article.source_path or article.id}: id {article.id!r} is already"
                        " stored with another text; not stored (give it its own id)"
                    )
                    continue
                report.skipped += 1
                if item.key:
                    marks.append((item.key, article.id))
                continue
            if item.warning:  # once per article: the item is marked done with it
                report._warn(item.warning)
            known.add(article.id)
            stored[article.id] = content_hash(article.text)
            ready = coded.take(article.id) if coded is not None else None
            if ready is not None:
                self._add_coded(rows, item, ready, stamp)
                continue
            story_id, signature = self.stories.assign(article.id, article.text)
            try:
                doc = self.pipeline(replace(article, story_id=story_id))
            except Exception as err:  # one article's failure must not stop a corpus
                report._error(f"{article.source_path or article.id}: cannot be coded ({err})")
                continue
            report.events += len(doc.events)
            add_item(
                rows,
                BatchItem(doc, signature, (item.key,) if item.key else ()),
                ingested_at=stamp,
                extractor=self.extractor,
                data_version=self.data_version,
            )
            if self.on_article:
                report.elapsed = time.monotonic() - report.started
                self.on_article(report)
        report.added += self.store.write_rows(rows)
        self.store.mark_done(marks)
        report.batches += 1
        report.elapsed = time.monotonic() - report.started
        if self.progress:
            self.progress(report)

    def _code_ahead(self, articles: list[Article], known: set[str]) -> CodedBatch | None:
        """With worker processes: start coding the batch's new articles now."""
        if self.pool is None:
            return None
        return self.pool.ahead_rows(
            (a for a in articles if a.id not in known),
            extractor=self.extractor,
            data_version=self.data_version,
        )

    def _add_coded(self, rows: Rows, item: SourceItem, ready: CodedRows, stamp: str) -> None:
        """Add an article a worker coded: its story (in input order, as one process assigns
        them), its resume mark, its rows."""
        report = self.report
        article = item.result
        assert isinstance(article, Article)
        story_id, _ = self.stories.assign_signed(article.id, ready.signature)
        if ready.error is not None:
            report._error(f"{article.source_path or article.id}: cannot be coded ({ready.error})")
            return
        report.events += ready.events
        if item.key:
            rows.add("ingest_state", (item.key, article.id, stamp))
        finish(ready, rows, story_id=story_id, stamp=stamp)
        if self.on_article:
            report.elapsed = time.monotonic() - report.started
            self.on_article(report)
