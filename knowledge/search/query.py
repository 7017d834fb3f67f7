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
from knowledge.discourse.reader import Reading, Role
from knowledge.search.intent import Intent, IntentReader, Want

LEVEL_LISTS = frozenset({Want.REQUIREMENTS, Want.EDUCATION, Want.COMPETENCIES, Want.CONDITIONS})
"""Kinds the standard lists once per level: asked for at a named level, they are the whole
question («4.2 деңгейге ... Ол жұмысқа қандай білім мен сертификат талап етіледі?»)."""


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
    focus: float = 1.0
    """How much it counts towards what is asked: 1 for a word of the question, less for an
    everyday word, 0 for a word of the story around it (knowledge.discourse)."""
    context: bool = False
    """A word of the story: it helps to rank, but an answer need not match it."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str
    groups: tuple[QueryGroup, ...]
    intent: Intent
    tokens: tuple[AnalyzedToken, ...]
    asks_level: bool = False
    """A level ("6.1") stands in what is asked, not only in the story."""
    named: tuple[Slot, ...] = ()
    """The words right before «деген не» («біліктілік деңгейі деген не»): the term the
    question names, which a definition's title may equal."""

    @property
    def content_groups(self) -> tuple[QueryGroup, ...]:
        return tuple(g for g in self.groups if not g.cue)

    @property
    def asked_groups(self) -> tuple[QueryGroup, ...]:
        """The content words of what is asked: not cues, not the story around it."""
        return tuple(g for g in self.content_groups if g.focus > 0 and not g.context)

    @property
    def asks_level_list(self) -> bool:
        """Does what is asked name a per-level list, with the level known from the message?"""
        return bool(self.intent.levels and self.intent.asked & LEVEL_LISTS)


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
        self._first_keys = frozenset(self._phrases)

    def match(self, slots: Sequence[Slot], start: int) -> tuple[int, list[Phrase]] | None:
        """(length, sibling phrases) of the longest phrase starting at `start`; among
        phrases as long, the one met through the word's first term (a stable choice: the
        same question gets the same reading in every process)."""
        first = slots[start]
        if first.keys.isdisjoint(self._first_keys):
            return None  # most words begin no phrase: their keys are the terms folded
        found: tuple[Phrase, int] | None = None
        for key in dict.fromkeys(fold_russian_keyboard(t) for t in first.terms):
            for phrase, group_id in self._phrases.get(key, ()):
                end = start + len(phrase)
                if end > len(slots) or (found is not None and len(phrase) <= len(found[0])):
                    continue
                if all(p.keys & q.keys for p, q in zip(phrase, slots[start:end], strict=True)):
                    found = phrase, group_id
        if found is None:
            return None
        phrase, group_id = found
        return len(phrase), [p for p in self._groups[group_id] if p != phrase]


NAMING_WORDS = frozenset({"деген", "дегеніміз", "дегенді", "деп"})
"""«X деген не», «X дегеніміз не», «X дегенді қалай түсінеміз»: X is what is named."""
_FOLDED_NAMING = frozenset(fold_russian_keyboard(w) for w in NAMING_WORDS)


def _named_before_naming_word(
    words: Sequence[tuple[AnalyzedToken, float, bool, bool, int]],
) -> tuple[Slot, ...]:
    """The content words right before the first naming word of an asked clause, in one
    clause and with no other word between them: the naming word's own clause, or the one
    before when it opens its clause («"еңбек функциясы" деген»: the quotation marks split)."""
    for at, (token, *_) in enumerate(words):
        if token.folded not in _FOLDED_NAMING or at == 0:
            continue
        clause = words[at - 1][4]
        start = at
        while (
            start > 0
            and words[start - 1][4] == clause
            and words[start - 1][1] > 0  # asked, not the story's
            and words[start - 1][0].terms
            and not words[start - 1][0].stop
            and words[start - 1][0].type is TokenType.WORD
        ):
            start -= 1
        if start < at:
            return tuple(Slot.of(token) for token, *_ in words[start:at])
    return ()


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
        """A text read as one question (every word asked)."""
        tokens = self.analyzer.analyze(text)
        return self.parse_words(text, [(t, 1.0, False, True, 0) for t in tokens])

    def parse_reading(self, reading: Reading) -> ParsedQuery:
        """A message as the discourse reader saw it: discourse left out, the story kept as
        context, everyday words weighed less."""
        words = [
            (w.token, w.weight if w.role is Role.ASK else 0.0, w.role is Role.CONTEXT,
             w.role is not Role.DISCOURSE, number)
            for number, clause in enumerate(reading.clauses)
            if clause.role is not Role.DISCOURSE
            for w in clause.words
        ]  # fmt: skip
        return self.parse_words(reading.text, words)

    def parse_words(
        self, text: str, words: Sequence[tuple[AnalyzedToken, float, bool, bool, int]]
    ) -> ParsedQuery:
        """(token, focus, context?, searched?, clause number) a word: the intent reads every
        word of the clauses that are not discourse ("деген не"); search looks for the
        searched ones; a synonym phrase stays within its clause."""
        tokens = tuple(token for token, *_ in words)
        intent = self.intents.read(tokens, [context for _, _, context, _, _ in words])
        content = [
            (i, Slot.of(token), focus, context)
            for i, (token, focus, context, searched, _) in enumerate(words)
            if searched and token.terms and not token.stop and token.type is not TokenType.LEVEL
        ]
        slots = [slot for _, slot, _, _ in content]
        clauses = [words[i][4] for i, _, _, _ in content]
        groups: list[QueryGroup] = []
        position = 0
        while position < len(slots):
            end = position + 1
            while end < len(slots) and clauses[end] == clauses[position]:
                end += 1
            found = self.synonyms.match(slots[:end], position)
            length = found[0] if found else 1
            span = tuple(slots[position : position + length])
            cue = all(content[position + k][0] in intent.cue_positions for k in range(length))
            alternatives = (span, *(found[1] if found else ()))
            parts = content[position : position + length]
            focus = sum(part[2] for part in parts) / length
            context = all(part[3] for part in parts)
            surface = " ".join(s.surface for s in span)
            groups.append(QueryGroup(surface, alternatives, cue, focus, context))
            position += length
        asks_level = any(
            token.type is TokenType.LEVEL and not context for token, _, context, _, _ in words
        )
        named = _named_before_naming_word(words)
        return ParsedQuery(text, tuple(groups), intent, tokens, asks_level, named)
