"""Feeds done right: the guid (RSS) or id (Atom) is the article id, and a feed's summary used
in place of a page that could not be fetched is said (once) and marked (``body: summary``)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from dyads.ingest.feeds import parse_feed, read_feed_file
from dyads.model import Article
from dyads.runs.ingest import ingest
from dyads.store.duckdb import DuckDBStore

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<entry><title>Ferry</title><id>urn:uuid:2f1d4c1e-0000-4000-8000-00000000f00d</id>
<updated>2024-03-02T08:00:00Z</updated>
<summary>Estonia and Finland agreed to run more ferries across the gulf.</summary></entry>
<entry><title>Pier</title><id>  local-17  </id><updated>2024-03-03T08:00:00Z</updated>
<summary>Latvia thanked Lithuania for repairing the pier at Liepaja.</summary></entry>
<entry><title>Nameless</title><updated>2024-03-04T08:00:00Z</updated>
<summary>Poland welcomed the new timetable of the Baltic ferries.</summary></entry>
</feed>"""


def test_the_guid_or_atom_id_is_the_article_id(tmp_path: Path) -> None:
    items = parse_feed(ATOM, "harbour.atom")
    assert not isinstance(items, Exception)
    assert [item.guid for item in items] == [
        "urn:uuid:2f1d4c1e-0000-4000-8000-00000000f00d",
        "harbour.atom#local-17",  # a bare id is only unique in its feed: the feed comes first
        None,
    ]
    path = tmp_path / "harbour.atom"
    path.write_bytes(ATOM)
    articles = [r for r in read_feed_file(path) if isinstance(r, Article)]
    assert [a.id for a in articles[:2]] == [
        "urn:uuid:2f1d4c1e-0000-4000-8000-00000000f00d",
        f"{path}#local-17",
    ]
    assert len(articles[2].id) >= 16 and "#" not in articles[2].id  # no guid: the text's hash
    # The feed's own text, no page: marked as the summary it is.
    assert {a.body for a in articles} == {"summary"}
    # An edited summary keeps its item's id.
    edited = ATOM.replace(b"more ferries", b"two more ferries")
    path.write_bytes(edited)
    assert next(iter(read_feed_file(path))).id == articles[0].id  # type: ignore[union-attr]


def test_an_edited_item_of_a_feed_file_is_the_article_already_stored(tmp_path: Path) -> None:
    path, db = tmp_path / "harbour.atom", tmp_path / "harbour.duckdb"
    path.write_bytes(ATOM)
    first = ingest([str(path)], store=db)
    assert (first.added, first.failed) == (3, 0)
    path.write_bytes(ATOM.replace(b"more ferries", b"two more ferries"))
    again = ingest([str(path)], store=db)
    # Same guid, new text: done already (not an id clash); the unnamed item by its text hash.
    assert (again.added, again.failed, again.skipped) == (0, 0, 1), again.errors


class _Site(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
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
    _Site.pages = {
        "/story/quay": (
            b"<html><head><title>Quay</title></head><body><article><p>Iceland and Greenland "
            b"agreed to share the new fishing quay at Nuuk, officials said on Monday.</p><p>The "
            b"quay will open to trawlers from both sides before the autumn season begins.</p>"
            b"</article></body></html>"
        ),
        "/wire.rss": (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>North Wire</title>'
            f"<item><title>Quay</title><link>{base}/story/quay</link>"
            "<guid>https://north.example/items/quay</guid>"
            "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate>"
            "<description>Iceland and Greenland share a quay.</description></item>"
            f"<item><title>Strait</title><link>{base}/story/strait</link>"
            "<guid>https://north.example/items/strait</guid>"
            "<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>"
            "<description>Denmark accused Norway of blocking the strait to tankers."
            "</description></item></channel></rss>"
        ).encode(),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def ingest_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyads", "ingest", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_summary_used_for_an_unfetchable_page_is_warned_once_and_marked(
    tmp_path: Path, site: str
) -> None:
    db = tmp_path / "wire.duckdb"
    done = ingest_cli(f"{site}/wire.rss", "--db", str(db), "--allow-private")
    assert done.returncode == 0, done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert f"{site}/story/strait" in warning and "HTTP 404" in warning
    assert "feed's summary" in warning
    with DuckDBStore(db, read_only=True) as store:
        rows = sorted(store.fetch("SELECT id, body, text FROM articles"))
    assert [(r[0], r[1]) for r in rows] == [
        ("https://north.example/items/quay", None),  # its page was read
        ("https://north.example/items/strait", "summary"),
    ]
    assert "autumn season" in rows[0][2] and rows[1][2].startswith("Denmark accused Norway")
    again = ingest_cli(f"{site}/wire.rss", "--db", str(db), "--allow-private")
    assert again.returncode == 0 and "warning" not in again.stderr  # once per article
    assert "0 added" in again.stdout
    # The mark travels with the article: the API's article record carries it.
    from fastapi.testclient import TestClient

    from dyads.api import create_app

    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        strait = client.get("/api/articles/https://north.example/items/strait").json()
        quay = client.get("/api/articles/https://north.example/items/quay").json()
    assert (strait["body"], quay["body"]) == ("summary", None)
