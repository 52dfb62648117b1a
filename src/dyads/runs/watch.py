"""Live use: poll feeds and pages on a schedule, ingest what is new, report new alerts.

Each round fetches every feed that is not backing off, politely: the ETag and Last-Modified it
answered last time go back as ``If-None-Match`` / ``If-Modified-Since``, so an unchanged feed
costs a 304 and nothing else; a feed that fails waits twice as long after each failure (up to
``MAX_BACKOFF``); robots.txt is asked first when the policy says so. New items go through the
ordinary ingest (batches, resume marks), then the alerts are evaluated and those never reported
before go to the caller, a JSON Lines log and a webhook.

Everything a restart needs is in the store (``watch_sources``, ``watch_alerts`` and the ingest's
own marks): a watcher killed at any moment and started again fetches only what changed, ingests
nothing twice and reports no alert twice. A feed's validators are saved only once its items are
committed, so a round cut off mid-ingest fetches the feed again and skips what was stored.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.ingest.fetch import FetchPolicy, fetch, is_url, post_json
from dyads.ingest.html import html_to_article
from dyads.ingest.sources import SourceItem, SourceOptions, feed_items, is_feed, iter_sources
from dyads.query.alerts import Alert, find_alerts
from dyads.runs.ingest import ArticleCoder, IngestReport, default_pipeline, ingest_items
from dyads.store import SQLStore

DEFAULT_EVERY = 900.0  # GDELT's own rhythm: 15 minutes
MAX_BACKOFF = 6 * 3600.0  # a feed failing for days is still tried four times a day
WEBHOOK_SECONDS = 10.0
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_TIME = "%Y-%m-%dT%H:%M:%SZ"


def parse_every(text: str) -> float:
    """``30s``, ``15m``, ``1h``, ``1d`` (or plain seconds) as seconds."""
    match = _EVERY.match(text)
    if not match or float(match.group(1)) <= 0:
        raise InputError("--every", f"{text!r} is not a period such as 30s, 15m or 1h")
    return float(match.group(1)) * _UNIT[(match.group(2) or "s").lower()]


@dataclass(frozen=True, slots=True)
class AlertRules:
    """How alerts are evaluated after each round (the options of ``dyads alerts``)."""

    interval: str = "week"
    by: str = "type"
    method: str = "zscore"
    threshold: float | None = None
    window: int = 8
    min_count: int = 3
    evidence: int = 3


@dataclass(frozen=True, slots=True)
class WatchOptions:
    every: float = DEFAULT_EVERY  # seconds between the starts of two rounds' waits
    rounds: int | None = None  # stop after this many rounds (None: until stopped)
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    fetch_links: bool = True
    published: str | None = None
    alerts: AlertRules = field(default_factory=AlertRules)
    log: Path | None = None  # new alerts appended here as JSON Lines
    webhook: str | None = None  # new alerts POSTed here, one JSON object each


@dataclass(slots=True)
class RoundReport:
    number: int
    polled: int = 0  # feeds fetched with a new body
    unchanged: int = 0  # answered 304
    failed: int = 0  # could not be fetched (now backing off)
    waiting: int = 0  # still backing off from earlier failures: not polled
    ingest: IngestReport = field(default_factory=IngestReport)
    alerts: list[dict[str, Any]] = field(default_factory=list)  # reported for the first time
    problems: list[str] = field(default_factory=list)  # one line each: feeds, webhook

    def line(self) -> str:
        counts = self.ingest
        return (
            f"round {self.number}: {self.polled} feeds changed, {self.unchanged} unchanged,"
            f" {self.failed} failed, {self.waiting} backing off; {counts.added} articles added,"
            f" {counts.skipped} already stored, {counts.failed} failed; {counts.events} events;"
            f" {len(self.alerts)} new alerts"
        )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _stamp(moment: datetime) -> str:
    return moment.strftime(_TIME)


def alert_key(alert: Alert, rules: AlertRules) -> str:
    """What makes an alert the same alert in a later round: dyad, type, period, grouping."""
    return "|".join((alert.source, alert.target, alert.key, alert.period, rules.interval, rules.by))


def watch(
    feeds: Sequence[str],
    *,
    store: SQLStore,
    pipeline: ArticleCoder | None = None,
    options: WatchOptions | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Poll ``feeds`` (feed or page URLs, or local paths) every ``options.every`` seconds
    until ``stop`` is set or ``options.rounds`` are done; return the rounds run.

    ``on_round`` gets each round's report (new articles, new alerts, problems) as it ends.
    """
    options = options or WatchOptions()
    stop = stop or threading.Event()
    coder = pipeline or default_pipeline()
    done = 0
    while not stop.is_set():
        done += 1
        report = poll_round(feeds, store=store, pipeline=coder, options=options, number=done)
        if on_round is not None:
            on_round(report)
        if options.rounds is not None and done >= options.rounds:
            break
        stop.wait(options.every)
    return done


def poll_round(
    feeds: Sequence[str],
    *,
    store: SQLStore,
    pipeline: ArticleCoder,
    options: WatchOptions,
    number: int = 1,
) -> RoundReport:
    """One round: fetch what changed, ingest it, evaluate alerts, report the new ones."""
    report = RoundReport(number)
    states = store.watch_sources()

    def is_done(key: str) -> bool:
        return bool(store.done_keys([key]))

    for name in feeds:
        if is_url(name):
            _poll_url(name, states.get(name), store, pipeline, options, report, is_done)
        else:  # a local file: re-read; its items done and articles stored are skipped
            items = iter_sources([name], options=_source_options(options), is_done=is_done)
            _add(report.ingest, ingest_items(items, store=store, pipeline=pipeline))
    _report_alerts(store, options, report)
    return report


def _source_options(options: WatchOptions) -> SourceOptions:
    return SourceOptions(
        published=options.published, policy=options.policy, fetch_links=options.fetch_links
    )


def _poll_url(
    url: str,
    state: tuple[Any, ...] | None,
    store: SQLStore,
    pipeline: ArticleCoder,
    options: WatchOptions,
    report: RoundReport,
    is_done: Callable[[str], bool],
) -> None:
    etag, modified, _checked, failures, retry_at, _error = state or (
        None,
        None,
        None,
        0,
        None,
        None,
    )
    now = _now()
    if retry_at and _stamp(now) < retry_at:
        report.waiting += 1
        return
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        page = fetch(url, policy=options.policy, headers=headers)
    except InputError as err:
        failures = int(failures or 0) + 1
        delay = min(options.every * 2**failures, max(options.every, MAX_BACKOFF))
        retry = _stamp(now + timedelta(seconds=delay))
        store.save_watch_source(url, (etag, modified, _stamp(now), failures, retry, str(err)))
        report.failed += 1
        report.problems.append(f"{err} (feed failed {failures} times in a row; next try {retry})")
        return
    if page.status == 304:
        report.unchanged += 1
        store.save_watch_source(url, (etag, modified, _stamp(now), 0, None, None))
        return
    report.polled += 1
    items: Iterable[SourceItem]
    if is_feed(page):
        items = feed_items(page.body, page.url, _source_options(options), is_done)
    else:  # a page: a changed page is a new article (its id hashes URL and text)
        items = [SourceItem(html_to_article(page.body, url=page.url, where=url))]
    _add(report.ingest, ingest_items(items, store=store, pipeline=pipeline))
    # Saved only now: a round cut off before this fetches the feed again on restart.
    store.save_watch_source(url, (page.etag, page.last_modified, _stamp(now), 0, None, None))


def _add(total: IngestReport, part: IngestReport) -> None:
    total.read += part.read
    total.added += part.added
    total.skipped += part.skipped
    total.failed += part.failed
    total.events += part.events
    total.batches += part.batches
    total.errors.extend(part.errors)
    total.warnings.extend(part.warnings)


def _report_alerts(store: SQLStore, options: WatchOptions, report: RoundReport) -> None:
    rules = options.alerts
    found = find_alerts(
        store,
        interval=rules.interval,
        by=rules.by,
        method=rules.method,
        threshold=rules.threshold,
        window=rules.window,
        min_count=rules.min_count,
        evidence=rules.evidence,
    )
    keyed = {alert_key(alert, rules): alert for alert in found}
    old = store.reported_alerts(keyed)
    fresh = [(key, alert) for key, alert in keyed.items() if key not in old]
    if not fresh:
        return
    stamp = _stamp(_now())
    records = [
        {"alert_id": key, "reported_at": stamp, "interval": rules.interval, "by": rules.by}
        | alert.to_dict()
        for key, alert in fresh
    ]
    if options.log is not None:
        with options.log.open("a", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if options.webhook:
        report.problems.extend(_deliver(options.webhook, records, options.policy))
    # Kept as reported even when the webhook failed: the terminal and the log have them, and
    # a webhook that is down must not turn every later round into a flood of old alerts.
    store.record_alerts((r["alert_id"], json.dumps(r, ensure_ascii=False)) for r in records)
    report.alerts.extend(records)


def _deliver(url: str, records: list[dict[str, Any]], policy: FetchPolicy) -> Iterator[str]:
    """POST each record to the webhook, under the fetch's address rules; yield the failures."""
    hook = FetchPolicy(allow_private=policy.allow_private, timeout=WEBHOOK_SECONDS)
    for record in records:
        try:
            post_json(url, json.dumps(record, ensure_ascii=False).encode(), policy=hook)
        except InputError as err:
            yield f"webhook {err}"


class BackgroundWatch:
    """The watch loop in a thread beside a server (``dyads serve --watch``), on a store
    connection of its own, stopped when the ``with`` block ends.

    DuckDB lets one process open its file twice (one database, two connections), so the
    server's queries see each round's commits; PostgreSQL is shared anyway.
    """

    def __init__(
        self,
        feeds: Sequence[str],
        db: str,
        *,
        options: WatchOptions,
        on_round: Callable[[RoundReport], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        join_seconds: float = 10.0,
    ) -> None:
        self.feeds = list(feeds)
        self.db = db
        self.options = options
        self.on_round = on_round
        self.on_error = on_error
        self.join_seconds = join_seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="dyads-watch", daemon=True)

    def __enter__(self) -> BackgroundWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        # A round cut off here loses nothing: batches commit with their marks.
        self.thread.join(self.join_seconds)

    def _run(self) -> None:
        from dyads.store import open_store

        try:
            store = open_store(self.db)
        except Exception as err:  # the server goes on without its watcher, and says why
            if self.on_error is not None:
                self.on_error(f"watch: {err}")
            return
        try:
            watch(
                self.feeds,
                store=store,
                options=self.options,
                on_round=self.on_round,
                stop=self.stop,
            )
        except Exception as err:
            if self.on_error is not None:
                self.on_error(f"watch stopped: {err}")
        finally:
            store.close()


__all__ = [
    "AlertRules",
    "BackgroundWatch",
    "RoundReport",
    "WatchOptions",
    "alert_key",
    "parse_every",
    "poll_round",
    "watch",
]
