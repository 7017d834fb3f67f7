"""What a proposed version changes, entry by entry, in words an admin can check: added and
removed entries by id and title, and for a changed one the fields that differ with a
short before → after around the first difference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.entries import Entry
from knowledge.records import Changes

EXCERPT = 60
"""Characters of a before/after excerpt, around where the texts start to differ."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EntryChange:
    sign: str
    """"+" added, "-" removed, "~" changed."""
    id: str
    title: str
    fields: tuple[FieldChange, ...] = ()


def excerpts(before: str, after: str, width: int = EXCERPT) -> tuple[str, str]:
    """The two texts shortened to the part around their first difference."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[len(before) - 1 - end] == after[len(after) - 1 - end]
    ):
        end += 1
    context = max(10, (width - max(len(before), len(after)) + start + end) // 2)
    begin = max(0, start - context)

    def part(text: str) -> str:
        stop = min(len(text), max(len(text) - end + context, begin + width))
        piece = text[begin:stop]
        return ("…" if begin else "") + piece + ("…" if stop < len(text) else "")

    return part(before), part(after)


def _fields(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    out = []
    for name, a, b in (
        ("title", old.title, new.title),
        ("text", old.text, new.text),
        ("source", old.source, new.source),
    ):
        if a != b:
            out.append(FieldChange(name, *excerpts(a, b)))
    if not out and old.data != new.data:
        out.append(FieldChange("data", "…", "…"))
    return tuple(out)


def describe(
    changes: Changes, old: Callable[[str], Entry | None], new_entries: Sequence[Entry]
) -> list[EntryChange]:
    """Each added, removed and changed entry of `changes`, in that order."""
    new = {e.id: e for e in new_entries}
    out: list[EntryChange] = []
    for entry_id in changes.added:
        entry = new.get(entry_id)
        out.append(EntryChange("+", entry_id, entry.title if entry else ""))
    for entry_id in changes.removed:
        entry = old(entry_id)
        out.append(EntryChange("-", entry_id, entry.title if entry else ""))
    for entry_id in changes.changed:
        before, after = old(entry_id), new.get(entry_id)
        fields = _fields(before, after) if before and after else ()
        out.append(EntryChange("~", entry_id, after.title if after else entry_id, fields))
    return out
