"""Reading a message with the one before it, in a private conversation.

Two things carry over, and only for a while (the caller keeps the turn with an expiry):
- the level: one the user stated ("мен 4.1 деңгейдемін") or the level of the last answer
  is applied to the next questions that name none, and the answer says so;
- the question: a follow-up ("ал 4.3 деңгейде ше?", "а для 6.1?") asks the last question
  again at its own level; a bare question ("не істеу керек?", "қалай?") right after a
  description is read together with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType

MAX_QUESTION_CHARS = 1000
FOLLOW_UP_OPENERS = ("ал", "а", "ал енді", "енді", "и", "ещё", "тағы")
FOLLOW_UP_ENDINGS = ("ше", "үшін ше", "ше?")
SELF_MARKERS = ("мен", "я", "біз")
FIRST_PERSON_ENDINGS = ("мін", "мын", "пін", "пын", "бін", "бын", "міз", "мыз", "сь")
_LEVEL = re.compile(r"(?<![\d.,])([1-9])[.,]([1-9])(?![\d]|[.,]\d)")


@dataclass(frozen=True, slots=True)
class Turn:
    """What one exchange leaves for the next: never logged, kept by the caller a while."""

    level: str | None = None
    question: str = ""

    def as_json(self) -> dict[str, str | None]:
        return {"level": self.level, "question": self.question}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Turn:
        return cls(data.get("level"), str(data.get("question") or ""))


def levels_of(tokens: list[AnalyzedToken]) -> list[str]:
    return [t.surface.replace(",", ".") for t in tokens if t.type is TokenType.LEVEL]


def stated_level(tokens: list[AnalyzedToken]) -> str | None:
    """ "мен 4.1 деңгейдемін", "4.2 деңгейдегі күтім жұмыскерімін": the writer's level."""
    levels = levels_of(tokens)
    if len(levels) != 1:
        return None
    words = [t.folded for t in tokens if t.type is TokenType.WORD]
    markers = {fold_russian_keyboard(m) for m in SELF_MARKERS}
    endings = tuple(fold_russian_keyboard(e) for e in FIRST_PERSON_ENDINGS)
    first_person = any(w in markers for w in words) or any(
        len(w) > 5 and w.endswith(endings) for w in words
    )
    return levels[0] if first_person else None


def is_follow_up(text: str, tokens: list[AnalyzedToken], content_words: int) -> bool:
    """Short, and opening with "ал"/"а" or closing with "ше", or without words of its own."""
    words = [t.folded for t in tokens if t.type is TokenType.WORD]
    if content_words > 3 or len(words) > 7:
        return False
    opener = bool(words) and words[0] in {fold_russian_keyboard(w) for w in FOLLOW_UP_OPENERS}
    ending = text.rstrip(" ?!.").lower().endswith(("ше", "ше?", "ше ?"))
    return opener or ending or content_words == 0


def with_level(question: str, level: str) -> str:
    """The question asked again at another level: its own levels replaced."""
    replaced, count = _LEVEL.subn(level, question)
    return replaced if count else f"{level} {question}"


def bounded(question: str) -> str:
    return question[:MAX_QUESTION_CHARS]
