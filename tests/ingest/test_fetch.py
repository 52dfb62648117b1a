"""Safe fetching against a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyads.errors import InputError
from dyads.ingest.fetch import FetchPolicy, fetch, post_json, public_address

PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/page": (200, {"Content-Type": "text/html"}, b"<html><p>Hello.</p></html>"),
    "/big": (200, {"Content-Type": "text/html"}, b"x" * 5000),
    "/to-page": (302, {"Location": "/page"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/gone": (404, {}, b"missing"),
    "/tagged": (200, {"ETag": '"v7"', "Last-Modified": "Mon, 05 Feb 2024 09:00:00 GMT"}, b"<rss/>"),
}
POSTED: list[bytes] = []


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body = PAGES.get(self.path, (404, {}, b""))
        if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
            status, body = 304, b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        POSTED.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        status = 204 if self.path == "/hook" else 302
        self.send_response(status)
        self.send_header("Location", "/hook")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchPolicy(allow_private=True, timeout=5)


def test_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(InputError, match="private or local address"):
        fetch(f"{server}/page")


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "localhost", "0.0.0.0"],
)
def test_private_and_metadata_addresses_are_refused(host: str) -> None:
    with pytest.raises(InputError, match="refusing"):
        public_address(host, 80, allow_private=False)


def test_allowed_private_fetches_follow_redirects(server: str) -> None:
    page = fetch(f"{server}/to-page", policy=LOCAL)
    assert page.body == b"<html><p>Hello.</p></html>"
    assert page.url.endswith("/page")
    assert page.content_type == "text/html"


def test_size_redirect_and_status_limits(server: str) -> None:
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        fetch(f"{server}/big", policy=FetchPolicy(allow_private=True, max_bytes=1000))
    with pytest.raises(InputError, match="redirects"):
        fetch(f"{server}/loop", policy=LOCAL)
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{server}/gone", policy=LOCAL)
    with pytest.raises(InputError, match="not an http"):
        fetch("file:///etc/passwd", policy=LOCAL)


def test_a_conditional_get_of_an_unchanged_page_is_a_304_without_body(server: str) -> None:
    first = fetch(f"{server}/tagged", policy=LOCAL)
    assert (first.status, first.etag, first.body) == (200, '"v7"', b"<rss/>")
    assert first.last_modified == "Mon, 05 Feb 2024 09:00:00 GMT"
    again = fetch(f"{server}/tagged", policy=LOCAL, headers={"If-None-Match": '"v7"'})
    assert (again.status, again.body) == (304, b"")
    changed = fetch(f"{server}/tagged", policy=LOCAL, headers={"If-None-Match": '"v6"'})
    assert changed.status == 200 and changed.body == b"<rss/>"


def test_a_webhook_post_follows_the_fetch_rules(server: str) -> None:
    POSTED.clear()
    with pytest.raises(InputError, match="private or local address"):
        post_json(f"{server}/hook", b'{"a": 1}')
    assert POSTED == []
    assert post_json(f"{server}/hook", b'{"a": 1}', policy=LOCAL) == 204
    assert POSTED == [b'{"a": 1}']
    # A redirect is not followed with the payload: the webhook's address is given, not found.
    with pytest.raises(InputError, match="HTTP 302"):
        post_json(f"{server}/moved", b"{}", policy=LOCAL)
    assert len(POSTED) == 2
