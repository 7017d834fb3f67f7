"""Per-user interface language chosen with /lang, in memory or in Redis."""

from __future__ import annotations

from typing import Protocol

from redis.asyncio import Redis


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
    """Kept in a Redis hash, shared by every worker and kept across restarts."""

    def __init__(self, redis: Redis, *, key: str = "komekshi:locale") -> None:
        self.redis = redis
        self.key = key

    async def locale(self, user_id: int) -> str | None:
        value = await self.redis.hget(self.key, str(user_id))
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.redis.hset(self.key, str(user_id), locale)

    async def close(self) -> None:
        """The Redis client belongs to the services, which close it."""
