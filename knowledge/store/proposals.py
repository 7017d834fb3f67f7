"""Changes an admin sees before they happen: a proposal keeps the document it would make
active and the version it was computed against, in the database (so a confirmation works
from any worker and after a restart). Confirming applies it once, in one transaction, and
only while that version is still the active one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import undefer

from knowledge.derive import build_entries
from knowledge.records import Changes, VersionInfo
from knowledge.store.diff import changes_against_active
from knowledge.store.models import ProposalRow
from knowledge.store.queries import latest_version, utc
from knowledge.store.versions import VersionHistory, synonym_phrases
from knowledge.text_rules import AUTHOR_MAX_LENGTH, label

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument


class ProposalGone(LookupError):
    """Already applied, cancelled, or replaced by a newer version before confirmation."""


class StaleProposal(Exception):
    """Another version went live after the preview was shown: nothing was applied."""

    def __init__(self, base: int, active: int) -> None:
        self.base = base
        self.active = active
        super().__init__(
            f"the preview was made against version {base}, but version {active} is active "
            "now; nothing was applied"
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    created_at: datetime
    author: str
    action: str
    base_version: int
    changes: Changes


def _proposal(row: ProposalRow) -> Proposal:
    changes = Changes.from_json(row.changes or {})
    return Proposal(row.id, utc(row.created_at), row.author, row.action, row.base_version,
                    changes)  # fmt: skip


class Proposals:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], history: VersionHistory) -> None:
        self._sessions = sessions
        self._history = history

    async def propose(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
    ) -> Proposal:
        """Compute what `document` would change and keep it for confirmation."""
        from knowledge.loader import document_to_data

        content = document.content()
        entries = build_entries(content)
        async with self._sessions.begin() as session:
            latest = await latest_version(session)
            changes = await changes_against_active(session, entries, synonym_phrases(content))
            row = ProposalRow(
                created_at=datetime.now(UTC),
                author=label(author, AUTHOR_MAX_LENGTH),
                action=action,
                note=label(note, 2000),
                source_name=label(source_name, 500),
                base_version=latest.id if latest else 0,
                changes=changes.as_json(),
                document=document_to_data(content),
            )
            session.add(row)
            await session.flush()
            return _proposal(row)

    async def confirm(self, proposal_id: int) -> VersionInfo:
        """Apply the proposal as a new version, once; `ProposalGone` if it was applied or
        cancelled, `StaleProposal` (and it is dropped) if another version went live."""
        from knowledge.loader import validate_data

        async with self._sessions.begin() as session:
            await self._history.lock(session)
            row = await session.scalar(
                select(ProposalRow)
                .where(ProposalRow.id == proposal_id)
                .options(undefer(ProposalRow.document))
            )
            if row is None:
                raise ProposalGone(f"proposal {proposal_id} was applied or cancelled")
            latest = await latest_version(session)
            active = latest.id if latest else 0
            if active != row.base_version:
                stale: StaleProposal | None = StaleProposal(row.base_version, active)
                await session.delete(row)
            else:
                stale = None
                document = validate_data(row.document, f"proposal {proposal_id}")
                info = await self._history.write(
                    session,
                    document,
                    build_entries(document),
                    author=row.author,
                    action=row.action,
                    note=row.note,
                    source_name=row.source_name,
                )
                await session.delete(row)
        if stale is not None:
            raise stale
        return info

    async def discard(self, proposal_id: int) -> bool:
        """Cancel a proposal; False when there was none left to cancel."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(ProposalRow).where(ProposalRow.id == proposal_id))
        return bool(getattr(result, "rowcount", 0))

    async def pending(self, proposal_id: int) -> Proposal | None:
        async with self._sessions() as session:
            row = await session.get(ProposalRow, proposal_id)
            return _proposal(row) if row else None

    async def purge(self, before: datetime) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(ProposalRow).where(ProposalRow.created_at < before)
            )
        return int(getattr(result, "rowcount", 0) or 0)
