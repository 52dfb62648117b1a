"""``grid`` draws a table of short cells as rich draws its default table, only faster."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table

from dyads.cli.common import FILE_WIDTH, grid

CASES = [
    (
        "RUS – IRN per week",
        ("period", "events", "idx"),
        [("2024-W42", "4", "—"), ("all", "12", "0.5")],
    ),
    ("One column", ("a",), [("longer than its header",)]),
    ("No rows", ("period", "events"), []),
]


@pytest.mark.parametrize(("title", "headers", "rows"), CASES)
def test_grid_draws_what_rich_draws(title: str, headers: tuple[str, ...], rows: list) -> None:
    handle = io.StringIO()
    console = Console(file=handle, width=FILE_WIDTH, color_system=None, soft_wrap=True)
    table = Table(*headers, title=title)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    assert grid(title, headers, rows) == handle.getvalue()
