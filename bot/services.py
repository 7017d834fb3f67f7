"""What the running bot shares: the library, pacing, throttling, preferences, the recorder.

Built once by `bot.app.create_services` and handed to the Dispatcher one by one, so a
handler names what it needs as a parameter (`library`, `recorder`, `user_keys`,
`keyboards`, `answerer`, `preferences`, `admins`) and never imports the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from bot.config import Settings
from bot.metrics import Health, Metrics
from bot.pacing import Pacer
from bot.preferences import Preferences
from bot.throttling import RateLimiter
from bot.watcher import VersionWatcher
from handlers.common import Answerer
from handlers.ports import Conversations
from handlers.views.keyboards import EntryKeyboards
from knowledge.library import Library
from knowledge.privacy import UserKeys
from knowledge.recorder import Recorder


@dataclass(slots=True)
class Services:
    settings: Settings
    library: Library
    limiter: RateLimiter
    preferences: Preferences
    user_keys: UserKeys
    admins: frozenset[int]
    recorder: Recorder
    keyboards: EntryKeyboards
    pacer: Pacer
    watcher: VersionWatcher
    metrics: Metrics
    health: Health
    conversations: Conversations | None = None
    redis: Redis | None = None

    def handler_data(self) -> dict[str, Any]:
        """What handlers may ask for by parameter name."""
        return {
            "library": self.library,
            "preferences": self.preferences,
            "user_keys": self.user_keys,
            "admins": self.admins,
            "recorder": self.recorder,
            "keyboards": self.keyboards,
            "answerer": Answerer(
                self.keyboards,
                self.recorder,
                self.user_keys,
                self.conversations,
                on_answer=self.metrics.question,
            ),
        }

    async def close(self) -> None:
        await self.watcher.close()
        await self.recorder.close()
        await self.limiter.close()
        await self.preferences.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.library.close()
