"""Which lines of an answer the question is about: the few skill and knowledge items a
short answer shows first, so a phone screen holds what was asked, not item 1 of 7."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis.analyzer import Analyzer
from knowledge.entries import Entry


@dataclass(frozen=True, slots=True)
class Passage:
    """One numbered item or sub-item of a task: "2." or "2.3)" in its section."""

    section: str
    """"skills" or "knowledge"."""
    label: str
    text: str


def passages(entry: Entry) -> list[Passage]:
    """The task's items and sub-items in the standard's order (empty for other kinds)."""
    out: list[Passage] = []
    for section, items in (("skills", entry.skills), ("knowledge", entry.knowledge)):
        for number, item in enumerate(items, 1):
            out.append(Passage(section, f"{number}.", item.text))
            out.extend(
                Passage(section, f"{number}.{sub_number})", sub)
                for sub_number, sub in enumerate(item.items, 1)
            )
    return out


class Highlighter:
    """Scores an entry's passages by the question's terms; passage terms are analysed on
    first use and kept for the life of the assistant (one knowledge-base version)."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._terms: dict[str, list[frozenset[str]]] = {}

    def focus(self, entry: Entry, terms: frozenset[str], limit: int = 3) -> list[int]:
        """Indexes into `passages(entry)` that share the most terms with the question,
        best first; empty when nothing is shared."""
        if not terms:
            return []
        scored = sorted(
            ((len(found & terms), index) for index, found in enumerate(self._of(entry))),
            key=lambda pair: (-pair[0], pair[1]),
        )
        return [index for shared, index in scored[:limit] if shared > 0]

    def _of(self, entry: Entry) -> Sequence[frozenset[str]]:
        found = self._terms.get(entry.id)
        if found is None:
            found = [frozenset(self._analyzer.index_terms(p.text)) for p in passages(entry)]
            self._terms[entry.id] = found
        return found
