"""`dyads watch`: poll feeds on a schedule, ingest what is new and report new alerts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dyads.cli.common import ExitStatus, check_date, examples, fail, out, warn
from dyads.cli.events import db_option
from dyads.query.alerts import GROUPINGS, METHODS
from dyads.query.intervals import INTERVALS

if TYPE_CHECKING:
    from dyads.runs.watch import RoundReport, WatchOptions

MAX_SHOWN = 10


def _every(_ctx: Any, _param: Any, value: str) -> float:
    from dyads.errors import InputError
    from dyads.runs.watch import parse_every

    try:
        return parse_every(value)
    except InputError as err:  # one line naming the option, as for every bad input
        fail(f"error: {err}", ExitStatus.USAGE)


def polling_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options `dyads watch` and `dyads serve --watch` share."""
    for option in reversed(
        (
            click.option(
                "--every",
                default="15m",
                show_default=True,
                callback=_every,
                help="Time between rounds: 30s, 15m, 1h.",
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                help="Allow feeds, pages and the webhook on private or loopback addresses.",
            ),
            click.option(
                "--respect-robots", is_flag=True, help="Fetch only what robots.txt allows."
            ),
            click.option(
                "--no-fetch-links",
                is_flag=True,
                help="Code feed items from the feed's own text; don't fetch their pages.",
            ),
            click.option(
                "--webhook",
                metavar="URL",
                help="POST each new alert there as JSON (same address rules as fetching).",
            ),
            click.option(
                "--interval",
                type=click.Choice(tuple(INTERVALS)),
                default="week",
                show_default=True,
                help="Alert periods.",
            ),
            click.option("--by", type=click.Choice(GROUPINGS), default="type", show_default=True),
            click.option(
                "--method", type=click.Choice(METHODS), default="zscore", show_default=True
            ),
            click.option(
                "--threshold",
                type=click.FloatRange(min=0, min_open=True),
                help="z-score (default 3) or Poisson p-value (default 0.001).",
            ),
            click.option(
                "--min-count",
                type=click.IntRange(min=1),
                default=3,
                show_default=True,
                help="Events a period needs to be an alert.",
            ),
        )
    ):
        func = option(func)
    return func


def watch_options(settings: dict[str, Any], *, rounds: int | None, log: str | None) -> WatchOptions:
    """The library's options from the shared command-line ones."""
    from dyads.ingest.fetch import FetchPolicy, is_url
    from dyads.runs.watch import AlertRules, WatchOptions

    hook = settings["webhook"]
    if hook is not None and not is_url(hook):
        fail(f"error: --webhook: {hook!r} is not an http(s) URL", ExitStatus.USAGE)
    return WatchOptions(
        every=settings["every"],
        rounds=rounds,
        policy=FetchPolicy(
            allow_private=settings["allow_private"], respect_robots=settings["respect_robots"]
        ),
        fetch_links=not settings["no_fetch_links"],
        published=settings.get("published"),
        alerts=AlertRules(
            interval=settings["interval"],
            by=settings["by"],
            method=settings["method"],
            threshold=settings["threshold"],
            min_count=settings["min_count"],
        ),
        log=Path(log) if log else None,
        webhook=settings["webhook"],
    )


def show_round(report: RoundReport) -> None:
    """A round on the terminal: its problems and warnings on stderr, new alerts and the
    summary line on stdout."""
    for message in (report.problems + report.ingest.warnings + report.ingest.errors)[:MAX_SHOWN]:
        warn(message)
    for alert in report.alerts:
        out.print(f"[bold]ALERT[/bold] {alert['reason']}", highlight=False)
        for event in alert["evidence"]:
            out.print(
                f"  {event['date']} {event['type']} [{event['article_id']}] {event['evidence']}",
                markup=False,
                highlight=False,
            )
    out.print(report.line(), markup=False, highlight=False)


@click.command(
    "watch",
    epilog=examples(
        "dyads watch https://example.org/feed.rss --every 15m --db events.duckdb",
        "dyads watch feeds.xml https://example.org/atom --every 30s --rounds 4",
        "dyads watch https://example.org/feed.rss -o alerts.jsonl --webhook https://hooks.example.org/dyads",
    ),
)
@click.argument("feeds", nargs=-1, required=True)
@db_option
@polling_options
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    help="Stop after this many rounds (default: until Ctrl-C); for tests and cron.",
)
@click.option(
    "--published",
    callback=check_date,
    help="Publication date (YYYY-MM-DD) for items that don't carry one.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Append each new alert to FILE as a JSON line (the terminal still shows it).",
)
def command(
    feeds: tuple[str, ...], db: str | None, rounds: int | None, output: str | None, **settings: Any
) -> None:
    """Poll FEEDS (RSS/Atom or page URLs, or files) every --every: ingest new items, evaluate
    the alerts and report the new ones. Unchanged feeds cost a conditional GET (ETag,
    Last-Modified); failing ones back off. What was seen and reported is kept in the store,
    so a restart neither ingests nor reports anything twice. Ctrl-C stops between batches."""
    import threading

    from dyads.errors import DyadsError
    from dyads.runs.watch import watch
    from dyads.store import default_db, open_store

    options = watch_options(settings, rounds=rounds, log=output)
    stop = threading.Event()
    try:
        store = open_store(db or default_db())
    except DyadsError as err:
        warn(f"error: {err}")
        raise SystemExit(int(ExitStatus.ERROR)) from None
    done = 0

    def shown(report: RoundReport) -> None:
        nonlocal done
        done = report.number
        show_round(report)

    try:
        watch(list(feeds), store=store, options=options, on_round=shown, stop=stop)
    except KeyboardInterrupt:
        # Each batch commits with its resume marks: what the cut round stored is kept, the
        # rest is fetched again on the next start.
        warn(f"stopped after {done} complete rounds; rerun to go on")
    finally:
        store.close()
