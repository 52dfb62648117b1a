"""Every command is documented in the README, and the README's Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from dyads.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", cli.list_commands(click.Context(cli)))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`dyads {name}" in README
    assert cli.get_command(click.Context(cli), name) is not None  # its module imports


def test_readme_python_example_runs() -> None:
    (code,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    exec(compile(code, "README.md", "exec"), {"print": lambda *a: None})
