"""Network safety of URL and feed fetching, against a real HTTP server on loopback.

To test what happens when a *public* name redirects or resolves to a private address, the
machine's resolver and routing are stood in for (socket.getaddrinfo / create_connection):
``news.test`` resolves to a public address whose connections land on the local server.
Dyads' own code runs unchanged.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from dyads.errors import InputError
from dyads.ingest.fetch import FetchPolicy, fetch
from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest

from .conftest import LocalServer

PUBLIC = "93.184.216.34"
ANSWERS = {
    "news.test": [PUBLIC],
    "metadata.test": ["169.254.169.254"],
    "intranet.test": ["10.20.30.40"],
    "rebind.test": [PUBLIC, "127.0.0.1"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "cgnat.test": ["100.64.1.1"],
}
ARTICLE = (
    b"<html><head><title>Port</title></head><body><article><p>France condemned Russia on "
    b"Monday over the attack on the port, officials said, and Germany agreed to cooperate with "
    b"Italy on rail links after talks in Rome on Tuesday.</p></article></body></html>"
)


@pytest.fixture
def routed(local_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    real_resolve = socket.getaddrinfo
    real_connect = socket.create_connection

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in ANSWERS:
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, port),
                )
                for a in ANSWERS[host]
            ]
        return real_resolve(host, port, *args, **kwargs)

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] == PUBLIC:
            address = ("127.0.0.1", local_server.port)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", connect)
    local_server.page("/article", ARTICLE, Content_Type="text/html")
    yield local_server


def test_a_public_name_is_fetched(routed: LocalServer) -> None:
    page = fetch("http://news.test/article", policy=FetchPolicy(timeout=5))
    assert page.body == ARTICLE


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/article",
        "http://localhost:{port}/article",
        "http://[::1]:{port}/article",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.test/latest/meta-data/",
        "http://intranet.test/admin",
        "http://rebind.test/article",
        "http://mapped.test/article",
        "http://cgnat.test/article",
        "http://0.0.0.0:{port}/article",
        "http://2130706433:{port}/article",  # 127.0.0.1 as one number
    ],
)
def test_redirects_to_private_addresses_are_refused(routed: LocalServer, location: str) -> None:
    routed.page("/hop", b"", status=302, Location=location.format(port=routed.port))
    with pytest.raises(InputError, match=r"refusing|resolved|not an http"):
        fetch("http://news.test/hop", policy=FetchPolicy(timeout=5))
    assert routed.hits == ["/hop"], "a private address was reached"


@pytest.mark.parametrize("host", sorted(ANSWERS.keys() - {"news.test"}))
def test_names_resolving_to_private_addresses_are_refused(routed: LocalServer, host: str) -> None:
    with pytest.raises(InputError, match="private or local address"):
        fetch(f"http://{host}/article", policy=FetchPolicy(timeout=5))
    assert routed.hits == []


def test_allow_private_permits_the_local_server(routed: LocalServer) -> None:
    page = fetch(f"{routed.base}/article", policy=FetchPolicy(allow_private=True, timeout=5))
    assert page.body == ARTICLE


def _stream(chunks: int, chunk: bytes, pause: float) -> Any:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")  # no Content-Length: read to the end
        handler.end_headers()
        try:
            for _ in range(chunks):
                handler.wfile.write(chunk)
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    return answer


def test_a_body_without_length_is_capped(routed: LocalServer) -> None:
    routed.routes["/endless"] = _stream(10_000, b"x" * 65536, 0.0)
    with pytest.raises(InputError, match="larger than 1,000,000 bytes"):
        fetch("http://news.test/endless", policy=FetchPolicy(max_bytes=1_000_000, timeout=10))


def test_a_slow_drip_is_cut_at_the_time_limit(routed: LocalServer) -> None:
    routed.routes["/drip"] = _stream(1_000, b"<p>x</p>", 0.05)  # 50 s if read to the end
    started = time.monotonic()
    with pytest.raises(InputError, match=r"too long|took longer|timed out"):
        fetch("http://news.test/drip", policy=FetchPolicy(timeout=1.0))
    assert time.monotonic() - started < 5


def test_a_silent_server_is_cut_at_the_time_limit(routed: LocalServer) -> None:
    routed.routes["/silent"] = lambda handler: time.sleep(10)
    started = time.monotonic()
    with pytest.raises(InputError):
        fetch("http://news.test/silent", policy=FetchPolicy(timeout=1.0))
    assert time.monotonic() - started < 5


def test_ingest_refuses_loopback_unless_allowed(
    local_server: LocalServer, tmp_path: Path, pipeline: Pipeline
) -> None:
    local_server.page("/article", ARTICLE, Content_Type="text/html")
    url = f"{local_server.base}/article"
    refused = ingest([url], store=tmp_path / "a.duckdb", pipeline=pipeline)
    assert refused.added == 0 and "refusing" in refused.errors[0]
    assert local_server.hits == []
    allowed = ingest([url], store=tmp_path / "b.duckdb", pipeline=pipeline, allow_private=True)
    assert allowed.added == 1 and allowed.events >= 1


def test_a_public_feed_cannot_send_ingest_to_private_pages(
    routed: LocalServer, tmp_path: Path, pipeline: Pipeline
) -> None:
    items = "".join(
        f"<item><title>{n}</title><link>{link}</link><description>Germany agreed to cooperate "
        f"with Italy on rail links in case {n}.</description></item>"
        for n, link in enumerate(
            [
                f"http://127.0.0.1:{routed.port}/article",
                "http://169.254.169.254/latest/meta-data/iam",
                "http://intranet.test/admin",
            ]
        )
    )
    feed = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>{items}</channel></rss>"
    )
    routed.page("/feed.xml", feed.encode(), Content_Type="application/rss+xml")
    report = ingest(["http://news.test/feed.xml"], store=tmp_path / "f.duckdb", pipeline=pipeline)
    assert routed.hits == ["/feed.xml"], "an item link reached a private address"
    assert report.added == 3  # each item falls back to the text the feed carries


def test_robots_txt_is_honoured_when_asked(routed: LocalServer) -> None:
    routed.page("/robots.txt", b"User-agent: *\nDisallow: /article\n", Content_Type="text/plain")
    careful = FetchPolicy(allow_private=True, timeout=5, respect_robots=True)
    with pytest.raises(InputError, match=r"robots\.txt"):
        fetch(f"{routed.base}/article", policy=careful)
    page = fetch(f"{routed.base}/article", policy=FetchPolicy(allow_private=True, timeout=5))
    assert page.body == ARTICLE  # robots.txt is optional: off unless asked


def test_a_site_without_robots_txt_allows_everything(local_server: LocalServer) -> None:
    local_server.page("/story", ARTICLE, Content_Type="text/html")
    careful = FetchPolicy(allow_private=True, timeout=5, respect_robots=True)
    assert fetch(f"{local_server.base}/story", policy=careful).body == ARTICLE
