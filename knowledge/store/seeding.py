"""Keeping the store current with the package: seed an empty store from the bundled data,
take newer bundled data while nobody has imported their own, and rebuild a stale index.

The common case (nothing to do) reads three small values and imports nothing heavy
(no YAML, no pydantic), which keeps start-up fast.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.bundle import bundled_fingerprint
from knowledge.schema import META_BUNDLED, META_INDEX_VERSION, SEED_ACTION
from knowledge.store.index_writer import IndexWriter, get_meta, set_meta
from knowledge.store.queries import latest_version
from knowledge.store.versions import VersionHistory

SEED_AUTHOR = "komekshi"


class Seeder:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        history: VersionHistory,
        writer: IndexWriter,
    ) -> None:
        self._sessions = sessions
        self._history = history
        self._writer = writer

    async def ensure_current(self) -> None:
        version = await self._history.current()
        fingerprint = bundled_fingerprint()
        if version is None:
            await self._seed(fingerprint, "bundled data")
        elif version.action == SEED_ACTION and await self._meta(META_BUNDLED) != fingerprint:
            await self._seed(fingerprint, "updated bundled data")
        elif await self._meta(META_INDEX_VERSION) != self._writer.index_version:
            await self._history.reindex()

    async def _seed(self, fingerprint: str, note: str) -> None:
        """Seed in one transaction under the write lock, after checking again: of several
        processes starting on an empty store at once, one seeds and the rest see its work."""
        from knowledge.derive import build_entries
        from knowledge.loader import load_bundled

        document = load_bundled()
        entries = build_entries(document)
        async with self._sessions.begin() as session:
            await self._history.lock(session)
            latest = await latest_version(session)
            still_needed = latest is None or (
                latest.action == SEED_ACTION
                and await get_meta(session, META_BUNDLED) != fingerprint
            )
            if not still_needed:
                return
            await self._history.write(
                session,
                document,
                entries,
                author=SEED_AUTHOR,
                action=SEED_ACTION,
                note=note,
                source_name="bundled",
            )
            await set_meta(session, META_BUNDLED, fingerprint)

    async def _meta(self, key: str) -> str | None:
        async with self._sessions() as session:
            return await get_meta(session, key)
