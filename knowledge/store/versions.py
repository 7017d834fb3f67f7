"""The version history: every change is a new numbered version that keeps the whole
document, so nothing is lost and any version can be restored (a rollback applies an old
document as a new version). Applying happens in one transaction: the version row, the
entries, their index terms and the synonyms change together or not at all.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.derive import build_entries
from knowledge.records import Changes, VersionInfo
from knowledge.store.diff import changes_against_active
from knowledge.store.index_writer import IndexWriter
from knowledge.store.models import KbVersion
from knowledge.store.queries import latest_version, latest_version_query, version_info

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument

log = logging.getLogger(__name__)


class VersionNotFound(LookupError):
    """No such version in the history."""


def synonym_phrases(document: KnowledgeDocument) -> list[list[str]]:
    return [list(group.phrases) for group in document.synonyms]


class VersionHistory:
    """Reads and writes `kb_version`; the only place that creates versions."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], writer: IndexWriter, dialect: str
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._dialect = dialect

    async def current(self) -> VersionInfo | None:
        async with self._sessions() as session:
            row = await latest_version(session)
            return version_info(row) if row else None

    async def list(self, limit: int = 20) -> list[VersionInfo]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(KbVersion).order_by(KbVersion.id.desc()).limit(limit)
            )
            return [version_info(r) for r in rows]

    async def document(self, version_id: int | None = None) -> KnowledgeDocument:
        """The document of a version (the active one by default)."""
        from knowledge.loader import validate_data

        async with self._sessions() as session:
            query = select(KbVersion.document)
            if version_id is None:
                query = query.order_by(KbVersion.id.desc()).limit(1)
            else:
                query = query.where(KbVersion.id == version_id)
            data = await session.scalar(query)
        if data is None:
            raise VersionNotFound(
                f"no version {version_id}" if version_id is not None else "the store is empty"
            )
        return validate_data(data, f"version {version_id or 'current'}")

    async def diff(self, document: KnowledgeDocument) -> Changes:
        async with self._sessions() as session:
            return await changes_against_active(
                session, build_entries(document), synonym_phrases(document)
            )

    async def apply(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
    ) -> VersionInfo:
        """Make `document` the active version, atomically; returns the new version."""
        from knowledge.loader import document_checksum, document_to_data

        entries = build_entries(document)
        synonyms = synonym_phrases(document)
        async with self._sessions.begin() as session:
            await self.lock(session)
            changes = await changes_against_active(session, entries, synonyms)
            version = KbVersion(
                created_at=datetime.now(UTC),
                author=author,
                action=action,
                note=note,
                source_name=source_name,
                checksum=document_checksum(document),
                changes=changes.as_json(),
                document=document_to_data(document),
            )
            session.add(version)
            await session.flush()
            await self._writer.replace_active(session, version.id, entries, synonyms)
            info = version_info(version)
        log.info(
            "knowledge base version %s (%s by %s): %s", info.id, action, author, changes.summary()
        )
        return info

    async def rollback(self, version_id: int, *, author: str) -> VersionInfo:
        """Restore the document of `version_id` as a new version."""
        from knowledge.loader import DocumentError

        try:
            document = await self.document(version_id)
        except DocumentError as exc:
            raise VersionNotFound(f"version {version_id} cannot be restored: {exc}") from exc
        return await self.apply(
            document,
            author=author,
            action="rollback",
            note=f"rollback to version {version_id}",
            source_name=f"version {version_id}",
        )

    async def reindex(self) -> int | None:
        """Rebuild the active entries and terms from the active document, in place.

        Entries and index terms are derived data: when the code that derives them changes,
        they are rebuilt from the stored document, without a new version.
        """
        from knowledge.loader import validate_data

        async with self._sessions.begin() as session:
            await self.lock(session)
            latest = latest_version_query().with_only_columns(KbVersion.id, KbVersion.document)
            row = (await session.execute(latest)).first()
            if row is None:
                return None
            version_id, data = int(row[0]), row[1]
            document = validate_data(data, f"version {version_id}")
            entries = build_entries(document)
            await self._writer.replace_active(
                session, version_id, entries, synonym_phrases(document)
            )
        log.info(
            "rebuilt %d entries of version %s (%s)",
            len(entries),
            version_id,
            self._writer.index_version,
        )
        return version_id

    async def lock(self, session: AsyncSession) -> None:
        """One writer at a time: PostgreSQL locks the version table for the transaction."""
        if self._dialect == "postgresql":
            await session.execute(text("LOCK TABLE kb_version IN EXCLUSIVE MODE"))
