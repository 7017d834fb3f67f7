"""The version history: every change is a new numbered version that keeps the whole
document, so nothing is lost and any version can be restored (a rollback applies an old
document as a new version). Applying happens in one transaction: the version row, the
entries, their index terms and the synonyms change together or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.derive import build_entries
from knowledge.entries import Entry
from knowledge.records import Changes, VersionInfo
from knowledge.store.diff import changes_against_active
from knowledge.store.index_writer import IndexWriter
from knowledge.store.models import KbVersion
from knowledge.store.queries import latest_version, latest_version_query, version_info
from knowledge.text_rules import AUTHOR_MAX_LENGTH, label

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument

log = logging.getLogger(__name__)


VERSION_CHANNEL = "komekshi_kb_version"
"""PostgreSQL NOTIFY channel: a new version was committed (by a worker or the CLI)."""


class VersionNotFound(LookupError):
    """No such version in the history."""


class StaleDocument(Exception):
    """The document was exported from an older version than the active one."""

    def __init__(self, based_on: int, active: int) -> None:
        self.based_on = based_on
        self.active = active
        super().__init__(
            f"the document was exported from version {based_on}, but version {active} is "
            f"active now: importing it would undo versions {based_on + 1}–{active}. "
            "Export the active version and make the edit there (or force the import)"
        )


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
        force: bool = False,
    ) -> VersionInfo:
        """Make `document` the active version, atomically; returns the new version.

        A document exported from an older version than the active one is refused with
        `StaleDocument` (unless `force`): importing it would silently undo newer work.
        """
        entries = build_entries(document)
        async with self._sessions.begin() as session:
            await self.lock(session)
            if not force:
                await self._refuse_if_stale(session, document)
            info = await self.write(
                session,
                document,
                entries,
                author=author,
                action=action,
                note=note,
                source_name=source_name,
            )
        log.info("knowledge base version %s (%s by %s): %s", info.id, action, author,
                 info.changes.summary())  # fmt: skip
        return info

    async def write(
        self,
        session: AsyncSession,
        document: KnowledgeDocument,
        entries: Sequence[Entry],
        *,
        author: str,
        action: str,
        note: str,
        source_name: str,
    ) -> VersionInfo:
        """Write a new version inside the caller's transaction, after `lock` was taken, so
        the change list it records describes exactly what it replaces."""
        from knowledge.loader import document_checksum, document_to_data

        content = document.content()
        synonyms = synonym_phrases(content)
        changes = await changes_against_active(session, entries, synonyms)
        version = KbVersion(
            created_at=datetime.now(UTC),
            author=label(author, AUTHOR_MAX_LENGTH),
            action=action,
            note=label(note, 2000),
            source_name=label(source_name, 500),
            checksum=document_checksum(content),
            changes=changes.as_json(),
            document=document_to_data(content),
        )
        session.add(version)
        await session.flush()
        await self._writer.replace_active(session, version.id, entries, synonyms)
        if self._dialect == "postgresql":  # delivered to every listener at commit
            await session.execute(
                text("SELECT pg_notify(:channel, :version)"),
                {"channel": VERSION_CHANNEL, "version": str(version.id)},
            )
        return version_info(version)

    async def _refuse_if_stale(self, session: AsyncSession, document: KnowledgeDocument) -> None:
        based_on = document.based_on_version
        if based_on is None:
            return
        latest = await latest_version(session)
        if latest is None or latest.id <= based_on:
            return
        original = await session.scalar(select(KbVersion.checksum).where(KbVersion.id == based_on))
        if original == latest.checksum:
            return  # the newer versions changed nothing of substance (e.g. a rollback)
        raise StaleDocument(based_on, latest.id)

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
        """One writer at a time, taken before anything is read: PostgreSQL locks the version
        table for the transaction; SQLite takes its write lock at once (BEGIN IMMEDIATE)
        rather than at the first write, after the change list was already computed."""
        if self._dialect == "postgresql":
            await session.execute(text("LOCK TABLE kb_version IN EXCLUSIVE MODE"))
        elif self._dialect == "sqlite":
            await session.execute(text("BEGIN IMMEDIATE"))
