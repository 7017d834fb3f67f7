"""Conversation context: kept per user for a while, in memory or in Redis, under a hash."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.conversation import MemoryConversations, RedisConversations
from knowledge.discourse.conversation import Turn
from knowledge.privacy import UserKeys


async def test_memory_context_expires() -> None:
    store = MemoryConversations(ttl=0.2)
    await store.put(7, Turn("4.1", "біліктілік талаптары"))
    assert await store.get(7) == Turn("4.1", "біліктілік талаптары")
    assert await store.get(8) is None
    await asyncio.sleep(0.25)
    assert await store.get(7) is None


async def test_memory_context_keeps_only_the_latest_users() -> None:
    store = MemoryConversations(ttl=60, max_users=2)
    for user in (1, 2, 3):
        await store.put(user, Turn(None, str(user)))
    assert await store.get(1) is None and await store.get(3) == Turn(None, "3")


async def test_redis_context_is_shared_hashed_and_expires(redis: Redis) -> None:
    prefix = f"komekshi:test:ctx:{id(redis)}:"
    keys = UserKeys(b"s")
    first = RedisConversations(redis, 30, keys, prefix=prefix)
    second = RedisConversations(redis, 30, keys, prefix=prefix)
    await first.put(123456789, Turn("6.2", "жеке құзыреттер"))
    assert await second.get(123456789) == Turn("6.2", "жеке құзыреттер")
    stored = [key.decode() async for key in redis.scan_iter(f"{prefix}*")]
    assert stored == [prefix + keys.pseudonym(123456789)]
    assert "123456789" not in stored[0]
    assert 0 < await redis.ttl(stored[0]) <= 30
    await redis.delete(*stored)


async def test_redis_down_only_loses_the_context() -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    store = RedisConversations(unreachable, 30, UserKeys(None))
    await store.put(1, Turn("4.1", "x"))
    assert await store.get(1) is None
    await unreachable.aclose()
