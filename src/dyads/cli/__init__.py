"""The `dyads` command line. Each command is a thin wrapper over a library function.

Command modules live beside this file; each exposes ``command`` (a click command) named
after its module (``eval_cmd`` is `dyads eval`, ``check_data`` is `dyads check-data`). They
are listed here once and imported only when their command runs: `dyads extract` does not
pay for the web server's imports (docs/performance.md, start-up).
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
    "watch",
    "eval_cmd",
    "bench",
    "batch",
    "check_data",
    "train",
]


def command_name(module: str) -> str:
    return module.removesuffix("_cmd").replace("_", "-")


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            command_name(m)
            for m in COMMAND_MODULES
            if importlib.util.find_spec(f"dyads.cli.{m}") is not None
        )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module in COMMAND_MODULES:
            if command_name(module) == cmd_name:
                command: click.Command = importlib.import_module(f"dyads.cli.{module}").command
                return command
        return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyads")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Dyads: who did what to whom, when, where, and says who, from news text."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="dyads", standalone_mode=True)
    except Exception as err:  # a last line of defence: one line, no traceback
        if debug:
            raise
        fail(f"dyads: {err}", ExitStatus.ERROR)
