"""End to end: ingest with the real pipeline into a real DuckDB file; idempotence, resume
after kill -9, stories, re-coding, and feeds fetched from a local server."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dyads.pipeline import Pipeline
from dyads.query.summary import summary
from dyads.runs.ingest import IngestReport, ingest
from dyads.runs.recode import recode
from dyads.store.daily import COLUMNS as DAY_COLUMNS
from dyads.store.duckdb import DuckDBStore

STATES = ["France", "Germany", "Russia", "Ukraine", "China", "Japan", "Italy", "Poland", "Iran"]
TOPICS = [
    "grain exports",
    "river dams",
    "border posts",
    "fishing rights",
    "rail links",
    "gas prices",
    "student visas",
    "satellite launches",
    "copper mines",
]
CITIES = ["Lyon", "Porto", "Gdansk", "Osaka", "Tabriz", "Bari", "Kharkiv", "Hamburg", "Xian"]


def corpus(folder: Path, n: int) -> Path:
    """``n`` distinct short news articles, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b = STATES[i % 9], STATES[(i * 4 + 1) % 9]
        c, d = STATES[(i + 3) % 9], STATES[(i * 2 + 5) % 9]
        topic, city = TOPICS[(i * 7) % 9], CITIES[(i * 5 + 2) % 9]
        text = (
            f"{a} condemned {b} on Monday over {topic} in case {i}. "
            f"{c} and {d} agreed to cooperate on {TOPICS[i % 9]} near {city}. "
            f"Officials in {CITIES[i % 9]} said item {i * 37 % 101} of the {topic} file "
            f"was still open after {i + 2} rounds."
        )
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, minus the clock columns, in a stable order."""
    queries = {
        "articles": "SELECT id, story_id, content_hash, text, data_version FROM articles",
        "sentences": "SELECT * FROM sentences",
        "mentions": "SELECT * FROM mentions",
        "events": "SELECT * FROM events",
        "event_actors": "SELECT * FROM event_actors",
        "article_minhash": "SELECT * FROM article_minhash",
    }
    with DuckDBStore(path) as store:
        return {t: sorted(store.fetch(q), key=repr) for t, q in queries.items()}


_DAY_KEYS = ", ".join(name for name, _ in DAY_COLUMNS[:-2])  # all but the count and the sum


def day_counts(path: Path) -> list[tuple[Any, ...]]:
    """``dyad_days`` as the writer kept it (its key columns and counts)."""
    with DuckDBStore(path) as store:
        return sorted(store.fetch(f"SELECT {_DAY_KEYS}, n FROM dyad_days"), key=repr)


def folded(path: Path) -> list[tuple[Any, ...]]:
    """The same counts folded afresh from the stored events."""
    sql = f"SELECT {_DAY_KEYS}, COUNT(*) FROM events GROUP BY {_DAY_KEYS}"
    with DuckDBStore(path) as store:
        return sorted(store.fetch(sql), key=repr)


def test_ingesting_twice_adds_nothing(tmp_path: Path, pipeline: Pipeline) -> None:
    source = corpus(tmp_path / "in", 12)
    db = tmp_path / "events.duckdb"
    first = ingest([str(source)], store=db, pipeline=pipeline, batch_size=5)
    assert (first.read, first.added, first.failed) == (12, 12, 0)
    assert first.events > 12
    before = dump(db)
    second = ingest([str(source)], store=db, pipeline=pipeline, batch_size=5)
    assert (second.added, second.skipped, second.events) == (0, 12, 0)
    assert dump(db) == before


CHILD = textwrap.dedent(
    """
    import sys, time
    from dyads.runs.ingest import ingest

    db, source, stop_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seen = [0]

    def on_article(report):
        seen[0] += 1
        if seen[0] == stop_after:
            print("MID", report.added, flush=True)
            time.sleep(120)

    def progress(report):
        print("BATCH", report.added, flush=True)

    ingest([source], store=db, batch_size=5, on_article=on_article, progress=progress)
    print("DONE", flush=True)
    """
)


def _child(tmp_path: Path, db: Path, source: Path, stop_after: int) -> subprocess.Popen[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(source), str(stop_after)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_run_killed_mid_batch_resumes_to_the_rows_of_a_clean_run(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    source = corpus(tmp_path / "in", 24)
    clean = tmp_path / "clean.duckdb"
    ingest([str(source)], store=clean, pipeline=pipeline, batch_size=5)

    killed = tmp_path / "killed.duckdb"
    child = _child(tmp_path, killed, source, stop_after=13)  # 2 batches in, 3 articles pending
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line.split()[0])
        if line.startswith("MID"):
            child.kill()  # SIGKILL: no cleanup, no rollback by the process
            break
    child.wait(timeout=30)
    assert lines == ["BATCH", "BATCH", "MID"]
    with DuckDBStore(killed) as store:
        assert store.count("articles") == 10  # the committed batches, nothing half-written

    resumed = ingest([str(source)], store=killed, pipeline=pipeline, batch_size=5)
    assert (resumed.skipped, resumed.added) == (10, 14)
    assert dump(killed) == dump(clean)
    # The daily counts the writer adds batch by batch: neither lost nor doubled by the kill.
    assert day_counts(killed) == day_counts(clean) == folded(killed)


def test_kills_at_random_moments_still_end_with_the_clean_rows(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    source = corpus(tmp_path / "in", 20)
    clean = tmp_path / "clean.duckdb"
    ingest([str(source)], store=clean, pipeline=pipeline, batch_size=5)
    killed = tmp_path / "killed.duckdb"
    rng = random.Random(4)
    for _attempt in range(2):
        child = _child(tmp_path, killed, source, stop_after=10_000)
        assert child.stdout is not None
        child.stdout.readline()  # the first batch is in: now anywhere, mid-write included
        time.sleep(rng.uniform(0.0, 0.05))
        child.kill()
        child.wait(timeout=30)
    ingest([str(source)], store=killed, pipeline=pipeline, batch_size=5)
    assert dump(killed) == dump(clean)


WIRE = (
    "European Union foreign ministers agreed on Monday to extend sanctions against Russia for "
    "another six months, diplomats said, after Hungary dropped its objections. The measures "
    "target the energy, banking and defence sectors. France condemned Russia for new attacks "
    "on Ukraine, and ministers discussed further aid for Ukraine, according to two officials."
)
REWRITE = (
    "By Ana Lopes. "
    + WIRE.replace("according to two officials", "officials said")
    + (" The next meeting is in March.")
)


def test_copies_share_a_story_and_count_once(tmp_path: Path, pipeline: Pipeline) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "b-paper.txt").write_text(REWRITE, encoding="utf-8")
    (folder / "c-other.txt").write_text(
        "Japan and Italy agreed to cooperate on satellite launches.", encoding="utf-8"
    )
    db = tmp_path / "events.duckdb"
    ingest([str(folder)], store=db, pipeline=pipeline)
    with DuckDBStore(db) as store:
        stories = dict(store.fetch("SELECT source_path, story_id FROM articles"))
        wire_story = stories[str(folder / "a-wire.txt")]
        assert stories[str(folder / "b-paper.txt")] == wire_story
        assert stories[str(folder / "c-other.txt")] != wire_story
        brief = summary(store)
        assert (brief["articles"], brief["stories"]) == (3, 2)
        assert brief["event_mentions"] > brief["events"]  # the copy's events counted once
        accuse = [d for d in brief["top_dyads"] if d["type"] == "ACCUSE"]
        assert accuse and accuse[0]["mentions"] == 2 and accuse[0]["events"] == 1
        assert "condemned" in accuse[0]["example"]


RURITANIA = """\
version: "test-1"
kind: state
actors:
  - id: RUR
    name: Ruritania
    code: RUR
    names: [Ruritania]
"""


def test_recode_reports_what_a_dictionary_change_did(tmp_path: Path, pipeline: Pipeline) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Ruritania condemned Russia on Monday. France and Germany agreed to cooperate.",
        encoding="utf-8",
    )
    db = tmp_path / "events.duckdb"
    ingest([str(folder)], store=db, pipeline=pipeline)
    with DuckDBStore(db) as store:
        same = recode(store, pipeline=pipeline)
        assert (same.articles, same.added, same.removed, same.changed) == (1, 0, 0, 0)
        assert same.unchanged == store.count("events") > 0

        extra = tmp_path / "ruritania.yaml"
        extra.write_text(RURITANIA, encoding="utf-8")
        richer = Pipeline(actor_files=[extra])
        dry = recode(store, pipeline=richer, dry_run=True)
        # The ACCUSE gains its source: a changed event (same trigger), or a new one.
        accuse = dry.by_type[("changed", "ACCUSE")] + dry.by_type[("added", "ACCUSE")]
        assert accuse >= 1 and dry.removed == 0
        assert any("source" in e.get("fields", ["source"]) for e in dry.examples)
        assert store.fetch("SELECT COUNT(*) FROM events WHERE source_id = 'RUR'") == [(0,)]
        report = recode(store, pipeline=richer)
        assert (report.added, report.changed) == (dry.added, dry.changed)
        assert store.fetch("SELECT COUNT(*) FROM events WHERE source_id = 'RUR'")[0][0] >= 1
        assert "ruritania.yaml:test-1" in report.data_version

        # Stored rows that no longer match what extraction gives count as changed/added.
        store.execute("DELETE FROM events WHERE source_id = 'RUR'")
        store.execute(
            "UPDATE events SET record = replace(record, '\"hedged\": false', "
            "'\"hedged\": true') WHERE type = 'AGREE'"
        )
        again = recode(store, pipeline=richer)
        assert again.added >= 1 and again.changed >= 1 and again.removed == 0
        assert recode(store, pipeline=richer).changed == 0


class _Site(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        _Site.hits[self.path] = _Site.hits.get(self.path, 0) + 1
        body = _Site.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        kind = "application/rss+xml" if self.path.endswith(".rss") else "text/html"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    page = (
        "<html><head><title>{title}</title></head><body><article><p>{text}</p>"
        "<p>Diplomats from both sides said that further meetings would follow in the coming "
        "weeks, and that the next round would be held at the ministerial level.</p>"
        "</article></body></html>"
    )
    _Site.hits = {}
    _Site.pages = {
        "/a": page.format(
            title="Aid",
            text="Germany agreed to cooperate with Poland on "
            "border posts, the ministry said on Friday.",
        ).encode(),
        "/b": page.format(
            title="Rebuke",
            text="Japan condemned China over fishing rights near the disputed islands on Thursday.",
        ).encode(),
        "/feed.rss": (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
            f"<item><title>Aid</title><link>{base}/a</link>"
            "<pubDate>Fri, 10 May 2024 09:00:00 GMT</pubDate></item>"
            f"<item><title>Rebuke</title><link>{base}/b</link>"
            "<pubDate>Thu, 09 May 2024 09:00:00 GMT</pubDate></item>"
            f"<item><title>Gone</title><link>{base}/missing</link>"
            "<description>Italy and France agreed to cooperate on rail links.</description>"
            "</item></channel></rss>"
        ).encode(),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_ingested_from_its_pages_and_not_refetched(
    tmp_path: Path, pipeline: Pipeline, site: str
) -> None:
    db = tmp_path / "events.duckdb"
    refused = ingest([f"{site}/feed.rss"], store=db, pipeline=pipeline)
    assert refused.failed == 1 and "private" in refused.errors[0]

    seen: list[IngestReport] = []
    report = ingest(
        [f"{site}/feed.rss"],
        store=db,
        pipeline=pipeline,
        allow_private=True,
        progress=seen.append,
    )
    assert (report.added, report.failed) == (3, 0)
    assert seen and seen[-1].added == 3
    with DuckDBStore(db) as store:
        rows = dict(store.fetch("SELECT title, published FROM articles"))
        assert rows == {"Aid": "2024-05-10", "Rebuke": "2024-05-09", "Gone": None}
        assert store.count("ingest_state") == 3
    again = ingest([f"{site}/feed.rss"], store=db, pipeline=pipeline, allow_private=True)
    assert again.added == 0
    assert _Site.hits["/a"] == 1 and _Site.hits["/b"] == 1
    assert _Site.hits["/feed.rss"] == 2
