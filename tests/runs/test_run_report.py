"""Run reports of worker processes: the latest snapshot of each, added up."""

from __future__ import annotations

from dyads.events.llm.client import LLMReport
from dyads.runs.run_report import RunReports, snapshot


def test_the_latest_snapshot_of_each_process_is_summed() -> None:
    reports = RunReports()
    assert reports.total() is None
    first, later = LLMReport(requests=1, prompt_tokens=10), LLMReport(requests=3, cost=0.5)
    # Chunks come back in input order: an older snapshot may arrive after a newer one.
    reports.update((101, 2, later.to_dict()))
    reports.update((101, 1, first.to_dict()))
    reports.update((202, 1, LLMReport(requests=2, cache_hits=4).to_dict()))
    reports.update(None)  # a coder with no run report
    total = reports.total()
    assert total is not None
    assert (total.requests, total.cache_hits, total.cost) == (5, 4, 0.5)


def test_no_snapshot_of_an_extractor_without_a_report() -> None:
    class Coder:
        _extractor = object()

    assert snapshot(Coder()) is None
    assert snapshot(object()) is None
