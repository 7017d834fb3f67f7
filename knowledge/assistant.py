"""The assistant: one object that answers questions from a knowledge-base version.

The CLI, the bot and the tests all go through `Assistant.ask`. It never makes anything up:
an answer is a list of entries of the knowledge base, and `answered` is False when the
evidence is too thin (then callers say honestly that nothing was found).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.discourse.conversation import (
    Turn,
    bounded,
    is_follow_up,
    levels_of,
    stated_level,
    with_level,
)
from knowledge.discourse.declines import Decline, DeclineDetector
from knowledge.discourse.emergency import Emergency, EmergencyDetector
from knowledge.discourse.reader import MessageReader, Reading, SmallTalk
from knowledge.entries import Entry, Kind
from knowledge.first_aid import Condition, first_aid_conditions, is_first_aid
from knowledge.ids import EntryId
from knowledge.search.highlight import Highlighter
from knowledge.search.index import SearchIndex
from knowledge.search.intent import Intent, IntentReader, Want
from knowledge.search.lookup import Lookup, read_lookup
from knowledge.search.partial import PartialId
from knowledge.search.query import ParsedQuery, QueryGroup, QueryParser, SynonymMatcher
from knowledge.search.ranking import Hit, Ranker
from knowledge.snapshot import Snapshot

MIN_COVERAGE = 0.45
"""Share of the question's (rarity-weighted) words the best entry must match."""
MIN_COVERAGE_AT_LEVEL = 0.3
"""A question that names a level ("4.2") is about the standard: when the best entry is at
that level, less of the rest of the question has to match."""
MIN_WORD_LENGTH = 4
"""A question that is one shorter word ("ок", "күн") has too little to go on, unless the
word is an abbreviation in capitals or a code."""
STRONG_EVIDENCE = 1.8
"""A long question whose share matched is low may still be answered when what the best
entry matches of it is substantial in itself: this many times the weight of the rarest
word (about two rare words of the standard's own vocabulary). 1.2 answered more of our
blind set, and an off-topic message of a second one nobody had tuned to: kept at 1.8..."""
MIN_COVERAGE_WITH_EVIDENCE = 0.2
"""...and at least this share of it."""
NOTE_OVER_DECLINE = 0.7
"""A local note answers a question the standard declines (a phone number, an address)
only when it covers most of what is asked, not merely the word «телефон»."""
MIN_COVERAGE_OF_WANTED_KIND = 0.25
"""A message whose wording asks for a kind of entry (a definition, the education list,
the competencies) and whose best entry is of that kind needs less of its story matched...
"""
MIN_COVERAGE_OF_OWN_SPECIALTY = 0.1
"""An education or requirements entry asked for that holds a rare word of the message (the
writer's own specialty) answers when it covers this much of the whole message."""
WANTED_KIND_EVIDENCE = 0.5
"""...as long as what it matches weighs at least half of the rarest word."""
SHORT_QUESTION = 5
"""Words asked, at most, for a question to count as short."""
SUBJECT_LENGTH = 5
"""An unknown word shorter than this is a function word mistyped ("озы", "кым") more
often than the subject of the question."""
WANTED_KINDS: dict[Want, tuple[Kind, ...]] = {
    Want.TERM: (Kind.TERM,),
    Want.EDUCATION: (Kind.EDUCATION,),
    Want.COMPETENCIES: (Kind.COMPETENCIES,),
    Want.REQUIREMENTS: (Kind.REQUIREMENTS,),
    Want.CONDITIONS: (Kind.CONDITIONS,),
}
FUNCTION_WORD = "функция"
FUNCTION_LIST_WORDS = frozenset({"негизги", "миндетти", "енбек", FUNCTION_WORD})
"""Folded terms of «негізгі / міндетті еңбек функциялары»: the functions as a list."""
CLOSE_RATIO = 0.8
"""Alternatives are offered when their score is at least this share of the best one."""
MAX_QUERY_CHARS = 1000
DEFAULT_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """How much an answer holds: results, "did you mean" alternatives, question length."""

    limit: int = 5
    alternatives: int = DEFAULT_ALTERNATIVES
    max_query_chars: int = MAX_QUERY_CHARS
    long_lived: bool = True
    """The process answers many questions (the bot): it builds what pays back over them,
    such as the typo index. `komekshi ask` and `chat` answer a few and skip it."""


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    answered: bool
    hits: list[Hit]
    intent: Intent
    took_ms: float
    emergency: Emergency | None = None
    """The message describes an emergency: the answer begins with the 103/112 line."""
    small_talk: SmallTalk | None = None
    """A greeting, thanks or "who are you": a human reply, not a search result."""
    declined: Decline | None = None
    """A near-domain question the standard cannot answer (an amount, a dose, a number)."""
    context_level: str | None = None
    """The level carried over from the conversation and applied to this answer."""
    focus_terms: frozenset[str] = frozenset()
    """The analysed terms of what is asked (not the story around it), to show first the
    lines of the answer they match (`Assistant.focus`)."""

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.answered and self.hits else None

    def close_alternatives(self, limit: int = DEFAULT_ALTERNATIVES) -> list[Hit]:
        """Other entries that scored nearly as well: "did you mean"."""
        if not self.answered or len(self.hits) < 2:
            return []
        top = self.hits[0].score
        return [h for h in self.hits[1:] if h.score >= CLOSE_RATIO * top][:limit]

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "answered": self.answered,
            "took_ms": round(self.took_ms, 3),
            "emergency": None
            if self.emergency is None
            else {"condition": self.emergency.condition or None},
            "small_talk": None if self.small_talk is None else str(self.small_talk),
            "declined": None if self.declined is None else str(self.declined),
            "context_level": self.context_level,
            "results": [
                {
                    "id": h.entry.id,
                    "kind": str(h.entry.kind),
                    "level": h.entry.level,
                    "title": h.entry.title,
                    "text": h.entry.text,
                    "score": round(h.score, 4),
                    "coverage": round(h.coverage, 3),
                    "source": h.entry.source,
                }
                for h in self.hits
            ],
        }


class Assistant:
    """Search over one knowledge-base version; cheap to replace after an import."""

    def __init__(
        self,
        index: SearchIndex,
        analyzer: Analyzer,
        synonyms: Sequence[Sequence[str]] = (),
        *,
        version: int | None = None,
        options: SearchOptions | None = None,
    ) -> None:
        self.version = version
        self.options = options or SearchOptions()
        self._index = index
        self._parser = QueryParser(
            analyzer, SynonymMatcher(synonyms, analyzer), IntentReader(analyzer)
        )
        self._ranker = Ranker(index, analyzer)
        self._reader = MessageReader(analyzer, standard_terms=index.postings)
        self._emergencies = EmergencyDetector()
        self._declines = DeclineDetector()
        # first aid, read once per version: an emergency must not scan every entry
        self._highlighter = Highlighter(analyzer)
        self._first_aid = [e for e in index.entries if is_first_aid(e)]
        self._conditions = first_aid_conditions(self._first_aid)
        self._children: dict[str, list[Entry]] = {}
        for entry in index.entries:
            if entry.parent:
                self._children.setdefault(entry.parent, []).append(entry)

    @classmethod
    def from_snapshot(
        cls, snapshot: Snapshot, analyzer: Analyzer, *, options: SearchOptions | None = None
    ) -> Assistant:
        """Search over a stored version: its index terms are loaded, not analysed again."""
        options = options or SearchOptions()
        index = SearchIndex.from_stored(
            snapshot.entries,
            snapshot.postings,
            snapshot.title_keys,
            snapshot.sequences,
            long_lived=options.long_lived,
        )
        version = snapshot.version.id if snapshot.version else None
        return cls(index, analyzer, snapshot.synonyms, version=version, options=options)

    @classmethod
    def from_entries(
        cls,
        entries: Sequence[Entry],
        analyzer: Analyzer,
        synonyms: Sequence[Sequence[str]] = (),
        *,
        options: SearchOptions | None = None,
    ) -> Assistant:
        """Search over entries that were never stored (tests, benchmarks): analysed here."""
        options = options or SearchOptions()
        index = SearchIndex.build(entries, analyzer, long_lived=options.long_lived)
        return cls(index, analyzer, synonyms, options=options)

    @property
    def vocabulary_size(self) -> int:
        return self._index.vocabulary_size

    def ask(self, query: str, limit: int | None = None) -> Answer:
        """The entries that answer `query`, best first; `answered` says whether the best
        one has enough evidence to be given as the answer."""
        return self._ask(query, limit)

    def converse(
        self, query: str, turn: Turn | None, limit: int | None = None
    ) -> tuple[Answer, Turn]:
        """Answer `query` read with the conversation so far (knowledge.discourse.
        conversation); returns the answer and what it leaves for the next message."""
        text = query[: self.options.max_query_chars]
        reading = self._reader.read(text)  # read once: the message itself is asked below
        tokens = reading.tokens
        own_levels = levels_of(tokens)
        effective = text
        if reading.small_talk is not None:  # "рахмет" between questions changes nothing
            return replace(self._ask(text, limit, reading=reading), query=query), turn or Turn()
        if turn is not None and turn.question:
            groups = self._parser.parse_reading(reading).content_groups
            content = sum(1 for g in groups if not _names_a_level(g.surface))
            if is_follow_up(text, tokens, content):
                if own_levels and content == 0:
                    effective = with_level(turn.question, own_levels[0])
                elif not own_levels and content == 0:
                    effective = f"{turn.question} {text}"
        own_reading = reading if effective == text else None
        answer = self._ask(effective, limit, reading=own_reading)
        carried = turn.level if turn is not None and not own_levels else None
        if carried is not None and answer.answered and answer.best is not None:
            level = answer.best.entry.level
            if level is not None and level != carried:
                at_level = self._ask(effective, limit, level=carried, reading=own_reading)
                best = at_level.best
                if best is not None and best.entry.level == carried:
                    answer = replace(at_level, query=query, context_level=carried)
            elif level == carried:
                answer = replace(answer, context_level=carried)
        answer = replace(answer, query=query)
        stated = stated_level(tokens)
        best_level = answer.best.entry.level if answer.best else None
        level = (
            stated
            or (own_levels[0] if len(own_levels) == 1 else None)
            or (best_level if answer.context_level or own_levels else None)
            or (turn.level if turn else None)
        )
        return answer, Turn(level, bounded(effective))

    def _ask(
        self,
        query: str,
        limit: int | None,
        *,
        level: str | None = None,
        reading: Reading | None = None,
    ) -> Answer:
        started = time.perf_counter()
        limit = self.options.limit if limit is None else limit
        text = query[: self.options.max_query_chars]
        reading = reading if reading is not None else self._reader.read(text)
        parsed = self._parser.parse_reading(reading)
        if level is not None and not parsed.intent.levels:
            parsed = replace(parsed, intent=parsed.intent.at_levels(frozenset({level})))
        tokens = reading.tokens
        emergency = self._emergencies.detect(text, tokens)
        if emergency is not None:
            parsed = replace(parsed, intent=parsed.intent.wanting(Want.FIRST_AID))
        # what is asked decides: "мен телефонды жақсы білмеймін" in the story asks no number
        declined = None if emergency else self._declines.detect(reading.asked_tokens)
        small_talk = None if emergency else reading.small_talk
        hits = self._ranker.rank(parsed, max(limit, 1))
        hits = self._precise(parsed, read_lookup(tokens), hits)
        if emergency is not None:
            hits = self._first_aid_first(emergency, hits, parsed.intent.levels)
        best = hits[0] if hits else None
        if declined is not None and best is not None and self._note_answers(parsed, best):
            declined = None  # a local note holds what the standard does not (a phone)
        answered = (
            best is not None
            and declined is None
            and small_talk is None
            and (self._confident(parsed, best) or _is_pinned(best) or
                 (emergency is not None and is_first_aid(best.entry)))
        )  # fmt: skip
        took = (time.perf_counter() - started) * 1000
        return Answer(
            query, answered, hits[:limit], parsed.intent, took, emergency, small_talk, declined,
            focus_terms=_asked_terms(parsed),
        )  # fmt: skip

    def _first_aid_first(
        self, emergency: Emergency, hits: list[Hit], levels: frozenset[str]
    ) -> list[Hit]:
        """The first-aid entry of the level the writer names («мен 4.2 деңгейдемін»), else
        the one that names the condition, else the best first-aid one."""
        at_level = [e for e in self._first_aid if e.level in levels]
        named = {c.name.lower(): c.entry_id for c in self.first_aid_conditions()}
        wanted = named.get(emergency.condition.lower())
        entry = at_level[0] if at_level else self.entry(wanted) if wanted else None
        if entry is None:
            entry = next((h.entry for h in hits if is_first_aid(h.entry)), None)
        if entry is None:
            entry = self._first_aid[0] if self._first_aid else None
        if entry is None:
            return hits
        return _pin(entry, hits)

    def _precise(self, parsed: ParsedQuery, lookup: Lookup | None, hits: list[Hit]) -> list[Hit]:
        """ "2-еңбек функциясы" at a named level opens that function; "1-міндет" that task;
        "5-термин" the standard's fifth definition."""
        if lookup is not None and lookup.term is not None:
            term = self.entry(f"term/{lookup.term}")
            if term is not None:
                return _pin(term, hits)
        if len(parsed.intent.levels) != 1:
            return hits
        (level,) = parsed.intent.levels
        if lookup is None:
            if parsed.intent.wants == {Want.DUTIES} and all(
                _names_the_functions(group) for group in parsed.content_groups
            ):  # «6.1 міндеттері», «6.1 маман не істейді», «4.1 негізгі функцияларын тізіп бер»
                card = self.entry(level)
                if card is not None and card.kind is Kind.CARD:
                    return _pin(card, hits)
            return hits
        entry: Entry | None = None
        if lookup.function is not None:
            entry = self.entry_at(EntryId(level=level, function=lookup.function, task=lookup.task))
        elif lookup.task is not None:
            tasks = [
                e for e in self.entries_of_kind(Kind.TASK)
                if e.level == level and e.ref.task == lookup.task
            ]  # fmt: skip
            ranked = {h.entry.id: i for i, h in enumerate(hits)}
            tasks.sort(key=lambda e: (ranked.get(e.id, len(ranked)), e.position))
            entry = tasks[0] if tasks else None
        return _pin(entry, hits) if entry is not None else hits

    def _note_answers(self, parsed: ParsedQuery, best: Hit) -> bool:
        return (
            best.entry.kind is Kind.NOTE
            and best.coverage >= NOTE_OVER_DECLINE
            and self._confident(parsed, best)
        )

    def _confident(self, parsed: ParsedQuery, best: Hit) -> bool:
        if not parsed.content_groups and parsed.intent.levels:
            return True  # "4.2", "6,1 функциялар": the level itself is the question
        if (
            Want.TERM in parsed.intent.wants
            and best.entry.kind is Kind.TERM
            and (
                self._ranker.names_title(parsed, best.entry)
                or self._ranker.quotes_title(parsed, best.entry)
                or self._ranker.names_term(parsed, best.entry)
            )
        ):
            return True  # "X деген не", "«X» деп жазылған, бұл нені білдіреді": X is named
        at_level = best.entry.level is not None and best.entry.level in parsed.intent.levels
        if (
            best.entry.kind in (Kind.EDUCATION, Kind.REQUIREMENTS)
            and self._of_wanted_kind(parsed, best)
            and best.message_coverage >= MIN_COVERAGE_OF_OWN_SPECIALTY
            and self._ranker.shares_a_rare_word(parsed, best.entry)
        ):
            return True  # «бастауыш сынып мұғалімімін ... дипломым сай келе ме?»
        if (
            parsed.asks_level_list
            and at_level
            and self._of_wanted_kind(parsed, best)
            and not self._unknown_subject(parsed)
        ):  # «4.3 деңгей бойынша жеке құзыреттер тізімі»: the level and its list asked, and
            return True  # nothing the standard does not know («қай кинотеатрға»)
        needed = MIN_COVERAGE_AT_LEVEL if at_level else MIN_COVERAGE
        if (
            self._of_wanted_kind(parsed, best)
            and best.evidence >= WANTED_KIND_EVIDENCE * self._index.max_idf
            and not self._unknown_subject(parsed)
        ):
            needed = min(needed, MIN_COVERAGE_OF_WANTED_KIND)
        strong = (
            best.coverage >= MIN_COVERAGE_WITH_EVIDENCE
            and best.evidence >= STRONG_EVIDENCE * self._index.max_idf
            and not (self._short(parsed) and self._unknown_subject(parsed))
        )
        return (best.coverage >= needed or strong) and self._substantial(parsed)

    @staticmethod
    def _of_wanted_kind(parsed: ParsedQuery, best: Hit) -> bool:
        """Is the best entry of the kind the wording asks for (a term for «деген не», the
        education list for «диплом», «мамандық»)?"""
        return any(best.entry.kind in WANTED_KINDS.get(want, ()) for want in parsed.intent.wants)

    @staticmethod
    def _short(parsed: ParsedQuery) -> bool:
        """A question of a few words, where every noun is what is asked (in a long message
        an unknown noun is as often a detail of the story)."""
        return len(parsed.asked_groups) <= SHORT_QUESTION

    def _unknown_subject(self, parsed: ParsedQuery) -> bool:
        """Does the question ask about a noun the standard never uses («заңгерге қандай
        қасиеттер керек»)? Unknown verbs are grammar more often than subject."""
        return any(
            group.focus >= 1
            and not group.context
            and all(
                not slot.verbal
                and len(slot.surface) >= SUBJECT_LENGTH
                and not self._ranker.slot_matches(slot)
                for slot in phrase
            )
            for group in parsed.content_groups
            for phrase in group.alternatives[:1]
        )

    @staticmethod
    def _substantial(parsed: ParsedQuery) -> bool:
        """Is there enough to go on? A lone short word ("ок", "күн") is not."""
        if parsed.intent.levels:
            return True
        groups = parsed.content_groups
        if len(groups) != 1 or len(groups[0].alternatives[0]) != 1:
            return True
        slot = groups[0].alternatives[0][0]
        upper = any(t.upper for t in parsed.tokens if t.surface == slot.surface)
        return len(slot.surface) >= MIN_WORD_LENGTH or not slot.surface.isalpha() or upper

    # --- browsing ----------------------------------------------------------------------

    def explain(self, query: str, limit: int = 6) -> Explanation:
        """How `query` is read and scored: its word groups, their weights and matches."""
        parsed = self._parser.parse_reading(
            self._reader.read(query[: self.options.max_query_chars])
        )
        groups = [
            GroupExplanation(
                surface=group.surface,
                cue=group.cue,
                weight=self._ranker.group_scores(group).weight,
                alternatives=[[list(slot.terms) for slot in alt] for alt in group.alternatives],
                matches={
                    slot.surface: self._ranker.slot_matches(slot) for slot in group.alternatives[0]
                },
            )
            for group in parsed.groups
        ]
        wants = sorted(str(want) for want in parsed.intent.wants)
        levels = sorted(parsed.intent.levels)
        return Explanation(query, levels, wants, groups, self.ask(query, limit))

    def focus(self, entry: Entry, terms: frozenset[str], limit: int = 3) -> list[int]:
        """The passages of `entry` (knowledge.search.highlight.passages) that the question
        with these terms is about, best first."""
        return self._highlighter.focus(entry, terms, limit)

    def entries(self) -> Sequence[Entry]:
        """Every entry of this version, in the standard's reading order."""
        return self._index.entries

    def entry(self, entry_id: str) -> Entry | None:
        position = self._index.by_id.get(entry_id)
        return self._index.entries[position] if position is not None else None

    def entry_at(self, ref: EntryId) -> Entry | None:
        return self.entry(str(ref))

    def children(self, entry_id: str) -> list[Entry]:
        return self._children.get(entry_id, [])

    def lineage(self, entry: Entry) -> list[Entry]:
        """The entry's ancestors, outermost first (card, function)."""
        chain: list[Entry] = []
        parent = self.entry(entry.parent) if entry.parent else None
        while parent is not None:
            chain.insert(0, parent)
            parent = self.entry(parent.parent) if parent.parent else None
        return chain

    def at_other_levels(self, entry: Entry) -> list[Entry]:
        """The same entry (same id after the level) on the other cards."""
        if entry.level is None or entry.kind is Kind.NOTE:
            return []
        ref = entry.ref
        others = []
        for card in self.entries_of_kind(Kind.CARD):
            if card.level is not None and card.level != entry.level:
                other = self.entry_at(ref.at_level(card.level))
                if other is not None:
                    others.append(other)
        return others

    def by_partial_id(self, text: str) -> list[Entry] | None:
        """Entries an id being typed can only mean ("6" → the 6.x cards, "6.2 б" → the
        6.2 entries with a title starting so); None when `text` is not such a prefix."""
        partial = PartialId.read(text)
        return partial.select(self._index.entries) if partial is not None else None

    def entries_of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self._index.entries if e.kind is kind]

    def first_aid_conditions(self) -> list[Condition]:
        """The conditions the standard names for first aid, in its order."""
        return list(self._conditions)


PINNED = "pinned"
"""The `matched` mark of a hit put first by a rule (a numbered lookup, an emergency)."""


_LEVEL_WORDS = ("денгей", "уровен", "уровн", "level", "dengei")


def _names_the_functions(group: QueryGroup) -> bool:
    """«негізгі функциялары», «міндетті еңбек функциялары»: the level's functions as a list,
    which its card gives."""
    typed = group.alternatives[0]
    return (
        bool(typed)
        and all(slot.keys & FUNCTION_LIST_WORDS for slot in typed)
        and any(FUNCTION_WORD in slot.keys for slot in typed)
    )


def _asked_terms(parsed: ParsedQuery) -> frozenset[str]:
    return frozenset(
        term
        for group in parsed.asked_groups
        for phrase in group.alternatives
        for slot in phrase
        for term in slot.terms
    )


def _names_a_level(surface: str) -> bool:
    """ "деңгейде", "уровня": the word that goes with a level, not a subject of its own."""
    return fold_russian_keyboard(surface.lower()).startswith(_LEVEL_WORDS)


def _pin(entry: Entry, hits: list[Hit]) -> list[Hit]:
    top = max((h.score for h in hits), default=1.0)
    pinned = Hit(entry, top * 1.01, 1.0, (PINNED,))
    return [pinned, *(h for h in hits if h.entry.id != entry.id)]


def _is_pinned(hit: Hit) -> bool:
    return PINNED in hit.matched


@dataclass(frozen=True, slots=True)
class GroupExplanation:
    surface: str
    cue: bool
    weight: float
    alternatives: list[list[list[str]]]
    matches: dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class Explanation:
    query: str
    levels: list[str]
    wants: list[str]
    groups: list[GroupExplanation]
    answer: Answer
