"""Every worker serves the active knowledge-base version within seconds: a change made by
the CLI or by another worker is noticed by a cheap periodic check of the version number
(one indexed row a second) and swapped in atomically; updates in flight keep the
assistant they started with."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from knowledge.library import Library
from knowledge.store import StoreUnavailable

log = logging.getLogger(__name__)


class VersionWatcher:
    def __init__(self, library: Library, interval: float = 1.0) -> None:
        self.library = library
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._failing = False

    def start(self) -> None:
        if self._task is None and self.interval > 0:
            self._task = asyncio.create_task(self._run(), name="komekshi-version-watcher")

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
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
