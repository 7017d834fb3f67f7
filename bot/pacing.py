"""Pacing what the bot sends, and answering each user's messages in turn: no question is
dropped because it came quickly.

Telegram's limits are on what a bot sends: about one message a second to one chat and
twenty a minute to a group. `PacingMiddleware` sits in the Bot API session and, before a
message goes to a chat, reserves that chat's next free moment and waits for it. The slots
live in this process or, with Redis, are shared by every worker (one Lua script reserves
atomically). A library was considered (`limits`, `aiolimiter`): both answer "allowed or
not" for one process or by polling, while pacing needs "when is the next free moment",
shared; the reservation is twelve lines of Lua.

`UserQueue` handles one user's messages one after another, in the order they came; only
a real flood (more than `max_waiting` waiting) is cut, with one notice saying so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Message, TelegramObject, User
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.outage import Outage
from knowledge.privacy import UserKeys

log = logging.getLogger(__name__)

PACED_METHODS = (SendMessage, SendDocument, SendPhoto, CopyMessage, ForwardMessage)


class Pacer(Protocol):
    async def reserve(self, chat_id: int) -> float:
        """Take the chat's next free moment; returns the seconds to wait for it."""
        ...


def _is_group(chat_id: int) -> bool:
    return chat_id < 0  # groups, supergroups and channels have negative ids


class MemoryPacer:
    """Slots of the chats this process sends to."""

    def __init__(
        self, private_interval: float, group_interval: float, *, max_chats: int = 100_000
    ) -> None:
        self.private_interval = private_interval
        self.group_interval = group_interval
        self.max_chats = max_chats
        self._next: dict[int, float] = {}

    async def reserve(self, chat_id: int) -> float:
        now = time.monotonic()
        interval = self.group_interval if _is_group(chat_id) else self.private_interval
        start = max(now, self._next.get(chat_id, 0.0))
        if len(self._next) >= self.max_chats:
            self._next = {c: t for c, t in self._next.items() if t > now}
        self._next[chat_id] = start + interval
        return start - now


# KEYS[1] the chat's slot; ARGV: now (ms), interval (ms). Returns the wait in ms.
_RESERVE = """
local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
redis.call('SET', KEYS[1], start + interval, 'PX', math.ceil(start - now + interval) + 1000)
return start - now
"""


class RedisPacer:
    """The same slots in Redis, shared by every worker. While Redis is unreachable the
    process paces alone (said once in the log) and returns to Redis by itself."""

    def __init__(
        self,
        redis: Redis,
        keys: UserKeys,
        private_interval: float,
        group_interval: float,
        *,
        prefix: str = "komekshi:pace:",
        retry_after: float | None = None,
    ) -> None:
        self.keys = keys
        self.private_interval = private_interval
        self.group_interval = group_interval
        self.prefix = prefix
        self._script = redis.register_script(_RESERVE)
        self._local = MemoryPacer(private_interval, group_interval)
        self._outage = Outage("pacing", log, retry_after)

    def _key(self, chat_id: int) -> str:
        # A private chat's id is its user's: stored only as a pseudonym.
        name = str(chat_id) if _is_group(chat_id) else self.keys.pseudonym(chat_id)
        return self.prefix + name

    async def reserve(self, chat_id: int) -> float:
        if not self._outage.use_redis:
            return await self._local.reserve(chat_id)
        interval = self.group_interval if _is_group(chat_id) else self.private_interval
        try:
            waited = await self._script(
                keys=[self._key(chat_id)], args=[int(time.time() * 1000), int(interval * 1000)]
            )
        except RedisError as exc:
            self._outage.failed(exc)
            return await self._local.reserve(chat_id)
        self._outage.succeeded()
        return float(waited) / 1000


class PacingMiddleware(BaseRequestMiddleware):
    """Waits for the chat's free moment before each message the bot sends."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, PACED_METHODS):
            chat_id = getattr(method, "chat_id", None)
            if isinstance(chat_id, int):
                wait = await self.pacer.reserve(chat_id)
                if wait > 0:
                    await asyncio.sleep(wait)
        return await make_request(bot, method)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UserQueue(BaseMiddleware):
    """Each user's messages are handled one at a time, in order; when more than
    `max_waiting` are waiting, the rest are skipped and the user is told once."""

    def __init__(self, keys: UserKeys, notice: Callable[[], str], max_waiting: int = 10) -> None:
        self.keys = keys
        self.notice = notice
        self.max_waiting = max_waiting
        self._locks: dict[str, asyncio.Lock] = {}
        self._held: dict[str, int] = {}
        self._told: set[str] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        key = self.keys.pseudonym(user.id)
        held = self._held.get(key, 0)
        if held > self.max_waiting:  # one being answered and max_waiting in line
            if key not in self._told:
                self._told.add(key)
                await self._tell(event)
            log.debug("user %s: %d messages waiting; one skipped", key, held - 1)
            return None
        self._held[key] = held + 1
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                return await handler(event, data)
        finally:
            self._held[key] -= 1
            if not self._held[key]:
                del self._held[key]
                del self._locks[key]
                self._told.discard(key)

    def waiting(self, user_id: int) -> int:
        """Messages of this user being handled or in line (for tests and metrics)."""
        return self._held.get(self.keys.pseudonym(user_id), 0)

    async def _tell(self, event: TelegramObject) -> None:
        if not isinstance(event, Message):
            return
        try:
            await event.answer(self.notice().format(n=self.max_waiting), parse_mode=None)
        except TelegramAPIError as exc:
            log.warning("could not say that messages were skipped: %s", exc)
