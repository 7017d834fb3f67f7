"""What the index stores about an entry, computed once when a version is applied.

`entry_terms` gives the inverted index its rows; `entry_key` and `entry_sequence` give the
normalised title and the entry's words in order (for the title and proximity rerank), so
loading an index needs no analysis at all.
"""

from __future__ import annotations

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.entries import Entry

TITLE, TEXT = "title", "text"


def entry_terms(analyzer: Analyzer, entry: Entry) -> list[tuple[str, str, int]]:
    """(field, term, count) rows of one entry: its title and its text analysed apart."""
    rows: list[tuple[str, str, int]] = []
    for field_name, value in ((TITLE, entry.title), (TEXT, entry.text)):
        rows.extend(
            (field_name, term, count) for term, count in analyzer.index_terms(value).items()
        )
    return rows


def entry_key(analyzer: Analyzer, entry: Entry) -> str:
    """The title as folded primary terms: what a question that *is* the title looks like."""
    return fold_russian_keyboard(analyzer.key(entry.title))


def entry_sequence(analyzer: Analyzer, entry: Entry) -> str:
    """The entry's content words in order, each as its folded primary term."""
    return " ".join(
        fold_russian_keyboard(token.terms[0])
        for token in analyzer.analyze(f"{entry.title}\n{entry.text}")
        if token.terms and not token.stop
    )
