"""Emergencies told in a panic are noticed; ordinary questions sharing their words are not.

The tables are messages as care workers would type them on a phone: proper Kazakh
Cyrillic, Kazakh on a Russian keyboard, Kazakh in Latin letters, Russian and a mix of
them. Recall matters more than precision (the module's own rule), so the recall target
is higher than the false-alarm one.
"""

from __future__ import annotations

import pytest

from knowledge.analysis.analyzer import Analyzer
from knowledge.discourse.emergency import EmergencyDetector

EMERGENCIES: tuple[str, ...] = (
    # A fall, a blow to the head
    "Апам құлап қалды, басынан қан ағып жатыр, не істеймін?",
    "атам кулап калды тура алмай жатыр тез",
    "apam qulap qaldy, basyn soghyp aldy",
    "Дедушка упал в ванной, не может встать",
    "бабушка упала и ударилась головой!!!",
    "Клиентім баспалдақтан жығылып қалды, басын ұрып алды",
    "атам тосектен кулап тусти басы жарылды",
    "ҚҰЛАП ҚАЛДЫ КӨМЕКТЕСІҢДЕР",
    "qart kisi taighanaq jerde jyghylyp qaldy, ayaghy isip ketti",
    "апам кулап калды басы кан, кайда хабарласам",
    # Bleeding: a cut, the nose, a wound
    "Қолын пышақпен кесіп алды, қан тоқтамай жатыр",
    "мурнынан кан агып жатыр токтамайды не истеймин",
    "qoly kesilip qaldy qan ketip jatyr tez",
    "у бабушки кровь из носа идёт не останавливается",
    "жарасынан қан шұбырып тұр, тез айтыңдаршы",
    "кан токтамай жатыр!!!",
    "атам шыныны сындырып аяғын кесіп алды, қаны тоқтамайды",
    "порезала палец сильно, кровь хлещет",
    "таңғышты шешіп едім, жарадан қан кетіп жатыр",
    "murnynan qan ketip jatyr, toqtamaidy",
    # Burns: boiling water, fire, an iron
    "Апам қайнаған суды үстіне төгіп алды",
    "атам утюгпен колын куйдирип алды",
    "qainaghan su tögilip qoly kuiip qaldy",
    "kuiip qaldy, tez komektesinder",
    "бабушка обожгла руку кипятком",
    "киіміне от тиіп, арқасы күйіп қалды!!!",
    "у дедушки ожог от утюга, что делать",
    "ыстық шай төгіліп, апамның аяғы күйіп кетті",
    "пештен от шығып кетті, атамның қолы күйді",
    "кайнаган су тогилип кетти, колы кызарып куйип калды",
    # Fainting, unconscious
    "Апам есінен танып қалды!!!",
    "атам талып калды не истеймин",
    "esinen tanyp qaldy, oyanbai jatyr",
    "бабушка потеряла сознание",
    "Клиент отырған жерінде талып түсті",
    "есін жоғалтып жатыр, тыныс алып жатыр ма білмеймін",
    "дедушка упал в обморок, помогите",
    "клиентім кенет талып қалды, тез көмектесіңдер",
    # Not breathing, breathing difficulty
    "атам дем ала алмай жатыр тез",
    "Апамның тынысы тарылып жатыр, ерні көгеріп кетті",
    "tynys ala almai jatyr komek kerek",
    "бабушка задыхается, скорую вызвала, что пока делать",
    "демі жетпей жатыр, астмасы ұстады",
    "не дышит!!! что делать",
    "атам тыныс алмай калды",
    # Choking on food
    "Атам тамақ жеп отырып қақалып қалды",
    "nan tamaghyna turyp qaldy, soilei almaidy",
    "бала кәмпитпен тұншығып жатыр!!!",
    "дедушка подавился костью",
    "ет тамагына кептелип калды тез",
    "апам поперхнулась и не может откашляться",
    # Electric shock
    "Атамды ток соғып кетті",
    "розеткадан ток урып кетти кызметкерди",
    "tok soghyp ketti, qozghalmai jatyr",
    "Клиентку ударило током от чайника",
    "электр сымын ұстап еді, тогы соғып қалды",
    "током ударило мужчину, лежит не двигается",
    "машинаны қосам деп токқа түсіп қалды, еденде жатыр",
    # Poisoning: food, chemicals, medicines
    "Апам ескі тамақ жеп уланып қалды, құсып жатыр",
    "atam dárisin kóp iship qoiypty, oyanbai jatyr",
    "хлорка ішіп қойды, тез не істеу керек",
    "Дедушка отравился грибами, рвота",
    "клиентка отравилась таблетками",
    "уланып калды ма деймин, иши ауырып кусып жатыр",
    "Ағартқыш ішіп қойды!!! не істеймін",
    # Seizure, convulsions
    "Апамды талма ұстап жатыр",
    "атамнын денеси курысып жатыр",
    "qurysyp jatyr, auzynan kobik shyghyp jatyr",
    "у клиента судороги, трясёт всего",
    "талмасы ұстап қалды, құрысып жатыр не істеймін",
    # Drowning
    "Бала суға батып кетті, шығарып алдық, тыныс алмайды",
    "sugha batyp barady tez",
    "дедушка тонет в озере!!!",
    "көлге түсіп кетті, суға батып жатыр тез",
    # Fracture
    "Апамның қолы сынып қалды ма деймін",
    "атамнын аягы сынды, тура алмай жатыр",
    "ayaghy synyp qaldy",
    "кажется перелом руки у бабушки, что делать",
    "сынған сүйек терісін жарып шығып тұр",
    "бабушка сломала ногу, кричит от боли",
    # An insect or snake bite
    "Атамды ара шағып алды, беті ісіп кетті",
    "жылан шағып алды!!! тез",
    "ara shaghyp aldy, tynysy tarylyp barady",
    "клиентку укусила змея на даче",
    "дедушку ужалила оса, отёк",
    "саусағын шаян шағып алды",
    # Heat stroke
    "Атамды күн өтіп кетті, басы айналып жатыр",
    "kun ötip ketti ma deimin, qyzuy köterildi",
    "у бабушки солнечный удар",
    "тепловой удар у клиента, горячий весь",
    "Помогите, дедушке стало плохо от жары, весь красный, что делать?",
    "атамның халі нашарлап кетті, тез көмектесіңдер",
    # Frostbite
    "Атамның саусақтарын үсік шалды",
    "аяғы үсіп қалды, қап-қара болып кетті",
    "qolyn üsik shalyp ketipti",
    "обморожение пальцев у клиента, что делать",
    "суықта қалып қойды, қолдары үсіп кетіпті",
    # Spine injury
    "Атам құлап белін жарақаттап алды, аяғын сезбей жатыр",
    "omyrtqasyn urip aldy, qozghala almaidy",
    "травма позвоночника, упал с лестницы",
    "арқасымен құлады, аяқтарын сезбейді",
)

ORDINARY: tuple[str, ...] = (
    # Training and courses
    "күйік туралы курс бар ма",
    "куйик туралы курс бар ма",
    "kuiik turaly kurs bar ma",
    "электр тогы соғу кезіндегі алғашқы көмек дағдылары қандай",
    "электр тогы согу кезиндеги алгашкы комек дагдылары кандай",
    "Сынық кезінде шина салуды үйрететін тренинг қашан?",
    "qan ketude alghashqy kömek kursy qashan bastalady",
    "курс по первой помощи при ожогах",
    "жүрек-өкпе реанимациясы курсына қалай жазыламын",
    "алғашқы көмек бойынша сертификат әлеуметтік қызметкерге керек пе",
    "сертификат по первой помощи нужен ли соцработнику",
    "перелом: как накладывать шину, обучение",
    "тренинг по профилактике падений когда будет",
    # Prevention
    "құлаудың алдын алу шаралары",
    "кулаудын алдын алу тренинги",
    "qulaudyng aldyn alu sharalary",
    "үсік шалудың алдын алу",
    "усик шалудын алдын алу жолдары",
    "суға батудың алдын алу жөнінде әңгіме өткізу",
    "суга батудын алдын алу",
    "күн өтуден сақтану жолдары",
    "жазда күн өтпеуі үшін қарттарға не кию керек",
    "профилактика падений в доме престарелых",
    "отравление угарным газом профилактика",
    "укусы клещей профилактика весной",
    "үйде жығылу қаупін азайту үшін не істеуге болады",
    # Measurements, care routines
    "қан қысымын өлшеу",
    "кан кысымын калай олшеймиз",
    "qan qysymyn ölsheu tärtibi",
    "как измерять давление у пожилых",
    "ҚАН ҚЫСЫМЫ ДЕГЕН НЕ",
    "қан тапсыру қайда",
    "қан анализінің нәтижесін қалай оқимын",
    "төсекте жатқан науқастың басын жуу тәртібі",
    "тыныс алу жаттығулары қарттарға",
    "демікпе кезінде ингаляторды қолдану",
    "қант диабеті бар клиентке күтім",
    "қарттарға ыстық күндері су ішкізу тәртібі",
    # Work told as what keeps happening, days spent, someone's words, the standard's
    # «шұғыл шаралар»: no happening now
    "әжей сұрасам «құлап қалдым» дей береді, зорлық-зомбылықты анықтау міндетім бе",
    "біреуі құлап қала жаздады. Шұғыл шаралар қабылдау 4.3-тің функциясына кіре ме?",
    "атамның жары қайтыс болды, жаназаға көмектесу менің міндетім бе",
    "стандартты плохо түсінемін, функцияларды түсіндіріңізші",
    "Бізде күн сайын жол апаты, жарақат, кейде айқай да болады. Кешке басым ауырады",
    "Бір ақсақал соңғы күндерін өткізіп жатыр, жаназаға көмектесу міндетім бе",
    # Theory, signs
    "улану белгілері туралы білім",
    "ulanu belgileri turaly bilim",
    "тағамнан улану туралы жадынама",
    "Күйік кезінде алғашқы көмек көрсету алгоритмі қандай?",
    "kuiik kezinde ne isteu kerek",
    "жылан шаққан кезде не істеу керек деп стандартта айтылған",
    "ара шаққанда аллергия болса не беріледі",
    "ожоги первой степени признаки",
    "кровотечение виды и способы остановки, теория",
    "кан кету турлери",
    "инфаркт белгілерін білу",
    "судороги у пожилых причины",
    "обморок причины у пожилых лекция",
    "тынысы тарылған науқасты қалай орналастыру керек",
    "талма ауруы бар клиентпен қалай жұмыс істеймін",
    "эпилепсиясы бар науқасқа күтім жоспары",
    "omyrtqa jaraqaty kezinde nauqasty tasymaldau erejeleri",
    "жәндіктердің шағуы кезінде алғашқы көмек",
    "первая помощь при кан кету туралы материал бар ма",
    "ожог кезінде қандай мазь қолдануға болады",
    # Records, reports
    "жарақат туралы акт толтыру үлгісі",
    "журналға жарақат алған клиенттерді қалай тіркеймін",
    "кеше бір клиентім құлап қалған еді, акт қалай толтырамын",
    "өткен айда жығылған клиенттер саны есепке керек",
    "kuiik alghan klientterdi esepke alu",
    "жарақат алған қызметкерге еңбекке жарамсыздық парағы",
    "как оформить акт о травме на работе",
    # Equipment
    "алғашқы көмек қобдишасында не болуы керек",
    "ток соғудан қорғайтын жабдықтар",
    "электр қауіпсіздігі бойынша нұсқаулық",
    "үтік пен электр құралдарын қауіпсіз пайдалану",
    "Күйікке қарсы май дәріханада бар ма",
    "аптечка для соцработника состав",
    "тайғанамайтын кілемше қайдан алуға болады",
    # The standard's requirements
    "стандартта қан кету кезіндегі көмек туралы не жазылған",
    "стандартқа сәйкес алғашқы көмек көрсету біліктілігі",
    "әлеуметтік қызметкердің еңбек қауіпсіздігі",
    "бағдарламада ток соғу тақырыбы бар ма",
    "standartta suğa batu taqyryby bar ma",
    "тағамнан улану деген стандартта қай бөлімде",
    "кәсіби стандартта үсік шалу туралы не айтылған",
    "тез арада курсқа жазылу керек, күйік тақырыбы бар ма",
    "Морзе шкаласы бойынша құлау қаупін бағалау",
    "жығылу қаупін бағалау шкаласы",
)

TOLD_LATER: tuple[str, ...] = (
    "Өткен аптада атамыз дәлізде құлап, басын жарып алды. Құлаудың алдын алу менің міндетім бе?",
    "Апаның қолында көгерген жерлер көп, келіні құлап қалды дейді. Зорлық-зомбылықты "
    "анықтау менің дағдыма кіре ме?",
    "Былтыр бір науқас күйіп қалған еді. Күйіктің алдын алу туралы стандартта не жазылған?",
    "Өткен аптада бір атамыз түнде дәретханаға өзім барам деп құлап қалды, бақытымызға сынық "
    "жоқ. Құлау қаупін анықтау 4.2 деңгейдің міндетіне кіре ме?",
)
"""Stories of what happened long ago or what someone said: the question is something else."""


@pytest.mark.parametrize("text", TOLD_LATER)
def test_a_happening_told_as_past_or_reported_is_no_alarm(
    analyzer: Analyzer, detector: EmergencyDetector, text: str
) -> None:
    assert not _detected(text, analyzer, detector)


def test_what_happens_now_after_an_old_story_still_alarms(
    analyzer: Analyzer, detector: EmergencyDetector
) -> None:
    text = "Атам бұрын да құлаған, қазір тағы құлап қалды, басынан қан ағып жатыр"
    assert _detected(text, analyzer, detector)


def test_an_old_happening_told_urgently_still_alarms(
    analyzer: Analyzer, detector: EmergencyDetector
) -> None:
    assert _detected("Кеше құлап қалған атамыз қазір есінен танып жатыр, тез!!", analyzer, detector)


NAMED: tuple[tuple[str, str], ...] = (
    ("Апам қайнаған суды үстіне төгіп алды", "күйік"),
    ("kuiip qaldy, tez komektesinder", "күйік"),
    ("Атамды ток соғып кетті", "электр тогы соғу"),
    ("Клиентку ударило током от чайника", "электр тогы соғу"),
    ("Атам тамақ жеп отырып қақалып қалды", "ағзаларға бөгде заттардың түсуі"),
    ("дедушка подавился костью", "ағзаларға бөгде заттардың түсуі"),
    ("Қолын пышақпен кесіп алды, қан тоқтамай жатыр", "қан кету"),
    ("дедушка тонет в озере!!!", "суға бату"),
    ("Атамның саусақтарын үсік шалды", "үсік шалу"),
    ("жылан шағып алды!!! тез", "жәндіктердің шағуы"),
)


@pytest.fixture(scope="module")
def detector() -> EmergencyDetector:
    return EmergencyDetector()


def _detected(text: str, analyzer: Analyzer, detector: EmergencyDetector) -> bool:
    return detector.detect(text, analyzer.analyze(text)) is not None


def test_tables_are_large_enough_and_distinct() -> None:
    assert len(EMERGENCIES) >= 70
    assert len(ORDINARY) >= 70
    assert len(set(EMERGENCIES)) == len(EMERGENCIES)
    assert len(set(ORDINARY)) == len(ORDINARY)
    assert not set(EMERGENCIES) & set(ORDINARY)


def test_emergency_recall(analyzer: Analyzer, detector: EmergencyDetector) -> None:
    misses = [text for text in EMERGENCIES if not _detected(text, analyzer, detector)]
    recall = 1 - len(misses) / len(EMERGENCIES)
    assert recall >= 0.98, f"recall {recall:.3f}; missed:\n" + "\n".join(misses)


def test_false_alarms(analyzer: Analyzer, detector: EmergencyDetector) -> None:
    alarms = [text for text in ORDINARY if _detected(text, analyzer, detector)]
    share = len(alarms) / len(ORDINARY)
    assert share <= 0.10, f"false alarms {share:.3f}:\n" + "\n".join(alarms)


@pytest.mark.parametrize(("text", "condition"), NAMED)
def test_names_the_standard_condition(
    text: str, condition: str, analyzer: Analyzer, detector: EmergencyDetector
) -> None:
    emergency = detector.detect(text, analyzer.analyze(text))
    assert emergency is not None
    assert emergency.condition == condition
