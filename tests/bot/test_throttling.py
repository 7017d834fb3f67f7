"""Per-user token buckets, in memory and shared through Redis."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.throttling import Decision, MemoryRateLimiter, RedisRateLimiter


async def test_memory_throttling_allows_a_burst_then_one_notice() -> None:
    limiter = MemoryRateLimiter(rate=1.0, burst=3)
    decisions = [await limiter.hit("u") for _ in range(10)]
    assert decisions[:3] == [Decision.ALLOW] * 3
    assert decisions[3] == Decision.NOTIFY
    assert set(decisions[4:]) == {Decision.DROP}
    assert await limiter.hit("other") == Decision.ALLOW
    await asyncio.sleep(1.05)
    assert await limiter.hit("u") == Decision.ALLOW


async def test_redis_throttling_is_shared_between_workers(redis: Redis) -> None:
    prefix = f"komekshi:test:{id(redis)}:"
    first = RedisRateLimiter(redis, rate=1.0, burst=3, prefix=prefix)
    second = RedisRateLimiter(redis, rate=1.0, burst=3, prefix=prefix)
    decisions = [await (first if n % 2 else second).hit("u") for n in range(8)]
    assert decisions[:3] == [Decision.ALLOW] * 3
    assert decisions[3] == Decision.NOTIFY
    assert set(decisions[4:]) == {Decision.DROP}
    await asyncio.sleep(1.05)
    assert await first.hit("u") == Decision.ALLOW
    await redis.delete(f"{prefix}u")
