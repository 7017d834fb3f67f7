"""What the message reader makes of a message: its clauses, their roles, their words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.analysis.analyzer import AnalyzedToken


class Role(StrEnum):
    DISCOURSE = "discourse"
    CONTEXT = "context"
    ASK = "ask"


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    IDENTITY = "identity"
    """"сен кімсің", "адамсың ба әлде робот па": who the bot is."""
    QUESTION_COMING = "question_coming"
    """"тағы бір сұрағым бар": the question is in the next message."""
    NO_WORDS = "no_words"
    """Only emoji or punctuation: nothing to read."""


@dataclass(frozen=True, slots=True)
class Word:
    """A token of the message with what the reader made of it."""

    token: AnalyzedToken
    role: Role
    weight: float = 1.0
    """How much the word counts towards what is asked (everyday words less)."""

    @property
    def content(self) -> bool:
        """A word to search for: not discourse, not a stop word, with terms."""
        return self.role is not Role.DISCOURSE and bool(self.token.terms) and not self.token.stop


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    words: tuple[Word, ...]
    role: Role


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    clauses: tuple[Clause, ...]
    small_talk: SmallTalk | None = None

    @property
    def words(self) -> list[Word]:
        return [word for clause in self.clauses for word in clause.words]

    @property
    def tokens(self) -> list[AnalyzedToken]:
        return [word.token for word in self.words]

    @property
    def asked_tokens(self) -> list[AnalyzedToken]:
        """The tokens of what is asked: the whole message when nothing in it asks."""
        asked = [w.token for c in self.clauses if c.role is Role.ASK for w in c.words]
        return asked or self.tokens

    def asked_text(self) -> str:
        return " ".join(c.text for c in self.clauses if c.role is Role.ASK)
