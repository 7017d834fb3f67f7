"""Noticing a message that describes an emergency, in any script or keyboard.

An emergency is a condition (a fall, bleeding, a burn, an electric shock, choking,
fainting, not breathing, poisoning, a seizure, drowning, a fracture, a sting) told as
happening: with an urgent word ("тез", "көмек!!", "срочно"), a verb of something that
has just happened or is going on ("құлап қалды", "ағып жатыр", "упал"), or "what do I
do". "күйік туралы курс" or "қан қысымын өлшеу" name no happening: no alarm. Recall
matters more than precision: a needless "call 103" costs a line, a missing one may cost
a life.

Triggers are word beginnings, matched against the folded spelling of each word (Latin
transliterated, Russian-keyboard letters folded), so "kuiip", "куйип" and "күйіп" meet.
A trigger with followers needs one of them to begin one of the next two words; a "$"
ends a whole word ("қан$" is blood, not the beginning of "қандай").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType, count_words

Trigger = tuple[str, tuple[str, ...]]
_SENTENCE_END = re.compile(r"[.!?…\n]+")

CONDITIONS: tuple[tuple[str, tuple[Trigger, ...]], ...] = (
    ("қан кету", (
        ("қан$", ("кет", "ағ", "тоқта", "шық", "жүр", "шұбыр", "сорғала")),
        ("қаны$", ("кет", "ағ", "тоқта", "шық", "жүр")),
        ("кровотеч", ()), ("кровь$", ()), ("кровит", ()),
    )),
    ("бас сүйегінің сынуы", (
        ("бас$", ("соқ", "соғ", "ұр", "жарақат", "жарыл")),
        ("басын$", ("соқ", "соғ", "ұр", "жарақат", "жарыл")),
        ("басынан$", ("қан$", "соқ", "соғ", "жарақат")), ("басы$", ("жарыл", "қан$")),
    )),
    ("омыртқа жарақаты", (("омыртқа", ()), ("позвоноч", ()), ("сезбей", ()))),
    ("сыну", (
        ("сынған", ()), ("сынды", ()), ("сынық", ()), ("сынуы", ()), ("перелом", ()),
        ("сломал", ()), ("сынып", ("қал", "кет")),
    )),
    ("электр тогы соғу", (
        ("ток$", ("соқ", "соғ", "ұр", "тиді", "тиіп")), ("тогы", ("соқ", "соғ", "ұр")),
        ("электр", ("соқ", "соғ", "ұр")), ("током", ()), ("ударило", ("ток",)),
        ("токқа", ("түс", "ұр", "соқ", "соғ", "тиіп")),
    )),
    ("күйік", (
        ("күйік", ()), ("күйіп", ()), ("күйді", ()), ("күйген", ()), ("күйдір", ()),
        ("қайнаған", ()), ("ожог", ()), ("обжег", ()), ("обжёг", ()), ("обжг", ()),
        ("обожг", ()), ("обожж", ()),
        ("обвар", ()), ("кипят", ()),
        ("көпірш", ()),  # «терісі көпіршіп кетті»: blisters
        ("ыстық$", ("су$", "суы", "сорпа", "май$", "төгіл")), ("шай$", ("төгіл",)),
    )),
    ("ыстық және күн өту", (
        ("күн$", ("өтті", "өтіп", "өткен")), ("солнечн", ()), ("тепловой", ()),
        ("от$", ("жары$",)), ("перегрел", ()), ("ыстықтан", ("құла", "талып", "жаман")),
    )),
    ("тағамнан улану", (
        ("улан", ()), ("уланып", ()), ("отрав", ()), ("хлорка", ("ішіп",)),
        ("ағартқыш", ("ішіп",)), ("сірке", ("ішіп", "суы")), ("уксус", ()),
        ("дәрісін", ("көп",)), ("дәріні", ("көп",)), ("таблетканы", ("көп",)),
    )),
    ("үсік шалу", (("үсік", ()), ("үсіп", ()), ("обморож", ()))),
    ("ағзаларға бөгде заттардың түсуі", (
        ("қақал", ()), ("тұншық", ()), ("тұншығ", ()),
        ("тамағына", ("тұр", "кептел", "қадал", "түс")),
        ("подавил", ()), ("поперхн", ()), ("задыха", ()),
    )),
    ("жәндіктердің шағуы", (
        ("ара$", ("шақ", "шағ")), ("шағып", ()), ("шақты", ()), ("жылан", ("шақ", "шағ")),
        ("укус", ()), ("ужал", ()),
    )),
    ("суға бату", (("суға", ("бат", "кет")), ("батып", ()), ("тонет", ()), ("утон", ()))),
    ("жарақат", (
        ("құлап", ()), ("құлады", ()), ("құлаған", ()), ("жығылды", ()), ("жығылып", ()),
        ("упал", ()),
        ("кесіп", ("ал", "кет")), ("жарақат", ()), ("травм", ()), ("порезал", ()),
    )),
    ("", (  # emergencies the standard's list does not name: its first-aid task still applies
        ("есінен", ("тан", "айыр")), ("талып", ()), ("есін", ("жоғалт",)), ("сознан", ()),
        ("оянбай", ()), ("оянбайды", ()),
        ("обморок", ()), ("тыныс", ("алмай", "тоқта", "қиында", "жоқ", "тарыл")),
        ("тынысы", ("қиында", "тарыл", "жоқ", "бітіп", "тоқта")),
        ("дем$", ("алмай", "жетпей", "тоқта")), ("демі$", ("жетпей", "жоқ", "бітіп")),
        ("не$", ("дыш",)), ("құрыс", ()), ("талма", ()), ("судорог", ()), ("припад", ()),
        ("жүрек", ("тоқта", "қыс")), ("инфаркт", ()), ("көгеріп", ()),
        ("стало", ("плохо",)), ("плохо$", ()), ("халі", ("нашарла", "ауыр")),
    )),
)  # fmt: skip
URGENT = (
    "тезірек", "шұғыл", "көмектес", "ойбай", "срочно", "помогите",
    "помоги", "скорей", "быстро", "спасите",
)  # fmt: skip
HAPPENING = (
    "жатыр", "барады", "кетті", "қалды", "алды", "түсті", "болды", "тұр", "жатқан", "ұрды",
    "құлады", "шақты", "жарды", "кесті", "қақалды", "тұншықты", "күйді", "уланды", "соқты",
    "сынды", "батты", "талды", "жығылды", "үсіді", "ісінді", "кетіпті", "қалыпты", "шалды",
    "қойды", "қойыпты", "жатқанда", "идет", "идёт", "течет", "течёт", "трясет", "трясёт",
    "задыхается", "дышит", "может", "встает", "встаёт", "кровит", "горит",
)  # fmt: skip
MEASURES = "шара"
"""Folded: "шұғыл шаралар", "жедел шаралар" name what is done, not what is happening."""
ACUTE = ("судорог", "приступ", "припадок", "без$", "солнечный", "тепловой")
"""Russian names of an acute state, an emergency told without a verb ("у бабушки
судороги", "тепловой удар у клиента")."""
GENERAL = ("кезінде", "кезде", "кезіндегі", "жағдайында", "при$", "туралы")
""""X кезінде не істеу керек" (what to do in case of X) asks the theory: such a message
needs a stronger sign than "не істеу керек" to be an emergency."""
TOLD_LATER = (
    "өткен", "былтыр", "бұрын", "назад", "прошл", "дейді", "деді", "депті", "дейтін",
    "говорит", "сказал",
    "сайын", "кейде", "үнемі", "әрдайым", "часто", "иногда", "каждый",
)  # fmt: skip
"""A happening told as long past ("өткен аптада құлап, басын жарып алды"), as someone
else's words ("құлап қалды дейді") or as what keeps happening at work ("күн сайын жол
апаты, жарақат"): the story of the message, not an emergency now, unless the message is
urgent too."""
STORY_BACK = 12
"""How far back, within its sentence, a word that sets the happening in the past reaches
(«Өткен аптада бір атамыз түнде дәретханаға өзім барам деп құлап қалды»)..."""
NOW = ("қазір", "жаңа", "сейчас", "только")
"""...unless the message comes back to now before it («бұрын да құлаған, қазір тағы құлап
қалды»)."""
SAYS = ("дей", "десе", "дегенде")
"""Someone's words, as whole words (a prefix "дей" would take «дейін», until): «"құлап
қалдым" дей береді» (she keeps saying she fell)."""
NEARLY = ("жазда", "чуть")
""""қала жаздады", "чуть не упал": it nearly happened, and did not."""
RUSSIAN_NOUNS_IN_L = ("материал", "журнал", "персонал", "сигнал", "канал", "идеал", "финал")
"""Verbs of what has just happened or is going on; other past forms are read from the
analyser's verb flag ("құлады", "күйді")."""
WHAT_TO_DO = (("не$", ("істе",)), ("что$", ("делать",)))
PAST_ENDINGS = ("ды", "ді", "ты", "ті")
RUSSIAN_PAST_ENDINGS = (
    "ал", "ала", "ил", "ила", "ел", "ела", "ул", "ула", "ыл", "ыла", "ял", "яла", "ло", "ли",
    "лся", "лась", "лось", "лись",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Emergency:
    condition: str
    """The standard's name of the condition ("қан кету"), or "" when it names none."""


def _fold(triggers: Sequence[Trigger]) -> tuple[Trigger, ...]:
    return tuple(
        (fold_russian_keyboard(head), tuple(fold_russian_keyboard(f) for f in followers))
        for head, followers in triggers
    )


class EmergencyDetector:
    def __init__(self) -> None:
        self._conditions = [(name, _fold(triggers)) for name, triggers in CONDITIONS]
        # triggers by the first two letters of their head: a message is read once
        self._by_start = _by_head(
            [trigger for _name, triggers in self._conditions for trigger in triggers],
            [number for number, (_name, triggers) in enumerate(self._conditions) for _ in triggers],
        )
        self._urgent = tuple(fold_russian_keyboard(w) for w in URGENT)
        self._happening_verbs = frozenset(fold_russian_keyboard(w) for w in HAPPENING)
        self._what_to_do = _fold(WHAT_TO_DO)
        self._past = tuple(fold_russian_keyboard(e) for e in PAST_ENDINGS)
        self._acute = _Beginnings(ACUTE)
        self._nearly = tuple(fold_russian_keyboard(w) for w in NEARLY)
        self._told_later = tuple(fold_russian_keyboard(w) for w in TOLD_LATER)
        self._now = tuple(fold_russian_keyboard(w) for w in NOW)
        self._says = frozenset(fold_russian_keyboard(w) for w in SAYS)
        self._general = _Beginnings(GENERAL)
        self._what_to_do_at = _by_head(self._what_to_do)

    def detect(self, text: str, tokens: Sequence[AnalyzedToken]) -> Emergency | None:
        words = [t for t in tokens if t.type is TokenType.WORD]
        folded = [t.folded for t in words]
        found = sorted(
            (number, index)
            for index, word in enumerate(folded)
            for number, trigger in self._by_start.get(word[:2], ())
            if _matches(folded, index, trigger)
        )  # in the order of CONDITIONS: the first named condition wins
        if not found:
            return None  # most messages: no sentence split needed
        urgent: bool | None = None
        starts = _sentence_starts(text, len(words))
        for number, index in found:
            acute = self._acute.begin(folded[index])
            if acute or self._happening(words, index, starts[index]):
                return Emergency(self._conditions[number][0])
            if urgent is None:
                urgent = self._urgent_message(text, folded)
            if urgent:
                return Emergency(self._conditions[number][0])
        return None

    def _urgent_message(self, text: str, folded: Sequence[str]) -> bool:
        """Said with urgency anywhere: "!!", capitals, "тез", "срочно", "не істеймін"."""
        if "!!" in text or "??" in text or any(w.isupper() for w in text.split() if len(w) > 3):
            return True
        if any(
            word.startswith(self._urgent) and not _names_measures(folded, i)
            for i, word in enumerate(folded)
        ):
            return True
        if "тез" in folded and "арада" not in folded:  # "тез" (quick!), not "тез арада" (soon)
            return True
        if any(self._general.begin(word) for word in folded):
            return False
        return any(
            _matches(folded, index, trigger)
            for index, word in enumerate(folded)
            for _, trigger in self._what_to_do_at.get(word[:2], ())
        )

    def _happening(
        self, words: Sequence[AnalyzedToken], index: int, sentence_start: int = 0
    ) -> bool:
        """The condition told as just happened or going on: a finite verb at it or right
        after it ("құлап қалды", "ағып жатыр", "күйді", "упал"); "құлап қала жаздады"
        (nearly fell) or "құлау қаупі" (the risk of falling) is not."""
        window = words[max(0, index - 2) : index + 7]
        if any(token.folded.startswith(self._nearly) for token in window):
            return False  # "құлап қала жаздады": nearly fell
        start = max(sentence_start, index - STORY_BACK)
        story = words[start : index + 7]
        told = [
            start + k
            for k, token in enumerate(story)
            if token.folded.startswith(self._told_later) or token.folded in self._says
        ]
        if told and not any(token.folded.startswith(self._now) for token in words[told[0] : index]):
            return False  # "өткен аптада атамыз дәлізде құлап ...", "құлап қалды дейді"
        return any(
            token.folded in self._happening_verbs
            or (token.verbal and token.folded.endswith(self._past))
            or (
                token.folded.endswith(RUSSIAN_PAST_ENDINGS)
                and _russian(token.surface)
                and not token.folded.startswith(RUSSIAN_NOUNS_IN_L)
            )
            for token in window
        )


class _Beginnings:
    """Word beginnings ("судорог") and whole words ("без$"), matched at once."""

    def __init__(self, patterns: Sequence[str]) -> None:
        folded = [fold_russian_keyboard(p) for p in patterns]
        self._whole = frozenset(p[:-1] for p in folded if p.endswith("$"))
        self._starts = tuple(p for p in folded if not p.endswith("$"))

    def begin(self, word: str) -> bool:
        return word in self._whole or word.startswith(self._starts)


def _by_head(
    triggers: Sequence[Trigger], numbers: Sequence[int] | None = None
) -> dict[str, list[tuple[int, Trigger]]]:
    """Triggers by the first two letters of their head: a message's words are looked up
    once, not tried against every trigger."""
    found: dict[str, list[tuple[int, Trigger]]] = {}
    for k, trigger in enumerate(triggers):
        found.setdefault(trigger[0][:2], []).append((numbers[k] if numbers else k, trigger))
    return found


def _sentence_starts(text: str, count: int) -> list[int]:
    """For each of the text's `count` words, where its sentence begins (0 for all when the
    counts disagree, as a sentence split and the tokens might on odd input)."""
    starts: list[int] = []
    for sentence in _SENTENCE_END.split(text):
        words = count_words(sentence)
        starts.extend([len(starts)] * words)
    return starts if len(starts) == count else [0] * count


def _names_measures(folded: Sequence[str], index: int) -> bool:
    """ "шұғыл шаралар" (urgent measures) is the standard's phrase, not urgency."""
    following = folded[index + 1] if index + 1 < len(folded) else ""
    return following.startswith(MEASURES)


def _russian(surface: str) -> bool:
    """Typed in Russian letters only (a Russian verb, not a Kazakh word)."""
    return (
        len(surface) >= 4
        and not any(letter in "әғқңөұүһі" for letter in surface)
        and any("а" <= letter <= "я" for letter in surface)
    )


def _begins(word: str, pattern: str) -> bool:
    return word == pattern[:-1] if pattern.endswith("$") else word.startswith(pattern)


def _matches(words: Sequence[str], index: int, trigger: Trigger) -> bool:
    """The trigger's head begins the word at `index`, and one of its followers one of the
    next two words."""
    head, followers = trigger
    if not _begins(words[index], head):
        return False
    return not followers or any(
        _begins(w, f) for w in words[index + 1 : index + 3] for f in followers
    )
