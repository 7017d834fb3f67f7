"""Words that carry no subject matter in a question: question words, particles, greetings.

Kept short and explicit on purpose. Words like "ауыр" (heavy: ауыр пациент), "керек"
(needed: what is needed for 6.2) or "кейін" (after) can decide an answer and are NOT here.
Words that signal intent ("деген не", "міндеттері") are read by the intent detector before
stop words are dropped.
"""

from __future__ import annotations

from knowledge.analysis.normalize import fold_russian_keyboard

KAZAKH = (
    # question words
    "қандай",
    "не",
    "неге",
    "немене",
    "қалай",
    "қашан",
    "қайда",
    "қайдан",
    "кім",
    "кімге",
    "қай",
    "қанша",
    "неше",
    "ма",
    "ме",
    "ба",
    "бе",
    "па",
    "пе",
    "ше",
    "ғой",
    "қой",
    "дегеніміз",
    "деген",
    "дегенді",
    "дегені",
    "деп",
    "дейді",
    "дегенім",
    "мүмкін",
    "бола",
    "болады",
    "болама",
    "аламын",
    "алам",
    "ала",
    # particles and conjunctions
    "да",
    "де",
    "та",
    "те",
    "және",
    "мен",
    "бен",
    "пен",
    "немесе",
    "әлде",
    "яғни",
    "ғана",
    "ғой",
    "ау",
    "әй",
    "ал",
    "бірақ",
    "сондықтан",
    "үшін",
    "туралы",
    "жөнінде",
    "бойынша",
    # pronouns
    "осы",
    "бұл",
    "сол",
    "ол",
    "олар",
    "мына",
    "анау",
    "менің",
    "сенің",
    "оның",
    "біз",
    "біздің",
    "сіз",
    "сіздің",
    "сізге",
    "маған",
    "саған",
    "оған",
    "маған",
    "өзім",
    # modal particles and copulas
    "екен",
    "екенін",
    "екені",
    "екенін",
    "еді",
    "емес",
    "шығар",
    "сияқты",
    # greetings and politeness
    "сәлем",
    "сәлеметсіз",
    "сәлеметсізбе",
    "салем",
    "рахмет",
    "өтінемін",
    "айтыңызшы",
    "айтып",
    "беріңізші",
    "көмектесіңізші",
    "бүгін",
    "қазір",
    "енді",
)

# Russian function words that show up in mixed questions ("требования к образованию").
RUSSIAN = (
    "и",
    "в",
    "во",
    "на",
    "к",
    "ко",
    "с",
    "со",
    "о",
    "об",
    "по",
    "для",
    "что",
    "как",
    "это",
    "такое",
    "какие",
    "какой",
    "какая",
    "где",
    "когда",
    "ли",
    "же",
    "а",
    "но",
    "или",
    "у",
    "мне",
    "я",
    "мы",
    "вы",
    "нужно",
    "надо",
    "при",
    "от",
    "до",
    "из",
)


# Auxiliary verbs: after a converb ("күйіп қалды", "ұрып кетті", "тоқтамай жатыр") they
# carry tense and aspect, not meaning. Stems, matched in folded spelling.
AUXILIARY_STEMS = (
    "қал",
    "кет",
    "жатыр",
    "жат",
    "тұр",
    "отыр",
    "жүр",
    "бер",
    "ал",
    "сал",
    "қой",
    "бол",
    "көр",
    "баста",
    "шық",
    "кел",
    "жібер",
    "таста",
)


def build_auxiliaries() -> frozenset[str]:
    return frozenset(fold_russian_keyboard(w) for w in AUXILIARY_STEMS)


def build_stop_words(*, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The folded stop-word set; `extra` lets a caller add words (e.g. for an experiment)."""
    return frozenset(fold_russian_keyboard(w) for w in (*KAZAKH, *RUSSIAN, *extra))
