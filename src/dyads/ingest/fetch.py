"""Fetch a web page or feed safely: public addresses only, capped in size and time.

An ingest that follows links from feeds must not become a way to reach the machine's own
services (loopback, private networks, link-local cloud metadata at 169.254.169.254). Every
host is resolved first; the connection then goes to the address that was checked, so a DNS
answer that changes between check and use cannot redirect it. Redirects are followed by hand
and each hop is checked again.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from dyads.errors import InputError

MAX_BYTES = 10_000_000
TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
FEED_SECONDS = 300.0  # all the item pages of one feed, together
USER_AGENT = "dyads (event data from news)"


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    body: bytes
    content_type: str
    status: int = 200  # 304: unchanged since the validators sent (``body`` is empty)
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    allow_private: bool = False
    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT_S
    respect_robots: bool = False  # ask each site's robots.txt first
    feed_seconds: float = FEED_SECONDS  # fetching one feed's item pages, all together


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


# IPv6 ranges that carry an IPv4 address inside, and where it sits: a NAT64 or 6to4 gateway, or
# a stack that reads the IPv4-compatible form, delivers to that IPv4 address.
_EMBEDDING = (
    (ipaddress.ip_network("::/96"), 0),  # IPv4-compatible (deprecated): ::7f00:1
    (ipaddress.ip_network("::ffff:0:0/96"), 0),  # IPv4-mapped
    (ipaddress.ip_network("::ffff:0:0:0/96"), 0),  # IPv4-translated (SIIT)
    (ipaddress.ip_network("64:ff9b::/96"), 0),  # NAT64, well-known prefix
    (ipaddress.ip_network("64:ff9b:1::/48"), 0),  # NAT64, local use
    (ipaddress.ip_network("2002::/16"), 80),  # 6to4: the IPv4 address follows the prefix
)
_NOT_PUBLIC_V6 = (ipaddress.ip_network("fec0::/10"),)  # site-local (deprecated, still routed)


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address on the public internet: neither it nor an IPv4 address it embeds is
    loopback, private, link-local (cloud metadata), shared (CGNAT), reserved or multicast."""
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in _NOT_PUBLIC_V6):
            return False
        for net, shift in _EMBEDDING:
            if ip in net:
                inner = ipaddress.IPv4Address((int(ip) >> shift) & 0xFFFFFFFF)
                return int(ip) != 0 and is_public(inner)
    # is_global is False for loopback, private, link-local, shared, reserved, unspecified.
    return ip.is_global and not ip.is_multicast


def public_address(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve ``host``; return one address, refusing any that is not on the public internet."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise InputError(host, f"cannot be resolved ({err})") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise InputError(host, "has no address")
    if not allow_private:
        for address in addresses:
            if not is_public(ipaddress.ip_address(address.split("%")[0])):
                raise InputError(
                    host,
                    f"resolves to {address}, a private or local address; refusing to fetch it"
                    " (pass allow_private / --allow-private to permit)",
                )
    return str(addresses[0])


class _Cutoff:
    """Shuts a connection's socket at the deadline, whatever it is waiting for.

    A socket timeout counts from the last byte received, so a server that drips its headers
    or TLS handshake a byte at a time held a 20 s fetch for minutes; shutting the socket ends
    every read at once.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.fired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self.sock = sock
            if self.fired:
                self._shut()

    def _cut(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        if self.sock is not None:
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, cutoff: _Cutoff) -> None:
        super().__init__(host, port, timeout=max(0.01, cutoff.deadline - time.monotonic()))
        self._address = address
        self._cutoff = cutoff

    def _open(self) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self._cutoff.watch(sock)
        return sock

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedHTTPConnection, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, cutoff: _Cutoff) -> None:
        http.client.HTTPSConnection.__init__(
            self,
            host,
            port,
            timeout=max(0.01, cutoff.deadline - time.monotonic()),
            context=ssl.create_default_context(),
        )
        self._address = address
        self._cutoff = cutoff

    def connect(self) -> None:
        sock = self._open()  # the raw socket is watched: the handshake is cut too
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(
    url: str, *, policy: FetchPolicy | None = None, headers: dict[str, str] | None = None
) -> Page:
    """GET ``url`` under ``policy``; raise InputError with the reason when it can't.

    ``headers`` are sent as well: a poller's ``If-None-Match`` / ``If-Modified-Since``, to
    which an unchanged page answers 304 (a Page with that status and no body).
    """
    policy = policy or FetchPolicy()
    if policy.respect_robots and not robots_allow(url, policy):
        raise InputError(url, "is disallowed for dyads by the site's robots.txt")
    return _request(url, policy, "GET", headers or {}, None)


def post_json(url: str, payload: bytes, *, policy: FetchPolicy | None = None) -> int:
    """POST ``payload`` (JSON) to ``url`` under the same address rules as a fetch; return the
    HTTP status, raising InputError unless it is 2xx. Redirects are not followed: a webhook
    that moves must be given its new address."""
    page = _request(
        url,
        policy or FetchPolicy(),
        "POST",
        {"Content-Type": "application/json"},
        payload,
    )
    return page.status


def _request(
    url: str, policy: FetchPolicy, method: str, headers: dict[str, str], payload: bytes | None
) -> Page:
    deadline = time.monotonic() + policy.timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(url, f"is not an http(s) URL ({current})")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = public_address(parts.hostname, port, allow_private=policy.allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise InputError(url, f"took longer than {policy.timeout:g} s")
        kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        cutoff = _Cutoff(deadline)
        conn = kind(parts.hostname, port, address, cutoff)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            sent = {"User-Agent": USER_AGENT, "Accept": "*/*", **headers}
            conn.request(method, path, body=payload, headers=sent)
            response = conn.getresponse()
            late = InputError(url, f"took longer than {policy.timeout:g} s")
            if cutoff.fired:  # the cut socket ended the headers early: not a real answer
                raise late
            if method == "GET" and response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise InputError(url, f"redirect ({response.status}) without a Location")
                current = urljoin(current, location)
                continue
            if response.status == 304 and method == "GET":
                return Page(
                    current,
                    b"",
                    response.getheader("Content-Type") or "",
                    status=304,
                    etag=response.getheader("ETag"),
                    last_modified=response.getheader("Last-Modified"),
                )
            if method == "POST" and 200 <= response.status < 300:
                _read_capped(response, policy.max_bytes, deadline, url)
                return Page(current, b"", "", status=response.status)
            if response.status != 200:
                raise InputError(url, f"answered HTTP {response.status} {response.reason}")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                raise InputError(url, f"is larger than {policy.max_bytes:,} bytes")
            body = _read_capped(response, policy.max_bytes, deadline, url)
            if cutoff.fired:
                raise late
            return Page(
                current,
                body,
                response.getheader("Content-Type") or "",
                etag=response.getheader("ETag"),
                last_modified=response.getheader("Last-Modified"),
            )
        except (OSError, http.client.HTTPException) as err:
            if cutoff.fired or time.monotonic() >= deadline:
                raise InputError(url, f"took longer than {policy.timeout:g} s") from None
            raise InputError(url, f"cannot be fetched ({err})") from None
        finally:
            cutoff.cancel()
            conn.close()
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def _read_capped(
    response: http.client.HTTPResponse, limit: int, deadline: float, url: str
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    # read1: one socket read at most, so that a server dripping a byte at a time cannot hold
    # the read past the deadline (read(n) waits for all n bytes).
    while chunk := response.read1(65536):
        size += len(chunk)
        if size > limit:
            raise InputError(url, f"is larger than {limit:,} bytes")
        if time.monotonic() > deadline:
            raise InputError(url, "took longer than its time limit to download")
        chunks.append(chunk)
    return b"".join(chunks)


def robots_allow(url: str, policy: FetchPolicy) -> bool:
    parts = urlsplit(url)
    rules = _robots(f"{parts.scheme}://{parts.netloc}", policy.allow_private, policy.timeout)
    return rules.can_fetch(USER_AGENT, url)


@lru_cache(maxsize=256)
def _robots(site: str, allow_private: bool, timeout: float) -> RobotFileParser:
    """A site's robots.txt, fetched once per run with the same safety rules as any page.

    A site without one (or one that cannot be read) allows everything, as crawlers agree.
    """
    rules = RobotFileParser()
    policy = FetchPolicy(allow_private=allow_private, max_bytes=500_000, timeout=timeout)
    try:
        page = fetch(f"{site}/robots.txt", policy=policy)
    except InputError:
        rules.parse([])
        return rules
    rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
    return rules
