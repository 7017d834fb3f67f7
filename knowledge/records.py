"""What the store hands out: versions and their changes, and what users did.

Plain frozen values, so callers (the library, the CLI, the bot) never hold a database row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Changes:
    """What a document changes against the active version, by entry id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    synonyms_before: int = 0
    synonyms_after: int = 0
    synonyms_changed: bool = False
    aliases_before: int = 0
    aliases_after: int = 0
    aliases_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.synonyms_changed
            or self.aliases_changed
        )

    def summary(self) -> str:
        parts = [
            f"+{len(self.added)} added",
            f"-{len(self.removed)} removed",
            f"~{len(self.changed)} changed",
        ]
        if self.synonyms_changed:
            parts.append(f"synonym groups {self.synonyms_before} -> {self.synonyms_after}")
        if self.aliases_changed:
            parts.append(f"aliases {self.aliases_before} -> {self.aliases_after}")
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "synonyms_before": self.synonyms_before,
            "synonyms_after": self.synonyms_after,
            "synonyms_changed": self.synonyms_changed,
            "aliases_before": self.aliases_before,
            "aliases_after": self.aliases_after,
            "aliases_changed": self.aliases_changed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Changes:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    created_at: datetime
    author: str
    action: str
    note: str
    source_name: str
    checksum: str
    changes: Changes


@dataclass(frozen=True, slots=True)
class MissRecord:
    query: str
    user_key: str = ""


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """A question as the log keeps it (the text is masked and normalised when stored)."""

    query: str
    chat_type: str
    top_entry: str | None
    score: float
    answered: bool
    user_key: str = ""


@dataclass(frozen=True, slots=True)
class DayStats:
    day: date
    asked: int
    answered: int


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    entry_id: str
    value: int
    query: str = ""
    user_key: str = ""


@dataclass(frozen=True, slots=True)
class MissSummary:
    query: str
    count: int
    last_seen: datetime
    example_id: int = 0
    """The newest row of this question: what a triage button names (callback data is short)."""
