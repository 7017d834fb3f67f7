"""Pacing what the bot sends: one chat's messages are spaced, in one process and across
workers through Redis, and a Redis outage only makes pacing local for a while."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from bot.pacing import MemoryPacer, RedisPacer
from knowledge.privacy import UserKeys

KEYS = UserKeys(b"pacing-test")


async def test_one_chat_is_spaced_and_others_are_not_held_up() -> None:
    pacer = MemoryPacer(private_interval=1.0, group_interval=3.0)
    waits = [await pacer.reserve(1001) for _ in range(4)]
    assert waits[0] == 0
    assert [round(w) for w in waits] == [0, 1, 2, 3]
    assert await pacer.reserve(2002) == 0  # another user's chat
    group = [await pacer.reserve(-100500) for _ in range(3)]
    assert [round(w) for w in group] == [0, 3, 6]  # twenty a minute to a group


async def test_workers_share_the_slots_through_redis(redis: Redis) -> None:
    prefix = f"komekshi:test:pace:{id(redis)}:"
    first = RedisPacer(redis, KEYS, 1.0, 3.0, prefix=prefix)
    second = RedisPacer(redis, KEYS, 1.0, 3.0, prefix=prefix)
    waits = [await (first if n % 2 else second).reserve(1001) for n in range(4)]
    assert [round(w, 1) for w in waits] == pytest.approx([0, 1, 2, 3], abs=0.15)
    keys = [k.decode() async for k in redis.scan_iter(f"{prefix}*")]
    assert keys == [prefix + KEYS.pseudonym(1001)]  # never the user's id
    assert 0 < await redis.pttl(keys[0]) <= 5000
    await redis.delete(*keys)


async def test_without_redis_the_process_paces_alone(caplog: pytest.LogCaptureFixture) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    pacer = RedisPacer(unreachable, KEYS, 1.0, 3.0)
    waits = [await pacer.reserve(1001) for _ in range(3)]
    assert [round(w) for w in waits] == [0, 1, 2]
    assert sum("Redis unavailable for pacing" in r.getMessage() for r in caplog.records) == 1
    await unreachable.aclose()
