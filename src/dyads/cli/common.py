"""What every command shares: exit codes, error lines, the rich consoles."""

from __future__ import annotations

import enum
import sys
from datetime import date
from typing import Any, NoReturn

from rich.console import Console

from dyads.errors import DyadsError

out = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


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
