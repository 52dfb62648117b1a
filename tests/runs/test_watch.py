"""`dyads watch` against a news site on loopback whose feed changes between rounds: new
articles, the alert, the webhook call, conditional GET, backoff, and a restart (after Ctrl-C)
that ingests and reports nothing twice. Also `dyads serve --watch` with its live alerts page."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.ingest.fetch import FetchPolicy
from dyads.pipeline import Pipeline
from dyads.runs.watch import WatchOptions, parse_every, poll_round
from dyads.store.duckdb import DuckDBStore

PAGE = (
    "<html><head><title>{title}</title></head><body><article><p>{text}</p>"
    "<p>{extra}</p></article></body></html>"
)
# Another dyad's rebuke in January starts the record; then three rebukes in the week of 5
# February: a spike of NOR→SWE ACCUSE over five empty weeks (z = 3, the default threshold).
STORIES = [
    (
        "jan",
        "Mon, 01 Jan 2024 09:00:00 GMT",
        "Denmark condemned Finland for the border closure.",
        "Officials in Copenhagen said the crossing at Tornio had been shut without warning.",
    ),
    (
        "feb1",
        "Mon, 05 Feb 2024 09:00:00 GMT",
        "Norway accused Sweden of violating the fishing treaty.",
        "Trawler crews from Tromso complained about inspections far out in the Barents Sea.",
    ),
    (
        "feb2",
        "Tue, 06 Feb 2024 09:00:00 GMT",
        "Norway criticised Sweden over the arrest of its diplomats.",
        "The two envoys were held for a night at a police station in Gothenburg.",
    ),
    (
        "feb3",
        "Wed, 07 Feb 2024 09:00:00 GMT",
        "Norway condemned Sweden for expelling its trade attache.",
        "Business groups in Bergen warned that exports of salmon would suffer this spring.",
    ),
]


def rss(base: str, names: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>{base}/news/{name}</link>"
        f"<guid isPermaLink='false'>tag:wire.example,2024:{name}</guid>"
        f"<pubDate>{date}</pubDate><description>{text}</description></item>"
        for name, date, text, _extra in STORIES
        if name in names
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Nordic Wire</title>'
        f"{items}</channel></rss>"
    ).encode()


@dataclass
class Site:
    """What the loopback site serves and what it was asked."""

    base: str = ""
    feeds: list[bytes] = field(default_factory=list)  # the k-th feed request gets feeds[k-1]
    pages: dict[str, bytes] = field(default_factory=dict)
    validators: bool = True  # honour If-None-Match (a site may not)
    fail_feed: bool = False
    log: list[tuple[str, int, str | None]] = field(default_factory=list)  # path, status, INM
    hooks: list[dict[str, object]] = field(default_factory=list)
    hold: set[str] = field(default_factory=set)  # pages that answer only once released
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> int:
        return sum(1 for p, _s, _v in self.log if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in site.hold:
                with site.lock:
                    site.log.append((self.path, 0, None))  # asked; the answer comes later
                site.released.wait(60)
            with site.lock:
                sent_tag = self.headers.get("If-None-Match")
                if self.path == "/feed.rss":
                    asked = site.hits("/feed.rss")
                    body: bytes | None = site.feeds[min(asked, len(site.feeds) - 1)]
                    status = 500 if site.fail_feed else 200
                else:
                    body = site.pages.get(self.path)
                    status = 200 if body is not None else 404
                tag = '"' + hashlib.sha256(body or b"").hexdigest()[:16] + '"'
                if status == 200 and site.validators and sent_tag == tag:
                    status = 304
                site.log.append((self.path, status, sent_tag))
            payload = body if status == 200 and body else b""
            self.send_response(status)
            kind = "application/rss+xml" if self.path.endswith(".rss") else "text/html"
            self.send_header("Content-Type", kind)
            if site.validators:
                self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            record = json.loads(self.rfile.read(length))
            with site.lock:
                site.hooks.append(record)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.pages = {
        f"/news/{name}": PAGE.format(title=name, text=text, extra=extra).encode()
        for name, _date, text, extra in STORIES
    }
    state.feeds = [rss(state.base, ["jan"]), rss(state.base, [s[0] for s in STORIES])]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def dyads(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dyads", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = proc.communicate(timeout=300)
    return proc.returncode, stdout, stderr


def stored(db: Path) -> list[tuple[str, str]]:
    with DuckDBStore(db, read_only=True) as store:
        return sorted(store.fetch("SELECT id, title FROM articles"))


def test_watch_ingests_new_items_reports_the_alert_once_and_survives_a_restart(
    tmp_path: Path, site: Site
) -> None:
    db, log = tmp_path / "live.duckdb", tmp_path / "alerts.jsonl"
    feed, hook = f"{site.base}/feed.rss", f"{site.base}/hook"
    common = ["--db", str(db), "--allow-private", "-o", str(log), "--webhook", hook]

    # Three rounds: the January item; the February items (the spike); an unchanged feed.
    code, out, err = finish(dyads("watch", feed, "--every", "1s", "--rounds", "3", *common))
    assert code == 0, err
    rounds = [line for line in out.splitlines() if line.startswith("round ")]
    assert len(rounds) == 3
    assert "1 articles added" in rounds[0] and "0 new alerts" in rounds[0]
    assert "3 articles added" in rounds[1] and "1 new alerts" in rounds[1]
    assert "1 unchanged" in rounds[2] and "0 articles added" in rounds[2]
    assert out.count("ALERT") == 1 and "Norway → Sweden: 3 ACCUSE events" in out
    # The guid is each article's id; every page was fetched once.
    assert [row[0] for row in stored(db)] == sorted(
        f"tag:wire.example,2024:{s[0]}" for s in STORIES
    )
    assert all(site.hits(f"/news/{s[0]}") == 1 for s in STORIES)
    # The third round was a conditional GET, answered 304.
    feed_log = [entry for entry in site.log if entry[0] == "/feed.rss"]
    assert feed_log[0][2] is None and feed_log[2][1] == 304 and feed_log[2][2]
    # The alert: once on the terminal, once in the log, once to the webhook.
    (record,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert (record["source"], record["target"], record["key"]) == ("NOR", "SWE", "ACCUSE")
    assert record["count"] == 3 and len(record["evidence"]) == 3
    assert [h["alert_id"] for h in site.hooks] == [record["alert_id"]]

    # Started again, without --rounds, and stopped with Ctrl-C after its first round.
    proc = dyads("watch", feed, "--every", "60s", *common)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("round 1:"), line
    proc.send_signal(signal.SIGINT)
    code, out, err = finish(proc)
    assert code == 0 and "stopped after 1 complete rounds" in err, err
    assert "0 articles added" in line and "0 new alerts" in line and "1 unchanged" in line

    # A site that forgets its validators: the whole feed again, and still nothing twice.
    site.validators = False
    code, out, err = finish(dyads("watch", feed, "--rounds", "1", *common))
    assert code == 0, err
    assert "1 feeds changed" in out and "0 articles added" in out and "0 new alerts" in out
    assert len(stored(db)) == len(STORIES)
    assert all(site.hits(f"/news/{s[0]}") == 1 for s in STORIES)  # done items are not fetched
    assert len(log.read_text().splitlines()) == 1 and len(site.hooks) == 1


def test_a_watcher_killed_mid_round_ingests_nothing_twice(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "cut.duckdb"
    site.feeds = [site.feeds[1]]
    site.hold = {"/news/feb2"}
    args = ["watch", f"{site.base}/feed.rss", "--db", str(db), "--allow-private"]
    proc = dyads(*args, "--every", "60s")
    deadline = time.monotonic() + 120
    while not site.hits("/news/feb2"):  # the round is under way, its batch not yet written
        assert proc.poll() is None and time.monotonic() < deadline, "the watcher never fetched"
        time.sleep(0.1)
    proc.kill()  # no Ctrl-C: SIGKILL, mid-round
    proc.wait(timeout=30)
    site.released.set()
    code, out, err = finish(dyads(*args, "--rounds", "1"))
    assert code == 0, err
    assert "4 articles added" in out and "1 new alerts" in out, out
    code, out, err = finish(dyads(*args, "--rounds", "1"))
    assert code == 0 and "0 articles added" in out and "0 new alerts" in out, out
    with DuckDBStore(db, read_only=True) as store:
        assert store.fetch("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles") == [(4, 4)]
        events = store.fetch("SELECT COUNT(*), COUNT(DISTINCT article_id || id) FROM events")
        assert events[0][0] == events[0][1] >= 4
        assert store.count("ingest_state") == 4


def test_a_failing_feed_backs_off_and_its_state_is_kept(
    tmp_path: Path, site: Site, pipeline: Pipeline
) -> None:
    site.fail_feed = True
    feed = f"{site.base}/feed.rss"
    options = WatchOptions(every=600, policy=FetchPolicy(allow_private=True))
    with DuckDBStore(tmp_path / "w.duckdb") as store:
        first = poll_round([feed], store=store, pipeline=pipeline, options=options)
        assert first.failed == 1 and "HTTP 500" in first.problems[0]
        assert "next try" in first.problems[0] and len(first.problems[0].splitlines()) == 1
        site.fail_feed = False
        second = poll_round([feed], store=store, pipeline=pipeline, options=options, number=2)
        assert second.waiting == 1 and second.polled == 0
        assert site.hits("/feed.rss") == 1  # not asked again while it backs off
        _etag, _modified, _checked, failures, retry_at, error = store.watch_sources()[feed]
        assert failures == 1 and retry_at and "HTTP 500" in error


def test_the_webhook_obeys_the_address_rules(
    tmp_path: Path, site: Site, pipeline: Pipeline
) -> None:
    """A webhook on loopback is refused without the allow switch, like any fetch; a webhook
    that fails is one line, and the alert is still reported (and kept as reported)."""
    feed = tmp_path / "wire.rss"  # a local feed file: its items' own text, nothing fetched
    feed.write_bytes(site.feeds[1])
    strict = WatchOptions(webhook=f"{site.base}/hook")
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        report = poll_round([str(feed)], store=store, pipeline=pipeline, options=strict)
        assert len(report.alerts) == 1 and not site.hooks
        (problem,) = report.problems
        assert problem.startswith("webhook ") and "private or local address" in problem
        again = poll_round([str(feed)], store=store, pipeline=pipeline, options=strict, number=2)
        assert not again.alerts and not again.problems and again.ingest.added == 0
    loose = WatchOptions(policy=FetchPolicy(allow_private=True), webhook=f"{site.base}/hook")
    with DuckDBStore(tmp_path / "l.duckdb") as store:
        report = poll_round([str(feed)], store=store, pipeline=pipeline, options=loose)
        assert not report.problems
        assert [h["alert_id"] for h in site.hooks] == [report.alerts[0]["alert_id"]]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("2", 2.0), (" 1.5M ", 90.0), ("1d", 86400.0)],
)
def test_every_reads_seconds_minutes_and_hours(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "15x", "-1m", "m"])
def test_a_bad_every_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="--every"):
        parse_every(text)


def test_a_bad_every_on_the_command_line_is_one_line() -> None:
    code, out, err = finish(dyads("watch", "https://wire.example/feed.rss", "--every", "5x"))
    assert code == 2 and out == ""
    assert err.strip() == "error: --every: '5x' is not a period such as 30s, 15m or 1h"
    code, out, err = finish(dyads("watch", "feed.rss", "--webhook", "ftp://hooks.example"))
    assert (
        code == 2 and err.strip() == "error: --webhook: 'ftp://hooks.example' is not an http(s) URL"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_watches_in_the_background_and_its_alerts_page_is_live(
    tmp_path: Path, site: Site
) -> None:
    db = tmp_path / "served.duckdb"
    DuckDBStore(db).close()  # serve opens an existing store
    site.feeds = [site.feeds[1]]
    port = free_port()
    server = dyads(
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--watch",
        f"{site.base}/feed.rss",
        "--every",
        "1s",
        "--allow-private",
    )
    try:
        deadline = time.monotonic() + 180
        health: dict[str, object] = {}
        seen: list[tuple[object, object]] = []  # (articles, generation) of each answer
        while health.get("articles") != len(STORIES):
            assert server.poll() is None and time.monotonic() < deadline, "no watching server"
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as r:
                    health = json.load(r)
            except OSError:
                continue
            seen.append((health["articles"], health["generation"]))
        # The watcher's rounds move the data generation on once they end (the open pages then
        # offer the new events), and its own open of the file leaves the server's discovery
        # file in place.
        before = [g for a, g in seen if a != len(STORIES)]
        while before and health["generation"] == before[0]:
            assert time.monotonic() < deadline, "the generation never moved"
            time.sleep(0.5)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as r:
                health = json.load(r)
        assert Path(f"{db}.serve.json").exists()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/alerts?refresh=7", timeout=30) as r:
            page = r.read().decode()
        assert '<meta http-equiv="refresh" content="7">' in page
        assert "3 ACCUSE events" in page
    finally:
        server.send_signal(signal.SIGINT)
        code, out, err = finish(server)
    assert "live alerts at" in out and "1 new alerts" in out, (out, err)
    assert code == 0, err
