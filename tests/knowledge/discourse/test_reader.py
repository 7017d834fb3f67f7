"""The message reader: discourse told from asking, the story from the question."""

from __future__ import annotations

import pytest

from knowledge.analysis.analyzer import Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.assistant import Assistant
from knowledge.discourse.reader import MessageReader, Role, SmallTalk
from knowledge.search.intent import IntentReader, Want
from knowledge.search.query import QueryParser, SynonymMatcher


@pytest.fixture(scope="module")
def reader(analyzer: Analyzer) -> MessageReader:
    return MessageReader(analyzer)


def _asked(reader: MessageReader, text: str) -> list[str]:
    """The words searched as asked, in order."""
    return [
        w.token.surface
        for w in reader.read(text).words
        if w.role is Role.ASK and w.token.terms and not w.token.stop
    ]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Сәлеметсіз бе", SmallTalk.GREETING),
        ("сәлем!", SmallTalk.GREETING),
        ("Ассалаумағалейкум, қарағым!", SmallTalk.GREETING),
        ("Қайырлы таң!", SmallTalk.GREETING),
        ("Армысыздар", SmallTalk.GREETING),
        ("salem!", SmallTalk.GREETING),
        ("qaiyrly kun", SmallTalk.GREETING),
        ("Здравствуйте!", SmallTalk.GREETING),
        ("Сәлеметсіз бе! Денсаулығыңыз жақсы ма?", SmallTalk.GREETING),
        ("рахмет", SmallTalk.THANKS),
        ("Көп рахмет, айналайын!", SmallTalk.THANKS),
        ("рахмет, аман болыңыз", SmallTalk.THANKS),
        ("спасибо большое", SmallTalk.THANKS),
        ("Алла разы болсын", SmallTalk.THANKS),
        ("сен кімсің?", SmallTalk.IDENTITY),
        ("сен адамсың ба әлде робот па?", SmallTalk.IDENTITY),
        ("сіз кімсіз", SmallTalk.IDENTITY),
        ("ты кто", SmallTalk.IDENTITY),
        ("вы кто?", SmallTalk.IDENTITY),
        ("Тағы бір сұрағым бар", SmallTalk.QUESTION_COMING),
        ("Сұрағым бар еді", SmallTalk.QUESTION_COMING),
        ("😀", SmallTalk.NO_WORDS),
        ("???", SmallTalk.NO_WORDS),
        ("👍👍 !!", SmallTalk.NO_WORDS),
    ],
)
def test_small_talk_is_recognised(reader: MessageReader, message: str, kind: SmallTalk) -> None:
    assert reader.read(message).small_talk is kind


@pytest.mark.parametrize(
    "message",
    [
        "күйікке алғашқы көмек",
        "Сәлеметсіз бе, 4.2 деңгейдің міндеттері қандай?",
        "рахмет, ал 6.1 біліктілік талаптары қандай?",
        "сен кімсің, маған құлау қаупін бағалау туралы айтшы",
        "4.2",
        "Тағы бір сұрағым бар: 4.2 деңгейдің міндеттері қандай?",
        "😀 күйік",
    ],
)
def test_a_question_is_never_small_talk(reader: MessageReader, message: str) -> None:
    assert reader.read(message).small_talk is None


def test_greetings_thanks_and_address_are_left_out_of_the_question(
    reader: MessageReader,
) -> None:
    message = (
        "Ассалаумағалейкум, қарағым! Денсаулығың жақсы ма? Мен ауылда он жыл істеймін. "
        "Науқастың қан қысымын өлшеу біздің міндетке кіре ме? Көп рахмет, аман бол!"
    )
    asked = _asked(reader, message)
    assert "қысымын" in asked and "өлшеу" in asked
    for word in ("Ассалаумағалейкум", "қарағым", "Денсаулығың", "рахмет", "ауылда"):
        assert word not in asked, word


@pytest.mark.parametrize(
    ("message", "story", "asked"),
    [
        (
            "Менің қарайтын атам 90-ға келді, таяқпен жүреді. "
            "Стандартта құлау қаупін бағалау туралы жазылған ба?",
            "Менің қарайтын атам 90-ға келді",
            "Стандартта құлау қаупін бағалау туралы жазылған ба?",
        ),
        (  # a bare request asks for the sentence before it, not the whole story
            "Ұжымда бір қызметкер стреске шыдамайды. Маған 6.3 деңгейдегі маманға қойылатын "
            "жеке құзыреттер тізімі керек. Жіберіп көмектессеңіз.",
            "Ұжымда бір қызметкер стреске шыдамайды.",
            "Маған 6.3 деңгейдегі маманға қойылатын жеке құзыреттер тізімі керек.",
        ),
        (  # a sentence that ends on «деп» tells what others asked (its «телефон» too)
            "Жас қызметкерлер маған телефон соғып сұрайды: құжатты қалай толтырамыз, қиын "
            "отбасымен не істейміз деп. Тәлімгер болу 6.3 деңгейдің міндетіне кіре ме?",
            "құжатты қалай толтырамыз",
            "Тәлімгер болу 6.3 деңгейдің міндетіне кіре ме?",
        ),
    ],
)
def test_the_story_is_context_and_the_question_is_asked(
    reader: MessageReader, message: str, story: str, asked: str
) -> None:
    roles = {clause.text: clause.role for clause in reader.read(message).clauses}
    assert roles[story] is Role.CONTEXT
    assert roles[asked] is Role.ASK


@pytest.mark.parametrize(
    ("clause", "role"),
    [
        ("бірақ қандай жаңа міндеттер қосылғанын ешкім айтпады", Role.CONTEXT),
        ("не істеу керектігін ешкім түсіндірмеді", Role.CONTEXT),
        ("қандай құзыреттер керек екенін білгім келеді", Role.ASK),
        ("қандай міндеттер қосылады", Role.ASK),  # the present asks
    ],
)
def test_a_clause_that_tells_in_the_past_does_not_ask(
    reader: MessageReader, clause: str, role: Role
) -> None:
    first, _question = reader.read(f"{clause}. Стандартта 4.2 деңгей туралы не бар?").clauses
    assert first.role is role


@pytest.mark.parametrize(
    "message",
    ["апам құлап қалды басынан қан ағып жатыр не істеймін", "күйікке алғашқы көмек", "ожог"],
)
def test_a_message_that_does_not_ask_asks_with_all_its_words(
    reader: MessageReader, message: str
) -> None:
    assert all(c.role is not Role.CONTEXT for c in reader.read(message).clauses)


@pytest.mark.parametrize(
    ("message", "request_word"),
    [
        ("6.3 деңгейдегі маманның жеке құзыреттерін түгел тізіп шығыңыз", "тізіп"),
        ("кутим жумыскеринин миндеттери кандай айтып жибериндерши", "жибериндерши"),
        ("4.1 бойынша еңбек жағдайлары бөлімін жіберіңізші", "жіберіңізші"),
        ("тис техниги болып окыгам кутим жумысына алама", "алама"),
        ("4.3 деңгей бойынша жеке құзыреттер тізімін айтып бересіз бе?", "бересіз"),
        ("функцияларын түсіндіресіз бе", "түсіндіресіз"),
        ("екеуінің анықтамасын айтып бере аласыз ба", "аласыз"),
        ("екеуінің анықтамасын айтып бере аласыз ба", "екеуінің"),
        ("Фельдшер біліктілігі бұл кәсіпке сай келе ме, тізімде бар ма?", "тізімде"),
        ("күтім жұмыскері болып істеуге бола ма", "болып"),
        ("діни қажеттіліктер туралы бірдеңе бар деп естідім, қай жерде жазылған?", "естідім"),
        ("діни қажеттіліктер туралы бірдеңе бар деп естідім, қай жерде жазылған?", "жерде"),
        ("діни қажеттіліктер туралы бірдеңе бар деп естідім, қай жерде жазылған?", "жазылған"),
    ],
)
def test_requests_and_question_forms_are_grammar_not_subject(
    reader: MessageReader, message: str, request_word: str
) -> None:
    assert request_word not in _asked(reader, message)


@pytest.mark.parametrize(
    ("message", "about_asking"),
    [
        ("Тағы бір сұрағым бар: 4.2 деңгейдің міндеттері қандай?", "сұрағым"),
        ("tagy bir suraq: engbek funkciyasy degenimiz ne ozi", "suraq"),
        ("Есть вопрос, кутим жумыскеринин миндеттери кандай", "вопрос"),
        ("Сұрайын дегенім: 4.1 деңгейде менің міндетті еңбек функцияларым қандай?", "сұрайын"),
        ("Сұрайын дегенім: 4.1 деңгейде менің міндетті еңбек функцияларым қандай?", "дегенім"),
    ],
)
def test_words_about_the_message_itself_are_discourse(
    reader: MessageReader, message: str, about_asking: str
) -> None:
    assert about_asking not in _asked(reader, message)


def test_questions_the_standard_speaks_of_are_still_words(reader: MessageReader) -> None:
    """ "сұрақтарын шешу" (solving a patient's questions) is the standard's wording."""
    assert "сұрақтарын" in _asked(reader, "пациенттің әлеуметтік сұрақтарын шешу")


@pytest.mark.parametrize(
    ("message", "source"),
    [
        ("біліктілік деген не? стандарттағы анықтамасы керек", "стандарттағы"),
        ("стандарт бойынша 6.1 маманға қандай қасиеттер керек", "стандарт"),
        ("мамандығым стандарттагы тізімге кіре ме", "стандарттагы"),
        ("науқасты көтеріп жылжыту жағын стандарт қалай дейді", "стандарт"),
        ("тамақтандыру талаптарын стандарттың қай жерінен табамын", "стандарттың"),
        ("тамақтандыру талаптарын стандарттың қай жерінен табамын", "жерінен"),
    ],
)
def test_the_standard_named_as_the_source_is_not_the_subject(
    reader: MessageReader, message: str, source: str
) -> None:
    assert source not in _asked(reader, message)


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        ("кәсіптік стандартты кім пайдаланады", "стандартты"),
        ("стандарт қашан бекітілді", "стандарт"),
    ],
)
def test_the_standard_asked_about_stays_the_subject(
    reader: MessageReader, message: str, subject: str
) -> None:
    assert subject in _asked(reader, message)


def _searched(reader: MessageReader, text: str) -> list[str]:
    """Every word searched for, asked or told."""
    return [w.token.surface for w in reader.read(text).words if w.role is not Role.DISCOURSE]


@pytest.mark.parametrize(
    ("message", "role_words"),
    [
        (
            "Мен Шымкенттегі ауруханада күтім жөніндегі әлеуметтік жұмыскермін, деңгейім "
            "4.1. Науқасты жуындыру менің міндетім бе?",
            ["күтім", "жөніндегі", "әлеуметтік", "жұмыскермін"],
        ),
        ("Ақтөбеде әлеуметтік жұмыс маманымын. Пациенттің отбасын қалай қолдаймын?",
         ["әлеуметтік", "жұмыс", "маманымын"]),
    ],
)  # fmt: skip
def test_the_writers_own_role_is_an_introduction_not_a_subject(
    reader: MessageReader, message: str, role_words: list[str]
) -> None:
    searched = _searched(reader, message)
    assert not set(role_words) & set(searched), searched
    assert {"ауруханада", "ақтөбеде"} & set(searched)  # the rest of the story stays


def test_names_in_the_story_are_not_searched(reader: MessageReader) -> None:
    """ "Асқар" typo-matched «аса»: a name is a particular of the story, not a subject."""
    searched = _searched(
        reader, "Сәлем! Мен Асқар, біз Семейдегі ауруханада істейміз. Апаға қандай күтім керек?"
    )
    assert not {"асқар", "семейдегі"} & set(searched), searched
    assert {"ауруханада", "күтім"} <= set(searched)


def test_how_to_answer_is_not_what_to_find(reader: MessageReader) -> None:
    """«қысқаша» (briefly) in a request says how to answer; «объяснить етіңізші», a
    Russian verb made Kazakh by «ет-», is a request."""
    reading = reader.read("Что такое еңбек функциясы? Қысқаша объяснить етіңізші")
    assert all(clause.role is Role.ASK for clause in reading.clauses)
    assert "қысқаша" not in _searched(reader, "Кәсіби топ деген не? Қысқаша айтып беріңізші")


def test_a_capitalised_word_the_standard_uses_is_no_name(analyzer: Analyzer) -> None:
    """A specialty in the story, written with a capital: it is what the question is about."""
    text = "Дипломымда Педагогика және психология деп жазылған. Мамандығым тізімге кіре ме?"
    terms = frozenset(analyzer.word_terms("педагогика")[:1])
    assert "педагогика" not in _searched(MessageReader(analyzer), text)
    assert "педагогика" in _searched(MessageReader(analyzer, standard_terms=terms), text)


def test_a_capitalised_first_word_is_still_a_word(reader: MessageReader) -> None:
    assert "эмпатия" in _searched(reader, "Эмпатия туралы оқыдым. Оны қалай дамытамын?")


def test_another_profession_of_the_writer_stays_in_the_story(reader: MessageReader) -> None:
    """ "мен фельдшермін": that is what an education question is about."""
    assert "фельдшермін" in _searched(reader, "Мен фельдшермін. Күтім жұмыскері бола аламын ба?")


def test_a_level_typed_with_a_comma_is_not_two_clauses(reader: MessageReader) -> None:
    assert len(reader.read("6,1 функциялар").clauses) == 1


def test_capitals_are_an_abbreviation_not_a_particle(reader: MessageReader) -> None:
    assert "БА" in [w.token.surface.upper() for w in reader.read("БА деген не").words
                    if w.role is Role.ASK]  # fmt: skip


def test_everyday_words_weigh_less_than_the_standards_words(reader: MessageReader) -> None:
    weights = {
        w.token.surface: w.weight
        for w in reader.read("кеше апам ауылда тыныс алу жиілігін өлшеу керек пе").words
    }
    assert weights["кеше"] < weights["тыныс"]
    assert weights["апам"] < weights["жиілігін"]


@pytest.mark.parametrize("message", ["", " ", "😀😀😀", "!!!???", "а" * 4000, "4.2 " * 300])
def test_any_text_reads_without_error(reader: MessageReader, message: str) -> None:
    reading = reader.read(message)
    assert reading.text == message


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        # the story's "істедім", "міндеттерім" do not turn a question about competencies
        # into one about duties
        (
            "Бұрын ауруханада көп жыл істедім, міндеттерім көп болды. "
            "6.1 деңгейдің жеке құзыреттері қандай?",
            {Want.COMPETENCIES},
        ),
        # a question naming no kind takes it from the story: this one is about education
        (
            "Колледжде фельдшер мамандығын бітірдім. Күтім жұмыскері бола аламын ба?",
            {Want.EDUCATION},
        ),
        # «дейді», «деді» (says, said) share the stem of «дегеніміз» and ask no definition
        ("Науқасты көтеріп жылжыту жағын стандарт қалай дейді?", set()),
        ("Аға медбике маған жаңа науқасты жуындыр деді. Бұл менің міндетім бе?", {Want.DUTIES}),
        ("Кәсіптік стандарт дегеніміз не?", {Want.TERM}),
        ("Бейінді маман деген кім?", {Want.TERM}),
    ],
)
def test_what_is_asked_steers_and_the_story_only_when_it_names_no_kind(
    reader: MessageReader, analyzer: Analyzer, message: str, wanted: set[Want]
) -> None:
    parser = QueryParser(analyzer, SynonymMatcher((), analyzer), IntentReader(analyzer))
    assert set(parser.parse_reading(reader.read(message)).intent.wants) == wanted


@pytest.mark.parametrize(
    ("message", "pointed_at", "not_asked"),
    [
        (
            "Тұрғындар арнаулы әлеуметтік қызметтер туралы мүлде білмейді. Халыққа осындай "
            "қызметтер туралы ақпарат беру менің жұмысыма кіре ме?",
            ["арнаулы", "әлеуметтік"],
            ["тұрғындар"],
        ),
        (
            "Атамыз жүрек жеткіліксіздігімен ауырады, ісіну бар. Мұндай жеткіліксіздікте "
            "күтімді қалай жоспарлаймыз?",
            ["жүрек"],
            ["атамыз", "ісіну"],
        ),
    ],
)
def test_a_demonstrative_brings_the_storys_mention_into_the_question(
    reader: MessageReader, message: str, pointed_at: list[str], not_asked: list[str]
) -> None:
    """«осындай қызметтер» (such services) asks about the services the story named: the
    words that name them there are asked; the rest of the story stays the story."""
    asked = _asked(reader, message)
    assert all(word in asked for word in pointed_at)
    assert not any(word in asked for word in not_asked)
    assert "осындай" not in asked and "мұндай" not in asked


def test_a_demonstrative_with_nothing_to_point_at_changes_nothing(reader: MessageReader) -> None:
    story = "Кеше бөлімге жаңа науқас түсті."
    asked = _asked(reader, f"{story} Осындай жағдайда құжатты қалай толтырамын?")
    assert asked == _asked(reader, f"{story} Жағдайда құжатты қалай толтырамын?")
    assert "бөлімге" not in asked


@pytest.mark.parametrize(
    ("message", "named"),
    [
        (
            "Стандартты оқып отырмын, әр жерде «еңбек функциясы» деген сөз бар. Бұл не?",
            ["еңбек", "функциясы"],
        ),
        (
            "Тренингте лектор «науқасқа бағдарланған көмек» деген сөзді жиі айтты. Бұл не?",
            ["науқасқа", "бағдарланған", "көмек"],
        ),
        (
            "Диспансерде медициналық-әлеуметтік деген көмек түрі туралы айтылады. Бұл ұғымның "
            "ресми мағынасы қандай?",
            ["медициналық", "әлеуметтік"],
        ),
    ],
)
def test_this_word_asks_about_what_the_story_named(
    reader: MessageReader, message: str, named: list[str]
) -> None:
    """«бұл не?», «бұл ұғым» after «X деген»: X is what is asked, quoted or not."""
    assert all(word in _asked(reader, message) for word in named)


def test_a_level_in_the_story_does_not_steer_a_definition(
    reader: MessageReader, analyzer: Analyzer
) -> None:
    """«"СБШ бойынша 4.2" деп тұр. СБШ деген не?»: a definition is the same at every level."""
    parser = QueryParser(analyzer, SynonymMatcher((), analyzer), IntentReader(analyzer))
    told = parser.parse_reading(reader.read("Картамда «СБШ бойынша 4.2» деп тұр. СБШ деген не?"))
    assert told.intent.levels == frozenset()
    asked = parser.parse_reading(reader.read("Картамда СБШ деп тұр. 4.2 деңгей деген не?"))
    assert asked.intent.levels == frozenset({"4.2"})


@pytest.mark.parametrize(
    ("message", "belongs"),
    [
        ("Еріктілер тобын құру менің міндетім бе?", True),
        ("Туыстарын үйрету менің міндетіме жата ма?", True),
        ("Бұл қосымша жұмысым ба?", True),
        ("6.2 маманның міндеттері қандай?", False),
    ],
)
def test_whether_an_activity_is_part_of_the_work_is_asked_in_particular(
    reader: MessageReader, analyzer: Analyzer, message: str, belongs: bool
) -> None:
    parser = QueryParser(analyzer, SynonymMatcher((), analyzer), IntentReader(analyzer))
    assert parser.parse_reading(reader.read(message)).intent.belongs is belongs


def test_a_form_of_address_is_its_exact_form_not_its_stem(reader: MessageReader) -> None:
    """«Құрметті әріптестер!», «балам» address the reader; «әріптестермен топтық жұмыс»,
    «балалар бөлімінде» are words of the question and the story."""
    asked = _asked(
        reader, "Құрметті әріптестер, сәлем! Әріптестермен топтық жұмыс туралы не жазылған?"
    )
    assert "Әріптестермен".lower() in [w.lower() for w in asked]
    assert "әріптестер" not in [w.lower() for w in asked]
    told = _searched(reader, "Мен балалар бөлімінде істеймін. Ойын ұйымдастыру міндетім бе?")
    assert "балалар" in [w.lower() for w in told]


def test_how_are_you_is_phatic_but_working_conditions_are_asked(reader: MessageReader) -> None:
    assert _asked(reader, "Жұмыс жағдайы қандай?") == ["жұмыс", "жағдайы"]
    for phatic in ("Жағдайың қалай?", "Денсаулығыңыз жақсы ма?", "Жұмысың жайлы ма?"):
        assert _asked(reader, phatic) == [], phatic


def test_no_greeting_thanks_or_apology_stem_is_a_word_of_the_standard(
    assistant: Assistant,
) -> None:
    """These are matched by their stem: one the standard uses («бала» of «бала-шаға»,
    «ұмыт» of «ұмытпаймын») would turn its words into discourse in every message."""
    reader = assistant._reader
    terms = {fold_russian_keyboard(term) for term in assistant._index.postings}
    for name in ("_greetings", "_thanks", "_polite"):
        assert not getattr(reader, name) & terms, name
