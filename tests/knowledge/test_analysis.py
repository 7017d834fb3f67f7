"""Kazakh text analysis: tables of real inputs and the properties analysis must keep."""

from __future__ import annotations

import json
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import canonical, fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType, count_words, tokenize
from knowledge.analysis.translit import latin_to_cyrillic
from tests.conftest import komekshi_command


def test_nfc_first_keeps_a_decomposed_short_i_in_one_word(analyzer: Analyzer) -> None:
    decomposed = unicodedata.normalize("NFD", "күйік")
    assert len(decomposed) > len("күйік")
    assert analyzer.word_terms(decomposed) == analyzer.word_terms("күйік")
    assert [t.text for t in tokenize(canonical(decomposed))] == ["күйік"]


@pytest.mark.parametrize(
    ("kazakh", "typed"),
    [
        ("әлеуметтік", "алеуметтик"),
        ("қағидалары", "кагидалары"),
        ("өңдеу", "ондеу"),
        ("құзырет", "кузырет"),
        ("үйде", "уйде"),
        ("һәм", "хам"),
    ],
)
def test_russian_keyboard_folding(kazakh: str, typed: str) -> None:
    assert fold_russian_keyboard(kazakh) == typed


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("alghashqy", "алғашқы"),
        ("kömek", "көмек"),
        ("kuiık", "куйік"),
        ("kuiik", "куйік"),
        ("biliktilik", "біліктілік"),
        ("talaptary", "талаптары"),
        ("ūlttyq", "ұлттық"),
        ("şeñber", "шеңбер"),
        ("zhumys", "жумыс"),
        # "y" after a vowel is й: Kazakh has no vowel before ы
        ("qanday", "қандай"),
        ("boyynsha", "бойынша"),
        ("dayyn", "дайын"),
        ("tynys", "тыныс"),
        ("oyanbai", "оянбай"),
        # "c" belongs to no Kazakh Latin alphabet: loanwords, ц before a front vowel
        ("funkciasy", "функціасы"),
        ("licenzia", "ліцензіа"),
        ("kolledj", "колледж"),
        ("practika", "практіка"),
    ],
)
def test_latin_transliteration(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


def test_tokens_keep_levels_and_codes() -> None:
    tokens = tokenize(canonical("4,2 деңгей 3412-0 4S09120101, 6В012 және № 146"))
    assert [(t.text, t.type) for t in tokens] == [
        ("4.2", TokenType.LEVEL),
        ("деңгей", TokenType.WORD),
        ("3412-0", TokenType.CODE),
        ("4s09120101", TokenType.CODE),
        ("6в012", TokenType.CODE),
        ("және", TokenType.WORD),
        ("146", TokenType.NUMBER),
    ]


def test_apostrophes_quote_a_word_or_spell_it() -> None:
    tokens = tokenize(canonical("'Еңбек функциясы' деген сөз, o'qu, `' '"))
    assert [t.text for t in tokens] == ["еңбек", "функциясы", "деген", "сөз", "o'qu"]


@pytest.mark.parametrize(
    ("forms", "lemma"),
    [
        (["күйік", "күйікке", "күйігі", "күйікті", "kuiık", "куйик"], "күйік"),
        (
            ["біліктілік", "біліктілігі", "біліктілігін", "біліктілікке", "биликтилиги"],
            "біліктілік",
        ),
        (["міндет", "міндеттері", "міндеттерім", "міндеттерді", "миндеттери"], "міндет"),
        (["пациент", "пациенттер", "пациенттерге", "пациенттің", "пациенттердің"], "пациент"),
        (["құжаттама", "құжаттаманы", "құжаттамасын", "кужаттаманы"], "құжаттама"),
        (["талап", "талаптары", "талабы", "талаптарға"], "талап"),
        (["соғу", "соқса", "соқты"], "соқ"),
        (["тогы", "ток"], "ток"),
        (["суға", "су"], "су"),
    ],
)
def test_inflected_forms_meet_their_lemma(analyzer: Analyzer, forms: list[str], lemma: str) -> None:
    lemma_terms = {fold_russian_keyboard(t) for t in analyzer.word_terms(lemma)}
    for form in forms:
        terms = {fold_russian_keyboard(t) for t in analyzer.word_terms(form)}
        assert terms & lemma_terms, (form, terms, lemma_terms)


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("обязанностьтары", "обязанность"),  # a Russian word with Kazakh endings
        ("рольдері", "роль"),
        ("требованиялары", "требован"),  # ... stemmed the Russian way as well
        ("обязанностьтарым", "обязан"),
    ],
)
def test_russian_words_with_kazakh_endings(analyzer: Analyzer, word: str, term: str) -> None:
    assert term in analyzer.word_terms(word)


def test_derivation_stays_apart_in_the_primary_term(analyzer: Analyzer) -> None:
    assert analyzer.word_terms("біліктілік")[0] != analyzer.word_terms("білім")[0]
    assert analyzer.word_terms("баста")[0] == "баста"  # a bare stem is not cut as a locative
    assert analyzer.word_terms("арна")[0] == "арна"


def test_stop_words_and_careful_words(analyzer: Analyzer) -> None:
    stops = {t.surface for t in analyzer.analyze("қандай деген не ма ба және") if t.stop}
    assert stops == {"қандай", "деген", "не", "ма", "ба", "және"}
    kept = [t for t in analyzer.analyze("ауыр керек кейін") if not t.stop]
    assert [t.surface for t in kept] == ["ауыр", "керек", "кейін"]
    capital = analyzer.analyze("БА деген не")[0]
    assert capital.surface == "ба" and not capital.stop  # an abbreviation, not a particle


def test_auxiliary_after_a_converb_is_not_content(analyzer: Analyzer) -> None:
    tokens = analyzer.analyze("күйіп қалды")
    assert [t.stop for t in tokens] == [False, True]
    assert not analyzer.analyze("қалды")[0].stop


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("6.3 тегі еңбек", [False, True, False]),
        ("4.2 де есеп", [False, True, False]),
        ("4.1 ге кім", [False, True, True]),
        ("тегі қандай", [False, True]),  # not after a level: a word of its own
    ],
)
def test_a_case_ending_typed_apart_from_its_level_is_grammar(
    analyzer: Analyzer, text: str, stops: list[bool]
) -> None:
    assert [t.stop for t in analyzer.analyze(text)] == stops


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_canonical_is_idempotent(text: str) -> None:
    assert canonical(canonical(text)) == canonical(text)


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_analysis_never_fails_and_terms_are_clean(text: str) -> None:
    analyzer = Analyzer()
    for token in analyzer.analyze(text):
        for term in token.terms:
            assert term and term == term.lower() and not any(c.isspace() for c in term)


def test_analyze_command_prints_json_lines(cli_env: dict[str, str]) -> None:
    result = subprocess.run(
        [*komekshi_command(), "analyze", "--json", "-"],
        input="күйікке\nбіліктілігін\n",
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["word"] for line in lines] == ["күйікке", "біліктілігін"]
    assert lines[0]["terms"][0] == "күйік" and lines[1]["terms"][0] == "біліктілік"


@pytest.mark.parametrize(
    "text",
    ["", "4.2 деңгей 3412-0 коды", "'Еңбек функциясы' деген сөз", "o'qu 6B101 жаңа", "!!! ?"],
)
def test_words_are_counted_as_tokenize_gives_them(text: str) -> None:
    assert count_words(text) == sum(1 for t in tokenize(text) if t.type is TokenType.WORD)


@pytest.mark.parametrize(
    ("verb", "noun"),
    [("ақпараттандыру", "ақпарат"), ("тамақтандыруға", "тамақ"), ("қаржыландыру", "қаржы")],
)
def test_a_noun_made_a_verb_also_stands_as_the_noun(verb: str, noun: str) -> None:
    """«ақпараттандыру» (to inform) meets «ақпарат беру» (to give information) on the
    noun: a derivational stem, an extra term after the word's own."""
    analyzer = Analyzer()
    terms = analyzer.word_terms(verb)
    assert fold_russian_keyboard(noun) in terms[1:]
    assert terms[0] != noun


@pytest.mark.parametrize(("word", "stem"), [("биологпын", "биолок"), ("педагогпын", "педагок")])
def test_i_am_a_after_a_voiced_consonant_said_voiceless_comes_off(word: str, stem: str) -> None:
    """«биологпын» (I am a biologist): the final г is said and written voiceless before
    -пын; the profession meets the standard's «биологиялық» on its stem."""
    assert Analyzer().word_terms(word)[0] == stem


@pytest.mark.parametrize(("word", "stem"), [("мұғаліммін", "мұғалім"), ("маманмын", "маман")])
def test_a_noun_keeps_its_stem_before_i_am(word: str, stem: str) -> None:
    """«мұғаліммін», «маманмын» (I am a teacher, a specialist): the person ending sits on a
    noun the lexicon knows, which has no possessive or voice to take off below it."""
    assert Analyzer().word_terms(word)[0] == stem
