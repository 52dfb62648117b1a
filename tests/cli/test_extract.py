"""`dyads extract` through a real subprocess: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyads", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_actors_from_stdin_as_jsonl() -> None:
    result = run("extract", "-", "--what", "actors", stdin="Kenya and Uganda signed a pact.")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["KEN", "UGA"]
    for r in rows:
        assert {"id", "code", "sector", "name", "text", "start", "end", "sentence"} <= set(r)


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Chile protested to Peru.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\xff\x00\xfe binary")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 \xff")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "text": "Japan met India."}) + "\n{broken\n", encoding="utf-8"
    )
    result = run("extract", str(tmp_path), "--what", "actors")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    assert any("lines.jsonl:2" in e for e in errors)
    assert "Traceback" not in result.stderr
    ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert {"CHL", "PER", "JPN", "IND"} <= ids


def test_bad_date_is_a_usage_error() -> None:
    result = run("extract", "-", "--published", "yesterday", stdin="Fiji voted.")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_table_format_renders() -> None:
    result = run(
        "extract", "-", "--what", "actors", "--format", "table", stdin="Egypt hosted Qatar."
    )
    assert result.returncode == 0
    assert "EGY" in result.stdout and "QAT" in result.stdout


def test_user_patterns_file_adds_a_trigger(tmp_path: Path) -> None:
    patterns = tmp_path / "mine.yaml"
    patterns.write_text(
        "type: PROTEST\npatterns:\n  - id: protest.user-zorble\n    cameo: '141'\n"
        "    phrases: [zorble]\n",
        encoding="utf-8",
    )
    text = "Chile zorbled Peru."
    without = run("extract", "-", stdin=text)
    assert without.returncode == 0 and without.stdout.strip() == ""
    with_file = run("extract", "-", "--patterns", str(patterns), stdin=text)
    assert with_file.returncode == 0, with_file.stderr
    (event,) = [json.loads(line) for line in with_file.stdout.splitlines()]
    assert (event["type"], event["pattern"]) == ("PROTEST", "protest.user-zorble")
    assert [a["id"] for a in event["source"]] == ["CHL"]
