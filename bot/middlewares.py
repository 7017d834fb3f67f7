"""Dispatcher and session middlewares: in-flight tracking, injection, throttling, locale,
and retrying requests that Telegram refused with 429.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.preferences import Preferences
from bot.throttling import Decision, RateLimiter
from knowledge.library import Library
from knowledge.privacy import UserKeys

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

LOCALES = ("kk", "ru")


class InFlight:
    """Counts updates being handled, so shutdown can wait for their replies."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        self._count += 1
        self._idle.clear()

    def leave(self) -> None:
        self._count -= 1
        if self._count <= 0:
            self._count = 0
            self._idle.set()

    @property
    def count(self) -> int:
        return self._count

    async def wait_idle(self, grace: float) -> bool:
        """True when every update finished within `grace` seconds."""
        for _ in range(3):  # let update tasks created just before the stop begin
            await asyncio.sleep(0)
        try:
            async with asyncio.timeout(grace):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


class InFlightMiddleware(BaseMiddleware):
    def __init__(self, tracker: InFlight) -> None:
        self.tracker = tracker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.tracker.enter()
        try:
            return await handler(event, data)
        finally:
            self.tracker.leave()


class LibraryMiddleware(BaseMiddleware):
    """Gives each update the assistant of the version active when it arrived."""

    def __init__(self, library: Library) -> None:
        self.library = library

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["assistant"] = self.library.assistant
        return await handler(event, data)


class ThrottlingMiddleware(BaseMiddleware):
    """Per-user limit on messages and button presses (see bot.throttling)."""

    def __init__(self, limiter: RateLimiter, notice: Callable[[], str], keys: UserKeys) -> None:
        self.limiter = limiter
        self.notice = notice
        self.keys = keys

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        pseudonym = self.keys.pseudonym(user.id)  # never the raw id, in Redis or the log
        decision = await self.limiter.hit(pseudonym)
        if decision is Decision.ALLOW:
            return await handler(event, data)
        if decision is Decision.NOTIFY:
            await self._notify(event)
        elif isinstance(event, CallbackQuery):
            await self._answer_quietly(event)
        log.debug("throttled user %s (%s)", pseudonym, decision)
        return None

    async def _notify(self, event: TelegramObject) -> None:
        try:
            if isinstance(event, Message) and event.chat.type == "private":
                await event.answer(self.notice())
            elif isinstance(event, CallbackQuery):
                await event.answer(self.notice())
        except TelegramAPIError as exc:
            log.warning("could not send the throttling notice: %s", exc)

    async def _answer_quietly(self, event: CallbackQuery) -> None:
        try:
            await event.answer()
        except TelegramAPIError as exc:
            log.debug("could not answer a throttled button press: %s", exc)


class LocaleMiddleware(I18nMiddleware):
    """Russian for users who chose it with /lang or whose Telegram speaks Russian."""

    def __init__(self, i18n: I18n, preferences: Preferences) -> None:
        super().__init__(i18n)
        self.preferences = preferences

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is not None:
            chosen = await self.preferences.locale(user.id)
            if chosen in LOCALES:
                return chosen
            if user.language_code and user.language_code.split("-")[0] == "ru":
                return "ru"
        return self.i18n.default_locale


class RetryAfterMiddleware(BaseRequestMiddleware):
    """aiogram never retries a 429: wait `retry_after` and send again, within a bound."""

    def __init__(
        self,
        attempts: int = 3,
        max_wait: float = 30.0,
        on_retry: Callable[[], None] | None = None,
    ) -> None:
        self.attempts = attempts
        self.max_wait = max_wait
        self.on_retry = on_retry

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):  # long polling has its own back-off
            return await make_request(bot, method)  # type: ignore[arg-type]
        for attempt in range(self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt >= self.attempts or exc.retry_after > self.max_wait:
                    raise
                log.warning(
                    "%s: Telegram asks to wait %s s (attempt %d of %d)",
                    type(method).__name__,
                    exc.retry_after,
                    attempt + 1,
                    self.attempts,
                )
                if self.on_retry is not None:
                    self.on_retry()
                await asyncio.sleep(exc.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover
