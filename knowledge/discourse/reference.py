"""What a demonstrative in the question points at in the story before it.

«Тұрғындар арнаулы әлеуметтік қызметтер туралы білмейді. Халыққа осындай қызметтер туралы
ақпарат беру менің жұмысыма кіре ме?» asks about the special social services the story
named; «Әр жерде «еңбек функциясы» деген сөз бар. Бұл не?» asks what the named term
means. The words pointed at become words of the question; the rest of the story stays
the story.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.discourse import lexicon
from knowledge.discourse.reading import Clause, Role, Word


class References:
    """Resolves demonstratives against the clauses before them; `key` folds a token as
    the reader does (its primary term, Russian-keyboard spelling)."""

    def __init__(self, key: Callable[[AnalyzedToken], str]) -> None:
        self._key = key
        self._demonstratives = frozenset(fold_russian_keyboard(w) for w in lexicon.DEMONSTRATIVES)
        self._name_nouns = frozenset(fold_russian_keyboard(w) for w in lexicon.NAME_NOUNS)
        self._naming = frozenset(fold_russian_keyboard(w) for w in lexicon.NAMING_FORMS)

    def resolve(self, clauses: list[Clause]) -> list[Clause]:
        """What a demonstrative of an asking clause points at: the story's mention of the
        noun after it («осындай қызметтер»), else what the story named with «деген»
        («бұл не?», «бұл ұғым»). (Not the whole sentence before «Бұл менің жұмысым ба?»:
        made the question, it ranked a third of the development sets worse.)"""
        out = list(clauses)
        for at, clause in enumerate(clauses):
            if clause.role is not Role.ASK:
                continue
            words = clause.words
            for k, word in enumerate(words):
                if word.token.folded not in self._demonstratives:
                    continue
                following = words[k + 1] if k + 1 < len(words) else None
                if following is not None and following.content and not self._names(following):
                    mention = self._latest_mention(out[:at], self._key(following.token))
                    if mention is not None:
                        out[mention[0]] = _with_modifiers_asked(out[mention[0]], mention[1])
                        continue
                named = self._latest_named(out[:at])
                if named is not None:
                    out[named[0]] = _with_asked(out[named[0]], named[1])
        return out

    def points(self, tokens: Sequence[AnalyzedToken]) -> bool:
        """Does the clause hold a demonstrative («бұл не?»)?"""
        return any(t.folded in self._demonstratives for t in tokens)

    def _names(self, word: Word) -> bool:
        """«ұғым», «сөзі»: a noun that stands for a name, not a thing of the story."""
        return self._key(word.token) in self._name_nouns or word.token.folded in self._name_nouns

    def _latest_mention(self, clauses: Sequence[Clause], key: str) -> tuple[int, int] | None:
        """(clause, word) of the story's latest word keyed `key`."""
        for number in range(len(clauses) - 1, -1, -1):
            if clauses[number].role is not Role.CONTEXT:
                continue
            words = clauses[number].words
            for k in range(len(words) - 1, -1, -1):
                if words[k].content and self._key(words[k].token) == key:
                    return number, k
        return None

    def _latest_named(self, clauses: Sequence[Clause]) -> tuple[int, range] | None:
        """(clause, words) of what the story named last with «деген»: the content words
        right before it, or, when «деген» opens its clause («"еңбек функциясы" деген»: the
        quotation marks split), the end of the clause before."""
        for number in range(len(clauses) - 1, -1, -1):
            if clauses[number].role is not Role.CONTEXT:
                continue
            words = clauses[number].words
            for k in range(len(words) - 1, -1, -1):
                if words[k].token.folded not in self._naming:
                    continue
                if k > 0:
                    span = _content_before(words, k)
                    return (number, span) if span else None
                if number > 0 and clauses[number - 1].role is Role.CONTEXT:
                    before = clauses[number - 1].words
                    span = _content_before(before, len(before))
                    return (number - 1, span) if span else None
                return None
        return None


def _content_before(words: Sequence[Word], end: int) -> range:
    """The content words right before `end` (lexicon.NAMED_WORDS at most, no break)."""
    start = end
    while start > 0 and end - start < lexicon.NAMED_WORDS and words[start - 1].content:
        start -= 1
    return range(start, end)


def _with_asked(clause: Clause, positions: range) -> Clause:
    words = tuple(
        Word(w.token, Role.ASK, 1.0) if k in positions else w for k, w in enumerate(clause.words)
    )
    return Clause(clause.text, words, clause.role)


def _with_modifiers_asked(clause: Clause, mention: int) -> Clause:
    """The words right before the story's mention (lexicon.REFERENCE_MODIFIERS at most,
    content words without a break, not everyday ones: «атамыз жүрек жеткіліксіздігімен»
    names the illness by «жүрек», «атамыз» is who has it) become words of the question."""
    words = list(clause.words)
    k = mention - 1
    while (
        k >= 0
        and mention - k <= lexicon.REFERENCE_MODIFIERS
        and words[k].content
        and words[k].weight == 1.0
    ):
        words[k] = Word(words[k].token, Role.ASK, words[k].weight)
        k -= 1
    return Clause(clause.text, tuple(words), clause.role)
