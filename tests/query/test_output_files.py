"""``-o FILE`` on the store commands (issue 16, item 9): the file holds what standard output
would, and is replaced only when complete."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dyads.cli import cli


def test_output_file_holds_what_stdout_would(analysis_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    cases = [
        ["events", "--db", str(analysis_db), "--format", "csv"],
        ["events", "--db", str(analysis_db), "--actor", "Iran"],
        ["series", "RUS", "IRN", "--db", str(analysis_db), "--format", "json"],
        ["stats", "--db", str(analysis_db), "--format", "json"],
        ["alerts", "--db", str(analysis_db), "--format", "json"],
    ]
    for n, args in enumerate(cases):
        shown = runner.invoke(cli, args)
        target = tmp_path / f"out-{n}.txt"
        written = runner.invoke(cli, [*args, "-o", str(target)])
        assert written.exit_code == 0, written.output
        assert f"written to {target}" in written.output
        if "--format" in args:  # tables are laid out for a file's width, not the terminal's
            assert target.read_text(encoding="utf-8") == shown.output
        assert not list(tmp_path.glob(".*.partial"))
