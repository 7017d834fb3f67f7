"""What kind of answer a question asks for, read from its wording.

"4.2" or "6,1" names a level; "деген не", "анықтамасы" ask for a term; "біліктілік
талаптары", "қандай білім" for requirements; "жеке құзырет", "қасиеттер" for personal
competencies; "міндеттері", "не істейді", "функциялары" for duties; "алғашқы көмек" for
first aid. The cue words are plain data below, analysed with the same analyser as the
index, so inflected and Russian-keyboard forms are recognised too.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from knowledge.analysis.analyzer import AnalyzedToken, Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.search.typos import TypoNeighbours


class Want(StrEnum):
    TERM = "term"
    REQUIREMENTS = "requirements"
    EDUCATION = "education"
    COMPETENCIES = "competencies"
    DUTIES = "duties"
    FIRST_AID = "first_aid"
    STANDARD = "standard"
    CONDITIONS = "conditions"


CUES: dict[Want, tuple[str, ...]] = {
    Want.TERM: (
        "анықтама",
        "анықтамасы",
        "термин",
        "ұғым",
        "мағынасы",
        "түсінік",
        "определение",
        "означает",
        "понятие",
        "түсінеміз",
        "түсінуге",
        "білдіреді",
        "значит",
    ),
    Want.REQUIREMENTS: (
        "талап",
        "талаптары",
        "талабы",
        "сертификат",
        "куәлік",
        "квалификация",
        "требования",
        "требование",
        "образование",
    ),
    Want.EDUCATION: (
        "мамандық",
        "мамандығы",
        "мамандығын",
        "бітірдім",
        "бітірген",
        "бітіру",
        "колледж",
        "университет",
        "диплом",
        "специальность",
        "окончил",
        "оқыдым",
        "оқығам",
        "оқығанмын",
        "учился",
        "училась",
        "устроиться",
        "орналасу",
        "орналасуға",
        "орналассам",
        "трудоустройство",
    ),
    Want.COMPETENCIES: (
        "құзырет",
        "құзыреттері",
        "құзыреттер",
        "қасиет",
        "қасиеттер",
        "компетенции",
        "компетенция",
        "качества",
    ),
    Want.DUTIES: (
        "міндет",
        "міндеттері",
        "міндеттер",
        "функция",
        "функциялары",
        "функциялар",
        "істейді",
        "атқарады",
        "обязанности",
        "обязанность",
        "функции",
        "делает",
    ),
    Want.FIRST_AID: ("алғашқы", "жедел", "шұғыл", "первая", "доврачебная"),
    Want.STANDARD: ("бұйрық", "бұйрығы", "паспорт", "нұсқа", "нұсқасы", "приказ", "версия"),
    Want.CONDITIONS: ("жалақы", "еңбекақы", "демалыс", "зарплата", "отпуск"),
}

CUE_TYPO_FROM = 5
"""A cue word whose stem is this long or longer is met with one typo too ("маганасы" for
«мағынасы», "мідеттері" for «міндеттері»):
unmet, it would count as a word of the question that no entry has."""

# Modal words ("керек" needed, "қажет" necessary): they steer nothing and are rarely in
# the standard, so, like cue words, they only count as evidence when an entry has them.
NEUTRAL_CUES = ("керек", "қажет", "тиіс", "мүмкін", "нужно", "надо", "можно")  # fmt: skip
# Light verbs after a noun ("жарақат алғанда", "ауру болса"): the noun carries the meaning.
# Matched as written, since their stems (ал, бол) are also the stems of other words; the
# converbs (алып, болып) are left out: they begin compound verbs ("алып жүру").
LIGHT_VERB_FORMS = tuple(
    f"{verb}{ending}"
    for verb, endings in (
        ("ал", ("у", "са", "сам", "ғанда", "ған", "ады", "дым")),
        ("бол", ("у", "са", "сам", "ғанда", "ған", "ады", "ды", "дым")),
        (
            "ет",
            (
                "у",
                "уге",
                "се",
                "сем",
                "кенде",
                "кен",
                "еді",
                "ті",
                "іледі",
                "ілген",
                "ілетін",
                "ілсе",
            ),
        ),
        ("қой", ("ылады", "ылатын", "ылған")),  # талап етіледі, талап қойылады
        ("қыл", ("у", "са", "ғанда", "ған")),
    )
    for ending in endings
)

LEVEL_NOUNS = ("деңгей", "уровень", "уровн")
"""After a level ("4.2 деңгейдің", "6.1-деңгейге") the noun only names it: no subject of
its own, unlike "біліктілік деңгейі деген не"."""
LEVEL_GROUPS = ("4", "6")
"""The standard's whole levels: care workers 4 (4.1-4.3), specialists 6 (6.1-6.3)."""

MODAL_FORMS = ("жарай", "жарайды", "жарамайды", "жарамды", "жарап", "жарасады", "сай")
"""«... дипломы жарай ма?» (will it do?): a modal like «керек», matched as written, since
the stem is also «жара» (a wound)."""

LEVEL_FREE = frozenset({Want.TERM, Want.STANDARD})
"""A definition or the standard itself is the same at every level: a level told in the
story («картамда 4.2 деп тұр») does not steer a question asking only for these."""
DEFINED_FORMS = (
    "анықталған", "анықталады", "анықталатын", "түсіндірілген", "түсіндіріледі",
    "деген", "дегеніміз", "дегені", "дегенді",
)  # fmt: skip
"""«стандартта қалай анықталған?» (how is it defined): the passive asks for a definition,
while the active «анықтау» (to identify) is a duty; matched as written. So are «деген»,
«дегеніміз» (what is called, what is meant by): their stem «де» is also every «дейді»,
«деді» (says, said) of a story."""

BELONGING_NOUNS = (
    "жұмысына", "жұмысыма", "міндетіне", "міндетіме", "міндетімізге", "функциясына",
    "функцияма", "құзырыма", "құзыретіме", "құзыретіне", "рөліме", "рөліне", "ісіме",
)  # fmt: skip
BELONGING = (
    *((noun, verb) for noun in BELONGING_NOUNS for verb in ("кіре", "жата")),
    *(
        (noun, particle)
        for noun in ("міндетім", "жұмысым", "функциям")
        for particle in ("ма", "ме", "ба", "бе", "па", "пе")
    ),
)  # fmt: skip
"""Whether something is part of the work: «... менің міндетіме жата ма?», «құзырыма кіре
ме?», «... ерікті топ құру міндетім бе?» (the noun's stem, then the verb or particle)."""

# "не істейді" (what does ... do) and "деген не" (what is ...) need their question word.
PAIRS: dict[Want, tuple[tuple[str, str], ...]] = {
    Want.TERM: (("деген", "не"), ("что", "такое"), ("дегеніміз", "не")),
    Want.DUTIES: (
        ("не", "істейді"),
        ("не", "істеймін"),
        ("не", "істеу"),
        *BELONGING,  # «... жұмысына кіре ме», «жұмысыма жата ма»: is it part of the work
    ),
    Want.REQUIREMENTS: (("қандай", "білім"), ("білім", "қажет"), ("білім", "керек")),
    # «жұмысқа тұруға бола ма» (may I be hired) after a profession: is the diploma enough
    Want.EDUCATION: (("жұмысқа", "тұруға"), ("жұмысқа", "тұрсам"), ("жұмысқа", "алына")),
}


@dataclass(frozen=True, slots=True)
class Intent:
    levels: frozenset[str] = frozenset()
    wants: frozenset[Want] = frozenset()
    cue_positions: frozenset[int] = field(default=frozenset())
    """Token positions that are only cue words (e.g. "міндеттері"), not subject matter."""
    asked: frozenset[Want] = frozenset()
    """The wants that the question itself names, not only the story around it."""
    belongs: bool = False
    """Asks whether something is part of the duties («... міндетіме жата ма», «жұмысына
    кіре ме»): a particular duty, the task that holds it, not the list of them."""

    @property
    def empty(self) -> bool:
        return not self.levels and not self.wants

    def at_levels(self, levels: frozenset[str]) -> Intent:
        """The same intent at the given levels (a level carried over from before)."""
        return Intent(levels, self.wants, self.cue_positions, self.asked, self.belongs)

    def wanting(self, want: Want) -> Intent:
        """The same intent, asking for `want` too (an emergency asks for first aid)."""
        return Intent(
            self.levels, self.wants | {want}, self.cue_positions, self.asked, self.belongs
        )


class IntentReader:
    """Cue words analysed once, then matched against a question's tokens."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._cues: dict[str, set[Want]] = {}
        for want, words in CUES.items():
            for word in words:
                self._cues.setdefault(_key(analyzer, word), set()).add(want)
        self._cue_typos = TypoNeighbours(sorted(k for k in self._cues if len(k) >= CUE_TYPO_FROM))
        self._cue_by_typo = lru_cache(maxsize=4096)(self._find_cue_by_typo)
        self._neutral = frozenset(_key(analyzer, word) for word in NEUTRAL_CUES)
        self._light_verbs = frozenset(fold_russian_keyboard(form) for form in LIGHT_VERB_FORMS)
        self._level_nouns = tuple(fold_russian_keyboard(word) for word in LEVEL_NOUNS)
        self._modal_forms = frozenset(fold_russian_keyboard(form) for form in MODAL_FORMS)
        self._defined_forms = frozenset(fold_russian_keyboard(f) for f in DEFINED_FORMS)
        self._belonging = frozenset(
            (_key(analyzer, first), _key(analyzer, second)) for first, second in BELONGING
        )
        self._pairs: dict[tuple[str, str], Want] = {}
        for want, pairs in PAIRS.items():
            for first, second in pairs:
                key = (_key(analyzer, first), _key(analyzer, second))
                self._pairs[key] = want

    def read(self, tokens: Sequence[AnalyzedToken], story: Sequence[bool] | None = None) -> Intent:
        """`story` marks the words of the story around the question: their cue words are
        cues still ("істегенмін" weighs as grammar), but what is asked steers; the story
        only when the question itself names no kind ("фельдшер мамандығын бітірдім. Күтім
        жұмыскері бола аламын ба?" asks about education)."""
        levels = self._levels(tokens, story)
        wants: set[Want] = set()
        story_wants: set[Want] = set()
        cue_positions: set[int] = set()
        words = [(i, t) for i, t in enumerate(tokens) if t.type is TokenType.WORD]
        keys = {i: fold_russian_keyboard(t.primary or "") for i, t in words}
        asked = [not story[i] if story is not None else True for i in range(len(tokens))]
        for i, _token in words:
            hits = self._cues.get(keys[i]) or self._cue_by_typo(keys[i])
            if fold_russian_keyboard(_token.folded) in self._defined_forms:
                hits = {Want.TERM}
            if hits:
                (wants if asked[i] else story_wants).update(hits)
                cue_positions.add(i)
            elif (
                keys[i] in self._neutral
                or _token.folded in self._light_verbs
                or _token.folded in self._modal_forms
            ):
                cue_positions.add(i)
        cue_positions.update(self._level_nouns_at(tokens))
        belongs = False
        for (i, _first), (j, _second) in itertools.pairwise(words):
            belongs = belongs or (keys[i], keys[j]) in self._belonging
            want = self._pairs.get((keys[i], keys[j]))
            if want is not None:
                (wants if asked[i] or asked[j] else story_wants).add(want)
                cue_positions.update((i, j))
        asked_wants = frozenset(wants)
        if asked_wants and asked_wants <= LEVEL_FREE and not self._levels(tokens, story, True):
            levels = frozenset()  # «"СБШ бойынша 4.2" деп тұр. СБШ деген не?»: no level asked
        return Intent(levels, asked_wants or frozenset(story_wants), frozenset(cue_positions),
                      asked_wants, belongs)  # fmt: skip

    def _find_cue_by_typo(self, key: str) -> frozenset[Want]:
        if len(key) < CUE_TYPO_FROM:
            return frozenset()
        near = self._cue_typos.near(key, 1)
        return frozenset(self._cues[near[0][0]]) if near else frozenset()

    def _levels(
        self,
        tokens: Sequence[AnalyzedToken],
        story: Sequence[bool] | None,
        asked_only: bool = False,
    ) -> frozenset[str]:
        """The levels the question names; the story's only when it names none («Мені
        6.1-ден 6.2 деңгейге көтерді... 6.2 деңгейдегі маманның функциялары қандай?»)."""
        named = [
            (t.surface.replace(",", "."), story is not None and story[i])
            for i, t in enumerate(tokens)
            if t.type is TokenType.LEVEL
        ]
        asked = frozenset(level for level, in_story in named if not in_story)
        if asked_only:
            return asked
        return (asked or frozenset(level for level, _ in named)) | self._level_groups(tokens)

    def _level_nouns_at(self, tokens: Sequence[AnalyzedToken]) -> list[int]:
        """Positions of "деңгей" right after a level, a case ending written apart between."""
        return [i for i, before in self._after_level_noun(tokens) if before is not None]

    def _level_groups(self, tokens: Sequence[AnalyzedToken]) -> frozenset[str]:
        """«6-деңгейлі маман», «4 деңгейдегі»: a whole level is its three sub-levels."""
        return frozenset(
            f"{before.surface}.{sub}"
            for _, before in self._after_level_noun(tokens)
            if before is not None and before.type is TokenType.NUMBER
            and before.surface in LEVEL_GROUPS
            for sub in (1, 2, 3)
        )  # fmt: skip

    def _after_level_noun(
        self, tokens: Sequence[AnalyzedToken]
    ) -> list[tuple[int, AnalyzedToken | None]]:
        """Each "деңгей" with the level or number before it, an ordinal or case ending
        written apart («6-шы деңгей», «4.2 - ге») between."""
        found: list[tuple[int, AnalyzedToken | None]] = []
        for i, token in enumerate(tokens):
            if token.type is not TokenType.WORD or not _single_letters(token.folded).startswith(
                self._level_nouns
            ):
                continue  # «деннгейде»: a letter typed twice
            before = [t for t in tokens[max(0, i - 2) : i] if t.type is not TokenType.WORD or
                      len(t.folded) > 3]  # fmt: skip
            named = before[-1] if before else None
            ok = named is not None and named.type in (TokenType.LEVEL, TokenType.NUMBER)
            found.append((i, named if ok else None))
        return found


def _single_letters(word: str) -> str:
    """The word with each letter typed twice in a row typed once («деннгей» → денгей)."""
    return "".join(letter for k, letter in enumerate(word) if k == 0 or letter != word[k - 1])


def _key(analyzer: Analyzer, word: str) -> str:
    """A cue word's primary term in Russian-keyboard spelling, as typed queries give it."""
    terms = analyzer.word_terms(word)
    return fold_russian_keyboard(terms[0] if terms else word)
