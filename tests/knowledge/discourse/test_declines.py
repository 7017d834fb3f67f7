"""Near-domain questions the standard cannot answer are told from those it can."""

from __future__ import annotations

import pytest

from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.discourse.declines import Decline, DeclineDetector


@pytest.fixture(scope="module")
def detector() -> DeclineDetector:
    return DeclineDetector()


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("күтім жұмыскерінің айлығы қанша теңге", Decline.AMOUNT),
        ("4.2 деңгейде жалақы қанша", Decline.AMOUNT),
        ("жылына неше күн демалыс береді", Decline.AMOUNT),
        ("сколько получает соцработник", Decline.AMOUNT),
        ("курс қанша тұрады, бағасы қандай", Decline.AMOUNT),
        ("зейнетке неше жаста шығамыз", Decline.AMOUNT),
        ("мүгедектік жәрдемақысы айына қанша", Decline.AMOUNT),
        ("парацетамолды неше таблетка беруге болады", Decline.MEDICAL),
        ("анальгин дозасы қанша", Decline.MEDICAL),
        ("бұл қандай ауру, диагноз қойыңызшы", Decline.MEDICAL),
        ("что за болезнь у бабушки", Decline.MEDICAL),
        ("аурухананың телефон нөмірін жіберіңізші", Decline.CONTACT),
        ("әлеуметтік бөлімнің мекенжайы қайда", Decline.CONTACT),
    ],
)
def test_amounts_doses_diagnoses_and_numbers_are_declined(
    detector: DeclineDetector, analyzer: Analyzer, message: str, reason: Decline
) -> None:
    assert detector.detect(analyzer.analyze(message)) is reason


@pytest.mark.parametrize(
    "message",
    [
        "жалақы мен демалыс қалай белгіленеді",
        "еңбек жағдайлары қандай",
        "тыныс алу жиілігін минутына неше рет санау керек",
        "4.2 деңгейде неше еңбек функциясы бар",
        "дәрі-дәрмекті қабылдауды бақылау",
        "жаңа диагностикалық әдістер",
        "пациенттің туыстарымен байланыс",
        "қанша жыл оқу керек 6.1 деңгейге",
        "стандарт қашан бекітілген, бұйрық нөмірі қандай",
        "приказтың номері қандай",
        "қанша қызмет көрсетілгенін тексеріс жасап бағалау менің функциям ба",
        "күнделікті неше науқасты бағалау керек",
    ],
)
def test_questions_the_standard_answers_are_not_declined(
    detector: DeclineDetector, analyzer: Analyzer, message: str
) -> None:
    assert detector.detect(analyzer.analyze(message)) is None


@pytest.mark.parametrize(
    "message",
    [
        "Сәлеметсіз бе. Мен телефонды жақсы білмеймін, қызым жазып берді. Ауыр науқасқа "
        "гигиеналық көмек көрсету менің міндетім бе?",
        "Телефон нөмірімді жаңа бастығыма бердім. Пациенттің туыстарын гигиеналық "
        "күтімге оқыту менің міндетім бе?",
    ],
)
def test_a_story_that_mentions_a_phone_is_still_answered(
    assistant: Assistant, message: str
) -> None:
    """Only what is asked can be declined: the story around it may name anything."""
    answer = assistant.ask(message)
    assert answer.declined is None
    assert answer.answered, [h.entry.id for h in answer.hits]


def test_a_number_asked_for_after_a_story_is_declined(assistant: Assistant) -> None:
    message = "Кеше пациентке гигиеналық көмек көрсеттім. Аурухананың телефон нөмірін жіберіңізші?"
    assert assistant.ask(message).declined is Decline.CONTACT
