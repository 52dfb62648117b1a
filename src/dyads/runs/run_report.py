"""The run report of an extractor that pays per request (``llm/1``), summed over processes.

Each process that codes (this one, or each worker of a pool) keeps its own
:class:`~dyads.events.llm.client.LLMReport`. A worker sends a snapshot of its report with
every chunk it returns; :class:`RunReports` keeps the latest snapshot of each process (by a
count of chunks, since chunks come back in input order, not in the order they finished) and
adds them up, so `batch` and `ingest --workers N` report what the whole run cost.
"""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

from dyads.events.llm.client import LLMReport

_count = itertools.count(1)
Snapshot = tuple[int, int, dict[str, Any]]  # (process id, chunk number, report as values)


def snapshot(coder: Any) -> Snapshot | None:
    """This process's report now, if its coder's extractor keeps one (else None)."""
    built = getattr(coder, "_extractor", None)  # never build an extractor just to ask
    report = getattr(built, "report", None)
    if not isinstance(report, LLMReport):
        return None
    return os.getpid(), next(_count), report.to_dict()


class RunReports:
    """The latest snapshot of each process; :meth:`total` is the run's report."""

    def __init__(self) -> None:
        self._latest: dict[int, tuple[int, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def update(self, snap: Snapshot | None) -> None:
        if snap is None:
            return
        pid, number, values = snap
        with self._lock:
            if number > self._latest.get(pid, (0, {}))[0]:
                self._latest[pid] = (number, values)

    def total(self) -> LLMReport | None:
        """The reports of every process added up; None when no process kept one."""
        with self._lock:
            reports = [LLMReport.from_dict(values) for _, values in self._latest.values()]
        if not reports:
            return None
        total = LLMReport()
        for report in reports:
            total.add(report)
        return total
