"""Writing the active version: entries, their analysed index terms and the synonyms.

Analysis happens here, once per entry, when a version is written; search then loads the
stored terms without analysing anything (fast start-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.analysis.analyzer import Analyzer
from knowledge.entries import Entry
from knowledge.schema import META_INDEX_VERSION, index_version
from knowledge.search.indexing import IndexedEntry, index_entry
from knowledge.store.models import EntryRow, IndexTermRow, MetaRow, SynonymRow
from knowledge.store.queries import table

MAX_TERM_CHARS = 128
"""The width of the term column; longer terms are cut (they still match by prefix)."""


class IndexWriter:
    """Replaces the active entries, terms and synonyms inside the caller's transaction."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    @property
    def index_version(self) -> str:
        """What stored entries and terms were derived with: entry layout and analyser."""
        return index_version(self.analyzer.version)

    async def replace_active(
        self,
        session: AsyncSession,
        version_id: int,
        entries: Sequence[Entry],
        synonyms: Sequence[Sequence[str]],
    ) -> None:
        """Core inserts: 10,000s of rows without the ORM's per-row bookkeeping."""
        await session.execute(delete(IndexTermRow))
        await session.execute(delete(EntryRow))
        await session.execute(delete(SynonymRow))
        indexed = [index_entry(self.analyzer, e) for e in entries]
        if entries:
            await session.execute(
                insert(table(EntryRow)),
                [_entry_row(e, i, version_id) for e, i in zip(entries, indexed, strict=True)],
            )
            term_rows = _term_rows(entries, indexed)
            if term_rows:
                await session.execute(insert(table(IndexTermRow)), term_rows)
        synonym_rows = [
            {"group_id": g, "position": p, "phrase": phrase}
            for g, group in enumerate(synonyms, 1)
            for p, phrase in enumerate(group)
        ]
        if synonym_rows:
            await session.execute(insert(table(SynonymRow)), synonym_rows)
        await set_meta(session, META_INDEX_VERSION, self.index_version)


def _term_rows(entries: Sequence[Entry], indexed: Sequence[IndexedEntry]) -> list[dict[str, Any]]:
    counts: dict[tuple[str, str, str], int] = {}
    for entry, index in zip(entries, indexed, strict=True):
        for field_name, term, count in index.terms:
            key = (entry.id, field_name, term[:MAX_TERM_CHARS])
            counts[key] = counts.get(key, 0) + count
    return [
        {"entry_id": entry_id, "field": field_name, "term": term, "count": count}
        for (entry_id, field_name, term), count in counts.items()
    ]


def _entry_row(entry: Entry, indexed: IndexedEntry, version_id: int) -> dict[str, Any]:
    row = entry.as_json()
    row["parent_id"] = row.pop("parent")  # the column's name
    return {
        **row,
        "title_key": indexed.key,
        "sequence": indexed.sequence,
        "version_id": version_id,
    }


async def set_meta(session: AsyncSession, key: str, value: str) -> None:
    row = await session.get(MetaRow, key)
    if row is None:
        session.add(MetaRow(key=key, value=value))
    else:
        row.value = value


async def get_meta(session: AsyncSession, key: str) -> str | None:
    row = await session.get(MetaRow, key)
    return row.value if row else None
