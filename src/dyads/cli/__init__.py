"""The `dyads` command line. Each command is a thin wrapper over a library function.

Command modules live beside this file; each exposes ``command`` (a click command). They are
listed here once, in the order `dyads --help` shows them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from dyads.cli.common import ExitStatus, fail
from dyads.version import __version__

COMMAND_MODULES = [
    "demo",
    "extract",
    "explain",
    "ingest",
    "events",
    "stats",
    "export",
    "recode",
    "series",
    "network",
    "alerts",
    "serve",
    "eval_cmd",
    "bench",
    "batch",
    "check_data",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyads")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Dyads: who did what to whom, when, where, and says who, from news text."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _name in COMMAND_MODULES:
    if importlib.util.find_spec(f"dyads.cli.{_name}") is not None:
        cli.add_command(importlib.import_module(f"dyads.cli.{_name}").command)


def main(argv: list[str] | None = None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="dyads", standalone_mode=True)
    except Exception as err:  # a last line of defence: one line, no traceback
        if debug:
            raise
        fail(f"dyads: {err}", ExitStatus.ERROR)
