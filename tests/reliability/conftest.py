"""Helpers of the reliability tests: store dumps and integrity checks, a small corpus, a
loopback HTTP server whose pages each test sets, and free ports."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from dyads.store import SQLStore, open_store

STATES = ["France", "Germany", "Russia", "Ukraine", "China", "Japan", "Italy", "Poland", "Iran"]
TOPICS = ["grain", "dams", "border posts", "fishing", "rail", "gas", "visas", "satellites", "ore"]

DUMPS = {
    "articles": "SELECT id, story_id, text, data_version FROM articles",
    "sentences": "SELECT * FROM sentences",
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT * FROM events",
    "event_actors": "SELECT * FROM event_actors",
    "article_minhash": "SELECT * FROM article_minhash",
}


def write_corpus(folder: Path, n: int, *, offset: int = 0) -> Path:
    """``n`` distinct short articles, one file each, with events in every one."""
    folder.mkdir(parents=True, exist_ok=True)
    for j in range(n):
        i = j + offset
        a, b, c = STATES[i % 9], STATES[(i * 4 + 1) % 9], STATES[(i + 3) % 9]
        text = (
            f"{a} condemned {b} on Monday over {TOPICS[(i * 7) % 9]} in dispute {i}. "
            f"{c} agreed to cooperate with {a} on {TOPICS[i % 9]}. "
            f"Talks number {i * 37 % 101} ended after {i + 2} rounds."
        )
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def dump(db: str | Path | SQLStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row without the clock columns, sorted: equal dumps mean equal stores."""
    store = db if isinstance(db, SQLStore) else open_store(db)
    try:
        return {t: sorted(store.fetch(q), key=repr) for t, q in DUMPS.items()}
    finally:
        if store is not db:
            store.close()


def check_integrity(store: SQLStore) -> None:
    """No partial article: every row hangs off a stored article, every offset is inside it."""
    lengths = dict(store.fetch("SELECT id, LENGTH(text) FROM articles"))
    for table in ("sentences", "mentions"):
        for article_id, start, end in store.fetch(
            f"SELECT article_id, start_off, end_off FROM {table}"
        ):
            assert article_id in lengths, f"{table} row of a missing article {article_id}"
            assert 0 <= start <= end <= lengths[article_id], (table, article_id, start, end)
    for article_id, sentence in store.fetch("SELECT article_id, sentence FROM events"):
        assert article_id in lengths, f"event of a missing article {article_id}"
        assert sentence >= 0
    minhashed = {r[0] for r in store.fetch("SELECT article_id FROM article_minhash")}
    assert minhashed == set(lengths), "an article without its signature, or the reverse"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


Handler = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """A real HTTP server on loopback; ``routes[path]`` answers each request."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: list[str] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page(self, path: str, body: bytes, *, status: int = 200, **headers: str) -> None:
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name.replace("_", "-"), value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = answer


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
