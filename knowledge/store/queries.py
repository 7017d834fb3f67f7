"""Reads that several parts of the store share, written once: the latest version, the
synonym groups, and turning rows into the values callers see."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.entries import Entry, Kind, entry_data
from knowledge.records import Changes, VersionInfo
from knowledge.store.models import Base, EntryRow, KbVersion, SynonymRow


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the store stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def latest_version_query() -> Any:
    return select(KbVersion).order_by(KbVersion.id.desc()).limit(1)


async def latest_version(session: AsyncSession) -> KbVersion | None:
    return cast(KbVersion | None, await session.scalar(latest_version_query()))


async def synonym_groups(session: AsyncSession) -> list[list[str]]:
    """The active synonym groups, each its phrases in order."""
    rows = await session.execute(
        select(SynonymRow.group_id, SynonymRow.phrase).order_by(
            SynonymRow.group_id, SynonymRow.position
        )
    )
    groups: dict[int, list[str]] = {}
    for group_id, phrase in rows:
        groups.setdefault(group_id, []).append(phrase)
    return list(groups.values())


def version_info(row: KbVersion) -> VersionInfo:
    return VersionInfo(
        row.id,
        utc(row.created_at),
        row.author,
        row.action,
        row.note,
        row.source_name,
        row.checksum,
        Changes.from_json(row.changes or {}),
    )


def entry_from_row(row: EntryRow) -> Entry:
    kind = Kind(row.kind)
    return Entry(
        row.id,
        kind,
        row.level,
        row.title,
        row.text,
        row.source,
        row.parent_id,
        row.position,
        entry_data(kind, row.data or {}),
    )


def by_position(entry: Entry) -> int:
    return entry.position


def table(model: type[Base]) -> Table:
    """The model's table, for Core inserts that skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)
