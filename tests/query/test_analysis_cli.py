"""`dyads series`, `dyads network` and `dyads alerts` over the real test store."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from dyads.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_series_json_and_csv(analysis_db: Path) -> None:
    data = json.loads(run("series", "RUS", "IRN", "--db", str(analysis_db), "--format", "json"))
    assert [(p["period"], p["total"]) for p in data["points"]] == [
        ("2024-W34", 1),
        ("2024-W38", 1),
        ("2024-W42", 4),
    ]
    mentions = run(
        "series",
        "RUS",
        "IRN",
        "--db",
        str(analysis_db),
        "--format",
        "csv",
        "--mentions",
        "--interval",
        "month",
    )
    rows = mentions.strip().splitlines()
    assert rows[0].startswith("period,start,end,total")
    assert rows[-1].startswith("2024-10,2024-10-01,2024-10-31,5,")


def test_network_writes_gexf_to_a_file(analysis_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "net.gexf"
    run(
        "network",
        "--db",
        str(analysis_db),
        "--since",
        "2024-10",
        "--format",
        "gexf",
        "-o",
        str(target),
    )
    root = ET.parse(target).getroot()
    assert root.tag.endswith("gexf")
    graphml = run("network", "--db", str(analysis_db), "--type", "ACCUSE")
    assert 'source="FRA" target="RUS"' in graphml


def test_alerts_say_why_with_evidence(analysis_db: Path) -> None:
    text = run("alerts", "--db", str(analysis_db))
    assert "Iran – Russia: 4 COOPERATE events in week 2024-W42" in text
    assert "t-1014-a" in text
    lines = run("alerts", "--db", str(analysis_db), "--format", "json").strip().splitlines()
    assert json.loads(lines[0])["key"] == "COOPERATE"


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["series", "A", "B", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
