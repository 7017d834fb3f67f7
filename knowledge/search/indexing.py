"""What the index stores about an entry, computed once when a version is applied.

One analysis of the title (with the admins' alternative phrasings, which count as title
words) and one of the text give all three: the (field, term, count)
rows of the inverted index, the title as a key (for the "question is the title" rerank),
and the entry's words in order (for proximity). Loading an index then needs no analysis.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken, Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.entries import Entry

TITLE, TEXT = "title", "text"
CODE_WORD = "код"
"""What a code in an entry (01140100, 4S09120101, 3412-0) is: people ask for «коды»,
«кодтары» of specialties and qualifications, and the standard prints the codes bare."""


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    terms: list[tuple[str, str, int]]
    """(field, term, count) rows."""
    key: str
    """The title's content words as folded primary terms."""
    sequence: str
    """Title and text content words in order, folded primary terms, space-separated."""


def _content(tokens: list[AnalyzedToken]) -> list[AnalyzedToken]:
    return [t for t in tokens if t.terms and not t.stop]


def index_entry(analyzer: Analyzer, entry: Entry) -> IndexedEntry:
    title = _content(analyzer.analyze(entry.title))
    text = _content(analyzer.analyze(entry.text))
    aliases = [t for phrase in entry.aliases for t in _content(analyzer.analyze(phrase))]
    rows: list[tuple[str, str, int]] = []
    for field_name, tokens in ((TITLE, title + aliases), (TEXT, text)):
        counts: Counter[str] = Counter()
        for token in tokens:
            counts.update(token.terms)
        if any(token.type is TokenType.CODE for token in tokens):
            counts.update(dict.fromkeys(analyzer.word_terms(CODE_WORD), 1))
        rows.extend((field_name, term, count) for term, count in counts.items())
    title_primaries = [fold_russian_keyboard(t.terms[0]) for t in title]
    text_primaries = [fold_russian_keyboard(t.terms[0]) for t in text + aliases]
    return IndexedEntry(rows, " ".join(title_primaries), " ".join(title_primaries + text_primaries))
