"""What a document would change against the active version: the diff, by entry id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.entries import Entry
from knowledge.records import Changes
from knowledge.store.models import EntryRow, KbVersion
from knowledge.store.queries import synonym_groups


def _comparable(entry: Entry) -> tuple[Any, ...]:
    return (str(entry.kind), entry.level, entry.title, entry.text, entry.source,
            entry.data.as_json())  # fmt: skip


async def changes_against_active(
    session: AsyncSession, new_entries: Sequence[Entry], new_synonyms: list[list[str]]
) -> Changes:
    """Entries added, removed and changed, and whether the synonym groups differ.

    Run it inside the transaction that writes, after taking the write lock, so the list
    describes exactly what the write replaces.
    """
    rows = await session.execute(
        select(
            EntryRow.id, EntryRow.kind, EntryRow.level, EntryRow.title, EntryRow.text,
            EntryRow.source, EntryRow.data,
        )
    )  # fmt: skip
    old = {r[0]: (r[1], r[2], r[3], r[4], r[5], r[6] or {}) for r in rows}
    new = {e.id: _comparable(e) for e in new_entries}
    old_synonyms = await synonym_groups(session)
    old_aliases = await _active_aliases(session)
    new_aliases = [(e.id, phrase) for e in new_entries for phrase in e.aliases]
    order = {e.id: i for i, e in enumerate(new_entries)}
    return Changes(
        added=[i for i in new if i not in old],
        removed=sorted(i for i in old if i not in new),
        changed=sorted((i for i in new if i in old and new[i] != old[i]), key=order.__getitem__),
        synonyms_before=len(old_synonyms),
        synonyms_after=len(new_synonyms),
        synonyms_changed=old_synonyms != new_synonyms,
        aliases_before=len(old_aliases),
        aliases_after=len(new_aliases),
        aliases_changed=sorted(old_aliases) != sorted(new_aliases),
    )


async def _active_aliases(session: AsyncSession) -> list[tuple[str, str]]:
    """The alternative phrasings of the active version, from its stored document."""
    document = await session.scalar(
        select(KbVersion.document).order_by(KbVersion.id.desc()).limit(1)
    )
    aliases = (document or {}).get("aliases", [])
    return [(str(a["entry"]), str(a["phrase"])) for a in aliases]
