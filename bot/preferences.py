"""Per-user interface language chosen with /lang, in memory or in Redis."""

from __future__ import annotations

import logging
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.outage import Outage
from knowledge.privacy import UserKeys

log = logging.getLogger(__name__)


class Preferences(Protocol):
    async def locale(self, user_id: int) -> str | None: ...

    async def set_locale(self, user_id: int, locale: str) -> None: ...

    async def close(self) -> None: ...


class MemoryPreferences:
    def __init__(self, *, max_users: int = 100_000) -> None:
        self.max_users = max_users
        self._locales: dict[int, str] = {}

    async def locale(self, user_id: int) -> str | None:
        return self._locales.get(user_id)

    async def set_locale(self, user_id: int, locale: str) -> None:
        if len(self._locales) >= self.max_users and user_id not in self._locales:
            self._locales.pop(next(iter(self._locales)))
        self._locales[user_id] = locale

    async def close(self) -> None:
        self._locales.clear()


class RedisPreferences:
    """One key per user in Redis, shared by every worker and kept across restarts: named by
    the user's pseudonym (never the Telegram id) and forgotten a year after last use."""

    LEGACY_KEY = "komekshi:locale"
    """Earlier versions kept every user's raw id in this one hash, without expiry."""

    def __init__(
        self,
        redis: Redis,
        keys: UserKeys,
        *,
        prefix: str = "komekshi:locale:",
        ttl_seconds: int = 365 * 86400,
    ) -> None:
        self.redis = redis
        self.keys = keys
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._local = MemoryPreferences()
        self._outage = Outage("language choices", log)

    def _key(self, user_id: int) -> str:
        return self.prefix + self.keys.pseudonym(user_id)

    async def locale(self, user_id: int) -> str | None:
        if not self._outage.use_redis:
            return await self._local.locale(user_id)
        try:
            value = await self.redis.getex(self._key(user_id), ex=self.ttl_seconds)
        except RedisError as exc:
            self._outage.failed(exc)
            return await self._local.locale(user_id)
        self._outage.succeeded()
        if value is None:
            return await self._local.locale(user_id)  # chosen while Redis was away
        return value.decode() if isinstance(value, bytes) else str(value)

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self._local.set_locale(user_id, locale)
        if not self._outage.use_redis:
            return
        try:
            await self.redis.set(self._key(user_id), locale, ex=self.ttl_seconds)
        except RedisError as exc:
            self._outage.failed(exc)
        else:
            self._outage.succeeded()

    async def forget_legacy(self) -> int:
        """Delete the old hash of raw ids; returns how many users it held."""
        held = int(await self.redis.hlen(self.LEGACY_KEY))
        if held:
            await self.redis.delete(self.LEGACY_KEY)
        return held

    async def close(self) -> None:
        """The Redis client belongs to the services, which close it."""
