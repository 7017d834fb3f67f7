"""With Redis configured, what the bot keeps there never names a user by Telegram id and
always expires; the old hash of raw ids is deleted at start; a new knowledge-base version is
announced to the other workers."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from knowledge.document import KnowledgeDocument
from tests.conftest import REDIS_URL
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import running_bot

USER = 987654321


async def _bot_keys(redis: Redis) -> list[str]:
    keys = [key.decode() async for key in redis.scan_iter("komekshi:*")]
    return [k for k in keys if not k.startswith("komekshi:test:")]


async def test_redis_keys_are_pseudonyms_with_an_expiry(
    telegram: FakeTelegram, sqlite_url: str, redis: Redis
) -> None:
    for key in await _bot_keys(redis):
        await redis.delete(key)
    await redis.hset("komekshi:locale", str(USER), "ru")  # what earlier versions kept
    async with running_bot(telegram, sqlite_url, redis={"url": REDIS_URL}) as harness:
        assert not await redis.exists("komekshi:locale")
        await telegram.send_text(USER, "/lang")
        await harness.feed()
        [menu] = telegram.messages_to(USER)
        await telegram.press(USER, menu, "l:ru")
        await harness.feed()
        for text in ("күйікке алғашқы көмек", "ал 6.2 деңгейде ше?"):
            await telegram.send_text(USER, text)
            await harness.feed()
        keys = await _bot_keys(redis)
        kinds = {key.split(":")[1] for key in keys}
        assert {"locale", "rl", "ctx"} <= kinds, keys
        assert all(str(USER) not in key for key in keys)
        for key in keys:
            assert await redis.ttl(key) > 0, key
            value = await (redis.hgetall(key) if key.startswith("komekshi:rl:") else redis.get(key))
            assert str(USER) not in str(value)
        await telegram.send_text(USER, "/help")
        await harness.feed()
        assert "Как спрашивать" in telegram.messages_to(USER)[-1].text  # the choice is kept
    for key in await _bot_keys(redis):
        await redis.delete(key)


async def test_a_version_made_by_one_worker_is_announced_to_the_others(
    telegram: FakeTelegram, sqlite_url: str, redis: Redis, document: KnowledgeDocument
) -> None:
    settings = {"redis": {"url": REDIS_URL}, "database": {"version_check_seconds": 0}}
    async with (
        running_bot(telegram, sqlite_url, **settings) as first,
        running_bot(telegram, sqlite_url, **settings) as second,
    ):
        await asyncio.sleep(0.2)  # both listening
        edited = document.model_copy(update={"terms": document.terms[:-1]})
        await first.library.apply(edited, author="admin")
        for _ in range(40):  # no periodic check: only the announcement can do it
            if second.library.assistant.version == 2:
                break
            await asyncio.sleep(0.05)
        assert second.library.assistant.version == 2
        assert second.library.assistant.entry("term/19") is None
