"""Per-client token buckets, in memory (one per worker process)."""

from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    """`rate` tokens per second refill a bucket of `burst`; a request takes one token.

    At most `max_clients` buckets are kept (least recently seen evicted), so memory stays bounded
    whatever the number of clients.
    """

    def __init__(self, per_minute: float, burst: int, max_clients: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, client: str, now: float | None = None) -> float:
        """0.0 when the request may go on, else the seconds to wait before trying again."""
        if not self.enabled:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            wait = 0.0
        else:
            self._buckets[client] = (tokens, now)
            wait = (1.0 - tokens) / self.rate
        if len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait
