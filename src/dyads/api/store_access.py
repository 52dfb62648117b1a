"""One store shared by the request threads, one query at a time.

A DuckDB connection must not run two statements at once from two threads; a lock is the
simplest correct answer, and the queries behind the API take milliseconds. The pipeline used by
``POST /api/extract`` loads its dictionaries once, on first use.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dyads.api.deadline import DEFAULT_SECONDS, WATCHDOG, RequestTimeout
from dyads.pipeline import Pipeline
from dyads.store import SQLStore, open_store


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may ask for."""

    max_page: int = 500  # events or articles per page
    max_text: int = 100_000  # characters of posted text
    max_body: int = 1_000_000  # bytes of a request body
    max_evidence: int = 50  # evidence events per alert
    rate_per_s: float = 50.0  # sustained requests a second per client address (0: no limit)
    rate_burst: int = 200  # requests a client may send at once
    rate_loopback: bool = False  # limit loopback clients too (by default they are exempt)
    request_seconds: float = DEFAULT_SECONDS  # past it a request's work stops: 503
    max_extracts: int = 4  # POST /api/extract coding at once; more wait up to the deadline


@dataclass
class StoreAccess:
    store: SQLStore
    owned: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pipeline: Pipeline | None = None
    _pipeline_lock: threading.Lock = field(default_factory=threading.Lock)
    _extracts: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(Limits().max_extracts)
    )
    # Moves on at each write the server takes in (dyads.api.store_routes); the dashboard polls
    # it. Starts from the clock, so a restarted server never repeats an earlier value.
    generation: int = field(default_factory=lambda: time.time_ns() // 1_000_000)
    _generation_lock: threading.Lock = field(default_factory=threading.Lock)

    def bump(self) -> None:
        with self._generation_lock:
            self.generation += 1

    @classmethod
    def open(cls, db: SQLStore | str | Path | None) -> StoreAccess:
        if isinstance(db, SQLStore):
            return cls(db)
        return cls(open_store(db), owned=True)

    @contextmanager
    def use(self) -> Iterator[SQLStore]:
        """The store for this thread's queries, interrupted at the request's deadline."""
        thread = threading.get_ident()
        stop = functools.partial(self.store.interrupt, thread)
        if self.store.concurrent_reads:
            with WATCHDOG.interruptible(stop):
                yield self.store
            return
        with self._lock, WATCHDOG.interruptible(stop):  # only the holder's query is cancelled
            yield self.store

    def limit_extracts(self, most: int) -> None:
        self._extracts = threading.BoundedSemaphore(max(1, most))

    def pipeline(self) -> Pipeline:
        with self._pipeline_lock:
            if self._pipeline is None:
                self._pipeline = Pipeline()
            return self._pipeline

    @contextmanager
    def extracting(self) -> Iterator[Pipeline]:
        """The pipeline, for one of at most ``max_extracts`` requests at a time (no lock held
        while coding: the pipeline keeps no state between articles that threads could share)."""
        job = WATCHDOG.current()
        wait = max(0.0, job.deadline - time.monotonic()) if job is not None else None
        if not self._extracts.acquire(timeout=wait):
            raise RequestTimeout(job.seconds if job is not None else 0.0)
        try:
            yield self.pipeline()
        finally:
            self._extracts.release()

    def close(self) -> None:
        if self.owned:
            self.store.close()
