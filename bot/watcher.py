"""Every worker serves the active knowledge-base version within seconds: a worker that
makes a version announces it on Redis (pub/sub) when configured, PostgreSQL tells its
listeners itself (NOTIFY at commit, the CLI's versions too), and every worker also
runs a cheap periodic check of the version number (one indexed row a second), which
catches the CLI and a missed announcement; the new index is swapped in atomically, and
updates in flight keep the assistant they started with."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from knowledge.library import Library
from knowledge.store import StoreUnavailable
from knowledge.store.listening import listen_for_versions

log = logging.getLogger(__name__)


CHANNEL = "komekshi:kb-version"


class VersionWatcher:
    def __init__(self, library: Library, interval: float = 1.0, redis: Redis | None = None) -> None:
        self.library = library
        self.interval = interval
        self.redis = redis
        self._task: asyncio.Task[None] | None = None
        self._listener: asyncio.Task[None] | None = None
        self._failing = False

    def start(self) -> None:
        if self._task is None and self.interval > 0:
            self._task = asyncio.create_task(self._run(), name="komekshi-version-watcher")
        if self._listener is not None:
            return
        if self.redis is not None:
            self.library.on_new_version(self.announce)
            self._listener = asyncio.create_task(self._listen(), name="komekshi-version-listener")
        elif self.library.store.engine.dialect.name == "postgresql":
            url = self.library.store.engine.url.render_as_string(hide_password=False)
            self._listener = asyncio.create_task(
                listen_for_versions(url, self.check), name="komekshi-version-listener"
            )

    async def announce(self, version_id: int) -> None:
        """Tell the other workers (best effort: their periodic check is the fallback)."""
        if self.redis is None:
            return
        try:
            await self.redis.publish(CHANNEL, str(version_id))
        except RedisError as exc:
            log.warning("could not announce version %s: %s", version_id, exc)

    async def _listen(self) -> None:
        assert self.redis is not None
        while True:
            try:
                async with self.redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            await self.check()
            except RedisError as exc:
                log.debug("version announcements unavailable (%s); checking periodically", exc)
                await asyncio.sleep(5)

    async def check(self) -> bool:
        """Swap in a newer version if there is one; a database outage is logged once."""
        try:
            swapped = await self.library.refresh_if_changed()
        except StoreUnavailable as exc:
            if not self._failing:
                log.warning(
                    "cannot check the knowledge-base version (%s); serving the loaded one", exc
                )
                self._failing = True
            return False
        if self._failing:
            log.info("the database is reachable again")
            self._failing = False
        if swapped:
            log.info("now serving knowledge-base version %s", self.library.assistant.version)
        return swapped

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.check()

    async def close(self) -> None:
        for task in (self._task, self._listener):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._listener = None
