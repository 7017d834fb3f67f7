"""Everything search needs from one knowledge-base version, read from the store in one go."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.entries import Entry
from knowledge.records import VersionInfo


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: VersionInfo | None
    entries: list[Entry]
    postings: list[tuple[str, str, str, int]]
    """(entry_id, field, term, count) rows of the stored inverted index."""
    synonyms: list[list[str]]
    title_keys: dict[str, str]
    sequences: dict[str, str]
    meta: dict[str, str] = field(default_factory=dict)
    """The store's small facts (what the index was derived with), read in the same go."""
