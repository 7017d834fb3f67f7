"""The analyser: text in, index terms out, the same way for the index and for a question.

A word's terms are its primary term (folded, inflection stripped) first, then a secondary
term (one derivational suffix off) when there is one. Word analysis is cached per analyser:
the vocabulary of questions and of the standard is small, the same words come back.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from Stemmer import Stemmer as SnowballStemmer

from knowledge.analysis.lexicon import Lexicon
from knowledge.analysis.normalize import (
    clean,
    fold_russian_keyboard,
    has_cyrillic,
    has_latin,
    normalize_code,
    repair_mixed_script,
)
from knowledge.analysis.stem import DERIVATIONS, INFLECTIONS, KAZAKH_LETTERS, Stemmer
from knowledge.analysis.stopwords import build_auxiliaries, build_stop_words
from knowledge.analysis.tokenize import Token, TokenType, tokenize
from knowledge.analysis.translit import LATIN_TABLES, latin_to_cyrillic

ANALYZER_VERSION = "12"
"""Bump when the analysis code changes; table edits change `Analyzer.version` by themselves.
Stored index terms are rebuilt whenever the version differs."""

MIN_INDEXED_NUMBER_DIGITS = 2
WordAnalysis = tuple[str, tuple[str, ...], bool, bool]
"""(folded, terms, stop word?, verb form?) of one lower-case word."""
CONVERB_ENDINGS = ("ып", "ип", "п", "а", "е", "й")
"""Folded endings of converbs, after which an auxiliary verb loses its own meaning."""
DETACHED_ENDINGS = frozenset(
    fold_russian_keyboard(ending)
    for ending in (
        "да", "де", "та", "те", "дағы", "дегі", "тағы", "тегі", "нда", "нде",
        "ға", "ге", "қа", "ке", "на", "не", "ның", "нің", "дың", "дің", "тың", "тің",
        "дан", "ден", "тан", "тен", "нан", "нен", "ды", "ді", "ты", "ті", "ны", "ні",
        "шы", "ші", "сы", "сі",
    )
)  # fmt: skip
"""Case endings typed apart from the level they belong to ("6.3 тегі", "4.2 де"):
grammar of the level, not words of the question."""
ROLE_NOUNS = tuple(
    fold_russian_keyboard(noun) for noun in ("маман", "жұмыскер", "қызметкер", "специалист")
)
"""The role right after a level only names it: «6.1 маманның құзыреттері» asks what «6.1
деңгейдің құзыреттері» asks (after a bare number, «4 жұмыскер» is four workers)."""


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One token of a text: what was typed, its folded spelling and its terms."""

    surface: str
    folded: str
    type: TokenType
    terms: tuple[str, ...]
    stop: bool
    upper: bool = False
    """Typed in capitals: an abbreviation (БА, СБШ)."""
    verbal: bool = False
    """A verb form: a general verb of the question more often than its subject."""

    @property
    def primary(self) -> str | None:
        return self.terms[0] if self.terms else None


class Analyzer:
    """Kazakh-aware text analysis, configured once and shared by index and queries."""

    def __init__(
        self,
        *,
        stop_words: frozenset[str] | None = None,
        stemming: bool = True,
        lexicon: Lexicon | None = None,
        cache_size: int = 65536,
    ) -> None:
        """`lexicon`: known lemmas, the packaged lists unless one is given
        (`Lexicon.empty()` keeps the suffix tables' stems)."""
        self.stop_words = build_stop_words() if stop_words is None else stop_words
        self.auxiliaries = build_auxiliaries()
        self.stemming = stemming
        self.lexicon = Lexicon.packaged() if lexicon is None else lexicon
        self._stemmer = Stemmer.default(self.lexicon)
        # Russian words in Kazakh questions ("требования", "ожоги"): Snowball's Russian
        # stemmer gives them a stem that meets the Russian phrases of the synonym list.
        self._russian = SnowballStemmer("russian")
        self._remembered: dict[str, WordAnalysis] = {}
        self._word = lru_cache(maxsize=cache_size)(self._remembered_or_analyzed)
        self.version = self._fingerprint()

    def _remembered_or_analyzed(self, word: str) -> WordAnalysis:
        found = self._remembered.get(word)
        return found if found is not None else self._analyze_word(word)

    def analyses_of(self, texts: Iterable[str]) -> dict[str, WordAnalysis]:
        """How this analyser reads each word of `texts`, to be handed to `remember` by a
        later process with the same `version` (a copy of the index keeps them)."""
        return {
            token.text: self._word(token.text)
            for text in texts
            for token in tokenize(clean(text))
            if token.type is TokenType.WORD
        }

    def remember(self, analyses: Mapping[str, WordAnalysis]) -> None:
        """Take words' analyses worked out before, by an analyser of the same version: a
        quick start skips analysing the synonym list again."""
        self._remembered.update(analyses)

    def _fingerprint(self) -> str:
        """ANALYZER_VERSION plus a hash of every table the analysis uses, the lexicon too."""
        suffixes = [
            (
                s.text,
                "".join(sorted(s.after)),
                s.slot,
                s.min_stem,
                s.inner,
                s.final,
                s.eager_only,
                s.after_verbal,
            )
            for s in (*INFLECTIONS, *DERIVATIONS)
        ]
        tables = repr(
            (
                sorted(self.stop_words),
                sorted(self.auxiliaries),
                sorted(DETACHED_ENDINGS),
                ROLE_NOUNS,
                self.stemming,
                suffixes,
                LATIN_TABLES,
                self.lexicon.digest,
            )
        )
        return f"{ANALYZER_VERSION}-{hashlib.sha256(tables.encode()).hexdigest()[:12]}"

    @staticmethod
    def to_cyrillic(word: str) -> str:
        """Script repair and transliteration of one canonical word (Kazakh letters kept)."""
        word = repair_mixed_script(word)
        if has_latin(word) and not has_cyrillic(word):
            word = latin_to_cyrillic(word)
        return word

    def _analyze_word(self, word: str) -> WordAnalysis:
        """(folded, terms, stop word?, verb form?) of one lower-case word."""
        cyrillic = self.to_cyrillic(word)
        folded = fold_russian_keyboard(cyrillic)
        stop = folded in self.stop_words
        if not self.stemming:
            return folded, tuple(dict.fromkeys((cyrillic, folded))), stop, False
        terms = self._stemmer.stem(cyrillic)
        if has_cyrillic(cyrillic) and not any(c in KAZAKH_LETTERS for c in cyrillic):
            # a Russian word may carry Kazakh endings ("обязанностьтары"): its Kazakh stem
            # is stemmed the Russian way too
            for source in dict.fromkeys((cyrillic, terms[0])):
                russian = self._russian.stemWord(source)
                if len(russian) >= 3 and russian not in terms:
                    terms = (*terms, russian)
        return folded, terms, stop, self._stemmer.is_verb_form(cyrillic)

    def analyze_token(self, token: Token) -> AnalyzedToken:
        if token.type is TokenType.WORD:
            folded, terms, stop, verbal = self._word(token.text)
            # A word in capitals is an abbreviation (БА, СБШ), never a particle (ба).
            return AnalyzedToken(
                token.text, folded, token.type, terms, stop and not token.upper, token.upper, verbal
            )
        if token.type is TokenType.CODE:
            code = normalize_code(token.text)
            return AnalyzedToken(token.text, code, token.type, (code,), False)
        if token.type is TokenType.NUMBER:
            indexed = len(token.text) >= MIN_INDEXED_NUMBER_DIGITS
            return AnalyzedToken(
                token.text, token.text, token.type, (token.text,) if indexed else (), not indexed
            )
        return AnalyzedToken(token.text, token.text, token.type, (), False)

    def analyze(self, text: str) -> list[AnalyzedToken]:
        tokens = [self.analyze_token(t) for t in tokenize(clean(text))]
        return self._mark_detached_endings(self._mark_auxiliaries(tokens))

    @staticmethod
    def _mark_detached_endings(tokens: list[AnalyzedToken]) -> list[AnalyzedToken]:
        for i in range(1, len(tokens)):
            token, before = tokens[i], tokens[i - 1]
            if token.type is not TokenType.WORD or token.stop:
                continue
            if (
                before.type in (TokenType.LEVEL, TokenType.NUMBER)
                and token.folded in DETACHED_ENDINGS
            ) or (before.type is TokenType.LEVEL and token.folded.startswith(ROLE_NOUNS)):
                tokens[i] = replace(token, stop=True)
        return tokens

    def _mark_auxiliaries(self, tokens: list[AnalyzedToken]) -> list[AnalyzedToken]:
        """An auxiliary verb right after a converb ("күйіп қалды") is grammar, not content."""
        for i in range(1, len(tokens)):
            token, before = tokens[i], tokens[i - 1]
            if token.stop or token.type is not TokenType.WORD or before.type is not TokenType.WORD:
                continue
            if before.folded.endswith(CONVERB_ENDINGS) and any(
                fold_russian_keyboard(t) in self.auxiliaries for t in token.terms
            ):
                tokens[i] = replace(token, stop=True)
        return tokens

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Terms of a single word as typed (what `komekshi analyze` shows)."""
        analyzed = self.analyze(word)
        terms: list[str] = []
        for token in analyzed:
            terms.extend(t for t in token.terms if t not in terms)
        return tuple(terms)

    def index_terms(self, text: str) -> Counter[str]:
        """Term frequencies of a text for the inverted index (stop words left out)."""
        counts: Counter[str] = Counter()
        for token in self.analyze(text):
            if token.stop:
                continue
            counts.update(token.terms)
        return counts

    def key(self, text: str) -> str:
        """A normalised key of a whole text (titles): primary terms joined by spaces."""
        return " ".join(
            t.primary for t in self.analyze(text) if t.primary is not None and not t.stop
        )
