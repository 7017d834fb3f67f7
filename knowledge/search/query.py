"""From a typed question to what search looks for: concept groups with their synonyms.

A group is one concept of the question: the words as typed ("ожог"), or any phrase of a
synonym group that the words match ("күйік"). A group counts once, through its best
alternative, so synonyms widen recall without double-counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken, Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.search.intent import Intent, IntentReader


@dataclass(frozen=True, slots=True)
class Slot:
    """One word to find: its analysed terms, primary first."""

    surface: str
    terms: tuple[str, ...]
    keys: frozenset[str] = frozenset()
    """The terms in Russian-keyboard spelling, for matching synonym phrases."""
    verbal: bool = False

    @classmethod
    def of(cls, token: AnalyzedToken) -> Slot:
        keys = frozenset(fold_russian_keyboard(t) for t in token.terms)
        return cls(token.surface, token.terms, keys, token.verbal)


Phrase = tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class QueryGroup:
    surface: str
    alternatives: tuple[Phrase, ...]
    """The words as typed first, then synonyms."""
    cue: bool = False
    """All its words are intent cues ("міндеттері"): they steer, they weigh less."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str
    groups: tuple[QueryGroup, ...]
    intent: Intent
    tokens: tuple[AnalyzedToken, ...]

    @property
    def content_groups(self) -> tuple[QueryGroup, ...]:
        return tuple(g for g in self.groups if not g.cue)


class SynonymMatcher:
    """Finds synonym phrases in a question (longest first) and offers their siblings."""

    def __init__(self, groups: Sequence[Sequence[str]], analyzer: Analyzer) -> None:
        self._phrases: dict[str, list[tuple[Phrase, int]]] = {}
        self._groups: list[list[Phrase]] = []
        for group_id, phrases in enumerate(groups):
            analysed: list[Phrase] = []
            for phrase in phrases:
                slots = _content_slots(analyzer.analyze(phrase))
                if not slots or slots in analysed:
                    continue
                analysed.append(slots)
                for key in slots[0].keys:
                    self._phrases.setdefault(key, []).append((slots, group_id))
            self._groups.append(analysed)
        for candidates in self._phrases.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def match(self, slots: Sequence[Slot], start: int) -> tuple[int, list[Phrase]] | None:
        """(length, sibling phrases) of the longest phrase starting at `start`."""
        for key in slots[start].keys:
            for phrase, group_id in self._phrases.get(key, ()):
                end = start + len(phrase)
                if end > len(slots):
                    continue
                if all(p.keys & q.keys for p, q in zip(phrase, slots[start:end], strict=True)):
                    siblings = [p for p in self._groups[group_id] if p != phrase]
                    return len(phrase), siblings
        return None


def _content_slots(tokens: Sequence[AnalyzedToken]) -> Phrase:
    return tuple(
        Slot.of(t) for t in tokens if t.terms and not t.stop and t.type is not TokenType.LEVEL
    )


class QueryParser:
    def __init__(self, analyzer: Analyzer, synonyms: SynonymMatcher, intents: IntentReader) -> None:
        self.analyzer = analyzer
        self.synonyms = synonyms
        self.intents = intents

    def parse(self, text: str) -> ParsedQuery:
        tokens = tuple(self.analyzer.analyze(text))
        intent = self.intents.read(tokens)
        content = [
            (i, Slot.of(t))
            for i, t in enumerate(tokens)
            if t.terms and not t.stop and t.type is not TokenType.LEVEL
        ]
        slots = [slot for _, slot in content]
        groups: list[QueryGroup] = []
        position = 0
        while position < len(slots):
            found = self.synonyms.match(slots, position)
            length = found[0] if found else 1
            span = tuple(slots[position : position + length])
            cue = all(content[position + k][0] in intent.cue_positions for k in range(length))
            alternatives = (span, *(found[1] if found else ()))
            groups.append(QueryGroup(" ".join(s.surface for s in span), alternatives, cue))
            position += length
        return ParsedQuery(text, tuple(groups), intent, tokens)
