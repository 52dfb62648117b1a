"""`dyads explain` through click's runner: the pattern, rules and spans of each event."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dyads.cli import cli


def test_explain_a_sentence_as_json() -> None:
    result = CliRunner().invoke(
        cli, ["explain", "Iran denied supplying drones to Russia.", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    by_type = {r["type"]: r for r in rows}
    assert by_type["REJECT"]["pattern"] == "reject.deny"
    aid = by_type["AID"]
    assert aid["source"] == ["IRN (Iran)"] and aid["target"] == ["RUS (Russia)"]
    assert "negated" in aid["flags"] and aid["rules"]


def test_explain_a_file_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Kenya condemned the attack on Somalia.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "ACCUSE" in result.output and "111" in result.output


def test_explain_without_events() -> None:
    result = CliRunner().invoke(cli, ["explain", "The weather was fine."])
    assert result.exit_code == 0 and "no events" in result.output
