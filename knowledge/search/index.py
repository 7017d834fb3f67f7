"""The inverted index: analysed terms -> weighted postings, plus a typo-tolerant vocabulary.

Weights are BM25 with two fields (title counts more than text), computed once at build
time, so answering a question only adds up numbers. Looking up a query term tries, in
order: the exact term, prefixes (short words as typed on a phone), and typos within
Meilisearch's budget (none under 5 letters, one from 5, two from 9).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.entries import Entry
from knowledge.search.indexing import index_entry
from knowledge.search.typos import typo_neighbours

TITLE_WEIGHT = 3.0
TEXT_WEIGHT = 1.0
BM25_K1 = 1.2
BM25_B = 0.6

EXACT = 1.0
PREFIX = 0.8
SHORTER = 0.7
TYPO_1 = 0.75
TYPO_2 = 0.55


def typo_budget(length: int) -> int:
    """Meilisearch's rule: no typo under 5 letters, one from 5, two from 9."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


@dataclass(frozen=True, slots=True)
class TermMatch:
    term: str
    weight: float
    """How much a match through this term counts: 1 exact, less for prefixes and typos."""


class SearchIndex:
    """Entries with their BM25F postings, built once per knowledge-base version."""

    def __init__(
        self,
        entries: Sequence[Entry],
        field_terms: Sequence[Iterable[tuple[str, str, int]]],
        title_keys: Sequence[str],
        sequences: Sequence[str],
        *,
        long_lived: bool = True,
    ) -> None:
        self.entries = list(entries)
        self.title_keys = list(title_keys)
        self.by_id = {e.id: i for i, e in enumerate(self.entries)}
        count = len(self.entries)
        weighted: list[dict[str, float]] = []
        lengths: list[float] = []
        for rows in field_terms:
            tf: dict[str, float] = defaultdict(float)
            length = 0.0
            for field_name, term, n in rows:
                w = (TITLE_WEIGHT if field_name == "title" else TEXT_WEIGHT) * n
                tf[term] += w
                length += w
            weighted.append(tf)
            lengths.append(length)
        average = (sum(lengths) / count) if count else 1.0
        docs_of: dict[str, list[int]] = defaultdict(list)
        weights_of: dict[str, list[float]] = defaultdict(list)
        for doc, tf in enumerate(weighted):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[doc] / (average or 1.0))
            for term, x in tf.items():
                docs_of[term].append(doc)
                weights_of[term].append(x * (BM25_K1 + 1) / (x + norm))
        # Postings as arrays: scoring a term is a handful of vectorised operations,
        # whatever the number of entries that contain it.
        self.postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {
            term: (np.asarray(docs, dtype=np.intp), np.asarray(weights_of[term], dtype=np.float64))
            for term, docs in docs_of.items()
        }
        self.idf: dict[str, float] = {
            term: math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in docs_of.items()
        }
        self.max_idf = math.log(1 + (count + 0.5) / 0.5) if count else 1.0
        self._vocabulary = sorted(self.postings)
        self._typos = typo_neighbours(self._vocabulary, long_lived=long_lived)
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)
        self._near = lru_cache(maxsize=50_000)(self._typos.near)
        # Each entry's words in order as term numbers: adjacency checks are array tests.
        self.term_ids = {term: number for number, term in enumerate(self._vocabulary)}
        unknown = len(self.term_ids)
        self.sequences = [
            np.fromiter((self.term_ids.get(t, unknown) for t in seq.split()), dtype=np.int32)
            for seq in sequences
        ]

    @classmethod
    def build(
        cls, entries: Sequence[Entry], analyzer: Analyzer, *, long_lived: bool = True
    ) -> SearchIndex:
        """Analyse every entry (when no stored index is at hand, e.g. benchmarks)."""
        indexed = [index_entry(analyzer, e) for e in entries]
        return cls(
            entries,
            [i.terms for i in indexed],
            [i.key for i in indexed],
            [i.sequence for i in indexed],
            long_lived=long_lived,
        )

    @classmethod
    def from_stored(
        cls,
        entries: Sequence[Entry],
        postings: Iterable[tuple[str, str, str, int]],
        title_keys: dict[str, str],
        sequences: dict[str, str],
        *,
        long_lived: bool = True,
    ) -> SearchIndex:
        """Build from what the store keeps: (entry_id, field, term, count) rows and keys."""
        rows: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for entry_id, field_name, term, count in postings:
            rows[entry_id].append((field_name, term, count))
        return cls(
            entries,
            [rows.get(e.id, []) for e in entries],
            [title_keys.get(e.id, "") for e in entries],
            [sequences.get(e.id, "") for e in entries],
            long_lived=long_lived,
        )

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocabulary)

    def _lookup(self, term: str) -> tuple[TermMatch, ...]:
        """Index terms a query term may stand for, best first."""
        if not term:
            return ()
        if term in self.postings:
            # An exact hit is trusted; only longer words also get their typo neighbours.
            matches = [TermMatch(term, EXACT)]
            if len(term) < 5:
                return tuple(matches)
        else:
            matches = []
        seen = {m.term for m in matches}
        if len(term) >= 4 and not term.isdigit():
            start = bisect.bisect_left(self._vocabulary, term)
            for candidate in self._vocabulary[start : start + 64]:
                if not candidate.startswith(term):
                    break
                if candidate not in seen and len(candidate) - len(term) <= max(3, len(term) // 2):
                    matches.append(TermMatch(candidate, PREFIX))
                    seen.add(candidate)
        # The question's word may carry a suffix the analysis did not take off (a typo in
        # it, a rare form): an index term that is its beginning, at most 3 letters shorter.
        if len(term) >= 5 and not term.isdigit():
            for cut in range(1, min(3, len(term) - 4) + 1):
                stem = term[:-cut]
                if stem in self.postings and stem not in seen:
                    matches.append(TermMatch(stem, SHORTER))
                    seen.add(stem)
        # typos are sought in the Russian-keyboard spelling: a word and its folded twin
        # (күтім, кутим) are both looked up, and share one search
        for candidate, distance in self._near(fold_russian_keyboard(term), typo_budget(len(term))):
            if candidate not in seen:
                matches.append(TermMatch(candidate, TYPO_1 if distance <= 1 else TYPO_2))
                seen.add(candidate)
        matches.sort(key=lambda m: -m.weight)
        return tuple(matches)
