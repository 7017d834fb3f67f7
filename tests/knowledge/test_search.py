"""Search quality and behaviour on the bundled knowledge base."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.assistant import Assistant
from knowledge.discourse.reader import MessageReader
from knowledge.document import KnowledgeDocument
from knowledge.entries import Entry, Kind
from knowledge.search.index import PREFIX, SearchIndex, typo_budget
from knowledge.search.intent import IntentReader, Want
from knowledge.search.query import QueryParser, SynonymMatcher
from knowledge.search.quoting import TypedWords
from knowledge.search.ranking import Hit, Ranker
from knowledge.search.typos import (
    DELETION_INDEX_FROM,
    ScanNeighbours,
    TypoNeighbours,
    deletions,
    typo_neighbours,
)
from tests.conftest import komekshi_command
from tests.support.checks import present
from tests.support.scoring import load_set, score

REGRESSION = Path(__file__).parent / "data" / "regression_queries.jsonl"
NATURAL = Path(__file__).parent / "data" / "natural_messages.jsonl"
STORIES = Path(__file__).parent / "data" / "story_messages.jsonl"
BLIND = Path(__file__).parent / "data" / "blind_messages.jsonl"
BLIND_5, BLIND_6, BLIND_7 = (
    Path(__file__).parent / "data" / f"blind{n}_messages.jsonl" for n in (5, 6, 7)
)
PARAPHRASE = Path(__file__).parent / "data" / "paraphrase_messages.jsonl"


@pytest.fixture(scope="module")
def search_index(entries: list[Entry], analyzer: Analyzer) -> SearchIndex:
    return SearchIndex.build(entries, analyzer)


@pytest.mark.parametrize(
    ("path", "hit_at_1", "hit_at_3", "messages"),
    [
        pytest.param(REGRESSION, 0.96, 0.99, False, id="regression"),
        pytest.param(NATURAL, 0.95, 0.98, True, id="natural"),
        pytest.param(STORIES, 0.95, 0.97, True, id="stories"),
        pytest.param(BLIND, 0.94, 0.96, True, id="blind"),
        pytest.param(BLIND_5, 0.92, 0.94, True, id="blind5"),
        pytest.param(BLIND_6, 0.95, 0.98, True, id="blind6"),
        pytest.param(BLIND_7, 0.92, 0.95, True, id="blind7"),
        pytest.param(PARAPHRASE, 0.70, 0.77, True, id="paraphrase"),
    ],
)
def test_our_question_sets_meet_their_floors(
    assistant: Assistant, path: Path, hit_at_1: float, hit_at_3: float, messages: bool
) -> None:
    """Our own sets, each written from the standard apart from the development sets:
    keyword-style regression questions, 0.981 / 1.000 today; natural messages (long
    polite ones, panic, Russian keyboard, Latin, near-domain), 0.98 / 1.00; 70 story
    messages (a greeting, who they are, a story, the question, thanks) by a second
    author, 0.983 / 1.000; 60 blind messages by an author who saw no other set and no
    code, 0.611 / 0.722 at first sight, 0.963 / 0.981 today; the fifth, sixth and
    seventh blind sets (written the same way, on 2026-12-01), 0.827 / 0.907, 0.864 /
    0.924 and 0.853 / 0.907 at first sight, 0.960 / 0.973, 0.985 / 1.000 and 0.960 /
    0.987 today; 100 paraphrased messages (2026-12-02: the question in the writer's own
    words, no three words in a row from the entry), 0.558 / 0.640 at first sight, 0.733 /
    0.802 today. All were looked at since: development sets now; the README gives the
    figures of sets nobody read.
    Every first-aid message (the keyword set asks about first aid as a topic too) is read
    as first aid."""
    items = load_set(path)
    answers = [assistant.ask(item["query"]) for item in items]
    result = score(items, [answer.as_json() for answer in answers])
    summary = "\n".join(result.misses)
    assert result.hit_at_1 >= hit_at_1, summary
    assert result.hit_at_3 >= hit_at_3, summary
    assert result.offtopic_declined >= 0.9, summary
    for item, answer in zip(items, answers, strict=True):
        if messages and "first_aid" in item["tags"] and item["expect"] is not None:
            first_aid = answer.emergency is not None or Want.FIRST_AID in answer.intent.wants
            assert first_aid, item["query"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("күйікке алғашқы көмек", "4.1/F1/T2"),
        ("kuiik", "4.1/F1/T2"),
        ("кюйик", "4.1/F1/T2"),
        ("ожог", "4.1/F1/T2"),
        ("4.3 біліктілік талабы", "4.3/requirements"),
        ("6,2 жеке құзыреттер", "6.2/competencies"),
        ("салалық біліктілік шеңбері деген не", "term/18"),
        ("СБШ деген не", "term/18"),
        ("4S09230102", "4.1/education"),
        ("бұйрық қашан қолданысқа енгізіледі", "standard/order"),
        # words of everyday care that the standard names otherwise (synonyms.yaml)
        ("ауыр науқасты жуындыру", "4.2/F1/T2"),
    ],
)
def test_known_questions_find_their_entry(assistant: Assistant, query: str, expected: str) -> None:
    answer = assistant.ask(query)
    assert answer.answered
    assert answer.hits[0].entry.id == expected, [h.entry.id for h in answer.hits]


@pytest.mark.parametrize(
    ("query", "level"),
    [
        ("4.2 деңгейге сәйкес мамандық кодтары", "4.2"),
        ("6.1 үшін қандай дипломның коды жүреді", "6.1"),
        ("6.2 mamandyq kody qandai", "6.2"),
    ],
)
def test_codes_of_specialties_are_the_education_entry(
    assistant: Assistant, query: str, level: str
) -> None:
    """The standard prints specialty and qualification codes bare (01140100, 4S09120101):
    an entry holding codes is indexed under the word «код» too, so «мамандық кодтары»
    finds the education list rather than the card that mentions its «Топ коды»."""
    answer = assistant.ask(query)
    assert answer.answered
    assert answer.hits[0].entry.id == f"{level}/education", [h.entry.id for h in answer.hits]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Мен бұрын ауруханада көп жыл істедім, міндеттерім көп болды. "
            "Енді 6.1 деңгейдің жеке құзыреттері қандай?",
            "6.1/competencies",
        ),
        (
            "Кеше жаңа қызметкер келді, бәрін сұрап жатыр, мен де ұмытып қалыппын. "
            "4.3 деңгейдің біліктілік талаптары қандай еді?",
            "4.3/requirements",
        ),
    ],
)
def test_a_short_question_at_a_level_after_a_story_is_answered(
    assistant: Assistant, message: str, expected: str
) -> None:
    """A question made of the standard's common words weighs little, but naming a level
    makes it a question of its own: the story around it does not dilute it."""
    answer = assistant.ask(message)
    assert answer.answered, [(h.entry.id, round(h.coverage, 2)) for h in answer.hits]
    assert answer.hits[0].entry.id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("6.2 деңгейдің құзыреттері", "6.2/competencies"),
        ("6.3 деңгейдің тәлімгерлігі", "6.3/F1/T1"),
    ],
)
def test_the_noun_that_names_a_level_is_no_subject(
    assistant: Assistant, query: str, expected: str
) -> None:
    """ "деңгейдің" after "6.2" only names the level: the card, whose text is full of
    «деңгей», no longer wins over the entry the question asks for."""
    answer = assistant.ask(query)
    assert answer.answered
    assert answer.hits[0].entry.id == expected, [h.entry.id for h in answer.hits]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "Мен колледжде акушерлік бойынша оқыдым, үш жыл перзентханада істедім. Акушер "
            "дипломыммен осы жұмысқа тұруға бола ма, мамандықтар тізімінде бар ма?",
            Kind.EDUCATION,
        ),
        ("стоматолог көмекшісі болып оқығанмын, мамандығым тізімде бар ма", Kind.EDUCATION),
        (
            "Онкология бөлімінде 6.1 маманмын, күнде ауыр жағдайлар, түнде ұйықтай алмаймын. "
            "6.1 маманнан күйзеліске төзімділік талап етіле ме, қандай жеке қасиеттер керек?",
            Kind.COMPETENCIES,
        ),
    ],
)
def test_a_story_asking_for_a_kind_of_entry_is_answered_with_it(
    assistant: Assistant, message: str, kind: Kind
) -> None:
    """The wording asks for the education list or the competencies and the best entry is
    one: less of the story has to match."""
    answer = assistant.ask(message)
    assert answer.answered, [(h.entry.id, round(h.coverage, 2)) for h in answer.hits]
    assert answer.hits[0].entry.kind is kind


@pytest.mark.parametrize(
    "message",
    [
        "Сәлеметсіз бе! Мен 4.2 деңгейдегі күтім жұмыскерімін, ауруханада істеймін. Ертең "
        "демалыс, балаларды қай кинотеатрға апарсам болады?",
        "Қайырлы күн! Біздің бөлімде пациенттерге тамақ таратамыз. Бешбармаққа қанша ет "
        "керек, қалай пісіремін?",
        "Сәлем! Мен әлеуметтік жұмыс маманымын, 6.1 деңгей. Жаңа телефон алайын деп едім, "
        "қай маркасы жақсы?",
        "Ауруханада күтім жұмыскерімін, жалақым аз. Несие алу үшін банкке қандай құжат апарамын?",
        "Сәлеметсіз бе, бөлімде телевизор бұзылып қалды, оны қалай жөндеймін?",
    ],
)
def test_a_story_from_work_around_an_unrelated_question_is_declined(
    assistant: Assistant, message: str
) -> None:
    """The story may be all hospital and patients: what is asked decides."""
    assert not assistant.ask(message).answered


@pytest.mark.parametrize(
    "message",
    [
        "Қызым заңгер болғысы келеді, оған қандай жеке қасиеттер керек?",
        "Бухгалтерияда инфляция деген ұғымды жиі айтады, оның анықтамасы қандай?",
        "Ұлым университетке түсті, программист мамандығы бойынша қандай диплом береді?",
    ],
)
def test_asking_for_a_kind_about_something_else_is_declined(
    assistant: Assistant, message: str
) -> None:
    """A subject the standard never names (a lawyer, inflation) is what is asked."""
    assert not assistant.ask(message).answered


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("6.1 деңгейге білім жағынан не талап етіледі?", "6.1/requirements"),
        ("4.3 деңгейге қандай білім мен сертификат талап етіледі?", "4.3/requirements"),
    ],
)
def test_a_light_verb_in_the_passive_is_grammar(
    assistant: Assistant, query: str, expected: str
) -> None:
    """ "талап етіледі" (is required): the noun carries the meaning, as in "талап етеді"."""
    answer = assistant.ask(query)
    assert answer.answered
    assert present(answer.best).entry.id == expected
    assert present(answer.best).coverage > 0.9


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("кәсіби топ деген не озы", "term/13"),
        ("бейінді маман деген кім өзі ей", "term/1"),
        ("Стандартта кәсіби кіші топ қалай анықталған?", "term/11"),  # the passive
    ],
)
def test_a_definition_asked_by_its_name_is_answered_despite_typos_around(
    assistant: Assistant, query: str, expected: str
) -> None:
    """ "X деген не": when every word the standard knows is the term's own name, a
    mistyped particle beside it («озы», «ей») does not make the answer unsure."""
    answer = assistant.ask(query)
    assert answer.answered
    assert present(answer.best).entry.id == expected


def test_the_role_named_prefers_its_levels(assistant: Assistant) -> None:
    """«күтім жұмыскері» is the title of the 4.x cards: without a level named, a question
    about that role is answered at those levels, not at 6.3 because of «университет»."""
    answer = assistant.ask(
        "Университетті бітіргенмін, курстардан өтпедім. "
        "Күтім жұмыскеріне сертификат немесе куәлік міндетті ме?"
    )
    assert answer.answered
    assert present(answer.best).entry.level in ("4.1", "4.2", "4.3")


@pytest.mark.parametrize(
    ("message", "answering", "listing"),
    [
        pytest.param(  # the card of a level the message names is a candidate, no more
            "Сәлем! Мен 4.3 деңгейдемін, аурухананың күтім бөлімінде істеймін. Әріптестерім "
            "көрсететін қызметтердің көлемі мен сапасын тексеріп, сараптама жасау менің "
            "жұмысыма кіре ме? Рахмет!",
            "4.3/A1/T1",
            "4.3",
            id="task-over-card",
        ),
        pytest.param(  # a function lists its tasks by title; the task holds the skills
            "Мен 4.2 деңгейдемін. Өзін-өзі күте алмайтын ауыр науқасты жуындырып, тырнағын "
            "алып, төсек жаймасын ауыстыру менің міндетім бе?",
            "4.2/F1/T2",
            "4.2/F1",
            id="task-over-function",
        ),
        pytest.param(  # «... міндетіне жата ма» asks about one duty, however short
            "Еріктілер қозғалысын дамыту 6.2 деңгейдегі маманның міндетіне жата ма?",
            "6.2/F3/T1",
            "6.2/F3",
            id="belongs-to-the-work",
        ),
    ],
)
def test_a_question_that_asks_much_keeps_the_task_above_what_lists_it(
    assistant: Assistant, message: str, answering: str, listing: str
) -> None:
    ranked = [hit.entry.id for hit in assistant.ask(message).hits]
    assert answering in ranked
    assert listing not in ranked or ranked.index(answering) < ranked.index(listing)


def test_the_active_verb_asks_for_a_duty_not_a_definition(assistant: Assistant) -> None:
    """«анықтау» (to identify) is a duty; only its passive («анықталған») asks what a
    term means."""
    answer = assistant.ask("зорлық-зомбылықты анықтау кімнің міндеті")
    assert Want.TERM not in answer.intent.wants
    assert answer.answered and present(answer.best).entry.kind is Kind.TASK


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("6.1 міндеттері", "6.1"),
        ("6.1 маман не істейді", "6.1"),
        ("4.2 функциялары", "4.2"),
        ("4.2 деңгейдің негізгі функцияларын тізіп беріңізші", "4.2"),
        ("6.3 міндетті еңбек функциялары қандай", "6.3"),
        ("6.1 маманның құзыреттері", "6.1/competencies"),
        ("4.2 жұмыскерінің біліктілік талаптары", "4.2/requirements"),
    ],
)
def test_a_level_with_only_a_kind_asked_opens_that_list(
    assistant: Assistant, question: str, first: str
) -> None:
    """Duties at a level and nothing else are all of them, which the card lists; the role
    after a level («6.1 маманның») only names the level."""
    answer = assistant.ask(question)
    assert answer.answered and present(answer.best).entry.id == first


@pytest.mark.parametrize(
    ("question", "want", "first"),
    [
        ("биликтилик деген термин не маганасы", Want.TERM, "term/3"),  # мағынасы
        ("6.1 маманның кұзырттері", Want.COMPETENCIES, "6.1/competencies"),
        ("6.1 маманнын мідеттері қандай, негізгі функцияларын айтыныз", Want.DUTIES, "6.1"),
    ],
)
def test_a_cue_word_with_a_typo_still_steers(
    assistant: Assistant, question: str, want: Want, first: str
) -> None:
    """A long cue word is met with one typo: unmet, it would be a word no entry has."""
    answer = assistant.ask(question)
    assert want in answer.intent.wants
    assert answer.answered and present(answer.best).entry.id == first


@pytest.mark.parametrize(
    "query", ["ауа райы болжамы", "доллар бағамы", "футбол", "qwerty", "😀", "!!!???", "", "   "]
)
def test_off_topic_questions_are_declined(assistant: Assistant, query: str) -> None:
    assert not assistant.ask(query).answered


@pytest.mark.parametrize(
    ("query", "levels"),
    [
        ("6-деңгейлі маманға қандай білім керек", {"6.1", "6.2", "6.3"}),
        ("4 деңгейдегі күтушінің жеке құзыреттері", {"4.1", "4.2", "4.3"}),
        ("6 уровня обязанности", {"6.1", "6.2", "6.3"}),
        ("жарақаттың 2 деңгейі", set()),  # not a level of the standard
    ],
)
def test_a_whole_level_is_its_three_sub_levels(
    assistant: Assistant, query: str, levels: set[str]
) -> None:
    answer = assistant.ask(query)
    assert answer.intent.levels == levels
    if levels:
        assert answer.answered and present(answer.best).entry.level in levels


def test_a_level_in_the_question_restricts_to_that_card(assistant: Assistant) -> None:
    for level in ("4.1", "4.2", "4.3", "6.1", "6.2", "6.3"):
        answer = assistant.ask(f"{level} деңгейдің міндеттері")
        assert answer.answered and answer.hits[0].entry.level == level
        assert answer.hits[0].entry.kind in (Kind.CARD, Kind.FUNCTION)


def test_every_function_and_task_is_found_by_its_title_and_level(
    assistant: Assistant, entries: list[Entry]
) -> None:
    for entry in entries:
        if entry.kind not in (Kind.FUNCTION, Kind.TASK):
            continue
        top = assistant.ask(f"{entry.level} {entry.title}").hits[0].entry
        assert (top.level, top.title) == (entry.level, entry.title), entry.id


def test_every_term_is_found_by_its_name(assistant: Assistant, entries: list[Entry]) -> None:
    for entry in entries:
        if entry.kind is Kind.TERM:
            top = assistant.ask(f"{entry.title} деген не").hits[0].entry
            assert top.id == entry.id, (entry.title, top.id)


def test_switching_stemming_off_loses_answers(
    entries: list[Entry], document: KnowledgeDocument
) -> None:
    """The stemmer earns its place: without it our regression, natural and story messages
    score worse together (0.935 against 0.842 hit@1 with the bundled synonyms; the
    gap is widest on story messages, 0.867 against 0.683)."""
    items = [*load_set(REGRESSION), *load_set(NATURAL), *load_set(STORIES)]
    synonyms = [g.phrases for g in document.synonyms]
    stemmed = Assistant.from_entries(entries, Analyzer(), synonyms)
    unstemmed = Assistant.from_entries(entries, Analyzer(stemming=False), synonyms)
    with_stems = score(items, [stemmed.ask(i["query"]).as_json() for i in items])
    without = score(items, [unstemmed.ask(i["query"]).as_json() for i in items])
    assert with_stems.hit_at_1 - without.hit_at_1 >= 0.06, (with_stems.hit_at_1, without.hit_at_1)
    assert "тыныс алу" in stemmed.ask("тыныс алу жиілігін өлшеуді үйрену").hits[0].entry.text


def test_alternatives_are_offered_only_when_close(assistant: Assistant) -> None:
    answer = assistant.ask("үздіксіз кәсіби даму")  # the same function on every card
    assert len(answer.close_alternatives()) == 3
    assert all(h.entry.title == "Үздіксіз кәсіби даму" for h in answer.close_alternatives())


# --- the index agrees with a brute-force scan -------------------------------------------


def _brute_lookup(index: SearchIndex, term: str) -> set[str]:
    out = {term} if term in index.postings else set()
    vocabulary = list(index.postings)
    if len(term) >= 4 and not term.isdigit():
        out |= {
            v
            for v in vocabulary
            if v.startswith(term) and len(v) - len(term) <= max(3, len(term) // 2)
        }
    if len(term) >= 5 and not term.isdigit():
        out |= {v for v in vocabulary if term.startswith(v) and 1 <= len(term) - len(v) <= 3
                and len(v) >= 4}  # fmt: skip
    budget = typo_budget(len(term))
    if budget and not (term in index.postings and len(term) < 5):
        typed = fold_russian_keyboard(term)  # typos count in Russian-keyboard spelling
        out |= {v for v in vocabulary if OSA.distance(typed, v) <= budget}
    if term in index.postings and len(term) < 5:
        return {term}
    return out


@given(
    st.sampled_from(
        [
            "күйік",
            "куйик",
            "кюйик",
            "біліктілік",
            "биликтилик",
            "құжатама",
            "тәлімгрлік",
            "пациент",
            "жара",
            "медицина",
            "стандарт",
            "функциясы",
        ]
    )
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_indexed_lookup_equals_brute_force(
    search_index: SearchIndex, analyzer: Analyzer, word: str
) -> None:
    index = search_index
    for term in analyzer.word_terms(word)[:2]:
        found = {m.term for m in index.lookup(term)}
        assert found == _brute_lookup(index, term), term
        assert all(m.weight <= 1.0 for m in index.lookup(term))
        assert all(
            m.weight == PREFIX
            for m in index.lookup(term)
            if m.term.startswith(term)
            and m.term != term
            and OSA.distance(term, m.term) > typo_budget(len(term))
        )


# --- bad input --------------------------------------------------------------------------


@given(
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So"]), max_size=50),
        st.sampled_from(
            [
                "'; DROP TABLE entry; --",
                "SELECT * FROM kb_version",
                "4.2'--",
                "күйік kuiık кюйик 4,2 6.1 3412-0",
                "\x00\x01\x02",
                "🔥" * 300,
            ]
        ),
    )
)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_input_gets_an_answer_or_an_honest_nothing(assistant: Assistant, query: str) -> None:
    answer = assistant.ask(query)
    assert isinstance(answer.answered, bool)
    assert answer.answered == bool(answer.best)
    assert all(h.coverage <= 1.0 + 1e-9 for h in answer.hits)


def test_very_long_questions_are_cut_not_refused(assistant: Assistant) -> None:
    query = "күйікке алғашқы көмек " * 500
    assert len(query) > 10_000
    answer = assistant.ask(query)
    assert answer.answered and answer.hits[0].entry.id == "4.1/F1/T2"


@given(
    st.sampled_from(["күйік", "кюйик", "жарақат", "біліктілік", "медицина", "стандарт"]),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["", "а", "ж", "қ"]),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_typo_neighbours_equal_a_scan_of_the_vocabulary(
    search_index: SearchIndex, word: str, at: int, letter: str
) -> None:
    """The deletion index (long-lived processes) and the scan by length (one-shot ones) find
    what comparing with every term finds, in the same order."""
    at = at % (len(word) + 1)
    typed = word[:at] + letter + word[at + 1 :]
    budget = max(1, typo_budget(len(typed)))
    vocabulary = sorted(search_index.postings)
    scanned = sorted(
        (
            (term, OSA.distance(typed, term))
            for term in vocabulary
            if abs(len(term) - len(typed)) <= budget and OSA.distance(typed, term) <= budget
        ),
        key=lambda pair: (pair[1], len(pair[0]), pair[0]),
    )
    assert TypoNeighbours(vocabulary).near(typed, budget) == scanned
    assert ScanNeighbours(vocabulary).near(typed, budget) == scanned


def test_only_a_one_shot_process_on_a_small_vocabulary_scans() -> None:
    small = ["күтім", "күйік"]
    large = [f"сөз{n:05d}" for n in range(DELETION_INDEX_FROM)]
    assert isinstance(typo_neighbours(small, long_lived=False), ScanNeighbours)
    assert isinstance(typo_neighbours(small), TypoNeighbours)
    assert isinstance(typo_neighbours(large, long_lived=False), TypoNeighbours)


def test_deletions_reach_every_string_a_few_letters_shorter() -> None:
    assert deletions("абв", 1) == {"абв", "бв", "ав", "аб"}
    assert deletions("абв", 2) == {"абв", "бв", "ав", "аб", "а", "б", "в"}
    assert deletions("аа", 1) == {"аа", "а"}


@pytest.mark.parametrize(
    "message",
    [
        "ожог",
        "Сәлеметсіз бе, атам құлап қалды, қан қысымы көтерілді, не істеу керек?",
        "күтім жұмыскерінің міндеттері қандай",
    ],
)
def test_group_scores_hold_exactly_the_entries_a_concept_matches(
    document: KnowledgeDocument, search_index: SearchIndex, analyzer: Analyzer, message: str
) -> None:
    """Sparse scores: the matched entries ascending, each with the best of its terms."""
    ranker = Ranker(search_index, analyzer)
    synonyms = SynonymMatcher([g.phrases for g in document.synonyms], analyzer)
    parser = QueryParser(analyzer, synonyms, IntentReader(analyzer))
    everyone = np.arange(len(search_index))
    for group in parser.parse(message).groups:
        scored = ranker.group_scores(group)
        assert np.all(np.diff(scored.docs) > 0) and np.all(scored.score > 0)
        assert set(np.flatnonzero(scored.contains(everyone))) == set(scored.docs.tolist())
        matches = ranker.slot_matches(group.alternatives[0][0])
        if len(group.alternatives) == 1 and len(group.alternatives[0]) == 1 and matches:
            rarity = max(
                search_index.idf[t] for t in matches if matches[t] == max(matches.values())
            )
            best = np.zeros(len(search_index))
            for term, weight in matches.items():
                docs, weights = search_index.postings[term]
                values = weights * (weight * min(search_index.idf[term], rarity))
                best[docs] = np.maximum(best[docs], values)
            assert np.array_equal(np.flatnonzero(best), scored.docs)
            assert np.array_equal(best[scored.docs], scored.score)


def test_a_words_cached_scores_cannot_be_changed_by_a_caller(
    search_index: SearchIndex, analyzer: Analyzer
) -> None:
    """Scores are kept per word and shared by every message that has it: read-only."""
    ranker = Ranker(search_index, analyzer)
    parser = QueryParser(analyzer, SynonymMatcher([], analyzer), IntentReader(analyzer))
    (group,) = parser.parse("күйік").groups
    first, again = ranker.group_scores(group), ranker.group_scores(group)
    assert first.score is again.score
    with pytest.raises(ValueError, match="read-only"):
        first.score[0] = 0.0


def test_a_synonym_groups_cached_scores_are_shared_and_read_only(
    search_index: SearchIndex, analyzer: Analyzer
) -> None:
    """A concept with synonyms is worked out once for every message that has it."""
    ranker = Ranker(search_index, analyzer)
    synonyms = SynonymMatcher([["күйік", "ожог"]], analyzer)
    parser = QueryParser(analyzer, synonyms, IntentReader(analyzer))
    (group,) = parser.parse("ожог").groups
    (same,) = parser.parse("Ожог").groups
    assert len(group.alternatives) == 2
    first, again = ranker.group_scores(group), ranker.group_scores(same)
    assert first is again and len(first.docs)
    with pytest.raises(ValueError, match="read-only"):
        first.share[0] = 0.0


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # the function named, then the task's words: the task is what is asked
        (
            "6.3 деңгейдің үздіксіз кәсіби даму функциясында жаңа әдістерді енгізу туралы не бар",
            "6.3/A2/T1",
        ),
        ("4.1 үздіксіз кәсіби даму бойынша өзін-өзі дамыту", "4.1/A1/T1"),
        # a task's title, unique at the level named, quoted whole
        ("6.1 деңгейдегі қоғамдық және кәсіби қызметке қатысу деген не", "6.1/A1/T1"),
        # the function alone stays the function
        ("6.1 үздіксіз кәсіби даму функциясы", "6.1/A1"),
    ],
)
def test_a_task_named_within_its_function_comes_first(
    assistant: Assistant, question: str, first: str
) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.hits[0].entry.id == first


def test_a_task_raised_over_a_raised_function_stays_above_it(
    assistant: Assistant, search_index: SearchIndex, analyzer: Analyzer
) -> None:
    """A story can put the card first: its function is raised over it, then the named
    task over the function as raised, not as it was."""
    ranker = Ranker(search_index, analyzer)
    parsed = QueryParser(analyzer, SynonymMatcher([], analyzer), IntentReader(analyzer)).parse(
        "4.1 үздіксіз кәсіби даму бойынша өзін-өзі дамыту"
    )
    typed = TypedWords([slot for group in parsed.content_groups for slot in group.alternatives[0]])
    hits = [
        Hit(entry, score, 0.5, ())
        for entry, score in (
            (assistant.entry("4.1"), 16.0),
            (assistant.entry("4.1/A1"), 14.8),
            (assistant.entry("4.1/A1/T1"), 14.5),
        )
        if entry is not None
    ]
    ranked = ranker._tasks_before_functions(hits, {"4.1/A1"}, typed)
    assert [hit.entry.id for hit in ranked] == ["4.1/A1/T1", "4.1/A1", "4.1"]


@pytest.mark.parametrize(
    ("message", "phrase_met"),
    [
        ("біліктілік анықтамалығы деген не?", True),
        ("біліктілік деген не? анықтамалығы керек", False),
        ("Біліктілік туралы сұрағым бар. Анықтамалығы қайда?", False),
    ],
)
def test_a_synonym_phrase_stays_within_its_clause(
    analyzer: Analyzer, message: str, phrase_met: bool
) -> None:
    """Two words of a phrase in different clauses are two things asked, not the phrase
    (a definition asked for, then «анықтамасы» in the next clause, once met «БА»)."""
    synonyms = SynonymMatcher([["біліктілік анықтамалығы", "БА"]], analyzer)
    parser = QueryParser(analyzer, synonyms, IntentReader(analyzer))
    parsed = parser.parse_reading(MessageReader(analyzer).read(message))
    assert any(len(g.alternatives) == 2 for g in parsed.groups) is phrase_met


def test_every_process_gives_the_same_answer(cli_env: dict[str, str]) -> None:
    """Workers answer alike: nothing in reading or ranking follows Python's per-process
    hash order (a synonym phrase met through a word's terms once did)."""
    questions = "\n".join(item["query"] for item in load_set(NATURAL)[:40]) + "\n"

    def answers(seed: str) -> list[object]:
        result = subprocess.run(
            [*komekshi_command(), "ask", "--json", "-"],
            input=questions,
            env={**cli_env, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return [
            [(r["id"], r["score"]) for r in json.loads(line)["results"]]
            for line in result.stdout.splitlines()
        ]

    assert answers("0") == answers("4") == answers("7")


def test_a_title_is_found_where_its_first_word_stands_again(analyzer: Analyzer) -> None:
    """The title's first word may stand alone earlier in the message: the quotation is
    where the whole title follows it; a one-word title quotes nothing."""
    parsed = QueryParser(analyzer, SynonymMatcher([], analyzer), IntentReader(analyzer)).parse(
        "күтім туралы сұрадым, ал күтім жұмыскері дегеніміз кім"
    )
    typed = TypedWords([slot for group in parsed.content_groups for slot in group.alternatives[0]])

    def key(title: str) -> str:
        return " ".join(fold_russian_keyboard(t.terms[0]) for t in analyzer.analyze(title))

    span = typed.span(key("күтім жұмыскері"))
    assert span is not None and span[0] > 0
    assert typed.slots[span[0] + 1].surface == "жұмыскері"
    assert not typed.quotes(key("күтім"))
    assert not typed.quotes(key("күтім дамыту"))


def test_a_quoted_name_before_the_naming_word_is_the_term(assistant: Assistant) -> None:
    """«"науқасқа бағдарланған көмек" деген сөзді айтты. Бұл не?»: the quotation marks split
    the name from «деген», it is still the term asked about."""
    answer = assistant.ask(
        "Тренингте лектор «науқасқа бағдарланған көмек» деген сөзді жиі айтты. Бұл не?"
    )
    assert answer.answered and answer.best is not None
    assert answer.best.entry.kind is Kind.TERM
    assert "бағытталған көмек" in answer.best.entry.title


def test_the_education_list_naming_the_writers_specialty_comes_first(
    assistant: Assistant,
) -> None:
    """«геология оқыдым ... дипломым жарай ма?»: the list that names geology answers."""
    answer = assistant.ask(
        "Университетте геология оқыдым, бірақ жұмыс таппадым. Ауруханада әлеуметтік жұмыс "
        "маманы болуға менің дипломым жарай ма?"
    )
    assert answer.best is not None and answer.best.entry.kind is Kind.EDUCATION
    assert "Геология" in answer.best.entry.text


@pytest.mark.parametrize(
    ("message", "specialty"),
    [
        ("feldsher diplomym bar, kutim jumyskeri bola alamyn ba?", "Фельдшер"),
        ("мен акушеркамын, күтім жұмыскері болып жұмысқа тұруға бола ма?", "Акушер"),
    ],
)
def test_a_specialty_typed_as_people_say_it_finds_its_education_list(
    assistant: Assistant, message: str, specialty: str
) -> None:
    answer = assistant.ask(message)
    assert answer.answered and answer.best is not None
    assert answer.best.entry.kind is Kind.EDUCATION
    assert specialty in answer.best.entry.text
