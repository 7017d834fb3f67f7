"""Messages as people write them, through the whole assistant: small talk, emergencies,
declines, numbered lookups, long polite questions and bad input."""

from __future__ import annotations

import pytest

from knowledge.assistant import Assistant
from knowledge.discourse.declines import Decline
from knowledge.discourse.reader import SmallTalk
from knowledge.first_aid import is_first_aid


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Сәлеметсіз бе!", SmallTalk.GREETING),
        ("рахмет", SmallTalk.THANKS),
        ("сен кімсің?", SmallTalk.IDENTITY),
        ("сен адамсың ба әлде робот па?", SmallTalk.IDENTITY),
    ],
)
def test_small_talk_is_not_a_search(assistant: Assistant, message: str, kind: SmallTalk) -> None:
    answer = assistant.ask(message)
    assert answer.small_talk is kind and not answer.answered
    assert answer.as_json()["small_talk"] == str(kind)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("Күтім жұмыскерінің айлығы қанша теңге?", Decline.AMOUNT),
        ("Баспанаға кезекке қалай тұрамыз, несиенің пайызы қанша?", Decline.AMOUNT),
        ("атама парацетамолды күніне неше таблетка беруге болады", Decline.MEDICAL),
        ("Аудандық аурухананың телефон нөмірін жіберіңізші", Decline.CONTACT),
        ("Ұлым университетке түсті, қандай мамандық таңдаса жақсы болады?", Decline.STUDIES),
        ("Колледжге түсу емтиханы қандай?", Decline.STUDIES),
        ("Геология мамандығы бойынша қай университет жақсы?", Decline.STUDIES),
    ],
)
def test_near_domain_questions_are_declined(
    assistant: Assistant, message: str, reason: Decline
) -> None:
    answer = assistant.ask(message)
    assert answer.declined is reason and not answer.answered


def test_a_diploma_held_is_not_a_school_to_enter(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Медколледжді фельдшер мамандығы бойынша бітірдім, күтім жұмыскері бола аламын ба?"
    )
    assert answer.declined is None and answer.answered


def test_working_in_close_contact_asks_no_contact(assistant: Assistant) -> None:
    answer = assistant.ask("Жетекші маманмен тығыз байланыста жұмыс істеу менің міндетім бе?")
    assert answer.declined is None and answer.answered


def test_how_pay_and_leave_are_set_is_not_declined(assistant: Assistant) -> None:
    answer = assistant.ask("6.2 деңгейде жалақы мен демалыс қалай белгіленеді, еңбек жағдайлары")
    assert answer.declined is None
    assert answer.best is not None and answer.best.entry.id == "6.2/conditions"


@pytest.mark.parametrize(
    "message",
    [
        "көмектесіңдерші!!! апам төсектен құлап қалды басынан қан ағып жатыр не істеймін",
        "розеткадан ток соғып кетті",
        "ата тамақ жеп отырып қақалып қалды, тұншығып жатыр",
        "kuiip qaldy qainagan su togildi ne isteimin",
        "бабушка потеряла сознание что делать",
        "атам кулап калды тез айтындар",
    ],
)
def test_an_emergency_gets_the_first_aid_entry(assistant: Assistant, message: str) -> None:
    answer = assistant.ask(message)
    assert answer.emergency is not None
    assert answer.answered and answer.best is not None and is_first_aid(answer.best.entry)
    assert answer.as_json()["emergency"] is not None


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("Мен 4.2 деңгейдегі күтушімін, науқас құлап қалды, басынан қан кетіп жатыр!", "4.2/F1/T3"),
        ("апам күйіп қалды, ыстық су төгілді, не істеймін?", "4.1/F1/T2"),  # names the burn
    ],
)
def test_an_emergency_at_a_named_level_gets_that_levels_first_aid(
    assistant: Assistant, message: str, entry_id: str
) -> None:
    answer = assistant.ask(message)
    assert answer.emergency is not None
    assert answer.best is not None and answer.best.entry.id == entry_id


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("4.2 деңгейдің 2-еңбек функциясы", "4.2/F2"),
        ("6.1 деңгейдің 4-еңбек функциясы", "6.1/F4"),
        ("4.3 деңгейдің 1-қосымша еңбек функциясы", "4.3/A1"),
        ("4.1 деңгейдің 1-еңбек функциясының 2-міндеті", "4.1/F1/T2"),
        ("3-термин", "term/3"),  # the standard numbers its definitions too
        ("19-термин деген не", "term/19"),
        ("7-ұғымның анықтамасы", "term/7"),
    ],
)
def test_numbered_lookups_open_that_entry(
    assistant: Assistant, message: str, entry_id: str
) -> None:
    answer = assistant.ask(message)
    assert answer.answered
    assert answer.best is not None and answer.best.entry.id == entry_id


def test_a_definition_the_standard_does_not_number_is_not_made_up(assistant: Assistant) -> None:
    assert not assistant.ask("99-термин").answered


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        (
            "Сәлеметсіз бе! Мен ауылда бес жыл күтім жұмыскері болып істеймін, қарт "
            "кісілерге қараймын. Науқастың тыныс алу жиілігін санау біздің міндетімізге "
            "кіре ме? Көп рахмет, аман болыңыз!",
            "4.2/F1/T1",
        ),
        (
            "Ассалаумағалейкум, айналайын! Бастығым жиналыста бізді тексереді деді. "
            "4.1 деңгейдегі қызметкердің жеке құзыреттері қандай болу керек? Рахмет!",
            "4.1/competencies",
        ),
        (
            "Қайырлы кеш! Ұлым биыл колледжді бітірді, дипломында «Тіс технигі» деп тұр. "
            "Ол күтім жұмыскері бола ала ма, стандартта бар ма? Алла разы болсын.",
            "4.1/education",
        ),
        (  # the term is named in the story; the question only points back to it
            "Сәлем! Анықтамада «медициналық-әлеуметтік көмек» деп жазылған екен. "
            "Бұл сөз нені білдіреді, түсіндіріп жіберіңізші?",
            "term/16",
        ),
        (  # the level is in the story, the list asked for in the question
            "Қайырлы күн! Қызым 4.3 деңгейдегі күтім жұмыскері болғысы келеді. "
            "Оған қандай білім және қандай сертификат талап етіледі? Рахмет!",
            "4.3/requirements",
        ),
        (  # a level and a per-level list asked for: the story's own words do not matter
            "Сәлем! Мен 6.2 деңгейдегі маманмын, жаңа келген әріптестерге тәлімгер болып "
            "жүрмін, олар маған жиі қандай мінез керек деп сұрайды. Өзім де шыдамдылық "
            "жетпейтінін сеземін. 6.2 деңгей бойынша жеке құзыреттер тізімін айтып бересіз бе?",
            "6.2/competencies",
        ),
        (  # the level the question names, not the writer's own
            "Мен 4.1 деңгейдегі күтім жұмыскерімін, бөлімшеде жаңадан істеймін. 4.2 деңгейдің "
            "міндеттері қандай?",
            "4.2",
        ),
        ("Мен фельдшер болып оқығам, күтім жұмыскері бола аламын ба?", "4.1/education"),
        (  # the writer's own specialty, which the education list names, is the question
            "Сәлем! Мен бастауыш сынып мұғалімімін, мектепте он жыл істедім. Менің дипломым "
            "күтім жұмыскері болуға сай келе ме? Рахмет.",
            "4.1/education",
        ),
        ("стоматолог комекшиси болып окыгам, кутим жумыскери боп истеуге бола ма", "4.1/education"),
        (  # «X деген не» names the term, whatever else the message asks around it
            "Сәлем! Біліктілік деңгейі деген не нәрсе, неге біреуі жоғары, біреуі төмен?",
            "term/4",
        ),
        ("Кәсіби топ деген не, кәсіби кіші топтан айырмасы бар ма?", "term/13"),
        (  # the level's card must not outrank the task that answers
            "Сәлем! Мен 6.2 деңгейдегі маманмын, бөлімшеде жаңадан істеймін. Әлеуметтік "
            "қызметтер бойынша есептік құжаттаманы белгіленген нысандарда толтыру менің "
            "міндетім бе?",
            "6.2/F4/T1",
        ),
    ],
)
def test_long_polite_messages_are_answered_by_what_they_ask(
    assistant: Assistant, message: str, entry_id: str
) -> None:
    answer = assistant.ask(message)
    assert answer.answered and answer.best is not None
    assert answer.best.entry.id == entry_id


@pytest.mark.parametrize(
    "message",
    [
        "Сәлеметсіз бе! Мен ауылда тұрамын. Ертең ауа райы қандай болады, жаңбыр жауа ма?",
        "Қайырлы кеш! Қарайтын атам теледидар көреді. Бүгін кешке қандай кино болады?",
        "Сәлем! Ет пен картоптан қандай тамақ пісіруге болады, рецепт айтып берші?",
    ],
)
def test_long_polite_off_topic_messages_are_declined(assistant: Assistant, message: str) -> None:
    assert not assistant.ask(message).answered


@pytest.mark.parametrize(
    "message", ["а" * 4000, "😀😀😀", "!!!???...", "4.2", "сәлем " * 500, "Привет, 4.2?"]
)
def test_bad_input_gets_a_sensible_answer(assistant: Assistant, message: str) -> None:
    answer = assistant.ask(message)
    assert answer.as_json()["query"] == message
    if message.strip() == "4.2":
        assert answer.answered and answer.best is not None and answer.best.entry.id == "4.2"
