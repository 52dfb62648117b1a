"""What every command shares: exit codes, error lines, the rich consoles."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from dyads.errors import DyadsError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class Output:
    """Where a command prints: a file for what it writes as it is (JSON lines, CSV), and a
    rich console for tables and styled lines, built on first use. Importing rich costs about
    a tenth of `dyads extract`'s start, and a command that writes only JSON never needs it."""

    def __init__(self, file: IO[str] | None = None, *, stderr: bool = False, **options: Any):
        self._file = file
        self._stderr = stderr
        self._options = options
        self._console: Console | None = None

    @property
    def file(self) -> IO[str]:
        if self._file is not None:
            return self._file
        return sys.stderr if self._stderr else sys.stdout  # as rich reads them: at each use

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self._file, stderr=self._stderr, **self._options)
        return self._console

    @property
    def is_terminal(self) -> bool:
        if self._console is not None:
            return self._console.is_terminal
        isatty = getattr(self.file, "isatty", None)
        return bool(isatty and isatty())

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)


out = Output(soft_wrap=True)
err_console = Output(stderr=True, soft_wrap=True)


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1  # some input failed, or the command could not finish
    USAGE = 2  # bad arguments (click's own code)


def warn(message: str) -> None:
    """One line on stderr, unstyled so scripts can parse it."""
    print(message, file=sys.stderr, flush=True)


def fail(message: str, status: ExitStatus = ExitStatus.ERROR) -> NoReturn:
    warn(message)
    raise SystemExit(int(status))


def is_debug() -> bool:
    import click

    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("debug"))


def report_error(error: Exception) -> None:
    """Print a handled error as one line (the traceback only with --debug)."""
    if is_debug() and not isinstance(error, DyadsError):
        raise error
    warn(f"error: {error}")


def check_date(_ctx: Any, _param: Any, value: str | None) -> str | None:
    """A click callback: ``--published`` must be a YYYY-MM-DD date."""
    import click

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def patterns_option(func: Any) -> Any:
    """``--patterns FILE``: a user's event patterns, replacing packaged ones of the same id."""
    import click

    return click.option(
        "--patterns",
        "pattern_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Extra event pattern file (YAML); may repeat.",
    )(func)


def actors_option(func: Any) -> Any:
    """``--actors FILE``: a user's actor dictionary, adding to or overriding the built-in one."""
    import click

    return click.option(
        "--actors",
        "actor_files",
        multiple=True,
        type=click.Path(exists=True),
        help="Extra actor dictionary file (YAML); may repeat.",
    )(func)


def model_option(func: Any) -> Any:
    """``--model FILE``: the weights of an extractor's learned stage (hybrid/1's gate),
    as `dyads train` writes them; default the model shipped in the package."""
    import click

    return click.option(
        "--model",
        "model_file",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Learned model file for the extractor's gate (from `dyads train`).",
    )(func)


# Tables written to a file are as wide as their content needs, up to this.
FILE_WIDTH = 200


def output_option(func: Any) -> Any:
    """``-o/--output FILE``: what the command prints goes to FILE instead (``-``: stdout)."""
    import click

    return click.option(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        type=click.Path(dir_okay=False, allow_dash=True),
        help="Write to FILE instead of standard output; FILE is replaced only when complete.",
    )(func)


@contextmanager
def output_console(path: str | None) -> Iterator[Output]:
    """The console a command prints its results on: stdout, or a new file written beside the
    target and renamed over it at the end, so that a failed run leaves no half-written file."""
    if path is None or path == "-":
        yield out
        return
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            yield Output(handle, width=FILE_WIDTH, color_system=None, soft_wrap=True)
        os.replace(partial, target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        fail(f"error: {path}: cannot be written ({err.strerror or err})")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    warn(f"written to {path}")


# Table columns by kind: "key" (dates, ids, codes, types) is never wrapped or cut, whatever
# the terminal's width; "ids" (several ids) wraps between ids, never inside one; "text"
# (evidence, names) wraps anywhere and takes the room that is left.
TEXT_MIN_WIDTH = 8


def table(title: str, columns: list[tuple[str, str]], rows: Sequence[Sequence[str]]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # Rules between rows and columns take room that ids need at 80 columns: spaces only.
    grid = Table(title=title, box=box.SIMPLE_HEAD, padding=0, show_edge=False)
    for n, (name, kind) in enumerate(columns):
        cells = [name, *(row[n] for row in rows)]
        if kind == "key":
            width = max(len(line) for cell in cells for line in cell.splitlines() or [""])
            grid.add_column(name, no_wrap=True, min_width=width)
        elif kind == "ids":
            width = max(len(word) for cell in cells for word in cell.split() or [""])
            grid.add_column(name, min_width=width, overflow="fold")
        else:
            grid.add_column(name, min_width=TEXT_MIN_WIDTH, overflow="fold")
    for row in rows:  # as plain text: brackets in an article are not rich markup
        grid.add_row(*(Text(cell) for cell in row))
    return grid


def examples(*lines: str) -> str:
    """A command's ``--help`` epilog: example command lines, kept as written (click's ``\\b``)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def grid(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table of short, single-line cells, drawn as rich draws its default table (heavy
    head, cells left-aligned and padded by one space) but written directly: rich measures
    every cell and took two seconds for the 520 weeks of a ten-year series."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def cells(row: Sequence[str], edge: str) -> str:
        padded = (f" {cell.ljust(width)} " for cell, width in zip(row, widths, strict=True))
        return edge + edge.join(padded) + edge

    drawn = [title, line("┏", "━", "┳", "┓"), cells(headers, "┃"), line("┡", "━", "╇", "┩")]
    drawn += [cells(row, "│") for row in rows]
    drawn.append(line("└", "─", "┴", "┘"))
    return "\n".join(drawn) + "\n"
