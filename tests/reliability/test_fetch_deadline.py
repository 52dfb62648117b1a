"""The fetch deadline holds over the whole exchange, and a feed has an overall budget
(review round 2, item 4). The same public-name routing as test_network.py."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from dyads.errors import InputError
from dyads.ingest.fetch import FetchPolicy, fetch
from dyads.ingest.sources import SourceOptions, iter_sources

from .conftest import LocalServer
from .test_network import routed  # noqa: F401 - the fixture


def _drip_headers(seconds: float) -> Any:
    """A status line, then one header byte every 0.1 s for ``seconds``."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            handler.wfile.flush()
            for _ in range(int(seconds * 10)):
                handler.wfile.write(b"a")
                handler.wfile.flush()
                time.sleep(0.1)
            handler.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass  # the client hung up, as it should

    return answer


def test_dripped_headers_are_cut_at_the_time_limit(routed: LocalServer) -> None:  # noqa: F811
    routed.routes["/headers"] = _drip_headers(30)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"took longer than 1 s"):
        fetch("http://news.test/headers", policy=FetchPolicy(timeout=1.0))
    assert time.monotonic() - started < 3


def test_a_feed_of_slow_items_has_an_overall_budget(
    routed: LocalServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    routed.routes["/slow"] = _drip_headers(30)
    items = "".join(
        f"<item><title>{n}</title><link>http://news.test/slow?{n}</link>"
        f"<description>Germany agreed to cooperate with Italy on rail in case {n}."
        "</description></item>"
        for n in range(12)
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    )
    routed.page("/feed.rss", feed.encode(), Content_Type="application/rss+xml")
    policy = FetchPolicy(timeout=1.0, feed_seconds=2.5)
    started = time.monotonic()
    results = [
        item.result
        for item in iter_sources(
            ["http://news.test/feed.rss"], options=SourceOptions(policy=policy)
        )
    ]
    took = time.monotonic() - started
    assert took < 6, f"{took:.1f} s for a feed with a 2.5 s budget"
    assert len(results) == 12
    assert not [r for r in results if isinstance(r, InputError)]  # the feed's own text is kept


@pytest.mark.parametrize(
    "address",
    [
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "::a00:1",  # IPv4-compatible 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
        "::ffff:0:7f00:1",  # IPv4-translated 127.0.0.1
        "::ffff:7f00:1",  # IPv4-mapped 127.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "fec0::1",  # site-local
    ],
)
def test_ipv6_forms_that_embed_private_ipv4_are_not_public(address: str) -> None:
    from dyads.ingest.fetch import public_address

    with pytest.raises(InputError, match="private or local address"):
        public_address(address, 80, allow_private=False)


@pytest.mark.parametrize("address", ["2606:4700::6810:84e5", "2002:5db8:d822::1", "93.184.216.34"])
def test_public_addresses_stay_public(address: str) -> None:
    from dyads.ingest.fetch import public_address

    assert public_address(address, 80, allow_private=False) == address
