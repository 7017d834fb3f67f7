"""What the bot's handlers share: the assistant of the active version, the store, settings.

Built once in `create_services` and handed to the Dispatcher; nothing lives at module level.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.config import Settings
from bot.keyboards import EntryKeyboards
from bot.preferences import Preferences
from bot.recorder import Recorder
from bot.throttling import RateLimiter
from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)


class Library:
    """Holds the assistant of the active knowledge-base version; swapped after an import.

    Handlers get `library.assistant` for one whole update, so a reload in the middle of a
    conversation never mixes two versions in one answer.
    """

    def __init__(self, store: KnowledgeStore, analyzer: Analyzer, settings: Settings) -> None:
        self.store = store
        self.analyzer = analyzer
        self.settings = settings
        self._assistant: Assistant | None = None

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            raise RuntimeError("the library is not loaded; call reload() at start-up")
        return self._assistant

    async def reload(self) -> Assistant:
        snapshot = await self.store.snapshot()
        self._assistant = Assistant.from_snapshot(
            snapshot, self.analyzer, max_query_chars=self.settings.search.max_query_chars
        )
        log.info(
            "knowledge base version %s loaded: %d entries",
            self._assistant.version,
            len(self._assistant.index),
        )
        return self._assistant


@dataclass(frozen=True, slots=True)
class UserKeys:
    """Pseudonymous keys for users in stored feedback and misses: an HMAC of the user id,
    so the store never holds Telegram ids. Without a configured key, nothing is kept."""

    secret: bytes | None

    def of(self, user_id: int | None) -> str:
        if self.secret is None or user_id is None:
            return ""
        digest = hmac.new(self.secret, str(user_id).encode(), hashlib.sha256).hexdigest()
        return digest[:32]


@dataclass(slots=True)
class Services:
    settings: Settings
    store: KnowledgeStore
    library: Library
    limiter: RateLimiter
    preferences: Preferences
    user_keys: UserKeys
    admins: frozenset[int]
    recorder: Recorder
    keyboards: EntryKeyboards
    redis: Redis | None = None

    async def close(self) -> None:
        await self.recorder.close()
        await self.limiter.close()
        await self.preferences.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.store.close()
