"""Per-user rate limiting: a token bucket, in memory or shared through Redis.

Each user may send `burst` messages at once, then `rate` a second. The first message over
the limit is answered once with "please wait"; later ones are dropped silently until the
bucket refills. So a burst of 50 gets a few answers and one notice, never 50 replies,
which also keeps the bot inside Telegram's limit of about one message a second a chat.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.outage import Outage

log = logging.getLogger(__name__)


class Decision(StrEnum):
    ALLOW = "allow"
    NOTIFY = "notify"
    """Over the limit for the first time in this burst: tell the user to wait."""
    DROP = "drop"


class RateLimiter(Protocol):
    async def hit(self, key: str) -> Decision: ...

    async def close(self) -> None: ...


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    notified: bool = False


class MemoryRateLimiter:
    """Token buckets in this process (one worker)."""

    def __init__(self, rate: float, burst: int, *, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    async def hit(self, key: str) -> Decision:
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.notified = False
            return Decision.ALLOW
        if bucket.notified:
            return Decision.DROP
        bucket.notified = True
        return Decision.NOTIFY

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled: they hold no information."""
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self.rate >= self.burst
        ]
        for key in full:
            del self._buckets[key]

    async def close(self) -> None:
        self._buckets.clear()


# KEYS[1] bucket key; ARGV: rate, burst, now (seconds), ttl. Returns 0 allow, 1 notify, 2 drop.
_TOKEN_BUCKET = """
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'notified')
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
local notified = tonumber(state[3]) or 0
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local result
if tokens >= 1 then
  tokens = tokens - 1
  notified = 0
  result = 0
elseif notified == 1 then
  result = 2
else
  notified = 1
  result = 1
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'updated', now, 'notified', notified)
redis.call('EXPIRE', KEYS[1], ttl)
return result
"""


class RedisRateLimiter:
    """The same token bucket kept in Redis, so several bot workers share one limit."""

    def __init__(
        self, redis: Redis, rate: float, burst: int, *, prefix: str = "komekshi:rl:"
    ) -> None:
        self.redis = redis
        self.rate = rate
        self.burst = burst
        self.prefix = prefix
        self._script = redis.register_script(_TOKEN_BUCKET)
        self._ttl = max(1, int(burst / rate) + 1)
        self._local = MemoryRateLimiter(rate, burst)
        self._outage = Outage("throttling", log)

    async def hit(self, key: str) -> Decision:
        if not self._outage.use_redis:
            return await self._local.hit(key)
        try:
            result = await self._script(
                keys=[self.prefix + key], args=[self.rate, self.burst, time.time(), self._ttl]
            )
        except RedisError as exc:
            self._outage.failed(exc)
            return await self._local.hit(key)
        self._outage.succeeded()
        return (Decision.ALLOW, Decision.NOTIFY, Decision.DROP)[int(result)]

    async def close(self) -> None:
        """The Redis client belongs to the services, which close it."""
