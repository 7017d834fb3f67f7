"""Feedback and unanswered questions, written in the background, in batches.

A reply never waits for the database: handlers hand the record to the recorder and move
on; one task writes batches, so concurrent updates never compete for the SQLite lock.
On shutdown the queue is flushed. The same task forgets what is older than the retention
period, and no log line ever carries what a user typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta

from knowledge.privacy import mask_personal_data
from knowledge.records import FeedbackRecord, MissRecord, QuestionRecord
from knowledge.store import KnowledgeStore, StoreUnavailable

log = logging.getLogger(__name__)

Record = MissRecord | FeedbackRecord | QuestionRecord
PROPOSALS_KEPT = timedelta(days=7)


def _scrub(exc: Exception, items: list[Record]) -> str:
    """The error without any question it may quote (a driver may echo the values)."""
    text = str(exc)
    for item in items:
        for form in {item.query, mask_personal_data(item.query)}:
            if len(form) >= 3:
                text = text.replace(form, "…")
    return text


class Recorder:
    """Queues what users did and writes it in batches from one background task."""

    def __init__(
        self,
        store: KnowledgeStore,
        *,
        batch: int = 200,
        interval: float = 1.0,
        capacity: int = 10_000,
        retention_days: int | None = None,
        purge_every: float = 6 * 3600,
    ) -> None:
        self.store = store
        self.batch = batch
        self.interval = interval
        self.retention_days = retention_days
        self.purge_every = purge_every
        self._next_purge = 0.0
        self._queue: asyncio.Queue[Record] = asyncio.Queue(capacity)
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="komekshi-recorder")

    def miss(self, query: str, user_key: str = "") -> None:
        self._put(MissRecord(query, user_key))

    def feedback(self, entry_id: str, value: int, user_key: str = "", query: str = "") -> None:
        self._put(FeedbackRecord(entry_id, value, query, user_key))

    def question(self, record: QuestionRecord) -> None:
        self._put(record)

    def _put(self, record: Record) -> None:
        try:
            self._queue.put_nowait(record)
        except asyncio.QueueFull:
            log.warning("recorder queue full; dropped %s", type(record).__name__)

    async def flush(self) -> None:
        """Write everything queued so far."""
        async with self._lock:
            while not self._queue.empty():
                await self._write(self._take())

    def _take(self) -> list[Record]:
        items: list[Record] = []
        while len(items) < self.batch and not self._queue.empty():
            items.append(self._queue.get_nowait())
        return items

    async def _run(self) -> None:
        while True:
            await self.purge_if_due()
            await asyncio.sleep(self.interval)  # records gather into batches meanwhile
            await self.flush()

    async def purge_if_due(self) -> int:
        """Forget questions and feedback past the retention period (at most every
        `purge_every` seconds); returns how many rows went."""
        now = time.monotonic()
        if self.retention_days is None or now < self._next_purge:
            return 0
        self._next_purge = now + self.purge_every
        before = datetime.now(UTC) - timedelta(days=self.retention_days)
        try:
            purged = await self.store.purge_activity(before)
            # Previews nobody confirmed within a week are forgotten too.
            await self.store.purge_proposals(datetime.now(UTC) - PROPOSALS_KEPT)
        except StoreUnavailable as exc:
            log.error("could not forget records older than %d days: %s", self.retention_days, exc)
            return 0
        if purged:
            log.info("forgot %d records older than %d days", purged, self.retention_days)
        return purged

    async def _write(self, items: list[Record]) -> None:
        if not items:
            return
        misses = [i for i in items if isinstance(i, MissRecord)]
        feedback = [i for i in items if isinstance(i, FeedbackRecord)]
        questions = [i for i in items if isinstance(i, QuestionRecord)]
        try:
            await self.store.record(misses=misses, feedback=feedback, questions=questions)
        except StoreUnavailable as exc:
            log.error(
                "could not store %d feedback/miss records: %s", len(items), _scrub(exc, items)
            )

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()
