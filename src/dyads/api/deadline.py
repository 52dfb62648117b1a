"""A server-side deadline for every request: past it, the request's work stops.

Routes run in worker threads, and a thread cannot be cancelled from outside: a client that
gives up, or a server asked to stop, used to leave a heavy query or extraction burning CPU for
minutes. Each route runs under :meth:`Watchdog.guard`; at the deadline one watchdog thread
interrupts the store's running query (DuckDB's ``interrupt``, PostgreSQL's cancel) and raises
:class:`RequestTimeout` in the route's thread (``PyThreadState_SetAsyncExc``, delivered at its
next Python instruction), and the client gets 503. The exception is raised only inside the
guarded call: one that would land after the call has ended is withdrawn.
"""

from __future__ import annotations

import ctypes
import functools
import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from dyads.errors import DyadsError

DEFAULT_SECONDS = 20.0


class RequestTimeout(DyadsError):
    """A request ran past its server-side deadline."""

    def __init__(self, seconds: float = DEFAULT_SECONDS) -> None:
        self.seconds = seconds
        super().__init__(f"the request ran past its deadline of {seconds:g} s and was stopped")


@dataclass(eq=False)
class Job:
    """One guarded call: its thread, deadline and what to interrupt when it passes."""

    thread: int
    deadline: float
    seconds: float
    interrupts: list[Callable[[], None]] = field(default_factory=list)
    fired: bool = False
    done: bool = False


def _raise_in(thread: int, error: type[BaseException] | None) -> None:
    target = ctypes.py_object(error) if error is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), target)


class Watchdog:
    """One thread that fires the deadlines of guarded calls."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, Job]] = []
        self._order = itertools.count()
        self._local = threading.local()
        self._thread: threading.Thread | None = None

    def current(self) -> Job | None:
        """The guarded call of this thread, if any."""
        job: Job | None = getattr(self._local, "job", None)
        return job

    @contextmanager
    def guard(self, seconds: float) -> Iterator[Job]:
        job = Job(threading.get_ident(), time.monotonic() + seconds, seconds)
        with self._lock:
            heapq.heappush(self._heap, (job.deadline, next(self._order), job))
            self._start()
            self._lock.notify()
        self._local.job = job
        try:
            yield job
        finally:
            self._local.job = None
            with self._lock:
                job.done = True
                fired = job.fired
                if fired:
                    _raise_in(job.thread, None)  # withdraw it if it is still pending
            if fired:
                raise RequestTimeout(job.seconds) from None

    @contextmanager
    def interruptible(self, interrupt: Callable[[], None]) -> Iterator[None]:
        """Run a block whose work ``interrupt()`` stops (a query) under this thread's deadline."""
        job = self.current()
        if job is None:
            yield
            return
        with self._lock:
            job.interrupts.append(interrupt)
        try:
            yield
        finally:
            with self._lock:
                job.interrupts.remove(interrupt)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="dyads-deadlines", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait(timeout=60.0)
                    continue
                deadline, _n, job = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(timeout=wait)
                    continue
                heapq.heappop(self._heap)
                job.fired = True
                for interrupt in list(job.interrupts):
                    # A store that cannot be interrupted still times out below.
                    with suppress(Exception):
                        interrupt()
                _raise_in(job.thread, RequestTimeout)


WATCHDOG = Watchdog()


def guarded(endpoint: Callable[..., Any], seconds: Callable[[], float]) -> Callable[..., Any]:
    """``endpoint`` (a plain function FastAPI runs in a worker thread) under a deadline."""

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        with WATCHDOG.guard(seconds()):
            return endpoint(*args, **kwargs)

    return run


# The deadline of the request being served: the app's middleware sets it from its limits
# (``api.Limits.request_seconds``), and the worker thread of the route inherits it.
REQUEST_SECONDS: ContextVar[float] = ContextVar("dyads_request_seconds", default=DEFAULT_SECONDS)
