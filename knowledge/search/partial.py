"""What someone typing an entry id has so far: "6", "6.", "6.2", "6.2 б".

Inline mode answers while the user types, so a prefix of a level (and maybe the first
letters of a title) lists the entries it can only mean, before a search could.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.entries import Entry, Kind

_PARTIAL = re.compile(r"^\s*([1-9])(?:\s*[.,]\s*([1-9])?)?(?:\s+(\S.*))?\s*$")


@dataclass(frozen=True, slots=True)
class PartialId:
    major: str
    minor: str | None
    title_start: str
    """The first letters of a title after the level ("б" in "6.2 б"), folded."""

    @classmethod
    def read(cls, text: str) -> PartialId | None:
        found = _PARTIAL.match(text)
        if found is None:
            return None
        major, minor, rest = found.groups()
        if rest is not None and minor is None:
            return None  # "6 күйік" is a question, not an id being typed
        return cls(major, minor, (rest or "").casefold())

    def select(self, entries: Sequence[Entry]) -> list[Entry]:
        """The cards of the level group, or one level's entries (whose titles start so)."""
        if self.minor is None:
            return [e for e in entries if e.kind is Kind.CARD and e.level and
                    e.level.startswith(f"{self.major}.")]  # fmt: skip
        level = f"{self.major}.{self.minor}"
        chosen = [e for e in entries if e.level == level]
        if not self.title_start:
            return chosen
        starting = [e for e in chosen if e.title.casefold().startswith(self.title_start)]
        return starting or [e for e in chosen if _a_word_starts(e.title, self.title_start)]


def _a_word_starts(title: str, start: str) -> bool:
    return any(word.startswith(start) for word in title.casefold().split())
