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

import itertools
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.entries import Entry, Kind
from knowledge.search.index import SearchIndex, TermMatch
from knowledge.search.intent import Intent, Want
from knowledge.search.query import LEVEL_LISTS, ParsedQuery, Phrase, QueryGroup, Slot
from knowledge.search.quoting import TypedWords

# Weight of a word's terms by their place in the analysis: primary, folded, then the
# eager, derivational and Russian stems.
TERM_RANK_WEIGHTS = (1.0, 0.95, 0.7, 0.6)
CUE_WEIGHT = 0.35
"""Intent cue words ("міндеттері") steer the ranking; as evidence they count less."""
CONTEXT_WEIGHT = 0.5
"""A word of the story around a question is evidence for ranking, half as much as a word
it asks (a long story's words must not outweigh the question's)..."""
LIGHT_QUESTION = 1.0
"""A question whose own words weigh less than the rarest word of the standard asks about
the story around it: then the story counts towards confidence too; not when it names a
level ("6.1 деңгейдің жеке құзыреттері қандай?" asks about 6.1 whatever came before), nor
when it asks for a list the standard gives per level, at a level the message names."""
ASKED_SHARE = 0.7
"""Ranking weighs the share of what is asked more than the share of the whole message:
a story's words ("курстан өтпедім") must not pull an entry above the one that answers
(0.6 to 0.8 rank the development sets alike; 0.5 let a story's function outrank the task
that covers the question)."""
CONTEXT_SHARE = 0.5
"""...and an entry need match the story only half as much as the question itself; and
confidence is judged on what is asked alone."""
UNKNOWN_RARITY = 0.9
"""A word the index does not know weighs this share of the highest idf..."""
UNKNOWN_VERB_RARITY = 0.45
"""...and a verb form half as much: "тоқтамай", "бітірдім" are the question's grammar more
often than its subject, while an unknown noun ("валют", "пицца") is usually the subject."""

ROLE_WORDS = 2
"""Words of a card's title («күтім», «жұмыскер») the question must name to prefer it..."""
ROLE_BOOST = 1.25
"""...and how much its entries are preferred then."""
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
SPECIFIC_DUTY_BOOSTS = {Kind.TASK: 1.3, Kind.FUNCTION: 1.1}
"""Duties asked about with much else («жауыр болмас үшін не істеу керек»): the task whose
skills say it, rather than the function or the card that list tasks by title."""
FIRST_AID_BOOST = 1.8
RERANK_TOP = 20
TITLE_WEIGHT = 0.6
EXACT_TITLE_BONUS = 0.8
EXACT_TITLE_RATIO = 80.0
PROXIMITY_WEIGHT = 0.6
QUOTED_TITLE_BONUS = 0.8
"""A title that names one entry, quoted whole and in order by the message (two words at
least: knowledge.search.quoting), is the name of what is asked: it raises the entry as
much as a question that is the title."""
RARE_ENTRIES = 3
"""A word in this few entries names them (a specialty listed at three levels)..."""
RARE_MATCH = 0.65
"""...when the message's word meets it at least this well (an exact or folded term, a
prefix, a shorter stem, one typo: not two)."""
NAMED_TERM_BONUS = 2.0
"""A definition whose term is exactly what «X деген не» names: X is the question, whatever
else the message asks around it («Біліктілік деңгейі деген не, неге біреуі жоғары?»)."""
OWN_SPECIALTY_BONUS = 1.5
"""An education list that names the writer's specialty («геология оқыдым ... дипломым
жарай ма?») is the answer to whether the diploma fits, above the requirements (unless a
certificate or the requirements are asked for too)."""
ABOVE_PARENT = 1.01
"""A task whose title the message names whole scores just above its function."""
INTENT_BASE = 0.4
SPECIFIC_QUESTION = 2.0
"""Asked words' rarity, in rarest-word units, above which a question asks more than its
level and kind."""
SLOT_CACHE = 2048
"""Words whose scores stay in memory (a few kB each at the real size)."""
BIGRAM_CACHE = 4096
"""Entries whose words and adjacent word pairs stay in memory for the proximity rerank."""
"""Score given to an entry that only the intent asks for ("4.3 біліктілік талаптары")."""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float
    coverage: float
    """Share of the question's words (weighted by rarity and match quality) matched."""
    matched: tuple[str, ...]
    message_coverage: float = 0.0
    """The same share over the whole message, its story at half weight."""
    evidence: float = 0.0
    """What the entry matches of the question, not as a share: the rarity-weighted sum."""


Vector = npt.NDArray[np.float64]


class _Coverage:
    """The rarity-weighted share of some of the question's words that each entry matches."""

    def __init__(self, size: int) -> None:
        self.covered = np.zeros(size)
        self.extra = np.zeros(size)
        self.evidence = 0.0

    def add(self, group: QueryGroup, scored: GroupScores, factor: float, focus: float) -> None:
        """Only the entries the concept matches change: elsewhere it adds nothing."""
        weight = scored.weight * factor * focus
        if group.cue:
            self.extra[scored.docs] += weight
        else:
            self.evidence += scored.weight * focus
        self.covered[scored.docs] += weight * scored.share

    def share(self, candidates: npt.NDArray[np.intp]) -> Vector:
        denominator = self.evidence + self.extra[candidates]
        return np.divide(
            self.covered[candidates],
            denominator,
            out=np.zeros(len(candidates)),
            where=denominator > 0,
        )


Docs = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class SlotScores:
    """One word scored against the entries that match it (sparse: a long message has
    dozens of words, and most entries match none of them)."""

    docs: Docs
    """Entries with a match, ascending."""
    score: Vector
    quality: Vector
    """The weight of the match that gave the score (1 exact, less for prefix and typo)."""
    rarity: float

    def __post_init__(self) -> None:
        for values in (self.docs, self.score, self.quality):
            values.flags.writeable = False  # cached and shared: nobody may change them


@dataclass(frozen=True, slots=True)
class GroupScores:
    """One concept of the question scored against the entries that match it."""

    docs: Docs
    """Entries with a positive score, ascending; every other entry scores 0."""
    score: Vector
    share: Vector
    """Matched share of the concept's words, discounted by match quality."""
    weight: float
    """Rarity of the typed words, summed: a two-word concept weighs as two words."""

    def __post_init__(self) -> None:
        for values in (self.docs, self.score, self.share):
            values.flags.writeable = False  # cached and shared: nobody may change them

    def contains(self, docs: Docs) -> npt.NDArray[np.bool_]:
        """Which of `docs` the concept matches."""
        if not len(self.docs):
            return np.zeros(len(docs), dtype=bool)
        at = np.minimum(np.searchsorted(self.docs, docs), len(self.docs) - 1)
        return np.asarray(self.docs[at] == docs)


class Ranker:
    def __init__(self, index: SearchIndex, analyzer: Analyzer) -> None:
        self.index = index
        self.analyzer = analyzer
        entries = index.entries
        first_aid_key = fold_russian_keyboard("дәрігерге дейінгі")
        self._first_aid = np.array(
            [
                e.kind is Kind.TASK and first_aid_key in fold_russian_keyboard(e.title.lower())
                for e in entries
            ],
            dtype=bool,
        )
        self._level_codes = {
            level: code
            for code, level in enumerate(sorted({e.level for e in entries if e.level}), 1)
        }
        self._levels = np.array(
            [self._level_codes.get(e.level or "", 0) for e in entries], dtype=np.int16
        )
        self._has_level = self._levels != 0
        self._cards = {
            e.level: frozenset(index.title_keys[i].split())
            for i, e in enumerate(entries)
            if e.kind is Kind.CARD and e.level in self._level_codes
        }
        self._kind_boosts = {
            want: np.array([boosts.get(e.kind, 1.0) for e in entries], dtype=np.float64)
            for want, boosts in KIND_BOOSTS.items()
        }
        self._specific_duties = np.array(
            [SPECIFIC_DUTY_BOOSTS.get(e.kind, 1.0) for e in entries], dtype=np.float64
        )
        self._kinds = np.array([list(Kind).index(e.kind) for e in entries], dtype=np.int16)
        # titles that name one entry (each level's «Біліктілік талаптары» names six)
        title_counts = Counter(index.title_keys)
        self._unique_titles = frozenset(key for key, n in title_counts.items() if n == 1)
        # ...and titles that name one entry of their level («Қоғамдық және кәсіби қызметке
        # қатысу» is a task at 6.1 and at 6.2): one entry when the message names the level
        level_counts = Counter(zip((e.level for e in entries), index.title_keys, strict=True))
        self._unique_at_level = frozenset(
            pair for pair, n in level_counts.items() if n == 1 and pair[0] is not None
        )
        self._bigram_cache: OrderedDict[int, tuple[set[int], set[int]]] = OrderedDict()
        self._positions = np.array([e.position for e in entries], dtype=np.int64)
        self.unknown_rarity = UNKNOWN_RARITY * index.max_idf
        self.unknown_verb_rarity = UNKNOWN_VERB_RARITY * index.max_idf
        self._matches = lru_cache(maxsize=20_000)(self._term_matches)
        self._matched = lru_cache(maxsize=20_000)(self._matched_terms)
        self._matched_ids = lru_cache(maxsize=20_000)(self._matched_term_ids)
        self._scored = lru_cache(maxsize=SLOT_CACHE)(self._score_terms)
        self._grouped = lru_cache(maxsize=SLOT_CACHE)(self._group_scores)

    # --- evidence ----------------------------------------------------------------------

    def slot_matches(self, slot: Slot) -> dict[str, float]:
        """Index terms for one word with the weight each match carries (cached by terms)."""
        return self._matches(slot.terms)

    def matched_terms(self, slot: Slot) -> frozenset[str]:
        """The index terms one word may stand as, whatever their weight (cached)."""
        return self._matched(slot.terms)

    def _matched_terms(self, terms: tuple[str, ...]) -> frozenset[str]:
        return frozenset(self._matches(terms))

    def _matched_term_ids(self, terms: tuple[str, ...]) -> frozenset[int]:
        term_ids = self.index.term_ids
        return frozenset(term_ids[t] for t in self._matched(terms) if t in term_ids)

    def _term_matches(self, terms: tuple[str, ...]) -> dict[str, float]:
        best: dict[str, float] = {}
        for rank, term in enumerate(terms):
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

    def _slot_scores(self, slot: Slot) -> SlotScores | None:
        """A word's scores: the same words come back, message after message (cached)."""
        return self._scored(slot.terms)

    def _score_terms(self, terms: tuple[str, ...]) -> SlotScores | None:
        """Per-entry score and match quality of one word, and the word's rarity.

        The rarity is that of the word's best match (its exact term when there is one);
        weaker matches count with that rarity too, so a prefix or a typo that happens to
        reach a rarer term never outweighs the word itself. An entry reached through
        several terms keeps its best value, the earliest term's on a tie.
        """
        matches = self._matches(terms)
        if not matches:
            return None
        idf, postings = self.index.idf, self.index.postings
        best_term = max(matches, key=lambda t: (matches[t], idf[t]))
        rarity = idf[best_term]
        if len(matches) == 1:  # most words: one term, its postings as they are
            weight = matches[best_term]
            docs, weights = postings[best_term]
            values = weights * (weight * min(idf[best_term], rarity))
            return SlotScores(docs, values, np.full(len(docs), weight), rarity)
        scores = np.zeros(len(self.index))
        quality = np.zeros(len(self.index))
        for term, weight in matches.items():
            docs, weights = postings[term]
            values = weights * (weight * min(idf[term], rarity))
            better = values > scores[docs]
            chosen = docs[better]
            scores[chosen] = values[better]
            quality[chosen] = weight
        matched = np.flatnonzero(scores)
        return SlotScores(matched, scores[matched], quality[matched], rarity)

    def _unknown(self, slot: Slot) -> float:
        return self.unknown_verb_rarity if slot.verbal else self.unknown_rarity

    def group_scores(self, group: QueryGroup) -> GroupScores:
        """The concept through its best alternative (as typed, or a synonym) per entry
        (cached: a synonym group's words come back message after message)."""
        return self._grouped(
            tuple(tuple(Slot("", s.terms, verbal=s.verbal) for s in p)
                  for p in group.alternatives)
        )  # fmt: skip

    def _group_scores(self, alternatives: tuple[Phrase, ...]) -> GroupScores:
        """Worked out over the entries any of its words match, in the same order of
        operations as over every entry, so the figures are the same to the last bit."""
        weight = 0.0
        typed_length = len(alternatives[0])
        scored: list[list[SlotScores]] = []
        for number, phrase in enumerate(alternatives):
            found = []
            for slot in phrase:
                slot_scores = self._slot_scores(slot)
                if number == 0:
                    weight += slot_scores.rarity if slot_scores else self._unknown(slot)
                if slot_scores:
                    found.append(slot_scores)
            scored.append(found)
        if len(scored) == 1 and len(scored[0]) == 1 and typed_length == 1:
            (only,) = scored[0]  # one word, no synonym: the word's own scores
            return GroupScores(only.docs, only.score, only.quality, weight)
        docs = self._union([s.docs for found in scored for s in found])
        best_score = np.zeros(len(docs))
        best_share = np.zeros(len(docs))
        for phrase, found in zip(alternatives, scored, strict=True):
            total = np.zeros(len(docs))
            quality = np.zeros(len(docs))
            for slot_scores in found:
                at = np.searchsorted(docs, slot_scores.docs)
                total[at] += slot_scores.score
                quality[at] += slot_scores.quality
            # Means over the phrase's words, scaled to the typed length: a one-word
            # synonym of a two-word phrase weighs as much as the two words.
            total *= typed_length / len(phrase)
            quality /= len(phrase)
            better = total > best_score
            best_score[better] = total[better]
            best_share[better] = quality[better]
        positive = best_score > 0
        return GroupScores(docs[positive], best_score[positive], best_share[positive], weight)

    def _union(self, parts: list[Docs]) -> Docs:
        """The entries in any of `parts`, ascending (a mask: no sort of long postings)."""
        if len(parts) == 1:
            return parts[0]
        mask = np.zeros(len(self.index), dtype=bool)
        for part in parts:
            mask[part] = True
        return np.flatnonzero(mask)

    # --- ranking -----------------------------------------------------------------------

    def rank(self, query: ParsedQuery, limit: int) -> list[Hit]:
        size = len(self.index)
        if not size:
            return []
        total = np.zeros(size)
        story = np.zeros(size)
        asked = _Coverage(size)
        whole = _Coverage(size)
        matched_groups: list[tuple[str, GroupScores]] = []
        for group in query.groups:
            scored = self.group_scores(group)
            factor = CUE_WEIGHT if group.cue else 1.0
            (story if group.context else total)[scored.docs] += scored.score * factor
            asked.add(group, scored, factor, group.focus)
            whole.add(group, scored, factor, CONTEXT_SHARE if group.context else group.focus)
            matched_groups.append((group.surface, scored))
        light = asked.evidence < LIGHT_QUESTION * self.index.max_idf and not (
            query.asks_level or query.asks_level_list
        )
        total += story * (1.0 if light else CONTEXT_WEIGHT)
        self._add_intent_candidates(query, total, asked.evidence)
        candidates = np.flatnonzero(total > 0)
        if not len(candidates):
            return []
        message_coverage = whole.share(candidates)
        if light:
            asked = whole  # "бола ала ма?" after a story: the story is what is asked
        coverage = asked.share(candidates)
        scores = (
            total[candidates]
            * (0.35 + 0.65 * (ASKED_SHARE * coverage + (1 - ASKED_SHARE) * message_coverage))
            * self._intent_factor(
                query.intent,
                specific=query.intent.belongs
                or asked.evidence >= SPECIFIC_QUESTION * self.index.max_idf,
            )[candidates]
        )
        if not query.intent.levels:
            scores *= self._role_factor(query)[candidates]
        keep = min(RERANK_TOP, len(candidates))
        top = np.argpartition(-scores, keep - 1)[:keep]
        top_docs = candidates[top]
        matched = [(surface, group.contains(top_docs)) for surface, group in matched_groups]
        hits = [
            Hit(
                self.index.entries[doc],
                float(scores[i]),
                float(coverage[i]),
                tuple(surface for surface, found in matched if found[k]),
                float(message_coverage[i]),
                float(asked.covered[doc]),
            )
            for k, i in enumerate(top)
            for doc in (int(candidates[i]),)
        ]
        hits.sort(key=lambda h: (-h.score, h.entry.position))
        return self._rerank(query, hits)[:limit]

    def names_title(self, query: ParsedQuery, entry: Entry) -> bool:
        """Does what is asked name the entry's title: every asked word the standard knows
        is a word of it («СБШ деген не өзі» and «салалық біліктілік шеңбері (СБШ)»)?"""
        title = set(self.index.title_keys[self.index.by_id[entry.id]].split())
        asked = [
            self.matched_terms(slot)
            for group in query.asked_groups
            for slot in group.alternatives[0]
        ]
        known = [terms for terms in asked if terms]
        return bool(known) and all(terms & title for terms in known)

    def shares_a_rare_word(self, query: ParsedQuery, entry: Entry) -> bool:
        """Does the entry hold a word of the message (its story too) that at most
        RARE_ENTRIES entries hold («геология», «бастауыш»: the writer's own specialty)?
        Met as typed, or within one letter or a short ending (feldsher → фельдшер,
        акушеркамын → акушер): a profession is typed as people say it."""
        doc = self.index.by_id[entry.id]
        postings = self.index.postings
        for group in query.content_groups:
            for slot in group.alternatives[0]:
                for term, weight in self.slot_matches(slot).items():
                    if weight < RARE_MATCH:
                        continue
                    found = postings.get(term)
                    if found is not None and len(found[0]) <= RARE_ENTRIES and doc in found[0]:
                        return True
        return False

    def names_term(self, query: ParsedQuery, entry: Entry) -> bool:
        """Is the entry the definition of what «X деген не» names?"""
        title_key = self.index.title_keys[self.index.by_id[entry.id]]
        return entry.kind is Kind.TERM and _is_title(title_key, query.named)

    def quotes_title(self, query: ParsedQuery, entry: Entry) -> bool:
        """Does the message, story included, hold the entry's own title word after word?"""
        typed = TypedWords([s for group in query.content_groups for s in group.alternatives[0]])
        return self._quotes(self.index.title_keys[self.index.by_id[entry.id]], typed)

    def _quotes(self, title_key: str, typed: TypedWords) -> bool:
        return title_key in self._unique_titles and typed.quotes(title_key)

    def _role_factor(self, query: ParsedQuery) -> Vector:
        """A role named in what is asked («күтім жұмыскеріне», «әлеуметтік жұмыс
        маманының») prefers the levels whose card title names it: each card's title is
        the role its entries are about."""
        factor = np.ones(len(self.index))
        if not self._cards:
            return factor
        terms = [
            self.matched_terms(slot)
            for group in query.asked_groups
            for slot in group.alternatives[0]
        ]
        hits = {level: sum(1 for t in terms if t & title) for level, title in self._cards.items()}
        best = max(hits.values())
        if best < ROLE_WORDS or min(hits.values()) == best:
            return factor
        for level, count in hits.items():
            if count == best:
                factor[self._levels == self._level_codes[level]] = ROLE_BOOST
        return factor

    def _add_intent_candidates(self, query: ParsedQuery, total: Vector, asked: float) -> None:
        """A level (and a kind) named without other matches still finds its entries.

        A question about one level that asks little besides is about those entries, so
        they gain on what they match: the card for «6.1 маман не істейді», the list for
        «6.3 білім беру мамандықтары» or «4.3 ... қандай білім талап етіледі?» (not the
        card, which merely repeats it). A question that asks much keeps its best match
        first: the level's card must not outrank the task that answers."""
        intent = query.intent
        if not intent.levels:
            return
        kinds = {kind for want in intent.wants for kind in KIND_BOOSTS.get(want, {})}
        kinds.add(Kind.CARD)
        at_level = self._level_mask(intent.levels)
        steered = at_level & self._kind_mask(kinds)
        top = float(total.max()) if total.any() else 1.0
        if len(intent.levels) == 1 and asked < SPECIFIC_QUESTION * self.index.max_idf:
            if query.asks_level_list:
                kinds = {Kind(want.value) for want in intent.asked & LEVEL_LISTS}
            favoured = at_level & self._kind_mask(kinds)
            total[favoured] += INTENT_BASE * top
            steered &= ~favoured
        total[steered] = np.maximum(total[steered], INTENT_BASE * top)

    def _kind_mask(self, kinds: set[Kind]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.index), dtype=bool)
        for kind in kinds:
            mask |= self._kinds == list(Kind).index(kind)
        return mask

    def _level_mask(self, levels: frozenset[str]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.index), dtype=bool)
        for level in levels:
            code = self._level_codes.get(level)
            if code is not None:
                mask |= self._levels == code
        return mask

    def _intent_factor(self, intent: Intent, *, specific: bool = False) -> Vector:
        """The level named and the kinds asked for; a duty asked about in particular
        («жауыр болмас үшін не істеу керек») is a task's skill, not a list of functions."""
        factor = np.ones(len(self.index))
        if intent.levels:
            named = self._level_mask(intent.levels)
            factor[~self._has_level] *= NO_LEVEL
            factor[self._has_level & ~named] *= OTHER_LEVEL
        boost = np.ones(len(self.index))
        for want in intent.wants:
            if want is Want.DUTIES and specific:
                boost = np.maximum(boost, self._specific_duties)
            elif want in self._kind_boosts:
                boost = np.maximum(boost, self._kind_boosts[want])
            if want is Want.FIRST_AID:
                boost[self._first_aid] = np.maximum(boost[self._first_aid], FIRST_AID_BOOST)
        return factor * boost

    # --- rerank ------------------------------------------------------------------------

    def _rerank(self, query: ParsedQuery, hits: list[Hit]) -> list[Hit]:
        groups = query.content_groups
        if not groups or not hits:
            return hits
        typed = TypedWords([slot for group in groups for slot in group.alternatives[0]])
        key = " ".join(fold_russian_keyboard(slot.terms[0]) for slot in typed.slots)
        slot_terms = [self.matched_terms(slot) for slot in typed.slots]
        slot_ids = [self._matched_ids(slot.terms) for slot in typed.slots]
        pairs = [(a, b) for a, b in itertools.pairwise(slot_ids) if a and b]
        reranked = []
        quoted: set[str] = set()
        for hit in hits:
            doc = self.index.by_id[hit.entry.id]
            title_key = self.index.title_keys[doc]
            title_terms = set(title_key.split())
            in_title = sum(1 for terms in slot_terms if terms & title_terms) / len(slot_terms)
            bonus = 1.0 + TITLE_WEIGHT * in_title
            ratio = fuzz.ratio(key, title_key)
            if ratio > EXACT_TITLE_RATIO:  # the question is (nearly) the title
                bonus += EXACT_TITLE_BONUS * (ratio - EXACT_TITLE_RATIO) / (100 - EXACT_TITLE_RATIO)
            bonus += PROXIMITY_WEIGHT * self._proximity(doc, pairs, len(slot_ids))
            if self._quotes(title_key, typed) or (
                hit.entry.level in query.intent.levels
                and (hit.entry.level, title_key) in self._unique_at_level
                and typed.quotes(title_key)
            ):
                bonus += QUOTED_TITLE_BONUS
                if hit.entry.kind is Kind.TERM and Want.TERM in query.intent.wants:
                    bonus += QUOTED_TITLE_BONUS  # a definition asked for, its term quoted
                quoted.add(hit.entry.id)
            if self.names_term(query, hit.entry):
                bonus += NAMED_TERM_BONUS
            if (
                hit.entry.kind is Kind.EDUCATION
                and Want.EDUCATION in query.intent.wants
                and Want.REQUIREMENTS not in query.intent.wants
                and self.shares_a_rare_word(query, hit.entry)
            ):
                bonus += OWN_SPECIALTY_BONUS
            reranked.append(replace(hit, score=hit.score * bonus))
        reranked.sort(key=lambda h: (-h.score, h.entry.position))
        return self._tasks_before_functions(reranked, quoted, typed)

    def _tasks_before_functions(
        self, hits: list[Hit], quoted: set[str], typed: TypedWords
    ) -> list[Hit]:
        """A task comes just before its function, which holds its words and more, when the
        message names the task whole, or names the function and then the task's words
        («үздіксіз кәсіби даму функциясында жаңа әдістерді енгізу туралы»): the function
        is where, the task what is asked. One task a function, the best ranked."""
        scores = {hit.entry.id: hit.score for hit in hits}
        raised: dict[str, str] = {}
        for hit in hits:  # best first: the first task of a function to qualify is raised
            parent = hit.entry.parent
            if parent not in scores or parent in raised:
                continue
            parent_span = typed.span(self.index.title_keys[self.index.by_id[parent]])
            if parent_span is None and hit.entry.id in quoted:
                raised[parent] = hit.entry.id  # the task named whole, its function not
            elif parent_span is not None and self._named_within(parent_span, hit.entry.id, typed):
                raised[parent] = hit.entry.id
        if not raised:
            return hits
        # a card's function raised, then that function's task above it: parents first
        for parent in sorted(raised, key=lambda entry_id: entry_id.count("/")):
            task = raised[parent]
            scores[task] = max(scores[task], scores[parent] * ABOVE_PARENT)
        out = [replace(hit, score=scores[hit.entry.id]) for hit in hits]
        out.sort(key=lambda h: (-h.score, h.entry.position))
        return out

    def _named_within(self, span: tuple[int, int], child_id: str, typed: TypedWords) -> bool:
        """Do the message's words other than the parent's title (at `span`) name at least
        half of the child's title? (Within the parent's title they name the parent: a
        function's title often holds a task's.)"""
        keys = self.index.title_keys
        outside = [slot for k, slot in enumerate(typed.slots) if not span[0] <= k < span[1]]
        title = keys[self.index.by_id[child_id]].split()
        named = sum(1 for word in title if any(word in slot.keys for slot in outside))
        return named >= 1 and 2 * named >= len(title)

    def _proximity(
        self, doc: int, pairs: Sequence[tuple[frozenset[int], frozenset[int]]], words_typed: int
    ) -> float:
        """Share of the question's adjacent word pairs that stand side by side in the entry.

        `pairs` are the adjacent pairs whose both words the index knows (as term numbers):
        only the words the entry has can make a pair in it, so those are met first and a
        word with many typo neighbours is not multiplied out against the next one."""
        if words_typed < 2 or not pairs:
            return 0.0
        words, bigrams = self._entry_words(doc)
        if not bigrams:
            return 0.0
        width = len(self.index.term_ids) + 1
        side_by_side = 0
        for first_ids, second_ids in pairs:
            first = first_ids & words
            if not first:
                continue
            second = second_ids & words
            if second and any(a * width + b in bigrams for a in first for b in second):
                side_by_side += 1
        return side_by_side / (words_typed - 1)

    def _entry_words(self, doc: int) -> tuple[set[int], set[int]]:
        """The entry's term numbers and its adjacent pairs as numbers (an LRU-bounded cache)."""
        cached = self._bigram_cache.get(doc)
        if cached is not None:
            self._bigram_cache.move_to_end(doc)
            return cached
        sequence = self.index.sequences[doc].astype(np.int64)
        width = len(self.index.term_ids) + 1
        words = set(sequence.tolist())
        bigrams = set((sequence[:-1] * width + sequence[1:]).tolist())
        self._bigram_cache[doc] = (words, bigrams)
        if len(self._bigram_cache) > BIGRAM_CACHE:
            self._bigram_cache.popitem(last=False)
        return words, bigrams


def _is_title(title_key: str, named: Sequence[Slot]) -> bool:
    """Are the named words the title, word for word, as analysed?"""
    title = title_key.split()
    return (
        bool(named)
        and len(title) == len(named)
        and all(word in slot.keys for word, slot in zip(title, named, strict=True))
    )
