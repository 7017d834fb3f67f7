"""Splitting a message into clauses and telling what each one does.

Roles:
- DISCOURSE: greetings, thanks, blessings, apologies, forms of address, how-are-you; left
  out of search altogether;
- ASK: a clause with a question particle or word, a "?", or a request ("айтып
  беріңізші"); what is asked, and what confidence is judged on;
- CONTEXT: the rest, the story around the question; it still helps to rank, but an answer
  need not match it.

A message with no asking clause (a keyword question: "күйікке алғашқы көмек") asks with
all of it; an asking clause with no words of its own ("не істеймін?") asks about the
story before it.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from knowledge.analysis.analyzer import AnalyzedToken, Analyzer
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.discourse import lexicon
from knowledge.discourse.reading import Clause, Reading, Role, SmallTalk, Word
from knowledge.discourse.reference import References

__all__ = ["Clause", "MessageReader", "Reading", "Role", "SmallTalk", "Word", "split_sentences"]


_SENTENCE = re.compile(r"(?<=[.!?…;])\s+|\n+|(?<=[!?])(?=\S)")
_CLAUSE = re.compile(r"\s*(?:(?<!\d),|,(?!\d)|[:()«»\"“”])\s*|\s+[-–—]\s+")
"""Commas split clauses, except in a level typed with a comma ("6,1")."""
_QUESTION_MARK = re.compile(r"\?")
_IDENTITY_WHO = (
    "кім", "кімсің", "кімсіз", "адам", "адамсың", "адамсыз", "робот", "роботсың",
    "роботсыз", "бот", "ботсың", "кто", "человек", "робот ли",
)  # fmt: skip
_KIN_ENDINGS = 4
"""Possessive endings a kin word may carry and still be the story's person ("атамыз")."""
_CONVERB_ENDINGS = ("ып", "іп", "п")
_YOUR = ("ң", "ңыз", "ңіз", "ңдар", "ңдер", "ңыздар", "ңіздер", "ныз", "низ")
"""«your» endings, Russian-keyboard spellings too (денсаулыгыныз)."""
_IDENTITY_YOU = ("сен", "сіз", "ты", "вы", "өзің", "өзіңіз")
_ATTACHED_STEMS = ("керек", "бола", "ала", "кіре", "жата", "бар", "жоқ", "дұрыс", "рас")


def split_sentences(text: str) -> list[tuple[list[str], bool]]:
    """Each sentence as its clauses, with whether it carries a "?"; empty pieces dropped."""
    out: list[tuple[list[str], bool]] = []
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip()
        parts = [part for part in _CLAUSE.split(sentence) if part.strip()]
        if parts:
            out.append((parts, _QUESTION_MARK.search(sentence) is not None))
    return out


class MessageReader:
    """The discourse vocabulary keyed once with the search analyser, then matched."""

    def __init__(
        self,
        analyzer: Analyzer,
        *,
        standard_terms: Container[str] = frozenset(),
        cache_size: int = 65536,
    ) -> None:
        """`standard_terms`: the index's terms. A capitalised word the standard uses is
        no name («дипломымда Педагогика және психология деп жазылған»)."""
        self.analyzer = analyzer
        self._standard_terms = standard_terms
        # a message's words recur across messages: their folding and classes are cached
        self._fold = lru_cache(maxsize=cache_size)(fold_russian_keyboard)
        self._asks = lru_cache(maxsize=cache_size)(self._asks_folded)
        self._said_by_form = lru_cache(maxsize=cache_size)(self._said_by_form_uncached)
        key = self._key
        self._greetings = {key(w) for w in lexicon.GREETINGS}
        self._greeting_times = {key(w) for w in lexicon.GREETING_TIMES}
        self._thanks = {key(w) for w in (*lexicon.THANKS, *lexicon.BLESSINGS)}
        # forms of address by their exact form only: «балам» (my child) addresses, the
        # stem «бала» is every «балалар бөлімі» of a story
        self._polite = self._greetings | self._thanks | {key(w) for w in lexicon.APOLOGIES}
        self._polite_forms = {
            fold_russian_keyboard(w)
            for w in (*lexicon.GREETINGS, *lexicon.THANKS, *lexicon.BLESSINGS,
                      *lexicon.APOLOGIES, *lexicon.ADDRESS, *lexicon.BLESSING_FORMS)
        }  # fmt: skip
        self._thanks_modifiers = {fold_russian_keyboard(w) for w in lexicon.THANKS_MODIFIERS}
        self._phatic = {key(w) for w in lexicon.PHATIC}
        self._phatic_forms = frozenset(fold_russian_keyboard(w) for w in lexicon.PHATIC)
        self._about_asking = {fold_russian_keyboard(w) for w in lexicon.ABOUT_ASKING}
        self._own_roles = tuple(fold_russian_keyboard(w) for w in lexicon.OWN_ROLES)
        self._own_role_modifiers = tuple(
            fold_russian_keyboard(w) for w in lexicon.OWN_ROLE_MODIFIERS
        )
        self._first_person = tuple(fold_russian_keyboard(w) for w in lexicon.FIRST_PERSON)
        self._source_forms = {fold_russian_keyboard(w) for w in lexicon.SOURCE_REFERENCES}
        self._source_writing = frozenset(fold_russian_keyboard(w) for w in lexicon.SOURCE_WRITING)
        self._where_in_it = frozenset(fold_russian_keyboard(w) for w in lexicon.WHERE_IN_IT)
        self._which = fold_russian_keyboard("қай")
        self._source_key = key("стандарт")
        self._source_after = {fold_russian_keyboard(w) for w in lexicon.SOURCE_POSTPOSITIONS}
        self._question_noun = fold_russian_keyboard(lexicon.QUESTION_NOUN)
        self._about_asking_before = {fold_russian_keyboard(w) for w in lexicon.ABOUT_ASKING_BEFORE}
        self._particles = {fold_russian_keyboard(w) for w in lexicon.QUESTION_PARTICLES}
        self._question_words = {fold_russian_keyboard(w) for w in lexicon.QUESTION_WORDS}
        # exact forms: "білгім келеді" asks, "білгенімен" (as one knows) does not
        self._want_to_know = {fold_russian_keyboard(w) for w in lexicon.WANT_TO_KNOW}
        self._reporting = {fold_russian_keyboard(w) for w in lexicon.REPORTING}
        self._reporting_surface = frozenset(lexicon.REPORTING)
        self._past_endings = tuple(fold_russian_keyboard(e) for e in lexicon.PAST_ENDINGS)
        self._negative_past = tuple(fold_russian_keyboard(e) for e in lexicon.NEGATIVE_PAST)
        self._everyday = {key(w) for w in lexicon.EVERYDAY}
        # exact forms: "байланысты" (concerning) is a function word, "байланысы" is not
        self._function = {fold_russian_keyboard(w) for w in lexicon.FUNCTION_WORDS}
        self._references = References(self._token_key)
        self._kin = tuple(fold_russian_keyboard(w) for w in lexicon.KIN)
        self._request_stems = tuple(fold_russian_keyboard(s) for s in lexicon.REQUEST_STEMS)
        self._request_endings = tuple(fold_russian_keyboard(e) for e in lexicon.REQUEST_ENDINGS)
        self._polite_questions = frozenset(
            fold_russian_keyboard(stem + vowel + ending)
            for stem in lexicon.REQUEST_STEMS
            for vowel in ("а", "е")
            for ending in lexicon.POLITE_QUESTION_ENDINGS
        )
        self._attached_forms = frozenset(
            fold_russian_keyboard(stem) + particle
            for stem in _ATTACHED_STEMS
            for particle in self._particles
        )
        self._verb_endings = tuple(fold_russian_keyboard(e) for e in lexicon.VERB_ENDINGS)
        self._who = {key(w) for w in _IDENTITY_WHO}
        self._you = {fold_russian_keyboard(w) for w in _IDENTITY_YOU}

    def _key(self, word: str) -> str:
        terms = self.analyzer.word_terms(word)
        return fold_russian_keyboard(terms[0] if terms else word.lower())

    def _token_key(self, token: AnalyzedToken) -> str:
        return self._fold(token.primary or token.folded)

    # --- one token ----------------------------------------------------------------------

    def is_polite(self, token: AnalyzedToken) -> bool:
        return self._token_key(token) in self._polite or token.folded in self._polite_forms

    def is_request(self, token: AnalyzedToken) -> bool:
        return self._request_form(token.folded)

    def _request_form(self, folded: str) -> bool:
        """ "айтып беріңізші", "көрсетші"; or asked as a polite question, "айтып бересіз
        бе", "түсіндіресіз бе" (the stem, the present's vowel, the polite person)."""
        if folded in self._polite_questions:
            return True
        return folded.startswith(self._request_stems) and folded.endswith(self._request_endings)

    def asks(self, token: AnalyzedToken) -> bool:
        return self._asks(token.folded)

    def _asks_folded(self, folded: str) -> bool:
        if folded in self._particles or folded in self._question_words:
            return True
        if folded in self._want_to_know or folded in self._attached_forms:
            return True
        return self._request_form(folded)

    # --- the message ----------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        clauses: list[Clause] = []
        sentences: list[int] = []
        for number, (parts, marked) in enumerate(split_sentences(text)):
            told = self._ends_reported(parts[-1])
            sentence = [self._clause(part, marked, told=told) for part in parts]
            if any(c.role is Role.ASK for c in sentence):  # one sentence, one question
                sentence = [_as_asked(c) if c.role is Role.CONTEXT else c for c in sentence]
            clauses.extend(sentence)
            sentences.extend([number] * len(sentence))
        clauses = self._settle_roles(self._references.resolve(clauses), sentences)
        return Reading(text, tuple(clauses), self._small_talk(clauses))

    def _told_in_past(self, tokens: Sequence[AnalyzedToken]) -> bool:
        """ "қандай жаңа міндеттер қосылғанын ешкім айтпады" (nobody said what was added):
        a clause that ends on a verb in the past, with no "?", tells; its question word
        is part of what it tells."""
        words = [t for t in tokens if t.type is TokenType.WORD]
        if not words:
            return False
        folded = words[-1].folded
        verbal = words[-1].verbal or self._verbal(words[-1])
        if not verbal or self._asks_folded(folded) or len(folded) < 4:
            return False
        if folded.endswith(self._negative_past):
            return True  # "айтпады", "білмеді"
        # "айтты", "келді", "түсіндірді": after a consonant; "-ады/-еді" is the present
        return folded.endswith(self._past_endings) and folded[-3] not in _VOWELS

    def _ends_reported(self, last_clause: str) -> bool:
        """ "кеңес сұрайды: құжатты қалай толтырамыз, не істейміз деп." — the sentence
        ends on a word of saying: its questions are someone else's."""
        words = last_clause.split()
        return bool(words) and words[-1].strip(".,;:!»\"'").lower() in self._reporting_surface

    def _clause(self, text: str, sentence_asks: bool, *, told: bool = False) -> Clause:
        tokens = self.analyzer.analyze(text)
        said = [bool(t.terms) and self._discourse_word(t, tokens) for t in tokens]
        content = [k for k, t in enumerate(tokens) if t.terms and not t.stop]
        asking = sentence_asks or (
            not told
            and not self._told_in_past(tokens)
            and any(self.asks(t) and not self._reported(tokens, i) for i, t in enumerate(tokens))
        )
        named = any(t.type is not TokenType.WORD for t in tokens)  # a level, a code
        if asking and not content and self._references.points(tokens):
            role = Role.ASK  # «Бұл не?»: a question about what the story named
        elif not named and (not content or all(said[k] for k in content)):
            role = Role.DISCOURSE
        elif not named and asking and all(self._phatic_word(tokens[k]) for k in content):
            role = Role.DISCOURSE  # "Денсаулығың жақсы ма?"
        else:
            role = Role.ASK if asking else Role.CONTEXT
        words = tuple(self._word(t, role, said[k]) for k, t in enumerate(tokens))
        if role is Role.CONTEXT:
            words = self._without_own_role(_without_names(words, text, self._standard_terms))
        return Clause(text, words, role)

    def _without_own_role(self, words: tuple[Word, ...]) -> tuple[Word, ...]:
        """ "Мен 4.1 деңгейлі күтім жөніндегі әлеуметтік жұмыскермін": the writer's role
        (one of the standard's own) is left out of search; its level still counts."""
        folded = [w.token.folded for w in words]
        at = next(
            (i for i, f in enumerate(folded)
             if f.startswith(self._own_roles) and f.endswith(self._first_person)),
            None,
        )  # fmt: skip
        if at is None:
            return words
        start = at
        while start > 0 and folded[start - 1].startswith(self._own_role_modifiers):
            start -= 1
        return tuple(
            Word(w.token, Role.DISCOURSE, 0.0) if start <= i <= at else w
            for i, w in enumerate(words)
        )

    def _discourse_word(self, token: AnalyzedToken, tokens: Sequence[AnalyzedToken]) -> bool:
        said = self._said_by_form(token.folded, self._token_key(token), token.upper)
        if said is not None:
            return said
        if self._request_converb(token, tokens):
            return True
        if self._about_asking_word(token, tokens) or self._source_reference(token, tokens):
            return True
        key = self._token_key(token)
        if key in self._greeting_times:
            return any(self._token_key(t) in self._greetings for t in tokens)
        if token.folded in self._thanks_modifiers:
            return any(self._token_key(t) in self._thanks for t in tokens)
        return False

    def _said_by_form_uncached(self, folded: str, key: str, upper: bool) -> bool | None:
        """What the word's form alone says: True, a word of the saying (a greeting, a
        request, a particle); None, it may be one by its neighbours ("қайырлы" before
        "күн", "тізіп" before "беріңіз"); False, it is not. Words recur: cached."""
        if key in self._polite or folded in self._polite_forms or self._request_form(folded):
            return True
        if folded in self._about_asking or folded in self._source_forms:
            return True
        if folded in self._source_writing or folded in self._want_to_know:
            return True
        if not upper and (folded in self._particles or folded in self._question_words):
            return True  # "БА" in capitals is an abbreviation, "ба" a particle
        by_neighbours = (
            (folded.startswith(self._request_stems) and folded.endswith(_CONVERB_ENDINGS))
            or folded == self._question_noun
            or folded in self._where_in_it
            or key == self._source_key
            or key in self._greeting_times
            or folded in self._thanks_modifiers
        )
        return None if by_neighbours else False

    def _about_asking_word(self, token: AnalyzedToken, tokens: Sequence[AnalyzedToken]) -> bool:
        """ "сұрағым", "вопрос"; "сұрақ" after "тағы бір": the message speaking of itself."""
        if token.folded in self._about_asking:
            return True
        if token.folded != self._question_noun:
            return False
        index = next((i for i, t in enumerate(tokens) if t is token), -1)
        return index > 0 and tokens[index - 1].folded in self._about_asking_before

    def _source_reference(self, token: AnalyzedToken, tokens: Sequence[AnalyzedToken]) -> bool:
        """ "стандарттағы", "стандарт бойынша": the source named, not a subject."""
        if token.folded in self._source_forms or token.folded in self._source_writing:
            return True
        if token.folded in self._where_in_it:
            index = next((i for i, t in enumerate(tokens) if t is token), -1)
            return index > 0 and tokens[index - 1].folded == self._which
        if self._token_key(token) != self._source_key:
            return False
        index = next((i for i, t in enumerate(tokens) if t is token), -1)
        following = tokens[index + 1 : index + 3] if index >= 0 else []
        return any(t.folded in self._source_after for t in following)  # «стандарт не дейді»

    def _reported(self, tokens: Sequence[AnalyzedToken], index: int) -> bool:
        """A request or question someone else said ("беріңдер деді"): the story's."""
        return any(t.folded in self._reporting for t in tokens[index + 1 : index + 3])

    def _request_converb(self, token: AnalyzedToken, tokens: Sequence[AnalyzedToken]) -> bool:
        """ "тізіп" in "тізіп шығыңыз", "айтып" in "айтып жіберіңдерші"."""
        folded = token.folded
        if not (folded.startswith(self._request_stems) and folded.endswith(_CONVERB_ENDINGS)):
            return False
        index = next((i for i, t in enumerate(tokens) if t is token), -1)
        following = tokens[index + 1] if 0 <= index < len(tokens) - 1 else None
        return following is not None and following.folded.endswith(self._request_endings)

    def _phatic_word(self, token: AnalyzedToken) -> bool:
        """«Жағдайың қалай?», «Денсаулығыңыз жақсы ма?»: a how-are-you word bare or with
        «your»; «жұмыс жағдайы» (working conditions) is the standard's, not phatic."""
        key = self._token_key(token)
        if self.is_polite(token):
            return True
        if key not in self._phatic:
            return False
        folded = token.folded
        return folded == key or folded.endswith(_YOUR) or folded in self._phatic_forms

    def _word(self, token: AnalyzedToken, role: Role, said: bool) -> Word:
        """`said`: the token is a word of the saying itself (a greeting, a request)."""
        if role is Role.DISCOURSE or said:
            return Word(token, Role.DISCOURSE, 0.0)
        if token.folded in self._function or (
            token.type is TokenType.WORD and len(token.folded) == 1
        ):
            return Word(token, Role.DISCOURSE, 0.0)  # a pronoun, a particle, a lone letter
        if self._attached_question(token):
            return Word(token, Role.DISCOURSE, 0.0)  # "алама", "керекпе": grammar
        if not token.verbal and token.type is TokenType.WORD and self._verbal(token):
            token = replace(token, verbal=True)
        return Word(token, role, lexicon.EVERYDAY_WEIGHT if self.everyday(token) else 1.0)

    def _verbal(self, token: AnalyzedToken) -> bool:
        folded = token.folded
        return len(folded) >= 5 and folded.endswith(self._verb_endings)

    def _attached_question(self, token: AnalyzedToken) -> bool:
        return token.folded in self._attached_forms

    def everyday(self, token: AnalyzedToken) -> bool:
        """A word of everyday life (people, time, places, common verbs): weighs less."""
        if token.type is not TokenType.WORD:
            return False
        if self._token_key(token) in self._everyday or token.folded in self._everyday:
            return True
        folded = token.folded
        return folded.startswith(self._kin) and any(
            folded.startswith(kin) and len(folded) - len(kin) <= _KIN_ENDINGS for kin in self._kin
        )

    def _settle_roles(self, clauses: list[Clause], sentences: Sequence[int]) -> list[Clause]:
        """No asking clause, or asking clauses without words of their own: the story is
        what is asked — or, when the question is a bare request after a sentence («...
        жеке құзыреттер тізімі керек. Жіберіп көмектессеңіз»), that sentence."""
        asked = [i for i, c in enumerate(clauses) if c.role is Role.ASK]
        if asked and any(_has_content(clauses[i].words) for i in asked):
            return clauses
        if any(w.role is Role.ASK and w.content for c in clauses for w in c.words):
            return clauses  # the story's words a demonstrative pointed at are asked

        request = next(
            (i for i, c in enumerate(clauses) if sentences[i] > 0 and self._bare_request(c)),
            None,
        )
        if request is not None:
            before = sentences[request] - 1
            return [
                _as_asked(c) if c.role is Role.CONTEXT and sentences[i] == before else c
                for i, c in enumerate(clauses)
            ]
        return [_as_asked(c) if c.role is Role.CONTEXT else c for c in clauses]

    def _bare_request(self, clause: Clause) -> bool:
        """A request with nothing of its own to find («Жіберіп көмектессеңіз»)."""
        tokens = [w.token for w in clause.words]
        return not _has_content(clause.words) and any(
            self.is_request(t) or self._request_converb(t, tokens) for t in tokens
        )

    def _small_talk(self, clauses: Sequence[Clause]) -> SmallTalk | None:
        words = [w for c in clauses for w in c.words]
        tokens = [w.token for w in words]
        if any(self._about_asking_word(t, tokens) for t in tokens) and not any(
            w.role is not Role.DISCOURSE and w.weight >= 1 and w.token.terms and not w.token.stop
            for w in words
        ):
            return SmallTalk.QUESTION_COMING  # "тағы бір сұрағым бар": nothing asked yet
        kept = [c for c in clauses if c.role is not Role.DISCOURSE]
        if any(not self._identity(c) for c in kept):
            return None
        if kept or any(self._identity(c) for c in clauses):
            return SmallTalk.IDENTITY  # «вы кто?»: only function words, yet a question
        if not tokens:
            return SmallTalk.NO_WORDS
        if any(self._token_key(t) in self._thanks for t in tokens):
            return SmallTalk.THANKS
        if any(self._token_key(t) in self._greetings for t in tokens):
            return SmallTalk.GREETING
        return None

    def _identity(self, clause: Clause) -> bool:
        tokens = [w.token for w in clause.words]
        addressed = any(t.folded in self._you for t in tokens) or any(
            t.folded.endswith(("сың", "сіз", "сын", "сиз")) for t in tokens
        )
        who = [t for t in tokens if self._token_key(t) in self._who or t.folded in self._who]
        return (
            addressed
            and bool(who)
            and all(
                t in who or t.folded in self._you or not t.terms or t.stop or self.asks(t)
                for t in tokens
            )
        )


_VOWELS = frozenset("аәеиоөұүуыіэюя")

_CAPITALISED = re.compile(r"(?<![\w-])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'ʼ-]+)")


def _without_names(
    words: tuple[Word, ...], text: str, standard_terms: Container[str]
) -> tuple[Word, ...]:
    """Names in the story (Айгүл, Асқар, Шымкенттегі) are its particulars: a word
    capitalised inside a clause is left out of search, unless the standard uses it (a
    specialty written with a capital: «Педагогика және психология»); a clause's first
    word may be capitalised for the sentence's or a quote's sake."""
    matches = list(_CAPITALISED.finditer(text))
    if matches and not any(c.isalpha() for c in text[: matches[0].start()]):
        matches = matches[1:]  # a clause's first word: a sentence's, or a quoted name's
        # («Тіс технигі»), or "4.1 Бухгалтерлік ..."
    found = [m.group(1).lower() for m in matches]
    if not found:
        return words
    names = set(found)
    return tuple(
        Word(w.token, Role.DISCOURSE, 0.0)
        if w.token.type is TokenType.WORD
        and w.token.surface in names
        and not (w.token.terms and w.token.terms[0] in standard_terms)
        else w
        for w in words
    )


def _has_content(words: Iterable[Word]) -> bool:
    return any(w.content for w in words)


def _as_asked(clause: Clause) -> Clause:
    words = tuple(
        w if w.role is Role.DISCOURSE else Word(w.token, Role.ASK, w.weight) for w in clause.words
    )
    return Clause(clause.text, words, Role.ASK)
