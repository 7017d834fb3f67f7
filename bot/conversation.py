"""Conversation context per user, with an expiry: in Redis when configured, else here.

Keys are a hash of the user id (never the id itself) and the context is never logged:
it holds the last question a user asked.
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict

from redis.asyncio import Redis
from redis.exceptions import RedisError

from knowledge.discourse.conversation import Turn
from knowledge.privacy import UserKeys

log = logging.getLogger(__name__)


class MemoryConversations:
    """The context of the most recent users of this process, each for `ttl` seconds."""

    def __init__(self, ttl: float, *, max_users: int = 100_000) -> None:
        self.ttl = ttl
        self.max_users = max_users
        self._turns: OrderedDict[int, tuple[float, Turn]] = OrderedDict()

    async def get(self, user_id: int) -> Turn | None:
        kept = self._turns.get(user_id)
        if kept is None:
            return None
        expires, turn = kept
        if expires < time.monotonic():
            del self._turns[user_id]
            return None
        return turn

    async def put(self, user_id: int, turn: Turn) -> None:
        self._turns[user_id] = (time.monotonic() + self.ttl, turn)
        self._turns.move_to_end(user_id)
        while len(self._turns) > self.max_users:
            self._turns.popitem(last=False)


class RedisConversations:
    """The same, shared by every worker; a Redis failure only loses the context."""

    def __init__(
        self, redis: Redis, ttl: float, keys: UserKeys, *, prefix: str = "komekshi:ctx:"
    ) -> None:
        self.redis = redis
        self.ttl = max(1, int(ttl))
        self.keys = keys
        self.prefix = prefix

    def _key(self, user_id: int) -> str:
        return self.prefix + self.keys.pseudonym(user_id)

    async def get(self, user_id: int) -> Turn | None:
        try:
            raw = await self.redis.get(self._key(user_id))
        except RedisError as exc:
            log.warning("conversation context unavailable (%s); answering without it", exc)
            return None
        if raw is None:
            return None
        try:
            return Turn.from_json(json.loads(raw))
        except (ValueError, TypeError, AttributeError):
            return None

    async def put(self, user_id: int, turn: Turn) -> None:
        try:
            await self.redis.set(self._key(user_id), json.dumps(turn.as_json()), ex=self.ttl)
        except RedisError as exc:
            log.warning("could not keep the conversation context: %s", exc)
