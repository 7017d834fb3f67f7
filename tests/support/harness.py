"""Building the real bot in-process against the fake Bot API, for handler tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import create_bot, create_dispatcher, create_services, pace
from bot.config import Settings
from bot.services import Services
from knowledge.library import Library
from tests.support.fake_telegram import FakeTelegram


@dataclass
class Harness:
    telegram: FakeTelegram
    services: Services
    bot: Bot
    dispatcher: Dispatcher

    @property
    def library(self) -> Library:
        return self.services.library

    async def feed(self) -> None:
        """Hand every queued update to the dispatcher, as polling would, and wait for them."""
        updates = await self.telegram.api_getupdates({"offset": 0, "timeout": 0})
        self.telegram._updates.clear()
        for update in updates:
            await self.dispatcher.feed_raw_update(self.bot, update)

    async def feed_at_once(self) -> None:
        """Hand every queued update to the dispatcher at the same time, as polling does
        with updates that arrive together (each in its own task)."""
        updates = await self.telegram.api_getupdates({"offset": 0, "timeout": 0})
        self.telegram._updates.clear()
        await asyncio.gather(*(self.dispatcher.feed_raw_update(self.bot, u) for u in updates))


def settings_for(
    telegram: FakeTelegram,
    database_url: str,
    *,
    telegram_settings: dict[str, Any] | None = None,
    **overrides: Any,
) -> Settings:
    values: dict[str, Any] = {
        "telegram": {"token": telegram.token, "api_url": telegram.base_url, "retry_max_wait": 5},
        "database": {"url": database_url},
        "admin": {"user_ids": [42]},
        "privacy": {"user_key_secret": "test-secret"},
        "throttling": {"rate": 1.0, "burst": 1000, "private_interval": 0, "group_interval": 0},
    }
    values["telegram"].update(telegram_settings or {})
    for section, items in overrides.items():
        values.setdefault(section, {}).update(items)
    return Settings(**values)


@asynccontextmanager
async def running_bot(
    telegram: FakeTelegram, database_url: str, **overrides: Any
) -> AsyncIterator[Harness]:
    settings = settings_for(telegram, database_url, **overrides)
    services = await create_services(settings)
    bot = create_bot(settings)
    pace(bot, services)
    dispatcher = create_dispatcher(services)
    try:
        yield Harness(telegram, services, bot, dispatcher)
    finally:
        await bot.session.close()
        await services.close()
