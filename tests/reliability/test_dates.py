"""Dates from the wild (review round 2, item 12): compact and RFC 2822 publication dates are
read, not dropped or bent; `ingest --published` is checked like `extract`'s; an event dated at
the calendar's end does not break the series."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.cli import cli
from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.store.duckdb import DuckDBStore

TEXT = "France condemned Russia over the {} dispute."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("20241022", "2024-10-22"),
        ("Tue, 22 Oct 2024 09:30:00 +0000", "2024-10-22"),
        ("Wed, 23 Oct 2024 01:15:00 +0300", "2024-10-23"),  # the date the outlet wrote
        ("2024-10-22T09:30:00Z", "2024-10-22T09:30:00Z"),
        ("2024-10", "2024-10"),
    ],
)
def test_publication_dates_are_read_from_json_lines_and_csv(
    tmp_path: Path, pipeline: Pipeline, given: str, stored: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    record = {"id": "j", "published": given, "text": TEXT.format("grain")}
    (folder / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "b.csv").write_text(
        f'id,published,text\nc,"{given}","{TEXT.format("rail")}"\n', encoding="utf-8"
    )
    report = ingest([str(folder)], store=tmp_path / "d.duckdb", pipeline=pipeline)
    assert report.added == 2, report.errors
    with DuckDBStore(tmp_path / "d.duckdb") as store:
        assert store.fetch("SELECT published FROM articles ORDER BY id") == [(stored,), (stored,)]


def test_an_unreadable_publication_date_is_reported(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "odd.jsonl"
    lines = [
        {"id": "ok", "published": "2024-10-22", "text": TEXT.format("ore")},
        {"id": "odd", "published": "sometime soon", "text": TEXT.format("gas")},
        {"id": "bent", "published": "2024-13-45", "text": TEXT.format("visas")},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    report = ingest([str(path)], store=tmp_path / "o.duckdb", pipeline=pipeline)
    assert report.added == 1
    assert [e.split(": ", 1)[1] for e in report.errors] == [
        "has a 'published' date that is not ISO 8601 or RFC 2822 ('sometime soon')",
        "has a 'published' date that is not ISO 8601 or RFC 2822 ('2024-13-45')",
    ]


def test_ingest_checks_its_published_option_like_extract(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT.format("dams"), encoding="utf-8")
    for command in ("ingest", "extract"):
        args = [command, str(tmp_path / "a.txt"), "--published", "yesterday"]
        if command == "ingest":
            args += ["--db", str(tmp_path / "y.duckdb")]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (command, result.output)
        assert "'yesterday' is not a date in YYYY-MM-DD form" in result.output
    assert not (tmp_path / "y.duckdb").exists()


def test_an_event_at_the_end_of_the_calendar_keeps_the_series_working(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = tmp_path / "far.jsonl"
    lines = [
        {"id": "far", "published": "9999-12-31", "text": TEXT.format("fishing")},
        {"id": "near", "published": "2024-10-22", "text": TEXT.format("rail")},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "far.duckdb"
    assert ingest([str(path)], store=db, pipeline=pipeline).added == 2
    for interval in ("day", "week", "month"):
        result = CliRunner().invoke(
            cli, ["series", "FRA", "RUS", "--db", str(db), "--mentions", "--interval", interval]
        )
        assert result.exit_code == 0, result.output
    with TestClient(create_app(db, cache=0), base_url="http://127.0.0.1") as client:
        for per_story in ("true", "false"):
            answer = client.get(
                "/api/series", params={"a": "FRA", "b": "RUS", "per_story": per_story}
            )
            assert answer.status_code == 200, answer.text
            assert sum(p["total"] for p in answer.json()["points"]) >= 1
