"""The check an admin runs after an import: does every entry's title, and every phrasing
attached to an entry, still find that entry first?

A title shared by several levels is asked with its level («6.2 Біліктілік талаптары»); an
answer with exactly the same title (a task named like its labour function) cannot be told
apart by the title alone and counts as found."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.assistant import Assistant


@dataclass(frozen=True, slots=True)
class Miss:
    question: str
    expected: str
    found: str | None


@dataclass(frozen=True, slots=True)
class SelfTest:
    checked: int
    misses: list[Miss] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.misses


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def run_selftest(assistant: Assistant, aliases: Sequence[tuple[str, str]] = ()) -> SelfTest:
    """Ask every title and every (entry id, phrasing) of `aliases`; list what misses."""
    entries = assistant.entries()
    by_id = {e.id: e for e in entries}
    shared = Counter(" ".join(e.title.casefold().split()) for e in entries)
    questions: list[tuple[str, str]] = []
    for entry in entries:
        title = entry.title
        alone = shared[" ".join(title.casefold().split())] == 1 or entry.level is None
        questions.append((title if alone else f"{entry.level} {title}", entry.id))
    questions.extend((phrase, entry_id) for entry_id, phrase in aliases if entry_id in by_id)
    misses = []
    for question, expected in questions:
        best = assistant.ask(question).best
        found = best.entry.id if best else None
        if found == expected:
            continue
        if found is not None and _same(by_id[found].title, by_id[expected].title):
            continue
        misses.append(Miss(question, expected, found))
    return SelfTest(len(questions), misses)
