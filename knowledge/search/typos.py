"""Typo neighbours of a word without comparing it with the whole vocabulary.

Two words within k edits of each other (OSA: substitutions, insertions, deletions and
swaps of neighbours) become the same string when at most k letters are deleted from each
(the symmetric-delete idea of SymSpell). The index keeps, once per version, a hash of
every such deletion of every term; a question's word then names a handful of candidates,
and rapidfuzz checks each one exactly. Hash collisions only add candidates to check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

SHORTEST = 4
"""No word shorter than 5 letters gets a typo, and one typo reaches 4 letters at least."""
TWO_TYPOS_FROM = 7
"""Two typos are for words of 9 letters or more: they reach 7 letters at least."""
DELETION_INDEX_FROM = 5000
"""Below this many terms a scan of the words of similar length is as fast as the deletion
index and costs nothing to build (the real standard has about 2,000 terms; start-up pays
for every index built); above it the scan grows with the vocabulary."""


class Neighbours(Protocol):
    def near(self, word: str, budget: int) -> list[tuple[str, int]]: ...


def typo_neighbours(vocabulary: Sequence[str]) -> Neighbours:
    """The cheaper of the two for a vocabulary of this size; both answer the same."""
    if len(vocabulary) >= DELETION_INDEX_FROM:
        return TypoNeighbours(vocabulary)
    return ScanNeighbours(vocabulary)


def _ordered(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(found, key=lambda pair: (pair[1], len(pair[0]), pair[0]))


class ScanNeighbours:
    """rapidfuzz over the terms within `budget` letters of the word's length."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for term in vocabulary:
            if len(term) >= SHORTEST:
                self._by_length[len(term)].append(term)

    def near(self, word: str, budget: int) -> list[tuple[str, int]]:
        if budget <= 0:
            return []
        found: list[tuple[str, int]] = []
        for length in range(len(word) - budget, len(word) + budget + 1):
            bucket = self._by_length.get(length)
            if bucket:
                matches = process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=None
                )
                found.extend((term, int(distance)) for term, distance, _ in matches)
        return _ordered(found)


def deletions(word: str, depth: int) -> set[str]:
    """`word` itself and every string made by deleting up to `depth` of its letters."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class TypoNeighbours:
    """The vocabulary's deletions, hashed and sorted: a lookup is a few binary searches."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self._terms = list(vocabulary)
        hashes: list[int] = []
        owners: list[int] = []
        for number, term in enumerate(self._terms):
            if len(term) < SHORTEST:
                continue
            variants = deletions(term, 2 if len(term) >= TWO_TYPOS_FROM else 1)
            hashes.extend(hash(v) for v in variants)
            owners.extend([number] * len(variants))
        keys = np.array(hashes, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._keys: npt.NDArray[np.int64] = keys[order]
        self._owners: npt.NDArray[np.int32] = np.array(owners, dtype=np.int32)[order]

    def near(self, word: str, budget: int) -> list[tuple[str, int]]:
        """(term, distance) for every term within `budget` edits of `word` and at most
        `budget` letters longer or shorter, ordered by distance, length, then spelling."""
        if budget <= 0 or not len(self._keys):
            return []
        wanted = np.fromiter((hash(v) for v in deletions(word, budget)), dtype=np.int64)
        wanted.sort()  # neighbouring searches touch neighbouring memory
        starts = np.searchsorted(self._keys, wanted, side="left")
        counts = np.searchsorted(self._keys, wanted, side="right") - starts
        # every position of every matching range, without a loop over the ranges
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        numbers = np.unique(self._owners[offsets + np.arange(len(offsets))])
        found = []
        for number in numbers.tolist():
            term = self._terms[number]
            if abs(len(term) - len(word)) > budget:
                continue
            distance = OSA.distance(word, term, score_cutoff=budget)
            if distance <= budget:
                found.append((term, distance))
        return _ordered(found)
