"""The lexicon guard: a careful stem that is evidently wrong gives way to a known lemma, and
a listed word is not cut below itself when the cut is doubtful."""

from __future__ import annotations

import pytest

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.lexicon import Lexicon
from knowledge.analysis.stem import Stemmer, bad_final_pair


@pytest.fixture(scope="module")
def guarded() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def plain() -> Analyzer:
    return Analyzer(lexicon=Lexicon.empty())


@pytest.mark.parametrize(
    ("form", "stem", "today"),
    [
        # over-stripped dictionary forms
        ("маңызды", "маңыз", "ма"),  # under three letters
        ("маңыз", "маңыз", "ма"),
        ("мерзім", "мерзім", "мерз"),  # a pair no word ends in
        ("мерзімдерде", "мерзім", "мерзім"),
        ("белгі", "белгі", "белк"),
        ("белгілі", "белгілі", "белк"),
        ("жылғы", "жылғы", "жылқ"),
        ("жылқы", "жылқы", "жылқ"),
        ("тұрғын", "тұрғын", "тұрқ"),  # listed, and no inflected form of a known word
        # a listed word whose ending is also derivational stays whole: the adjective
        ("міндетті", "міндетті", "міндет"),
        ("тұрақты", "тұрақты", "тұрақ"),
        ("қызметті", "қызметті", "қызмет"),
        ("айқын", "айқын", "айқы"),  # unknown and ending in a vowel
        ("қазақстан", "қазақстан", "қазақс"),
        ("аурухана", "аурухана", "ауруха"),
        ("қызметін", "қызмет", "қызм"),  # a listed form gives way to its lemma
        # known careful stems stay as today
        ("терминдер", "термин", "термин"),
        ("алатын", "ал", "ал"),  # a known two-letter verb's stem: only its form is listed
        ("сақтау", "сақта", "сақта"),
        ("жасады", "жас", "жас"),
        ("актілер", "акті", "акті"),  # the curated supplement knows акті
        ("тізілімінде", "тізілім", "тізілім"),  # unknown, one final consonant: left alone
        ("келді", "келд", "келд"),  # келді is a listed past tense of кел-, no lemma
        ("жасақ", "жа", "жа"),  # looks like жа-сақ of жау: the guard cannot tell
        ("үйде", "үйде", "үйде"),
        ("баста", "баста", "баста"),
        ("білім", "білім", "білім"),
    ],
)
def test_primary_stems(
    guarded: Analyzer, plain: Analyzer, form: str, stem: str, today: str
) -> None:
    assert plain.word_terms(form)[0] == today
    terms = guarded.word_terms(form)
    assert terms[0] == stem
    assert today in terms  # search still meets the careful stem


def test_the_careful_stem_is_the_second_term(guarded: Analyzer) -> None:
    assert guarded.word_terms("мерзім")[:2] == ("мерзім", "мерз")


def test_final_pairs() -> None:
    assert bad_final_pair("мерз") and bad_final_pair("қазақс")
    assert not bad_final_pair("жұрт") and not bad_final_pair("текст") and not bad_final_pair("ма")


def test_a_lexicon_is_passed_in_not_shared() -> None:
    small = Stemmer.default(Lexicon.of(["мерзім"]))
    assert small.stem("мерзім")[0] == "мерзім"
    assert Stemmer.default().stem("мерзім")[0] == "мерз"


def test_lexicon_lookups() -> None:
    lexicon = Lexicon.of(["а", "мерзім", "төсек"], verbs=["баста"])
    assert lexicon.knows_word("мерзім") and lexicon.knows_word("а") and lexicon.knows_word("төсек")
    assert not lexicon.knows_word("мерзі") and not lexicon.knows_word("я")
    assert lexicon.knows_verb("баста") and not lexicon.knows_word("баста")
    assert not Lexicon.empty().knows("а") and not Lexicon.empty()


def test_packaged_lexicon_has_the_dictionary_and_the_supplement() -> None:
    lexicon = Lexicon.packaged()
    assert lexicon.knows_word("мерзім") and lexicon.knows_verb("баста")
    assert lexicon.knows_word("акті")  # the supplement


def test_the_lexicon_is_part_of_the_fingerprint(guarded: Analyzer, plain: Analyzer) -> None:
    assert guarded.version != plain.version
    one = Analyzer(lexicon=Lexicon.of(["мерзім"]))
    assert one.version != Analyzer(lexicon=Lexicon.of(["мерзім", "белгі"])).version
    assert one.version == Analyzer(lexicon=Lexicon.of(["мерзім"])).version
    assert Analyzer().version == guarded.version
