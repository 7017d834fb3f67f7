"""The knowledge store: versioned documents, the active entries and their index terms.

`KnowledgeStore.open(url)` connects (SQLite or PostgreSQL, by the URL), migrates, and
keeps the store current with the bundled data. Its parts each do one job:

- `versions`: the history; applying, diffing and rolling back documents (`versions.py`);
- `activity`: unanswered questions and feedback (`activity.py`);
- `snapshot()`: the active version as search loads it (`reader.py`).

Every database or connection failure leaves the store as `StoreUnavailable`, naming the
database (never its password) and the driver's reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from knowledge.analysis.analyzer import Analyzer
from knowledge.entries import Entry
from knowledge.records import (
    Changes,
    DayStats,
    FeedbackRecord,
    MissRecord,
    MissSummary,
    QuestionRecord,
    VersionInfo,
)
from knowledge.schema import META_BUNDLED, META_INDEX_VERSION, StoreUnavailable
from knowledge.snapshot import Snapshot
from knowledge.store.activity import ActivityLog
from knowledge.store.engine import DatabaseGuard, create_engine, migrate
from knowledge.store.index_writer import IndexWriter
from knowledge.store.proposals import Proposal, ProposalGone, Proposals, StaleProposal
from knowledge.store.reader import SnapshotReader
from knowledge.store.seeding import SEED_AUTHOR, Seeder
from knowledge.store.versions import StaleDocument, VersionHistory, VersionNotFound

log = logging.getLogger(__name__)

FIRST_START_ATTEMPTS = 3
"""Processes starting together on a new SQLite file can meet SQLite's deadlock guard
("database is locked" at once, whatever the busy timeout): the loser tries again."""
FIRST_START_PAUSE = 0.2
LOCKED = "database is locked"

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument

__all__ = [
    "META_BUNDLED",
    "META_INDEX_VERSION",
    "SEED_AUTHOR",
    "Changes",
    "FeedbackRecord",
    "KnowledgeStore",
    "MissRecord",
    "MissSummary",
    "Proposal",
    "ProposalGone",
    "StaleDocument",
    "StaleProposal",
    "StoreUnavailable",
    "VersionInfo",
    "VersionNotFound",
]


class KnowledgeStore:
    """Async access to the knowledge database; every method raises only `StoreUnavailable`
    (and `VersionNotFound` for a version that does not exist, `StaleDocument` for an import
    over newer work)."""

    def __init__(self, engine: AsyncEngine, analyzer: Analyzer) -> None:
        self.engine = engine
        self._guard = DatabaseGuard(str(engine.url))
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        writer = IndexWriter(analyzer)
        self._versions = VersionHistory(sessions, writer, engine.dialect.name)
        self._activity = ActivityLog(sessions)
        self._reader = SnapshotReader(sessions)
        self._seeder = Seeder(sessions, self._versions, writer)
        self._proposals = Proposals(sessions, self._versions)
        self.index_version = writer.index_version

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        analyzer: Analyzer,
        echo: bool = False,
        connect_timeout: float = 5.0,
        seed: bool = True,
    ) -> KnowledgeStore:
        """Connect, migrate, and on first use fill the store from the bundled data."""
        engine = create_engine(url, echo=echo, connect_timeout=connect_timeout)
        store = cls(engine, analyzer)
        try:
            for attempt in range(1, FIRST_START_ATTEMPTS + 1):
                try:
                    await store._make_current(seed=seed)
                    break
                except StoreUnavailable as exc:
                    if attempt == FIRST_START_ATTEMPTS or LOCKED not in str(exc):
                        raise
                    log.info("store busy at start (attempt %d): %s; trying again", attempt, exc)
                    await asyncio.sleep(FIRST_START_PAUSE * attempt)
        except BaseException:
            await engine.dispose()
            raise
        return store

    async def _make_current(self, *, seed: bool) -> None:
        """Migrate, then seed or reindex if needed: each step checks again under its lock,
        so repeating them after another process did the work is harmless."""
        await migrate(self.engine)
        if seed:
            with self._guard:
                await self._seeder.ensure_current()

    async def close(self) -> None:
        await self.engine.dispose()

    # --- the active version -----------------------------------------------------------

    async def snapshot(self) -> Snapshot:
        with self._guard:
            return await self._reader.snapshot()

    async def entry(self, entry_id: str) -> Entry | None:
        with self._guard:
            return await self._reader.entry(entry_id)

    async def entries(self) -> list[Entry]:
        with self._guard:
            return await self._reader.entries()

    # --- versions ---------------------------------------------------------------------

    async def current_version(self) -> VersionInfo | None:
        with self._guard:
            return await self._versions.current()

    async def history(self, limit: int = 20) -> list[VersionInfo]:
        with self._guard:
            return await self._versions.list(limit)

    async def document(self, version_id: int | None = None) -> KnowledgeDocument:
        with self._guard:
            return await self._versions.document(version_id)

    async def diff(self, document: KnowledgeDocument) -> Changes:
        with self._guard:
            return await self._versions.diff(document)

    async def apply(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
        force: bool = False,
    ) -> VersionInfo:
        with self._guard:
            return await self._versions.apply(
                document,
                author=author,
                action=action,
                note=note,
                source_name=source_name,
                force=force,
            )

    async def rollback(self, version_id: int, *, author: str) -> VersionInfo:
        with self._guard:
            return await self._versions.rollback(version_id, author=author)

    # --- proposals: preview, then confirm or cancel -----------------------------------

    async def propose(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
    ) -> Proposal:
        with self._guard:
            return await self._proposals.propose(
                document, author=author, action=action, note=note, source_name=source_name
            )

    async def confirm(self, proposal_id: int) -> VersionInfo:
        with self._guard:
            return await self._proposals.confirm(proposal_id)

    async def discard(self, proposal_id: int) -> bool:
        with self._guard:
            return await self._proposals.discard(proposal_id)

    async def proposal(self, proposal_id: int) -> Proposal | None:
        with self._guard:
            return await self._proposals.pending(proposal_id)

    async def purge_proposals(self, before: datetime) -> int:
        with self._guard:
            return await self._proposals.purge(before)

    async def reindex(self) -> None:
        with self._guard:
            await self._versions.reindex()

    async def ensure_current(self) -> None:
        with self._guard:
            await self._seeder.ensure_current()

    # --- what users did ---------------------------------------------------------------

    async def record(
        self,
        *,
        misses: Sequence[MissRecord] = (),
        feedback: Sequence[FeedbackRecord] = (),
        questions: Sequence[QuestionRecord] = (),
    ) -> None:
        with self._guard:
            await self._activity.record(misses=misses, feedback=feedback, questions=questions)

    async def question_days(self, since: datetime) -> list[DayStats]:
        with self._guard:
            return await self._activity.days(since)

    async def top_entries(self, since: datetime, limit: int = 5) -> list[tuple[str, int]]:
        with self._guard:
            return await self._activity.top_entries(since, limit)

    async def purge_activity(self, before: datetime) -> int:
        """Forget questions and feedback older than `before`; returns how many rows."""
        with self._guard:
            return await self._activity.purge(before)

    async def feedback_counts(self) -> dict[str, tuple[int, int]]:
        with self._guard:
            return await self._activity.feedback_counts()

    async def misses(self, limit: int = 20, since: datetime | None = None) -> list[MissSummary]:
        with self._guard:
            return await self._activity.misses(limit, since)

    async def disliked(self, limit: int, since: datetime) -> list[MissSummary]:
        with self._guard:
            return await self._activity.disliked(limit, since)

    async def disliked_query(self, feedback_id: int) -> str | None:
        with self._guard:
            return await self._activity.disliked_query(feedback_id)

    async def dismiss_disliked(self, query: str) -> int:
        with self._guard:
            return await self._activity.dismiss_disliked(query)

    async def miss_query(self, miss_id: int) -> str | None:
        with self._guard:
            return await self._activity.miss_query(miss_id)

    async def dismiss_miss(self, query: str) -> int:
        with self._guard:
            return await self._activity.dismiss(query)
