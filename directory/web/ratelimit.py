"""A small in-process rate limit for the feedback forms.

Limits, per client address (the peer uvicorn reports; behind a proxy, run uvicorn with
``--proxy-headers`` and ``--forwarded-allow-ips`` so this is the real client):

- ``FEEDBACK_PER_CLIENT`` stored reports in ``FEEDBACK_WINDOW`` seconds (5 in 10 minutes), and
- ``FEEDBACK_OVERALL`` reports from everyone together in the same window (200), so a flood
  from many addresses cannot fill the editors' queue.

Only stored reports count: a form sent back with a validation error costs nothing. Counts live
in memory, one set per process; addresses are never written anywhere.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

FEEDBACK_PER_CLIENT = 5
FEEDBACK_OVERALL = 200
FEEDBACK_WINDOW = 600.0


class RateLimiter:
    """Sliding-window counter: at most ``limit`` events per key in ``window`` seconds."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may act again, or None when it may act now."""
        with self._lock:
            events = self._recent(key, self.clock())
            if len(events) < self.limit:
                return None
            return max(1, math.ceil(events[0] + self.window - self.clock()))

    def record(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(key, now).append(now)
            if len(self._events) > self.max_keys:
                self._forget_idle(now)

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]


class FeedbackLimits:
    """The two limits the feedback forms apply together."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_client = RateLimiter(FEEDBACK_PER_CLIENT, FEEDBACK_WINDOW, clock=clock)
        self.overall = RateLimiter(FEEDBACK_OVERALL, FEEDBACK_WINDOW, clock=clock)

    def retry_after(self, client: str) -> int | None:
        waits = [
            w
            for w in (self.per_client.retry_after(client), self.overall.retry_after("*"))
            if w is not None
        ]
        return max(waits) if waits else None

    def record(self, client: str) -> None:
        self.per_client.record(client)
        self.overall.record("*")
