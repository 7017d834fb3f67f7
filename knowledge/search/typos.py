"""Typo neighbours of a word without comparing it with the whole vocabulary.

Two words within k edits of each other (OSA: substitutions, insertions, deletions and
swaps of neighbours) become the same string when at most k letters are deleted from each
(the symmetric-delete idea of SymSpell). The index keeps, once per version, a hash of
every such deletion of every term; a question's word then names a handful of candidates,
and rapidfuzz checks each one exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

SHORTEST = 4
"""No word shorter than 5 letters gets a typo, and one typo reaches 4 letters at least."""
TWO_TYPOS_FROM = 7
"""Two typos are for words of 9 letters or more: they reach 7 letters at least."""
DELETION_INDEX_FROM = 5000
"""A one-shot process scans the words of similar length below this many terms: the real
standard's 2,000 terms scan in about 50 µs a word, where the deletion index would add
about 0.08 s to the start; above it the scan grows with the vocabulary."""


class Neighbours(Protocol):
    def near(self, word: str, budget: int) -> list[tuple[str, int]]: ...


def typo_neighbours(vocabulary: Sequence[str], *, long_lived: bool = True) -> Neighbours:
    """The cheaper of the two for this process; both answer the same. A long-lived one
    (the bot, the benchmarks) builds the deletion index; a one-shot `komekshi ask` on a
    small vocabulary scans, as the build would cost more than its questions save."""
    if long_lived or len(vocabulary) >= DELETION_INDEX_FROM:
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
    """Every deletion of every term, by its hash, in a dict to the terms it comes from
    (one term number, or a tuple of them for the few deletions several terms share): a
    lookup is a few dozen dict reads, about four times faster than the scan (14 against
    53 µs a word at the real size). Hash collisions only add candidates to check."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self._terms = list(vocabulary)
        owners: dict[int, list[int]] = defaultdict(list)
        for number, term in enumerate(self._terms):
            if len(term) < SHORTEST:
                continue
            for variant in deletions(term, 2 if len(term) >= TWO_TYPOS_FROM else 1):
                owners[hash(variant)].append(number)
        self._owners: dict[int, int | tuple[int, ...]] = {
            key: numbers[0] if len(numbers) == 1 else tuple(numbers)
            for key, numbers in owners.items()
        }

    def near(self, word: str, budget: int) -> list[tuple[str, int]]:
        """(term, distance) for every term within `budget` edits of `word` and at most
        `budget` letters longer or shorter, ordered by distance, length, then spelling."""
        if budget <= 0:
            return []
        owners = self._owners
        numbers: set[int] = set()
        for variant in deletions(word, budget):
            found_in = owners.get(hash(variant))
            if isinstance(found_in, int):
                numbers.add(found_in)
            elif found_in:
                numbers.update(found_in)
        found = []
        for number in numbers:
            term = self._terms[number]
            if abs(len(term) - len(word)) > budget:
                continue
            distance = OSA.distance(word, term, score_cutoff=budget)
            if distance <= budget:
                found.append((term, distance))
        return _ordered(found)
