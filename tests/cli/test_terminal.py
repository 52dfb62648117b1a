"""What a terminal user sees (issue 16, item 9): tables that keep dates and ids whole at 80
columns, the extract table's article and evidence columns, ``-o FILE`` on every command that
prints results, and examples in every ``--help``."""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from dyads.cli import cli
from dyads.cli.events import events_table

LONG_ROW = {
    "date": "2024-10-20",
    "type": "ASSAULT",
    "source_ids": "NETANYAHU_BENJAMIN;ISR_MIL",
    "target_ids": "HAMAS_GROUP",
    "hedged": True,
    "negated": True,
    "evidence_text": "A long sentence of evidence that goes on about what happened, where and "
    "to whom, well past the width of any ordinary terminal window.",
    "outlet": "The Evening Correspondent",
}
ARTICLE = (
    "Kenya condemned Uganda on Monday over the border raids. Officials in Nairobi said "
    "they would ask the African Union to investigate."
)


def render(renderable: object, width: int = 80) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in text.splitlines()]


def test_events_table_keeps_dates_and_ids_whole_at_80_columns() -> None:
    lines = render(events_table([LONG_ROW]))
    assert all(len(line) <= 80 for line in lines), lines
    body = "\n".join(lines)
    for whole in ("2024-10-20", "NETANYAHU_BENJAMIN", "ISR_MIL", "HAMAS_GROUP", "ASSAULT"):
        assert whole in body, (whole, body)


def run_dyads(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "dyads", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_extract_table_has_article_and_evidence_and_fits_80_columns() -> None:
    done = run_dyads(
        "extract", "-", "--format", "table", "--published", "2024-05-06", stdin=ARTICLE
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines), lines
    header = next(line for line in lines if "article" in line)
    assert "evidence" in header and "date" in header
    records = json.loads(run_dyads("extract", "-", "--format", "json", stdin=ARTICLE).stdout)
    assert records and records[0]["article_id"] in done.stdout
    assert "2024-05-06" in done.stdout and "[condemned]" in done.stdout


def test_extract_of_json_lines_on_stdin_codes_each_article() -> None:
    lines = [
        json.dumps({"id": "a-1", "text": "Norway condemned Chile on Monday."}),
        json.dumps({"id": "a-2", "text": "Peru accused Bolivia of smuggling."}),
    ]
    done = run_dyads("extract", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert {e["article_id"] for e in events} == {"a-1", "a-2"}
    assert not any(e["quoted"] for e in events)


def commands() -> dict[str, click.Command]:
    """Every command, through the group's own lookup (commands may be imported lazily)."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def printing_commands() -> list[str]:
    """Every command that prints results (the rest print a status line or serve)."""
    return [
        name
        for name in commands()
        if name not in {"demo", "serve", "ingest", "batch"}  # status lines; batch has OUTPUT
    ]


def test_the_command_list_is_complete() -> None:
    assert len(printing_commands()) >= 12 and "extract" in printing_commands()


@pytest.mark.parametrize("name", printing_commands())
def test_every_printing_command_takes_output(name: str) -> None:
    command = commands()[name]
    opts = {opt for param in command.params for opt in getattr(param, "opts", [])}
    assert {"-o", "--output"} <= opts, name


def test_extract_output_file(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    done = run_dyads("extract", "-", "-o", str(target), stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert [json.loads(line)["type"] for line in target.read_text().splitlines()]


def test_a_failed_command_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "never.txt"
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "nowhere"), "-o", str(target)])
    assert result.exit_code != 0
    assert not target.exists() and not list(tmp_path.glob(".*"))


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_help_page_has_examples_that_parse(name: str) -> None:
    command = commands()[name]
    page = CliRunner().invoke(cli, [name, "--help"]).output
    assert "Examples:" in page
    assert isinstance(command, click.Command) and command.epilog
    opts = {
        opt
        for param in command.params
        for opt in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]
    }
    opts |= {"-h", "--help"}
    shown = [line.strip() for line in command.epilog.splitlines() if "dyads " in line]
    assert shown, name
    for line in shown:
        words = shlex.split(line.split("| ")[-1])
        assert words[:2] == ["dyads", name], line
        for word in words[2:]:
            if word.startswith("-") and word != "-":
                assert word in opts, (name, word)
