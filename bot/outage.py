"""Redis is a convenience, never a single point of failure: while it is unreachable the
worker keeps its state in the process, says so once in the log (not once per update), and
tries Redis again every few seconds, returning to it by itself."""

from __future__ import annotations

import logging
import time

RETRY_SECONDS = 5.0
"""How long a worker keeps to itself after Redis failed before trying it again."""


class Outage:
    """Tracks one Redis-backed service: whether to use Redis now, and the log lines."""

    def __init__(self, what: str, log: logging.Logger, retry_after: float | None = None) -> None:
        self.what = what
        self.log = log
        self.retry_after = RETRY_SECONDS if retry_after is None else retry_after
        self._down_until = 0.0
        self._down = False

    @property
    def use_redis(self) -> bool:
        return time.monotonic() >= self._down_until

    def failed(self, exc: Exception) -> None:
        if not self._down:
            self.log.warning("Redis unavailable for %s (%s); using this process", self.what, exc)
            self._down = True
        self._down_until = time.monotonic() + self.retry_after

    def succeeded(self) -> None:
        if self._down:
            self.log.info("Redis is back for %s", self.what)
            self._down = False
            self._down_until = 0.0
