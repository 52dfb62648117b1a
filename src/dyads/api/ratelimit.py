"""A token bucket per client address: bursts are fine, a flood gets 429 with Retry-After.

Loopback clients (the analyst's own browser, scripts on the same machine) are exempt unless
asked otherwise: the limit protects a server exposed to a network, where a token is required
too. Memory is bounded: past ``max_clients`` the least recently seen clients are forgotten.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


def is_loopback_peer(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RateLimiter:
    """``wait(client)`` is 0.0 when the request may go, else the seconds until it may."""

    def __init__(
        self,
        *,
        per_second: float,
        burst: int,
        exempt_loopback: bool = True,
        max_clients: int = 10_000,
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self.exempt_loopback = exempt_loopback
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def wait(self, client: str | None, *, now: float | None = None) -> float:
        if self.per_second <= 0 or (self.exempt_loopback and is_loopback_peer(client)):
            return 0.0
        now = time.monotonic() if now is None else now
        key = client or "?"
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently seen last
        if len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.per_second
