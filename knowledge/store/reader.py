"""Reading the active version in the shape search loads: one snapshot, in one go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.entries import Entry
from knowledge.snapshot import Snapshot
from knowledge.store.models import EntryRow, MetaRow
from knowledge.store.queries import (
    by_position,
    entry_from_row,
    latest_version,
    synonym_groups,
    version_info,
)


class SnapshotReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def snapshot(self) -> Snapshot:
        async with self._sessions() as session:
            version = await latest_version(session)
            entry_rows = (await session.scalars(select(EntryRow))).all()
            # 10,000s of rows: read through the driver, without ORM row processing
            connection = await session.connection()
            postings: Sequence[Any] = (
                await connection.exec_driver_sql(
                    "SELECT entry_id, field, term, count FROM index_term"
                )
            ).all()
            synonyms = await synonym_groups(session)
            meta = {row.key: row.value for row in await session.scalars(select(MetaRow))}
        entries = sorted((entry_from_row(r) for r in entry_rows), key=by_position)
        return Snapshot(
            version_info(version) if version else None,
            entries,
            [(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in postings],
            synonyms,
            {r.id: r.title_key for r in entry_rows},
            {r.id: r.sequence for r in entry_rows},
            meta,
        )

    async def entry(self, entry_id: str) -> Entry | None:
        async with self._sessions() as session:
            row = await session.get(EntryRow, entry_id)
            return entry_from_row(row) if row else None

    async def entries(self) -> list[Entry]:
        async with self._sessions() as session:
            rows = (await session.scalars(select(EntryRow))).all()
        return sorted((entry_from_row(r) for r in rows), key=by_position)
