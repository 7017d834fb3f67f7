"""A light Kazakh stemmer: inflectional suffixes off, consonant alternation undone.

Kazakh suffixes have allomorphs chosen by the last sound of the stem: the accusative is
-ны/-ні after a vowel, -ды/-ді after a voiced consonant, -ты/-ті after a voiceless one.
Each suffix here carries that condition, which keeps the stemmer from cutting "арна" to
"ар" (-на follows only vowels) or "қызметі" to "қызме" (-ті follows only voiceless
consonants). Suffixes are stripped from the end inwards, one at a time, longest first.

Words that contain Kazakh-specific letters are stemmed with the Kazakh suffixes; words
without them may have been typed on a Russian keyboard ("кызметин"), so the folded
spelling of the suffixes applies too. The result is always folded (ә->а, қ->к, ...), the
spelling index terms are kept in.

Inflection is stripped (case, possessive, plural, common verb forms); derivation stays in
the primary stem (біліктілік and білім must stay apart) and comes off only for a
secondary, lower-weight term.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from knowledge.analysis.lexicon import Lexicon
from knowledge.analysis.normalize import fold_russian_keyboard

VOWELS = frozenset("аәеиоөұүыіэюяё")
SYLLABIC = VOWELS | {"у"}
"""Letters that make a syllable: у is a vowel in су, a consonant in ау."""
VOICELESS = frozenset("кқпстфхцчшщһ")
VOICED = frozenset("бвгғдж")
SIBILANT_VOICED = frozenset("зж")
NASAL = frozenset("мнң")
LIQUID = frozenset("лрйу")
CONSONANTS = VOICELESS | VOICED | SIBILANT_VOICED | NASAL | LIQUID
KAZAKH_LETTERS = frozenset("әғқңөұүһі")

# Conditions on the last letter of the stem a suffix attaches to.
AFTER_VOWEL = VOWELS
AFTER_VOWEL_OR_VOICED = VOWELS | VOICED | SIBILANT_VOICED | NASAL | LIQUID
AFTER_VOICED = VOICED | SIBILANT_VOICED | NASAL | LIQUID
AFTER_VOICELESS = VOICELESS
AFTER_CONSONANT = CONSONANTS
ANY = VOWELS | CONSONANTS


@dataclass(frozen=True, slots=True)
class Suffix:
    text: str
    after: frozenset[str]
    slot: int
    """Position class (PERSON, FINITE, CASE, ...): which suffixes may come off after it."""
    min_stem: int = 2
    """Shortest stem the suffix may leave: short endings that also end many bare stems
    (-да in баста, -на in арна, -са in жаса) need a longer remainder."""
    inner: bool = False
    """Only stripped when another suffix came off first (voice: жаз-ыл-ған, not қызыл)."""
    final: bool = False
    """Stripping it ends stemming: the verbal noun -у leaves a verb stem (сақта-у)."""
    eager_only: bool = False
    """Too ambiguous for the primary stem (-а ends бала as well as бар-а)."""
    after_verbal: bool = False
    """Only stripped right after a verbal suffix: the negation in бер-ме-ді, сүй-ме-ген,
    never the -ба of жазба or the -ма of тама."""


PERSON, FINITE, CASE, POSSESSIVE, PLURAL, PARTICIPLE, NEGATION, VOICE = 8, 7, 6, 5, 4, 3, 2, 1
VERBAL_SLOTS = frozenset({PERSON, FINITE, PARTICIPLE, VOICE})
# What may come off after a suffix of each slot: finite verb forms and participles sit
# right on the verb stem (only voice may precede them); nominal slots go inwards in order.
NEXT_BELOW = {
    PERSON: FINITE + 1,
    FINITE: NEGATION + 1,
    CASE: CASE,
    POSSESSIVE: POSSESSIVE,
    PLURAL: PLURAL,
    PARTICIPLE: NEGATION + 1,
    NEGATION: VOICE + 1,
    VOICE: VOICE,
}


def _suffixes(
    slot: int,
    after: frozenset[str],
    *forms: str,
    min_stem: int | None = None,
    inner: bool = False,
    final: bool = False,
    eager_only: bool = False,
    after_verbal: bool = False,
) -> list[Suffix]:
    return [
        Suffix(
            form,
            after,
            slot,
            min_stem or (3 if len(form) == 1 else 2),
            inner,
            final,
            eager_only,
            after_verbal,
        )
        for form in forms
    ]


INFLECTIONS: tuple[Suffix, ...] = (
    # case: genitive, accusative, dative, locative, ablative, instrumental, locative adjective
    *_suffixes(CASE, AFTER_VOWEL | NASAL, "ның", "нің"),
    *_suffixes(CASE, LIQUID | SIBILANT_VOICED, "дың", "дің"),
    *_suffixes(CASE, AFTER_VOICELESS | VOICED, "тың", "тің"),
    *_suffixes(CASE, AFTER_VOWEL, "ны", "ні", "нда", "нде", "ндағы", "ндегі"),
    *_suffixes(CASE, AFTER_VOWEL, "на", "не"),
    *_suffixes(CASE, frozenset("ыі"), "н"),  # accusative after the possessive: басы-н
    *_suffixes(CASE, AFTER_VOICED | AFTER_VOWEL, "ды", "ді"),  # accusative; past tense after vowels
    *_suffixes(CASE, AFTER_VOICELESS, "ты", "ті"),
    *_suffixes(CASE, AFTER_VOWEL_OR_VOICED, "ға", "ге", "дағы", "дегі"),
    *_suffixes(CASE, AFTER_VOWEL_OR_VOICED, "да", "де"),
    *_suffixes(CASE, AFTER_VOICELESS, "қа", "ке", "тағы", "тегі"),
    *_suffixes(CASE, AFTER_VOICELESS, "та", "те"),
    *_suffixes(CASE, frozenset("мң"), "а", "е", eager_only=True),  # жұмысым-а
    *_suffixes(CASE, AFTER_VOWEL | LIQUID | SIBILANT_VOICED, "дан", "ден"),
    *_suffixes(CASE, NASAL | AFTER_VOWEL, "нан", "нен"),
    *_suffixes(CASE, AFTER_VOICELESS, "тан", "тен"),
    *_suffixes(CASE, AFTER_VOWEL | NASAL | LIQUID, "мен", "менен"),
    *_suffixes(CASE, SIBILANT_VOICED | VOICED, "бен", "бенен"),
    *_suffixes(CASE, AFTER_VOICELESS, "пен", "пенен"),
    # possessive
    *_suffixes(
        POSSESSIVE,
        AFTER_CONSONANT,
        "ым",
        "ім",
        "ың",
        "ің",
        "ы",
        "і",
        "ымыз",
        "іміз",
        "ыңыз",
        "іңіз",
    ),
    *_suffixes(POSSESSIVE, AFTER_VOWEL, "мыз", "міз", "ңыз", "ңіз"),
    # -сы/-сі after ы/і is rare; after it, the -с is usually the stem's (жұмыс-ы, іс-і)
    *_suffixes(POSSESSIVE, AFTER_VOWEL - frozenset("ыі"), "сы", "сі"),
    # plural
    *_suffixes(PLURAL, AFTER_VOWEL | frozenset("рйу"), "лар", "лер"),
    *_suffixes(PLURAL, frozenset("лмнңзж"), "дар", "дер"),
    *_suffixes(PLURAL, AFTER_VOICELESS | VOICED, "тар", "тер"),
    # verbs: participles, converbs, conditional, present and past with person
    *_suffixes(PARTICIPLE, AFTER_VOWEL_OR_VOICED, "ған", "ген", "ғанда", "генде"),
    *_suffixes(PARTICIPLE, AFTER_VOICELESS, "қан", "кен", "қанда", "кенде"),
    *_suffixes(PARTICIPLE, AFTER_CONSONANT, "атын", "етін"),
    *_suffixes(PARTICIPLE, AFTER_VOWEL, "йтын", "йтін"),
    # not after -м: бер-ме-ді is a negated past, not берм-еді
    *_suffixes(FINITE, AFTER_CONSONANT - frozenset("м"), "ады", "еді"),
    *_suffixes(FINITE, AFTER_CONSONANT, "амын", "емін", "амыз", "еміз", "ып", "іп"),
    *_suffixes(FINITE, AFTER_VOWEL, "йды", "йді", "ймын", "ймін", "ймыз", "йміз"),
    # converb -п after a vowel (жаса-п); after ы/і the -ып/-іп reading wins (бол-ып)
    *_suffixes(FINITE, AFTER_VOWEL - frozenset("ыі"), "п", min_stem=2),
    *_suffixes(FINITE, AFTER_CONSONANT - frozenset("мңндт"), "а", "е", eager_only=True),  # бар-а
    *_suffixes(FINITE, AFTER_VOWEL, "й", eager_only=True),  # converb: істе-й
    *_suffixes(FINITE, ANY, "са", "се", "сақ", "сек"),
    *_suffixes(FINITE, ANY, "май", "мей", "бай", "бей", "пай", "пей"),  # negative converb
    *_suffixes(FINITE, AFTER_VOICED | AFTER_VOWEL, "дым", "дім", "ды", "ді"),
    *_suffixes(FINITE, AFTER_VOICELESS, "тым", "тім", "ты", "ті"),
    *_suffixes(FINITE, ANY, "майды", "мейді", "байды", "бейді", "пайды", "пейді"),
    *_suffixes(PERSON, ANY, "мын", "мін", "ңызшы", "ңізші", "ыңызшы", "іңізші"),
    # "I am a ...": -пын after a voiceless consonant, as a final г, ғ, б is said too
    # (биологпын), -бын after з, ж, л, м, н, ң (маманбын is also written маманмын)
    *_suffixes(PERSON, AFTER_VOICELESS | frozenset("гғб"), "пын", "пін", min_stem=4),
    *_suffixes(PERSON, frozenset("зжлмнң"), "бын", "бін", min_stem=4),
    # negation, only between a verb stem and a verbal suffix: бер-ме-ді, бол-ма-ған
    *_suffixes(NEGATION, AFTER_VOWEL | AFTER_VOICED, "ма", "ме", after_verbal=True),
    *_suffixes(NEGATION, frozenset("зжлмнң"), "ба", "бе", after_verbal=True),
    *_suffixes(NEGATION, AFTER_VOICELESS, "па", "пе", after_verbal=True),
    # voice, only inside a longer form: жаз-ыл-ған -> жаз
    *_suffixes(VOICE, AFTER_CONSONANT, "ыл", "іл", min_stem=3, inner=True),
    # after a vowel the passive is -л, the reflexive -н: жаса-л-ған, қабылда-н-ған
    *_suffixes(VOICE, AFTER_VOWEL, "л", "н", min_stem=3, inner=True, after_verbal=True),
    # verbal noun
    *_suffixes(PARTICIPLE, ANY, "у", min_stem=2, final=True),
)

DERIVATIONS: tuple[Suffix, ...] = (
    *_suffixes(PARTICIPLE, AFTER_VOWEL | LIQUID, "лық", "лік", "лы", "лі"),
    *_suffixes(PARTICIPLE, NASAL | SIBILANT_VOICED | VOICED, "дық", "дік", "ды", "ді"),
    *_suffixes(PARTICIPLE, AFTER_VOICELESS, "тық", "тік", "ты", "ті"),
    *_suffixes(PARTICIPLE, ANY, "шы", "ші", "шылық", "шілік", "сыз", "сіз", "ушы", "уші"),
    *_suffixes(PARTICIPLE, ANY, "ғы", "гі", "қы", "кі", "дағы", "дегі"),
    *_suffixes(PARTICIPLE, ANY, "иялық", "ия", "лау", "леу", "дау", "деу", "тау", "теу"),
    # a noun made a verb, "to provide with": ақпарат-тандыр (inform), тамақ-тандыр (feed)
    *_suffixes(PARTICIPLE, AFTER_VOWEL | LIQUID, "ландыр", "лендір"),
    *_suffixes(PARTICIPLE, NASAL | SIBILANT_VOICED | VOICED, "дандыр", "дендір"),
    *_suffixes(PARTICIPLE, AFTER_VOICELESS, "тандыр", "тендір"),
)

MIN_STEM = 2
KNOWN_MIN_STEM = 3
CAREFUL_MIN_STEM = 4
_DEVOICE = {"г": "к", "ғ": "қ", "б": "п"}


@dataclass(frozen=True, slots=True)
class SuffixTable:
    """Suffixes grouped by their text, for longest-first lookup."""

    by_text: dict[str, tuple[Suffix, ...]]
    longest: int

    @classmethod
    def build(
        cls, suffixes: tuple[Suffix, ...], *, folded: bool, short_min_stem: int = 0
    ) -> SuffixTable:
        """`short_min_stem` raises the shortest stem that a 1-2 letter suffix may leave."""
        by_text: dict[str, list[Suffix]] = {}
        for suffix in suffixes:
            if short_min_stem and suffix.eager_only:
                continue
            if len(suffix.text) <= 2 and not suffix.final and not suffix.after_verbal:
                suffix = replace(suffix, min_stem=max(suffix.min_stem, short_min_stem))
            if folded:
                after = frozenset(fold_russian_keyboard(c) for c in suffix.after)
                suffix = replace(suffix, text=fold_russian_keyboard(suffix.text), after=after)
            by_text.setdefault(suffix.text, []).append(suffix)
        return cls({k: tuple(v) for k, v in by_text.items()}, max(map(len, by_text)))


@dataclass(frozen=True, slots=True)
class Stemmer:
    """Suffix tables in Kazakh and in Russian-keyboard spelling, careful and eager.

    The careful tables leave at least four letters before a one- or two-letter suffix:
    "баста", "қолда", "міндетті" stay whole, as dictionary forms should. The eager tables
    also take those endings off ("үйде" -> "үй"); their stem is an extra term, so a
    question and the standard meet on either.
    """

    careful: SuffixTable
    careful_folded: SuffixTable
    eager: SuffixTable
    eager_folded: SuffixTable
    derivations: SuffixTable
    derivations_folded: SuffixTable
    lexicon: Lexicon = field(default_factory=Lexicon.empty)
    """Known lemmas: they overrule a careful stem that is evidently wrong (`guarded`)."""

    @classmethod
    def default(cls, lexicon: Lexicon | None = None) -> Stemmer:
        return cls(
            SuffixTable.build(INFLECTIONS, folded=False, short_min_stem=CAREFUL_MIN_STEM),
            SuffixTable.build(INFLECTIONS, folded=True, short_min_stem=CAREFUL_MIN_STEM),
            SuffixTable.build(INFLECTIONS, folded=False),
            SuffixTable.build(INFLECTIONS, folded=True),
            SuffixTable.build(DERIVATIONS, folded=False),
            SuffixTable.build(DERIVATIONS, folded=True),
            Lexicon.empty() if lexicon is None else lexicon,
        )

    def stem(self, word: str) -> tuple[str, ...]:
        """Terms of a lower-case word, primary first.

        The primary term is the careful stem with its Kazakh letters (көл and қол stay
        apart); then its folded spelling, so a Russian-keyboard question still meets it;
        then the eager stem and a derivational stem, folded, when they differ.
        """
        kazakh = any(c in KAZAKH_LETTERS for c in word)
        careful = self.careful if kazakh else self.careful_folded
        eager = self.eager if kazakh else self.eager_folded
        derivations = self.derivations if kazakh else self.derivations_folded
        careful_stem, taken = _strip_path(word, careful)
        primary = devoice(careful_stem)
        terms = []
        known = self.listed_whole(word, careful_stem, taken) or self.guarded(
            word, careful_stem, taken
        )
        if known is not None:
            # the careful stem second: search weighs it next to the lemma, as before
            terms.append(known)
        terms += [primary, fold_russian_keyboard(known or primary), fold_russian_keyboard(primary)]
        eager_stem = devoice(_strip_all(word, eager))
        terms.append(fold_russian_keyboard(eager_stem))
        terms.append(fold_russian_keyboard(devoice(_strip_all(word, eager, shortest_first=True))))
        derived = _strip_one(primary, derivations, stripped_before=True)
        if derived is not None and len(derived[0]) >= 3:
            terms.append(fold_russian_keyboard(devoice(derived[0])))
        for stem in {primary, eager_stem} - {word}:
            terms += [fold_russian_keyboard(s) for s in restore_elided_vowel(stem)]
        return tuple(dict.fromkeys(terms))

    def guarded(self, word: str, stem: str, taken: list[Suffix]) -> str | None:
        """A known lemma to stand before an evidently wrong careful stem, if the path has one.

        Only an evidently wrong careful stem is overruled (`_evidently_wrong`: маңызды
        -> ма, мерзім -> мерз, айқын -> айқы): then the nearest form above it on the
        strip path (an intermediate stem, else the word itself) that the lexicon knows
        as a lemma is the primary; a listed inflected form gives way to its lemma when
        that is longer than the careful stem (қызметін -> қызмет). The careful stem
        stays as the second term, so search still meets it at nearly full weight.
        """
        if not taken or not self.lexicon:
            return None
        primary = devoice(stem)
        voiced = self._voice_on_a_noun(stem, taken)
        if voiced is not None:
            return voiced
        if not self._evidently_wrong(primary) and not self._below_a_known(word, primary, taken):
            return None
        for form, outer in _path_forms(word, taken):
            if len(form) < KNOWN_MIN_STEM:
                continue
            if outer is not None and _verbal_slot(outer) and not _copula(outer, form, self):
                if self.lexicon.knows_verb(form):
                    return form
            elif self.lexicon.knows_word(form):
                lemma = self._lemma_of(form)
                if lemma is None:
                    return form
                if len(lemma) > len(primary):
                    return lemma
        return None

    def _voice_on_a_noun(self, stem: str, taken: list[Suffix]) -> str | None:
        """A passive or reflexive -л/-н taken off a noun the lexicon knows and no verb
        («маман-ы» → мама-н → мама): a noun has no voice; the noun is the stem."""
        inner = taken[-1]
        if inner.slot != VOICE:
            return None
        form = stem + inner.text
        known = self.lexicon.knows_word(form) and not self.lexicon.knows_verb(form)
        return form if known else None

    def _below_a_known(self, word: str, primary: str, taken: list[Suffix]) -> bool:
        """Is an unknown stem cut below a noun the lexicon knows that a person ending sits
        on («мұғаліммін» → мұғал, below мұғалім)? (Not below any known form: the
        dictionary lists some inflected forms of words it lacks, тізілімі of тізілім.)"""
        if self.lexicon.knows(primary):
            return False
        return any(
            len(form) >= CAREFUL_MIN_STEM
            and outer is not None
            and _copula(outer, form, self)
            and self._lemma_of(form) is None
            for form, outer in _path_forms(word, taken)
        )

    def listed_whole(self, word: str, stem: str, taken: list[Suffix]) -> str | None:
        """The word itself, when the dictionary lists it and stripping would leave less.

        Two cases: the ending taken is also a derivational suffix (міндетті, маңызды,
        тұрақты: an adjective the dictionary lists, not only an accusative), or the stem
        stripping leaves is unknown while the word is no inflected form of a known one
        (тұрғын, not тұрғы). Listed inflected forms (қызметін, келді) give way to their
        lemma as before. The stripped stem stays the second term, so search meets the
        question's «міндетті ме» and the standard's «міндеттері» at nearly full weight.
        """
        if not taken or not self.lexicon or not self.lexicon.knows_word(word):
            return None
        primary = devoice(stem)
        derivational = len(taken) == 1 and taken[0].text in self._derivational_endings
        unknown = not self.lexicon.knows(primary) and self._lemma_of(word) is None
        return word if derivational or unknown else None

    @property
    def _derivational_endings(self) -> frozenset[str]:
        return frozenset(self.derivations.by_text)

    def _evidently_wrong(self, stem: str) -> bool:
        """Under three letters, or ending in a pair no word ends in (мерз, қазақс), or an
        unknown stem ending in a vowel or a consonant pair (айқы). An unknown stem
        ending in one consonant is left alone: loanwords and new terms (тізілім,
        критерий) are missing from the dictionary, which lists some of their forms."""
        if len(stem) < KNOWN_MIN_STEM:
            return True
        if bad_final_pair(stem):
            return True
        if self.lexicon.knows(stem):
            return False
        return stem[-1] in SYLLABIC or stem[-2:-1] in CONSONANTS

    def _lemma_of(self, form: str) -> str | None:
        """The known lemma a listed word is an inflected form of, if it is one. The
        dictionary lists some forms (келді, деген, менің, қызметін): a verb's form of a
        known verb, or a noun's form of a known word of three letters or more, reached by
        the eager table (longest or shortest suffix first). A stem that is itself
        evidently wrong (the dictionary's cut-off entries: мерз) is no lemma."""
        kazakh = any(c in KAZAKH_LETTERS for c in form)
        eager = self.eager if kazakh else self.eager_folded
        for stem, taken in (
            _strip_path(form, eager),
            _strip_path(form, eager, shortest_first=True),
        ):
            lemma = self._known_end(devoice(stem), taken)
            if lemma is not None:
                return lemma
        return None

    def _known_end(self, stem: str, taken: list[Suffix]) -> str | None:
        """The stem if stripping ended on a known verb's stem (after verbal suffixes) or
        on a known word of three letters or more (after nominal ones)."""
        if not taken or any(s.eager_only for s in taken) or bad_final_pair(stem):
            return None
        if _verbal_slot(taken[-1]):
            return stem if self.lexicon.knows_verb(stem) else None
        known = len(stem) >= KNOWN_MIN_STEM and self.lexicon.knows_word(stem)
        return stem if known else None

    def is_verb_form(self, word: str) -> bool:
        """Does the word carry a verbal suffix (tense, participle, converb, person)?

        Questions use general verbs ("тоқтамай", "бітірдім", "шалдыққанда") that the
        standard need not contain; their absence says less than a missing noun.
        """
        kazakh = any(c in KAZAKH_LETTERS for c in word)
        _stem, taken = _strip_path(word, self.eager if kazakh else self.eager_folded)
        # one-letter and eager-only endings (-а, -й, -п) also end nouns: музык-а
        return any(s.slot in VERBAL_SLOTS and len(s.text) >= 2 and not s.eager_only for s in taken)


def _strip_one(
    word: str,
    table: SuffixTable,
    *,
    stripped_before: bool,
    below_slot: int = 99,
    shortest_first: bool = False,
    after_verbal: bool = False,
) -> tuple[str, Suffix] | None:
    sizes = range(min(table.longest, len(word) - MIN_STEM), 0, -1)
    for size in reversed(sizes) if shortest_first else sizes:
        candidates = table.by_text.get(word[-size:])
        if not candidates:
            continue
        stem = word[:-size]
        if not any(c in SYLLABIC for c in stem):
            continue
        for suffix in candidates:
            if len(stem) < suffix.min_stem:
                continue
            if suffix.inner and not stripped_before:
                continue
            if suffix.after_verbal and not after_verbal:
                continue
            if suffix.slot >= below_slot:
                continue
            # a loanword's soft sign takes the suffix of the consonant before it:
            # обязанность-тары, роль-дері
            last = stem[-2] if stem[-1] == "ь" and len(stem) > 2 else stem[-1]
            if last in suffix.after:
                return stem, suffix
    return None


def _strip_all(
    word: str, table: SuffixTable, max_passes: int = 6, *, shortest_first: bool = False
) -> str:
    """Strip suffixes from the end inwards, longest first (the first one shortest first
    when asked: жұмыс-ы against жұмы-сы, кешен-і against кеше-ні)."""
    return _strip_path(word, table, max_passes, shortest_first=shortest_first)[0]


def _strip_path(
    word: str, table: SuffixTable, max_passes: int = 6, *, shortest_first: bool = False
) -> tuple[str, list[Suffix]]:
    """The stem and the suffixes taken off, outermost first."""
    current = word
    taken: list[Suffix] = []
    slot = 99
    for passes in range(max_passes):
        stripped = _strip_one(
            current,
            table,
            stripped_before=passes > 0,
            below_slot=slot,
            shortest_first=shortest_first and passes == 0,
            after_verbal=bool(taken) and _verbal(taken[-1]),
        )
        if stripped is None:
            break
        current, suffix = stripped
        taken.append(suffix)
        slot = NEXT_BELOW[suffix.slot]
        if suffix.final:
            break
    return current, taken


def _path_forms(word: str, taken: list[Suffix]) -> list[tuple[str, Suffix | None]]:
    """The forms above the careful stem, nearest first, each with the suffix that came
    off just outside it (None for the word itself)."""
    forms: list[tuple[str, Suffix | None]] = []
    length = len(word)
    outer: Suffix | None = None
    for suffix in taken:
        forms.append((word[:length], outer))
        length -= len(suffix.text)
        outer = suffix
    return forms[::-1]


def _verbal_slot(suffix: Suffix) -> bool:
    """Does the suffix follow a verb's stem (tense, person, participle, negation, voice)?"""
    return suffix.slot in VERBAL_SLOTS or suffix.slot == NEGATION


FINAL_PAIRS = frozenset(
    {f"{a}{b}" for a in "рлйу" for b in "тқкпс"}
    | {"нт", "нк", "ңк", "ст", "шт", "кт", "пт", "нс", "рм", "рд", "рг", "рн", "лм", "лд"}
)
"""Consonant pairs a word may end in: a sonorant before a voiceless stop (жұрт, салт,
айт, көрк, қорқ) and those of common loanwords (текст, акт, фильм, спорт, аккорд)."""


def bad_final_pair(stem: str) -> bool:
    """Does the stem end in two consonants no word ends in (мерз, қазақс)?"""
    end = stem[-2:]
    return len(end) == 2 and all(c in CONSONANTS for c in end) and end not in FINAL_PAIRS


PAST_FORMS = frozenset({"ды", "ді", "ты", "ті"})
"""Past tense and accusative share these forms; after a vowel the accusative is -ны/-ні,
so -ма-ды, -ме-ді can only be a negated past."""


def _verbal(suffix: Suffix) -> bool:
    return suffix.slot in VERBAL_SLOTS or suffix.text in PAST_FORMS


def restore_elided_vowel(stem: str) -> list[str]:
    """Stems that lost a vowel before a vowel-initial suffix, with the vowel put back.

    Kazakh drops the last ы/і of some stems before a vowel: қауіп -> қаупі, орын -> орны,
    ауыз -> аузы, халық -> халқы. A stem left ending in two consonants gets both
    candidates (harmony has exceptions: қауіп is front-vowelled after а).
    """
    if len(stem) < 3 or stem[-1] not in CONSONANTS or stem[-2] not in CONSONANTS:
        return []
    if not any(c in SYLLABIC for c in stem[:-2]):
        return []
    return [devoice(f"{stem[:-1]}{vowel}{stem[-1]}") for vowel in ("ы", "і")]


def _copula(outer: Suffix, form: str, stemmer: Stemmer) -> bool:
    """A person ending on a noun the lexicon knows and no verb: «мұғалім-мін» (I am a
    teacher), not a verb's person."""
    return (
        outer.slot == PERSON
        and stemmer.lexicon.knows_word(form)
        and not stemmer.lexicon.knows_verb(form)
    )


def devoice(stem: str) -> str:
    """Undo the voicing of a stem-final consonant: -ғ -> -қ, -г -> -к, -б -> -п."""
    last = stem[-1:]
    return stem[:-1] + _DEVOICE[last] if last in _DEVOICE else stem
