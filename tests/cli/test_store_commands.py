"""`dyads ingest`, `events`, `stats`, `export` and `recode` end to end on a DuckDB file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dyads.cli import cli

ARTICLES = {
    "one.txt": "France condemned Russia on Monday over the attacks. "
    "Germany and Poland agreed to cooperate on border posts.",
    "two.txt": "Japan condemned China over fishing rights near the islands on Thursday.",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = str(tmp_path / "events.duckdb")
    result = run("ingest", str(folder), "--db", path, "--published", "2024-05-06")
    assert result.exit_code == 0, result.output
    assert "2 articles read: 2 added" in result.output
    return path


def test_ingest_again_adds_nothing_and_says_so(db: str, tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "in"), "--db", db, "--quiet")
    assert result.exit_code == 0
    assert "0 added, 2 already stored" in result.output


def test_ingest_reports_failed_inputs_with_exit_status_1(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.duckdb"), "-q")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_events_filters_and_formats(db: str) -> None:
    result = run("events", "--db", db, "--type", "ACCUSE", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert {r["type"] for r in records} == {"ACCUSE"}
    assert {r["target"][0]["id"] for r in records} == {"RUS", "CHN"}
    result = run("events", "--db", db, "--target", "CHN", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["source_id"], r["target_id"]) for r in rows] == [("JPN", "CHN")]
    table = run("events", "--db", db, "--actor", "RUS")
    assert table.exit_code == 0 and "ACCUSE" in table.output and "1 events" in table.output
    assert run("events", "--db", db, "--since", "soon").exit_code != 0


def test_stats_counts_the_store(db: str) -> None:
    result = run("stats", "--db", db, "--format", "json")
    numbers = json.loads(result.output)
    assert (numbers["articles"], numbers["stories"]) == (2, 2)
    assert numbers["by_type"]["ACCUSE"] == 2
    # "on Thursday" in an article of Monday 6 May is 2 May.
    assert (numbers["first_date"], numbers["last_date"]) == ("2024-05-02", "2024-05-06")
    assert "articles in 2 stories" in run("stats", "--db", db).output


def test_export_writes_each_format(db: str, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "gdelt", "parquet"):
        path = tmp_path / f"out.{fmt}"
        result = run("export", "--db", db, "--format", fmt, "-o", str(path), "--type", "ACCUSE")
        assert result.exit_code == 0, result.output
        assert path.stat().st_size > 0
    lines = (tmp_path / "out.gdelt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 61 for line in lines)


def test_recode_reports_no_change_on_the_same_data(db: str) -> None:
    result = run("recode", "--db", db, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 events added, 0 removed, 0 changed" in result.output


def test_reading_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "no such database" in result.output
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_ingest_refuses_a_workers_value_that_is_not_auto_or_a_count(
    tmp_path: Path, value: str
) -> None:
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--workers", value)
    assert result.exit_code == 2
    assert "is not auto or a number of processes" in result.output
    assert not (tmp_path / "x.duckdb").exists()


def test_ingest_takes_workers_auto_in_any_case(
    tmp_path: Path,
) -> None:
    (tmp_path / "one.txt").write_text(ARTICLES["two.txt"], encoding="utf-8")
    db = str(tmp_path / "x.duckdb")
    result = run("ingest", str(tmp_path / "one.txt"), "--db", db, "--workers", "AUTO", "-q")
    assert result.exit_code == 0, result.output
    assert "1 articles read: 1 added" in result.output
