"""The README's first command, as a library call: ingest the bundled corpus and summarise it."""

from __future__ import annotations

from pathlib import Path

from dyads.demo import run_demo


def test_demo_ingests_the_bundled_corpus_and_summarises(tmp_path: Path) -> None:
    result = run_demo(db=tmp_path / "demo.duckdb")
    summary = result.summary
    assert result.report.failed == 0
    assert summary["articles"] == 45  # the records of examples/demo/*.jsonl, not its note
    assert summary["events"] > 50
    assert summary["stories"] <= summary["articles"]
    assert summary["top_dyads"] and all(row["example"] for row in summary["top_dyads"])
    again = run_demo(db=tmp_path / "demo.duckdb", fresh=False)
    assert again.report.added == 0 and again.summary["articles"] == 45
