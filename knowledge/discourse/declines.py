"""Near-domain questions the standard cannot answer, told apart from those it can.

The standard says what a worker does and must know; it holds no amounts (a salary in
tenge, days of leave, a retirement age, a price), no medicine doses, no diagnoses and no
phone numbers. Such a question is declined honestly with where to ask; "жалақы мен
демалыс қалай белгіленеді" (how pay and leave are set) is not an amount and may still
get the working-conditions entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType


class Decline(StrEnum):
    AMOUNT = "amount"
    """Money, days, ages, prices: the employer or the law on labour, not the standard."""
    MEDICAL = "medical"
    """A dose or a diagnosis: only a doctor (in an emergency, 103)."""
    CONTACT = "contact"
    """A phone number or an address: the organisation itself."""
    STUDIES = "studies"
    """Getting into a college or university, its exams, which one to choose: the school
    itself; the standard only says which education a post requires."""


HOW_MUCH = ("қанша", "неше", "нешеге", "нешінші", "сколько", "каков", "какая сумма")
AMOUNT_TOPICS = (
    "теңге", "тенге", "ақша", "айлық", "жалақы", "еңбекақы", "зарплат", "оклад", "стоит",
    "баға", "құн", "сом", "демалыс", "отпуск", "күн", "жас", "жаста", "зейнет", "пенси",
    "жәрдемақы", "төлем", "сыйақы", "премия", "алады", "аламыз", "алам", "төлей",
    "получа", "плат", "пайыз", "процент", "несие", "кредит", "ипотек",
)  # fmt: skip
NOT_AMOUNTS = ("жаса", "бағала", "күнделік", "құнды")
"""Words that begin like an amount and are none: «жасау» (to do) is not «жас» (age),
«бағалау» (to assess) not «баға» (price), «күнделікті» (daily) not «күн» (days)."""
DOSE_TOPICS = (
    "таблетка", "доза", "дозасы", "мг", "миллиграмм", "тамшы", "укол", "екпе", "дәрі",
    "парацетамол", "анальгин", "аспирин", "ибупрофен", "антибиотик", "лекарств",
)  # fmt: skip
DIAGNOSIS = ("диагноз", "қандай ауру", "какая болезнь", "что за болезнь", "какой болезн")
CONTACT = ("телефон", "нөмір", "номер", "мекенжай", "адрес", "сайт")
"""Not «байланыс» alone: «тығыз байланыста жұмыс істеу» is the standard's (a contact number
is «байланыс телефоны», «байланыс нөмірі»)."""
NUMBERED_DOCUMENTS = ("бұйрық", "бұйрығ", "приказ", "стандарт", "құжат", "тіркеу", "тіркел")
"""A number asked of a document (the order's number) is in the standard, not a contact."""
NUMBER_WORDS = ("нөмір", "номер")
INSTITUTIONS = (
    "университет", "колледж", "медколледж", "педколледж", "институт", "академия", "вуз",
    "оқу орн", "мектеп",
)  # fmt: skip
ADMISSION = (
    "түсу", "түсті", "түсем", "түсер", "түскі", "түсейін", "түсуге", "түсуі", "қабылда",
    "емтихан", "грант", "ұбт", "поступ", "экзамен", "таңда",
)  # fmt: skip
"""Entering or choosing a school: «университетке түсу», «қай колледжді таңдаймын»."""
CONTACT_ASK = ("жібер", "бер", "айт", "қанша", "қандай", "подскаж", "скаж", "дай", "қайда")


@dataclass(frozen=True, slots=True)
class _Keys:
    how_much: tuple[str, ...]
    amount: tuple[str, ...]
    not_amounts: tuple[str, ...]
    dose: tuple[str, ...]
    diagnosis: tuple[str, ...]
    contact: tuple[str, ...]
    contact_ask: tuple[str, ...]
    institutions: tuple[str, ...]
    admission: tuple[str, ...]
    which: str
    documents: tuple[str, ...]
    numbers: tuple[str, ...]


def _folded(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold_russian_keyboard(w) for w in words)


class DeclineDetector:
    def __init__(self) -> None:
        self._keys = _Keys(
            how_much=_folded(HOW_MUCH), amount=_folded(AMOUNT_TOPICS),
            not_amounts=_folded(NOT_AMOUNTS), dose=_folded(DOSE_TOPICS),
            diagnosis=_folded(DIAGNOSIS), contact=_folded(CONTACT),
            contact_ask=_folded(CONTACT_ASK), documents=_folded(NUMBERED_DOCUMENTS),
            numbers=_folded(NUMBER_WORDS), institutions=_folded(INSTITUTIONS),
            admission=_folded(ADMISSION), which=fold_russian_keyboard("қай"),
        )  # fmt: skip

    def detect(self, tokens: Sequence[AnalyzedToken]) -> Decline | None:
        words = [t.folded for t in tokens if t.type is TokenType.WORD]
        text = " ".join(words)
        keys = self._keys
        how_much = any(w.startswith(keys.how_much) for w in words)
        if any(w.startswith(keys.dose) for w in words) and (how_much or "беруге" in text):
            return Decline.MEDICAL
        if any(phrase in text for phrase in keys.diagnosis):
            return Decline.MEDICAL
        if how_much and any(
            w.startswith(keys.amount) and not w.startswith(keys.not_amounts) for w in words
        ):
            return Decline.AMOUNT
        contacts = [w for w in words if w.startswith(keys.contact)]
        if all(w.startswith(keys.numbers) for w in contacts) and any(
            w.startswith(keys.documents) for w in words
        ):
            contacts = []  # "бұйрық нөмірі қандай": the order's number
        if contacts and any(w.startswith(keys.contact_ask) for w in words):
            return Decline.CONTACT
        if self._about_getting_in(words):
            return Decline.STUDIES
        return None

    def _about_getting_in(self, words: Sequence[str]) -> bool:
        """A school named with entering, exams or choosing («университетке түсу», «қай
        колледж жақсы»), not with a diploma held («колледжді бітірдім»)."""
        keys = self._keys
        schools = [i for i, w in enumerate(words) if w.startswith(keys.institutions)]
        if not schools:
            return False
        if any(w.startswith(keys.admission) for w in words):
            return True
        return any(i > 0 and words[i - 1] == keys.which for i in schools)
