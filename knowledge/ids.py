"""Entry ids as a small typed value, parsed in one place.

Ids are stable and readable because they travel in deep links, commands and exports:
``4.1`` (a card), ``4.1/F1`` (mandatory labour function 1), ``4.1/A1`` (additional
function 1), ``4.1/F1/T2`` (its task 2), ``4.1/requirements`` (a part of the card),
``term/7``, ``standard/order``. Code that needs the level, the function or the task of an
entry asks its `EntryId`, never the string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

CARD_PARTS = ("requirements", "competencies", "education", "conditions")
NAMESPACES = ("standard", "term", "note")

_CARD_ID = re.compile(
    r"^(?P<level>[1-9]\.[1-9])"
    r"(?:/(?P<function>[FA][1-9][0-9]?)(?:/T(?P<task>[1-9][0-9]?))?|/(?P<part>[a-z]+))?$"
)
_NAMED_ID = re.compile(r"^(?P<namespace>[a-z]+)/(?P<name>[a-z0-9_-]+)$")


@dataclass(frozen=True, slots=True, order=True)
class FunctionRef:
    """A labour function of a card: F1.. are mandatory, A1.. additional."""

    mandatory: bool
    number: int

    @classmethod
    def parse(cls, key: str) -> FunctionRef:
        if len(key) < 2 or key[0] not in "FA" or not key[1:].isdigit():
            raise ValueError(f"not a labour function key: {key!r}")
        return cls(key[0] == "F", int(key[1:]))

    def __str__(self) -> str:
        return f"{'F' if self.mandatory else 'A'}{self.number}"


@dataclass(frozen=True, slots=True)
class EntryId:
    """Where an entry sits: a card's level with its function, task or part, or a named
    entry outside the cards (``namespace`` and ``name``: ``term/7``, ``standard/order``)."""

    level: str | None = None
    function: FunctionRef | None = None
    task: int | None = None
    part: str | None = None
    namespace: str | None = None
    name: str | None = None

    @classmethod
    def parse(cls, text: str) -> EntryId:
        """The id `text` names; ValueError when it is not one."""
        card = _CARD_ID.match(text)
        if card is not None:
            part = card["part"]
            if part is not None and part not in CARD_PARTS:
                raise ValueError(f"unknown part of a card: {text!r}")
            function = FunctionRef.parse(card["function"]) if card["function"] else None
            task = int(card["task"]) if card["task"] else None
            return cls(level=card["level"], function=function, task=task, part=part)
        named = _NAMED_ID.match(text)
        if named is not None and named["namespace"] in NAMESPACES:
            return cls(namespace=named["namespace"], name=named["name"])
        raise ValueError(f"not an entry id: {text!r}")

    @classmethod
    def from_user_text(cls, text: str) -> EntryId | None:
        """An id as people type it after /card: "4,2", "4.2/f1/t3", " term/7 "."""
        key = text.strip().replace(",", ".").replace(" ", "")
        if not key:
            return None
        level, slash, rest = key.partition("/")
        upper = "/".join([level, *(piece.upper() for piece in rest.split("/"))]) if slash else key
        candidates = (key, key.lower(), upper)
        for candidate in candidates:
            try:
                return cls.parse(candidate)
            except ValueError:
                continue
        return None

    @property
    def function_key(self) -> str | None:
        """'F1' or 'A2' for a function or a task, else None."""
        return str(self.function) if self.function is not None else None

    def at_level(self, level: str) -> EntryId:
        """The same place on another card (4.1/F1/T2 -> 6.1/F1/T2)."""
        if self.level is None:
            raise ValueError(f"{self} is not on a card")
        return replace(self, level=level)

    def __str__(self) -> str:
        if self.level is None:
            return f"{self.namespace}/{self.name}"
        text = self.level
        if self.function is not None:
            text += f"/{self.function}"
            if self.task is not None:
                text += f"/T{self.task}"
        elif self.part is not None:
            text += f"/{self.part}"
        return text
