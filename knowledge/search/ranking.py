"""Ranking: term evidence first, then intent, then a rerank of the top candidates.

An entry's score sums BM25F weights of the question's concepts, each concept counted once
through its best alternative (as typed, or a synonym) and its best index term (exact,
prefix, typo). Its coverage is the rarity-weighted share of the question's words that it
matches, discounted for prefix and typo matches. Coverage both shapes the ranking and
decides confidence: string similarity alone (WRatio) cannot tell an in-domain question
from an unrelated one, term evidence can.

The top candidates are reranked by what their titles say (the share of the question found
in the title, and rapidfuzz's ratio for a question that is the title) and by phrase
proximity (the question's words next to each other in the entry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.entries import Entry, Kind
from knowledge.search.index import SearchIndex, TermMatch
from knowledge.search.intent import Intent, Want
from knowledge.search.query import ParsedQuery, QueryGroup, Slot

# Weight of a word's terms by their place in the analysis: primary, folded, then the
# eager, derivational and Russian stems.
TERM_RANK_WEIGHTS = (1.0, 0.95, 0.7, 0.6)
CUE_WEIGHT = 0.35
"""Intent cue words ("міндеттері") steer the ranking; as evidence they count less."""
UNKNOWN_RARITY = 0.75
"""A word the index does not know weighs this share of the highest idf."""

OTHER_LEVEL = 0.25
NO_LEVEL = 0.5
KIND_BOOSTS: dict[Want, dict[Kind, float]] = {
    Want.TERM: {Kind.TERM: 2.0},
    Want.REQUIREMENTS: {Kind.REQUIREMENTS: 1.8, Kind.EDUCATION: 1.3, Kind.CARD: 1.2},
    Want.EDUCATION: {Kind.EDUCATION: 1.8, Kind.REQUIREMENTS: 1.3},
    Want.COMPETENCIES: {Kind.COMPETENCIES: 2.0},
    Want.DUTIES: {Kind.CARD: 1.6, Kind.FUNCTION: 1.6, Kind.TASK: 1.1},
    Want.STANDARD: {Kind.STANDARD: 1.8},
    Want.CONDITIONS: {Kind.CONDITIONS: 1.8},
}
FIRST_AID_BOOST = 1.8
RERANK_TOP = 20
TITLE_WEIGHT = 0.6
EXACT_TITLE_BONUS = 0.8
EXACT_TITLE_RATIO = 80.0
PROXIMITY_WEIGHT = 0.6
INTENT_BASE = 0.4
"""Score given to an entry that only the intent asks for ("4.3 біліктілік талаптары")."""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float
    coverage: float
    """Share of the question's words (weighted by rarity and match quality) matched."""
    matched: tuple[str, ...]


@dataclass(slots=True)
class _Tally:
    score: float = 0.0
    covered: float = 0.0
    extra_weight: float = 0.0
    """Weight of matched cue words, which count in coverage only when they match."""
    matched: list[str] | None = None


class Ranker:
    def __init__(self, index: SearchIndex, analyzer: Analyzer) -> None:
        self.index = index
        self.analyzer = analyzer
        first_aid_key = fold_russian_keyboard("дәрігерге дейінгі")
        self._first_aid = frozenset(
            i for i, e in enumerate(index.entries)
            if e.kind is Kind.TASK and first_aid_key in fold_russian_keyboard(e.title.lower())
        )  # fmt: skip
        self._title_keys = [fold_russian_keyboard(analyzer.key(e.title)) for e in index.entries]
        self._sequences: dict[int, list[frozenset[str]]] = {}
        self.unknown_rarity = UNKNOWN_RARITY * index.max_idf

    # --- evidence ----------------------------------------------------------------------

    def slot_matches(self, slot: Slot) -> dict[str, float]:
        """Index terms for one word with the weight each match carries."""
        best: dict[str, float] = {}
        for rank, term in enumerate(slot.terms):
            term_weight = TERM_RANK_WEIGHTS[min(rank, len(TERM_RANK_WEIGHTS) - 1)]
            candidates: Sequence[TermMatch]
            if rank < 2:
                candidates = self.index.lookup(term)
            else:
                candidates = (TermMatch(term, 1.0),) if term in self.index.postings else ()
            for match in candidates:
                weight = term_weight * match.weight
                if weight > best.get(match.term, 0.0):
                    best[match.term] = weight
        return best

    def _slot_scores(self, slot: Slot) -> tuple[dict[int, tuple[float, float]], float]:
        """entry -> (score, match quality) for one word, and the word's rarity.

        The rarity is that of the word's best match (its exact term when there is one);
        weaker matches count with that rarity too, so a prefix or a typo that happens to
        reach a rarer term never outweighs the word itself.
        """
        matches = self.slot_matches(slot)
        if not matches:
            return {}, self.unknown_rarity
        best_term = max(matches, key=lambda t: (matches[t], self.index.idf[t]))
        rarity = self.index.idf[best_term]
        scores: dict[int, tuple[float, float]] = {}
        for term, weight in matches.items():
            factor = weight * min(self.index.idf[term], rarity)
            for doc, w in self.index.postings[term].items():
                value = factor * w
                if value > scores.get(doc, (0.0, 0.0))[0]:
                    scores[doc] = (value, weight)
        return scores, rarity

    def group_scores(self, group: QueryGroup) -> tuple[dict[int, tuple[float, float]], float]:
        """entry -> (score, matched share) through the best alternative; and the group weight.

        The weight is the rarity of the typed words summed over them: a two-word concept
        ("қан кету") weighs as two words.
        """
        best: dict[int, tuple[float, float]] = {}
        weight = 0.0
        typed_length = len(group.alternatives[0])
        for number, phrase in enumerate(group.alternatives):
            per_slot = [self._slot_scores(slot) for slot in phrase]
            if number == 0:
                weight = sum(rarity for _, rarity in per_slot)
            totals: dict[int, list[float]] = {}
            for scores, _ in per_slot:
                for doc, (value, quality) in scores.items():
                    total = totals.setdefault(doc, [0.0, 0.0])
                    total[0] += value
                    total[1] += quality
            for doc, (score, quality) in totals.items():
                # Means over the phrase's words, scaled to the typed length: a one-word
                # synonym of a two-word phrase weighs as much as the two words.
                candidate = (score / len(phrase) * typed_length, quality / len(phrase))
                if candidate > best.get(doc, (0.0, 0.0)):
                    best[doc] = candidate
        return best, weight

    # --- ranking -----------------------------------------------------------------------

    def rank(self, query: ParsedQuery, limit: int) -> list[Hit]:
        tallies: dict[int, _Tally] = {}
        evidence = 0.0
        for group in query.groups:
            scores, weight = self.group_scores(group)
            factor = CUE_WEIGHT if group.cue else 1.0
            if not group.cue:
                evidence += weight
            for doc, (score, share) in scores.items():
                tally = tallies.get(doc)
                if tally is None:
                    tally = tallies[doc] = _Tally(matched=[])
                tally.score += score * factor
                tally.covered += weight * share * factor
                if group.cue:
                    tally.extra_weight += weight * factor
                assert tally.matched is not None
                tally.matched.append(group.surface)
        self._add_intent_candidates(query.intent, tallies)
        hits: list[Hit] = []
        for doc, tally in tallies.items():
            denominator = evidence + tally.extra_weight
            coverage = tally.covered / denominator if denominator else 0.0
            score = tally.score * (0.35 + 0.65 * coverage) * self._intent_factor(doc, query.intent)
            hits.append(Hit(self.index.entries[doc], score, coverage, tuple(tally.matched or ())))
        hits.sort(key=lambda h: (-h.score, h.entry.position))
        return self._rerank(query, hits[:RERANK_TOP])[:limit]

    def _add_intent_candidates(self, intent: Intent, tallies: dict[int, _Tally]) -> None:
        """A level (and a kind) named without other matches still finds its entries."""
        if not intent.levels:
            return
        kinds = {kind for want in intent.wants for kind in KIND_BOOSTS.get(want, {})}
        top = max((t.score for t in tallies.values()), default=1.0)
        for doc, entry in enumerate(self.index.entries):
            if entry.level in intent.levels and (entry.kind is Kind.CARD or entry.kind in kinds):
                tally = tallies.setdefault(doc, _Tally(matched=[]))
                tally.score += INTENT_BASE * top

    def _intent_factor(self, doc: int, intent: Intent) -> float:
        entry = self.index.entries[doc]
        factor = 1.0
        if intent.levels:
            if entry.level is None:
                factor *= NO_LEVEL
            elif entry.level not in intent.levels:
                factor *= OTHER_LEVEL
        boost = 1.0
        for want in intent.wants:
            boost = max(boost, KIND_BOOSTS.get(want, {}).get(entry.kind, 1.0))
            if want is Want.FIRST_AID and doc in self._first_aid:
                boost = max(boost, FIRST_AID_BOOST)
        return factor * boost

    # --- rerank ------------------------------------------------------------------------

    def _rerank(self, query: ParsedQuery, hits: list[Hit]) -> list[Hit]:
        groups = query.content_groups
        if not groups or not hits:
            return hits
        typed = [slot for group in groups for slot in group.alternatives[0]]
        key = " ".join(fold_russian_keyboard(slot.terms[0]) for slot in typed)
        slot_terms = [frozenset(self.slot_matches(slot)) for slot in typed]
        reranked = []
        for hit in hits:
            doc = self.index.by_id[hit.entry.id]
            title_key = self._title_keys[doc]
            title_terms = set(title_key.split())
            in_title = sum(1 for terms in slot_terms if terms & title_terms) / len(slot_terms)
            bonus = 1.0 + TITLE_WEIGHT * in_title
            ratio = fuzz.ratio(key, title_key)
            if ratio > EXACT_TITLE_RATIO:  # the question is (nearly) the title
                bonus += EXACT_TITLE_BONUS * (ratio - EXACT_TITLE_RATIO) / (100 - EXACT_TITLE_RATIO)
            bonus += PROXIMITY_WEIGHT * self._proximity(doc, slot_terms)
            reranked.append(Hit(hit.entry, hit.score * bonus, hit.coverage, hit.matched))
        reranked.sort(key=lambda h: (-h.score, h.entry.position))
        return reranked

    def _proximity(self, doc: int, slot_terms: list[frozenset[str]]) -> float:
        """Share of the question's adjacent word pairs that stand side by side in the entry."""
        if len(slot_terms) < 2:
            return 0.0
        sequence = self._sequence(doc)
        pairs = list(zip(slot_terms, slot_terms[1:], strict=False))
        found = 0
        for first, second in pairs:
            if any(a & first and b & second for a, b in zip(sequence, sequence[1:], strict=False)):
                found += 1
        return found / len(pairs)

    def _sequence(self, doc: int) -> list[frozenset[str]]:
        """The entry's words in order, each as its set of folded terms (cached)."""
        cached = self._sequences.get(doc)
        if cached is None:
            entry = self.index.entries[doc]
            tokens = self.analyzer.analyze(f"{entry.title}\n{entry.text}")
            cached = [
                frozenset(fold_russian_keyboard(t) for t in token.terms) | frozenset(token.terms)
                for token in tokens
                if token.terms and not token.stop
            ]
            self._sequences[doc] = cached
        return cached
