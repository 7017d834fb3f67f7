"""Precise lookups by number: "4.2 деңгейдің 2-еңбек функциясы", "3-қосымша еңбек
функциясы", "1-міндет". The standard numbers its functions and tasks; a question that
names a number wants that one, not whatever shares its words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.ids import FunctionRef

_LABOUR = fold_russian_keyboard("еңбек")
_FUNCTION = fold_russian_keyboard("функци")
_ADDITIONAL = fold_russian_keyboard("қосымша")
_TASK = fold_russian_keyboard("міндет")


@dataclass(frozen=True, slots=True)
class Lookup:
    function: FunctionRef | None = None
    task: int | None = None


def read_lookup(tokens: Sequence[AnalyzedToken]) -> Lookup | None:
    function: FunctionRef | None = None
    task: int | None = None
    for index, token in enumerate(tokens):
        if token.type is not TokenType.NUMBER or not token.surface.isdigit():
            continue
        number = int(token.surface)
        following = [t.folded for t in tokens[index + 1 : index + 4]]
        if not 1 <= number <= 99 or not following:
            continue
        additional = following[0].startswith(_ADDITIONAL)
        rest = following[1:] if additional else following
        if len(rest) >= 2 and rest[0].startswith(_LABOUR) and rest[1].startswith(_FUNCTION):
            function = function or FunctionRef(not additional, number)
        elif rest and rest[0].startswith(_TASK) and not additional:
            task = task or number
    if function is None and task is None:
        return None
    return Lookup(function, task)
